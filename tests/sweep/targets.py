"""The target register's pages in the URL scope sweep: a target of the sibling ward (inside Hải Phòng police) and
one of the other organisation's ward, each with the sweep's token in its title and source."""

from __future__ import annotations

from typing import Any

Target = tuple[dict[str, Any], Any]


def _targets(w: Any) -> list[Target]:
    return [({"pk": t.pk}, t.unit) for t in (w.objects["target_sibling"], w.objects["target_other"])]


TARGETS = {
    "targets:edit": _targets,
    "targets:manual": _targets,
    "targets:delete": _targets,
}


def prepare(world: Any) -> None:
    from django.utils import timezone

    from cchc.targets.models import Target as Register
    from tests.test_url_scope_sweep import OTHER_ORG, SIBLING, TOKENS

    year = timezone.localdate().year
    for key, code in (("target_sibling", SIBLING), ("target_other", OTHER_ORG)):
        unit = world.units[code]
        world.objects[key], _created = Register.objects.get_or_create(
            unit=unit,
            year=year,
            code="manual.SWEEP",
            defaults={"value": 100, "title": f"Chỉ tiêu {TOKENS[code]}", "source": TOKENS[code]},
        )
