"""Figures a unit types from the national portal are proposals: range-checked, counted in the 766 scores and the
rankings only once a coordinator with no conflict of interest approves them, and until then the unit is marked."""

from datetime import date

import pytest

from cchc.audit.models import AuditEvent
from cchc.onestop.input766 import figure_problems
from cchc.onestop.models import PortalFigure
from cchc.onestop.ontime import period
from cchc.onestop.scoring import ready_score_cents
from cchc.onestop.unitscore import board
from cchc.workdays.services import calendar_for
from tests.factories import member, person

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db

FROM, TO = date(2026, 1, 1), date(2026, 3, 31)
Q = f"from={FROM}&to={TO}"
ENTRY = "/mot-cua/chi-so/so-lieu-cong/"
QUEUE = "/mot-cua/chi-so/so-lieu-cong/cho-duyet/"


def _dossier(code, unit_code, *, late=False, digitized=False):
    return {
        "code": code,
        "unit_code": unit_code,
        "procedure_code": "1.001",
        "channel": "online",
        "received_at": "2026-02-02T09:00:00+07:00",
        "due_at": "2026-02-05T17:00:00+07:00",
        "finished_at": "2026-02-10T10:00:00+07:00" if late else "2026-02-04T10:00:00+07:00",
        "status": "done",
        "digitized": "1" if digitized else "0",
    }


@pytest.fixture
def ranked(org):
    """Ward A: half its dossiers late (50% on time) but all digitized; ward B: all on time, none digitized.
    B ranks first; A would rank first with a typed 100% on time."""
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table

    load_procedures()
    rows = [
        _dossier("A-1", "HP.CAP.A", digitized=True),
        _dossier("A-2", "HP.CAP.A", late=True, digitized=True),
        _dossier("B-1", "HP.CAP.B"),
        _dossier("B-2", "HP.CAP.B"),
    ]
    import_dossiers(read_table(dossiers_csv(rows), "x.csv"))


def _ranks(org):
    b = board(org.city, period(FROM, TO), FROM, TO, calendar_for(org.city))
    return {u.code: r.rank for u, _c, r in b.children}, b


def _propose(client, org, **data):
    return client.post(f"{ENTRY}?unit={org.ward.code}&{Q}", data)


def test_typed_100_percent_does_not_move_the_ranking_until_a_coordinator_approves(
    login, personas, org, ranked
):
    ranks, b = _ranks(org)
    assert ranks == {"HP.CAP.B": 1, "HP.CAP.A": 2}
    before = b.children[1][2].total_cents
    r = _propose(login(personas.ward_officer), org, code="DOSSIER_ON_TIME", ratio="100")
    assert r.status_code == 302
    figure = PortalFigure.objects.get(unit=org.ward, code="DOSSIER_ON_TIME")
    assert figure.state == "proposed" and figure.entered_by == personas.ward_officer
    ranks, b = _ranks(org)
    assert ranks == {"HP.CAP.B": 1, "HP.CAP.A": 2}  # the proposal changes nothing
    assert {r.code: r.total_cents for _u, _c, r in b.children}["HP.CAP.A"] == before
    assert b.marks["HP.CAP.A"].unapproved == ("DOSSIER_ON_TIME",) and not b.marks["HP.CAP.B"].unapproved

    c = login(personas.coordinator)
    queue = c.get(QUEUE).content.decode()
    assert f'data-figure="{figure.pk}"' in queue and "DOSSIER_ON_TIME" in queue
    r = c.post(f"/mot-cua/chi-so/so-lieu-cong/{figure.pk}/duyet/", {"action": "approve"})
    assert r.status_code == 302
    figure.refresh_from_db()
    assert figure.state == "approved" and figure.decided_by == personas.coordinator and figure.decided_at
    ranks, b = _ranks(org)
    # approved, but the platform computes DOSSIER_ON_TIME from A's own dossiers: the typed figure never overrides it
    assert ranks == {"HP.CAP.B": 1, "HP.CAP.A": 2}
    assert {r.code: r.total_cents for _u, _c, r in b.children}["HP.CAP.A"] == before
    assert not b.marks["HP.CAP.A"].unapproved
    page = login(personas.ward_officer).get(f"{ENTRY}?unit={org.ward.code}&{Q}")
    assert page.context["figures"][0].computed == 50.0  # shown beside the typed 100
    # Every step is in the audit log, with who did it.
    events = AuditEvent.objects.filter(table_name="onestop_portalfigure", object_pk=str(figure.pk)).order_by(
        "at"
    )
    assert [e.action for e in events] == ["I", "U"]
    assert events[0].actor_id == personas.ward_officer.pk and events[1].actor_id == personas.coordinator.pk
    assert events[1].new["state"] == "approved"


def test_an_approved_figure_the_platform_cannot_compute_counts(login, personas, org, ranked):
    _ranks_before, b = _ranks(org)
    before = {r.code: r.total_cents for _u, _c, r in b.children}["HP.CAP.A"]
    figure = PortalFigure.objects.create(
        unit=org.ward, period_from=FROM, period_to=TO, code="DOSSIER_SYNC", ratio=100,
        state=PortalFigure.State.APPROVED, entered_by=personas.ward_officer,
    )  # fmt: skip
    _ranks_now, b = _ranks(org)
    assert {r.code: r.total_cents for _u, _c, r in b.children}["HP.CAP.A"] == before + 600
    assert figure.pk


def test_ranking_and_unit_page_mark_units_with_unapproved_figures(login, personas, org, ranked):
    _propose(login(personas.ward_officer), org, code="DOSSIER_ON_TIME", ratio="100")
    c = login(personas.coordinator)
    page = c.get(f"/mot-cua/chi-so/?unit={org.city.code}&{Q}").content.decode()
    ranking = page.split('class="list ranking"')[1].split("</table>")[0]
    row_a = next(r for r in ranking.split("<tr>") if "Công an phường Hồng Bàng" in r)
    row_b = next(r for r in ranking.split("<tr>") if "Công an phường Lê Chân" in r)
    assert 'data-mark="unapproved"' in row_a and 'data-mark="unapproved"' not in row_b
    assert 'data-testid="ranking-legend"' in page and "chưa được cán bộ đầu mối duyệt" in page
    page = c.get(f"/mot-cua/chi-so/?unit={org.ward.code}&{Q}").content.decode()
    assert 'data-testid="own-mark"' in page and "chưa được duyệt" in page
    assert "số liệu nhập chờ duyệt" in page


def test_missing_portal_only_figures_are_marked_not_silently_zero(login, personas, org, ranked):
    # Nothing typed: the portal-only items (sync, petitions, certified copies) have no figure at all.
    _unused, b = _ranks(org)
    assert "DOSSIER_SYNC" in b.marks["HP.CAP.A"].missing and b.marks["HP.CAP.A"].flagged
    page = login(personas.coordinator).get(f"/mot-cua/chi-so/?unit={org.city.code}&{Q}").content.decode()
    assert 'data-mark="missing"' in page and "đang tính 0 điểm" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "ONLINE", "score": "15"}, "score", "Điểm phải từ 0 đến điểm tối đa 12"),
        ({"code": "DOSSIER_SYNC", "ratio": "120"}, "ratio", "Tỷ lệ phải từ 0 đến 100%"),
        ({"code": "DOSSIER_SYNC", "numerator": "-1", "denominator": "4"}, "numerator", "Tử số không được âm"),
        ({"code": "DOSSIER_SYNC", "numerator": "5", "denominator": "4"}, "numerator", "lớn hơn mẫu số"),
        ({"code": "DOSSIER_SYNC", "numerator": "1"}, "denominator", "Cần cả tử số và mẫu số"),
    ],
)
def test_out_of_range_figures_are_refused_with_a_clear_message(login, personas, org, data, field, message):
    r = _propose(login(personas.ward_officer), org, **data)
    assert r.status_code == 200
    assert any(message in e for e in r.context["form"].errors[field])
    assert message in r.content.decode()
    assert not PortalFigure.objects.exists()


def test_figure_problems_and_ready_scores_are_bounded():
    assert [p.field for p in figure_problems(score=15, max_points=12)] == ["score"]
    assert figure_problems(score=12, max_points=12) == []
    assert [p.field for p in figure_problems(ratio=-0.01, max_points=4)] == ["ratio"]
    assert [p.field for p in figure_problems(max_points=4)] == [""]
    assert ready_score_cents(12, 15) == 1200 and ready_score_cents(12, -3) == 0


@pytest.fixture
def proposed(org, personas):
    from cchc.onestop import services

    load_procedures()
    return services.portal_figure_propose(
        unit=org.ward,
        period_from=FROM,
        period_to=TO,
        code="DOSSIER_SYNC",
        ratio=100,
        actor=personas.ward_officer,
    )


def _decide(client, figure, **data):
    return client.post(f"/mot-cua/chi-so/so-lieu-cong/{figure.pk}/duyet/", data)


def test_the_ward_cannot_approve_its_own_figures(login, personas, org, proposed):
    for who in (personas.ward_officer, personas.ward_head):
        assert _decide(login(who), proposed, action="approve").status_code == 403
        assert login(who).get(QUEUE).status_code == 403
    # A coordinator who is also a member of the ward, or who typed the figure, has a conflict of interest.
    member(personas.coordinator, org.ward, "staff")
    from cchc.orgs.scope import forget_scope

    forget_scope(personas.coordinator)
    assert _decide(login(personas.coordinator), proposed, action="approve").status_code == 403
    proposed.refresh_from_db()
    assert proposed.state == "proposed"


def test_the_author_cannot_approve_even_as_coordinator(login, personas, org):
    from cchc.onestop import services

    load_procedures()
    figure = services.portal_figure_propose(
        unit=org.ward,
        period_from=FROM,
        period_to=TO,
        code="DOSSIER_SYNC",
        ratio=90,
        actor=personas.coordinator,
    )
    c = login(personas.coordinator)
    assert _decide(c, figure, action="approve").status_code == 403
    assert "Cần người khác duyệt" in c.get(QUEUE).content.decode()
    assert _decide(login(personas.admin), figure, action="approve").status_code == 302
    figure.refresh_from_db()
    assert figure.state == "approved" and figure.decided_by == personas.admin


def test_sibling_and_other_organisation_coordinators_cannot_approve(login, personas, org, proposed):
    sibling_coordinator = member(person("daumoi.b"), org.sibling, "coordinator")
    for who in (sibling_coordinator, personas.other_coordinator, personas.department_head):
        assert _decide(login(who), proposed, action="approve").status_code == 404
        assert f'data-figure="{proposed.pk}"' not in login(who).get(QUEUE).content.decode()
    for who in (personas.leader, personas.appraiser):  # they see the ward, they do not manage it
        assert _decide(login(who), proposed, action="approve").status_code == 403
    proposed.refresh_from_db()
    assert proposed.state == "proposed"


def test_rejection_needs_a_reason_and_the_unit_sees_it(login, personas, org, proposed):
    c = login(personas.coordinator)
    _decide(c, proposed, action="reject", reason="  ")
    proposed.refresh_from_db()
    assert proposed.state == "proposed"
    _decide(c, proposed, action="reject", reason="Không khớp số liệu trên Cổng")
    proposed.refresh_from_db()
    assert proposed.state == "rejected" and proposed.rejection_reason == "Không khớp số liệu trên Cổng"
    assert proposed.decided_by == personas.coordinator
    assert (
        _decide(c, proposed, action="approve").status_code == 302
    )  # already decided: refused with a message
    proposed.refresh_from_db()
    assert proposed.state == "rejected"
    page = login(personas.ward_officer).get(f"{ENTRY}?unit={org.ward.code}&{Q}").content.decode()
    assert "Không khớp số liệu trên Cổng" in page and "Bị từ chối" in page
    # Typing it again makes it a proposal again.
    _propose(login(personas.ward_officer), org, code="DOSSIER_SYNC", ratio="99")
    proposed.refresh_from_db()
    assert proposed.state == "proposed" and proposed.decided_by is None and proposed.rejection_reason == ""


def test_the_coordinator_is_told_on_the_home_page(login, personas, proposed):
    page = login(personas.coordinator).get("/").content.decode()
    assert "Số liệu Cổng DVCQG chờ duyệt" in page
    assert "Số liệu Cổng DVCQG chờ duyệt" not in login(personas.ward_officer).get("/").content.decode()
