"""Initiatives in the URL scope sweep: a returned proposal of the sibling ward (with an attachment, a review by the
city police's council and its documents), a draft and a council of the other organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile


def _initiative(w: Any) -> list[tuple[dict[str, Any], Any]]:
    i = w.objects["initiative"]
    return [
        ({"pk": i.pk}, i.unit),
        ({"pk": w.objects["initiative_other"].pk}, w.objects["initiative_other"].unit),
    ]


def _attachment(w: Any) -> list[tuple[dict[str, Any], Any]]:
    a = w.objects["initiative_attachment"]
    return [({"pk": a.pk}, a.initiative.unit)]


def _review(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["initiative_review"]
    return [({"pk": r.pk}, r.initiative.unit)]


def _council(w: Any) -> list[tuple[dict[str, Any], Any]]:
    c = w.objects["initiative_council"]
    return [({"pk": c.pk}, c.owner)]


def _contest(w: Any) -> list[tuple[dict[str, Any], Any]]:
    c = w.objects["initiative_contest"]
    return [({"pk": c.pk}, c.owner)]


def _bonus(w: Any) -> list[tuple[dict[str, Any], Any]]:
    b = w.objects["initiative_bonus"]
    return [({"pk": b.pk}, b.unit)]


TARGETS = {
    "initiatives:detail": _initiative,
    "initiatives:edit": _initiative,
    "initiatives:act": _initiative,
    "initiatives:attachment_upload": _initiative,
    "initiatives:adopt": _initiative,
    "initiatives:request_word": _initiative,
    "initiatives:attachment_file": _attachment,
    "initiatives:review": _review,
    "initiatives:minutes_word": _review,
    "initiatives:decision_word": _review,
    "initiatives:council": _council,
    "initiatives:contest": _contest,
    "initiatives:contest_enter": _contest,
    "initiatives:bonus_decide": _bonus,
}


def prepare(w: Any) -> None:
    from cchc.initiatives.models import (
        Attachment,
        Author,
        BonusProposal,
        Contest,
        Council,
        CouncilMember,
        Criterion,
        Initiative,
        Review,
    )
    from tests.test_url_scope_sweep import OTHER_ORG, SIBLING, TOKENS

    sibling, other = w.units[SIBLING], w.units[OTHER_ORG]
    initiative = Initiative.objects.filter(unit=sibling, state="returned").order_by("pk").first()
    assert initiative is not None, "the demo has no returned initiative of the sibling ward"
    Initiative.objects.filter(unit=sibling).update(situation_before=f"Trước {TOKENS[SIBLING]}")
    w.objects["initiative"] = initiative
    w.objects["initiative_attachment"] = Attachment.objects.create(
        initiative=initiative,
        title=f"Tài liệu {TOKENS[SIBLING]}",
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        size=8,
    )
    unit_council = Council.objects.filter(owner__code="HP", scope="unit", contests__isnull=True).first()
    assert unit_council is not None, "the demo has no council of the city police"
    review = Review.objects.create(
        initiative=initiative,
        council=unit_council,
        scope="unit",
        note=f"Ý kiến {TOKENS[SIBLING]}",
        decided_on=date(2026, 6, 1),
        outcome="not_recognised",
    )
    w.objects["initiative_review"] = review
    w.objects["initiative_bonus"] = BonusProposal.objects.create(
        initiative=initiative, review=review, unit=sibling, year=2026, points=1, note=TOKENS[SIBLING]
    )
    draft = Initiative.objects.create(
        unit=other, year=2026, title=f"Sáng kiến {TOKENS[OTHER_ORG]}", solution=TOKENS[OTHER_ORG]
    )
    Author.objects.create(initiative=draft, name=TOKENS[OTHER_ORG], share=100)
    w.objects["initiative_other"] = draft
    council = Council.objects.create(
        owner=other, name=f"Hội đồng {TOKENS[OTHER_ORG]}", scope="unit", year=2026
    )
    Criterion.objects.create(council=council, code="1", title="Tính mới", max_points=100)
    from cchc.accounts.models import User

    CouncilMember.objects.create(
        council=council, user=User.objects.get(username="daumoi.ngocha"), role="chair"
    )
    w.objects["initiative_council"] = council
    w.objects["initiative_contest"] = Contest.objects.create(
        owner=other,
        title=f"Cuộc thi {TOKENS[OTHER_ORG]}",
        year=2026,
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
        jury=council,
    )
