"""Periodic reports at scale: the synthesis of one period for 150 units (issue 4: under 5 s).

Measures, on a throw-away database: adding up the 150 units' numbers, gathering their narratives, the Word
report (NĐ 30/2020) and the Excel annex; and the coordinator's completeness page for the period.
"""

import statistics
import time

from bench.django_env import bench_database

UNITS = 150
GOAL_S = 5.0


def timed(fn, repeat=5):
    samples = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), max(samples), result


def build():
    from cchc.orgs.models import OrgUnit
    from cchc.reports import services
    from cchc.reports.figures import register_figure_source
    from tests.factories import member, person

    office = OrgUnit.objects.create(code="BR", name="Công an thành phố Thử", kind="provincial_police")
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"BR.P{i:03d}", name=f"Công an phường số {i}", kind="commune_police", parent=office)
            for i in range(UNITS)
        ]
    )
    units = list(OrgUnit.objects.filter(parent=office).order_by("code"))
    register_figure_source(
        "plan_tasks",
        lambda qs, a, b: {u.pk: {"due": 10, "done_on_time": 7, "done_late": 2, "overdue": 1} for u in qs},
    )
    cycle = services.cycle_create(
        office=office, name="Bench", year=2026, preset="bnv", template_code="cchc-cong-an", units=units
    )
    period = cycle.periods.get(kind="q3")
    admin = member(person("bench.admin"), office, "admin")
    coordinator = member(person("bench.daumoi"), office, "coordinator")
    outline = cycle.template.outline
    typed = [f.key for f in outline.number_fields if not f.source]
    for i, sub in enumerate(period.submissions.select_related("unit").order_by("unit__code")):
        if i % 10 == 9:
            continue  # 10 % missing
        services.submission_save(
            submission=sub,
            actor=None,
            narratives={
                f.key: f"{sub.unit.name}: nội dung {f.label.lower()} trong kỳ. " * 3
                for f in outline.narrative_fields
            },
            numbers={k: str(i + j) for j, k in enumerate(typed)},
        )
        services.submission_submit(submission=sub, actor=admin)
        # the units have no head account: the coordinator approves in the head's place, so the report counts
        services.submission_approve(submission=sub, actor=coordinator)
    return period, coordinator


def main():
    with bench_database():
        from django.test import Client

        from cchc.reports import services
        from cchc.reports.export import synthesis_docx, synthesis_xlsx
        from cchc.reports.models import Synthesis
        from cchc.reports.selectors import sent_submissions, synthesis_table

        t = time.perf_counter()
        period, coordinator = build()
        print(
            f"   set-up: {UNITS} units, {period.submissions.count()} reports expected, "
            f"{sent_submissions(period).count()} sent and approved ({time.perf_counter() - t:.1f} s)"
        )

        def synthesis():
            Synthesis.objects.filter(period=period).delete()
            s = services.synthesis_get_or_create(period=period)  # gathers the narratives
            rows, totals = synthesis_table(period)
            docx = synthesis_docx(s, rows, totals)
            xlsx = synthesis_xlsx(s, rows, totals)
            return len(rows), len(docx), len(xlsx)

        med, worst, (n, docx_len, xlsx_len) = timed(synthesis)
        verdict = "OK" if worst < GOAL_S else "TOO SLOW"
        print(
            f"   synthesis of {n} reports (sum + narratives + .docx {docx_len // 1024} KB + .xlsx "
            f"{xlsx_len // 1024} KB): median {med:.2f} s, worst {worst:.2f} s — goal < {GOAL_S:.0f} s: {verdict}"
        )
        med, worst, _ = timed(lambda: synthesis_table(period), repeat=10)
        print(f"   sums only: median {med * 1000:.0f} ms")
        client = Client()
        client.force_login(coordinator)
        med, worst, resp = timed(lambda: client.get(f"/bao-cao/ky/{period.pk}/"), repeat=10)
        assert resp.status_code == 200
        print(f"   coordinator's completeness page: median {med * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
        med, worst, resp = timed(
            lambda: client.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=docx"), repeat=5
        )
        assert resp.status_code == 200
        print(f"   synthesis .docx download (HTTP): median {med:.2f} s, worst {worst:.2f} s")


if __name__ == "__main__":
    main()
