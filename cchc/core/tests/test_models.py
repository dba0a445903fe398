"""TimestampedModel: the one declaration of created_at/updated_at; no model repeats both by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from cchc.core.models import EvidenceBase, TimestampedModel

CCHC = Path(__file__).resolve().parents[2]


def test_no_model_declares_both_timestamps_by_hand():
    pair = re.compile(
        r"created_at = models\.DateTimeField\(auto_now_add=True\)\n\s+updated_at = models\.DateTimeField\(auto_now=True\)"
    )
    offenders = [str(p) for p in CCHC.rglob("models.py") if pair.search(p.read_text(encoding="utf-8"))]
    assert offenders == [str(CCHC / "core" / "models.py")]


def test_the_bases_are_used():
    timestamped = {m.__name__ for m in apps.get_models() if issubclass(m, TimestampedModel)}
    assert {"OrgUnit", "Membership", "Plan", "Dossier", "Submission", "Round", "Survey"} <= timestamped
    evidence = {m._meta.label for m in apps.get_models() if issubclass(m, EvidenceBase)}
    assert evidence >= {
        "plans.Evidence",
        "parindex.Evidence",
        "initiatives.Attachment",
        "reports.ReportDocument",
        "pakn.Attachment",
    }


@pytest.mark.django_db
def test_updated_at_moves_on_save_and_created_at_does_not(org):
    unit = org.ward
    created, updated = unit.created_at, unit.updated_at
    unit.name = unit.name + " (mới)"
    unit.save()
    unit.refresh_from_db()
    assert unit.created_at == created and unit.updated_at > updated
