"""What a unit prints at the head of its official documents (NĐ 30/2020): issuer and parent body, the agency part
of the ký hiệu, the place name, and the drafting unit of "Lưu: VT, …".

The ký hiệu of a unit with its own :class:`~cchc.documents.models.IssuerProfile` is the profile's ("CAHP"). A unit
without one writes the nearest ancestor's followed by its own short code ("CAHP-PC06", the CAND practice of
447/KH-CAHP-PV01, methodology §7); with no profile anywhere above, its short code. The place name is the nearest
profile's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.orgs.models import OrgUnit

from .models import IssuerProfile


@dataclass(frozen=True)
class Letterhead:
    issuer: str  # "Công an thành phố Hải Phòng"
    parent_body: str  # "Bộ Công an" (cơ quan chủ quản), "" at the top
    symbol: str  # "CAHP", "CAHP-PC06"
    place: str  # "Hải Phòng"
    drafter: str  # "PC06": the unit itself in "Lưu: VT, PC06."; "" when it is the agency itself
    own_profile: bool  # the unit has its own profile (an agency, not a part of one)

    def storage_line(self) -> str:
        """``Lưu: VT, PC06.`` (or ``Lưu: VT.`` for the agency itself)."""
        return f"Lưu: VT, {self.drafter}." if self.drafter else "Lưu: VT."


# the locality word opens the name or follows the body ("Công an phường Hồng Bàng", "Ủy ban nhân dân tỉnh Sóc
# Trăng", "Phường Ngọc Hà"); elsewhere it is an ordinary word ("… trật tự xã hội" is no commune)
_LOCALITY = re.compile(
    r"^(?:(?:công an|ủy ban nhân dân|ubnd|hội đồng nhân dân)\s+)?"
    r"(?:thành phố|tỉnh|phường|xã|đặc khu|thị xã|huyện|thị trấn)\s+(.+)$",
    re.IGNORECASE,
)


def place_of(unit: OrgUnit) -> str:
    """The place name of the date line ("Hải Phòng, ngày …"): the nearest issuer profile's place, else the nearest
    unit (itself first, then its ancestors) whose name ends with a locality ("Công an thành phố Hải Phòng" →
    "Hải Phòng"); "" when none does. The one place this rule lives."""
    chain = [unit, *_ancestors(unit)]
    profiles = {p.unit_id: p for p in IssuerProfile.objects.filter(unit__in=chain).exclude(place="")}
    for u in chain:
        if u.pk in profiles:
            return profiles[u.pk].place
    for u in chain:
        m = _LOCALITY.search(u.name)
        if m:
            return m.group(1).strip()
    return ""


def own_code(unit: OrgUnit) -> str:
    """The unit's short code, else the last part of its code ("HP.CAP.A" → "A")."""
    return (unit.short_code or unit.code.rsplit(".", 1)[-1]).strip()


def letterhead(unit: OrgUnit) -> Letterhead:
    chain = [unit, *_ancestors(unit)]  # the unit first, then its parent, …
    profiles = {p.unit_id: p for p in IssuerProfile.objects.filter(unit__in=chain)}
    parent = unit.parent
    nearest = next((profiles[u.pk] for u in chain if u.pk in profiles), None)
    place = next((profiles[u.pk].place for u in chain if u.pk in profiles and profiles[u.pk].place), "")
    own = profiles.get(unit.pk)
    if own is not None:
        symbol, drafter = own.symbol, ""
    elif nearest is not None:
        symbol, drafter = f"{nearest.symbol}-{own_code(unit)}", own_code(unit)
    else:
        symbol, drafter = own_code(unit), own_code(unit)
    return Letterhead(
        issuer=unit.name,
        parent_body=parent.name if parent is not None else "",
        symbol=symbol,
        place=place,
        drafter=drafter,
        own_profile=own is not None,
    )


def _ancestors(unit: OrgUnit) -> list[OrgUnit]:
    ids = unit.ancestor_ids
    by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in reversed(ids) if i in by_id]
