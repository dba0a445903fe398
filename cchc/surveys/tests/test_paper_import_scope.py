"""The paper-form import writes answers only for the units the person entering them holds (data scope)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.surveys import services
from cchc.surveys.models import Response

pytestmark = pytest.mark.django_db


def _csv(*tokens: str) -> SimpleUploadedFile:
    body = "token,q1\n" + "".join(f"{t},5\n" for t in tokens)
    return SimpleUploadedFile("phieu.csv", body.encode("utf-8"), content_type="text/csv")


def confirm(client, preview):
    return client.post(
        "/khao-sat/phieu-giay/",
        {
            "confirm": "1",
            "token": preview.context["preview"]["token"],
            "name": preview.context["preview"]["name"],
        },
    )


def test_ward_staff_cannot_import_forms_of_the_sibling_or_another_organisation(org, personas, login, survey):
    own = services.service_point_create(unit=org.ward, name="Một cửa phường A")
    sibling = services.service_point_create(unit=org.sibling, name="Một cửa phường B")
    other = services.service_point_create(unit=org.other_dept, name="Một cửa Sở Nội vụ")
    client = login(personas.ward_officer)
    for foreign in (sibling, other):
        response = client.post("/khao-sat/phieu-giay/", {"file": _csv(own.token, foreign.token)})
        assert response.status_code == 200
        assert "bạn không có quyền nhập phiếu cho" in response.content.decode()
        assert Response.objects.count() == 0  # the whole file refused, the ward's own row too
    response = client.post("/khao-sat/phieu-giay/", {"file": _csv(own.token)})
    assert response.status_code == 200 and Response.objects.count() == 0  # the preview writes nothing
    response = confirm(client, response)
    assert response.status_code == 302
    assert list(Response.objects.values_list("unit__code", flat=True)) == ["HP.CAP.A"]


def test_coordinator_imports_for_the_subtree_but_not_another_organisation(org, personas, login, survey):
    ward = services.service_point_create(unit=org.ward, name="Một cửa phường A")
    other = services.service_point_create(unit=org.other_dept, name="Một cửa Sở Nội vụ")
    client = login(personas.coordinator)
    response = client.post("/khao-sat/phieu-giay/", {"file": _csv(ward.token, other.token)})
    assert "bạn không có quyền nhập phiếu cho" in response.content.decode()
    assert Response.objects.count() == 0
    assert (
        confirm(client, client.post("/khao-sat/phieu-giay/", {"file": _csv(ward.token)})).status_code == 302
    )
    assert Response.objects.count() == 1
