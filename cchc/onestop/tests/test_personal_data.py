"""Applicants' names, phone numbers and addresses (NĐ 13/2023) are shown and exported unmasked only to the staff and
head of the unit that handles the dossier, to coordinators over it and to administrators; leaders and appraisers
see them masked on every page and export, and cannot find a dossier by a name they may not see."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.onestop import services
from cchc.onestop.importing import dossier_create_at_desk
from cchc.onestop.models import Procedure
from cchc.orgs.scope import can_see_personal_data

from .helpers import load_procedures, working_day_after

pytestmark = pytest.mark.django_db

NAME, MASKED_NAME = "Trần Văn Bình", "Trần V** B***"
PHONE, MASKED_PHONE = "0912345645", "09******45"
ADDRESS, MASKED_ADDRESS = "Số 12 Lê Lợi, phường Hồng Bàng, Hải Phòng", "***, phường Hồng Bàng, Hải Phòng"


@pytest.fixture
def dossier(org, personas):
    load_procedures()
    d = dossier_create_at_desk(
        unit=org.ward,
        procedure=Procedure.objects.get(code="1.001"),
        received_at=timezone.now() - timedelta(days=30),
        code="PD-1",
        applicant_name=NAME,
        applicant_phone=PHONE,
        applicant_address=ADDRESS,
    )
    services.apology_issue(
        dossier=d,
        reason="Cần xác minh",
        new_due_at=working_day_after(max(d.due_at, timezone.now()), 5),
        actor=personas.ward_officer,
    )
    return d


def _pages(client):
    return {
        "list": client.get("/mot-cua/ho-so/").content.decode(),
        "late": client.get("/mot-cua/tre-han/").content.decode(),
        "detail": client.get("/mot-cua/ho-so/PD-1/").content.decode(),
    }


def _exported_names(client) -> list[str]:
    r = client.get("/mot-cua/ho-so/?export=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("Người nộp")
    return [row[col] for row in rows[1:]]


def _letter_text(client) -> str:
    r = client.get("/mot-cua/ho-so/PD-1/phieu-xin-loi.docx")
    assert r.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)


@pytest.mark.parametrize("who", ["leader", "appraiser"])
def test_leaders_and_appraisers_see_applicants_masked_everywhere(login, personas, dossier, who):
    c = login(getattr(personas, who))
    for name, page in _pages(c).items():
        assert "PD-1" in page, name
        assert NAME not in page and MASKED_NAME in page, name
        assert PHONE not in page, name
    detail = _pages(c)["detail"]
    assert MASKED_PHONE in detail and MASKED_ADDRESS in detail and "Lê Lợi" not in detail
    assert _exported_names(c) == [MASKED_NAME]
    letter = _letter_text(c)
    assert NAME not in letter and PHONE not in letter and "Lê Lợi" not in letter and MASKED_NAME in letter


@pytest.mark.parametrize("who", ["ward_officer", "ward_head", "coordinator", "admin"])
def test_the_handling_unit_coordinators_and_admins_see_applicants(login, personas, dossier, who):
    c = login(getattr(personas, who))
    pages = _pages(c)
    for name, page in pages.items():
        assert NAME in page and MASKED_NAME not in page, name
    assert PHONE in pages["detail"] and ADDRESS in pages["detail"]
    assert _exported_names(c) == [NAME]
    assert NAME in _letter_text(c) and PHONE in _letter_text(c)


def test_a_name_search_reveals_nothing_to_those_who_see_it_masked(login, personas, dossier):
    c = login(personas.leader)
    for url in ("/mot-cua/ho-so/", "/mot-cua/tre-han/"):
        assert "PD-1" not in c.get(url, {"q": "Bình"}).content.decode()
        assert "PD-1" not in c.get(url, {"q": "tran van binh"}).content.decode()
        assert "PD-1" in c.get(url, {"q": "pd-1"}).content.decode()  # codes are still searched
    assert 'data-testid="privacy-note"' in c.get("/mot-cua/ho-so/").content.decode()
    c = login(personas.ward_officer)
    assert "PD-1" in c.get("/mot-cua/ho-so/", {"q": "tran van binh"}).content.decode()
    assert 'data-testid="privacy-note"' not in c.get("/mot-cua/ho-so/").content.decode()


def test_the_rule_is_by_role_and_unit(personas, org):
    assert can_see_personal_data(personas.ward_officer, org.ward)
    assert not can_see_personal_data(personas.ward_officer, org.sibling)
    assert can_see_personal_data(personas.coordinator, org.sibling)
    assert not can_see_personal_data(personas.other_coordinator, org.ward)
    assert not can_see_personal_data(personas.leader, org.ward)
    assert not can_see_personal_data(personas.appraiser, org.ward)
    assert not can_see_personal_data(personas.department_head, org.ward)
    assert can_see_personal_data(personas.admin, org.ward)
    assert not can_see_personal_data(personas.outsider, org.ward)


def test_the_dossier_history_masks_a_changed_applicant_too(login, personas, dossier):
    """A re-import or an edit that corrects the applicant is logged (old → new); the history on the dossier page
    shows both values masked to whoever sees the applicant masked."""
    from cchc.audit.context import audit_context
    from cchc.onestop.models import Dossier

    with audit_context(personas.ward_officer, "web"):
        Dossier.objects.filter(pk=dossier.pk).update(
            applicant_name="Lê Thị Hoa",
            applicant_phone="0987654321",
            applicant_address="Số 5 Trần Phú, phường A, HP",
        )
    page = login(personas.leader).get("/mot-cua/ho-so/PD-1/").content.decode()
    for real in (NAME, "Lê Thị Hoa", PHONE, "0987654321", "Lê Lợi", "Trần Phú"):
        assert real not in page, real
    assert MASKED_NAME in page and "Lê T** H**" in page
    page = login(personas.ward_officer).get("/mot-cua/ho-so/PD-1/").content.decode()
    assert NAME in page and "Lê Thị Hoa" in page
