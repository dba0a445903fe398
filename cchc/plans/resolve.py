"""Resolving unit references as printed in a plan ("PV01", "Công an các đơn vị, địa phương") to org units or
unit groups: by code, name or alias, accent-insensitive, within the issuer's organisation first."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.orgs.models import OrgUnit, UnitGroup
from cchc.orgs.selectors import find_units


@dataclass
class Resolution:
    text: str
    unit: OrgUnit | None = None
    group: UnitGroup | None = None
    candidates: list = field(default_factory=list)
    mapped: bool = False  # chosen by the user in this import

    @property
    def resolved(self) -> bool:
        return self.unit is not None or self.group is not None

    @property
    def target(self) -> str:
        if self.unit is not None:
            return f"unit:{self.unit.pk}"
        if self.group is not None:
            return f"group:{self.group.pk}"
        return ""

    @property
    def label(self) -> str:
        if self.unit is not None:
            return f"{self.unit.name} ({self.unit.code})"
        if self.group is not None:
            return f"{self.group.name} ({self.group.code})"
        return ""


def parse_target(value: str):
    """ "unit:12" / "group:3" → the object, or None."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "unit":
        return OrgUnit.objects.filter(pk=int(pk)).first()
    if kind == "group":
        return UnitGroup.objects.filter(pk=int(pk)).first()
    return None


def target_allowed(obj, issuer: OrgUnit) -> bool:
    """A plan assigns tasks inside its issuer's subtree only: a unit there, or a group rooted there."""
    if isinstance(obj, OrgUnit):
        return obj.path.startswith(issuer.path)
    if isinstance(obj, UnitGroup):
        return obj.root is not None and obj.root.path.startswith(issuer.path)
    return False


def parse_allowed_target(value: str, issuer: OrgUnit):
    """``parse_target`` limited to what a plan of ``issuer`` may name (None otherwise)."""
    obj = parse_target(value)
    return obj if obj is not None and target_allowed(obj, issuer) else None


def _clean(text: str) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split()).strip(" ;,.-–")


class Resolver:
    """Resolves references for one issuer, caching per distinct text (a plan repeats the same few names)."""

    def __init__(self, issuer: OrgUnit, mappings: dict[str, str] | None = None):
        self.issuer = issuer
        self.mappings = mappings or {}
        self._cache: dict[str, Resolution] = {}
        ancestor_ids = issuer.ancestor_ids
        self.root = OrgUnit.objects.filter(pk=ancestor_ids[0]).first() if ancestor_ids else issuer
        self._near_ids = set(ancestor_ids) | {issuer.pk}
        self._groups = list(UnitGroup.objects.select_related("root"))
        self._group_names = [(g, {fold(g.name), *(fold(a) for a in g.aliases)}) for g in self._groups]

    def _group_rank(self, group: UnitGroup) -> int:
        if group.root is None:
            return 2
        if group.root_id in self._near_ids or group.root.path.startswith(self.issuer.path):
            return 0
        if self.root is not None and group.root.path.startswith(self.root.path):
            return 1
        return 3

    def resolve(self, text: str) -> Resolution:
        text = _clean(text)
        if text in self._cache:
            return self._cache[text]
        result = self._resolve(text)
        self._cache[text] = result
        return result

    def _resolve(self, text: str) -> Resolution:
        res = Resolution(text)
        if not text:
            return res
        mapped = self.mappings.get(text)
        if mapped:
            target = parse_allowed_target(mapped, self.issuer)
            if isinstance(target, OrgUnit):
                res.unit, res.mapped = target, True
                return res
            if isinstance(target, UnitGroup):
                res.group, res.mapped = target, True
                return res
        folded = fold(text)
        groups = sorted(
            (g for g, names in self._group_names if folded in names),
            key=lambda g: (self._group_rank(g), g.code),
        )
        if groups and self._group_rank(groups[0]) < 3:
            if len(groups) == 1 or self._group_rank(groups[0]) < self._group_rank(groups[1]):
                res.group = groups[0]
                return res
            res.candidates = groups
            return res
        for within in (self.issuer, self.root, None):
            found = find_units(text, within=within)
            if len(found) == 1:
                res.unit = found[0]
                return res
            if len(found) > 1:
                res.candidates = found
                return res
        return res


def mapping_choices(issuer: OrgUnit, limit: int = 600) -> list[tuple[str, str]]:
    """Options for mapping an unresolved reference: the groups rooted in the issuer's subtree, then its units
    (a plan never assigns tasks outside its issuer's subtree)."""
    out: list[tuple[str, str]] = []
    groups = (
        UnitGroup.objects.select_related("root").filter(root__path__startswith=issuer.path).order_by("name")
    )
    for g in groups:
        out.append((f"group:{g.pk}", f"[Nhóm] {g.name} ({g.code})"))
    units = OrgUnit.objects.filter(path__startswith=issuer.path).order_by("path")[:limit]
    for u in units:
        out.append((f"unit:{u.pk}", f"{'· ' * u.depth}{u.name} ({u.code})"))
    return out
