"""The pure rules of initiatives (methodology §12; contract ``initiatives.md``): authors' shares, council scores,
the PAR-index bonus cap. No Django import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cchc.core.errors import DomainError, gettext_noop

MIN_CO_AUTHOR_SHARE = 30  # % — the share most local rules require of each co-author (NĐ 13/2012 as restated)
SCOPES = ("unit", "province", "national")  # cơ sở → cấp tỉnh / bộ → toàn quốc
PAR_BONUS_CAP = Decimal(
    "2"
)  # seed 003 §II.2.c: up to 2 points for an initiative recognised at province or above
PAR_BONUS_SCOPES = ("province", "national")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class AuthorShare:
    name: str
    share: int


def check_shares(authors: Iterable[AuthorShare], *, min_share: int = MIN_CO_AUTHOR_SHARE) -> None:
    """Authors' shares are whole percentages adding up to 100; with several authors each holds at least
    ``min_share``; names are given and not repeated. Raises :class:`DomainError` naming the first problem."""
    listed = list(authors)
    if not listed:
        raise DomainError("no_authors", gettext_noop("Sáng kiến phải có ít nhất một tác giả."))
    seen: set[str] = set()
    for a in listed:
        name = " ".join(a.name.split())
        if not name:
            raise DomainError("author_name_missing", gettext_noop("Thiếu họ tên tác giả."))
        if name.casefold() in seen:
            raise DomainError(
                "author_repeated", gettext_noop("Tác giả %(name)s được nêu hai lần."), name=name
            )
        seen.add(name.casefold())
        if a.share <= 0 or a.share > 100:
            raise DomainError(
                "share_out_of_range",
                gettext_noop("Tỷ lệ đóng góp của %(name)s phải từ 1 đến 100%%."),
                name=name,
            )
    total = sum(a.share for a in listed)
    if total != 100:
        raise DomainError(
            "shares_not_100",
            gettext_noop("Tổng tỷ lệ đóng góp của các tác giả là %(total)s%%, phải bằng 100%%."),
            total=total,
        )
    if len(listed) > 1:
        for a in listed:
            if a.share < min_share:
                raise DomainError(
                    "share_below_minimum",
                    gettext_noop(
                        "Đồng tác giả %(name)s chỉ đóng góp %(share)s%%, dưới mức tối thiểu %(min)s%% theo quy định "
                        "nên không được công nhận là đồng tác giả."
                    ),
                    name=" ".join(a.name.split()),
                    share=a.share,
                    min=min_share,
                )


def member_total(points: Mapping[str, Decimal]) -> Decimal:
    """One council member's total for an initiative: the sum of their points per criterion."""
    return sum(points.values(), Decimal(0))


def council_score(by_member: Mapping[int, Mapping[str, Decimal]], criteria: Iterable[str]) -> Decimal | None:
    """The council's score: the average of the totals of the members who scored every criterion (2 decimals);
    None when no member has finished."""
    wanted = set(criteria)
    totals = [member_total(p) for p in by_member.values() if wanted and wanted <= set(p)]
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO, rounding=ROUND_HALF_UP)


def check_points(points: Decimal, maximum: Decimal, *, criterion: str) -> None:
    if points < 0 or points > maximum:
        raise DomainError(
            "points_out_of_range",
            gettext_noop("Điểm tiêu chí %(criterion)s phải từ 0 đến %(max)s."),
            criterion=criterion,
            max=maximum,
        )


def next_scope(scope: str) -> str | None:
    """The scope an initiative recognised at ``scope`` may be proposed to next (None at the top)."""
    i = SCOPES.index(scope)
    return SCOPES[i + 1] if i + 1 < len(SCOPES) else None


def bonus_points(
    *, scope: str, others: Decimal, cap: Decimal = PAR_BONUS_CAP, wanted: Decimal | None = None
) -> Decimal:
    """The PAR-index bonus a recognition at ``scope`` proposes: ``wanted`` (default the cap) where the scope earns
    one, never more than what the cap leaves after the unit's ``others`` bonuses in the same round; 0 otherwise."""
    if scope not in PAR_BONUS_SCOPES:
        return Decimal(0)
    room = max(Decimal(0), cap - others)
    ask = cap if wanted is None else wanted
    return min(max(Decimal(0), ask), room).quantize(TWO)
