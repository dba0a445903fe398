"""Helpers for the reports tests: a cycle of the city police collecting from ward A and ward B."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cchc.reports import clock, services
from cchc.reports.figures import INFO, SOURCES, register_figure_source, unregister_figure_source

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def make_cycle(org, *, template="cchc-dinh-ky", preset="bnv", year=2026, units=None):
    return services.cycle_create(
        office=org.city,
        name="Báo cáo CCHC 2026",
        year=year,
        preset=preset,
        template_code=template,
        units=units if units is not None else [org.ward, org.sibling],
    )


def make_period(org, *, due: date, cycle=None, title="Báo cáo đột xuất về CCHC"):
    cycle = cycle or make_cycle(org)
    return services.adhoc_create(
        cycle=cycle,
        title=title,
        content="Báo cáo kết quả CCHC",
        data_from=due - timedelta(days=90),
        data_to=due - timedelta(days=5),
        due=due,
    )


def at(y, m, d, hh=9, mm=0, ss=0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


class FixedClock:
    """Set ``cchc.reports.clock.now`` for a block (the live server runs in this process too)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, moment: datetime) -> None:
        self.monkeypatch.setattr(clock, "now", lambda: moment)


class FakePlanTasks:
    """A fake ``plan_tasks`` figure source: fixed figures per unit id."""

    def __init__(self, figures: dict[int, dict]):
        self.figures = figures
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, units, date_from, date_to):
        self.calls.append((sorted(u.pk for u in units), date_from, date_to))
        ids = {u.pk for u in units}
        return {k: v for k, v in self.figures.items() if k in ids}

    def __enter__(self):
        # the real source and its description (records link, figures), both given back on exit: restoring the
        # function alone left the plan-task figures without their records link for the tests after
        self.previous = (SOURCES.get("plan_tasks"), INFO.get("plan_tasks"))
        register_figure_source("plan_tasks", self)
        return self

    def __exit__(self, *exc):
        unregister_figure_source("plan_tasks")
        fn, info = self.previous
        if fn is not None:
            SOURCES["plan_tasks"] = fn
        if info is not None:
            INFO["plan_tasks"] = info


def concluded_visits(org, actor, unit, day: date, n: int = 1) -> None:
    """``n`` inspections of ``unit`` by the city police concluded on ``day`` (the ``inspections.visits`` figure)."""
    from cchc.inspections import services as inspections
    from cchc.inspections.models import Visit

    plan = inspections.inspection_plan_create(
        issuer=org.city, actor=actor, year=day.year, title=f"Kế hoạch kiểm tra {unit.code}"
    )
    for _i in range(n):
        visit = inspections.visit_add(
            plan=plan,
            actor=actor,
            data=inspections.VisitInput(
                unit=unit, office=org.pv01, kind="periodic", mode="on_site", announced=True,
                planned_from=day, planned_to=day, checklist=inspections.default_checklist(),
            ),
        )  # fmt: skip
        Visit.objects.filter(pk=visit.pk).update(
            state=Visit.State.CONCLUDED, visit_date=day, conclusion_date=day
        )


def approve(sub, personas):
    """The unit's sign-off: ward A's head, else the coordinator standing in for a unit without a head account."""
    head = personas.ward_head if sub.unit.code == "HP.CAP.A" else personas.coordinator
    return services.submission_approve(submission=sub, actor=head)
