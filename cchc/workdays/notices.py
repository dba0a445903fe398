"""The yearly government notices as data (``data/notices.json``) and the default calendar built from them. Pure."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from cchc.core.errors import DomainError, gettext_noop

from .calendar import OVERRIDE_KINDS, OfficeHours, Override, WorkCalendar

NOTICES_PATH = Path(__file__).resolve().parent / "data" / "notices.json"


def load_notice_overrides(path: Path | str | None = None) -> list[Override]:
    """Override records of every notice in the file, in file order (a later record for the same date wins)."""
    path = Path(path) if path is not None else NOTICES_PATH
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp thông báo ngày nghỉ %(path)s: %(exc)s"),
            path=path,
            exc=exc,
        ) from exc
    notices = doc.get("notices") if isinstance(doc, dict) else None
    if not isinstance(notices, list):
        raise DomainError("invalid_notices", gettext_noop("%(path)s: thiếu danh sách 'notices'"), path=path)
    out: list[Override] = []
    for i, notice in enumerate(notices):
        out.extend(_notice_days(path, i, notice))
    return out


def _notice_days(path: Path, index: int, notice: Any) -> list[Override]:
    where = f"{path}, notices[{index}]"
    if not isinstance(notice, dict) or not isinstance(notice.get("days"), list):
        raise DomainError(
            "invalid_notices", gettext_noop("%(where)s: thông báo phải có danh sách 'days'"), where=where
        )
    ref = str(notice.get("ref") or "")
    notice_verify = bool(notice.get("verify", False))
    out: list[Override] = []
    for j, row in enumerate(notice["days"]):
        at = f"{where}.days[{j}]"
        if not isinstance(row, dict):
            raise DomainError("invalid_notices", gettext_noop("%(at)s: phải là một đối tượng"), at=at)
        try:
            day = date.fromisoformat(str(row.get("date")))
        except ValueError:
            raise DomainError(
                "invalid_date",
                gettext_noop("%(at)s, trường date: ngày không hợp lệ %(date_r)s"),
                at=at,
                date_r=f"{row.get('date')!r}",
            ) from None
        kind = row.get("kind")
        if kind not in OVERRIDE_KINDS:
            raise DomainError(
                "invalid_notices",
                gettext_noop("%(at)s, trường kind: phải là 'off' hoặc 'work', không phải %(kind_r)s"),
                at=at,
                kind_r=f"{kind!r}",
            )
        out.append(
            Override(
                day=day,
                kind=kind,
                note=str(row.get("note") or ""),
                source=ref,
                verify=bool(row.get("verify", notice_verify)),
            )
        )
    return out


@lru_cache(maxsize=1)
def _notice_calendar() -> WorkCalendar:
    return WorkCalendar(load_notice_overrides())


def default_calendar(hours: OfficeHours | None = None) -> WorkCalendar:
    """The ``holidays`` package plus the notices file; merge the DB table in with ``.with_overrides(records)``."""
    calendar = _notice_calendar()
    return calendar.with_hours(hours) if hours is not None else calendar
