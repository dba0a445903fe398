"""The usual signature block of a unit's documents, by the kind of unit (NĐ 30/2020 Điều 13: KT., TM.).

Used when a document is generated for signing and nobody has said who signs: the deputy signs for the head
("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"); a People's Committee signs collectively ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH").
The name line is left for the signer.
"""

from __future__ import annotations

from .blocks import Signer

# unit kind -> (head's title, deputy's title)
HEAD_AND_DEPUTY = {
    "ministry": ("BỘ TRƯỞNG", "THỨ TRƯỞNG"),
    "provincial_police": ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    "department": ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    "police_department": ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    "specialised_office": ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    "district_police": ("TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"),
    "commune_police": ("TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"),
    "team": ("ĐỘI TRƯỞNG", "PHÓ ĐỘI TRƯỞNG"),
}
COLLECTIVE = {"provincial_committee", "commune_committee"}


def default_signer(unit, name: str = "") -> Signer:
    kind = getattr(unit, "kind", "") or ""
    if kind in COLLECTIVE:
        return Signer(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=name)
    head, deputy = HEAD_AND_DEPUTY.get(kind, ("THỦ TRƯỞNG ĐƠN VỊ", "PHÓ THỦ TRƯỞNG ĐƠN VỊ"))
    return Signer(authority=f"KT. {head}", title=deputy, name=name)
