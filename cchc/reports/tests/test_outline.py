"""Report templates as versioned data, and number parsing (pure)."""

from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.reports.outline import (
    bundled_outlines,
    format_number,
    outline_from_dict,
    outline_from_stored,
    parse_number,
)


def test_general_outline_has_the_sections_of_a_cchc_report():
    o = bundled_outlines()["cchc-dinh-ky"]
    assert [s.key for s in o.sections] == [
        "chi_dao",
        "the_che",
        "tthc",
        "bo_may",
        "cong_vu",
        "tai_chinh",
        "cpdt",
        "danh_gia",
        "phuong_huong",
        "kien_nghi",
    ]
    assert o.version == 2
    keys = {f.key: f for f in o.number_fields}
    assert [keys[k].source_field for k in ("tasks_due", "tasks_on_time", "tasks_late", "tasks_overdue")] == [
        "due",
        "done_on_time",
        "done_late",
        "overdue",
    ]
    assert all(keys[k].source == "plan_tasks" for k in ("tasks_due", "tasks_overdue"))
    # version 2: what the platform counts is never typed (issues 13, 21)
    assert (keys["inspections"].source, keys["inspections"].source_field) == ("inspections", "visits")
    assert (keys["feedback_handled"].source, keys["feedback_handled"].source_field) == ("pakn", "handled")
    assert [
        keys[f"initiatives_{k}"].source_field
        for k in ("submitted", "recognised", "recognised_province", "adopted")
    ] == [
        "submitted",
        "recognised",
        "recognised_province",
        "adopted",
    ]
    assert keys["staff_trained"].source == ""
    assert keys["satisfaction"].sum == "none"


def test_police_outline_adds_cong_an_dien_tu_and_de_an_06_after_digital_government():
    o = bundled_outlines()["cchc-cong-an"]
    keys = [s.key for s in o.sections]
    assert keys[keys.index("cpdt") + 1 : keys.index("cpdt") + 3] == ["cadt", "de_an_06"]
    assert keys[-1] == "kien_nghi"


def test_stored_outline_round_trips():
    o = bundled_outlines()["cchc-cong-an"]
    again = outline_from_stored(o.code, o.version, o.name, o.as_dict())
    assert again == o


def test_duplicate_keys_are_rejected():
    body = {"sections": [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}]}
    with pytest.raises(DomainError):
        outline_from_dict("x", body)


def test_bad_sum_rule_is_rejected():
    body = {"sections": [{"key": "a", "title": "A", "numbers": [{"key": "n", "label": "N", "sum": "avg"}]}]}
    with pytest.raises(DomainError):
        outline_from_dict("x", body)


@pytest.mark.parametrize(
    "text, value",
    [
        ("12", Decimal(12)),
        (" 1.234 ", Decimal(1234)),
        ("1 234", Decimal(1234)),
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("12.5", Decimal("12.5")),
        ("1.234.567", Decimal(1234567)),
        ("", None),
        (None, None),
        (7, Decimal(7)),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "NaN", "Infinity", "--1"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_format_number():
    assert format_number(Decimal(1234567)) == "1.234.567"
    assert format_number(Decimal("12.50")) == "12,5"
    assert format_number(0) == "0"
    assert format_number(None) == ""
