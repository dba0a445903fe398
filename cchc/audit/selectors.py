"""Reading the audit trail: an object's history, and the searchable log for administrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit

from .models import AuditEvent


def model_for_table(table: str) -> type[Model] | None:
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return model
    return None


def table_label(table: str) -> str:
    model = model_for_table(table)
    return str(model._meta.verbose_name) if model is not None else table


def field_label(table: str, column: str) -> str:
    model = model_for_table(table)
    if model is not None:
        for f in model._meta.concrete_fields:
            if f.column == column:
                return str(f.verbose_name)
    return column


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object


def changes_of(event: AuditEvent) -> list[Change]:
    """What an event changed, field by field (all fields for a creation or a deletion)."""
    old, new = event.old or {}, event.new or {}
    if event.action == AuditEvent.Action.UPDATE:
        keys = list(event.changed or [])
    else:
        keys = sorted((new or old).keys())
    hidden = {"id", "created_at", "search_text", "path", "depth", "edit_version"}
    return [
        Change(k, field_label(event.table_name, k), old.get(k), new.get(k)) for k in keys if k not in hidden
    ]


def history_for_object(table: str, pk: object) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(table_name=table, object_pk=str(pk)).select_related("actor")


def history_for_unit(unit: OrgUnit, limit: int = 50) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(
        Q(table_name="orgs_orgunit", object_pk=str(unit.pk))
        | Q(table_name="orgs_orgunitalias", new__unit_id=unit.pk)
        | Q(table_name="orgs_orgunitalias", old__unit_id=unit.pk)
    ).select_related("actor")
    return list(qs[:limit])


def history_for_user(user: User, limit: int = 50) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(
        Q(table_name="accounts_user", object_pk=str(user.pk))
        | Q(table_name="orgs_membership", new__user_id=user.pk)
        | Q(table_name="orgs_membership", old__user_id=user.pk)
    ).select_related("actor")
    return list(qs[:limit])


def audit_log(
    *,
    table: str = "",
    actor: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if table:
        qs = qs.filter(table_name=table)
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(Q(actor__username__icontains=actor) | Q(actor__full_name__unaccent__icontains=actor))
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    if text:
        qs = qs.extra(
            where=[
                "(audit_auditevent.object_pk = %s OR audit_auditevent.new::text ILIKE %s "
                "OR audit_auditevent.old::text ILIKE %s)"
            ],
            params=[text, f"%{text}%", f"%{text}%"],
        )
    return qs


def audited_tables() -> list[tuple[str, str]]:
    tables = AuditEvent.objects.order_by().values_list("table_name", flat=True).distinct()
    return sorted(((t, table_label(t)) for t in tables), key=lambda x: x[1])
