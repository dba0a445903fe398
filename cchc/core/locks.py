"""One rule for a workflow step on a row several people may act on at once: lock the row, read it again, then check.

A step checks the state of a row (already approved, already decided, the round's phase) and then writes. Checked on
the copy the request loaded, two requests at once (a double click, a head and a coordinator acting together) both
pass and both act: two numbers taken, two versions published, an IntegrityError. :func:`lock_fresh`, called first
inside the step's transaction, locks the row until the transaction ends and reads it again in place (the caller's
object follows), so the second request waits for the first and is judged on what it left.
"""

from __future__ import annotations

from django.db import models


def lock_fresh(instance: models.Model, *, keep_relations: bool = False) -> None:
    """Lock ``instance``'s row (``SELECT … FOR UPDATE``) until the transaction ends and read it again in place.

    ``keep_relations``: the related objects the caller loaded (a review's initiative, an assessment's round) stay
    the same objects when they still match the row, instead of being dropped and read again on first use."""
    type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True).get()
    cached = (
        [
            (f, f.get_cached_value(instance))
            for f in instance._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.is_cached(instance)
        ]
        if keep_relations
        else []
    )
    instance.refresh_from_db()
    for f, obj in cached:
        if obj is not None and getattr(instance, f.attname) == obj.pk:
            f.set_cached_value(instance, obj)
