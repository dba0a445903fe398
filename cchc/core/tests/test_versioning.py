"""The shared no-lost-update mechanism (cchc.core.versioning), on the organisation unit it protects."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection, transaction
from django.http import QueryDict

from cchc.audit.context import audit_context
from cchc.audit.models import AuditEvent
from cchc.core import versioning
from cchc.core.versioning import StaleEdit, VersionedForm
from cchc.orgs.models import OrgUnit
from cchc.orgs.services import unit_update

pytestmark = pytest.mark.django_db


def _update(unit_pk, actor, expected, **fields):
    with audit_context(actor, "test"):
        return unit_update(unit=OrgUnit.objects.get(pk=unit_pk), expected_version=expected, **fields)


def test_a_save_on_the_loaded_version_moves_the_version_on(org, personas):
    assert org.pv01.edit_version == 1
    unit = _update(org.pv01.pk, personas.admin, 1, name="Phòng Tham mưu tổng hợp")
    assert unit.edit_version == 2
    assert OrgUnit.objects.get(pk=org.pv01.pk).edit_version == 2


def test_a_save_on_a_stale_version_is_refused_and_names_who_changed_what(org, personas):
    personas.coordinator.full_name = "Trần Văn Bình"
    personas.coordinator.save()
    loaded = org.pv01.edit_version  # A loads the form
    _update(org.pv01.pk, personas.coordinator, loaded, name="Phòng Tham mưu (B)", note="ghi chú của B")
    with pytest.raises(StaleEdit) as caught:
        _update(org.pv01.pk, personas.admin, loaded, name="Phòng Tham mưu (A)", note="")
    conflict = caught.value.conflict
    assert conflict.version == loaded + 1
    assert conflict.by == "Trần Văn Bình"
    changed = {c.label: (c.theirs, c.yours) for c in conflict.changes}
    assert changed["Tên đơn vị"] == ("Phòng Tham mưu (B)", "Phòng Tham mưu (A)")
    assert changed["Ghi chú"] == ("ghi chú của B", "—")
    assert "Mã đơn vị" not in changed  # nobody changed it
    message = caught.value.messages[0]
    assert "Trần Văn Bình" in message and "trong khi bạn đang sửa" in message and "Tên đơn vị" in message
    unit = OrgUnit.objects.get(pk=org.pv01.pk)
    assert (unit.name, unit.note, unit.edit_version) == ("Phòng Tham mưu (B)", "ghi chú của B", loaded + 1)
    # A resubmits on the version the refusal gave: saved, knowingly over B's change.
    _update(org.pv01.pk, personas.admin, conflict.version, name="Phòng Tham mưu (A)")
    assert OrgUnit.objects.get(pk=org.pv01.pk).name == "Phòng Tham mưu (A)"


def test_a_refusal_writes_nothing_inside_the_caller_transaction(org, personas):
    _update(org.pv01.pk, personas.coordinator, 1, name="B")
    with pytest.raises(StaleEdit), transaction.atomic():
        _update(org.pv01.pk, personas.admin, 1, name="A", aliases=["Tên A"])
    assert not org.pv01.aliases.exists()
    assert (
        AuditEvent.objects.filter(
            table_name="orgs_orgunit", object_pk=str(org.pv01.pk), new__name="A"
        ).count()
        == 0
    )


def test_related_lists_are_compared(org, personas):
    _update(org.pv01.pk, personas.coordinator, 1, aliases=["PV01 cũ"])
    with pytest.raises(StaleEdit) as caught:
        _update(org.pv01.pk, personas.admin, 1, aliases=["PV01 mới"])
    [change] = [c for c in caught.value.changes if c.label == "Tên gọi khác"]
    assert (change.theirs, change.yours) == ("PV01 cũ", "PV01 mới")


def test_saves_in_between_by_the_same_person_are_not_a_conflict(org, personas):
    # e.g. their own autosave landed just before they pressed "Lưu"
    _update(org.pv01.pk, personas.admin, 1, note="tự động lưu")
    unit = _update(org.pv01.pk, personas.admin, 1, note="bấm lưu")
    assert (unit.note, unit.edit_version) == ("bấm lưu", 3)
    # ... but once someone else saved too, it is
    _update(org.pv01.pk, personas.coordinator, 3, name="Của B")
    with pytest.raises(StaleEdit):
        _update(org.pv01.pk, personas.admin, 1, note="bản cũ")


def test_without_a_version_nothing_is_checked_but_the_version_moves_on(org, personas):
    _update(org.pv01.pk, personas.coordinator, None, name="Lần 1")
    _update(org.pv01.pk, personas.admin, None, name="Lần 2")
    assert OrgUnit.objects.get(pk=org.pv01.pk).edit_version == 3


def test_without_an_audit_trail_the_row_is_compared_with_the_submission(org, personas):
    _update(org.pv01.pk, personas.coordinator, 1, name="Của B")
    with (
        connection.cursor() as cursor
    ):  # as for a table with no audit trigger (the audit table is append-only)
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent WHERE table_name = 'orgs_orgunit'")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    with pytest.raises(StaleEdit) as caught:
        _update(org.pv01.pk, personas.admin, 1, name="Của A", code=org.pv01.code)
    assert [(c.label, c.theirs, c.yours) for c in caught.value.changes] == [("Tên đơn vị", "Của B", "Của A")]


def test_claim_outside_a_version_check_and_garbage_versions(org):
    assert versioning.as_version("") is None
    assert versioning.as_version("abc") is None
    assert versioning.as_version("-1") is None
    assert versioning.as_version("7") == 7
    assert versioning.posted_version(QueryDict("edit_version=3")) == 3


class NoteForm(VersionedForm):
    note = forms.CharField()


def test_the_form_keeps_the_text_and_carries_the_current_version_after_a_refusal(org, personas):
    _update(org.pv01.pk, personas.coordinator, 1, note="của B")
    form = NoteForm(QueryDict("edit_version=1&note=của+A"))
    assert form.is_valid() and form.loaded_version == 1
    try:
        _update(org.pv01.pk, personas.admin, form.loaded_version, note=form.cleaned_data["note"])
    except StaleEdit as exc:
        form.add_error("note", exc)
    assert form.stale is not None and versioning.status_for(form) == 409
    html = form.as_div()
    assert 'value="2"' in html  # resubmitting saves on the current version
    assert "của A" in html
    assert "trong khi bạn đang sửa" in str(form.non_field_errors())


def test_values_are_shown_as_people_read_them():
    from datetime import date
    from decimal import Decimal

    assert versioning.show(None, None) == "—"
    assert versioning.show(None, date(2026, 3, 5)) == "05/03/2026"
    assert versioning.show(None, Decimal("2.50")) == "2.5"
    assert versioning.show(None, {"value": "12", "note": "sửa"}) == "12 (sửa)"
    assert versioning.show(OrgUnit._meta.get_field("kind"), "ministry") == "Bộ"
