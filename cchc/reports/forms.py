from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.widgets import DateInput
from cchc.orgs.models import OrgUnit, UnitGroup
from cchc.orgs.scope import manageable_units
from cchc.orgs.selectors import find_units, groups_visible_to

from .outline import bundled_outlines
from .periods import get_preset, preset_names
from .services import CUSTOM_PRESET

CUSTOM_KINDS = [
    ("q1", _("Quý I")),
    ("q2", _("Quý II")),
    ("h1", _("6 tháng đầu năm")),
    ("q3", _("Quý III")),
    ("9m", _("9 tháng")),
    ("q4", _("Quý IV")),
    ("year", _("Năm")),
    ("month", _("Hằng tháng")),
]
DATE_INPUT = DateInput()


class CycleForm(forms.Form):
    office = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Cơ quan tổng hợp (đầu mối)"))
    name = forms.CharField(label=_("Tên chu kỳ"), max_length=255, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    preset = forms.ChoiceField(label=_("Bộ quy tắc kỳ báo cáo"))
    template = forms.ChoiceField(label=_("Mẫu báo cáo"))
    group = forms.ModelChoiceField(
        queryset=UnitGroup.objects.none(), label=_("Nhóm đơn vị phải báo cáo"), required=False
    )
    subtree_root = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Hoặc/và mọi đơn vị thuộc"),
        required=False,
        help_text=_(
            "Mọi đơn vị trong cây của đơn vị này, kể cả đơn vị thành lập sau (trừ cơ quan tổng hợp)."
        ),
    )
    subtree_depth = forms.IntegerField(
        label=_("Đến cấp"),
        min_value=1,
        max_value=9,
        required=False,
        help_text=_("1: chỉ các đơn vị trực thuộc; để trống: mọi cấp."),
    )
    unit_codes = forms.CharField(
        label=_("Hoặc/và các đơn vị cụ thể"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mã, tên hoặc tên gọi khác; mỗi dòng một đơn vị."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].queryset = manageable_units(user).order_by("path")
        self.fields["office"].initial = self.fields["office"].queryset.first()  # the coordinator's own office
        self.fields["year"].initial = timezone.localdate().year
        self.fields["preset"].choices = [(c, f"{c} — {get_preset(c).name}") for c in preset_names()] + [
            (CUSTOM_PRESET, _("Quy tắc riêng (chọn kỳ và ngày hạn bên dưới)"))
        ]
        self.fields["preset"].initial = "bnv"
        self.fields["template"].choices = [(c, o.name) for c, o in bundled_outlines().items()]
        self.fields["group"].queryset = groups_visible_to(user)
        self.fields["subtree_root"].queryset = manageable_units(user).order_by("path")
        for kind, label in CUSTOM_KINDS:
            self.fields[f"due_{kind}"] = forms.IntegerField(
                label=_("Quy tắc riêng — %(k)s: hạn ngày (của tháng cuối kỳ)") % {"k": label},
                min_value=1,
                max_value=31,
                required=False,
            )

    def clean(self):
        data = super().clean()
        office = data.get("office")
        units = []
        for line in (data.get("unit_codes") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            found = find_units(line, within=office) if office else []
            if len(found) != 1:
                self.add_error("unit_codes", _("Không xác định được đúng một đơn vị: %(t)s") % {"t": line})
                continue
            units.append(found[0])
        data["units"] = units
        if not data.get("group") and not units and not data.get("subtree_root"):
            self.add_error("group", _("Chọn nhóm đơn vị, một cây đơn vị hoặc nhập các đơn vị phải báo cáo."))
        if data.get("preset") == CUSTOM_PRESET:
            data["kinds_due"] = {k: data[f"due_{k}"] for k, _l in CUSTOM_KINDS if data.get(f"due_{k}")}
            if not data["kinds_due"]:
                self.add_error("preset", _("Quy tắc riêng: nhập ngày hạn cho ít nhất một kỳ."))
        return data


class AdhocForm(forms.Form):
    title = forms.CharField(label=_("Tên báo cáo đột xuất"), max_length=255)
    content = forms.CharField(
        label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    data_from = forms.DateField(label=_("Số liệu từ ngày"), widget=DATE_INPUT)
    data_to = forms.DateField(label=_("Số liệu đến ngày"), widget=DATE_INPUT)
    due = forms.DateField(label=_("Hạn gửi"), widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("data_from") and data.get("data_to") and data["data_to"] < data["data_from"]:
            self.add_error("data_to", _("Ngày cuối phải sau ngày đầu."))
        return data


class SynthesisMetaForm(forms.Form):
    number = forms.CharField(label=_("Số"), max_length=16, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=64, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=64, required=False)
    doc_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_INPUT)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signer_authority = forms.CharField(label=_("Quyền hạn ký (KT., TL., …)"), max_length=64, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=128, required=False)


class ReportDocumentForm(forms.Form):
    """Thể thức of a unit's report: place, date, recipients, signer (NĐ 30/2020)."""

    place = forms.CharField(label=_("Địa danh"), max_length=64, required=False)
    doc_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_INPUT)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signer_authority = forms.CharField(label=_("Quyền hạn ký (KT., TL., …)"), max_length=64, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=128, required=False)


class NumberForm(forms.Form):
    on_date = forms.DateField(label=_("Ngày văn bản"), widget=DATE_INPUT)


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Bản đã ký, đóng dấu (PDF hoặc ảnh)"))


class CycleCoverageForm(forms.Form):
    """Which units must report in an existing cycle (the group, a subtree, a list)."""

    group = forms.ModelChoiceField(
        queryset=UnitGroup.objects.none(), label=_("Nhóm đơn vị phải báo cáo"), required=False
    )
    subtree_root = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Hoặc/và mọi đơn vị thuộc"), required=False
    )
    subtree_depth = forms.IntegerField(
        label=_("Đến cấp"),
        min_value=1,
        max_value=9,
        required=False,
        help_text=_("1: các đơn vị trực thuộc; trống: mọi cấp."),
    )
    unit_codes = forms.CharField(
        label=_("Hoặc/và các đơn vị cụ thể"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mã, tên hoặc tên gọi khác; mỗi dòng một đơn vị."),
    )

    def __init__(self, *args, user=None, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["group"].queryset = groups_visible_to(user)
        self.fields["subtree_root"].queryset = manageable_units(user).order_by("path")

    def clean(self):
        data = super().clean()
        units = []
        for line in (data.get("unit_codes") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            found = find_units(line, within=self.office)
            if len(found) != 1:
                self.add_error("unit_codes", _("Không xác định được đúng một đơn vị: %(t)s") % {"t": line})
                continue
            units.append(found[0])
        data["units"] = units
        if not data.get("group") and not units and not data.get("subtree_root"):
            self.add_error("group", _("Chọn nhóm đơn vị, một cây đơn vị hoặc nhập các đơn vị phải báo cáo."))
        return data
