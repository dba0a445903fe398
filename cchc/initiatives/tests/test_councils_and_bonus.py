"""Council forms (lines parsed in the form, members from the organising unit's organisation only) and the PAR-index
bonus decided by the chair or secretary of the round's appraisal council — through the pages and the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.errors import DomainError
from cchc.initiatives import services
from cchc.initiatives.forms import CouncilForm
from cchc.initiatives.models import BonusProposal, Council
from cchc.orgs.models import OrgUnit
from cchc.parindex.models import Adjustment, Round
from tests.factories import member, person

from .support import council, recognised

pytestmark = pytest.mark.django_db

CRITERIA_TEXT = "1 | Tính mới | 30\n2 | Khả năng áp dụng | 30\n3 | Hiệu quả | 40"


def _form(org: Any, **data: str) -> CouncilForm:
    post = {
        "owner": str(org.city.pk),
        "name": "Hội đồng sáng kiến",
        "scope": "unit",
        "year": "2026",
        "members": "lanhdao | chu-tich\nthamdinh | uy-vien",
        "criteria": CRITERIA_TEXT,
        **data,
    }
    return CouncilForm(post, owners=OrgUnit.objects.filter(pk=org.city.pk))


def test_the_form_parses_members_and_criteria_into_data(org, personas):
    form = _form(org)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["members"] == [(personas.leader, "chair"), (personas.appraiser, "member")]
    assert form.cleaned_data["criteria"][2] == ("3", "Hiệu quả", Decimal("40.00"))


def test_every_bad_line_is_named(org, personas):
    form = _form(
        org,
        members="lanhdao | chu-tich\n\nthamdinh | pho-chu-tich\nkhongco | uy-vien\nlanhdao | uy-vien",
        criteria="1 | Tính mới | 30\n2 | Khả năng\n3 | Hiệu quả | bốn mươi\n1 | Lặp | 10\n4 | Âm | -5",
    )
    assert not form.is_valid()
    members, criteria = form.errors["members"], form.errors["criteria"]
    assert any(e.startswith("Dòng 3: vai trò “pho-chu-tich” không hợp lệ") for e in members)
    assert any(e.startswith("Dòng 4: “khongco” không phải tài khoản đang hoạt động") for e in members)
    assert "Dòng 5: lanhdao đã có ở dòng 1." in members
    assert "Dòng 2: cần “mã | tiêu chí | điểm tối đa”." in criteria
    assert "Dòng 3: điểm tối đa “bốn mươi” không phải là số." in criteria
    assert "Dòng 4: mã “1” đã dùng ở dòng 1." in criteria
    assert any(e.startswith("Dòng 5: điểm tối đa phải lớn hơn 0") for e in criteria)
    no_chair = _form(org, members="thamdinh | uy-vien")
    assert (
        not no_chair.is_valid()
        and "Hội đồng phải có đúng một chủ tịch (hiện có 0)." in no_chair.errors["members"]
    )


def test_a_council_refuses_members_from_another_organisation_or_inactive(org, personas, login):
    other_org = member(person("chuyenvien.snv"), org.other_dept, "staff")  # UBND tree, not the police
    gone = member(person("nghihuu"), org.pv01, "staff")
    gone.is_active = False
    gone.save()
    client = login(personas.coordinator)
    post = {
        "owner": org.city.pk,
        "name": "Hội đồng sáng kiến Công an thành phố",
        "scope": "unit",
        "year": "2026",
        "members": f"lanhdao | chu-tich\n{other_org.username} | uy-vien\n{gone.username} | uy-vien",
        "criteria": CRITERIA_TEXT,
    }
    r = client.post("/sang-kien/hoi-dong/moi/", post)
    page = r.content.decode()
    assert r.status_code == 200 and not Council.objects.exists()
    assert f"Dòng 2: “{other_org.username}” không phải tài khoản đang hoạt động của" in page
    assert (
        f"Dòng 3: “{gone.username}”" in page and "Hội đồng sáng kiến Công an thành phố" in page
    )  # input kept
    assert client.post("/sang-kien/hoi-dong/moi/", {**post, "owner": org.other_city.pk}).status_code == 200
    assert not Council.objects.exists()  # an owner the user does not manage is not a choice
    post["members"] = (
        "lanhdao | chu-tich\nthamdinh | thu-ky\ncanbo.a | uy-vien"  # a ward officer: in the subtree
    )
    r = client.post("/sang-kien/hoi-dong/moi/", post)
    assert r.status_code == 302
    assert sorted(Council.objects.get().members.values_list("role", flat=True)) == [
        "chair",
        "member",
        "secretary",
    ]
    with pytest.raises(DomainError) as exc:  # the service refuses it too (commands, imports, forged calls)
        services.council_create(
            actor=personas.other_coordinator,
            owner=org.other_city,
            name="Hội đồng thành phố",
            scope="province",
            year=2026,
            members=[(personas.other_coordinator, "chair"), (personas.appraiser, "member")],
            criteria=[("1", "Tính mới", Decimal(30))],
        )
    assert exc.value.code == "member_outside"


def _round_with_council(org: Any, personas: Any, *, phase: str = Round.Phase.ROUND1) -> Round:
    from cchc.parindex import services as par

    fw = par.sample_framework(year=2026, actor=personas.coordinator)
    rnd = par.round_create(
        actor=personas.coordinator,
        framework=fw,
        owner_unit=org.city,
        name="Xác định Chỉ số CCHC năm 2026",
        units=[org.ward, org.sibling],
        evidence_from=date(2025, 9, 15),
        evidence_to=date(2026, 9, 14),
        council=[personas.appraiser, personas.leader],
        chair=personas.appraiser,
    )
    rnd.phase = phase
    rnd.save(update_fields=["phase"])
    return rnd


def _bonus(org: Any, personas: Any) -> BonusProposal:
    initiative = recognised(org, personas)
    city = council(org, personas, scope="province", members=[(personas.other_coordinator, "chair")])
    higher = services.review_open(initiative=initiative, actor=personas.other_coordinator, council=city)
    services.scores_save(
        review=higher, actor=personas.other_coordinator, points={"1": "20", "2": "20", "3": "30"}
    )
    services.review_decide(review=higher, actor=personas.other_coordinator, recognised=True)
    return BonusProposal.objects.get()


def test_only_the_rounds_chair_or_secretary_accepts_the_bonus(org, personas, login):
    rnd = _round_with_council(org, personas)
    bonus = _bonus(org, personas)
    assessment = rnd.assessments.get(unit=org.ward)
    # the coordinator manages the ward but does not sit on the round's council: told who may, refused
    page = login(personas.coordinator).get("/sang-kien/diem-thuong/").content.decode()
    assert 'data-testid="bonus-who"' in page and personas.appraiser.display_name in page
    assert f"/sang-kien/diem-thuong/{bonus.pk}/" not in page
    r = login(personas.coordinator).post(f"/sang-kien/diem-thuong/{bonus.pk}/", {"decision": "accept"})
    assert r.status_code == 403
    with pytest.raises(PermissionDenied):  # a member who is not the chair or secretary
        services.bonus_decide(proposal=bonus, actor=personas.leader, accept=True)
    with pytest.raises(PermissionDenied):
        services.bonus_decide(proposal=bonus, actor=personas.coordinator, accept=False, note="Không")
    assert BonusProposal.objects.get().state == "proposed" and not Adjustment.objects.exists()
    # the chair sees it on the unit's assessment page and accepts it there
    chair = login(personas.appraiser)
    page = chair.get(f"/chi-so-cchc/danh-gia/{assessment.pk}/").content.decode()
    assert 'data-testid="proposed-bonuses"' in page and f"/sang-kien/diem-thuong/{bonus.pk}/" in page
    r = chair.post(
        f"/sang-kien/diem-thuong/{bonus.pk}/",
        {"decision": "accept", "next": f"/chi-so-cchc/danh-gia/{assessment.pk}/#thuong-phat"},
    )
    assert r.status_code == 302 and r["Location"].startswith(f"/chi-so-cchc/danh-gia/{assessment.pk}/")
    bonus.refresh_from_db()
    adjustment = Adjustment.objects.get()
    assert (
        bonus.state == "accepted"
        and bonus.adjustment == adjustment
        and adjustment.added_by == personas.appraiser
    )
    assert adjustment.assessment == assessment and adjustment.points == Decimal(2)
    page = login(personas.leader).get(f"/chi-so-cchc/danh-gia/{assessment.pk}/").content.decode()
    assert "Sáng kiến “Tiếp nhận bằng mã QR” được công nhận" in page and 'data-state="accepted"' in page


def test_the_bonus_waits_for_the_appraisal_phase_and_a_rejection_needs_a_reason(org, personas, login):
    rnd = _round_with_council(org, personas, phase=Round.Phase.SELF)
    bonus = _bonus(org, personas)
    with pytest.raises(DomainError) as exc:
        services.bonus_decide(proposal=bonus, actor=personas.appraiser, accept=True)
    assert exc.value.code == "wrong_phase"
    page = login(personas.appraiser).get(f"/sang-kien/{bonus.initiative_id}/").content.decode()
    assert 'data-testid="bonus-who"' in page and "Tự đánh giá" in page
    rnd.phase = Round.Phase.ROUND2
    rnd.save(update_fields=["phase"])
    with pytest.raises(DomainError) as exc:
        services.bonus_decide(proposal=bonus, actor=personas.appraiser, accept=False)
    assert exc.value.code == "reason_required"
    services.bonus_decide(
        proposal=bonus, actor=personas.appraiser, accept=False, note="Sau ngày chốt số liệu"
    )
    bonus.refresh_from_db()
    assert (bonus.state, bonus.decided_by) == ("rejected", personas.appraiser)
    page = login(personas.appraiser).get(f"/chi-so-cchc/danh-gia/{rnd.assessments.get(unit=org.ward).pk}/")
    assert (
        'data-state="rejected"' in page.content.decode() and "Sau ngày chốt số liệu" in page.content.decode()
    )
