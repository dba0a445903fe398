"""Form widgets for dates typed dd/mm/yyyy [hh:mm] in plain text inputs.

A native date picker (``<input type="date">``) shows mm/dd/yyyy in an English browser, which reads as another day
to a Vietnamese user, so every form of the platform uses these instead (formats: :mod:`cchc.core.dates`).
"""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        super().__init__(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "size": 10, **(attrs or {})},
        )


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        super().__init__(
            format="%d/%m/%Y %H:%M",
            attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", **(attrs or {})},
        )
