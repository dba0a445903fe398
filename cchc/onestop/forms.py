from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.dates import DATETIME_FORMATS as DT_FORMATS
from cchc.core.widgets import DateTimeInput
from cchc.orgs.models import OrgUnit

from .headings import DOSSIER_HEADINGS
from .importing import APPLICANT_COLUMNS, DOSSIER_COLUMNS, DOSSIER_REQUIRED
from .models import Channel, ImportSource, Procedure, Status


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .csv, .xlsx hoặc .xls"))
    source = forms.ModelChoiceField(
        ImportSource.objects.none(),
        required=False,
        label=_("Nguồn (ánh xạ cột đã lưu)"),
        empty_label=_("— Cột chuẩn —"),
    )
    new_source = forms.CharField(
        required=False,
        max_length=255,
        label=_("Hoặc đặt tên nguồn mới"),
        help_text=_("Chỉ cán bộ đầu mối lưu được nguồn mới cho đơn vị mình quản lý."),
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources if sources is not None else ImportSource.objects.none()


NATIONAL = "__national__"


class ProcedureUploadForm(forms.Form):
    owner = forms.ChoiceField(
        label=_("Nhập vào danh mục của"),
        help_text=_(
            "Thủ tục của danh mục dùng chung mà tệp có sẽ được chép thành thủ tục riêng của đơn vị; "
            "danh mục dùng chung không bị thay đổi. Cột không có trong tệp giữ nguyên giá trị đã lưu."
        ),
    )
    file = forms.FileField(label=_("Tệp .csv, .xlsx hoặc .xls"))

    def __init__(self, *args, owners=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.code, f"{u.code} — {u.name}") for u in owners]
        if national:
            choices.append((NATIONAL, _("Danh mục dùng chung toàn quốc")))
        self.fields["owner"].choices = choices


MAPPED_COLUMNS = (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS)

# What each canonical column means, in the words exports use (:mod:`cchc.onestop.headings`).
COLUMN_WORDS = DOSSIER_HEADINGS

# The choices a value of each kind may be mapped to (the rating's "none" is "_": a choice cannot be empty).
VALUE_CHOICES: dict[str, list[tuple[str, Any]]] = {
    "status": [(c.value, f"{c.label} ({c.value})") for c in Status],
    "channel": [(c.value, f"{c.label} ({c.value})") for c in Channel],
    "yesno": [("1", _("Có (1)")), ("0", _("Không (0)"))],
    "rating": [
        ("like", _("Hài lòng (like)")),
        ("dislike", _("Không hài lòng (dislike)")),
        ("_", _("Chưa đánh giá")),
    ],
}
KIND_LABELS = {
    "status": _("Trạng thái"),
    "channel": _("Hình thức nộp"),
    "yesno": _("Có/Không"),
    "rating": _("Đánh giá"),
}


def value_field_name(kind: str, text: str) -> str:
    import hashlib

    return f"val_{kind}_{hashlib.sha1(text.encode()).hexdigest()[:12]}"


def chosen_values(data: dict, unknown: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """The value mapping a bound mapping form gives for ``unknown`` (kind → text → code)."""
    out: dict[str, dict[str, str]] = {}
    for kind, texts in unknown.items():
        for text in texts:
            code = data.get(value_field_name(kind, text))
            if code:
                out.setdefault(kind, {})[text] = "" if code == "_" else code
    return out


def mapping_form(headers: list[str], initial: dict[str, str], unknown: dict[str, list[str]] | None = None):
    """A form with one select per canonical column (labelled in Vietnamese, the canonical name beside it),
    choosing a heading of the uploaded file; then one select per cell value no mapping knows yet (``unknown``:
    kind → texts), choosing its code."""
    choices = [("", _("— không có —"))] + [(h, h) for h in headers if h]
    fields: dict[str, forms.Field] = {}
    for col in MAPPED_COLUMNS:
        words = COLUMN_WORDS.get(col)
        fields[col] = forms.ChoiceField(
            choices=choices,
            required=col in DOSSIER_REQUIRED,
            label=f"{words[0]} ({col})" if words else col,
            initial=initial.get(col, ""),
        )
    for kind, texts in (unknown or {}).items():
        for text in texts:
            fields[value_field_name(kind, text)] = forms.ChoiceField(
                choices=[("", _("— chọn —"))] + VALUE_CHOICES[kind],
                label=_("%(kind)s: “%(text)s”") % {"kind": KIND_LABELS[kind], "text": text},
                required=True,
            )
    fields["token"] = forms.CharField(widget=forms.HiddenInput)
    fields["source_name"] = forms.CharField(widget=forms.HiddenInput, required=False)
    fields["source_id"] = forms.CharField(widget=forms.HiddenInput, required=False)
    return type("MappingForm", (forms.Form,), fields)


class DeskForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị tiếp nhận"))
    procedure = forms.ModelChoiceField(Procedure.objects.none(), label=_("Thủ tục hành chính"))
    channel = forms.ChoiceField(choices=Channel.choices, label=_("Hình thức nộp"))
    received_at = forms.DateTimeField(
        label=_("Tiếp nhận lúc"), input_formats=DT_FORMATS, widget=DateTimeInput()
    )
    applicant_name = forms.CharField(label=_("Người nộp hồ sơ"), max_length=255)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=64, required=False, help_text=_("Để trống để tự sinh")
    )

    def __init__(self, *args, units=None, procedures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if procedures is not None:
            self.fields["procedure"].queryset = procedures.order_by("name")


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    new_due_at = forms.DateTimeField(
        label=_("Thời gian hẹn trả kết quả lại"), input_formats=DT_FORMATS, widget=DateTimeInput()
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=255, required=False)


class PortalFigureForm(forms.Form):
    """A figure typed from the portal. Its ranges (counts not negative, ratio 0–100, score up to the maximum) are
    checked by the service, one place for every way in, with messages that name the limit."""

    code = forms.ChoiceField(label=_("Chỉ số"))
    numerator = forms.IntegerField(label=_("Tử số"), required=False)
    denominator = forms.IntegerField(label=_("Mẫu số"), required=False)
    ratio = forms.DecimalField(label=_("Tỷ lệ (%)"), required=False, max_digits=6, decimal_places=2)
    score = forms.DecimalField(label=_("Điểm"), required=False, max_digits=6, decimal_places=2)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = list(codes)
