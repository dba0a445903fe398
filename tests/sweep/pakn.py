"""The PAKN pages in the URL scope sweep: officer pages about a record of the sibling ward (or another
organisation), and the public pages (no login; published answers only, never a sender's data)."""

from __future__ import annotations

from typing import Any

PUBLIC = {
    "pakn:public_form",
    "pakn:public_sent",
    "pakn:follow",
    "pakn:published",
    "pakn:published_detail",
    "pakn:vote",
}
SIBLING = "HP.CAP.LECHAN"
OTHER_ORG = "HN.NGOCHA"
TOKENS = {SIBLING: "ZQLECHAN", OTHER_ORG: "ZQNGOCHA"}
ACTIONS = ("accept", "refuse", "forward", "answer", "approve", "publish", "founded", "supplement")


def _record(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["pakn_record"]
    return [({"pk": r.pk}, r.unit)]


def _actions(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["pakn_record"]
    return [({"pk": r.pk, "name": name}, r.unit) for name in ACTIONS]


def _attachment(w: Any) -> list[tuple[dict[str, Any], Any]]:
    a = w.objects["pakn_attachment"]
    return [({"pk": a.pk}, a.record.unit)]


def _proposal(w: Any) -> list[tuple[dict[str, Any], Any]]:
    p = w.objects["pakn_penalty"]
    return [({"pk": p.pk}, p.unit)]


def _published(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["pakn_published"]
    return [({"code": r.code}, None)]  # public: anybody may read it and mark it


TARGETS = {
    "pakn:detail": _record,
    "pakn:answer_letter": _record,
    "pakn:action": _actions,
    "pakn:attachment": _attachment,
    "pakn:penalty_decide": _proposal,
    "pakn:published_detail": _published,
    "pakn:vote": _published,
}


def prepare(world: Any) -> None:
    from django.core.files.base import ContentFile

    from cchc.pakn import services
    from cchc.pakn.models import Attachment, PenaltyProposal, Record

    for code, token in TOKENS.items():
        unit = world.units[code]
        if not Record.objects.filter(unit=unit).exists():
            services.record_create(
                unit=unit,
                actor=None,
                channel="post",
                sender_type="citizen",
                kind="phan_anh",
                title="Phản ánh",
                content="Nội dung",
                sender_name="Nguyễn Văn An",
                sender_address="Hà Nội",
                sender_phone="0912345678",
            )
        Record.objects.filter(unit=unit).update(sender_name=f"Nguyễn {token}", sender_address=token)
        Record.objects.filter(unit=unit, published_at__isnull=True).update(
            title=f"Phản ánh {token}", answer=token
        )
    sibling = world.units[SIBLING]
    record = Record.objects.filter(unit=sibling, refused_at__isnull=True, handled_at__isnull=True).order_by(
        "pk"
    )
    world.objects["pakn_record"] = (
        record.first() or Record.objects.filter(unit=sibling).order_by("pk").first()
    )
    world.objects["pakn_attachment"] = Attachment.objects.create(
        record=world.objects["pakn_record"], file=ContentFile(b"%PDF-1.4", name="a.pdf"), name="a.pdf", size=8
    )
    penalty = PenaltyProposal.objects.filter(unit=sibling).first()
    if penalty is None:
        penalty = PenaltyProposal.objects.create(record=world.objects["pakn_record"], unit=sibling, year=2026)
    world.objects["pakn_penalty"] = penalty
    world.objects["pakn_published"] = Record.objects.filter(published_at__isnull=False).order_by("pk").first()
