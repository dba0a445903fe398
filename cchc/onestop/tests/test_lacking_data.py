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
