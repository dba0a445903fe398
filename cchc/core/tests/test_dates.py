"""Dates typed dd/mm/yyyy: parsing and the widgets every form uses."""

from datetime import date

import pytest
from django import forms

from cchc.core.dates import DATE_FORMATS, DATETIME_FORMATS, parse_day
from cchc.core.widgets import DateInput, DateTimeInput


@pytest.mark.parametrize("text", ["07/01/2026", "7/1/2026", "07-01-2026", "07.01.2026", " 2026-01-07 "])
def test_day_first(text):
    assert parse_day(text) == date(2026, 1, 7)


@pytest.mark.parametrize("text", ["", "31/02/2026", "2026/01/07", "01/07", "hôm nay"])
def test_unreadable_dates_raise(text):
    with pytest.raises(ValueError):
        parse_day(text)


class F(forms.Form):
    day = forms.DateField(input_formats=DATE_FORMATS, widget=DateInput())
    at = forms.DateTimeField(input_formats=DATETIME_FORMATS, widget=DateTimeInput())


def test_widgets_are_text_inputs_showing_day_first():
    form = F(initial={"day": date(2026, 1, 7)})
    html = str(form["day"])
    assert 'type="text"' in html and 'value="07/01/2026"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'type="text"' in str(form["at"]) and "dd/mm/yyyy hh:mm" in str(form["at"])
    bound = F({"day": "07-01-2026", "at": "07/01/2026 14:30"})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["day"] == date(2026, 1, 7)
    assert bound.cleaned_data["at"].strftime("%d/%m %H:%M") == "07/01 14:30"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plain_date_fields_read_the_same_formats(lang):
    """Fields without their own input_formats (model forms) read dates through config/formats, i.e. DATE_FORMATS."""
    from django.utils import translation

    with translation.override(lang):
        for text in ("07/01/2026", "07-01-2026", "07.01.2026", "2026-01-07"):
            assert forms.DateField().clean(text) == date(2026, 1, 7), text
