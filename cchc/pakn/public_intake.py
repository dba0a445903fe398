"""The public form's intake in one round trip (issue 17's throughput goal: hundreds of submissions a second).

One prepared statement (``INTAKE_SQL``) does what the officer's :func:`services.record_create` does in several:

- **the unit**: the code the sender chose, among the current units (``valid_to`` empty) — an unknown or closed one
  stores nothing and raises ``unknown_unit``;
- **the abuse counts** (as on the survey form, ``cchc.surveys.abuse``): the records of the last hour from the same
  hashed address and from the same device, each counted up to its limit only (a flood costs no more than the limit).
  From ``PAKN_IP_FLAG_PER_HOUR`` / ``PAKN_DEVICE_FLAG_PER_HOUR`` on, the record is kept and flagged
  (``rate_ip`` / ``rate_device``) for the officers; from ``PAKN_DEVICE_BLOCK_PER_HOUR`` on, nothing is stored and
  ``rate_limited`` is raised (the view answers 429);
- **the register number** (sổ tiếp nhận): the unit's counter row for the year, incremented in place and locked until
  the statement's own transaction commits, so numbers never repeat and a refusal takes none; the code as
  ``services._code`` makes it (at least five digits);
- **the row**, with the sender's identity already checked (NĐ 20/2008 Điều 7: name, address, phone or e-mail).

The commit mode is set in the same statement (``settings.PAKN_PUBLIC_DURABLE_COMMIT``, see there). Called inside a
transaction (the attachments path), the counter row stays locked until that transaction ends. Creation is not
audited by the trigger (as for :func:`services.record_create`); a later change or deletion is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any, cast

from django.conf import settings
from django.db import connection
from django.db.models import CharField, TextField
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.core.prepared import fetch_one_prepared
from cchc.workdays.calendar import to_local

from .models import Category, Record
from .services import _check_identity

# Columns the statement fills itself; the columns a submission sets (parameters); every other column holds the
# same value on every public submission (the model's defaults, channel "website", category "regulation") and is
# written into the statement's text once per process, so the statement keeps few parameters (psycopg caches the
# conversion of a statement with at most 50). A new column whose value differs between submissions goes in _SENT.
_SQL_FILLED = ("id", "unit_id", "flags", "register_year", "register_number", "code")
_SENT = (
    "created_at",
    "updated_at",
    "received_at",
    "sender_type",
    "kind",
    "title",
    "content",
    "sender_name",
    "sender_phone",
    "sender_email",
    "sender_address",
    "procedure_code",
    "dossier_code",
    "ip_hash",
    "device_hash",
)

INTAKE_SQL = """
WITH u AS (SELECT id FROM orgs_orgunit WHERE code = %(unit_code)s::text AND valid_to IS NULL),
c AS (
  SELECT (SELECT count(*) FROM (SELECT 1 FROM pakn_record WHERE ip_hash = %(ip_hash)s::text AND ip_hash <> ''
                                AND created_at >= %(since)s LIMIT %(ip_flag)s) a) AS by_ip,
         (SELECT count(*) FROM (SELECT 1 FROM pakn_record WHERE device_hash = %(device_hash)s::text
                                AND device_hash <> '' AND created_at >= %(since)s LIMIT %(device_block)s) b) AS by_device
),
n AS (
  INSERT INTO pakn_registercounter (unit_id, year, last_number)
  SELECT u.id, %(year)s, 1
    FROM u, c, (SELECT CASE WHEN %(durable)s THEN ''
                            ELSE set_config('synchronous_commit', 'off', true) END) m
   WHERE c.by_device < %(device_block)s
  ON CONFLICT (unit_id, year) DO UPDATE SET last_number = pakn_registercounter.last_number + 1
  RETURNING unit_id, last_number
),
r AS (
  INSERT INTO pakn_record ({columns}, unit_id, flags, register_year, register_number, code)
  SELECT {values}, n.unit_id,
         %(flags)s::jsonb
           || CASE WHEN c.by_ip >= %(ip_flag)s THEN '["rate_ip"]'::jsonb ELSE '[]'::jsonb END
           || CASE WHEN c.by_device >= %(device_flag)s THEN '["rate_device"]'::jsonb ELSE '[]'::jsonb END,
         %(year)s, n.last_number,
         'PA' || %(yy)s::text || '.' || n.unit_id::text || '.'
           || CASE WHEN n.last_number < 100000 THEN lpad(n.last_number::text, 5, '0') ELSE n.last_number::text END
    FROM n, c
  RETURNING id, unit_id, register_number, code, flags
)
SELECT r.id, r.unit_id, r.register_number, r.code, r.flags, EXISTS (SELECT 1 FROM u)
  FROM c LEFT JOIN r ON true"""


def _cast(field: Any) -> str:
    # Explicit types: a prepared statement's parameters are typed by PostgreSQL; text goes into a varchar(n) column
    # through an assignment cast, which fails on an overlong value rather than cutting it.
    return "text" if isinstance(field, CharField | TextField) else str(field.db_type(connection))


@cache
def _statement() -> str:
    """The statement's text (the same on every call, so it is prepared once per connection)."""
    fields = [f for f in Record._meta.concrete_fields if f.column not in _SQL_FILLED]
    fixed = Record(channel="website", category=Category.REGULATION)  # the constant columns' values
    values = []
    for f in fields:
        if f.column in _SENT:
            values.append(f"%({f.column})s::{_cast(f)}")
        else:
            value = f.get_db_prep_save(f.pre_save(fixed, True), connection)
            literal = cast(Any, connection.ops).compose_sql(f"%s::{_cast(f)}", [value])  # PostgreSQL's ops
            values.append(literal.replace("%", "%%"))  # the statement's text is still parsed for placeholders
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    return INTAKE_SQL.format(columns=columns, values=", ".join(values))


@dataclass(frozen=True)
class Intake:
    """The record the public form entered: what the answer page and the attachments need (no model instance is
    built on this path)."""

    pk: int
    unit_id: int
    register_year: int
    register_number: int
    code: str
    flags: list[str]


def record_create_public(
    *,
    unit_code: str,
    sender_type: str,
    kind: str,
    title: str,
    content: str,
    sender_name: str,
    sender_address: str,
    sender_phone: str = "",
    sender_email: str = "",
    procedure_code: str = "",
    dossier_code: str = "",
    flags: list[str] | None = None,
    ip_hash: str = "",
    device_hash: str = "",
    durable: bool = True,
) -> Intake:
    """Receive a PAKN from the public form (channel website, no actor) into the register of the unit coded
    ``unit_code``: one round trip. Raises ``DomainError`` ``unknown_unit`` (field ``unit``) or ``rate_limited``."""
    _check_identity(sender_name, sender_address, sender_phone, sender_email)
    if not title.strip() or not content.strip():
        raise DomainError("missing_content", gettext_lazy("Xin ghi tiêu đề và nội dung."), field="content")
    now = timezone.now()
    year = to_local(now).year
    params: dict[str, Any] = {
        "created_at": now,
        "updated_at": now,
        "received_at": now,
        "sender_type": sender_type,
        "kind": kind,
        "title": title.strip()[:500],
        "content": content.strip(),
        "sender_name": sender_name.strip(),
        "sender_address": sender_address.strip(),
        "sender_phone": sender_phone.strip(),
        "sender_email": sender_email.strip(),
        "procedure_code": procedure_code.strip(),
        "dossier_code": dossier_code.strip(),
        "ip_hash": ip_hash,
        "device_hash": device_hash,
    }
    params.update(
        unit_code=unit_code.strip(),
        since=now - timedelta(hours=1),
        ip_flag=settings.PAKN_IP_FLAG_PER_HOUR,
        device_flag=settings.PAKN_DEVICE_FLAG_PER_HOUR,
        device_block=settings.PAKN_DEVICE_BLOCK_PER_HOUR,
        year=year,
        yy=f"{year % 100:02d}",
        durable=durable,
        flags=Record._meta.get_field("flags").get_db_prep_save(list(flags or []), connection),
    )
    row = fetch_one_prepared(_statement(), params)
    assert row is not None  # the final SELECT always answers one row
    pk, unit_id, number, code, stored_flags, unit_exists = row
    if pk is None:
        if not unit_exists:
            raise DomainError(
                "unknown_unit", gettext_lazy("Xin chọn cơ quan nhận trong danh sách."), field="unit"
            )
        raise DomainError(
            "rate_limited",
            gettext_lazy("Thiết bị này đã gửi quá nhiều phản ánh trong một giờ. Xin thử lại sau."),
        )
    # Django's connection leaves jsonb undecoded (its fields decode it)
    stored = json.loads(stored_flags) if isinstance(stored_flags, str) else stored_flags
    return Intake(pk, unit_id, year, number, code, stored)
