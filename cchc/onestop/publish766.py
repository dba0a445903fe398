"""The monthly public 766 results (seed 002 item 39; contracts/targets.md, last bullet): prepare, approve and publish,
correct, withdraw — and the public reads.

- **Prepared** by the 766 page's own code (:func:`cchc.onestop.unitscore.board` over the month, the organising unit's
  ranked units): never retyped. :func:`prepare` is what the review page and ``publish_766 --dry-run`` show.
- **Approved** by a coordinator of the organising unit (a coordinator membership there or above it, or an
  administrator) who holds no membership in any of the ranked units — a unit never approves its own results
  (:func:`cchc.orgs.scope.conflict_of_interest_reason`). The approval computes the figures again, refuses them if they
  differ from what was reviewed (``expected_digest``), and freezes them (:class:`Publication766Row`, written once).
- **Published** at once on ``/mot-cua/cong-khai/766/`` (no login). A correction is a new version with its reason (the
  previous one is superseded, still listed with its reason); a withdrawal with its reason takes the month off.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.core.text import fold
from cchc.orgs.models import Fold, OrgUnit, Role
from cchc.orgs.scope import conflict_of_interest_reason, scope_for
from cchc.workdays.services import calendar_for

from .models import Publication766, Publication766Row
from .ontime import period
from .unitscore import board

if TYPE_CHECKING:
    from cchc.accounts.models import User


# ---------------------------------------------------------------- months


def parse_month(text: str) -> date:
    """``YYYY-MM`` (or ``MM/YYYY``) → the first day of that month."""
    raw = (text or "").strip()
    try:
        if "/" in raw:
            m, y = raw.split("/")
        else:
            y, m = raw.split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        raise DomainError(
            "bad_month", gettext_lazy("Tháng không hợp lệ: “%(text)s” (nhập dạng YYYY-MM)."), text=raw
        ) from None


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_text(month: date) -> str:
    return f"{month:%Y-%m}"


# ---------------------------------------------------------------- preparing (the 766 page's figures)


@dataclass(frozen=True)
class Line:
    unit: OrgUnit
    rank_group: str
    rank: int
    group_rank: int
    total: Decimal
    band: str
    scores: dict[str, Decimal]
    lacking: bool


@dataclass(frozen=True)
class Prepared:
    organiser: OrgUnit
    month: date
    definitions: str
    groups: list[dict[str, Any]]
    lines: list[Line]

    def digest(self) -> str:
        """A fingerprint of the figures: what was reviewed is what gets approved."""
        data = [
            [
                x.unit.code,
                x.rank,
                x.group_rank,
                str(x.total),
                x.band,
                {k: str(v) for k, v in x.scores.items()},
            ]
            for x in self.lines
        ]
        return hashlib.sha256(json.dumps([self.definitions, data], sort_keys=True).encode()).hexdigest()[:32]


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def prepare(organiser: OrgUnit, month: date) -> Prepared:
    """The month's 766 results of the units ranked under ``organiser``, exactly as the 766 page computes them for
    ``?unit=<organiser>&from=<first day>&to=<last day>``. Only a month that is over can be published."""
    first, last = month, month_end(month)
    if last >= timezone.localdate():
        raise DomainError(
            "month_not_over",
            gettext_lazy("Tháng %(month)s chưa kết thúc: chỉ công khai kết quả của tháng đã qua."),
            month=f"{month:%m/%Y}",
        )
    b = board(organiser, period(first, last), first, last, calendar_for(organiser))
    lines = [
        Line(
            unit=unit,
            rank_group=result.group or "",
            rank=result.rank,
            group_rank=result.group_rank,
            total=_cents(result.total_cents),
            band=result.band,
            scores={g.code: _cents(result.group_cents[g.code]) for g in b.defs.groups},
            lacking=b.marks.get(unit.code) is not None and b.marks[unit.code].flagged,
        )
        for unit, _counts, result in b.children
    ]
    groups = [{"code": g.code, "title": g.title, "max": float(g.max)} for g in b.defs.groups]
    return Prepared(organiser, month, b.defs.id, groups, lines)


# ---------------------------------------------------------------- rights


def refusal(actor: User | None, organiser: OrgUnit, units: list[OrgUnit]) -> str:
    """Why ``actor`` may not approve (or withdraw) the 766 results of ``units`` under ``organiser`` ("" if they may):
    only a coordinator of the organising unit (or an administrator), never one who belongs to a ranked unit."""
    scope = scope_for(actor)
    if not (scope.is_admin or scope.units_with(Role.COORDINATOR, over="subtree").contains(organiser)):
        return _("Chỉ cán bộ đầu mối của %(unit)s được duyệt công khai kết quả 766 của các đơn vị.") % {
            "unit": organiser.name
        }
    for unit in units:
        reason = conflict_of_interest_reason(actor, unit)
        if reason:
            return reason
    return ""


def may_publish(actor: User | None, organiser: OrgUnit) -> bool:
    """The page's capability: a coordinator of the organising unit (the ranked units are checked on approval)."""
    return not refusal(actor, organiser, [])


def _check(actor: User | None, organiser: OrgUnit, units: list[OrgUnit]) -> None:
    reason = refusal(actor, organiser, units)
    if reason:
        raise PermissionDenied(reason)


# ---------------------------------------------------------------- writes


@transaction.atomic
def publication_approve(
    *,
    organiser: OrgUnit,
    month: date,
    actor: User | None,
    reason: str = "",
    expected_digest: str | None = None,
) -> Publication766:
    """Approve and publish the month: the figures frozen now. A month already published (or withdrawn) gets a new
    version, with its reason; the published one is superseded."""
    OrgUnit.objects.select_for_update().filter(pk=organiser.pk).first()  # one approval of a unit at a time
    prepared = prepare(organiser, month)
    _check(actor, organiser, [x.unit for x in prepared.lines])
    if not prepared.lines:
        raise DomainError(
            "nothing_to_publish",
            gettext_lazy("Tháng %(month)s không có đơn vị nào có số liệu 766 để công khai."),
            month=f"{month:%m/%Y}",
        )
    if expected_digest is not None and expected_digest != prepared.digest():
        raise DomainError(
            "figures_changed",
            gettext_lazy("Số liệu đã thay đổi từ lúc xem trước; hãy xem lại trước khi duyệt."),
        )
    earlier = Publication766.objects.filter(organiser=organiser, month=month)
    reason = reason.strip()
    if earlier.exists() and not reason:
        raise DomainError(
            "reason_required",
            gettext_lazy("Tháng %(month)s đã công khai: ghi rõ lý do công khai lại (đính chính)."),
            month=f"{month:%m/%Y}",
            field="reason",
        )
    version = (earlier.aggregate(v=Max("version"))["v"] or 0) + 1
    for old in earlier.filter(state=Publication766.State.PUBLISHED):
        old.state = Publication766.State.SUPERSEDED
        old.save(update_fields=["state", "updated_at"])
    publication = Publication766.objects.create(
        organiser=organiser,
        month=month,
        version=version,
        reason=reason,
        definitions=prepared.definitions,
        groups=prepared.groups,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    Publication766Row.objects.bulk_create(
        [
            Publication766Row(
                publication=publication,
                unit=x.unit,
                unit_code=x.unit.code,
                unit_name=x.unit.name,
                rank_group=x.rank_group,
                rank=x.rank,
                group_rank=x.group_rank,
                total=x.total,
                band=x.band,
                scores={k: str(v) for k, v in x.scores.items()},
                lacking=x.lacking,
            )
            for x in prepared.lines
        ]
    )
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication766, actor: User | None, reason: str) -> Publication766:
    """Take a published month off the public page, with the reason (shown there in its place)."""
    publication = (
        Publication766.objects.select_for_update().select_related("organiser").get(pk=publication.pk)
    )
    _check(actor, publication.organiser, [r.unit for r in publication.rows.select_related("unit")])
    if publication.state != Publication766.State.PUBLISHED:
        raise DomainError("not_published", gettext_lazy("Phiên bản này không còn đang công khai."))
    if not reason.strip():
        raise DomainError(
            "reason_required", gettext_lazy("Ghi rõ lý do rút kết quả đã công khai."), field="reason"
        )
    publication.state = Publication766.State.WITHDRAWN
    publication.withdrawn_by = actor
    publication.withdrawn_at = timezone.now()
    publication.withdrawal_reason = reason.strip()
    publication.save(
        update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawal_reason", "updated_at"]
    )
    return publication


# ---------------------------------------------------------------- reads


def get_publication_for_user(user: User | None, pk: int) -> Publication766:
    """A publication for the coordinators' page: 404 unless its organising unit is in the user's view."""
    from django.http import Http404

    pub = Publication766.objects.select_related("organiser").filter(pk=pk).first()
    if pub is None or not scope_for(user).view.contains(pub.organiser):
        raise Http404(_("Không tìm thấy kết quả công khai."))
    return pub


def versions_of(organiser: OrgUnit) -> QuerySet[Publication766]:
    return Publication766.objects.filter(organiser=organiser).select_related("approved_by", "withdrawn_by")


def published() -> QuerySet[Publication766]:
    return Publication766.objects.filter(state=Publication766.State.PUBLISHED)


def public_organisers() -> QuerySet[OrgUnit]:
    """Units that published 766 results (a month withdrawn is said so on the page)."""
    shown = (Publication766.State.PUBLISHED, Publication766.State.WITHDRAWN)
    return OrgUnit.objects.filter(publications766__state__in=shown).distinct().order_by("path")


def public_rows(publication: Publication766, q: str = "") -> QuerySet[Publication766Row]:
    """A published month's lines; ``q`` matches the unit's name or code without accents."""
    qs = publication.rows.all()
    words = fold(q).split()
    if words:
        qs = qs.annotate(_n=Fold("unit_name"), _c=Fold("unit_code"))
        for w in words:
            qs = qs.filter(Q(_n__contains=w) | Q(_c__contains=w))
    return qs.order_by("rank", "unit_code")


def unit_history(organiser: OrgUnit, unit_code: str) -> QuerySet[Publication766Row]:
    """A unit's published line month by month (the version in force of each month)."""
    return (
        Publication766Row.objects.filter(
            publication__organiser=organiser,
            publication__state=Publication766.State.PUBLISHED,
            unit_code=unit_code,
        )
        .select_related("publication")
        .order_by("-publication__month")
    )


def withdrawn_months(organiser: OrgUnit) -> QuerySet[Publication766]:
    """Months withdrawn and not published again: the public page says so, with the reason."""
    live = published().filter(organiser=organiser).values("month")
    return (
        Publication766.objects.filter(organiser=organiser, state=Publication766.State.WITHDRAWN)
        .exclude(month__in=live)
        .order_by("-month", "-version")
    )
