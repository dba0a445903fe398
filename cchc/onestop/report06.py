"""Biểu số 06/VPCP/KSTT — "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
(TT 01/2020/TT-VPCP; methodology.md §4.5 and §9 item 21), as an Excel sheet: the rows are grouped by the cấp that
handled the dossiers — trung ương, tỉnh (sở, ban, ngành), huyện, xã, other — each group with its subtotal (I, II, …)
and one row per lĩnh vực under it (1, 2, …); the total closes the table. The cấp is the procedure's ``level`` when
it names one; when it names several ("Cấp tỉnh, cấp xã") or none, the receiving unit's own level decides.

Columns: received = new in the period (online; direct or postal) + carried over from the previous period (received
before ``from``, not finished before it); resolved in the period = early + on time + overdue (on time by the
contract's rule; early = finished, after the supplement pause, before the due day); in process at ``as_of`` =
in time + overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc.core.excel import active_sheet
from cchc.core.safe_text import safe_cell, workbook_bytes
from cchc.core.text import fold
from cchc.orgs.models import KIND_LEVEL
from cchc.workdays.calendar import VN_TZ

from .indicators import END_SQL, IN_R_SQL, ON_TIME_SQL
from .ontime import Period

_PAUSE = f"""CASE WHEN d.supplement_requested_at <= ({END_SQL}) AND d.supplement_completed_at <= ({END_SQL})
    THEN GREATEST(d.supplement_completed_at - d.supplement_requested_at, interval '0') ELSE interval '0' END"""

SQL = f"""
SELECT p.level, u.kind, coalesce(nullif(p.field, ''), 'Khác') AS field,
  count(*) FILTER (WHERE {IN_R_SQL}) AS new_total,
  count(*) FILTER (WHERE {IN_R_SQL} AND d.channel = 'online') AS new_online,
  count(*) FILTER (WHERE {IN_R_SQL} AND d.channel <> 'online') AS new_direct,
  count(*) FILTER (WHERE d.received_at < %(start)s AND (d.finished_at IS NULL OR d.finished_at >= %(start)s))
      AS carried,
  count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at <= %(as_of)s) AS done,
  count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at <= %(as_of)s AND {ON_TIME_SQL}
      AND (d.finished_at - {_PAUSE}) AT TIME ZONE 'Asia/Ho_Chi_Minh' < date_trunc('day', d.due_at AT TIME ZONE
      'Asia/Ho_Chi_Minh')) AS early,
  count(*) FILTER (WHERE d.finished_at >= %(start)s AND d.finished_at <= %(as_of)s AND {ON_TIME_SQL}) AS on_time_all,
  count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at > %(as_of)s) AND d.received_at <= %(as_of)s)
      AS open,
  count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at > %(as_of)s) AND d.received_at <= %(as_of)s
      AND {ON_TIME_SQL}) AS open_in_time
FROM onestop_dossier d JOIN onestop_procedure p ON p.id = d.procedure_id JOIN orgs_orgunit u ON u.id = d.unit_id
WHERE d.unit_id = ANY(%(units)s) AND d.received_at <= GREATEST(%(as_of)s, %(stop)s)
  AND (d.finished_at IS NULL OR d.finished_at >= %(start)s)
GROUP BY 1, 2, 3
"""

HEADERS_TOP = [
    ("STT", 1),
    ("Lĩnh vực, công việc giải quyết theo cấp", 1),
    ("Số hồ sơ nhận giải quyết", 4),
    ("Số hồ sơ đã giải quyết", 4),
    ("Số hồ sơ đang giải quyết", 3),
]
HEADERS_SUB = [
    "",
    "",
    "Tổng số",
    "Trực tuyến",
    "Trực tiếp, dịch vụ bưu chính",
    "Từ kỳ trước",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số",
    "Trong hạn",
    "Quá hạn",
]


OTHER_LEVEL = "Cấp khác"
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(frozen=True)
class Line:
    """One row of the form: a cấp (kind ``level``, numbered I, II …), a lĩnh vực under it (``field``, 1, 2 …) or the
    total (``total``); ``values`` in the column order of the form, from (3) to (13)."""

    kind: str
    stt: str | int
    label: str
    values: tuple[int, ...]

    @property
    def cells(self) -> list:
        return [self.stt, self.label, *self.values]


# The groups in the form's order, indexed by cchc.orgs.models.Level (then the rest).
LEVELS = ("Cấp trung ương", "Cấp tỉnh", "Cấp huyện", "Cấp xã", OTHER_LEVEL)
_LEVEL_WORDS = ({"bo", "uong"}, {"tinh", "so", "nganh"}, {"huyen"}, {"xa", "phuong", "khu"})


def level_ranks(level: str) -> set[int]:
    """The cấp a procedure's ``level`` text names (indexes into ``LEVELS``); "thị xã" is a district-level town."""
    text = fold(level).replace(",", " ").replace("/", " ").replace(";", " ").replace("thi xa", "huyen")
    words = set(text.split())
    return {rank for rank, names in enumerate(_LEVEL_WORDS) if words & names}


def level_of(level: str, unit_kind: str) -> int:
    """The cấp that handled a dossier: the procedure's one level, else the receiving unit's (see the docstring)."""
    ranks = level_ranks(level or "")
    if len(ranks) == 1:
        return next(iter(ranks))
    unit = KIND_LEVEL.get(unit_kind)
    if unit is not None and (not ranks or unit in ranks):
        return unit
    return min(ranks) if ranks else len(LEVELS) - 1


def _values(new_total, online, direct, carried, done, early, on_time_all, open_, open_ok) -> tuple[int, ...]:
    return (
        new_total + carried,
        online,
        direct,
        carried,
        done,
        early,
        on_time_all - early,
        done - on_time_all,
        open_,
        open_ok,
        open_ - open_ok,
    )


def _sum(rows: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    return tuple(sum(column) for column in zip(*rows, strict=True)) if rows else (0,) * 11


def lines_06(data: Iterable[tuple]) -> list[Line]:
    """Pure: the form's rows from ``(level, unit kind, field, *counts)`` tuples (the SQL's), grouped by cấp."""
    groups: dict[int, dict[str, tuple[int, ...]]] = {}
    for level, unit_kind, field, *counts in data:
        fields = groups.setdefault(level_of(level, unit_kind), {})
        values = _values(*counts)
        fields[field] = _sum([fields[field], values]) if field in fields else values
    out: list[Line] = []
    for n, rank in enumerate(sorted(groups)):
        rows = sorted(groups[rank].items(), key=lambda r: fold(r[0]))
        stt = _ROMAN[n] if n < len(_ROMAN) else str(n + 1)
        out.append(Line("level", stt, LEVELS[rank], _sum([v for _f, v in rows])))
        out.extend(Line("field", i, field, values) for i, (field, values) in enumerate(rows, start=1))
    out.append(Line("total", "", "Tổng cộng", _sum([line.values for line in out if line.kind == "level"])))
    return out


def rows_06(p: Period, unit_ids: Iterable[int]) -> list[Line]:
    """The form's rows for the units' dossiers in the period (see :func:`lines_06`)."""
    with connection.cursor() as cur:
        cur.execute(SQL, {"start": p.start, "stop": p.stop, "as_of": p.as_of, "units": list(unit_ids)})
        return lines_06(cur.fetchall())


PRESETS = ("month", "quarter", "half", "year")


def preset_period(kind: str, year: int, n: int = 1) -> tuple[date, date]:
    """The reporting periods of the form: month ``n`` (1–12), quarter ``n`` (1–4), half ``n`` (1–2: 6 months) or
    the year. ``ValueError`` for anything else."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    count = 12 // months
    if not 1 <= n <= count:
        raise ValueError(n)
    first = date(year, (n - 1) * months + 1, 1)
    end_month = n * months
    last = date(year + (end_month == 12), end_month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def workbook_06(
    unit_name: str,
    date_from,
    date_to,
    rows: list[Line],
    *,
    receiving: str = "",
    place: str = "",
    signed_on: date | None = None,
) -> bytes:
    """The form with its reporting unit (``unit_name``), receiving unit, table and signature block (người lập biểu,
    thủ trưởng đơn vị; place and date)."""
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = "Biểu 06"
    bold = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws["A1"] = safe_cell(unit_name.upper())
    ws["A1"].font = bold
    ws["J1"] = "Biểu số 06/VPCP/KSTT"
    ws["J1"].font = bold
    ws["J2"] = safe_cell(f"Đơn vị báo cáo: {unit_name}")
    if receiving:
        ws["J3"] = safe_cell(f"Đơn vị nhận báo cáo: {receiving}")
    ws.merge_cells("A3:I3")
    ws["A3"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
    ws["A3"].font = Font(bold=True, size=13)
    ws["A3"].alignment = center
    ws.merge_cells("A4:I4")
    ws["A4"] = f"(Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y})"
    ws["A4"].alignment = center
    ws["M5"] = "Đơn vị tính: Số hồ sơ"
    col = 1
    for title, span in HEADERS_TOP:
        ws.cell(row=6, column=col, value=title)
        if span > 1:
            ws.merge_cells(start_row=6, start_column=col, end_row=6, end_column=col + span - 1)
        else:
            ws.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
        col += span
    for i, title in enumerate(HEADERS_SUB, start=1):
        if title:
            ws.cell(row=7, column=i, value=title)
    for i in range(1, 14):
        ws.cell(row=8, column=i, value=f"({i})")
    for r in range(6, 9):
        for c in range(1, 14):
            cell = ws.cell(row=r, column=c)
            cell.font = bold if r < 8 else Font(italic=True)
            cell.alignment = center
            cell.border = border
    for r_index, line in enumerate(rows, start=9):
        for c_index, value in enumerate(line.cells, start=1):
            cell = ws.cell(row=r_index, column=c_index, value=safe_cell(value))
            cell.border = border
            if line.kind != "field":
                cell.font = bold
            if c_index == 1:
                cell.alignment = Alignment(horizontal="center")
    end = 9 + len(rows) + 1
    when = signed_on or datetime.now(VN_TZ).date()
    ws.cell(
        row=end, column=10, value=safe_cell(f"{place or '……'}, ngày {when:%d} tháng {when:%m} năm {when:%Y}")
    )
    ws.cell(row=end + 1, column=2, value="NGƯỜI LẬP BIỂU").font = bold
    ws.cell(row=end + 1, column=10, value="THỦ TRƯỞNG ĐƠN VỊ").font = bold
    ws.cell(row=end + 2, column=2, value="(Ký, ghi rõ họ tên)").font = Font(italic=True)
    ws.cell(row=end + 2, column=10, value="(Ký, ghi rõ họ tên, đóng dấu)").font = Font(italic=True)
    widths = [6, 40, 10, 11, 14, 10, 10, 10, 10, 10, 10, 10, 10]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[7].height = 45
    ws.freeze_panes = "C9"
    return workbook_bytes(wb)
