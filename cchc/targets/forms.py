from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.versioning import VersionedForm

from .models import Comparison


class TargetForm(VersionedForm, forms.Form):
    unit = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=100,
        help_text=_("Đơn vị trong phạm vi bạn điều phối, ví dụ HP.PC06."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    code = forms.CharField(
        label=_("Mã chỉ số"),
        max_length=80,
        help_text=_(
            "Chọn một chỉ số hệ thống tính được (gợi ý khi gõ), hoặc manual.TEN_CHI_SO cho chỉ số hệ thống chưa có "
            "số liệu."
        ),
        widget=forms.TextInput(attrs={"list": "measure-codes", "autocomplete": "off"}),
    )
    comparison = forms.ChoiceField(label=_("So sánh"), choices=Comparison.choices)
    value = forms.DecimalField(label=_("Giá trị chỉ tiêu"), max_digits=12, decimal_places=2)
    applies_to_subtree = forms.BooleanField(
        label=_("Áp dụng cho cả các đơn vị cấp dưới"),
        required=False,
        help_text=_("Mỗi đơn vị cấp dưới được đo riêng; chỉ tiêu riêng của đơn vị cấp dưới được ưu tiên."),
    )
    title = forms.CharField(label=_("Tên chỉ tiêu"), max_length=500, required=False)
    source = forms.CharField(
        label=_("Căn cứ"), max_length=500, required=False, help_text=_("Kế hoạch, quyết định giao chỉ tiêu.")
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean_unit(self) -> str:
        return str(self.cleaned_data["unit"]).strip()


class ManualValueForm(VersionedForm, forms.Form):
    manual_value = forms.DecimalField(
        label=_("Số liệu thực hiện"), max_digits=14, decimal_places=2, required=False, min_value=0
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
