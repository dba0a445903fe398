"""Dates as people type them here: dd/mm/yyyy [hh:mm], in plain text inputs.

A native date picker (``<input type="date">``) shows mm/dd/yyyy in an English browser, which reads as another day
to a Vietnamese user, so every form of the platform uses these widgets instead. ISO forms (yyyy-mm-dd, as in links,
bookmarks and older pages) are still accepted.
"""

from __future__ import annotations

from datetime import date

from django import forms

# dd-mm-yyyy and dd.mm.yyyy too: a phone's keyboard may have no "/" at hand.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]


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


def parse_day(text: str | None) -> date:
    """A date typed as dd/mm/yyyy (d/m/yyyy, with "-" or "." as well) or yyyy-mm-dd. Raises ValueError otherwise."""
    text = (text or "").strip()
    for sep in "/-.":
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4 and len(parts[0]) <= 2:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    return date.fromisoformat(text)
