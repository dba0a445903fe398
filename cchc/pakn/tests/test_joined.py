"""Joined with the other modules: the 766 petition items and dossier satisfaction, the report figures source."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from cchc.pakn import services
from cchc.pakn.figures import pakn_figures, petition_inputs
from cchc.reports.figures import SOURCES


def _record(unit: Any, **kw: Any) -> Any:
    return services.record_create(
        unit=unit,
        actor=None,
        channel="portal",
        sender_type="citizen",
        kind="phan_anh",
        title="T",
        content="C",
        sender_name="Nguyễn Văn A",
        sender_address="Hải Phòng",
        sender_phone="0912345678",
        **kw,
    )


def test_petition_items_come_from_records_when_there_are_some(org: Any) -> None:
    today = timezone.localdate()
    start = today - timedelta(days=30)
    assert petition_inputs(org.city, start, today) is None  # no records: the portal's figures count
    _record(org.ward)
    _record(org.sibling, category="conduct")
    figures = petition_inputs(org.city, start, today)
    assert figures == {"PETITION_PROCESSING_ON_TIME": (2, 2), "PETITION_HANDLING_SATISFACTION": (2, 2)}
    assert petition_inputs(org.other_city, start, today) is None
    from cchc.onestop.unitscore import PETITION_SOURCES, petition_counts

    from ..figures import petition_counts_by_unit

    assert petition_counts_by_unit in PETITION_SOURCES
    assert petition_counts([org.ward.pk, org.other_city.pk], start, today) == {
        org.ward.pk: {"PETITION_PROCESSING_ON_TIME": (1, 1), "PETITION_HANDLING_SATISFACTION": (1, 1)}
    }


def test_report_figures_source(org: Any) -> None:
    assert SOURCES["pakn"] is pakn_figures
    _record(org.ward)
    _record(org.ward, category="conduct")
    today = timezone.localdate()
    out = pakn_figures([org.city, org.sibling], date(today.year, 1, 1), today)
    assert out[org.city.pk]["received"] == 2 and out[org.city.pk]["conduct"] == 1
    assert out[org.city.pk]["in_progress"] == 2 and out[org.sibling.pk]["received"] == 0


def test_a_pakn_naming_a_dossier_counts_against_dossier_satisfaction(org: Any) -> None:
    from cchc.onestop.importing import dossier_create_at_desk
    from cchc.onestop.indicators import unit_counts
    from cchc.onestop.models import Procedure
    from cchc.onestop.ontime import period
    from cchc.onestop.tests.helpers import load_procedures

    load_procedures()
    now = timezone.now()
    procedure = Procedure.objects.order_by("code").first()
    assert procedure is not None
    for code in ("HS-1", "HS-2"):
        dossier_create_at_desk(
            unit=org.ward,
            procedure=procedure,
            received_at=now - timedelta(days=2),
            code=code,
            applicant_name="A",
        )
    p = period(timezone.localdate() - timedelta(days=5), timezone.localdate())
    assert unit_counts(p, [org.ward.pk])[org.ward.pk].r_unhappy == 0
    _record(org.ward, dossier_code="HS-2")
    assert unit_counts(p, [org.ward.pk])[org.ward.pk].r_unhappy == 1


def test_the_766_page_says_the_petition_items_come_from_the_records(
    org: Any, personas: Any, login: Any
) -> None:
    from cchc.onestop.tests.helpers import load_procedures

    load_procedures()
    _record(org.ward)
    today = timezone.localdate()
    page = login(personas.coordinator).get(
        "/mot-cua/chi-so/",
        {"unit": "HP", "from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()},
    )
    assert page.status_code == 200 and "sổ PAKN" in page.content.decode()
