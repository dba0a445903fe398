"""Plan import drafts (the extracted file, with names and units, kept for its preview) do not outlive a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.plans.models import PlanImportDraft
from cchc.plans.tasks import purge_plan_import_drafts

pytestmark = pytest.mark.django_db


def test_the_job_deletes_drafts_untouched_for_a_day_and_keeps_fresh_ones(org, personas):
    old = PlanImportDraft.objects.create(
        user=personas.coordinator, issuer=org.city, filename="cu.docx", data={}
    )
    fresh = PlanImportDraft.objects.create(
        user=personas.coordinator, issuer=org.city, filename="moi.docx", data={}
    )
    PlanImportDraft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(hours=25))

    assert purge_plan_import_drafts() == 1

    assert list(PlanImportDraft.objects.values_list("pk", flat=True)) == [fresh.pk]
