"""Loads the demo organisation (units, groups, one reorganisation, one account per role). Idempotent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, OrgUnit, UnitGroup, UnitLineage
from .scope import DEFAULT_SCOPES
from .services import group_save, unit_create, unit_update

DATA = Path(__file__).resolve().parent / "data"


def _date(value):
    return date.fromisoformat(value) if value else None


def _load_units(units: list[dict]) -> int:
    existing = {u.code: u for u in OrgUnit.objects.all()}
    created = 0
    for row in units:
        parent = existing.get(row["parent"]) if row.get("parent") else None
        fields = dict(
            name=row["name"],
            kind=row["kind"],
            short_code=row.get("short_code", ""),
            short_name=row.get("short_name", ""),
            valid_from=_date(row.get("valid_from")),
            valid_to=_date(row.get("valid_to")),
            note=row.get("note", ""),
        )
        unit = existing.get(row["code"])
        if unit is None:
            unit = unit_create(code=row["code"], parent=parent, aliases=row.get("aliases", []), **fields)
            created += 1
        else:
            changed = {k: v for k, v in fields.items() if getattr(unit, k) != v}
            if (unit.parent_id or None) != (parent.pk if parent else None):
                changed["parent"] = parent
            current_aliases = sorted(unit.aliases.values_list("name", flat=True))
            aliases = row.get("aliases", [])
            if changed or current_aliases != sorted(a for a in aliases if a != unit.name):
                unit = unit_update(unit=unit, aliases=aliases, **changed)
        existing[unit.code] = unit
    return created


@transaction.atomic
def load_demo() -> list[dict]:
    """Create what is missing; return the demo accounts (username, password, role, unit)."""
    units = json.loads((DATA / "demo_units.json").read_text(encoding="utf-8"))["units"]
    setup = json.loads((DATA / "demo_setup.json").read_text(encoding="utf-8"))
    _load_units(units + setup["extra_units"])
    by_code = {u.code: u for u in OrgUnit.objects.all()}

    for link in setup["lineage"]:
        pred, succ = by_code[link["predecessor"]], by_code[link["successor"]]
        UnitLineage.objects.get_or_create(
            predecessor=pred,
            successor=succ,
            defaults=dict(
                kind=link["kind"],
                effective_date=_date(link["effective_date"]),
                decision=link["decision"],
                note=link["note"],
            ),
        )

    for g in setup["groups"]:
        group = UnitGroup.objects.filter(code=g["code"]).first()
        root = by_code.get(g.get("root"))
        if (
            group is None
            or group.name != g["name"]
            or group.kinds != g["kinds"]
            or group.aliases != g["aliases"]
        ):
            group_save(
                group=group, code=g["code"], name=g["name"], root=root, kinds=g["kinds"], aliases=g["aliases"]
            )

    User = get_user_model()
    accounts = []
    for a in setup["accounts"]:
        user = User.objects.filter(username=a["username"]).first()
        if user is None:
            user = User(
                username=a["username"],
                full_name=a["full_name"],
                position=a["position"],
                email=f"{a['username']}@cchc.local",
                is_superuser=a.get("superuser", False),
                is_staff=a.get("superuser", False),
            )
            user.set_password(setup["password"])
            user.save()
        unit = by_code[a["unit"]]
        if not Membership.objects.filter(user=user, unit=unit, role=a["role"]).exists():
            data_scope, view_scope = DEFAULT_SCOPES[a["role"]]
            Membership.objects.create(
                user=user,
                unit=unit,
                role=a["role"],
                data_scope=data_scope,
                view_scope=view_scope,
                note="Tài khoản minh họa",
            )
        accounts.append(
            {
                "username": a["username"],
                "password": setup["password"],
                "role": a["role"],
                "unit": unit.name,
                "full_name": a["full_name"],
            }
        )
    return accounts
