from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WEEKDAYS, Frequency


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Nhận bản tin"), choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Ngày trong tuần (bản tin hằng tuần)"), choices=WEEKDAYS, coerce=int, initial=0
    )
