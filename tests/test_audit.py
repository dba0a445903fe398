"""Every create, update and delete of domain records and every membership change is recorded, bulk ones too."""

import pytest
from django.urls import reverse

from cchc.audit.context import audit_context
from cchc.audit.models import AuditEvent
from cchc.orgs.models import Membership, OrgUnit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def events(table, pk=None):
    qs = AuditEvent.objects.filter(table_name=table)
    if pk is not None:
        qs = qs.filter(object_pk=str(pk))
    return list(qs.order_by("id"))


def test_view_edit_is_recorded_with_the_actor_and_before_after(login, org, personas):
    client = login(personas.coordinator)
    client.post(
        reverse("orgs:unit_edit", args=["HP.CAP.A"]),
        {"code": "HP.CAP.A", "name": "Tên mới", "kind": "commune_police", "parent": org.city.pk},
    )
    last = events("orgs_orgunit", org.ward.pk)[-1]
    assert last.action == "U"
    assert last.actor_id == personas.coordinator.pk
    assert last.old["name"] == "Công an phường Hồng Bàng" and last.new["name"] == "Tên mới"
    # a form save moves the record's version on (core.versioning)
    assert last.changed == ["edit_version", "name"]
    assert last.source.startswith("web:POST")


def test_bulk_update_records_one_event_per_row(org):
    with audit_context(source="test:bulk"):
        count = OrgUnit.objects.filter(parent=org.city).update(note="cập nhật hàng loạt")
    assert count == 4
    bulk = AuditEvent.objects.filter(source="test:bulk", action="U")
    assert bulk.count() == 4
    assert all(e.changed == ["note"] for e in bulk)


def test_delete_and_create_are_recorded(org):
    unit = UnitFactory(code="TMP", name="Tạm", kind="other", parent=org.city)
    pk = unit.pk
    unit.delete()
    actions = [e.action for e in events("orgs_orgunit", pk)]
    assert actions == ["I", "D"]
    assert events("orgs_orgunit", pk)[-1].old["code"] == "TMP"


def test_update_without_change_records_nothing(org):
    before = AuditEvent.objects.count()
    org.ward.save()
    assert AuditEvent.objects.count() == before


def test_membership_changes_are_recorded_and_passwords_never_are(login, org, personas):
    client = login(personas.coordinator)
    m = personas.ward_officer.memberships.get()
    client.post(reverse("people:membership_end", args=[m.pk]))
    ended = events("orgs_membership", m.pk)[-1]
    assert ended.action == "U" and "valid_to" in ended.changed and ended.actor_id == personas.coordinator.pk
    personas.ward_officer.set_password("Mot-mat-khau-khac-2026")
    personas.ward_officer.save()
    for e in events("accounts_user", personas.ward_officer.pk):
        assert "password" not in (e.new or {}) and "password" not in (e.old or {})


def test_history_is_shown_on_the_unit_and_the_log_is_searchable(login, org, personas):
    client = login(personas.coordinator)
    client.post(
        reverse("orgs:unit_edit", args=["HP.CAP.A"]),
        {
            "code": "HP.CAP.A",
            "name": "Phường Hồng Bàng (sửa)",
            "kind": "commune_police",
            "parent": org.city.pk,
        },
    )
    page = client.get(reverse("orgs:unit_detail", args=["HP.CAP.A"])).content.decode()
    assert "Lịch sử thay đổi" in page and "Phường Hồng Bàng (sửa)" in page
    admin = login(personas.admin)
    found = admin.get(reverse("audit:log"), {"q": "Phường Hồng Bàng (sửa)", "table": "orgs_orgunit"})
    assert found.status_code == 200
    assert len(found.context["rows"]) == 1
    assert admin.get(reverse("audit:log"), {"actor": "daumoi"}).context["page"].paginator.count >= 1
    assert admin.get(reverse("audit:log"), {"actor": "không-có-ai"}).context["page"].paginator.count == 0


def test_membership_creation_is_attributed_in_commands(org, personas):
    with audit_context(actor=personas.admin, source="command:test"):
        m = Membership.objects.create(user=personas.outsider, unit=org.ward, role="staff")
    e = events("orgs_membership", m.pk)[-1]
    assert (e.action, e.actor_id, e.source) == ("I", personas.admin.pk, "command:test")


def test_history_values_are_shown_as_people_read_them():
    from cchc.audit.templatetags.audit import show_value

    assert show_value("2026-01-05") == "05/01/2026"
    assert show_value("2026-01-05T01:30:00+00:00") == "05/01/2026 08:30"
    assert show_value(None) == "—"
    assert show_value(True) == "Có"
