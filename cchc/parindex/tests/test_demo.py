"""Demo data: Sóc Trăng 2023 and 2024 published, Hải Phòng 2026 open; idempotent; the pages render."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.accounts.models import User
from cchc.orgs.demo import load_demo as load_orgs
from cchc.parindex.demo import HP_2026, ST_2023, ST_2024, load_demo
from cchc.parindex.models import Assessment, Evidence, Framework, Round, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_orgs()
    load_demo()


def test_demo_rounds_and_idempotence(demo):
    counts = (
        Round.objects.count(),
        Assessment.objects.count(),
        Score.objects.count(),
        Evidence.objects.count(),
    )
    load_demo()
    assert counts == (
        Round.objects.count(), Assessment.objects.count(), Score.objects.count(), Evidence.objects.count()
    )  # fmt: skip
    st = Round.objects.get(name=ST_2024)
    assert st.phase == Round.Phase.PUBLISHED and st.versions.count() == 1
    assert st.evidence_from.isoformat() == "2023-09-15" and st.evidence_to.isoformat() == "2024-09-14"
    assert st.framework.is_sample and st.assessments.count() == 20
    doc = st.versions.get().document
    assert [u["rank"] for u in doc["units"]] == sorted(u["rank"] for u in doc["units"])
    assert all(u["index"] is not None for u in doc["units"])
    assert Round.objects.get(name=ST_2023).phase == Round.Phase.PUBLISHED
    hp = Round.objects.get(name=HP_2026)
    assert hp.phase == Round.Phase.SELF and hp.council.filter(username="thamdinh.hp").exists()
    assert Framework.objects.filter(is_sample=True).count() == 4  # 2023, 2024, 2025, 2026


def test_demo_pages_render_for_the_demo_accounts(demo, client):
    st = Round.objects.get(name=ST_2024)
    hp = Round.objects.get(name=HP_2026)
    client.force_login(User.objects.get(username="quantri"))
    for url in (
        reverse("parindex:index"),
        reverse("parindex:round_detail", args=[st.pk]),
        reverse("parindex:ranking", args=[st.pk]),
        reverse("parindex:compare") + "?don_vi=ST",
        reverse("parindex:scorecard", args=[st.assessments.first().pk]),
        reverse("parindex:assessment", args=[st.assessments.first().pk]),
        reverse("parindex:framework_detail", args=[st.framework.pk]),
    ):
        r = client.get(url)
        assert r.status_code == 200, url
    assert "2023" in client.get(reverse("parindex:compare") + "?don_vi=ST").content.decode()
    assert client.get(reverse("parindex:announcement", args=[st.pk])).status_code == 200
    client.force_login(User.objects.get(username="canbo.pc06"))
    pc06 = hp.assessments.get(unit__code="HP.PC06")
    page = client.get(reverse("parindex:assessment", args=[pc06.pk])).content.decode()
    assert 'name="self-1.1.1"' in page and "Mẫu tham khảo" in page
    other = hp.assessments.get(unit__code="HP.PC07")
    assert client.get(reverse("parindex:assessment", args=[other.pk])).status_code == 404
    client.force_login(User.objects.get(username="thamdinh.hp"))
    assert client.get(reverse("parindex:round_detail", args=[hp.pk])).status_code == 200
