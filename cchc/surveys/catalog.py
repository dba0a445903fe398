"""Every questionnaire version a survey may use: the shipped files (``data/questionnaires/*.json``, loaded once per
process; migration 0012 also loads them as the first ``QuestionnaireVersion`` rows) and the versions published in
the UI (``QuestionnaireVersion``). A published version never changes, so a parsed one is cached per process (cleared
whenever a version is saved in this process)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError

from .models import QuestionnaireStatus, QuestionnaireVersion
from .questionnaires import Questionnaire, load_shipped, parse_questionnaire

DEFAULT_CITIZEN = "sipas_citizen"

_published: dict[tuple[str, int], Questionnaire] = {}


@lru_cache(maxsize=1)
def shipped() -> tuple[Questionnaire, ...]:
    return tuple(load_shipped())


@receiver([post_save, post_delete], sender=QuestionnaireVersion)
def _forget(**kwargs: object) -> None:
    clear_cache()


def clear_cache() -> None:
    _published.clear()


def from_row(row: QuestionnaireVersion) -> Questionnaire:
    return parse_questionnaire(row.document, where=f"{row.qid} v{row.version}")


def _published_rows() -> list[QuestionnaireVersion]:
    return list(QuestionnaireVersion.objects.filter(status=QuestionnaireStatus.PUBLISHED))


def all_questionnaires() -> tuple[Questionnaire, ...]:
    """The shipped versions and the published ones, each (id, version) once."""
    found = {(q.id, q.version): q for q in shipped()}
    for row in _published_rows():
        if (row.qid, row.version) not in found:
            found[(row.qid, row.version)] = from_row(row)
    return tuple(found.values())


def get_questionnaire(qid: str, version: int) -> Questionnaire:
    """A version a survey can use (shipped or published); drafts are not."""
    for q in shipped():
        if q.id == qid and q.version == version:
            return q
    hit = _published.get((qid, version))
    if hit is not None:
        return hit
    row = QuestionnaireVersion.objects.filter(
        qid=qid, version=version, status=QuestionnaireStatus.PUBLISHED
    ).first()
    if row is None:
        raise DomainError(
            "unknown_questionnaire",
            _("Không có phiếu %(qid)s phiên bản %(version)s"),
            qid=qid,
            version=version,
        )
    q = _published[(qid, version)] = from_row(row)
    return q


def latest(qid: str) -> Questionnaire:
    found = [q for q in all_questionnaires() if q.id == qid]
    if not found:
        raise DomainError("unknown_questionnaire", _("Không có phiếu %(qid)s"), qid=qid)
    return max(found, key=lambda q: q.version)


def next_version(qid: str) -> int:
    """The number of a new version of ``qid``: one more than any shipped, published or draft version."""
    numbers = [q.version for q in shipped() if q.id == qid]
    numbers += list(QuestionnaireVersion.objects.filter(qid=qid).values_list("version", flat=True))
    return max(numbers, default=0) + 1


def choices(owners: set[int] | None = None) -> list[tuple[str, str]]:
    """(``id:version``, label) for a form's select; with ``owners`` only the platform's questionnaires and those
    owned by these units (the organisations the user sees)."""
    allowed = {(q.id, q.version) for q in shipped()}
    for row in _published_rows():
        if owners is None or row.owner_id is None or row.owner_id in owners:
            allowed.add((row.qid, row.version))
    return [
        (f"{q.id}:{q.version}", f"{q.title} (v{q.version})")
        for q in sorted(all_questionnaires(), key=lambda q: (q.kind, q.id, q.version))
        if (q.id, q.version) in allowed
    ]
