"""Biểu số 06/VPCP/KSTT — "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC"
(TT 01/2020/TT-VPCP; methodology.md §4.5 and §9 item 21), one row per lĩnh vực, as an Excel sheet.

Columns: received = new in the period (online; direct or postal) + carried over from the previous period (received
before ``from``, not finished before it); resolved in the period = early + on time + overdue (on time by the
contract's rule; early = finished, after the supplement pause, before the due day); in process at ``as_of`` =
in time + overdue.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import connection
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .indicators import END_SQL, IN_R_SQL, ON_TIME_SQL
from .ontime import Period

_PAUSE = f"""CASE WHEN d.supplement_requested_at <= ({END_SQL}) AND d.supplement_completed_at <= ({END_SQL})
    THEN GREATEST(d.supplement_completed_at - d.supplement_requested_at, interval '0') ELSE interval '0' END"""

SQL = f"""
SELECT coalesce(nullif(p.field, ''), 'Khác') AS field,
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
FROM onestop_dossier d JOIN onestop_procedure p ON p.id = d.procedure_id
WHERE d.unit_id = ANY(%(units)s) AND d.received_at <= GREATEST(%(as_of)s, %(stop)s)
  AND (d.finished_at IS NULL OR d.finished_at >= %(start)s)
GROUP BY 1 ORDER BY 1
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


def rows_06(p: Period, unit_ids: Iterable[int]) -> list[list]:
    """One list per lĩnh vực in the column order of the form (STT and the name first), then the total row."""
    with connection.cursor() as cur:
        cur.execute(SQL, {"start": p.start, "stop": p.stop, "as_of": p.as_of, "units": list(unit_ids)})
        data = cur.fetchall()
    out = []
    totals = [0] * 11
    for n, (field, new_total, online, direct, carried, done, early, on_time_all, open_, open_ok) in enumerate(
        data, start=1
    ):
        values = [
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
        ]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        out.append([n, field, *values])
    out.append(["", "Tổng cộng", *totals])
    return out


def workbook_06(unit_name: str, date_from, date_to, rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    bold = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws["A1"] = unit_name.upper()
    ws["A1"].font = bold
    ws["J1"] = "Biểu số 06/VPCP/KSTT"
    ws["J1"].font = bold
    ws.merge_cells("A3:M3")
    ws["A3"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
    ws["A3"].font = Font(bold=True, size=13)
    ws["A3"].alignment = center
    ws.merge_cells("A4:M4")
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
    for r_index, row in enumerate(rows, start=9):
        for c_index, value in enumerate(row, start=1):
            cell = ws.cell(row=r_index, column=c_index, value=value)
            cell.border = border
            if r_index == 8 + len(rows):
                cell.font = bold
    widths = [6, 40, 10, 11, 14, 10, 10, 10, 10, 10, 10, 10, 10]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[7].height = 45
    ws.freeze_panes = "C9"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
