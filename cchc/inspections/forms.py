"""Forms of the inspections pages (validation of the shape; the rules are in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.widgets import DateInput
from cchc.orgs.models import OrgUnit

from .models import Checklist, TeamMember, Visit


class PlanCreateForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Đơn vị ban hành kế hoạch"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    self_inspection = forms.BooleanField(
        label=_("Kế hoạch tự kiểm tra các đơn vị trực thuộc"), required=False
    )
    basis = forms.CharField(label=_("Căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, issuers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers if issuers is not None else OrgUnit.objects.none()  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=OrgUnit.objects.none())
    office = forms.ModelChoiceField(label=_("Cơ quan kiểm tra"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Visit.Kind.choices)
    mode = forms.ChoiceField(label=_("Phương thức"), choices=Visit.Mode.choices)
    announced = forms.BooleanField(label=_("Có thông báo trước"), required=False, initial=True)
    planned_from = forms.DateField(label=_("Dự kiến từ ngày"), widget=DateInput())
    planned_to = forms.DateField(label=_("Dự kiến đến ngày"), widget=DateInput())
    checklist = forms.ModelChoiceField(label=_("Danh mục kiểm tra"), queryset=Checklist.objects.all())
    re_inspection_of = forms.ModelChoiceField(
        label=_("Tái kiểm tra cuộc kiểm tra"), queryset=Visit.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: Any = None, prior: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].queryset = qs  # type: ignore[attr-defined]
        self.fields["office"].queryset = qs  # type: ignore[attr-defined]
        self.fields["re_inspection_of"].queryset = prior if prior is not None else Visit.objects.none()  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    members = forms.CharField(
        label=_("Thành viên đoàn"),
        help_text=_(
            "Mỗi dòng một người: Họ và tên | Chức vụ, đơn vị | trưởng đoàn / phó trưởng đoàn / thành viên / thư ký"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    ROLE_WORDS = {
        "truong doan": TeamMember.Role.LEADER,
        "pho truong doan": TeamMember.Role.DEPUTY,
        "thu ky": TeamMember.Role.SECRETARY,
        "thanh vien": TeamMember.Role.MEMBER,
    }

    def rows(self) -> list[tuple[str, str, str]]:
        from cchc.core.text import fold

        out: list[tuple[str, str, str]] = []
        for line in self.cleaned_data["members"].splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            role_word = fold(parts[2]) if len(parts) > 2 else ""
            role = str(self.ROLE_WORDS.get(role_word, TeamMember.Role.MEMBER))
            out.append((parts[0], parts[1] if len(parts) > 1 else "", role))
        return out


class RecordForm(forms.Form):
    visit_date = forms.DateField(label=_("Ngày kiểm tra"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    unit_people = forms.CharField(
        label=_("Thành phần đơn vị được kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(label=_("Kết quả kiểm tra (tóm tắt)"), widget=forms.Textarea(attrs={"rows": 3}))
    unit_opinion = forms.CharField(
        label=_("Ý kiến của đơn vị được kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Tồn tại, hạn chế"), widget=forms.Textarea(attrs={"rows": 2}))
    request = forms.CharField(
        label=_("Kiến nghị, yêu cầu khắc phục"), widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Hạn khắc phục (ngày)"), required=False, widget=DateInput())
    deadline_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc kể từ ngày kết luận"), required=False, min_value=1, max_value=365
    )
    item_code = forms.CharField(label=_("Mã nội dung kiểm tra liên quan"), required=False, max_length=32)


class ConcludeForm(forms.Form):
    strengths = forms.CharField(label=_("Ưu điểm"), widget=forms.Textarea(attrs={"rows": 3}))
    report_back_date = forms.DateField(
        label=_("Hạn báo cáo kết quả khắc phục"), required=False, widget=DateInput()
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Cơ quan xây dựng"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Tên danh mục"), max_length=255)
    version = forms.CharField(label=_("Phiên bản"), max_length=32, required=False)
    lines = forms.CharField(
        label=_("Nội dung kiểm tra"),
        help_text=_(
            "Mỗi dòng một nội dung; có thể ghi nhóm trước dấu |, ví dụ: Chỉ đạo, điều hành | Ban hành kế hoạch"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners if owners is not None else OrgUnit.objects.none()  # type: ignore[attr-defined]
