"""The shipped questionnaires, loaded once per process (``questionnaires.load_shipped`` reads the JSON files)."""

from __future__ import annotations

from functools import lru_cache

from cchc.core.errors import DomainError

from .questionnaires import Questionnaire, load_shipped


@lru_cache(maxsize=1)
def all_questionnaires() -> tuple[Questionnaire, ...]:
    return tuple(load_shipped())


@lru_cache(maxsize=64)
def get_questionnaire(qid: str, version: int) -> Questionnaire:
    for q in all_questionnaires():
        if q.id == qid and q.version == version:
            return q
    raise DomainError(
        "unknown_questionnaire",
        f"Không có phiếu {qid} phiên bản {version}",
        en=f"no questionnaire {qid} v{version}",
    )


def latest(qid: str) -> Questionnaire:
    found = [q for q in all_questionnaires() if q.id == qid]
    if not found:
        raise DomainError("unknown_questionnaire", f"Không có phiếu {qid}", en=f"no questionnaire {qid}")
    return max(found, key=lambda q: q.version)


def choices() -> list[tuple[str, str]]:
    """(``id:version``, label) for a form's select."""
    return [
        (f"{q.id}:{q.version}", f"{q.title} (v{q.version})")
        for q in sorted(all_questionnaires(), key=lambda q: (q.kind, q.id, q.version))
    ]


DEFAULT_CITIZEN = "sipas_citizen"
