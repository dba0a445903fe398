"""Forms of the PAKN pages (officer entry and actions, the public form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit

from .models import REVIEW_CRITERIA, Category, Channel, ContentType, Kind, ReviewOutcome, SenderType

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (".jpg", ".jpeg", ".png", ".pdf")


class SenderFields(forms.Form):
    sender_type = forms.ChoiceField(label=_("Người gửi là"), choices=SenderType.choices, initial="citizen")
    sender_name = forms.CharField(label=_("Họ và tên (hoặc tên tổ chức)"), max_length=255)
    sender_address = forms.CharField(label=_("Địa chỉ"), max_length=500)
    sender_phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    sender_email = forms.EmailField(label=_("Thư điện tử"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, initial="phan_anh")
    title = forms.CharField(label=_("Tiêu đề"), max_length=500)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    procedure_code = forms.CharField(label=_("Mã thủ tục hành chính (nếu có)"), max_length=64, required=False)
    dossier_code = forms.CharField(label=_("Mã hồ sơ (nếu có)"), max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in contact_errors(data):
            self.add_error(field, message)
        return data


def contact_errors(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """NĐ 20/2008 Điều 7: a phone number or an e-mail address, and a phone number that looks like one."""
    errors: list[tuple[str, Any]] = []
    phone = (data.get("sender_phone") or "").strip()
    if not phone and not (data.get("sender_email") or "").strip():
        errors.append(("sender_phone", _("Xin ghi số điện thoại hoặc thư điện tử để cơ quan liên hệ.")))
    if phone and len([c for c in phone if c.isdigit()]) < 8:
        errors.append(("sender_phone", _("Số điện thoại chưa đúng.")))
    return errors


class EntryForm(SenderFields):
    """An officer enters a letter, a phone call (transcribed), an e-mail, a dialogue or the suggestion box."""

    unit = forms.ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=OrgUnit.objects.none())
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=Channel.choices, initial="direct")
    intake_note = forms.CharField(
        label=_("Nguồn cụ thể"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: hộp thư góp ý tầng 1, hội nghị đối thoại ngày…, số điện thoại đường dây nóng."),
    )
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận"),
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    category = forms.ChoiceField(label=_("Phân loại"), choices=Category.choices)
    content_type = forms.ChoiceField(
        label=_("Nội dung (Điều 5 NĐ 20/2008)"), choices=[("", "—"), *ContentType.choices], required=False
    )

    field_order = ["unit", "channel", "intake_note", "received_at", "sender_type", "sender_name"]

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            field = self.fields["unit"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = units


class PublicForm(SenderFields):
    """The public form. The receiving body is sent as its code (``unit``) and checked by the intake statement itself
    (``public_intake``: one round trip); the page lists the bodies (grouped by parent, narrowed by a search step)."""

    unit = forms.CharField(label=_("Cơ quan nhận phản ánh, kiến nghị"), max_length=64)
    field_order = ["unit", "kind", "title", "content", "procedure_code", "dossier_code"]


def clean_public(data: Any) -> dict[str, Any] | None:
    """:class:`PublicForm`'s cleaning without building a bound form (Django deep-copies every field of a form for
    each instance: most of the submit's own work in Python): the same fields, the same rules, on the form class's
    own field objects, which cleaning does not change. None when anything is wrong: the view then builds the form,
    which finds and shows the errors."""
    cleaned: dict[str, Any] = {}
    for name, field in PublicForm.base_fields.items():
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
        except forms.ValidationError:
            return None
    return None if contact_errors(cleaned) else cleaned


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    category = forms.ChoiceField(label=_("Phân loại"), choices=Category.choices)
    content_type = forms.ChoiceField(
        label=_("Nội dung (Điều 5)"), choices=[("", "—"), *ContentType.choices], required=False
    )
    procedure_code = forms.CharField(label=_("Mã TTHC"), max_length=64, required=False)
    dossier_code = forms.CharField(label=_("Mã hồ sơ"), max_length=64, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    out_of_scope = forms.BooleanField(
        label=_("Là khiếu nại, tố cáo (ngoài phạm vi NĐ 20/2008): ghi nơi hướng dẫn người gửi"),
        required=False,
    )


class ForwardForm(forms.Form):
    to_unit = forms.CharField(label=_("Mã đơn vị nhận (trên hệ thống)"), max_length=64, required=False)
    to_body = forms.CharField(
        label=_("Hoặc tên cơ quan nhận (ngoài hệ thống)"), max_length=255, required=False
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    returned = forms.BooleanField(label=_("Trả lại cơ quan đã chuyển đến"), required=False)


class TextForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50000
    )
    signer = forms.CharField(label=_("Người ký"), max_length=255, required=False)
    submit = forms.BooleanField(label=_("Trình thủ trưởng duyệt"), required=False)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả (Điều 15)"), choices=[("", "—"), *ReviewOutcome.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in REVIEW_CRITERIA:
            self.fields[f"c_{key}"] = forms.CharField(label=label, max_length=2000, required=False)


class ClockRuleForm(forms.Form):
    refuse = forms.IntegerField(label=_("Từ chối, trả lại, chuyển"), min_value=1, max_value=60, initial=2)
    supplement = forms.IntegerField(label=_("Yêu cầu bổ sung"), min_value=1, max_value=60, initial=5)
    handle = forms.IntegerField(label=_("Xử lý, có kết quả"), min_value=1, max_value=60, initial=15)
    publish = forms.IntegerField(label=_("Công khai kết quả"), min_value=1, max_value=60, initial=2)
    note = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp .csv hoặc .xlsx"))
