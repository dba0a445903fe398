"""Move the one-stop plan targets (onestop.Target) into the register: code ``onestop.<CODE>``, comparison ``>=``,
value = min_ratio. A one-stop target always applied to the unit's whole subtree (the nearest one winning), so the
moved ones do too."""

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("onestop", "Target")
    New = apps.get_model("targets", "Target")
    for t in Old.objects.all().order_by("pk"):
        New.objects.update_or_create(
            unit_id=t.unit_id,
            year=t.year,
            code=f"onestop.{t.code}",
            defaults={
                "comparison": ">=",
                "value": t.min_ratio,
                "source": t.source,
                "applies_to_subtree": True,
            },
        )


def backward(apps, schema_editor):
    Old = apps.get_model("onestop", "Target")
    New = apps.get_model("targets", "Target")
    for t in New.objects.filter(code__startswith="onestop.", comparison=">=").order_by("pk"):
        Old.objects.update_or_create(
            unit_id=t.unit_id,
            year=t.year,
            code=t.code.removeprefix("onestop."),
            defaults={"min_ratio": t.value, "source": t.source[:255]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0002_audit"),
        ("onestop", "0014_unit_procedures"),
    ]

    operations = [migrations.RunPython(forward, backward)]
