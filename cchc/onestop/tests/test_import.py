"""Import validation: bad rows named, nothing half-loaded, re-import updates and does not duplicate; the commands'
contract (exit 2 and one stderr line on bad input; --json one document); the upload with a column mapping."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from cchc.onestop.importing import DOSSIER_COLUMNS, ImportRejected, import_dossiers, import_procedures
from cchc.onestop.models import Dossier, ImportBatch, ImportSource, Procedure
from cchc.onestop.tables import read_table

from .helpers import PROCEDURES, TZ, csv_bytes, dossiers_csv, load_procedures, procedures_csv

pytestmark = pytest.mark.django_db

GOOD = {
    "code": "HS-1",
    "unit_code": "HP.CAP.A",
    "procedure_code": "1.001",
    "channel": "online",
    "received_at": "2026-02-13T10:00",
    "due_at": "",
    "status": "processing",
}


def _rows(n=3, **changes):
    rows = []
    for i in range(n):
        row = dict(GOOD, code=f"HS-{i}")
        rows.append(row)
    for index, values in changes.items():
        rows[int(index[1:])].update(values)
    return rows


def test_procedures_import_and_update(org):
    result = load_procedures()
    assert (result.rows, result.created, result.updated) == (len(PROCEDURES), len(PROCEDURES), 0)
    changed = [list(p) for p in PROCEDURES]
    changed[0][1] = "Đăng ký thường trú (sửa)"
    from cchc.onestop.importing import PROCEDURE_COLUMNS

    result = import_procedures(read_table(csv_bytes(PROCEDURE_COLUMNS, changed), "p.csv"))
    assert (result.created, result.updated) == (0, 1)
    assert Procedure.objects.count() == len(PROCEDURES)
    assert Procedure.objects.get(code="1.001").name.endswith("(sửa)")


def test_procedures_bad_row_rejects_the_file(org):
    from cchc.onestop.importing import PROCEDURE_COLUMNS

    rows = [list(p) for p in PROCEDURES]
    rows[2][5] = "weeks"
    with pytest.raises(ImportRejected) as exc:
        import_procedures(read_table(csv_bytes(PROCEDURE_COLUMNS, rows), "p.csv"))
    assert "dòng 4, cột processing_unit" in exc.value.vi
    assert not Procedure.objects.exists()


def test_dossiers_due_date_computed_and_reimport_updates(org):
    load_procedures()
    result = import_dossiers(read_table(dossiers_csv(_rows()), "d.csv"))
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    d = Dossier.objects.get(code="HS-0")
    assert d.due_at.isoformat() == "2026-03-03T10:00:00+00:00"  # 17:00 +07:00, 7 working days after Tết
    # Re-import: same codes, one row changed → updated, never duplicated.
    rows = _rows(r1={"status": "done", "finished_at": "2026-02-20T09:00"})
    result = import_dossiers(read_table(dossiers_csv(rows), "d.csv"))
    assert (result.created, result.updated) == (0, 1)
    assert Dossier.objects.count() == 3
    assert Dossier.objects.get(code="HS-1").status == "done"
    # An unchanged file changes nothing.
    result = import_dossiers(read_table(dossiers_csv(rows), "d.csv"))
    assert (result.created, result.updated) == (0, 0)
    assert ImportBatch.objects.filter(kind="dossiers").count() == 3


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"r1": {"unit_code": "NOPE"}}, "dòng 3, cột unit_code"),
        ({"r2": {"procedure_code": "9.999"}}, "dòng 4, cột procedure_code"),
        ({"r0": {"received_at": "hôm qua"}}, "dòng 2, cột received_at"),
        ({"r1": {"status": "done"}}, "dòng 3, cột finished_at"),
        ({"r1": {"finished_at": "2026-01-01T00:00", "status": "done"}}, "dòng 3, cột finished_at"),
        ({"r2": {"channel": "fax"}}, "dòng 4, cột channel"),
        ({"r0": {"digitized": "maybe"}}, "dòng 2, cột digitized"),
        ({"r1": {"rating": "meh"}}, "dòng 3, cột rating"),
        ({"r2": {"code": "HS-0"}}, "dòng 4, cột code"),
        ({"r1": {"supplement_requested_at": "2026-02-14T10:00"}}, "dòng 3, cột supplement_requests"),
    ],
)
def test_bad_rows_named_and_nothing_written(org, changes, where):
    load_procedures()
    import_dossiers(read_table(dossiers_csv(_rows(1)), "first.csv"))
    before = list(Dossier.objects.values_list("code", "status", "updated_at"))
    rows = _rows(3, **changes)
    rows[0]["channel"] = "postal"  # a change that must not be written either
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(dossiers_csv(rows), "bad.csv"))
    assert where in exc.value.vi, exc.value.vi
    assert "bad.csv" in exc.value.vi
    assert list(Dossier.objects.values_list("code", "status", "updated_at")) == before


def test_all_bad_rows_are_listed(org):
    load_procedures()
    rows = _rows(4, r1={"unit_code": "X"}, r3={"procedure_code": "Y"})
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(dossiers_csv(rows), "bad.csv"))
    assert [(e.row, e.field) for e in exc.value.errors] == [(3, "unit_code"), (5, "procedure_code")]
    assert "và 1 lỗi khác" in exc.value.vi


def test_xlsx_and_short_unit_codes(org):
    load_procedures()
    wb = Workbook()
    ws = wb.active
    ws.append(list(DOSSIER_COLUMNS))
    ws.append(
        [
            "X-1",
            "PC06",
            "1.002",
            "direct",
            "13/02/2026 10:00",
            "",
            "",
            "",
            "",
            "",
            "",
            1,
            0,
            1,
            1,
            0,
            0,
            0,
            "",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    import_dossiers(read_table(buf.getvalue(), "d.xlsx"))
    d = Dossier.objects.get(code="X-1")
    assert d.unit == org.pc06 and d.fee_required and d.digitized


def _run(*args, stdin=None):
    env_file = Path(__file__).resolve().parents[3] / "manage.py"
    return subprocess.run([sys.executable, str(env_file), *args], capture_output=True, text=True, timeout=120)


def test_commands_exit_2_with_one_line(tmp_path, org):
    # Through call_command (same database as the test): the contract's exit status and single stderr line.
    bad = tmp_path / "bad.csv"
    bad.write_bytes(dossiers_csv(_rows(2, r1={"unit_code": "NOPE"})))
    load_procedures()
    for args in (
        ["import_dossiers", str(bad)],
        ["import_dossiers", str(tmp_path / "missing.csv")],
        ["import_procedures", str(tmp_path / "missing.xlsx")],
        ["onestop_indicators", "--from", "2026-13-01", "--to", "2026-03-31", "--json"],
        ["onestop_indicators", "--from", "2026-01-01", "--to", "2026-03-31", "--unit", "NOPE", "--json"],
        ["onestop_indicators", "--from", "2026-04-01", "--to", "2026-03-31", "--json"],
    ):
        err = io.StringIO()
        with pytest.raises(SystemExit) as exc, _stderr(err):
            call_command(*args)
        assert exc.value.code == 2, args
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1, (args, lines)
    assert not Dossier.objects.exists()


class _stderr:
    def __init__(self, buf):
        self.buf = buf

    def __enter__(self):
        self.old = sys.stderr
        sys.stderr = self.buf

    def __exit__(self, *exc):
        sys.stderr = self.old


def test_commands_json(tmp_path, org):
    p = tmp_path / "p.csv"
    p.write_bytes(procedures_csv())
    out = io.StringIO()
    call_command("import_procedures", str(p), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "rows": 5,
        "created": 5,
        "updated": 0,
        "batch": ImportBatch.objects.get().pk,
    }
    d = tmp_path / "d.csv"
    d.write_bytes(dossiers_csv(_rows(3, r2={"unit_code": "HP.CAP.B"})))
    out = io.StringIO()
    call_command("import_dossiers", str(d), "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 3
    out = io.StringIO()
    call_command("onestop_indicators", "--from", "2026-01-01", "--to", "2026-03-31", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert out.getvalue().count("\n") == 1
    assert doc["from"] == "2026-01-01" and doc["as_of"] == "2026-03-31T23:59:59+07:00"
    assert [u["code"] for u in doc["units"]] == ["HP.CAP.A", "HP.CAP.B"]
    a = doc["units"][0]
    assert (a["in_process"], a["received"], a["on_time"], a["overdue"]) == (2, 2, 0, 2)
    assert a["indicators"][0] == {
        "code": "DOSSIER_ON_TIME",
        "numerator": 0,
        "denominator": 2,
        "ratio": 0.0,
        "score": 0.0,
        "max": 20,
    }
    out = io.StringIO()
    call_command(
        "onestop_indicators",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--unit",
        "HP.CAP.B",
        "--as-of",
        "2026-02-20T12:00",
        "--json",
        stdout=out,
    )
    doc = json.loads(out.getvalue())
    assert doc["as_of"] == "2026-02-20T12:00:00+07:00"
    assert doc["units"][0]["on_time"] == 1 and doc["units"][0]["indicators"][0]["ratio"] == 100.0


def test_upload_with_column_mapping_saved_per_source(login, personas, org):
    """The coordinator saves the mapping as a source of the unit they manage; the ward's officer then uploads with it
    (a source serves the units under its owner) but may not save one (only those who manage the owner may)."""
    load_procedures()
    c = login(personas.coordinator)
    header = ["Mã hồ sơ", "Đơn vị", "Mã TTHC", "Ngày nhận", "Kênh"]
    body = csv_bytes(header, [["M-1", "HP.CAP.A", "1.001", "2026-02-13T10:00", "online"]])
    r = c.post(
        "/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("ex.csv", body), "new_source": "Hệ thống X"}
    )
    assert r.status_code == 200 and "Chọn cột tương ứng" in r.content.decode()
    token = r.context["form"].initial["token"]
    mapping = {
        "code": "Mã hồ sơ",
        "unit_code": "Đơn vị",
        "procedure_code": "Mã TTHC",
        "received_at": "Ngày nhận",
        "channel": "Kênh",
    }
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {**mapping, "token": token, "source_name": "Hệ thống X", "file_name": "ex.csv"},
    )
    assert r.status_code == 302
    assert Dossier.objects.get(code="M-1").channel == "online"
    source = ImportSource.objects.get(name="Hệ thống X")
    assert source.mapping == mapping and source.owner == org.city
    # Next time the saved mapping is used straight away, by the ward's officer too.
    c = login(personas.ward_officer)
    body = csv_bytes(header, [["M-2", "HP.CAP.A", "1.001", "2026-02-14T10:00", "direct"]])
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("ex2.csv", body), "source": source.pk})
    assert r.status_code == 302 and Dossier.objects.count() == 2
    # Rows of a unit outside the officer's scope are rejected, with the row named.
    body = csv_bytes(header, [["M-3", "HP.CAP.B", "1.001", "2026-02-14T10:00", "direct"]])
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("ex3.csv", body), "source": source.pk})
    assert r.status_code == 200 and "không có quyền" in r.content.decode()
    assert Dossier.objects.count() == 2
    # The officer may map a file for one upload, but not save the mapping as a source.
    body = csv_bytes(["Số HS", *header[1:]], [["M-4", "HP.CAP.A", "1.001", "2026-02-14T10:00", "direct"]])
    r = c.post(
        "/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("ex4.csv", body), "new_source": "Của phường"}
    )
    token = r.context["form"].initial["token"]
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {**mapping, "code": "Số HS", "token": token, "source_name": "Của phường", "file_name": "ex4.csv"},
        follow=True,
    )
    assert Dossier.objects.filter(code="M-4").exists()
    assert "chỉ dùng cho lần nhập này" in r.content.decode()
    assert list(ImportSource.objects.values_list("name", flat=True)) == ["Hệ thống X"]


def test_mapping_step_labels_in_vietnamese_and_guesses_usual_headings(login, personas, org):
    load_procedures()
    c = login(personas.ward_officer)
    header = [
        "Số hồ sơ",
        "Mã đơn vị tiếp nhận",
        "Mã thủ tục",
        "Ngày tiếp nhận",
        "Hình thức nộp",
        "Họ tên người nộp",
    ]
    body = csv_bytes(header, [["V-1", "HP.CAP.A", "1.001", "2026-02-13T10:00", "online", "Phạm Thị Dung"]])
    r = c.post(
        "/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("khac.csv", body), "new_source": "Hệ thống Y"}
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Mã hồ sơ (code)" in page and "Ngày tiếp nhận (received_at)" in page
    form = r.context["form"]
    guessed = {name: form[name].value() for name in form.fields if name not in ("token", "source_name")}
    assert guessed["code"] == "Số hồ sơ"
    assert guessed["unit_code"] == "Mã đơn vị tiếp nhận"
    assert guessed["procedure_code"] == "Mã thủ tục"
    assert guessed["received_at"] == "Ngày tiếp nhận"
    assert guessed["channel"] == "Hình thức nộp"
    assert guessed["applicant_name"] == "Họ tên người nộp"
    # Submitting the guessed mapping imports the file, the applicant included.
    posted = {k: v for k, v in guessed.items() if v}
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {**posted, "token": form.initial["token"], "source_name": "Hệ thống Y", "file_name": "khac.csv"},
    )
    assert r.status_code == 302
    d = Dossier.objects.get(code="V-1")
    assert d.channel == "online" and d.applicant_name == "Phạm Thị Dung"


def test_a_rejected_file_names_every_bad_row(org):
    load_procedures()
    now = timezone.now().astimezone(TZ)
    good = {
        "unit_code": "HP.CAP.A",
        "procedure_code": "1.001",
        "received_at": now.isoformat(timespec="minutes"),
        "status": "processing",
    }
    rows = [
        {**good, "code": "R-1"},
        {**good, "code": "R-2", "unit_code": "NOPE"},
        {**good, "code": "R-3"},
        {**good, "code": "R-4", "channel": "fax"},
        {**good, "code": "R-5", "procedure_code": "NOPE"},
    ]
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(dossiers_csv(rows), "x.csv"))
    assert "dòng 3" in exc.value.vi and "ở dòng 5, 6" in exc.value.vi
    assert (
        exc.value.params["more"].params["rows"] == "5, 6"
    )  # translated when shown: " (and 2 more, in rows 5, 6)"
    assert "\n" not in exc.value.vi
    assert not Dossier.objects.exists()
