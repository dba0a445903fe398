"""Deadline expressions -> (kind, start, end), per the contract's table."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.plans.deadlines import Deadline, looks_like_deadline, parse_deadline

Y = 2026


def d(text: str):
    result = parse_deadline(text, Y)
    return result.kind, result.start, result.end


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Trước ngày 30/4/2024", date(2024, 4, 30)),
        ("Hoàn thành trước ngày 05/7/2025", date(2025, 7, 5)),
        ("31/3/2025", date(2025, 3, 31)),
        ("Chậm nhất ngày 15/01/2026", date(2026, 1, 15)),
        ("Hoàn thành trước <b>01/9/2025</b>", date(2025, 9, 1)),
        ("ngày 30 tháng 4 năm 2024", date(2024, 4, 30)),
        ("Trước ngày 15/3", date(2026, 3, 15)),
        ("Truoc ngay 30/4/2024", date(2024, 4, 30)),
        ("30-6-2026", date(2026, 6, 30)),
    ],
)
def test_date(text, end):
    assert d(text) == ("date", None, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Tháng 01/2026", date(2026, 1, 1), date(2026, 1, 31)),
        ("Chậm nhất tháng 3/2026", date(2026, 3, 1), date(2026, 3, 31)),
        ("Tháng 7-9/2026", date(2026, 7, 1), date(2026, 9, 30)),
        ("Tháng 01-5/2026", date(2026, 1, 1), date(2026, 5, 31)),
        ("Tháng 02/2025", date(2025, 2, 1), date(2025, 2, 28)),
        ("Hoàn thành trong tháng 01/2025", date(2025, 1, 1), date(2025, 1, 31)),
        ("Tháng 11", date(2026, 11, 1), date(2026, 11, 30)),
        ("Thang 3", date(2026, 3, 1), date(2026, 3, 31)),
        ("Tu thang 3/2026 dén thang 12/2026", date(2026, 3, 1), date(2026, 12, 31)),
        ("Cham nhat thang 9/2026", date(2026, 9, 1), date(2026, 9, 30)),
        ("Tháng 6 năm 2025", date(2025, 6, 1), date(2025, 6, 30)),
    ],
)
def test_month(text, start, end):
    assert d(text) == ("month", start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Quý III/2026", date(2026, 7, 1), date(2026, 9, 30)),
        ("Quý I năm 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Quy I/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Quý IV", date(2026, 10, 1), date(2026, 12, 31)),
        ("Quý 2/2025", date(2025, 4, 1), date(2025, 6, 30)),
        ("quy 1/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Thời gian hoàn thành Quý I/2025", date(2025, 1, 1), date(2025, 3, 31)),
        ("QUÝ II/2026", date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_quarter(text, start, end):
    assert d(text) == ("quarter", start, end)


def test_half_year():
    assert d("6 tháng đầu năm 2026") == ("half_year", date(2026, 1, 1), date(2026, 6, 30))
    assert d("06 tháng đầu năm") == ("half_year", date(2026, 1, 1), date(2026, 6, 30))
    assert d("6 thang cuoi nam 2025") == ("half_year", date(2025, 7, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Năm 2026", 2026),
        ("Cả năm 2026", 2026),
        ("Trong năm 2025", 2025),
        ("Ca nam 2026", 2026),
        ("Canam2026", 2026),
        ("Candm 2026", 2026),
        ("2026", 2026),
        ("Trong năm", Y),
        ("Cả năm", Y),
        ("Năm 2026 (theo chỉ đạo của BCA)", 2026),
    ],
)
def test_year(text, year):
    assert d(text) == ("year", date(year, 1, 1), date(year, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Thường xuyên",
        "Thuong xuyen",
        "THƯỜNG XUYÊN",
        "Định kỳ hằng quý, 6 tháng, năm",
        "Định kỳ 6 tháng hoặc đột xuất",
        "Định kỳ quý, 06 tháng, năm",
        "Hằng tháng",
        "Hàng năm",
        "Thời gian thực hiện thường xuyên",
        "Dinh ky thang cuoi quy",
    ],
)
def test_recurring(text):
    assert d(text) == ("recurring", date(Y, 1, 1), date(Y, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch này",
        "Ngay khi có hồ sơ trễ hẹn",
        "Ngay sau khi nhận được Quyết định công bố của Bộ trưởng Bộ Công an",
        "Sau khi có kết quả",
        "Đột xuất",
    ],
)
def test_relative(text):
    assert d(text) == ("relative", None, None)


@pytest.mark.parametrize(
    "text",
    [
        "Theo tiến độ chỉ đạo của Bộ Công an",
        "Theo yêu cầu của Bộ Công an",
        "Theo lộ trình Kế hoạch số 489/KH-CAT",
        "Theo lộ trình Kế hoạch số 489/KH- CAT ngày 05/12/2024 Công an tỉnh",
        "Theo tiến độ Nghị quyết số 131/NQ- CP, ngày 06/10/202 2",
        "Theo yêu cầu tiến độ Kế hoạch năm 2025",
        "Theo thời gian quy định",
        "Căn cứ Kế hoạch của Bộ Công an",
        "Theo kế hoạch riêng của Công an tỉnh",
        "Theo tiến độ xác định tại Thông tư số 27/2022/TT-BCA ngày 09/6/2022 của Bộ trưởng",
        "Theo chi dao cua UBND thanh pho",
    ],
)
def test_by_direction(text):
    assert d(text) == ("by_direction", None, None)


@pytest.mark.parametrize("text", ["", None, "   ", "<b></b>", "xyz", "Văn bản hướng dẫn"])
def test_unknown(text):
    assert d(text) == ("unknown", None, None)


def test_concrete_period_wins_over_direction():
    assert d("Theo Kế hoạch của Thành phố (dự kiến tháng 2/2026)") == (
        "month",
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert d("Theo Ké hoach cua Thanh pho (du kién quy 1/2026)")[0] == "quarter"


def test_most_concrete_of_several():
    assert d("Căn cứ Kế hoạch của Bộ; Hoàn thành kiểm tra trước ngày 30/6/2025") == (
        "date",
        None,
        date(2025, 6, 30),
    )
    assert d("Quý I/2026; trước ngày 15/3/2026") == ("date", None, date(2026, 3, 15))


def test_without_plan_year():
    assert parse_deadline("Thường xuyên", None) == Deadline("recurring")
    assert parse_deadline("Quý I", None) == Deadline("unknown")
    assert parse_deadline("Quý I/2026", None).end == date(2026, 3, 31)


def test_invalid_dates_are_ignored():
    assert d("31/2/2026")[0] == "unknown"
    assert d("Tháng 13/2026")[0] == "unknown"


def test_as_dict():
    assert parse_deadline("Quý III/2026", Y).as_dict() == {
        "kind": "quarter",
        "start": "2026-07-01",
        "end": "2026-09-30",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thường xuyên", True),
        ("Quý I/2026", True),
        ("Theo chỉ đạo của Bộ Công an", True),
        ("30/6/2026", True),
        ("CCHC của CATP năm 2026", False),
        ("Kế hoạch CCHC năm 2026", False),
        ("PV01", False),
        ("Theo dõi, đôn đốc việc thực hiện Kế hoạch", False),
        ("", False),
    ],
)
def test_looks_like_deadline(text, expected):
    assert looks_like_deadline(text, Y) is expected


def test_issue_14_short_date_and_impossible_dates():
    from cchc.plans.deadlines import deadline_problems

    assert parse_deadline("Trước 30/6", 2026).as_dict() == {
        "kind": "date",
        "start": None,
        "end": "2026-06-30",
    }
    assert parse_deadline("Trước ngày 30/6", 2026) == parse_deadline("Trước 30/6", 2026)
    assert parse_deadline("Chậm nhất 15/01", 2026).end == date(2026, 1, 15)
    assert deadline_problems("31/02/2026", 2026) == ["ngày “31/02/2026” không có thật trong lịch"]
    assert deadline_problems("Tháng 13/2026", 2026) == ["“Tháng 13/2026”: tháng không hợp lệ (từ 1 đến 12)"]
    assert deadline_problems("Trước 30/6", 2026) == []
    assert deadline_problems("Theo Kế hoạch số 12/KH-UBND ngày 31/02/2026", 2026) == []  # a cited document
