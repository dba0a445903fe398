"""Import and export of units from and to Excel: preview with row errors, atomic apply, scope."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cchc.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã đơn vị",
    "Mã ngắn",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Tên gọi khác",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Ghi chú",
]


def xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách đơn vị"])  # a title row above the header is tolerated
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "don-vi.xlsx"
    return buf


def upload(client, rows):
    return client.post(reverse("orgs:unit_import"), {"file": xlsx(rows)})


GOOD = [
    [
        "HP.CAP.C",
        "",
        "Công an phường Ngô Quyền",
        "CAP Ngô Quyền",
        "Công an xã/phường/đặc khu",
        "HP",
        "CA Ngô Quyền",
        "01/07/2025",
        "",
        "",
    ],
    ["HP.CAP.C.T1", "", "Tổ 1", "", "team", "HP.CAP.C", "", "", "", ""],
    [
        "HP.PC06",
        "PC06",
        "Phòng PC06 (tên mới)",
        "PC06",
        "police_department",
        "HP",
        "Phòng Cảnh sát QLHC",
        "",
        "",
        "",
    ],
]


def test_preview_writes_nothing_then_confirm_applies_everything(login, org, personas):
    client = login(personas.coordinator)
    response = upload(client, GOOD)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [r.action for r in plan.rows] == ["create", "create", "update"]
    assert not OrgUnit.objects.filter(code="HP.CAP.C").exists()
    response = client.post(reverse("orgs:unit_import"), {"token": response.context["token"], "confirm": "1"})
    assert response.status_code == 302
    c = OrgUnit.objects.get(code="HP.CAP.C")
    assert c.parent == org.city and c.valid_from.isoformat() == "2025-07-01"
    assert OrgUnit.objects.get(code="HP.CAP.C.T1").parent == c
    assert OrgUnit.objects.get(code="HP.PC06").name == "Phòng PC06 (tên mới)"
    assert list(c.aliases.values_list("name", flat=True)) == ["CA Ngô Quyền"]


def test_row_errors_are_named_and_nothing_is_written(login, org, personas):
    client = login(personas.coordinator)
    rows = [
        *GOOD,
        ["HP.CAP.C", "", "Trùng mã", "", "team", "HP", "", "", "", ""],
        ["HP.X", "", "Loại sai", "", "không có loại này", "HP", "", "", "", ""],
        ["HP.Y", "", "Cấp trên không có", "", "team", "KHONGCO", "", "", "", ""],
        ["HP.Z", "", "Ngày sai", "", "team", "HP", "", "31/02/2026", "", ""],
        ["UBHP.NEW", "", "Ngoài phạm vi", "", "department", "UBHP", "", "", "", ""],
    ]
    response = upload(client, rows)
    plan = response.context["plan"]
    assert plan.has_errors
    errors = {r.row: " ".join(r.errors) for r in plan.rows if r.errors}
    assert "trùng" in errors[6].lower()
    assert "Loại đơn vị" in errors[7]
    assert "KHONGCO" in errors[8]
    assert "dd/mm/yyyy" in errors[9]
    assert "phạm vi" in errors[10]
    response = client.post(reverse("orgs:unit_import"), {"token": response.context["token"], "confirm": "1"})
    assert not OrgUnit.objects.filter(code__in=["HP.CAP.C", "HP.X"]).exists()
    assert OrgUnit.objects.get(code="HP.PC06").name != "Phòng PC06 (tên mới)"


def test_an_unreadable_upload_says_why(login, org, personas):
    client = login(personas.coordinator)
    bad = io.BytesIO(b"this is not a workbook")
    bad.name = "x.xlsx"
    response = client.post(reverse("orgs:unit_import"), {"file": bad})
    assert "Không đọc được tệp Excel" in response.content.decode()
    other = io.BytesIO(b"a,b")
    other.name = "x.csv"
    assert "Chỉ nhận tệp Excel" in client.post(reverse("orgs:unit_import"), {"file": other}).content.decode()


def test_ward_officer_cannot_import(login, org, personas):
    client = login(personas.ward_officer)
    assert upload(client, GOOD).status_code == 403


def test_export_round_trips_through_import(login, org, personas, tmp_path):
    client = login(personas.coordinator)
    response = client.get(reverse("orgs:unit_list"), {"export": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã đơn vị"
    assert {r[0] for r in rows[1:]} == {"HP", "HP.PV01", "HP.PC06", "HP.CAP.A", "HP.CAP.B"}
    path = tmp_path / "units.xlsx"
    path.write_bytes(response.content)
    call_command("import_units", str(path))  # nothing changes: every row is "unchanged"
    assert OrgUnit.objects.count() == 8


def test_import_command_rejects_a_bad_file_whole(org, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([GOOD[0], ["HP.Q", "", "", "", "team", "HP", "", "", "", ""]]).getvalue())
    with pytest.raises(SystemExit) as exc:
        call_command("import_units", str(path))
    assert exc.value.code == 2
    assert "dòng 4" in capsys.readouterr().err
    assert not OrgUnit.objects.filter(code="HP.CAP.C").exists()


def test_import_neither_touches_nor_moves_units_of_another_organisation(login, org, personas):
    """A coordinator's file cannot rename another organisation's unit, pull it into their tree, or push one of
    their units out to another organisation: each such row is refused and nothing is written."""
    client = login(personas.coordinator)
    rows = [
        ["UBHP.SNV", "", "Sở Nội vụ (đổi tên)", "", "department", "UBHP", "", "", "", ""],
        ["UBHP.SNV.X", "", "Kéo về", "", "team", "UBHP.SNV", "", "", "", ""],
        ["HP.CAP.B", "", "Công an phường Lê Chân", "", "commune_police", "UBHP", "", "", "", ""],
        ["UBHP", "", "Ủy ban", "", "provincial_committee", "HP", "", "", "", ""],
    ]
    plan = upload(client, rows).context["plan"]
    assert [bool(r.errors) for r in plan.rows] == [True, True, True, True]
    assert all("phạm vi" in " ".join(r.errors) for r in plan.rows)
    assert OrgUnit.objects.get(code="UBHP.SNV").name == org.other_dept.name
    assert OrgUnit.objects.get(code="HP.CAP.B").parent == org.city
    assert OrgUnit.objects.get(code="UBHP").parent is None
    # The other organisation's coordinator is refused the same way for Hải Phòng police's units.
    other = login(personas.other_coordinator)
    plan = upload(other, [["HP.PC06", "", "Đổi tên", "", "police_department", "HP", "", "", "", ""]]).context[
        "plan"
    ]
    assert "phạm vi" in " ".join(plan.rows[0].errors)
    assert OrgUnit.objects.get(code="HP.PC06").name == org.pc06.name
