"""Reporting periods from the preset rule data (contracts/reports.md)."""

import json
from datetime import date

import pytest

from cchc.core.errors import DomainError
from cchc.reports.periods import (
    PRESETS_PATH,
    get_preset,
    last_safe_day,
    periods_for_year,
    preset_names,
    presets_from_dict,
)
from cchc.workdays.notices import default_calendar

CONTRACT_2026 = [
    {
        "kind": "q1",
        "title": "Báo cáo quý I năm 2026",
        "data_from": "2025-12-15",
        "data_to": "2026-03-14",
        "due": "2026-03-20",
    },
    {
        "kind": "h1",
        "title": "Báo cáo 6 tháng đầu năm 2026",
        "data_from": "2025-12-15",
        "data_to": "2026-06-14",
        "due": "2026-06-20",
    },
    {
        "kind": "q3",
        "title": "Báo cáo quý III năm 2026",
        "data_from": "2026-06-15",
        "data_to": "2026-09-14",
        "due": "2026-09-20",
    },
    {
        "kind": "year",
        "title": "Báo cáo năm 2026",
        "data_from": "2025-12-15",
        "data_to": "2026-12-14",
        "due": "2026-12-20",
    },
]


def dues(preset: str, year: int = 2026) -> dict[str, str]:
    return {p.kind: p.due.isoformat() for p in periods_for_year(preset, year)}


def test_bnv_matches_contract():
    assert [p.as_json() for p in periods_for_year("bnv", 2026)] == CONTRACT_2026


def test_presets_listed():
    assert {"bnv", "catinh-soctrang", "hanoi-phuong", "haiphong"} <= set(preset_names())


@pytest.mark.parametrize("preset", ["catinh-soctrang", "hanoi-phuong", "haiphong"])
def test_windows_as_bnv(preset):
    strip = lambda ps: [(p.kind, p.title, p.data_from, p.data_to) for p in ps]  # noqa: E731
    assert strip(periods_for_year(preset, 2027)) == strip(periods_for_year("bnv", 2027))


def test_due_per_preset():
    assert dues("catinh-soctrang") == {
        "q1": "2026-03-15",
        "h1": "2026-06-15",
        "q3": "2026-09-15",
        "year": "2026-12-15",
    }
    assert dues("hanoi-phuong") == {
        "q1": "2026-03-18",
        "h1": "2026-06-18",
        "q3": "2026-09-18",
        "year": "2026-12-18",
    }
    assert dues("haiphong") == {
        "q1": "2026-03-10",
        "h1": "2026-06-10",
        "q3": "2026-09-10",
        "year": "2026-12-10",
    }


def test_other_years():
    ps = periods_for_year("bnv", 2025)
    assert ps[0].title == "Báo cáo quý I năm 2025"
    assert ps[0].data_from == date(2024, 12, 15)
    assert ps[-1].due == date(2025, 12, 20)


def test_coordinator_kinds_are_data():
    kinds = json.loads(PRESETS_PATH.read_text(encoding="utf-8"))["kinds"]
    doc = {
        "kinds": kinds,
        "presets": {
            "tinh-x": {
                "name": "Tỉnh X",
                "periods": [
                    {"kind": "month", "due": {"working_days_after_end": 2}},
                    {"kind": "q2", "due": {"day": 20}},
                    {"kind": "9m", "due": {"days_after_end": 5}},
                    {"kind": "q4", "due": {"month": 1, "day": 10, "year_offset": 1}},
                    {
                        "kind": "dot-xuat",
                        "title": "Báo cáo đợt {year}",
                        "last_month": 7,
                        "from": {"months_back": 2, "day": 1},
                        "to": {"day": 31},
                        "due": {"day": 31},
                    },
                ],
            }
        },
    }
    preset = presets_from_dict(doc)["tinh-x"]
    by_kind = {p.kind: p for p in periods_for_year(preset, 2026)}
    jan = by_kind["m01"]
    assert (jan.title, jan.data_from, jan.data_to) == (
        "Báo cáo tháng 1 năm 2026",
        date(2025, 12, 15),
        date(2026, 1, 14),
    )
    assert jan.due == date(2026, 1, 16)  # Wed 14/1 + 2 working days
    assert by_kind["m02"].due == date(2026, 2, 24)  # Sat 14/2, then Tết: 23, 24
    assert (by_kind["q2"].title, by_kind["q2"].data_from) == ("Báo cáo quý II năm 2026", date(2026, 3, 15))
    nine = by_kind["9m"]
    assert (nine.title, nine.data_from, nine.data_to, nine.due) == (
        "Báo cáo 9 tháng năm 2026",
        date(2025, 12, 15),
        date(2026, 9, 14),
        date(2026, 9, 19),
    )
    assert by_kind["q4"].data_from == date(2026, 9, 15) and by_kind["q4"].due == date(2027, 1, 10)
    assert by_kind["dot-xuat"].data_from == date(2026, 5, 1) and by_kind["dot-xuat"].data_to == date(
        2026, 7, 31
    )
    assert len(by_kind) == 16


def test_bad_rules():
    with pytest.raises(DomainError):
        get_preset("khong-co")
    with pytest.raises(DomainError):
        periods_for_year("bnv", 99999)
    bad = {
        "presets": {
            "x": {
                "periods": [
                    {
                        "kind": "q9",
                        "last_month": 13,
                        "from": {"months_back": 3, "day": 15},
                        "to": {"day": 14},
                        "title": "t",
                        "due": {"day": 20},
                    }
                ]
            }
        }
    }
    with pytest.raises(DomainError, match="preset x"):
        presets_from_dict(bad)
    with pytest.raises(DomainError):
        presets_from_dict({"presets": {"x": {"periods": [{"kind": "nothing"}]}}})


def test_last_safe_day():
    cal = default_calendar()
    assert last_safe_day(date(2026, 3, 20), cal) == date(2026, 3, 20)  # Friday
    assert last_safe_day(date(2026, 6, 20), cal) == date(2026, 6, 19)  # Saturday → Friday
    assert last_safe_day(date(2026, 9, 20), cal) == date(2026, 9, 18)  # Sunday → Friday
    assert last_safe_day(date(2026, 2, 20), cal) == date(2026, 2, 13)  # Tết → before Tết
    assert last_safe_day(date(2025, 4, 27), cal) == date(2025, 4, 26)  # worked Saturday


@pytest.mark.django_db
def test_presets_speak_to_users_not_to_developers(personas, login):
    for code in preset_names():
        preset = get_preset(code)
        for text in (preset.name, preset.source):
            assert "seed" not in text and ".md" not in text, (code, text)
    page = login(personas.coordinator).get("/bao-cao/quy-tac-ky-bao-cao/", {"preset": "haiphong"})
    text = page.content.decode()
    assert "Thành phố Hải Phòng" in text and "contracts/" not in text and "seed 00" not in text
