"""Clean Vietnamese messages instead of a database constraint; service_point_update takes an actor."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.surveys import services
from cchc.surveys.models import ServicePoint, Survey

pytestmark = pytest.mark.django_db


def test_a_survey_closing_before_it_opens_is_a_form_error(org, personas, login):
    client = login(personas.coordinator)
    page = client.post(
        "/khao-sat/dot-khao-sat/",
        {
            "title": "Đợt ngược",
            "questionnaire": "sipas_citizen:1",
            "unit": org.city.pk,
            "opens_at": "31/03/2026 07:30",
            "closes_at": "01/03/2026",
            "note": "",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thời điểm đóng phải sau thời điểm mở." in html
    assert "surveys_survey_window_order" not in html and "Constraint" not in html
    assert not Survey.objects.filter(title="Đợt ngược").exists()


def test_service_point_update_checks_the_actor_and_the_target_unit(org, personas, survey):
    point = services.service_point_create(unit=org.ward, name="Một cửa phường A")
    with pytest.raises(PermissionDenied):  # the sibling's officer may not edit the ward's desk
        services.service_point_update(point=point, actor=personas.sibling_officer, name="Của tôi")
    with pytest.raises(PermissionDenied):  # nor may the ward's officer move it to the sibling ward
        services.service_point_update(point=point, actor=personas.ward_officer, unit=org.sibling)
    with pytest.raises(TypeError):  # typed keywords only: no arbitrary field
        services.service_point_update(point=point, actor=personas.ward_officer, token="abc")
    services.service_point_update(point=point, actor=personas.ward_officer, name="  Quầy 1  ", active=False)
    point = ServicePoint.objects.get(pk=point.pk)
    assert (point.name, point.active, point.unit_id) == ("Quầy 1", False, org.ward.pk)


def test_a_point_cannot_take_a_survey_of_another_organisation(org, personas, survey):
    from datetime import timedelta

    from django.utils import timezone

    other = services.survey_create(
        title="Sở",
        questionnaire="sipas_citizen:1",
        unit=org.other_city,
        opens_at=timezone.now() - timedelta(days=1),
    )
    point = services.service_point_create(unit=org.ward, name="Một cửa phường A")
    with pytest.raises(ValidationError):
        services.service_point_update(point=point, actor=None, survey=other)


def test_point_edit_page_of_another_unit_is_refused(org, personas, login, survey):
    point = services.service_point_create(unit=org.ward, name="Một cửa phường A")
    client = login(personas.sibling_officer)
    response = client.post(
        f"/khao-sat/diem/{point.pk}/sua/",
        {"unit": org.sibling.pk, "name": "Chiếm", "location": "", "active": "on"},
    )
    assert response.status_code in (403, 404)
    assert ServicePoint.objects.get(pk=point.pk).name == "Một cửa phường A"
