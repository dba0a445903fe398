"""Dates as people type them here: dd/mm/yyyy [hh:mm] — pure, no Django (the form widgets are in
:mod:`cchc.core.widgets`). ISO forms (yyyy-mm-dd, as in links, bookmarks and older pages) are accepted too; the same
formats read Excel cells (:func:`cchc.core.excel.parse_date`) and the platform's date fields (``config/formats``).
"""

from __future__ import annotations

from datetime import date, datetime

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


def parse_day(text: str | None) -> date:
    """A date typed in one of ``DATE_FORMATS`` (d/m/yyyy too). Raises ValueError otherwise."""
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValueError(text)
