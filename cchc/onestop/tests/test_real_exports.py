"""Real one-stop exports import as they come (issue 16): title rows above the header, Vietnamese headings and values,
.xls, CSV in the encodings and dialects Excel writes, Excel serial dates, contradictions named per row, fees from
the procedure, the value mapping saved with the source, and a re-import that changes only what the file changed."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cchc.core.errors import DomainError
from cchc.onestop.importing import ImportRejected, import_dossiers
from cchc.onestop.models import Dossier, ImportSource
from cchc.onestop.tables import (
    decode_text,
    excel_serial,
    find_header,
    parse_datetime,
    read_table,
    sniff_delimiter,
)
from cchc.workdays.models import UnitOfficeHours

from .helpers import TZ, csv_bytes, load_procedures

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"

TITLE = [["UBND THÀNH PHỐ HẢI PHÒNG"], ["DANH SÁCH HỒ SƠ TIẾP NHẬN TỪ 01/02/2026 ĐẾN 28/02/2026"], []]
HEADER = [
    "STT",
    "Số hồ sơ",
    "Mã đơn vị tiếp nhận",
    "Mã thủ tục",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Đã số hóa",
]


def _row(i: int, **over) -> list:
    row = {
        "STT": str(i),
        "Số hồ sơ": f"IG-{i}",
        "Mã đơn vị tiếp nhận": "HP.CAP.A",
        "Mã thủ tục": "1.001",
        "Hình thức nộp": "Trực tuyến",
        "Ngày tiếp nhận": "13/02/2026 10:00",
        "Ngày có kết quả": "20/02/2026 09:00",
        "Ngày trả kết quả": "23/02/2026 09:00",
        "Trạng thái": "Đã trả kết quả",
        "Đã số hóa": "Có",
    }
    row.update(over)
    return [row[h] for h in HEADER]


def _xlsx(rows: list[list], title=TITLE) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in [*title, HEADER, *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 holds it: a precomposed letter where the code page has one (ơ, ư, ă, â, ê, ô, đ),
    else the base letter and a combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
            out += cp1258(unicodedata.normalize("NFC", parts.replace(tone, ""))) + tone.encode("cp1258")
    return bytes(out)


def _csv(rows: list[list], *, encoding="utf-8", delimiter=",") -> bytes:
    lines = [delimiter.join(cells) for cells in [*TITLE, HEADER, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


# --- reading ----------------------------------------------------------------------------------------------------


def test_header_found_below_title_rows_in_xlsx_and_line_numbers_follow_the_file():
    table = read_table(_xlsx([_row(1)]), "igate.xlsx")
    assert table.headers[:3] == ["STT", "Số hồ sơ", "Mã đơn vị tiếp nhận"]
    assert table.header_line == 4
    assert next(iter(table.rows))[1] == "IG-1"


def test_find_header_without_known_headings_takes_the_first_wide_row():
    rows = [["Báo cáo"], ["", "Kỳ: quý I"], ["A", "B", "C", "D"], ["1", "2", "3", "4"]]
    assert find_header(rows, frozenset()) == 2


def test_legacy_xls_with_title_rows_and_date_cells():
    table = read_table((DATA / "export_tieu_de.xls").read_bytes(), "export.xls")
    assert table.headers[1] == "Số hồ sơ" and table.header_line == 5
    rows = list(table.rows)
    assert rows[0][1] == "XLS-1" and rows[0][5] == "2026-02-13T10:00:00"
    assert rows[1][6] == ""


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ";"),
        ("utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        ("utf-16-le", "\t"),
        ("cp1258", ";"),  # Excel's CSV on a Vietnamese Windows
    ],
)
def test_csv_in_every_encoding_and_dialect_excel_writes(encoding, delimiter):
    body = _csv(
        [_row(1, **{"Trạng thái": "Đang xử lý", "Ngày có kết quả": "", "Ngày trả kết quả": ""})],
        encoding=encoding,
        delimiter=delimiter,
    )
    table = read_table(body, "xuat.csv")
    assert table.headers == HEADER
    row = next(iter(table.rows))
    assert row[HEADER.index("Trạng thái")] == "Đang xử lý"
    assert row[HEADER.index("Hình thức nộp")] == "Trực tuyến"


def test_decode_refuses_what_no_encoding_reads_and_sniffs_quoted_commas():
    assert decode_text(cp1258("Đã trả kết quả"), "a.csv") == "Đã trả kết quả"
    with pytest.raises(DomainError) as exc:
        decode_text(b"\x81\x8a\x8d\x8e\x8f\x90\xff\xfe"[2:] + b"\x81", "b.csv")
    assert exc.value.code == "bad_encoding"
    assert sniff_delimiter('"Phản ánh, kiến nghị";"Có, không"\n1;2\n') == ";"


def test_excel_serial_dates():
    assert excel_serial("46066.5") == datetime(2026, 2, 13, 12, 0)
    assert excel_serial("2026") is None and excel_serial("12.5") is None
    assert parse_datetime("46066.4166666667") == datetime(2026, 2, 13, 10, 0, tzinfo=TZ)


# --- importing --------------------------------------------------------------------------------------------------

MAPPING = {
    "code": "Số hồ sơ",
    "unit_code": "Mã đơn vị tiếp nhận",
    "procedure_code": "Mã thủ tục",
    "channel": "Hình thức nộp",
    "received_at": "Ngày tiếp nhận",
    "finished_at": "Ngày có kết quả",
    "status": "Trạng thái",
    "digitized": "Đã số hóa",
}


def test_vietnamese_values_import_and_the_result_date_is_the_end_of_processing(org):
    load_procedures()
    rows = [
        _row(1),
        _row(
            2,
            **{
                "Trạng thái": "Đang xử lý",
                "Ngày có kết quả": "",
                "Ngày trả kết quả": "",
                "Đã số hóa": "Không",
            },
        ),
        _row(3, **{"Hình thức nộp": "Bưu chính công ích", "Trạng thái": "Từ chối"}),
        _row(4, **{"Ngày tiếp nhận": "46066.4166666667", "Trạng thái": "Đã giải quyết"}),  # an Excel serial
    ]
    result = import_dossiers(read_table(_xlsx(rows), "igate.xlsx"), mapping=MAPPING)
    assert result.created == 4
    d1, d2, d3, d4 = (Dossier.objects.get(code=f"IG-{i}") for i in range(1, 5))
    assert (d1.channel, d1.status, d1.digitized) == ("online", "returned", True)
    assert d1.finished_at == datetime(2026, 2, 20, 9, 0, tzinfo=TZ)  # "Ngày có kết quả", not the return
    assert (d2.status, d2.finished_at, d2.digitized) == ("processing", None, False)
    assert (d3.channel, d3.status) == ("postal", "rejected")
    assert d4.received_at == datetime(2026, 2, 13, 10, 0, tzinfo=TZ) and d4.status == "done"


def test_fee_comes_from_the_procedure_when_the_file_has_no_fee_column(org):
    load_procedures()
    rows = [_row(1), _row(2, **{"Mã thủ tục": "1.002"})]  # 1.001 has a fee of 20,000; 1.002 is free
    import_dossiers(read_table(_xlsx(rows), "igate.xlsx"), mapping=MAPPING)
    assert Dossier.objects.get(code="IG-1").fee_required is True
    assert Dossier.objects.get(code="IG-2").fee_required is False


def test_an_unknown_value_is_named_and_the_value_mapping_reads_it(org):
    load_procedures()
    rows = [_row(1, **{"Trạng thái": "Đã chuyển trả một cửa"})]
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(_xlsx(rows), "igate.xlsx"), mapping=MAPPING)
    assert "dòng 5, cột status" in exc.value.vi and "Đã chuyển trả một cửa" in exc.value.vi
    result = import_dossiers(
        read_table(_xlsx(rows), "igate.xlsx"),
        mapping=MAPPING,
        values={"status": {"đã chuyển trả một cửa": "done"}},
    )
    assert result.created == 1 and Dossier.objects.get(code="IG-1").status == "done"


@pytest.mark.parametrize(
    ("over", "where", "words"),
    [
        (
            {"Ngày tiếp nhận": "13/02/2099 10:00", "Ngày có kết quả": "", "Trạng thái": "Đang xử lý"},
            "cột received_at",
            "ở tương lai",
        ),
        ({"Trạng thái": "Đang xử lý"}, "cột status", "đã có ngày kết thúc"),
        ({"Ngày có kết quả": "20/02/2099 09:00"}, "cột finished_at", "ở tương lai"),
    ],
)
def test_contradictions_are_named_per_row(org, over, where, words):
    load_procedures()
    rows = [_row(1), _row(2, **over)]
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(_xlsx(rows), "igate.xlsx"), mapping=MAPPING)
    assert f"dòng 6, {where}" in exc.value.vi and words in exc.value.vi
    assert not Dossier.objects.exists()


def test_due_before_receipt_and_supplement_without_requests_are_contradictions(org):
    load_procedures()
    header = ["code", "unit_code", "procedure_code", "received_at", "due_at", "status", "supplement_requests"]
    body = csv_bytes(
        header,
        [
            ["A-1", "HP.CAP.A", "1.001", "2026-02-13T10:00", "2026-02-12T17:00", "processing", ""],
            ["A-2", "HP.CAP.A", "1.001", "2026-02-13T10:00", "", "supplement", "0"],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(body, "a.csv"))
    fields = {(e.row, e.field) for e in exc.value.errors}
    assert fields == {(2, "due_at"), (3, "supplement_requests")}


def test_reimport_changes_only_what_the_file_changed_even_after_office_hours_changed(org):
    """14 rows imported; the unit's office hours change; a re-import where 2 rows changed updates those 2 only and
    no stored appointment moves (the file gives no due date: it was computed at the first import)."""
    load_procedures()
    rows = [_row(i, **{"Trạng thái": "Đang xử lý", "Ngày có kết quả": ""}) for i in range(1, 15)]
    import_dossiers(read_table(_xlsx(rows), "t1.xlsx"), mapping=MAPPING)
    dues = dict(Dossier.objects.values_list("code", "due_at"))
    assert {d.astimezone(TZ).hour for d in dues.values()} == {17}
    UnitOfficeHours.objects.create(unit=org.ward, periods="07:30-11:30,13:00-16:30")
    rows[0] = _row(1)  # finished now
    rows[1] = _row(2, **{"Trạng thái": "Đang xử lý", "Ngày có kết quả": "", "Đã số hóa": "Không"})
    mapping = {
        **MAPPING,
        "due_at": "Ngày hẹn trả",
    }  # a due column present but empty keeps the stored dates too
    header_rows = [[*r, ""] for r in rows]
    wb = Workbook()
    ws = wb.active
    for r in [*TITLE, [*HEADER, "Ngày hẹn trả"], *header_rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    result = import_dossiers(read_table(buf.getvalue(), "t2.xlsx"), mapping=mapping)
    assert (result.created, result.updated) == (0, 2)
    assert dict(Dossier.objects.values_list("code", "due_at")) == dues


# --- the upload: mapping once, then unattended ------------------------------------------------------------------


def test_upload_maps_columns_and_values_once_then_imports_the_next_export_unattended(login, personas, org):
    load_procedures()
    c = login(personas.coordinator)
    first = _xlsx([_row(1), _row(2, **{"Trạng thái": "Chờ trả kết quả qua bưu điện"})])
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {"file": SimpleUploadedFile("igate-02.xlsx", first), "new_source": "iGate tỉnh"},
    )
    assert r.status_code == 200
    form = r.context["form"]
    assert form["finished_at"].value() == "Ngày có kết quả"  # not "Ngày trả kết quả"
    assert form["status"].value() == "Trạng thái" and form["digitized"].value() == "Đã số hóa"
    value_fields = [n for n in form.fields if n.startswith("val_status_")]
    assert len(value_fields) == 1  # "Đã trả kết quả" is known; the unusual status is asked
    assert "Chờ trả kết quả qua bưu điện" in r.content.decode()
    posted = {n: form[n].value() for n in form.fields if form[n].value()}
    posted.update({"file_name": "igate-02.xlsx", value_fields[0]: "done"})
    r = c.post("/mot-cua/ho-so/nhap/", posted)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Dossier.objects.get(code="IG-2").status == "done"
    source = ImportSource.objects.get(name="iGate tỉnh")
    assert source.mapping["finished_at"] == "Ngày có kết quả"
    assert source.value_mapping == {"status": {"Chờ trả kết quả qua bưu điện": "done"}}
    # The next month's export, with the same unusual value, imports at once with the saved source.
    c = login(personas.ward_officer)
    nxt = _xlsx([_row(3, **{"Trạng thái": "Chờ trả kết quả qua bưu điện"}), _row(4)])
    r = c.post(
        "/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("igate-03.xlsx", nxt), "source": source.pk}
    )
    assert r.status_code == 302
    assert Dossier.objects.get(code="IG-3").status == "done" and Dossier.objects.count() == 4


def test_a_forged_value_mapping_is_not_stored(login, personas, org):
    from cchc.onestop import services

    source = services.import_source_save(
        actor=personas.coordinator,
        mapping={"code": "Số hồ sơ"},
        name="X",
        values={"status": {"A": "hacked", "B": "done"}, "evil": {"x": "y"}},
    )
    assert source.value_mapping == {"status": {"B": "done"}}


def test_the_value_mapping_of_another_organisations_source_cannot_be_changed(personas, org):
    from django.core.exceptions import PermissionDenied

    from cchc.onestop import services

    source = services.import_source_save(actor=personas.coordinator, mapping={}, name="Y")
    with pytest.raises(PermissionDenied):
        services.import_source_save(
            actor=personas.other_coordinator, mapping={}, source=source, values={"status": {"A": "done"}}
        )
    source.refresh_from_db()
    assert source.value_mapping == {}


def test_procedure_import_reads_vietnamese_headings_and_values(org):
    from cchc.onestop.importing import import_procedures
    from cchc.onestop.models import Procedure

    header = [
        "Mã TTHC",
        "Tên thủ tục",
        "Lĩnh vực",
        "Thời hạn giải quyết",
        "Đơn vị thời hạn",
        "Phí, lệ phí",
        "Mức độ trực tuyến",
        "Bưu chính công ích",
    ]
    rows = [
        ["2.001", "Cấp giấy phép X", "Giấy phép", "5", "Ngày làm việc", "50.000", "Toàn trình", "Có"],
        ["2.002", "Xác nhận Y", "Xác nhận", "4", "giờ", "0", "Một phần", "Không"],
    ]
    body = csv_bytes(header, rows)
    result = import_procedures(read_table(b"DANH MUC THU TUC HANH CHINH\r\n" + body, "tthc.csv"))
    assert result.created == 2
    p = Procedure.objects.get(code="2.001")
    assert (p.processing_amount, p.processing_unit, p.fee, p.online_level, p.postal) == (
        5,
        "working_days",
        50000,
        "full",
        True,
    )
    q = Procedure.objects.get(code="2.002")
    assert (q.processing_unit, q.online_level, q.postal) == ("hours", "partial", False)
