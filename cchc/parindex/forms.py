"""Forms of the PAR index module (the score grids are parsed in the views: one field per criterion)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import User
from cchc.core.versioning import VersionedForm
from cchc.core.widgets import DateInput
from cchc.orgs.models import OrgUnit, UnitKind

from .models import Framework


class RoundForm(VersionedForm):
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=500)
    framework = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=Framework.objects.none())
    owner_unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức đánh giá"), queryset=OrgUnit.objects.none())
    unit_kinds = forms.MultipleChoiceField(
        label=_("Đánh giá mọi đơn vị thuộc đơn vị tổ chức có loại"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ví dụ: mọi phòng nghiệp vụ và Công an cấp xã; đơn vị còn hiệu lực tại ngày cuối kỳ kiểm chứng."
        ),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Và/hoặc chọn từng đơn vị"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều đơn vị."),
    )
    evidence_from = forms.DateField(label=_("Tài liệu kiểm chứng từ ngày"), widget=DateInput())
    evidence_to = forms.DateField(label=_("Tài liệu kiểm chứng đến ngày"), widget=DateInput())
    self_due = forms.DateField(label=_("Hạn tự đánh giá"), required=False, widget=DateInput())
    round1_due = forms.DateField(label=_("Hạn thẩm định lần 1"), required=False, widget=DateInput())
    explanation_due = forms.DateField(label=_("Hạn giải trình"), required=False, widget=DateInput())
    round2_due = forms.DateField(label=_("Hạn thẩm định lần 2"), required=False, widget=DateInput())
    publish_due = forms.DateField(label=_("Hạn công bố"), required=False, widget=DateInput())
    council = forms.ModelMultipleChoiceField(
        label=_("Thành viên hội đồng thẩm định"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chair = forms.ModelChoiceField(
        label=_("Chủ tịch hội đồng"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Chủ tịch hoặc Thư ký thống nhất điểm sau khi các thành viên chấm."),
    )
    secretary = forms.ModelChoiceField(
        label=_("Thư ký hội đồng"), queryset=User.objects.none(), required=False
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ ban hành quyết định công bố"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một căn cứ; để trống dùng căn cứ Thông tư số 07/2022/TT-BCA."),
    )

    def __init__(self, *args, units=None, council=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.exclude(status=Framework.Status.RETIRED)
        if units is not None:
            self.fields["owner_unit"].queryset = units
            self.fields["units"].queryset = units
        if council is not None:
            self.fields["council"].queryset = council
            self.fields["council"].label_from_instance = _council_label
            for name in ("chair", "secretary"):
                self.fields[name].queryset = council
                self.fields[name].label_from_instance = _council_label
        self.fields["units"].label_from_instance = lambda u: f"{u.code} — {u.name}"
        self.fields["owner_unit"].label_from_instance = lambda u: f"{u.code} — {u.name}"
        self.editing = editing
        if editing:
            for name in ("framework", "owner_unit"):
                del self.fields[name]
            if editing == "frozen":
                del self.fields["units"], self.fields["unit_kinds"]
            else:
                self.fields["unit_kinds"].label = _("Thêm mọi đơn vị có loại")
                self.fields["units"].label = _("Thêm đơn vị")

    DEADLINES = ("self_due", "round1_due", "explanation_due", "round2_due", "publish_due")

    def clean(self):
        data = super().clean()
        if not self.editing and not data.get("units") and not data.get("unit_kinds"):
            raise forms.ValidationError(_("Chọn đơn vị được đánh giá (theo loại hoặc từng đơn vị)."))
        start, end = data.get("evidence_from"), data.get("evidence_to")
        if start and end and end < start:
            self.add_error(
                "evidence_to", _("Ngày kết thúc phải sau ngày bắt đầu thu thập tài liệu kiểm chứng.")
            )
        # The phases follow one another: each deadline on or after the previous one that is given.
        dues = [(name, data.get(name)) for name in self.DEADLINES if name in self.fields]
        previous = None
        for name, due in dues:
            if due is None:
                continue
            if previous is not None and due < previous[1]:
                self.add_error(
                    name,
                    _("Hạn này phải từ ngày %(d)s (%(p)s) trở đi.")
                    % {"d": previous[1].strftime("%d/%m/%Y"), "p": self.fields[previous[0]].label},
                )
            else:
                previous = (name, due)
        chair = data.get("chair")
        if chair is not None and chair not in (data.get("council") or []):
            self.add_error("chair", _("Chủ tịch phải là thành viên hội đồng."))
        return data

    def assessed_units(self, owner: OrgUnit | None = None) -> list[OrgUnit]:
        """The chosen units plus every unit of the chosen kinds under the organising unit, valid at the window end."""
        from cchc.orgs.scope import valid_on_q

        d = self.cleaned_data
        chosen = {u.pk: u for u in d.get("units") or []}
        if d.get("unit_kinds"):
            owner = owner or d["owner_unit"]
            extra = (
                OrgUnit.objects.filter(path__startswith=owner.path, kind__in=d["unit_kinds"])
                .exclude(pk=owner.pk)
                .filter(valid_on_q(d["evidence_to"]))
            )
            for unit in extra:
                chosen.setdefault(unit.pk, unit)
        return sorted(chosen.values(), key=lambda u: u.path)


def _council_label(user) -> str:
    suffix = f" — {_('thẩm định')}" if getattr(user, "appraiser", 0) else ""
    return f"{user.display_name} ({user.username}){suffix}"


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp bộ tiêu chí (.xlsx hoặc .json)"))
    unit_kind = forms.ChoiceField(
        label=_("Áp dụng cho loại đơn vị"),
        choices=[("", _("Mọi loại đơn vị")), *list(UnitKind.choices)],
        required=False,
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = f.name.lower()
        if not (name.endswith((".xlsx", ".json"))):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .json."))
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB."))
        return f


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=500, required=False)
    doc_number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    doc_date = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        widget=DateInput(),
        help_text=_("Phải nằm trong thời gian thu thập tài liệu kiểm chứng của đợt."),
    )
    file = forms.FileField(
        label=_("Tệp (pdf, doc, docx, xls, xlsx, ảnh; tối đa 20 MB)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp"}
        ),
    )
    url = forms.CharField(label=_("Hoặc đường dẫn"), max_length=1000, required=False)
    record_kind = forms.ChoiceField(label=_("Hoặc hồ sơ trên hệ thống"), required=False, choices=())
    record_id = forms.CharField(label=_("Mã hồ sơ"), max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        from .models import RECORD_KINDS

        super().__init__(*args, **kwargs)
        self.fields["record_kind"].choices = [("", "—")] + [(k, v) for k, v in RECORD_KINDS.items()]


class AdjustmentForm(forms.Form):
    """Bonus points (within the framework's cap)."""

    kind = forms.CharField(widget=forms.HiddenInput, initial="bonus")
    points = forms.CharField(label=_("Điểm thưởng"), max_length=10)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class PenaltyForm(forms.Form):
    """Penalty points: a number of faults, each worth the framework's points per fault."""

    kind = forms.CharField(widget=forms.HiddenInput, initial="penalty")
    faults = forms.IntegerField(label=_("Số lỗi"), min_value=1, max_value=50, initial=1)
    reason = forms.CharField(label=_("Lý do (lỗi vi phạm)"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
