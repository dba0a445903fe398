from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .importing import DOSSIER_COLUMNS, DOSSIER_REQUIRED
from .models import Channel, ImportSource, Procedure

DT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))
    source = forms.ModelChoiceField(
        ImportSource.objects.all(),
        required=False,
        label=_("Nguồn (ánh xạ cột đã lưu)"),
        empty_label=_("— Cột chuẩn —"),
    )
    new_source = forms.CharField(required=False, max_length=255, label=_("Hoặc đặt tên nguồn mới"))


class ProcedureUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))


def mapping_form(headers: list[str], initial: dict[str, str]):
    """A form with one select per canonical column, choosing a heading of the uploaded file."""
    choices = [("", _("— không có —"))] + [(h, h) for h in headers if h]
    fields = {}
    for col in DOSSIER_COLUMNS:
        fields[col] = forms.ChoiceField(
            choices=choices, required=col in DOSSIER_REQUIRED, label=col, initial=initial.get(col, "")
        )
    fields["token"] = forms.CharField(widget=forms.HiddenInput)
    fields["source_name"] = forms.CharField(widget=forms.HiddenInput, required=False)
    return type("MappingForm", (forms.Form,), fields)


class DeskForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Đơn vị tiếp nhận"))
    procedure = forms.ModelChoiceField(Procedure.objects.order_by("name"), label=_("Thủ tục hành chính"))
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

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    new_due_at = forms.DateTimeField(
        label=_("Thời gian hẹn trả kết quả lại"), input_formats=DT_FORMATS, widget=DateTimeInput()
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=255, required=False)


class PortalFigureForm(forms.Form):
    code = forms.ChoiceField(label=_("Chỉ số"))
    numerator = forms.IntegerField(label=_("Tử số"), required=False, min_value=0)
    denominator = forms.IntegerField(label=_("Mẫu số"), required=False, min_value=0)
    ratio = forms.DecimalField(
        label=_("Tỷ lệ (%)"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    score = forms.DecimalField(label=_("Điểm"), required=False, min_value=0, decimal_places=2)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = list(codes)
