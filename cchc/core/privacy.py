"""Masking of citizens' personal data (Nghị định 13/2023/NĐ-CP on personal data protection). Pure, no Django.

Whoever may not see an applicant's data (see ``cchc.orgs.scope.can_see_personal_data``) sees it masked, on every
page and in every export: the family name and the initials of a name ("Nguyễn V*** A**"), the first and last two
digits of a phone number ("09******45"), and only the last two parts of an address (ward, province).
"""

from __future__ import annotations

from dataclasses import dataclass

STAR = "*"


def mask_name(name: str) -> str:
    """'Nguyễn Việt Anh' → 'Nguyễn V*** A**': the first word whole, then each word's initial."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        word = words[0]
        return word[0] + STAR * max(len(word) - 1, 2)
    return " ".join([words[0], *(w[0] + STAR * max(len(w) - 1, 1) for w in words[1:])])


def mask_phone(phone: str) -> str:
    """'0912 345 645' → '09******45': the first two and last two digits, the rest as stars."""
    digits = [c for c in phone if c.isdigit()]
    if not digits:
        return STAR * 3 if phone.strip() else ""
    if len(digits) <= 4:
        return STAR * len(digits)
    return "".join(digits[:2]) + STAR * (len(digits) - 4) + "".join(digits[-2:])


def mask_address(address: str) -> str:
    """'Số 12 Lê Lợi, phường Hồng Bàng, Hải Phòng' → '***, phường Hồng Bàng, Hải Phòng': the house and street
    hidden, the last two parts (ward, province) kept; an address with no comma is hidden whole."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if not parts:
        return ""
    if len(parts) <= 2:
        return STAR * 3 + (f", {parts[-1]}" if len(parts) == 2 else "")
    return ", ".join([STAR * 3, *parts[-2:]])


@dataclass(frozen=True)
class Applicant:
    """A dossier's applicant as one user may see them: the real data, or masked (``masked`` True)."""

    name: str
    phone: str
    address: str
    masked: bool


def applicant_shown(name: str, phone: str, address: str, *, visible: bool) -> Applicant:
    if visible:
        return Applicant(name, phone, address, masked=False)
    return Applicant(mask_name(name), mask_phone(phone), mask_address(address), masked=True)
