"""Imports are bounded: every importer, on its page and on the command line, refuses a hostile file — a zip bomb, an
XML entity bomb, a sheet whose two cells stand for billions, too many rows, sheets or lines — with a Vietnamese
message naming the cap: no error page, nothing written, little memory.

The zip and entity bombs meet the real caps (IMPORT_LIMITS): they are refused from the zip's directory, or from the
first kilobytes of a part, before any parser inflates them. Rows, sheets and lines meet lowered caps (the same checks,
small files); ``test_the_web_refuses_200_001_dossiers`` uses the real row cap.
"""

from __future__ import annotations

import copy
import html
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cchc.onestop.importing import DOSSIER_COLUMNS, PROCEDURE_COLUMNS
from cchc.pakn.importing import COLUMNS as PAKN_COLUMNS
from tests import bombs

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
REAL_LIMITS = copy.deepcopy(
    django_settings.IMPORT_LIMITS
)  # config/settings/base.py, before any test lowers them

# --- the hostile files ------------------------------------------------------------------------------------------

LOW = {"rows": 300, "sheets": 5, "paragraphs": 300}  # lowered caps for rows, sheets, lines (web)
LOW_COMMAND = {"rows": 600, "sheets": 10, "paragraphs": 600}  # ... and for commands: still above the web's
OVER = 601  # rows / lines in the "too many" files: over both


HEADINGS = list(dict.fromkeys([*PROCEDURE_COLUMNS, *DOSSIER_COLUMNS, "Mã đơn vị", "Tên đơn vị", "token"]))


@pytest.fixture(scope="module")
def files():
    """name -> (suffix, bytes, what the message must say on the web, ... on the command line)."""
    return {
        "xlsx zip bomb": (
            ".xlsx",
            bombs.xlsx_zip_bomb(),
            ("vượt giới hạn 200 MB khi giải nén", "vượt giới hạn 30 MB khi giải nén"),
            ("nở ra hơn 100 lần", "vượt giới hạn 100 MB khi giải nén"),
        ),
        "docx zip bomb": (
            ".docx",
            bombs.docx_zip_bomb(),
            ("vượt giới hạn 30 MB khi giải nén",),
            ("nở ra hơn 100 lần",),
        ),
        "xlsx entity bomb": (".xlsx", bombs.xlsx_entity_bomb(), ("khai báo DTD",), ("khai báo DTD",)),
        "docx entity bomb": (".docx", bombs.docx_entity_bomb(), ("khai báo DTD",), ("khai báo DTD",)),
        "xlsx far cell": (
            ".xlsx",
            bombs.xlsx_far_cell(HEADINGS),  # the headings every importer looks for, so that it reads on
            ("vượt giới hạn 5.000.000 ô dữ liệu", "vượt giới hạn 200.000 ô bảng", "vượt giới hạn 300 dòng"),
            (
                "vượt giới hạn 50.000.000 ô dữ liệu",
                "vượt giới hạn 1.000.000 ô bảng",
                "vượt giới hạn 600 dòng",
            ),
        ),
        "xlsx rows": (
            ".xlsx",
            bombs.xlsx_rows(OVER),
            ("vượt giới hạn 300 dòng",),
            ("vượt giới hạn 600 dòng",),
        ),
        "xlsx sheets": (
            ".xlsx",
            bombs.xlsx_sheets(11),
            ("vượt giới hạn 5 trang tính",),
            ("vượt giới hạn 10 trang tính",),
        ),
        "csv rows": (".csv", None, ("vượt giới hạn 300 dòng",), ("vượt giới hạn 600 dòng",)),
        "txt lines": (
            ".txt",
            bombs.text_lines(OVER),
            ("vượt giới hạn 300 dòng văn bản",),
            ("vượt giới hạn 600 dòng văn bản",),
        ),
    }


CSV_HEADERS = {
    "procedures": list(PROCEDURE_COLUMNS),
    "dossiers": list(DOSSIER_COLUMNS),
    "paper": ["token", "submitted_at", "q1"],
    "pakn": list(PAKN_COLUMNS),
}


@pytest.fixture(autouse=True)
def lowered_caps(settings):
    limits = copy.deepcopy(REAL_LIMITS)
    limits["web"].update(LOW)
    limits["command"].update(LOW_COMMAND)
    settings.IMPORT_LIMITS = limits


# --- the importers ----------------------------------------------------------------------------------------------

# importer -> the suffixes it takes
WEB = {
    "units": (".xlsx",),
    "plan": (".xlsx", ".docx", ".txt"),
    "progress sheet": (".xlsx",),
    "framework": (".xlsx",),
    "procedures": (".xlsx", ".csv"),
    "dossiers": (".xlsx", ".csv"),
    "paper": (".xlsx", ".csv"),
    "pakn": (".xlsx", ".csv"),
    "targets": (".xlsx",),
}
COMMANDS = {
    "units": ("import_units", (".xlsx",), ()),
    "plan": ("import_plan", (".xlsx", ".docx", ".txt"), ("--json",)),
    "framework": ("parindex_evaluate", (".xlsx",), ("--json",)),
    "procedures": ("import_procedures", (".xlsx", ".csv"), ()),
    "dossiers": ("import_dossiers", (".xlsx", ".csv"), ()),
    "paper": ("import_survey_responses", (".xlsx", ".csv"), ()),
    "pakn": ("import_pakn", (".xlsx", ".csv"), ()),
}


BOMB_SUFFIXES = {
    "xlsx zip bomb": ".xlsx",
    "docx zip bomb": ".docx",
    "xlsx entity bomb": ".xlsx",
    "docx entity bomb": ".docx",
    "xlsx far cell": ".xlsx",
    "xlsx rows": ".xlsx",
    "xlsx sheets": ".xlsx",
    "csv rows": ".csv",
    "txt lines": ".txt",
}
WEB_COMBOS = [(i, b) for i, suffixes in WEB.items() for b, s in BOMB_SUFFIXES.items() if s in suffixes]
COMMAND_COMBOS = [(i, b) for i, spec in COMMANDS.items() for b, s in BOMB_SUFFIXES.items() if s in spec[1]]


def _content(files, importer: str, bomb: str) -> tuple[str, bytes]:
    suffix, data, _web, _command = files[bomb]
    if data is None:  # a CSV with the importer's own header, so that its rows get read
        data = bombs.csv_rows(CSV_HEADERS[importer], OVER)
    return suffix, data


def _written() -> dict[str, int]:
    from cchc.onestop.models import Dossier, ImportBatch, Procedure
    from cchc.orgs.models import OrgUnit
    from cchc.pakn.models import Record as PaknRecord
    from cchc.parindex.models import Framework
    from cchc.plans.models import Plan, PlanImportDraft, ProgressUpdate
    from cchc.surveys.models import Response
    from cchc.targets.models import Target

    counts = {
        m.__name__: m.objects.count()
        for m in (
            OrgUnit,
            Plan,
            PlanImportDraft,
            ProgressUpdate,
            Framework,
            Procedure,
            Dossier,
            ImportBatch,
            Response,
            PaknRecord,
            Target,
        )
    }
    staged = Path(django_settings.MEDIA_ROOT) / "imports"
    counts["staged files"] = sum(1 for p in staged.rglob("*") if p.is_file()) if staged.exists() else 0
    return counts


@pytest.fixture
def paper_point(org):
    from datetime import timedelta

    from django.utils import timezone

    from cchc.surveys import services

    services.survey_create(
        title="Khảo sát",
        questionnaire="sipas_citizen:1",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=3),
    )
    return services.service_point_create(unit=org.pc06, name="Bộ phận một cửa PC06")


def _post(client, importer: str, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    if importer == "units":
        return client.post(_url("orgs:unit_import"), {"file": upload})
    if importer == "plan":
        return client.post("/ke-hoach/nhap/", {"issuer": "HP", "year": 2026, "file": upload})
    if importer == "progress sheet":
        return client.post("/ke-hoach/nhiem-vu-cua-toi/excel/", {"file": upload}, follow=True)
    if importer == "framework":
        return client.post(_url("parindex:framework_import"), {"file": upload, "unit_kind": ""})
    if importer == "procedures":
        return client.post(_url("onestop:procedure_import"), {"file": upload, "owner": "HP"})
    if importer == "dossiers":
        return client.post(_url("onestop:dossier_import"), {"file": upload, "new_source": ""})
    if importer == "paper":
        return client.post("/khao-sat/phieu-giay/", {"file": upload})
    if importer == "pakn":
        return client.post(_url("pakn:import"), {"file": upload})
    if importer == "targets":
        return client.post(_url("targets:import"), {"file": upload})
    raise AssertionError(importer)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@pytest.mark.parametrize(("importer", "bomb"), WEB_COMBOS, ids=[f"{i}-{b}" for i, b in WEB_COMBOS])
def test_every_page_refuses_every_hostile_file(files, importer, bomb, personas, login, paper_point):
    suffix, data = _content(files, importer, bomb)
    client = login(personas.coordinator)
    before = _written()
    tracemalloc.start()
    try:
        response = _post(client, importer, f"tep{suffix}", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    expected = files[bomb][2]
    assert any(text in page for text in expected), (expected, page[page.find("errorlist") :][:600])
    assert _written() == before
    assert peak < (120 if bomb == "xlsx far cell" else 40) * MB  # the bombs inflate to 40-250 MB


@pytest.mark.parametrize(("importer", "bomb"), COMMAND_COMBOS, ids=[f"{i}-{b}" for i, b in COMMAND_COMBOS])
def test_every_command_refuses_every_hostile_file(files, importer, bomb, tmp_path, capsys, org):
    suffix, data = _content(files, importer, bomb)
    path = tmp_path / f"tep{suffix}"
    path.write_bytes(data)
    command, _suffixes, extra = COMMANDS[importer]
    before = _written()
    tracemalloc.start()
    try:
        with pytest.raises(SystemExit) as exit_:
            call_command(command, str(path), *extra)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    expected = files[bomb][3]
    assert any(text in err for text in expected), (expected, err)
    assert _written() == before
    assert peak < (120 if bomb == "xlsx far cell" else 40) * MB


# The form each web importer posts (WEB), and the forms that take a file but import nothing: evidence attachments,
# checked by ``test_evidence_files_refuse_zip_and_entity_bombs``.
IMPORTER_FORMS = {
    "units": "cchc.orgs.forms.UnitImportForm",
    "plan": "cchc.plans.forms.ImportForm",
    "progress sheet": "cchc.plans.forms.BulkUploadForm",
    "framework": "cchc.parindex.forms.FrameworkImportForm",
    "procedures": "cchc.onestop.forms.ProcedureUploadForm",
    "dossiers": "cchc.onestop.forms.UploadForm",
    "paper": "cchc.surveys.forms.PaperImportForm",
    "pakn": "cchc.pakn.forms.UploadForm",
    "targets": "cchc.targets.forms.ImportForm",
}
EVIDENCE_FORMS = {
    "cchc.plans.forms.ProgressForm",
    "cchc.parindex.forms.EvidenceForm",
    "cchc.reports.forms.ScanForm",
}


def test_the_matrix_covers_every_importer():
    """A new upload form or import command fails here until it is added to WEB / COMMANDS (or, for an attachment
    that imports nothing, to EVIDENCE_FORMS)."""
    import importlib
    import inspect
    from importlib.util import find_spec

    from django import forms
    from django.apps import apps

    assert {i for i, _b in WEB_COMBOS} == set(WEB) == set(IMPORTER_FORMS)
    assert {i for i, _b in COMMAND_COMBOS} == set(COMMANDS)
    upload_forms = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("cchc.") or find_spec(f"{config.name}.forms") is None:
            continue
        module = importlib.import_module(f"{config.name}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and any(isinstance(f, forms.FileField) for f in cls.base_fields.values())
            ):
                upload_forms.add(f"{module.__name__}.{name}")
    assert upload_forms == set(IMPORTER_FORMS.values()) | EVIDENCE_FORMS
    root = Path(__file__).resolve().parents[1] / "cchc"
    bounded_commands = {
        path.stem
        for path in root.glob("*/management/commands/*.py")
        if "filelimits" in path.read_text(encoding="utf-8")
    }
    assert bounded_commands == {command for command, _suffixes, _args in COMMANDS.values()}


# --- the real caps ----------------------------------------------------------------------------------------------


def test_the_web_refuses_200_001_dossiers_and_the_command_allows_a_million(settings, personas, login):
    settings.IMPORT_LIMITS = copy.deepcopy(REAL_LIMITS)
    from cchc.core.filelimits import import_limits

    client = login(personas.coordinator)
    data = bombs.csv_rows(list(DOSSIER_COLUMNS), 200_001)
    response = client.post(_url("onestop:dossier_import"), {"file": SimpleUploadedFile("ho-so.csv", data)})
    assert response.status_code == 200
    assert "Tệp ho-so.csv vượt giới hạn 200.000 dòng" in html.unescape(response.content.decode())
    from cchc.onestop.models import Dossier, ImportBatch

    assert not Dossier.objects.exists() and not ImportBatch.objects.exists()
    assert import_limits("command").rows >= 1_000_000 > import_limits("web").rows


def test_evidence_files_refuse_zip_and_entity_bombs(files):
    from django.core.exceptions import ValidationError

    from cchc.core.uploads import check_evidence_file

    for bomb in ("xlsx zip bomb", "docx zip bomb", "xlsx entity bomb", "docx entity bomb"):
        suffix, data, _w, _c = files[bomb]
        with pytest.raises(ValidationError) as refused:
            check_evidence_file(SimpleUploadedFile(f"minh-chung{suffix}", data), max_bytes=10 * MB)
        assert "minh-chung" in refused.value.messages[0]
        assert "bị từ chối" in refused.value.messages[0] or "vượt giới hạn" in refused.value.messages[0]
    ordinary = bombs.xlsx_sheets(3)
    check_evidence_file(SimpleUploadedFile("bang.xlsx", ordinary), max_bytes=10 * MB)


def test_a_request_over_the_upload_cap_is_refused_before_it_is_read(settings, client, paper_point):
    settings.IMPORT_LIMITS = copy.deepcopy(REAL_LIMITS)
    settings.IMPORT_LIMITS["web"]["request_bytes"] = 64 * 1024
    response = client.post(
        f"/s/{paper_point.token}/", {"q1": "5", "file": SimpleUploadedFile("a.bin", b"x" * 100_000)}
    )
    assert response.status_code == 413
    assert "vượt giới hạn 64 KB" in response.content.decode()
    assert client.get(f"/s/{paper_point.token}/").status_code == 200
