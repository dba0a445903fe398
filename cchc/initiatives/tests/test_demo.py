"""The demo shows the PAR-index bonus end to end: 2025 bonuses decided by the round's council (one accepted, in the
published assessment; one rejected, with the reason); the 2026 bonus waits for the appraisal, saying who decides."""

from __future__ import annotations

import pytest

from cchc.accounts.models import User
from cchc.core.demo import load_all
from cchc.initiatives.demo import ACCEPTED_2025, FLAGSHIP, REJECTED_2025
from cchc.initiatives.models import BonusProposal, Initiative
from cchc.parindex.demo import HP_2025
from cchc.parindex.models import Adjustment, Round

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # loads the whole demo again
def test_the_demo_bonuses_are_decided_by_the_rounds_council(demo, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    counts = (Initiative.objects.count(), BonusProposal.objects.count(), Adjustment.objects.count())
    load_all()
    assert counts == (Initiative.objects.count(), BonusProposal.objects.count(), Adjustment.objects.count())
    member = User.objects.get(username="thamdinh.hp")
    accepted = BonusProposal.objects.get(initiative__title=ACCEPTED_2025)
    rejected = BonusProposal.objects.get(initiative__title=REJECTED_2025)
    assert (accepted.state, accepted.decided_by, accepted.year) == ("accepted", member, 2025)
    assert (rejected.state, rejected.decided_by) == ("rejected", member) and "14/9/2025" in rejected.note
    rnd = Round.objects.get(name=HP_2025)
    assert rnd.phase == Round.Phase.PUBLISHED and rnd.council.filter(pk=member.pk).exists()
    assert accepted.adjustment is not None and accepted.adjustment.assessment.round == rnd
    assert accepted.adjustment.added_by == member
    pc06 = rnd.assessments.get(unit__code="HP.PC06")
    client.force_login(User.objects.get(username="daumoi.hp"))
    page = client.get(f"/chi-so-cchc/danh-gia/{pc06.pk}/").content.decode()
    assert ACCEPTED_2025 in page and 'data-state="accepted"' in page
    hongbang = rnd.assessments.get(unit__code="HP.CAP.HONGBANG")
    page = client.get(f"/chi-so-cchc/danh-gia/{hongbang.pk}/").content.decode()
    assert REJECTED_2025 in page and 'data-state="rejected"' in page
    flagship = BonusProposal.objects.get(initiative__title=FLAGSHIP)
    assert flagship.state == "proposed"
    page = client.get("/sang-kien/diem-thuong/").content.decode()
    assert 'data-testid="bonus-who"' in page and member.display_name in page  # who decides, and when
