"""The 766 ranking says how many units lack data (issue 13): flagged units and units with no dossier in the period."""

import pytest

from .test_portal_figure_approval import Q, ranked  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_ranking_counts_units_lacking_data(login, personas, org, ranked):  # noqa: F811
    r = login(personas.coordinator).get(f"/mot-cua/chi-so/?unit={org.city.code}&{Q}")
    assert r.status_code == 200
    ranked_units = len(r.context["children"])
    children = org.city.children.count()
    flagged = sum(1 for c in r.context["children"] if c["mark"] and c["mark"].flagged)
    assert r.context["lacking_data"] == flagged + children - ranked_units
    assert r.context["no_dossier_units"] == children - ranked_units > 0
    assert f'data-count="{r.context["lacking_data"]}"' in r.content.decode()


def test_petition_items_score_full_only_when_the_pakn_records_say_no_pakn(org, ranked):  # noqa: F811
    from cchc.onestop import unitscore

    from .test_portal_figure_approval import FROM, TO, _ranks

    _r, b = _ranks(org)
    before = {r.code: r for _u, _c, r in b.children}
    assert "PETITION_PROCESSING_ON_TIME" in b.marks["HP.CAP.A"].missing  # no figure: said, not a silent 6

    def pakn(unit_ids, date_from, date_to):
        assert (date_from, date_to) == (FROM, TO)
        return {
            org.ward.pk: {"PETITION_PROCESSING_ON_TIME": (0, 0), "PETITION_HANDLING_SATISFACTION": (0, 0)},
            org.sibling.pk: {"PETITION_PROCESSING_ON_TIME": (1, 2), "PETITION_HANDLING_SATISFACTION": (2, 2)},
        }

    unitscore.register_petition_source(pakn)
    try:
        _r, b = _ranks(org)
    finally:
        unitscore.PETITION_SOURCES.remove(pakn)
    after = {r.code: r for _u, _c, r in b.children}
    assert after["HP.CAP.A"].total_cents == before["HP.CAP.A"].total_cents + 1200  # no PAKN at all: 6 + 6
    assert after["HP.CAP.B"].total_cents == before["HP.CAP.B"].total_cents + 300 + 600
    assert "PETITION_PROCESSING_ON_TIME" not in b.marks["HP.CAP.A"].missing
