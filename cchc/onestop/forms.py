from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.dates import DATETIME_FORMATS as DT_FORMATS
from cchc.core.widgets import DateTimeInput
from cchc.orgs.models import OrgUnit

from .importing import APPLICANT_COLUMNS, DOSSIER_COLUMNS, DOSSIER_REQUIRED
from .models import Channel, ImportSource, Procedure


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))
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
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))

    def __init__(self, *args, owners=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.code, f"{u.code} — {u.name}") for u in owners]
        if national:
            choices.append((NATIONAL, _("Danh mục dùng chung toàn quốc")))
        self.fields["owner"].choices = choices


MAPPED_COLUMNS = (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS)

# What each canonical column means, in the words a one-stop system's export uses for its headings; the first
# is the label shown, the others are only used to pre-select a heading (compared accent-insensitively).
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "code": ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "Số biên nhận"),
    "unit_code": ("Mã đơn vị tiếp nhận", "Đơn vị tiếp nhận", "Mã đơn vị", "Đơn vị", "Cơ quan tiếp nhận"),
    "procedure_code": ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"),
    "channel": ("Hình thức nộp", "Kênh nộp", "Kênh tiếp nhận", "Hình thức tiếp nhận"),
    "received_at": ("Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận", "Ngày nộp"),
    "due_at": ("Ngày hẹn trả", "Hạn trả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả kết quả"),
    "finished_at": ("Ngày kết thúc", "Ngày hoàn thành", "Ngày trả kết quả", "Ngày có kết quả", "Ngày trả"),
    "status": ("Trạng thái", "Tình trạng"),
    "supplement_requests": ("Số lần yêu cầu bổ sung", "Số lần bổ sung"),
    "supplement_requested_at": ("Ngày yêu cầu bổ sung",),
    "supplement_completed_at": ("Ngày hoàn thành bổ sung", "Ngày bổ sung xong"),
    "fee_required": ("Có phí, lệ phí", "Có phí"),
    "paid_online": ("Thanh toán trực tuyến",),
    "digitized": ("Đã số hóa", "Số hóa"),
    "result_electronic": ("Kết quả điện tử",),
    "reused_data": ("Tái sử dụng dữ liệu", "Sử dụng lại dữ liệu số hóa"),
    "citizen_data": ("Dữ liệu dân cư", "Sử dụng dữ liệu dân cư"),
    "petition": ("Phản ánh, kiến nghị", "Có phản ánh"),
    "rating": ("Đánh giá", "Mức độ hài lòng"),
    "applicant_name": ("Người nộp hồ sơ", "Họ tên người nộp", "Tên người nộp", "Chủ hồ sơ", "Họ và tên"),
    "applicant_address": ("Địa chỉ", "Địa chỉ người nộp"),
    "applicant_phone": ("Số điện thoại", "Điện thoại", "SĐT"),
}


def mapping_form(headers: list[str], initial: dict[str, str]):
    """A form with one select per canonical column (labelled in Vietnamese, the canonical name beside it),
    choosing a heading of the uploaded file."""
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
