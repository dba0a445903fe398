"""The one-stop imports are bounded (cchc.core.filelimits): the page has the web's caps, the commands the larger
command-line ones, and a CSV that is not one is a Vietnamese message, not an error page."""

from __future__ import annotations

import copy
import html

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.core.filelimits import import_limits
from cchc.onestop.models import ImportBatch, Procedure
from cchc.onestop.tables import read_table

from .helpers import procedures_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def caps(settings):
    limits = copy.deepcopy(django_settings.IMPORT_LIMITS)
    limits["web"]["rows"] = 4
    limits["command"]["rows"] = 10
    settings.IMPORT_LIMITS = limits


def test_the_page_refuses_what_the_command_accepts(caps, org, personas, login, tmp_path):
    data = procedures_csv()  # a header and 5 procedures: 6 rows
    response = login(personas.coordinator).post(
        reverse("onestop:procedure_import"), {"file": SimpleUploadedFile("tthc.csv", data), "owner": "HP"}
    )
    assert response.status_code == 200
    assert "Tệp tthc.csv vượt giới hạn 4 dòng" in html.unescape(response.content.decode())
    assert not Procedure.objects.exists() and not ImportBatch.objects.exists()
    path = tmp_path / "tthc.csv"
    path.write_bytes(data)
    call_command("import_procedures", str(path))
    assert Procedure.objects.count() == 5


def test_the_default_caps_let_the_command_take_a_million_dossiers():
    web, command = import_limits("web"), import_limits("command")
    assert command.rows > 1_000_000 and command.file_bytes >= 500 * 1024 * 1024  # bench: a ~200 MB CSV
    assert web.rows == 200_000 and web.file_bytes < command.file_bytes


def test_a_csv_line_over_the_cap_and_a_broken_csv_are_messages(settings):
    settings.IMPORT_LIMITS = copy.deepcopy(django_settings.IMPORT_LIMITS)
    settings.IMPORT_LIMITS["web"]["line_chars"] = 1000
    with pytest.raises(DomainError) as long_line:  # the header is looked for in the first rows: read at once
        list(read_table(b"code,name\n1," + b"x" * 2000 + b"\n", "t.csv").rows)
    assert long_line.value.vi == "Tệp t.csv, dòng 2: dòng dài quá giới hạn 1.000 ký tự"
    settings.IMPORT_LIMITS["web"]["line_chars"] = 1_000_000
    with pytest.raises(DomainError) as broken:  # a field over csv's own limit
        list(read_table(b'code,name\n1,"' + b"y" * 200_000 + b'"\n', "u.csv").rows)
    assert broken.value.vi.startswith("Tệp u.csv: tệp CSV không hợp lệ ở dòng 2")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(settings, tmp_path):
    from cchc.onestop.tables import read_path

    settings.IMPORT_LIMITS = copy.deepcopy(django_settings.IMPORT_LIMITS)
    settings.IMPORT_LIMITS["command"]["file_bytes"] = 1024 * 1024
    path = tmp_path / "lon.csv"
    path.write_bytes(b"code\n" + b"1\n" * 600_000)
    with pytest.raises(DomainError) as refused:
        read_path(path, limits=import_limits("command"))
    assert refused.value.vi == f"Tệp {path} vượt giới hạn 1 MB"
