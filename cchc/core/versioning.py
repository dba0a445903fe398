"""No lost updates: records edited in forms carry a version, and a save made on a stale copy is refused.

How it works:

- A shared model has an ``edit_version`` column (:func:`version_field`, starts at 1).
- The edit page carries the version the user loaded in a hidden field: :class:`VersionedForm` (``edit_version``)
  for Django forms, ``{% include "includes/_edit_version.html" with version=obj.edit_version %}`` for hand-written
  ones (read back with :func:`posted_version`).
- The service calls :func:`claim` inside its transaction before writing: the row is locked (``SELECT … FOR
  UPDATE``), its version compared with the one the user loaded and moved on by one (the caller's ``save()``
  writes it; ``update_fields`` must name ``edit_version``). Two saves of the same row are thereby serialised.
- When someone saved in between, :class:`StaleEdit` is raised (a ``ValidationError``, so nothing is written) with
  who changed what and when (from the audit trail: the fields changed since the loaded version, their value now
  and the value the user submitted). A :class:`VersionedForm` given the error keeps the user's text, lists the
  changes and moves its hidden version on, so that saving again overwrites knowingly.
- Saves in between made by the same person (their autosave landing just before their click, another tab of
  theirs) are not a conflict: only someone else's changes are protected.

A form posted without a version (a script, a page older than this mechanism) is not checked; imports, commands
and demo loaders call the services without one and still move the version on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = "edit_version"
# Columns that change on every save or are derived: never reported as "what changed".
HIDDEN_COLUMNS = {FIELD, "id", "updated_at", "created_at", "search_text", "path", "depth", "saved_at"}


def version_field() -> models.PositiveIntegerField:
    """The column a versioned model declares: ``edit_version = version_field()``."""
    return models.PositiveIntegerField(gettext_lazy("lần sửa"), default=1, editable=False)


@dataclass(frozen=True)
class Change:
    """One field someone else changed: its label, its value now ("theirs") and what this user submitted."""

    label: str
    theirs: str
    yours: str | None = None  # None: the user's form did not carry this field


@dataclass
class Conflict:
    version: int  # the record's current version: resubmitting with it saves over the change
    by: str  # who saved in between ("" when unknown)
    at: datetime | None
    changes: list[Change] = field(default_factory=list)


class StaleEdit(ValidationError):
    """The record was saved by someone else after this user loaded it; nothing was written."""

    def __init__(self, conflict: Conflict):
        self.conflict = conflict
        super().__init__(stale_message(conflict), code="stale")

    @property
    def version(self) -> int:
        return self.conflict.version

    @property
    def changes(self) -> list[Change]:
        return self.conflict.changes


def stale_message(conflict: Conflict) -> str:
    who = conflict.by or _("người khác")
    when = timezone.localtime(conflict.at).strftime("%H:%M %d/%m/%Y") if conflict.at else _("vừa rồi")
    what = "; ".join(c.label for c in conflict.changes) or _("không xác định được trường nào")
    return _(
        "Bản ghi đã được %(who)s sửa lúc %(when)s trong khi bạn đang sửa; các thay đổi của họ: %(what)s. "
        "Nội dung bạn nhập vẫn còn nguyên bên dưới và chưa được lưu: xem lại các thay đổi, "
        "rồi bấm lưu lần nữa nếu vẫn muốn lưu nội dung của mình."
    ) % {"who": who, "when": when, "what": what}


# --- reading the version a page carried -----------------------------------------------------------------------------


def as_version(value) -> int | None:
    """The version a form carried, or None when it carried none (or garbage, which is not checked either)."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def posted_version(data: Mapping) -> int | None:
    return as_version(data.get(FIELD))


# --- the check --------------------------------------------------------------------------------------------------------


def claim(
    instance: models.Model,
    expected,
    *,
    mine: Mapping | None = None,
    key_labels: Mapping[str, Mapping[str, str]] | None = None,
    children: Callable[[datetime | None], list[Change]] | None = None,
    save: bool = False,
) -> int:
    """Lock ``instance``'s row, refuse a stale edit, move the version on; returns the new version.

    ``expected`` is the version the user loaded (None: not checked). ``mine`` maps model field names to what the
    user submitted, to show beside the current values; ``key_labels`` names the keys of JSON fields
    ({"narratives": {"1.1": "Kết quả …"}}). ``children`` lists changes to rows that belong to this record (a score
    grid) made since the given moment. ``save=True`` writes the new version at once (a record whose own columns
    the caller does not otherwise save); otherwise the caller's ``save()`` writes it.
    """
    model = type(instance)
    current = model._base_manager.select_for_update().get(pk=instance.pk)
    expected = as_version(expected)
    now = getattr(current, FIELD)
    if expected is not None and now != expected and not _own_edits(current, expected, now):
        raise StaleEdit(_conflict(current, expected, mine or {}, key_labels or {}, children))
    setattr(instance, FIELD, now + 1)
    if save:
        model._base_manager.filter(pk=instance.pk).update(**{FIELD: now + 1})
    return now + 1


def _own_edits(current, expected: int, now: int) -> bool:
    """Were all the saves since ``expected`` made by the person saving now (their own autosave landing just before
    their click, another tab of theirs)? Those are not someone else's changes to protect. Known from the audit
    trail only: without a complete trail it is a conflict."""
    from cchc.audit.models import AuditEvent

    with connection.cursor() as cursor:
        cursor.execute("SELECT nullif(current_setting('cchc.actor_id', true), '')")
        actor = cursor.fetchone()[0]
    if not actor:
        return False
    events = AuditEvent.objects.filter(
        table_name=current._meta.db_table,
        object_pk=str(current.pk),
        action=AuditEvent.Action.UPDATE,
        **{f"old__{FIELD}__gte": expected},
    )
    return events.count() == now - expected and not events.exclude(actor_id=int(actor)).exists()


def _conflict(current, expected: int, mine: Mapping, key_labels: Mapping, children) -> Conflict:
    from cchc.audit.models import AuditEvent

    table = current._meta.db_table
    events = list(
        AuditEvent.objects.filter(
            table_name=table,
            object_pk=str(current.pk),
            action=AuditEvent.Action.UPDATE,
            **{f"old__{FIELD}__gte": expected},
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    by_column = {f.column: f for f in current._meta.concrete_fields}
    changes: list[Change] = []
    seen: set[str] = set()
    if events:
        loaded = events[0].old or {}
        columns: list[str] = []
        for event in events:
            for column in event.changed or []:
                if column not in columns and column not in HIDDEN_COLUMNS:
                    columns.append(column)
        for column in columns:
            f = by_column.get(column)
            if f is None:
                continue
            seen.add(f.name)
            if isinstance(f, models.JSONField):
                changes += _json_changes(f, loaded.get(column), getattr(current, f.name), mine, key_labels)
            else:
                changes.append(_change(current, f, mine))
    else:  # no trail (an unaudited table): what differs between the row now and the submission
        for name in mine:
            try:
                f = current._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not f.concrete or f.many_to_many or name in HIDDEN_COLUMNS:
                continue
            seen.add(name)
            if isinstance(f, models.JSONField):
                changes += _json_changes(
                    f, None, getattr(current, name), mine, key_labels, only_differing=True
                )
            elif show(f, getattr(current, name)) != show(f, mine[name]):
                changes.append(_change(current, f, mine))
    for name, value in mine.items():  # related lists (many-to-many, aliases) are not on the row: compare them
        try:
            f = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (f.many_to_many or f.one_to_many) and name not in seen:
            now = list(getattr(current, name).all())
            if _keys(now) != _keys(value or []):
                label = getattr(f, "verbose_name", None) or f.related_model._meta.verbose_name
                changes.append(
                    Change(str(label)[:1].upper() + str(label)[1:], show_many(now), show_many(value or []))
                )
    last = events[-1] if events else None
    since = events[0].at if events else None
    if children is not None:
        changes += children(since)
    by = ""
    if last is not None and last.actor is not None:
        by = last.actor.display_name if hasattr(last.actor, "display_name") else str(last.actor)
    at = last.at if last is not None else getattr(current, "updated_at", None)
    return Conflict(version=getattr(current, FIELD), by=by, at=at, changes=changes)


def _label(f) -> str:
    text = str(f.verbose_name)
    return text[:1].upper() + text[1:]


def _change(current, f, mine: Mapping) -> Change:
    value = getattr(current, f.name)
    yours = show(f, mine[f.name]) if f.name in mine else None
    if yours is None and f.attname in mine:
        yours = show(f, mine[f.attname])
    return Change(_label(f), show(f, value), yours)


def _json_changes(
    f, loaded, now, mine: Mapping, key_labels: Mapping, only_differing: bool = False
) -> list[Change]:
    labels = key_labels.get(f.name, {})
    submitted = mine.get(f.name)
    if not isinstance(now, dict) or not (isinstance(loaded, dict) or loaded is None):
        yours = show(None, submitted) if f.name in mine else None
        return [Change(_label(f), show(None, now), yours)]
    loaded = loaded or {}
    keys = sorted(
        set(loaded) | set(now), key=lambda k: (list(labels).index(k) if k in labels else len(labels), k)
    )
    out = []
    for key in keys:
        theirs = show(None, now.get(key))
        yours = show(None, submitted.get(key)) if isinstance(submitted, dict) and key in submitted else None
        if only_differing:
            if yours is None or yours == theirs:
                continue
        elif show(None, loaded.get(key)) == theirs:
            continue
        out.append(Change(f"{_label(f)} — {labels.get(key, key)}", theirs, yours))
    return out


def show(f, value) -> str:
    """A value as a person reads it: choices by label, dates dd/mm/yyyy, units by name, empty as a dash."""
    if f is not None and getattr(f, "choices", None):
        value = dict(f.flatchoices).get(value, value)
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        if set(value) <= {"value", "note"}:  # an override {value, note}
            text, note = str(value.get("value", "")), str(value.get("note", ""))
            return f"{text} ({note})" if note else (text or "—")
        return "; ".join(f"{k}: {show(None, v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(show(None, v) for v in value) or "—"
    return str(value)


def _keys(objects: Iterable) -> set:
    return {o.pk if isinstance(o, models.Model) else str(o) for o in objects}


def show_many(objects: Iterable) -> str:
    return ", ".join(sorted(str(o) for o in objects)) or "—"


def child_changes(
    table: str,
    pks: Iterable,
    since: datetime | None,
    describe: Callable[[str, str], tuple[str, str, str | None] | None],
) -> list[Change]:
    """Changes to rows of ``table`` (``pks``) audited since ``since``: ``describe(pk, column)`` gives (label,
    theirs, yours) for a changed cell, or None to leave it out."""
    from cchc.audit.models import AuditEvent

    if since is None:
        return []
    out: list[Change] = []
    seen: set[tuple[str, str]] = set()
    events = AuditEvent.objects.filter(
        table_name=table,
        object_pk__in=[str(pk) for pk in pks],
        action=AuditEvent.Action.UPDATE,
        at__gte=since,
    ).order_by("at", "id")
    for event in events:
        for column in event.changed or []:
            key = (event.object_pk, column)
            if column in HIDDEN_COLUMNS or key in seen:
                continue
            seen.add(key)
            described = describe(event.object_pk, column)
            if described is not None:
                out.append(Change(*described))
    return out


# --- forms ------------------------------------------------------------------------------------------------------------


class VersionedForm(forms.Form):
    """Mixin: the hidden version the user loaded; given a :class:`StaleEdit`, keeps the text and moves it on.

    Put it first among the bases (``class UnitForm(VersionedForm, forms.Form)``); set the version with
    ``initial={"edit_version": obj.edit_version}`` (a ``ModelForm`` takes it from its instance); read it with
    ``form.cleaned_data["edit_version"]`` (None when the page carried none).
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    stale: Conflict | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and FIELD not in self.initial:
            self.initial[FIELD] = getattr(instance, FIELD, None)

    @property
    def loaded_version(self) -> int | None:
        return (getattr(self, "cleaned_data", None) or {}).get(FIELD)

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, StaleEdit):
            rebase(self, error)
            field = None
        return super().add_error(field, error)


class AdminVersionedForm(VersionedForm, forms.ModelForm):
    """For a Django admin change form (``ModelAdmin.form``; list ``fields`` explicitly, without ``edit_version``):
    the admin saves inside a transaction, so the check runs in ``clean()`` and a stale save becomes a form error."""

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            mine = {k: v for k, v in data.items() if k != FIELD}
            try:
                claim(self.instance, data.get(FIELD), mine=mine)
            except StaleEdit as exc:
                self.add_error(None, exc)
        return data


def rebase(form: VersionedForm, error: StaleEdit) -> None:
    """Keep what the user typed, remember the conflict for the template, carry the current version from now on."""
    form.stale = error.conflict
    if form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict (its copy is mutable) or a dict
        data[form.add_prefix(FIELD)] = str(error.version)
        form.data = data


def status_for(form_or_conflict) -> int:
    """409 for a page shown again because of a stale save, else 200."""
    conflict = getattr(form_or_conflict, "stale", form_or_conflict)
    return 409 if isinstance(conflict, Conflict) else 200
