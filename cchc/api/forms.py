from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.dates import parse_day


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa (hệ thống sẽ dùng khóa)"), max_length=100)
    write = forms.BooleanField(label=_("Cho phép ghi dữ liệu"), required=False)
    expires_on = forms.CharField(
        label=_("Hiệu lực đến hết ngày (dd/mm/yyyy)"),
        required=False,
        help_text=_("Để trống: một năm kể từ hôm nay."),
    )

    def clean_expires_on(self) -> Any:
        text = (self.cleaned_data.get("expires_on") or "").strip()
        if not text:
            return None
        try:
            day = parse_day(text)
        except ValueError:
            raise forms.ValidationError(_("Ngày không hợp lệ (dd/mm/yyyy).")) from None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Ngày hết hạn đã qua."))
        return day
