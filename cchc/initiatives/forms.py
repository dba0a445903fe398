"""Forms of initiatives: the proposal (with up to five authors), a council, a contest, adoption."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.versioning import VersionedForm
from cchc.orgs.models import OrgUnit

from .models import Council, Field, Initiative, Scope, SolutionKind

AUTHOR_ROWS = 5
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(VersionedForm, forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500)
    field = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=Field.choices)
    solution_kind = forms.ChoiceField(label=_("Loại giải pháp"), choices=SolutionKind.choices)
    situation_before = forms.CharField(
        label=_("Tình trạng trước khi có sáng kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    solution = forms.CharField(
        label=_("Nội dung giải pháp"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    novelty = forms.CharField(label=_("Tính mới"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    first_applied_on = forms.DateField(
        label=_("Ngày áp dụng lần đầu (hoặc áp dụng thử)"), required=False, widget=DATE_INPUT
    )
    effect_before = forms.CharField(
        label=_("Số liệu trước khi áp dụng"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    effect_after = forms.CharField(
        label=_("Hiệu quả sau khi áp dụng (số liệu đo được)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    requested_scope = forms.ChoiceField(label=_("Đề nghị công nhận"), choices=Scope.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(AUTHOR_ROWS):
            self.fields[f"author_name_{i}"] = forms.CharField(
                label=_("Họ tên tác giả"), required=False, max_length=255
            )
            self.fields[f"author_position_{i}"] = forms.CharField(
                label=_("Chức vụ, đơn vị"), required=False, max_length=255
            )
            self.fields[f"author_share_{i}"] = forms.IntegerField(
                label=_("Tỷ lệ đóng góp (%)"), required=False, min_value=1, max_value=100
            )

    def author_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"author_name_{i}"], self[f"author_position_{i}"], self[f"author_share_{i}"])
            for i in range(AUTHOR_ROWS)
        ]

    def authors(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rows = []
        for i in range(AUTHOR_ROWS):
            name = (data.get(f"author_name_{i}") or "").strip()
            share = data.get(f"author_share_{i}")
            if not name and share is None:
                continue
            rows.append(
                {"name": name, "position": data.get(f"author_position_{i}") or "", "share": share or 0}
            )
        return rows

    def proposal(self) -> dict[str, Any]:
        keys = (
            "title",
            "field",
            "solution_kind",
            "situation_before",
            "solution",
            "novelty",
            "first_applied_on",
            "effect_before",
            "effect_after",
            "requested_scope",
        )
        return {k: self.cleaned_data[k] for k in keys}

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict[str, Any]:
        initial: dict[str, Any] = {
            k: getattr(initiative, k)
            for k in (
                "title",
                "field",
                "solution_kind",
                "situation_before",
                "solution",
                "novelty",
                "first_applied_on",
                "effect_before",
                "effect_after",
                "requested_scope",
            )
        }
        initial["edit_version"] = initiative.edit_version
        for i, a in enumerate(initiative.authors.all()[:AUTHOR_ROWS]):
            initial[f"author_name_{i}"] = a.name
            initial[f"author_position_{i}"] = a.position
            initial[f"author_share_{i}"] = a.share
        return initial


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("Tên hội đồng"), max_length=255)
    scope = forms.ChoiceField(label=_("Cấp"), choices=Scope.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    decision = forms.CharField(label=_("Quyết định thành lập (số, ký hiệu)"), required=False, max_length=64)
    members = forms.CharField(
        label=_("Thành viên"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng: tên đăng nhập | vai trò (chu-tich, thu-ky, uy-vien). Đúng một chủ tịch."),
    )
    criteria = forms.CharField(
        label=_("Tiêu chí chấm điểm"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng: mã | tiêu chí | điểm tối đa. Ví dụ: 1 | Tính mới | 30"),
    )


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    rules = forms.CharField(label=_("Thể lệ"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    opens_on = forms.DateField(label=_("Ngày bắt đầu nhận bài"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Hạn nộp bài"), widget=DATE_INPUT)
    rounds = forms.IntegerField(
        label=_("Số vòng chấm"),
        min_value=1,
        max_value=3,
        initial=1,
        help_text=_("Ví dụ: 2 vòng — sơ khảo, chung khảo."),
    )
    jury: forms.ModelChoiceField[Council] = forms.ModelChoiceField(
        label=_("Ban giám khảo (hội đồng)"), queryset=Council.objects.none()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Hạn nộp bài phải sau ngày bắt đầu."))
        return data


class AdoptionForm(forms.Form):
    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Đơn vị áp dụng"), queryset=OrgUnit.objects.none()
    )
    since = forms.DateField(label=_("Áp dụng từ ngày"), widget=DATE_INPUT)
    effect = forms.CharField(
        label=_("Hiệu quả đo được"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
