"""import_pakn and the UI import: validation names the bad rows, nothing is half-loaded, re-import updates by code,
no cross-unit writes, no moving a record to another unit."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from cchc.pakn.models import Record

HEAD = (
    "code,unit_code,received_at,channel,sender_type,kind,category,transferred_at,refused_at,refusal_kind,"
    "supplement_requested_at,supplemented_at,handled_at,published_at,likes,dislikes,follow_up_of,title,content,"
    "sender_name,sender_phone,sender_email,sender_address\n"
)
ROW_A = (
    "P-1,HP.CAP.A,2026-03-02T09:00,portal,citizen,phan_anh,regulation,,,,,,2026-03-10T10:00,2026-03-11T10:00,"
    "1,0,,Tiêu đề A,Nội dung,Nguyễn Văn A,0912345678,,Hải Phòng\n"
)
ROW_B = (
    "P-2,HP.CAP.B,2026-03-03T09:00,email,organisation,kien_nghi,conduct,,2026-03-04T09:00,refused,,,,,0,0,,"
    "Tiêu đề B,Nội dung,Công ty X,0912000000,,Hải Phòng\n"
)


def write(tmp_path: Path, text: str, name: str = "pakn.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(path: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import_pakn", path, "--json", stdout=out)
    return dict(json.loads(out.getvalue()))


def test_import_and_reimport_by_code(org: Any, tmp_path: Path) -> None:
    assert run(write(tmp_path, HEAD + ROW_A + ROW_B)) == {"rows": 2, "created": 2, "updated": 0}
    a = Record.objects.get(code="P-1")
    assert a.unit == org.ward and a.register_number == 1 and a.published_at is not None
    changed = ROW_A.replace(",1,0,", ",5,2,")
    assert run(write(tmp_path, HEAD + changed + ROW_B)) == {"rows": 2, "created": 0, "updated": 2}
    a.refresh_from_db()
    assert Record.objects.count() == 2 and (a.likes, a.dislikes) == (5, 2) and a.register_number == 1


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (ROW_B.replace("HP.CAP.B", "NO.UNIT"), "unit_code"),
        (ROW_B.replace(",email,", ",fax,"), "channel"),
        (ROW_B.replace("2026-03-04T09:00,refused", "2026-03-01T09:00,refused"), "refused_at"),
        (ROW_B.replace(",refused,", ",,"), "refusal_kind"),
        (
            ROW_A.replace("2026-03-10T10:00,2026-03-11T10:00", "2026-03-12T10:00,2026-03-11T10:00"),
            "published_at",
        ),
        (ROW_A.replace("P-1", "P-2"), "code"),
    ],
)
def test_one_bad_row_rejects_the_whole_file(
    org: Any, tmp_path: Path, bad: str, field: str, capsys: Any
) -> None:
    bad = bad if field == "code" else "P-9" + bad[3:]  # a new code, so the row is bad for its own reason
    with pytest.raises(SystemExit) as exc:
        run(write(tmp_path, HEAD + ROW_A + ROW_B + bad))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "dòng 4" in err and field in err
    assert not Record.objects.exists()


def test_no_cross_unit_writes_and_no_moving(org: Any, personas: Any, tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, HEAD + ROW_A + ROW_B)
    with pytest.raises(SystemExit):
        call_command("import_pakn", path, "--actor", personas.ward_officer.username)
    assert "HP.CAP.B" not in capsys.readouterr().out and not Record.objects.exists()
    run(write(tmp_path, HEAD + ROW_A))
    moved = ROW_A.replace("HP.CAP.A", "HP.CAP.B")
    with pytest.raises(SystemExit):
        run(write(tmp_path, HEAD + moved))
    assert Record.objects.get(code="P-1").unit == org.ward


def test_ui_import_with_mapping_step_and_scope(org: Any, personas: Any, login: Any) -> None:
    heads = HEAD.replace("code,unit_code,received_at", "Mã PAKN,Đơn vị,Ngày tiếp nhận")
    data = (heads + ROW_A).encode()
    client = login(personas.ward_officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(reverse("pakn:import"), {"file": SimpleUploadedFile("x.csv", data)})
    assert page.status_code == 200 and "map_unit_code" in page.content.decode()
    token = page.context["token"]
    mapping = {f"map_{c}": c for c in HEAD.strip().split(",")}
    mapping |= {"map_code": "Mã PAKN", "map_unit_code": "Đơn vị", "map_received_at": "Ngày tiếp nhận"}
    done = client.post(reverse("pakn:import"), {"token": token, "file_name": "x.csv", **mapping})
    assert done.status_code == 302 and Record.objects.get().code == "P-1"
    # a row of the sibling unit: rejected, named, nothing written
    page = client.post(reverse("pakn:import"), {"file": SimpleUploadedFile("y.csv", (HEAD + ROW_B).encode())})
    token = page.context["token"]
    mapping = {f"map_{c}": c for c in HEAD.strip().split(",")}
    refused = client.post(reverse("pakn:import"), {"token": token, "file_name": "y.csv", **mapping})
    assert refused.status_code == 200 and "phạm vi" in refused.content.decode()
    assert Record.objects.count() == 1
    assert login(personas.leader).get(reverse("pakn:import")).status_code == 403
