"""The monthly public 766 results (issue 19 point 5; seed 002 item 39): a coordinator of the organising unit approves
the month's figures as the 766 page computes them — never one who belongs to a ranked unit nor one of another
organisation — and they are frozen then; the public page (no login) shows only published months, a unit's line
month by month, search without accents, an Excel download; corrections are new versions with a reason, withdrawals
take a month off with their reason."""

from __future__ import annotations

import io
import json
import random
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.core.errors import DomainError
from cchc.onestop import publish766 as pub
from cchc.onestop.importing import import_dossiers
from cchc.onestop.models import Dossier, Publication766, Publication766Row
from cchc.onestop.tables import read_table
from tests.factories import member

from .helpers import TZ, dossiers_csv, load_procedures, random_dossier

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 1)
APRIL = date(2026, 4, 1)


@pytest.fixture
def generated(org):
    load_procedures()
    rng = random.Random(19)
    rows = [
        random_dossier(
            rng,
            f"P{i:04d}",
            rng.choice(["HP.CAP.A", "HP.CAP.B", "HP.PC06"]),
            datetime(2026, 2, 15, tzinfo=TZ),
            90,
        )
        for i in range(300)
    ]
    import_dossiers(read_table(dossiers_csv(rows), "publish.csv"))
    return org


def _page_children(client, unit, month):
    end = pub.month_end(month)
    page = client.get(f"/mot-cua/chi-so/?unit={unit.code}&from={month:%Y-%m-%d}&to={end:%Y-%m-%d}")
    assert page.status_code == 200
    return page.context["children"]


def test_published_figures_equal_the_766_pages_for_that_month(generated, personas, login, client):
    org = generated
    publication = pub.publication_approve(organiser=org.city, month=MARCH, actor=personas.coordinator)
    children = _page_children(login(personas.coordinator), org.city, MARCH)
    assert len(children) == 3
    rows = {r.unit_code: r for r in publication.rows.all()}
    assert set(rows) == {c["unit"].code for c in children}
    for c in children:
        r = rows[c["unit"].code]
        result = c["result"]
        assert r.total == Decimal(result.total_cents) / 100
        assert (r.rank, r.group_rank, r.band) == (result.rank, result.group_rank, result.band)
        assert r.scores == {
            k: str((Decimal(v) / 100).quantize(Decimal("0.01"))) for k, v in result.group_cents.items()
        }
    # the public page, without login, shows the same totals
    page = client.get("/mot-cua/cong-khai/766/?thang=2026-03")
    assert page.status_code == 200
    text = page.content.decode()
    for code, r in rows.items():
        shown = str(r.total).replace(".", ",")  # Vietnamese decimal comma
        assert f'data-total="{code}"><strong>{shown}</strong>' in text


def test_approval_rights_other_organisation_non_coordinator_and_own_unit_refused(generated, personas, login):
    org = generated
    for actor in (personas.ward_head, personas.leader, personas.other_coordinator, personas.ward_officer):
        with pytest.raises(PermissionDenied):
            pub.publication_approve(organiser=org.city, month=MARCH, actor=actor)
    # a coordinator who also works in a ranked unit may not approve the ranking of their own unit
    member(personas.coordinator, org.ward, "staff")
    from cchc.orgs.scope import forget_scope

    forget_scope(personas.coordinator)
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        pub.publication_approve(organiser=org.city, month=MARCH, actor=personas.coordinator)
    assert not Publication766.objects.exists()
    # through the page: another organisation's coordinator does not see the unit; a forged POST writes nothing
    url = f"/mot-cua/chi-so/cong-khai-766/?unit={org.city.code}&thang=2026-03"
    assert login(personas.other_coordinator).post(url, {"action": "approve"}).status_code == 404
    assert login(personas.ward_head).post(url, {"action": "approve"}).status_code in (403, 404)
    page = login(personas.coordinator).get(url)
    assert page.status_code == 200 and "xung đột lợi ích" in page.content.decode()
    assert login(personas.coordinator).post(url, {"action": "approve"}).status_code == 403
    assert not Publication766.objects.exists()


def test_the_page_approves_what_was_reviewed_and_refuses_changed_figures(generated, personas, login):
    org = generated
    c = login(personas.coordinator)
    url = f"/mot-cua/chi-so/cong-khai-766/?unit={org.city.code}&thang=2026-03"
    page = c.get(url)
    digest = page.context["digest"]
    assert page.context["can_publish"] and not page.context["refusal"]
    Dossier.objects.filter(unit=org.ward).delete()  # the data change after the review
    c.post(url, {"action": "approve", "digest": digest})
    assert not Publication766.objects.exists()  # "Số liệu đã thay đổi từ lúc xem trước"
    digest = c.get(url).context["digest"]
    assert c.post(url, {"action": "approve", "digest": digest}).status_code == 302
    publication = Publication766.objects.get()
    assert publication.approved_by == personas.coordinator and publication.version == 1
    assert org.ward.code not in set(publication.rows.values_list("unit_code", flat=True))


def test_a_published_month_never_changes_corrections_are_versions_with_a_reason(generated, personas, client):
    org = generated
    first = pub.publication_approve(organiser=org.city, month=MARCH, actor=personas.coordinator)
    before = list(first.rows.values_list("unit_code", "total", "rank", "scores"))
    Dossier.objects.filter(unit=org.ward).delete()  # later data changes
    assert list(first.rows.values_list("unit_code", "total", "rank", "scores")) == before
    text = client.get("/mot-cua/cong-khai/766/?thang=2026-03").content.decode()
    assert org.ward.name in text  # still published as approved
    row = first.rows.first()
    row.total = Decimal("99.99")
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(DomainError) as exc:
        pub.publication_approve(organiser=org.city, month=MARCH, actor=personas.coordinator)
    assert exc.value.code == "reason_required"
    second = pub.publication_approve(
        organiser=org.city,
        month=MARCH,
        actor=personas.coordinator,
        reason="Đính chính số liệu phường Hồng Bàng",
    )
    first.refresh_from_db()
    assert first.state == Publication766.State.SUPERSEDED and second.version == 2
    text = client.get("/mot-cua/cong-khai/766/?thang=2026-03").content.decode()
    assert "Đính chính số liệu phường Hồng Bàng" in text and f'data-unit="{org.ward.code}"' not in text
    with pytest.raises(DomainError):
        pub.publication_withdraw(publication=second, actor=personas.coordinator, reason=" ")
    with pytest.raises(PermissionDenied):
        pub.publication_withdraw(publication=second, actor=personas.other_coordinator, reason="Sai")
    pub.publication_withdraw(publication=second, actor=personas.coordinator, reason="Chờ rà soát lại dữ liệu")
    text = client.get("/mot-cua/cong-khai/766/?thang=2026-03").content.decode()
    assert 'data-testid="ranking"' not in text and "Chờ rà soát lại dữ liệu" in text


def test_public_page_only_published_months_history_search_excel_no_personal_data(generated, personas, client):
    org = generated
    Dossier.objects.filter(unit=org.ward).update(
        applicant_name="Nguyễn Thị Riêngtư", applicant_phone="0912345678"
    )
    pub.publication_approve(organiser=org.city, month=MARCH, actor=personas.coordinator)
    pub.publication_approve(organiser=org.city, month=APRIL, actor=personas.coordinator)
    may = pub.publication_approve(organiser=org.city, month=date(2026, 5, 1), actor=personas.coordinator)
    pub.publication_withdraw(publication=may, actor=personas.coordinator, reason="Rà soát")
    page = client.get("/mot-cua/cong-khai/766/")  # anonymous
    assert page.status_code == 200
    assert [p.month for p in page.context["months"]] == [APRIL, MARCH]  # withdrawn May is not listed
    assert page.context["publication"].month == APRIL  # the latest by default
    assert client.get("/mot-cua/cong-khai/766/?thang=2026-05").context["publication"] is None
    assert client.get("/mot-cua/cong-khai/766/?thang=2026-06").context["publication"] is None
    text = page.content.decode()
    assert "Riêngtư" not in text and "0912345678" not in text
    # search without accents
    found = client.get("/mot-cua/cong-khai/766/?thang=2026-03&q=hong+bang").context["page"].object_list
    assert [r.unit_code for r in found] == [org.ward.code]
    # a unit's line across months
    history = client.get(f"/mot-cua/cong-khai/766/?don_vi={org.ward.code}").context["history"]
    assert [r.publication.month for r in history] == [APRIL, MARCH]
    march = Publication766Row.objects.get(publication__month=MARCH, unit_code=org.ward.code)
    assert history[1].total == march.total
    # Excel of a published month
    xlsx = client.get("/mot-cua/cong-khai/766/?thang=2026-03&export=xlsx")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "Xếp hạng" and len(values) == 4
    assert {v[3] for v in values[1:]} == {org.ward.code, org.sibling.code, org.pc06.code}


def test_a_month_not_over_is_not_published(org, personas):
    from django.utils import timezone

    with pytest.raises(DomainError) as exc:
        pub.publication_approve(
            organiser=org.city, month=timezone.localdate().replace(day=1), actor=personas.coordinator
        )
    assert exc.value.code == "month_not_over"


def test_publish_766_command_dry_run_publish_and_refusal(generated, personas, capsys):
    out = io.StringIO()
    call_command(
        "publish_766",
        "--month",
        "2026-03",
        "--unit",
        "HP",
        "--actor",
        "daumoi",
        "--dry-run",
        "--json",
        stdout=out,
    )
    doc = json.loads(out.getvalue())
    assert doc["dry_run"] and len(doc["units"]) == 3 and not Publication766.objects.exists()
    out = io.StringIO()
    call_command(
        "publish_766", "--month", "2026-03", "--unit", "HP", "--actor", "daumoi", "--json", stdout=out
    )
    doc2 = json.loads(out.getvalue())
    assert doc2["version"] == 1 and doc2["units"] == doc["units"]
    publication = Publication766.objects.get()
    assert publication.approved_by == personas.coordinator
    from cchc.audit.models import AuditEvent

    assert AuditEvent.objects.filter(
        table_name="onestop_publication766", source__startswith="command:publish_766"
    ).exists()
    with pytest.raises(SystemExit) as exit_:
        call_command("publish_766", "--month", "2026-04", "--unit", "HP", "--actor", "truong.a")
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        call_command("publish_766", "--month", "2026-13", "--unit", "HP", "--actor", "daumoi")


def test_demo_publishes_three_months_once_and_they_equal_the_page(demo):
    from cchc.core.demo import load_all
    from cchc.orgs.models import OrgUnit

    city = OrgUnit.objects.get(code="HP")
    published = list(pub.published().filter(organiser=city).order_by("month"))
    assert len(published) == 3 and all(p.rows.exists() for p in published)
    load_all()  # idempotent
    assert Publication766.objects.filter(organiser=city).count() == 3
    latest = published[-1]
    fresh = pub.prepare(city, latest.month)  # the demo's data have not moved since: the page's figures
    assert [(x.unit.code, x.total) for x in fresh.lines] == list(
        latest.rows.values_list("unit_code", "total")
    )
