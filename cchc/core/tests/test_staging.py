"""Abandoned import uploads (staged for a preview, never confirmed) are deleted by the nightly job."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cchc.core.tasks import purge_staged_imports


def test_the_job_deletes_staged_files_older_than_a_day_and_keeps_fresh_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save("imports/units/7-abc.xlsx", ContentFile(b"personal data"))
    fresh = default_storage.save("imports/dossiers/7-def", ContentFile(b"code,unit_code"))
    kept = default_storage.save("plans/evidence/2026/a.pdf", ContentFile(b"%PDF"))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(Path(tmp_path) / old, (two_days_ago, two_days_ago))
    os.utime(Path(tmp_path) / kept, (two_days_ago, two_days_ago))

    assert purge_staged_imports() == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(kept)  # evidence is not staging


def test_the_job_is_scheduled():
    from procrastinate.contrib.django import app

    assert {"cchc.core.tasks.purge_staged_imports", "cchc.plans.tasks.purge_plan_import_drafts"} <= set(
        app.tasks
    )


# --- stage → load → discard ---------------------------------------------------------------------------------

import io  # noqa: E402

import pytest  # noqa: E402
from django.core import signing  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cchc.core import staging  # noqa: E402
from cchc.core.errors import DomainError  # noqa: E402
from cchc.orgs.models import OrgUnit  # noqa: E402


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def staged_files(root: Path) -> list[Path]:
    return [p for p in (root / "imports").rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_staged_bytes_come_back_to_their_owner_only(media, personas):
    token = staging.stage(b"personal data", personas.coordinator, kind="units")
    assert staging.load(token, personas.coordinator, kind="units") == b"personal data"
    with pytest.raises(staging.StagedUploadError, match="người khác tải lên") as not_yours:
        staging.load(token, personas.ward_officer, kind="units")
    assert not_yours.value.code == "staged_not_yours"
    with pytest.raises(staging.StagedUploadError, match="không hợp lệ"):
        staging.load(token, personas.coordinator, kind="dossiers")  # another importer
    with pytest.raises(staging.StagedUploadError, match="không hợp lệ"):
        staging.load(token[:-2] + "xx", personas.coordinator, kind="units")  # altered
    with pytest.raises(staging.StagedUploadError, match="không hợp lệ"):
        staging.load("../../settings", personas.coordinator, kind="units")


@pytest.mark.django_db
def test_an_expired_token_is_refused_in_vietnamese(media, personas, settings, monkeypatch):
    settings.IMPORT_STAGED_MAX_HOURS = 24
    token = staging.stage(b"x", personas.coordinator, kind="units")
    later = time.time() + 25 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(staging.StagedUploadError) as exc:
        staging.load(token, personas.coordinator, kind="units")
    assert str(exc.value) == "Phiên nhập đã hết hạn, vui lòng tải tệp lên lại."
    assert exc.value.code == "staged_expired" and isinstance(exc.value, DomainError)


@pytest.mark.django_db
def test_discard_removes_the_file_and_a_discarded_token_reads_as_expired(media, personas):
    token = staging.stage(b"x", personas.coordinator, kind="dossiers")
    assert len(staged_files(media)) == 1
    staging.discard(token)
    staging.discard(token)  # twice: nothing to do
    staging.discard("rubbish")
    assert staged_files(media) == []
    with pytest.raises(staging.StagedUploadError, match="hết hạn"):
        staging.load(token, personas.coordinator, kind="dossiers")


def _units_workbook() -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Mã ngắn", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên"])
    ws.append(["HP.CAP.S", "", "Công an phường Staging", "", "Công an xã/phường/đặc khu", "HP"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "don-vi.xlsx"
    return buf


@pytest.mark.django_db
def test_unit_import_confirm_removes_the_file_and_refuses_another_users_token(media, login, org, personas):
    preview = login(personas.coordinator).post(reverse("orgs:unit_import"), {"file": _units_workbook()})
    token = preview.context["token"]
    assert len(staged_files(media)) == 1
    # another coordinator cannot confirm (nor read) this upload
    other = login(personas.other_coordinator)
    response = other.post(reverse("orgs:unit_import"), {"token": token, "confirm": "1"}, follow=True)
    assert "người khác tải lên" in response.content.decode()
    assert not OrgUnit.objects.filter(code="HP.CAP.S").exists()
    response = login(personas.coordinator).post(reverse("orgs:unit_import"), {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert OrgUnit.objects.filter(code="HP.CAP.S").exists()
    assert staged_files(media) == []


@pytest.mark.django_db
def test_dossier_import_confirm_removes_the_file(media, login, org, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.onestop.models import Dossier
    from cchc.onestop.tests.helpers import load_procedures

    load_procedures()
    client = login(personas.coordinator)  # the login fixture switches one test client
    body = "Mã hồ sơ,Đơn vị,Mã TTHC,Ngày nhận,Kênh\nST-1,HP.CAP.A,1.001,2026-02-13T10:00,online\n".encode()
    r = client.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("ex.csv", body), "new_source": "X"})
    token = r.context["form"].initial["token"]
    assert len(staged_files(media)) == 1
    mapping = {"code": "Mã hồ sơ", "unit_code": "Đơn vị", "procedure_code": "Mã TTHC", "received_at": "Ngày nhận",
               "channel": "Kênh"}  # fmt: skip
    refused = login(personas.ward_officer).post(
        "/mot-cua/ho-so/nhap/", {**mapping, "token": token, "file_name": "ex.csv"}, follow=True
    )
    assert "người khác tải lên" in refused.content.decode() and not Dossier.objects.exists()
    r = login(personas.coordinator).post(
        "/mot-cua/ho-so/nhap/", {**mapping, "token": token, "source_name": "X", "file_name": "ex.csv"}
    )
    assert r.status_code == 302 and Dossier.objects.filter(code="ST-1").exists()
    assert staged_files(media) == []
