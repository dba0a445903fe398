"""The figure-source registry (other modules register their figures by key)."""

from datetime import date
from decimal import Decimal

from cchc.reports import figures
from cchc.reports.outline import NumberField

FIELDS = [
    NumberField("tasks_due", "Đến hạn", "plan_tasks", "due"),
    NumberField("tasks_late", "Muộn", "plan_tasks", "done_late"),
    NumberField("dossiers_received", "Hồ sơ", "dossiers", "received"),
    NumberField("inspections", "Kiểm tra"),
]


def test_registered_source_fills_its_fields_once_for_all_units(monkeypatch):
    calls = []

    def source(units, date_from, date_to):
        calls.append((list(units), date_from, date_to))
        return {1: {"due": 4, "done_late": Decimal(1)}, 2: {"due": 0}}

    monkeypatch.setattr(figures, "SOURCES", {})
    monkeypatch.setattr(figures, "INFO", {})  # register_figure_source writes both
    figures.register_figure_source("plan_tasks", source)
    out = figures.collect(FIELDS, [1, 2], date(2026, 1, 1), date(2026, 3, 14))
    assert out == {1: {"tasks_due": 4, "tasks_late": Decimal(1)}, 2: {"tasks_due": 0}}
    assert len(calls) == 1 and calls[0][1:] == (date(2026, 1, 1), date(2026, 3, 14))
    assert figures.registered("plan_tasks") and not figures.registered("dossiers")


def test_unregistered_source_gives_no_figures(monkeypatch):
    monkeypatch.setattr(figures, "SOURCES", {})
    monkeypatch.setattr(figures, "INFO", {})  # register_figure_source writes both
    assert figures.collect(FIELDS, [1], date(2026, 1, 1), date(2026, 2, 1)) == {}


def test_a_failing_source_is_treated_as_absent(monkeypatch):
    def broken(units, date_from, date_to):
        raise RuntimeError("boom")

    monkeypatch.setattr(figures, "SOURCES", {})
    monkeypatch.setattr(figures, "INFO", {})  # register_figure_source writes both
    figures.register_figure_source("plan_tasks", broken)
    figures.register_figure_source("dossiers", lambda u, a, b: {1: {"received": 9}})
    assert figures.collect(FIELDS, [1], date(2026, 1, 1), date(2026, 2, 1)) == {1: {"dossiers_received": 9}}


def test_a_stand_in_source_gives_back_the_real_one_whole():
    """The tests' stand-in for the plan-task figures restores the real source with its records link: restoring the
    function alone left the figures unlinked (an empty records URL) for the tests that ran after it."""
    from .support import FakePlanTasks

    before = (figures.SOURCES.get("plan_tasks"), figures.INFO.get("plan_tasks"))
    assert before[1] is not None and before[1].records is not None
    with FakePlanTasks({}):
        assert figures.INFO["plan_tasks"].records is None
    assert (figures.SOURCES.get("plan_tasks"), figures.INFO.get("plan_tasks")) == before
