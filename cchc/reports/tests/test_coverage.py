"""Issue 14: a cycle covers every unit of its group or subtree, units added later included; a plan's text proposes
the cycle its §III states."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.orgs.models import UnitGroup
from cchc.reports import services
from cchc.reports.models import Status
from cchc.reports.plan_rule import cycle_create_query, reporting_rule
from cchc.reports.tasks import sync_cycles
from tests.factories import UnitFactory

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def _cycle(org, **kw):
    return services.cycle_create(
        office=org.city, name="Báo cáo 2026", year=2026, preset="bnv", template_code="cchc-dinh-ky", **kw
    )


@pytest.mark.django_db
def test_subtree_cycle_covers_every_unit_to_its_depth(org):
    team = UnitFactory(code="HP.PV01.D6", name="Đội 6", kind="team", parent=org.pv01)
    cycle = _cycle(org, subtree_root=org.city, subtree_depth=1)
    q3 = cycle.periods.get(kind="q3")
    units = set(q3.submissions.values_list("unit__code", flat=True))
    assert units == {"HP.PV01", "HP.PC06", "HP.CAP.A", "HP.CAP.B"}  # the office itself and the team are not
    deep = _cycle(org, subtree_root=org.city)
    assert team.code in set(deep.periods.get(kind="q3").submissions.values_list("unit__code", flat=True))


@pytest.mark.django_db
def test_units_added_later_join_the_periods_not_yet_due(org):
    group = UnitGroup.objects.create(
        code="HP.CAXP", name="Công an xã", root=org.city, kinds=["commune_police"]
    )
    cycle = _cycle(org, group=group)
    h1, q3 = cycle.periods.get(kind="h1"), cycle.periods.get(kind="q3")
    assert h1.submissions.count() == q3.submissions.count() == 2
    newcomer = UnitFactory(code="HP.CAP.C", name="Công an phường Mới", kind="commune_police", parent=org.city)
    result = sync_cycles(today=date(2026, 7, 1))
    assert result["added"] == 2  # q3 and the year report; h1 (due 20/06) is closed
    assert q3.submissions.filter(unit=newcomer).exists()
    assert not h1.submissions.filter(unit=newcomer).exists()
    assert sync_cycles(today=date(2026, 7, 1))["added"] == 0  # idempotent
    # a unit that ends before a period's due date is no longer expected there (its untouched report goes)
    newcomer.valid_to = date(2026, 8, 31)
    newcomer.save()
    services.cycle_sync_units(cycle=cycle, today=date(2026, 7, 1))
    assert not q3.submissions.filter(unit=newcomer).exists()


@pytest.mark.django_db
def test_a_draft_of_a_unit_gone_from_the_group_is_kept(org, personas):
    cycle = _cycle(org, units=[org.ward, org.sibling])
    q3 = cycle.periods.get(kind="q3")
    sub = q3.submissions.get(unit=org.sibling)
    services.submission_save(
        submission=sub, actor=personas.sibling_officer, narratives={"tthc.noi_dung": "x"}
    )
    cycle.units.remove(org.sibling)
    services.cycle_sync_units(cycle=cycle, today=date(2026, 7, 1))
    assert q3.submissions.filter(unit=org.sibling, status=Status.DRAFT).exists()  # nothing typed is lost


@pytest.mark.django_db
def test_expected_units_stay_inside_the_office_and_sync_needs_the_manager(org, personas, login):
    group = UnitGroup.objects.create(code="ALL.DEPT", name="Mọi sở", kinds=["department", "commune_police"])
    cycle = _cycle(org, group=group)
    codes = {u.code for u in services.expected_units(cycle, on=date(2026, 9, 20))}
    assert "UBHP.SNV" not in codes and {"HP.CAP.A", "HP.CAP.B"} <= codes
    with pytest.raises(ValidationError):
        _cycle(org, subtree_root=org.other_city)
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            office=org.city,
            name="x",
            year=2026,
            preset="bnv",
            template_code="cchc-dinh-ky",
            subtree_root=org.city,
            actor=personas.other_coordinator,
        )
    url = f"/bao-cao/chu-ky/{cycle.pk}/cap-nhat-don-vi/"
    assert login(personas.ward_head).post(url).status_code in (403, 404)
    assert login(personas.other_coordinator).post(url).status_code == 404
    assert login(personas.coordinator).post(url).status_code == 302


@pytest.mark.django_db
def test_cycle_form_creates_a_subtree_cycle(org, personas, login):
    client = login(personas.coordinator)
    page = client.get(
        "/bao-cao/chu-ky/moi/?preset=custom&due_q1=15&due_year=15&year=2026&office=HP&name=Theo+k%E1%BA%BF+ho%E1%BA%A1ch"
    ).content.decode()
    assert 'value="Theo kế hoạch"' in page and 'name="due_q1" value="15"' in page
    response = client.post(
        "/bao-cao/chu-ky/moi/",
        {
            "office": org.city.pk,
            "name": "Cây",
            "year": 2026,
            "preset": "bnv",
            "template": "cchc-dinh-ky",
            "subtree_root": org.city.pk,
            "subtree_depth": 1,
        },
    )
    assert response.status_code == 302
    from cchc.reports.models import ReportingCycle

    cycle = ReportingCycle.objects.get(name="Cây")
    assert cycle.subtree_root == org.city and cycle.periods.get(kind="q1").submissions.count() == 4


def test_reporting_rule_of_a_plan_with_dates():
    rule = reporting_rule(
        "III. TỔ CHỨC THỰC HIỆN\n+ Báo cáo định kỳ: (1) Báo cáo Quý I (trước ngày 15/3); (2) Báo cáo 06 tháng "
        "(trước ngày 15/6); (3) Báo cáo Quý III (trước ngày 15/9); (4) Báo cáo năm (trước ngày 15/12)."
    )
    assert rule is not None and rule.kinds == ("q1", "h1", "q3", "year")
    assert rule.due_days == {"q1": 15, "h1": 15, "q3": 15, "year": 15} and rule.preset == "catinh-soctrang"


def test_reporting_rule_custom_days_and_none():
    rule = reporting_rule("Chế độ báo cáo: báo cáo 6 tháng trước ngày 05/6, báo cáo năm trước ngày 05/12.")
    assert rule is not None and rule.kinds == ("h1", "year") and rule.preset is None
    query = cycle_create_query(rule, year=2026, office_code="HP", name="KH")
    assert "preset=custom" in query and "due_h1=5" in query and "due_year=5" in query
    assert reporting_rule("Kế hoạch kiểm tra công tác CCHC năm 2026.") is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize(
    "seed,preset",
    [("000", "bnv"), ("001", "catinh-soctrang"), ("002", "haiphong"), ("003", None), ("004", "hanoi-phuong")],
)
def test_reporting_rule_of_the_seed_plans(seed, preset):
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    rule = reporting_rule(text)
    if preset is None:
        assert rule is None
    else:
        assert rule is not None and rule.preset == preset and rule.kinds == ("q1", "h1", "q3", "year")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.django_db
def test_plan_import_preview_offers_the_reporting_cycle(org, personas, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = next(SEEDS.glob("001_*.txt"))
    client = login(personas.coordinator)
    response = client.post(
        "/ke-hoach/nhap/",
        {"issuer": "HP", "year": 2025, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="cycle-offer"' in page and "Tạo chu kỳ báo cáo" in page
    assert "/bao-cao/chu-ky/moi/?" in page and "preset=catinh-soctrang" in page and "office=HP" in page
    assert "hạn ngày 15/3" in page


@pytest.mark.django_db
def test_coverage_of_an_existing_cycle_is_changed_by_its_office_only(org, personas, login):
    cycle = services.cycle_create(  # a year to come: its periods are all still open
        office=org.city, name="2030", year=2030, preset="bnv", template_code="cchc-dinh-ky", units=[org.ward]
    )
    url = f"/bao-cao/chu-ky/{cycle.pk}/don-vi/"
    assert login(personas.other_coordinator).post(url, {"unit_codes": "HP.CAP.B"}).status_code == 404
    assert login(personas.ward_head).get(url).status_code in (403, 404)
    client = login(personas.coordinator)
    assert "HP.CAP.A" in client.get(url).content.decode()
    response = client.post(url, {"subtree_root": org.city.pk, "subtree_depth": 1})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.subtree_root == org.city and not cycle.units.exists()
    year = cycle.periods.get(kind="year")
    assert set(year.submissions.values_list("unit__code", flat=True)) == {
        "HP.PV01",
        "HP.PC06",
        "HP.CAP.A",
        "HP.CAP.B",
    }
    page = client.post(url, {"unit_codes": "UBHP.SNV"}).content.decode()  # outside the office: refused
    assert "Không xác định được đúng một đơn vị" in page
