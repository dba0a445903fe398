"""The per-dossier rules of "Indicators from dossiers" (`../shared/contracts/onestop.md`), pure and typed.

This is the reference the database version (SQL) is tested against: S and R membership, ``end``, the supplement
pause, on time versus overdue, and the indicator table computed over a list of dossiers. Datetimes must be aware.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from cchc.onestop.definitions766 import Definitions, load_definitions
from cchc.onestop.scoring import cents_to_number, ratio_of, round2

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ZERO = timedelta(0)


def _aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


@dataclass(frozen=True)
class DossierTimes:
    """The times of a dossier that decide whether it is on time."""

    received_at: datetime
    due_at: datetime
    finished_at: datetime | None = None  # first terminal state (done, returned, rejected, withdrawn)
    supplement_requests: int = 0
    supplement_requested_at: datetime | None = None  # first request
    supplement_completed_at: datetime | None = None  # its completion

    def __post_init__(self) -> None:
        for name in (
            "received_at",
            "due_at",
            "finished_at",
            "supplement_requested_at",
            "supplement_completed_at",
        ):
            _aware(name, getattr(self, name))


@dataclass(frozen=True)
class Period:
    """[start, stop) covers the days from..to; ``as_of`` is the moment the in-process dossiers are judged at."""

    start: datetime  # `from` at 00:00
    stop: datetime  # the day after `to` at 00:00 (so `to` runs to 23:59:59.999999)
    as_of: datetime

    def __post_init__(self) -> None:
        for name in ("start", "stop", "as_of"):
            _aware(name, getattr(self, name))


def period(
    date_from: date, date_to: date, as_of: datetime | None = None, *, now: datetime | None = None
) -> Period:
    """The period of ``onestop_indicators``: as_of = the given one, else the end of ``to`` (23:59:59), or ``now``
    (the page's moment inside ``cchc.core.memo.shared()``) when that is earlier."""
    start = datetime.combine(date_from, time.min, tzinfo=TZ)
    stop = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=TZ)
    if as_of is None:
        as_of = datetime.combine(date_to, time(23, 59, 59), tzinfo=TZ)
        if now is None:
            from cchc.core.memo import moment

            now = moment()  # one page built at one moment (``cchc.core.memo.shared``), else now
        current = now if now is not None else datetime.now(TZ)
        as_of = min(as_of, current)
    return Period(start=start, stop=stop, as_of=as_of)


def in_process(d: DossierTimes, p: Period) -> bool:
    """S: received ≤ as_of and (not finished, or finished ≥ from)."""
    return d.received_at <= p.as_of and (d.finished_at is None or d.finished_at >= p.start)


def received_in(d: DossierTimes, p: Period) -> bool:
    """R: received between from (00:00) and to (end of day)."""
    return p.start <= d.received_at < p.stop


def end_time(d: DossierTimes, as_of: datetime) -> datetime:
    """``finished_at`` if ≤ as_of; else the time of a single supplement request made ≤ as_of and not completed by
    as_of; else as_of."""
    if d.finished_at is not None and d.finished_at <= as_of:
        return d.finished_at
    requested, completed = d.supplement_requested_at, d.supplement_completed_at
    if (
        d.supplement_requests == 1
        and requested is not None
        and requested <= as_of
        and (completed is None or completed > as_of)
    ):
        return requested
    return as_of


def pause(d: DossierTimes, end: datetime) -> timedelta:
    """Supplement time excluded from the clock: completed − requested when both are ≤ end, else 0 (never negative)."""
    requested, completed = d.supplement_requested_at, d.supplement_completed_at
    if requested is None or completed is None or requested > end or completed > end:
        return ZERO
    return max(ZERO, completed - requested)


def is_on_time(d: DossierTimes, as_of: datetime) -> bool:
    """On time: fewer than 2 supplement requests and end − pause ≤ due_at."""
    if d.supplement_requests >= 2:
        return False
    end = end_time(d, as_of)
    return end - pause(d, end) <= d.due_at


def lateness(d: DossierTimes, as_of: datetime) -> timedelta:
    """How late the dossier is at ``as_of`` by the rule: end − pause − due (≤ 0: within its time). With 2 or more
    supplement requests the rule calls it overdue whatever this gives."""
    end = end_time(d, as_of)
    return end - pause(d, end) - d.due_at


def status(d: DossierTimes, as_of: datetime) -> Literal["on_time", "overdue"]:
    return "on_time" if is_on_time(d, as_of) else "overdue"


# --- The indicator table over a list of dossiers -------------------------------------------------------------

Channel = Literal["direct", "online", "postal"]

# Order of the contract's table.
CODES = (
    "DOSSIER_ON_TIME",
    "ORIGINAL_RESULT_AVAILABLE",
    "SO_HOA_GIAY_TO_GIAI_QUYET",
    "REUSED_DIGITIZED_DATA",
    "CITIZEN_DATA_CONNECTED_DOSSIER",
    "DOSSIER_RECEIVING_SATISFACTION",
    "ONLINE_FULL_DOSSIERS",
    "ONLINE_PAYMENT_DOSSIERS",
)


@dataclass(frozen=True)
class DossierFacts(DossierTimes):
    """A dossier's times plus the facts the indicators count (procedure facts copied onto the dossier)."""

    channel: Channel = "direct"
    paper_result: bool = False  # the procedure returns a paper result
    online_full: bool = False  # the procedure's online_level is `full`
    fee_required: bool = False
    paid_online: bool = False
    digitized: bool = False
    result_electronic: bool = False
    reused_data: bool = False
    citizen_data: bool = False
    petition: bool = False
    rating: Literal["like", "dislike"] | None = None


@dataclass(frozen=True)
class IndicatorRatio:
    code: str
    numerator: int
    denominator: int
    ratio: float | None  # full precision; None on a zero denominator
    score: float | None  # rounded to 2 places; None on a zero denominator or when not scored
    max: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "ratio": None if self.ratio is None else round2(self.ratio),
            "score": self.score,
            "max": self.max,
        }


@dataclass(frozen=True)
class DossierIndicators:
    in_process: int  # |S|
    received: int  # |R|
    on_time: int  # on time in S
    overdue: int  # overdue in S
    indicators: tuple[IndicatorRatio, ...]


def _ratio(code: str, numerator: int, denominator: int, defs: Definitions) -> IndicatorRatio:
    defn = defs.indicator(code)
    ratio = ratio_of(numerator, denominator)
    scored = defn.scoring.fn != "none"
    cents = defn.scoring.cents(defn.max, ratio) if ratio is not None and scored else None
    return IndicatorRatio(
        code, numerator, denominator, ratio, cents_to_number(cents), defn.max if scored else None
    )


def indicator_ratios(
    dossiers: Iterable[DossierFacts], p: Period, defs: Definitions | None = None
) -> DossierIndicators:
    """numerator / denominator / ratio / score of every indicator of the contract's table for one unit's
    dossiers. "R overdue" counts the dossiers of R that are overdue by the rule of S (R ∩ S)."""
    defs = defs or load_definitions()
    s = r = on_time = 0
    paper = paper_electronic = digitized = reused = citizen = unhappy_or_late = 0
    full = full_online = fee = fee_paid = 0
    for d in dossiers:
        in_s = in_process(d, p)
        late = False
        if in_s:
            s += 1
            if is_on_time(d, p.as_of):
                on_time += 1
            else:
                late = True
        if not received_in(d, p):
            continue
        r += 1
        paper += d.paper_result
        paper_electronic += d.paper_result and d.result_electronic
        digitized += d.digitized
        reused += d.reused_data
        citizen += d.citizen_data
        unhappy_or_late += late  # R overdue …
        unhappy_or_late += d.petition or d.rating == "dislike"  # … and R with a petition or a dislike
        full += d.online_full
        full_online += d.online_full and d.channel == "online"
        fee += d.fee_required
        fee_paid += d.fee_required and d.paid_online
    counts = {
        "DOSSIER_ON_TIME": (on_time, s),
        "ORIGINAL_RESULT_AVAILABLE": (paper_electronic, paper),
        "SO_HOA_GIAY_TO_GIAI_QUYET": (digitized, r),
        "REUSED_DIGITIZED_DATA": (reused, r),
        "CITIZEN_DATA_CONNECTED_DOSSIER": (citizen, r),
        "DOSSIER_RECEIVING_SATISFACTION": (max(0, r - unhappy_or_late), r),
        "ONLINE_FULL_DOSSIERS": (full_online, full),
        "ONLINE_PAYMENT_DOSSIERS": (fee_paid, fee),
    }
    return DossierIndicators(
        in_process=s,
        received=r,
        on_time=on_time,
        overdue=s - on_time,
        indicators=tuple(_ratio(code, *counts[code], defs) for code in CODES),
    )


def unscored(result: DossierIndicators) -> DossierIndicators:
    """The counts and ratios without scores: for a period no 766 definitions version was in force (a score needs
    the maxima and the scoring of the version in force; a ratio does not)."""
    from dataclasses import replace

    return replace(result, indicators=tuple(replace(i, score=None, max=None) for i in result.indicators))
