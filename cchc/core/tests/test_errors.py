"""The domain error (cchc/core/errors.py): a stable code, the message in the active language, the command boundary
(exit 2, one line), and unexpected errors logged with the request's path and user."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext_lazy

from cchc.core.cli import BadInput
from cchc.core.commands import PureCommand
from cchc.core.errors import DomainError, ImportRowError, Message, TooLarge, gettext_noop
from cchc.core.logs import KeyValueFormatter, RequestContextFilter

ROOT = Path(__file__).resolve().parents[3]

# A msgid the English catalogue translates ("The file %(name)s is empty.").
EMPTY_FILE = "Tệp %(name)s rỗng."
GREETING = "Xin chào, %(name)s"  # "Hello, %(name)s"


def test_message_follows_the_active_language_and_keeps_code_and_params():
    exc = DomainError("empty_file", gettext_noop(EMPTY_FILE), name="a.csv")
    assert exc.code == "empty_file" and exc.params == {"name": "a.csv"}
    with translation.override("vi"):
        assert exc.message == str(exc) == "Tệp a.csv rỗng."
    with translation.override("en"):
        assert exc.message == str(exc) == "The file a.csv is empty."
    assert exc.vi == "Tệp a.csv rỗng." and exc.english() == "The file a.csv is empty."


def test_lazy_message_is_translated_when_shown_not_when_raised():
    with translation.override("vi"):
        exc = DomainError("empty_file", gettext_lazy(EMPTY_FILE), name="b.xlsx")
    with translation.override("en"):
        assert exc.message == "The file b.xlsx is empty."
    assert exc.vi == "Tệp b.xlsx rỗng."


def test_english_comes_from_the_catalogue_only():
    untranslated = "Chỉ có tiếng Việt"  # not marked: the catalogue has no entry for it
    assert DomainError("x", untranslated).english() is None
    with pytest.raises(TypeError, match="en"):
        DomainError("unknown_unit", "Không có đơn vị 'X'", en="unknown unit 'X'")
    with pytest.raises(TypeError):
        DomainError("x", gettext_noop(EMPTY_FILE), code="y")


def test_a_message_parameter_is_rendered_in_the_language_shown():
    reason = Message(gettext_noop(EMPTY_FILE), name="a.csv")
    exc = DomainError("greeting", gettext_noop(GREETING), name=reason)
    with translation.override("en"):
        assert exc.message == "Hello, The file a.csv is empty."
    assert exc.vi == "Xin chào, Tệp a.csv rỗng."
    assert exc.english() == "Hello, The file a.csv is empty."


def test_within_names_the_place_and_keeps_the_code():
    exc = DomainError("empty_file", gettext_noop(EMPTY_FILE), name="x").within("units[2]").within("a.json")
    assert exc.code == "empty_file"
    assert exc.vi == "a.json: units[2]: Tệp x rỗng."
    assert exc.english() == "a.json: units[2]: The file x is empty."
    assert exc.detail == "Tệp x rỗng."


def test_families_and_the_command_argument_error():
    row = ImportRowError("invalid_date", "Ngày không hợp lệ", row=4, field="received_at")
    assert isinstance(row, DomainError) and (row.row, row.field) == (4, "received_at")
    big = TooLarge(gettext_noop(EMPTY_FILE), cap="file_bytes", name="a")
    assert big.code == "file_too_large" and big.cap == "file_bytes" and big.params == {"name": "a"}
    bad = BadInput(gettext_noop("Năm không hợp lệ: %(y)s"), y=1)
    assert isinstance(bad, DomainError) and bad.code == "bad_input" and bad.vi == "Năm không hợp lệ: 1"
    assert bad.english() == "Invalid year: 1"


def test_errors_module_imports_no_django():
    code = (
        "import sys; import cchc.core.errors as e; "
        "x = e.DomainError('c', e.gettext_noop('Ngày %(d)s ở tương lai'), d='01/01/2099'); "
        "assert str(x) == 'Ngày 01/01/2099 ở tương lai' and x.code == 'c', str(x); "
        "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class _Raising(PureCommand):
    def handle(self, *args, **options):
        raise DomainError("empty_file", gettext_lazy(EMPTY_FILE), name="c.csv")


def test_command_boundary_exits_2_with_one_line(capsys):
    with translation.override("en"), pytest.raises(SystemExit) as exit_info:
        call_command(_Raising())
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == "Tệp c.csv rỗng. / The file c.csv is empty.\n"


def test_a_pure_core_error_reaches_the_command_line_as_before(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("due_date", received="hôm qua", amount="1", unit="days")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Thời điểm tiếp nhận không hợp lệ: 'hôm qua'")
    assert " / invalid receipt datetime 'hôm qua'" in err


@pytest.mark.django_db
def test_unexpected_error_in_a_view_is_logged_and_the_user_reads_vietnamese(
    org, personas, login, caplog, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("zlib exploded")

    monkeypatch.setattr("cchc.plans.importing.extract_plan_bytes", broken)
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(KeyValueFormatter())
    logging.getLogger("cchc").addHandler(handler)
    client = login(personas.coordinator)
    try:
        with caplog.at_level(logging.ERROR, logger="cchc.plans.views"):
            page = client.post(
                "/ke-hoach/nhap/", {"issuer": "HP", "file": SimpleUploadedFile("plan.txt", b"Ke hoach")}
            )
    finally:
        logging.getLogger("cchc").removeHandler(handler)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Không đọc được tệp plan.txt" in html and "RuntimeError" not in html and "zlib" not in html
    [record] = [r for r in caplog.records if r.name == "cchc.plans.views"]
    assert record.levelno == logging.ERROR and record.exc_info[0] is RuntimeError
    line = stream.getvalue().splitlines()[0]
    assert "level=ERROR logger=cchc.plans.views path=/ke-hoach/nhap/" in line
    assert f"user={personas.coordinator.username}" in line and 'msg="plan import: unexpected error' in line
    assert "RuntimeError: zlib exploded" in stream.getvalue()


def test_msgids_are_marked_by_names_makemessages_extracts():
    """``makemessages`` extracts ``gettext_noop("…")`` but not an alias of it (``_t("…")``): such msgids never
    reached the catalogue, so English users read Vietnamese."""
    aliased = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "cchc").rglob("*.py")
        if re.search(r"import gettext_noop as \w", path.read_text(encoding="utf-8"))
    ]
    assert aliased == []
