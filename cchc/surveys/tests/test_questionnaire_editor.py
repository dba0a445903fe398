"""Questionnaires seen and edited in the UI, versioned: a published version never changes, answers keep theirs."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.surveys import catalog, services
from cchc.surveys.models import QuestionnaireStatus, QuestionnaireVersion, Response

pytestmark = pytest.mark.django_db


def shipped(qid="sipas_citizen", version=1) -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.get(qid=qid, version=version)


def test_the_shipped_files_are_the_initial_published_versions():
    rows = {(r.qid, r.version): r for r in QuestionnaireVersion.objects.all()}
    for q in catalog.shipped():
        row = rows[(q.id, q.version)]
        assert row.status == QuestionnaireStatus.PUBLISHED and row.owner is None
        assert catalog.from_row(row) == q or catalog.from_row(row).questions == q.questions


def test_coordinator_copies_edits_and_publishes_an_own_questionnaire(org, personas, login, survey, point):
    client = login(personas.coordinator)
    source = shipped()
    page = client.get(f"/khao-sat/mau-phieu/{source.pk}/")
    assert page.status_code == 200 and "Phần 1/7" in page.content.decode()
    assert "Tạo phiên bản mới" not in page.content.decode()  # platform questionnaire: administrators only
    resp = client.post(
        f"/khao-sat/mau-phieu/{source.pk}/sao-chep/",
        {"qid": "sipas_hp", "title": "Phiếu HP", "owner": org.city.pk},
    )
    draft = QuestionnaireVersion.objects.get(qid="sipas_hp")
    assert resp.status_code == 302 and draft.owner == org.city and draft.status == QuestionnaireStatus.DRAFT
    form = client.get(f"/khao-sat/mau-phieu/{draft.pk}/sua/")
    assert form.status_code == 200
    doc = json.loads(form.context["form"].initial["document"])
    resp = client.post(
        f"/khao-sat/mau-phieu/{draft.pk}/sua/",
        {
            "title": "Phiếu HP",
            "intro": "Xin cảm ơn",
            "document": json.dumps(doc, ensure_ascii=False),
            "text_q1": "Trụ sở dễ tìm",
            "edit_version": draft.edit_version,
        },
    )
    assert resp.status_code == 302
    draft.refresh_from_db()
    assert (
        draft.document["questions"][0]["text"] == "Trụ sở dễ tìm" and draft.document["intro"] == "Xin cảm ơn"
    )
    # an invalid structure is refused with the reason, nothing saved
    bad = dict(doc, questions=[])
    resp = client.post(
        f"/khao-sat/mau-phieu/{draft.pk}/sua/",
        {"title": "X", "intro": "", "document": json.dumps(bad), "edit_version": draft.edit_version},
    )
    assert resp.status_code == 400 and "phiếu chưa có câu hỏi" in resp.content.decode()
    assert client.post(f"/khao-sat/mau-phieu/{draft.pk}/cong-bo/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == QuestionnaireStatus.PUBLISHED
    assert ("sipas_hp:1", "Phiếu HP (v1)") in catalog.choices()
    # a published version is never changed: not through the page, not through the service
    assert client.get(f"/khao-sat/mau-phieu/{draft.pk}/sua/").status_code == 302
    with pytest.raises(DomainError) as info:
        services.questionnaire_update(draft=draft, document=doc, actor=personas.coordinator)
    assert info.value.code == "questionnaire_published"
    draft.document = {}
    with pytest.raises(ValueError):
        draft.save()
    # the next version starts as a draft; the first stays as it was
    client.post(f"/khao-sat/mau-phieu/{draft.pk}/phien-ban-moi/")
    v2 = QuestionnaireVersion.objects.get(qid="sipas_hp", version=2)
    assert v2.status == QuestionnaireStatus.DRAFT and v2.owner == org.city
    assert (
        QuestionnaireVersion.objects.get(qid="sipas_hp", version=1).document["questions"][0]["text"]
        == "Trụ sở dễ tìm"
    )


def test_answers_keep_pointing_to_the_version_they_answered(org, personas, survey, point, client):
    from cchc.surveys import answering
    from cchc.surveys.models import Origin

    copy = services.questionnaire_copy(
        source=shipped(), qid="sipas_x", title="X", owner=org.city, actor=personas.coordinator
    )
    services.questionnaire_publish(draft=copy, actor=personas.coordinator)
    own = services.survey_create(
        title="Riêng", questionnaire="sipas_x:1", unit=org.pc06, opens_at=timezone.now() - timedelta(days=1)
    )
    reading = answering.read_answers(own.questionnaire, {"q1": "5"})
    services.response_record(survey=own, unit_id=org.pc06.pk, origin=Origin.QR, reading=reading)
    v2 = services.questionnaire_new_version(source=copy, actor=personas.coordinator)
    doc = dict(v2.document)
    doc["questions"] = [q for q in doc["questions"] if q["key"] != "q1"]
    doc["dimensions"] = doc["dimensions"]
    services.questionnaire_update(draft=v2, document=doc, actor=personas.coordinator)
    services.questionnaire_publish(draft=v2, actor=personas.coordinator)
    catalog.clear_cache()
    r = Response.objects.get()
    assert (r.survey.questionnaire_id, r.survey.questionnaire_version) == ("sipas_x", 1)
    assert r.survey.questionnaire.question("q1").text  # v1 still has the question answered


def test_editing_is_limited_to_the_owner_organisation_and_admins(org, personas, login):
    copy = services.questionnaire_copy(
        source=shipped(), qid="sipas_hp2", title="HP", owner=org.city, actor=personas.coordinator
    )
    for outsider in (personas.other_coordinator, personas.ward_officer, personas.ward_head, personas.leader):
        with pytest.raises(PermissionDenied):
            services.questionnaire_update(draft=copy, document=copy.document, actor=outsider)
        with pytest.raises(PermissionDenied):
            services.questionnaire_publish(draft=copy, actor=outsider)
    with pytest.raises(PermissionDenied):  # a platform questionnaire: administrators only
        services.questionnaire_new_version(source=shipped(), actor=personas.coordinator)
    with pytest.raises(PermissionDenied):  # copying into another organisation's unit
        services.questionnaire_copy(
            source=shipped(), qid="sipas_snv", title="", owner=org.other_dept, actor=personas.coordinator
        )
    other = login(personas.other_coordinator)
    assert other.get(f"/khao-sat/mau-phieu/{copy.pk}/").status_code == 404  # another organisation's draft
    assert other.post(f"/khao-sat/mau-phieu/{copy.pk}/cong-bo/").status_code == 404
    assert (
        other.post(
            f"/khao-sat/mau-phieu/{shipped().pk}/sao-chep/",
            {"qid": "sipas_y", "title": "", "owner": org.city.pk},
        ).status_code
        == 403
    )
    staff = login(personas.ward_officer)
    assert staff.post(f"/khao-sat/mau-phieu/{copy.pk}/cong-bo/").status_code in (403, 404)
    assert QuestionnaireVersion.objects.get(pk=copy.pk).status == QuestionnaireStatus.DRAFT
    admin = login(personas.admin)
    assert admin.post(f"/khao-sat/mau-phieu/{shipped().pk}/phien-ban-moi/").status_code == 302
    assert QuestionnaireVersion.objects.filter(qid="sipas_citizen", version=3, owner__isnull=True).exists()


def test_a_survey_offers_only_questionnaires_of_organisations_the_user_sees(org, personas, login):
    copy = services.questionnaire_copy(
        source=shipped(),
        qid="sipas_rieng",
        title="Phiếu riêng HP",
        owner=org.city,
        actor=personas.coordinator,
    )
    services.questionnaire_publish(draft=copy, actor=personas.coordinator)
    assert "sipas_rieng:1" in login(personas.coordinator).get("/khao-sat/dot-khao-sat/").content.decode()
    other = login(personas.other_coordinator).get("/khao-sat/dot-khao-sat/").content.decode()
    assert "sipas_rieng:1" not in other and "sipas_citizen:2" in other
