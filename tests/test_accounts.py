"""Sign-in, password change and reset, role switching, Django admin for system administrators."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_a_wrong_password_says_so_in_vietnamese(client, personas):
    response = client.post(reverse("login"), {"username": "canbo.a", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(reverse("login"), {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "Cán bộ đơn vị" in page and "Công an phường Hồng Bàng" in page


def test_password_reset_by_email(client, personas):
    client.post(reverse("password_reset"), {"email": personas.ward_officer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "Mat-khau-moi-rat-dai-2026"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    personas.ward_officer.refresh_from_db()
    assert personas.ward_officer.check_password(new)


def test_password_change(login, personas):
    client = login(personas.ward_officer)
    new = "Mat-khau-doi-2026-abc"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    personas.ward_officer.refresh_from_db()
    assert personas.ward_officer.check_password(new)


def test_switching_the_acting_membership(login, org, personas):
    from cchc.orgs.models import Membership

    second = Membership.objects.create(
        user=personas.ward_officer, unit=org.sibling, role="head", data_scope="unit", view_scope="unit"
    )
    client = login(personas.ward_officer)
    client.post(reverse("switch_membership"), {"membership": second.pk, "next": "/"})
    assert "Công an phường Lê Chân" in client.get(reverse("home")).content.decode()
    # A membership of someone else is refused.
    other = personas.sibling_officer.memberships.get()
    client.post(reverse("switch_membership"), {"membership": other.pk})
    assert client.session["active_membership_id"] == second.pk


def test_django_admin_is_for_system_administrators_only(client, personas):
    client.force_login(personas.coordinator)
    assert client.get("/quan-tri-he-thong/").status_code == 302  # not staff: sent to the admin login
    personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    assert client.get("/quan-tri-he-thong/orgs/orgunit/").status_code == 200
    assert client.get("/quan-tri-he-thong/audit/auditevent/").status_code == 200


def test_the_nightly_job_is_registered_with_the_job_queue():
    from procrastinate.contrib.django import app

    assert any(name.endswith("clear_expired_sessions") for name in app.tasks)
