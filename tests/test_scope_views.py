"""Through the views, as each persona: nobody reads or changes data outside their scope (403 or 404)."""

import pytest
from django.urls import reverse

from cchc.orgs.models import Membership, OrgUnit

pytestmark = pytest.mark.django_db


def codes_listed(response):
    return {u.code for u in response.context["page"].object_list}


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("orgs:unit_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_ward_officer_sees_only_the_ward(login, org, personas):
    client = login(personas.ward_officer)
    assert codes_listed(client.get(reverse("orgs:unit_list"))) == {"HP.CAP.A"}
    assert client.get(reverse("orgs:unit_detail", args=["HP.CAP.A"])).status_code == 200
    for other in ("HP.CAP.B", "HP", "HP.PC06", "UBHP"):
        assert client.get(reverse("orgs:unit_detail", args=[other])).status_code == 404, other


def test_ward_officer_cannot_change_anything(login, org, personas):
    client = login(personas.ward_officer)
    assert client.get(reverse("orgs:unit_edit", args=["HP.CAP.A"])).status_code == 403
    response = client.post(
        reverse("orgs:unit_edit", args=["HP.CAP.A"]), {"code": "X", "name": "X", "kind": "other"}
    )
    assert response.status_code == 403
    assert OrgUnit.objects.get(pk=org.ward.pk).name == "Công an phường Hồng Bàng"
    assert client.get(reverse("orgs:unit_create")).status_code == 403
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("audit:log")).status_code == 403
    # The sibling ward's unit is invisible, so editing it is a 404, not a 403 (no existence leak).
    assert client.get(reverse("orgs:unit_edit", args=["HP.CAP.B"])).status_code == 404


def test_sibling_officer_cannot_see_the_other_ward(login, org, personas):
    client = login(personas.sibling_officer)
    assert codes_listed(client.get(reverse("orgs:unit_list"))) == {"HP.CAP.B"}
    assert client.get(reverse("orgs:unit_detail", args=["HP.CAP.A"])).status_code == 404


def test_department_head_sees_the_department_only(login, org, personas):
    client = login(personas.department_head)
    assert codes_listed(client.get(reverse("orgs:unit_list"))) == {"HP.PC06"}
    assert client.get(reverse("orgs:unit_detail", args=["HP.PV01"])).status_code == 404
    assert client.get(reverse("orgs:unit_edit", args=["HP.PC06"])).status_code == 403
    assert client.get(reverse("people:list")).status_code == 403


def test_coordinator_sees_the_whole_city_police_and_nothing_else(login, org, personas):
    client = login(personas.coordinator)
    listed = codes_listed(client.get(reverse("orgs:unit_list")))
    assert listed == {"HP", "HP.PV01", "HP.PC06", "HP.CAP.A", "HP.CAP.B"}
    assert client.get(reverse("orgs:unit_detail", args=["UBHP.SNV"])).status_code == 404
    assert client.get(reverse("orgs:unit_detail", args=["BCA"])).status_code == 404
    assert client.get(reverse("orgs:unit_edit", args=["HP.PC06"])).status_code == 200
    assert client.get(reverse("orgs:unit_edit", args=["UBHP.SNV"])).status_code == 404


def test_appraiser_and_leader_read_the_subtree_but_change_nothing(login, org, personas):
    for user in (personas.appraiser, personas.leader):
        client = login(user)
        assert "HP.CAP.B" in codes_listed(client.get(reverse("orgs:unit_list")))
        assert client.get(reverse("orgs:unit_edit", args=["HP.CAP.B"])).status_code == 403
        assert client.get(reverse("people:list")).status_code == 403
        assert client.get(reverse("orgs:unit_detail", args=["UBHP"])).status_code == 404


def test_outsider_sees_nothing(login, org, personas):
    client = login(personas.outsider)
    assert codes_listed(client.get(reverse("orgs:unit_list"))) == set()
    assert client.get(reverse("orgs:unit_detail", args=["HP"])).status_code == 404
    home = client.get(reverse("home"))
    assert "chưa được phân quyền" in home.content.decode()


def test_search_is_accent_insensitive_and_scoped(login, org, personas):
    client = login(personas.coordinator)
    response = client.get(reverse("orgs:unit_list"), {"q": "cong an phuong"})
    assert codes_listed(response) == {"HP.CAP.A", "HP.CAP.B"}
    response = client.get(reverse("orgs:unit_list"), {"q": "le chan"})
    assert codes_listed(response) == {"HP.CAP.B"}
    client = login(personas.ward_officer)
    assert codes_listed(client.get(reverse("orgs:unit_list"), {"q": "le chan"})) == set()


def test_coordinator_edits_a_unit_in_the_subtree(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(
        reverse("orgs:unit_edit", args=["HP.CAP.A"]),
        {
            "code": "HP.CAP.A",
            "name": "Công an phường Hồng Bàng mới",
            "kind": "commune_police",
            "parent": org.city.pk,
            "aliases": "CAP Hồng Bàng\nCông an Hồng Bàng",
        },
    )
    assert response.status_code == 302
    ward = OrgUnit.objects.get(pk=org.ward.pk)
    assert ward.name == "Công an phường Hồng Bàng mới"
    assert sorted(ward.aliases.values_list("name", flat=True)) == ["CAP Hồng Bàng", "Công an Hồng Bàng"]


def test_coordinator_cannot_move_a_unit_out_of_the_subtree(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(
        reverse("orgs:unit_edit", args=["HP.CAP.A"]),
        {"code": "HP.CAP.A", "name": "X", "kind": "commune_police", "parent": org.other_city.pk},
    )
    assert response.status_code == 200  # form error: that parent is not among the choices
    assert OrgUnit.objects.get(pk=org.ward.pk).parent_id == org.city.pk


def test_coordinator_cannot_create_a_root_unit(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(reverse("orgs:unit_create"), {"code": "NEW", "name": "Gốc mới", "kind": "other"})
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(code="NEW").exists()


# --- delegated administration ---------------------------------------------------------------------------------


def grant(client, user, unit, role, **extra):
    return client.post(
        reverse("people:membership_add", args=[user.pk]), {"unit": unit.pk, "role": role, **extra}
    )


def test_coordinator_adds_a_user_inside_the_subtree(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(
        reverse("people:create"),
        {
            "username": "moi.a",
            "full_name": "Nguyễn Văn Mới",
            "unit": org.ward.pk,
            "role": "staff",
            "password": "Mat-khau-rat-dai-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    m = Membership.objects.get(user__username="moi.a")
    assert (m.unit_id, m.role, m.granted_by_id) == (org.ward.pk, "staff", personas.coordinator.pk)


def test_delegated_administration_stops_at_the_subtree_boundary(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(
        reverse("people:create"),
        {"username": "ngoai", "full_name": "Người ngoài phạm vi", "unit": org.other_dept.pk, "role": "staff"},
    )
    assert response.status_code == 200  # refused: the unit is not among the choices
    assert not Membership.objects.filter(unit=org.other_dept).exists()
    # An account that only exists in another organisation is invisible to this coordinator.
    assert client.get(reverse("people:detail", args=[personas.other_coordinator.pk])).status_code == 404
    other_membership = personas.other_coordinator.memberships.get()
    assert client.get(reverse("people:membership_edit", args=[other_membership.pk])).status_code == 404
    assert client.post(reverse("people:membership_end", args=[other_membership.pk])).status_code == 404


def test_coordinator_cannot_grant_more_than_they_hold(login, org, personas):
    client = login(personas.coordinator)
    response = grant(client, personas.ward_officer, org.ward, "admin")
    assert response.status_code == 200
    assert not Membership.objects.filter(user=personas.ward_officer, role="admin").exists()
    # Nor can a grant outlast the coordinator's own membership.
    Membership.objects.filter(user=personas.coordinator).update(valid_to="2099-01-31")
    response = grant(client, personas.ward_officer, org.sibling, "staff", valid_to="01/02/2099")
    assert response.status_code == 200
    assert "vượt quá" in response.content.decode()
    assert not Membership.objects.filter(user=personas.ward_officer, unit=org.sibling).exists()


def test_coordinator_cannot_revoke_an_administrator(login, org, personas):
    admin_at_ward = Membership.objects.create(
        user=personas.admin, unit=org.ward, role="admin", data_scope="subtree", view_scope="subtree"
    )
    client = login(personas.coordinator)
    assert client.post(reverse("people:membership_end", args=[admin_at_ward.pk])).status_code == 403
    assert Membership.objects.get(pk=admin_at_ward.pk).valid_to is None


def test_coordinator_revokes_a_staff_membership(login, org, personas):
    m = personas.ward_officer.memberships.get()
    client = login(personas.coordinator)
    assert client.post(reverse("people:membership_end", args=[m.pk])).status_code == 302
    m.refresh_from_db()
    assert m.valid_to is not None
    # Revoked today: tomorrow the officer sees nothing; today the membership still applies.
    client = login(personas.ward_officer)
    assert client.get(reverse("orgs:unit_detail", args=["HP.CAP.A"])).status_code == 200


def test_head_cannot_administer_people(login, org, personas):
    client = login(personas.ward_head)
    assert client.get(reverse("people:create")).status_code == 403
    m = personas.ward_officer.memberships.get()
    assert client.post(reverse("people:membership_end", args=[m.pk])).status_code == 403


def test_admin_sees_and_administers_everything(login, org, personas):
    client = login(personas.admin)
    listed = codes_listed(client.get(reverse("orgs:unit_list")))
    assert {"BCA", "HP", "UBHP", "UBHP.SNV"} <= listed
    assert grant(client, personas.outsider, org.other_dept, "coordinator").status_code == 302
    assert client.get(reverse("audit:log")).status_code == 200


def test_coordinator_records_a_merger_in_the_ui(login, org, personas):
    client = login(personas.coordinator)
    response = client.post(
        reverse("orgs:unit_reorganise", args=["HP.CAP.B"]),
        {"successor": org.ward.pk, "kind": "merge", "effective_date": "01/07/2025", "decision": "NQ 1/2025"},
    )
    assert response.status_code == 302
    sibling = OrgUnit.objects.get(pk=org.sibling.pk)
    assert sibling.valid_to.isoformat() == "2025-06-30"
    page = client.get(reverse("orgs:unit_detail", args=["HP.CAP.B"])).content.decode()
    assert "Công an phường Hồng Bàng" in page and "NQ 1/2025" in page
    # A ward officer cannot record one.
    client = login(personas.ward_officer)
    assert client.get(reverse("orgs:unit_reorganise", args=["HP.CAP.A"])).status_code == 403


def test_a_new_user_needs_a_password_or_an_email(login, org, personas):
    from django.core import mail

    client = login(personas.coordinator)
    data = {"username": "khongmk", "full_name": "Không Mật Khẩu", "unit": org.ward.pk, "role": "staff"}
    response = client.post(reverse("people:create"), data)
    assert "Cần nhập mật khẩu ban đầu hoặc thư điện tử" in response.content.decode()
    response = client.post(reverse("people:create"), {**data, "email": "moi@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "dat-lai-mat-khau" in mail.outbox[0].body
