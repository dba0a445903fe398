"""Commands that write record who ran them: ``--actor USERNAME`` (or CCHC_ACTOR), else the OS user in the source."""

import pytest
from django.core.management import call_command

from cchc.audit.models import AuditEvent
from cchc.core.commands import os_user

pytestmark = pytest.mark.django_db

TABLE = "onestop_indexdefinition"


def events():
    return list(AuditEvent.objects.filter(table_name=TABLE, action="I"))


def test_a_command_run_with_actor_is_attributed_to_that_user(personas, capsys):
    call_command("load_index766", "--actor", personas.admin.username)
    rows = events()
    assert rows and {(e.actor_id, e.source) for e in rows} == {
        (personas.admin.pk, f"command:load_index766 (os user {os_user()})")
    }


def test_without_actor_the_source_names_the_command_and_the_os_user(db, capsys):
    call_command("load_index766")
    assert {(e.actor_id, e.source) for e in events()} == {
        (None, f"command:load_index766 (os user {os_user()})")
    }


def test_the_actor_may_come_from_the_environment(personas, capsys, monkeypatch):
    monkeypatch.setenv("CCHC_ACTOR", personas.coordinator.username)
    call_command("load_index766")
    assert {e.actor_id for e in events()} == {personas.coordinator.pk}


def test_an_unknown_actor_exits_2_and_writes_nothing(db, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("load_index766", "--actor", "khong-co-ai")
    assert exc.value.code == 2
    assert "khong-co-ai" in capsys.readouterr().err
    assert events() == []


@pytest.mark.parametrize(
    "command",
    [
        "load_demo",
        "import_units",
        "import_dossiers",
        "import_procedures",
        "import_survey_responses",
        "import_plan",
    ],
)
def test_every_writing_command_takes_actor(command):
    from django.core.management import get_commands, load_command_class

    parser = load_command_class(get_commands()[command], command).create_parser("manage.py", command)
    assert "--actor" in parser.format_help()
