"""The inspections pages in the URL scope sweep: the Ngọc Hà ward's self-inspection (another organisation) from
the demo, with the sweep's tokens in its findings and records; the Lê Chân ward's visit marked too."""

from __future__ import annotations

from typing import Any

Target = tuple[dict[str, Any], Any]


def _plan(w: Any) -> list[Target]:
    plan = w.objects["insp_plan"]
    return [({"pk": plan.pk}, plan.issuer)]


def _visits(w: Any) -> list[Target]:
    return [({"pk": v.pk}, v.unit) for v in (w.objects["insp_visit"], w.objects["insp_open_visit"])]


def _document(w: Any) -> list[Target]:
    v = w.objects["insp_visit"]
    return [
        ({"pk": v.pk, "kind": "TB"}, v.unit),
        ({"pk": w.objects["insp_open_visit"].pk, "kind": "QD"}, v.unit),
    ]


def _finding(w: Any) -> list[Target]:
    f = w.objects["insp_finding"]
    return [({"pk": f.pk}, f.visit.unit)]


def _recheck(w: Any) -> list[Target]:
    f = w.objects["insp_finding"]
    return [({"pk": w.objects["insp_open_visit"].pk, "finding_pk": f.pk}, f.visit.unit)]


TARGETS = {
    "inspections:plan_detail": _plan,
    "inspections:plan_issue": _plan,
    "inspections:visit_add": _plan,
    "inspections:plan_document": _plan,
    "inspections:visit_detail": _visits,
    "inspections:visit_team": _visits,
    "inspections:visit_results": _visits,
    "inspections:visit_self_report": _visits,
    "inspections:visit_record": _visits,
    "inspections:finding_add": _visits,
    "inspections:visit_conclude": _visits,
    "inspections:visit_cancel": _visits,
    "inspections:visit_exceptions": _visits,
    "inspections:visit_document": _document,
    "inspections:finding_recheck": _recheck,
    "inspections:finding_detail": _finding,
    "inspections:finding_close": _finding,
    "inspections:finding_delete": _finding,
}


def prepare(world: Any) -> None:
    from cchc.inspections.models import Finding, Visit
    from cchc.plans.models import Plan
    from tests.test_url_scope_sweep import OTHER_ORG, SIBLING, TOKENS

    other = world.units[OTHER_ORG]
    plan = (
        Plan.objects.filter(issuer__path__startswith=other.path, kind=Plan.Kind.SELF_INSPECTION)
        .order_by("pk")
        .first()
    )
    assert plan is not None, "the demo has no self-inspection plan in the other organisation"
    world.objects["insp_plan"] = plan
    world.objects["insp_visit"] = (
        Visit.objects.filter(plan=plan, state=Visit.State.CONCLUDED).order_by("pk").first()
    )
    world.objects["insp_open_visit"] = (
        Visit.objects.filter(plan=plan, state=Visit.State.PLANNED).order_by("pk").first()
    )
    world.objects["insp_finding"] = Finding.objects.filter(visit__plan=plan).order_by("pk").first()
    assert world.objects["insp_visit"] and world.objects["insp_open_visit"] and world.objects["insp_finding"]
    for code, token in TOKENS.items():
        path = world.units[code].path
        Finding.objects.filter(visit__unit__path__startswith=path).update(text=f"Tồn tại {token}")
        Visit.objects.filter(unit__path__startswith=path).update(
            summary=f"Kết quả {token}", self_report=token
        )
    assert Visit.objects.filter(unit=world.units[SIBLING]).exists()
