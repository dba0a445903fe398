import json
from pathlib import Path

from django.db import migrations

from cchc.audit.sql import attach

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "questionnaires"


def load_shipped(apps, schema_editor):
    """The four questionnaires shipped as files become the first published versions (owner: none — the platform's)."""
    QuestionnaireVersion = apps.get_model("surveys", "QuestionnaireVersion")
    for path in sorted(SHIPPED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        QuestionnaireVersion.objects.get_or_create(
            qid=data["id"],
            version=data["version"],
            defaults={"document": data, "status": "published"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0012_questionnaire_version"),
        ("core", "0001_extensions"),
        ("audit", "0001_initial"),
    ]

    operations = [
        attach("surveys_questionnaireversion"),
        migrations.RunPython(load_shipped, migrations.RunPython.noop),
    ]
