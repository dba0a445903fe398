"""The ranking and year-over-year pages read published results through one selector call and pure functions:
searching, averaging per lĩnh vực, which rows link to a scorecard, the year table; the rows a unit's people see."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.orgs.scope import scope_for
from cchc.parindex import result_tables, selectors, services

from .conftest import SMALL, publish

pytestmark = pytest.mark.django_db


def _unit(code, name, index, percents, rank=1):
    return {
        "code": code, "name": name, "rank": rank, "index": index, "band": "Tốt", "achieved": 8, "max": 10,
        "bonus": 0, "penalty": 0,
        "fields": [{"code": str(i + 1), "title": f"LV {i + 1}", "percent": p} for i, p in enumerate(percents)],
    }  # fmt: skip


A = _unit("HP.CAP.A", "Công an phường Hồng Bàng", 90.5, [80, None])
B = _unit("HP.PC06", "Phòng Cảnh sát quản lý hành chính", 70.25, [71, None], rank=2)


def test_find_units_by_code_or_name_ignoring_case():
    assert result_tables.find_units([A, B], "  hồng ") == [A]
    assert result_tables.find_units([A, B], "pc06") == [B]
    assert result_tables.find_units([A, B], "") == [A, B]


def test_field_averages_skip_missing_percentages():
    (first, avg1), (second, avg2) = result_tables.field_averages([A, B])
    assert (first["code"], avg1) == ("1", Decimal("75.50"))
    assert (second["code"], avg2) == ("2", None)  # nobody has a figure
    assert result_tables.field_averages([]) == []


def test_bands_of_a_document():
    assert result_tables.bands({"bands": [{"name": "Tốt", "min": 80}]}) == [("Tốt", Decimal("80"))]
    assert result_tables.bands(None) == [] and result_tables.bands({}) == []


def test_ranking_rows_link_own_units_or_all_for_those_who_see_the_round():
    ids = {"HP.CAP.A": 11, "HP.PC06": 12}
    rows = result_tables.ranking_rows([A, B], ids, {"HP.CAP.A"}, sees_all=False)
    assert [(r.mine, r.scorecard) for r in rows] == [(True, 11), (False, None)]
    rows = result_tables.ranking_rows([A, B], {"HP.PC06": 12}, set(), sees_all=True)
    assert [(r.mine, r.scorecard) for r in rows] == [(False, None), (False, 12)]  # A has no assessment


def test_year_table_side_by_side_oldest_first():
    renamed = {**A, "name": "Tên mới", "index": 95}
    table = result_tables.year_table(
        [result_tables.Published(2026, [renamed]), result_tables.Published(2025, [A, B])]
    )
    assert table.years == [2025, 2026]
    assert [code for code, _row in table.rows] == ["HP.CAP.A", "HP.PC06"]
    a_row = dict(table.rows)["HP.CAP.A"]
    assert a_row["name"] == A["name"] and set(a_row["by_year"]) == {2025, 2026}  # the name first seen
    assert table.series == [
        (A["name"], [(2025, Decimal("90.5")), (2026, Decimal("95"))]),
        (B["name"], [(2025, Decimal("70.25")), (2026, None)]),
    ]


def test_ranking_table_body_escapes_and_links():
    from cchc.parindex.templatetags.parindex_tags import heat_table_rows, ranking_table_rows

    evil = {**A, "name": "<b>x</b>"}
    html = str(
        ranking_table_rows(result_tables.ranking_rows([evil], {"HP.CAP.A": 7}, {"HP.CAP.A"}, sees_all=False))
    )
    assert html.startswith('<tr class="mine"><td class="num">1</td><td><a href="')
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html and "90,5" in html
    heat = str(heat_table_rows(result_tables.heat_cells([evil])))
    assert heat.startswith('<tr><td>&lt;b&gt;x&lt;/b&gt;</td><td class="p" style="background: ')
    assert ">80<" in heat and ">—<" in heat


# --- the selector over several rounds ---------------------------------------------------------------------------


def _published(year, org, personas):
    document = copy.deepcopy(SMALL)
    document["framework"].update(year=year, name=f"Bộ tiêu chí {year}")
    rnd = services.round_create(
        actor=personas.coordinator, framework=services.framework_import(document=document), owner_unit=org.city,
        name=f"Đợt {year}", units=[org.pc06, org.ward], evidence_from=date(year - 1, 9, 15),
        evidence_to=date(year, 9, 14), council=[personas.appraiser],
    )  # fmt: skip
    rnd.phase = rnd.Phase.ROUND2
    rnd.save()
    for a in rnd.assessments.all():
        services.appraisal_save(
            assessment=a, actor=personas.appraiser, round_no=2,
            entries={c: {"score": v} for c, v in {"1.1": "3", "1.2": "2", "2.1": "2", "2.2": "1"}.items()},
        )  # fmt: skip
    publish(rnd, personas)
    return rnd


@pytest.fixture
def three_years(org, personas):
    return [_published(year, org, personas) for year in (2024, 2025, 2026)]


def test_published_results_in_a_fixed_number_of_queries(three_years, personas, django_assert_max_num_queries):
    for who, codes in (("coordinator", {"HP.CAP.A", "HP.PC06"}), ("ward_officer", {"HP.CAP.A"})):
        user = getattr(personas, who)
        scope_for(user)  # the scope is read once per request
        rounds = list(selectors.rounds_for_user(user))
        with django_assert_max_num_queries(3):
            published = selectors.published_results(user, rounds)
        assert sorted(p.year for p in published) == [2024, 2025, 2026], who
        assert all({u["code"] for u in p.units} == codes for p in published), who


def test_compare_page_shows_a_unit_its_own_rows_every_year(three_years, personas, login, org):
    page = login(personas.ward_officer).get(reverse("parindex:compare") + "?don_vi=HP").content.decode()
    assert all(str(y) in page for y in (2024, 2025, 2026))
    assert org.ward.name in page and org.pc06.name not in page
    page = login(personas.leader).get(reverse("parindex:compare") + "?don_vi=HP").content.decode()
    assert org.ward.name in page and org.pc06.name in page
