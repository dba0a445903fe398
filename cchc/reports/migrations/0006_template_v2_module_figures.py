"""Report templates version 2 (issues 13, 21): the inspections count, the PAKN handled and the initiatives figures are
drawn from their modules' figure sources instead of being typed.

Stored version-1 templates get a version-2 row (the stored definition patched as the data file was, so a template
built elsewhere from version 1 is patched the same way); the reporting cycles move to it, so the periods still to
come ask no one to type those figures; the reports not yet sent (not started, draft, returned) move with them, and a
figure a unit already typed is kept as an override of the computed one with a note saying so — nothing typed is
lost, and the form shows the platform's figure beside it (clearing the override takes the computed value). Reports
already sent keep version 1: their form and figures stay as sent.
"""

from __future__ import annotations

import copy

from django.db import migrations

CODES = ("cchc-dinh-ky", "cchc-cong-an")
EDITABLE = ("not_started", "draft", "returned")
SOURCED = {
    "inspections": ("inspections", "visits"),
    "feedback_handled": ("pakn", "handled"),
}
INITIATIVES = [
    {"key": "initiatives_submitted", "label": "Sáng kiến CCHC đã gửi", "source": "initiatives",
     "source_field": "submitted", "sum": "sum"},
    {"key": "initiatives_recognised", "label": "Sáng kiến CCHC được công nhận", "source": "initiatives",
     "source_field": "recognised", "sum": "sum"},
    {"key": "initiatives_recognised_province", "label": "Sáng kiến được công nhận cấp tỉnh trở lên",
     "source": "initiatives", "source_field": "recognised_province", "sum": "sum"},
    {"key": "initiatives_adopted", "label": "Sáng kiến được áp dụng, nhân rộng", "source": "initiatives",
     "source_field": "adopted", "sum": "sum"},
]  # fmt: skip
NOTE = "Số liệu nhập tay theo mẫu cũ (phiên bản 1); nền tảng nay tự tính — xóa số điều chỉnh để dùng số nền tảng."


def patched(definition: dict) -> dict:
    out = copy.deepcopy(definition)
    for section in out.get("sections", []):
        numbers = section.get("numbers", [])
        keys = [n.get("key") for n in numbers]
        for n in numbers:
            if n.get("key") in SOURCED and not n.get("source"):
                n["source"], n["source_field"] = SOURCED[n["key"]]
        if "inspections" in keys and not any(k.startswith("initiatives_") for k in keys):
            at = keys.index("inspections") + 1
            numbers[at:at] = copy.deepcopy(INITIATIVES)
    return out


def forward(apps, schema_editor):
    Template = apps.get_model("reports", "ReportTemplate")
    Cycle = apps.get_model("reports", "ReportingCycle")
    Submission = apps.get_model("reports", "Submission")
    for old in Template.objects.filter(code__in=CODES, version=1):
        new = Template.objects.filter(code=old.code, version=2).first()
        if new is None:
            new = Template.objects.create(
                code=old.code, version=2, name=old.name, definition=patched(old.definition)
            )
        Cycle.objects.filter(template=old).update(template=new)
        for sub in Submission.objects.filter(template=old, status__in=EDITABLE):
            numbers = dict(sub.numbers or {})
            overrides = dict(sub.overrides or {})
            for key in SOURCED:
                typed = str(numbers.pop(key, "") or "").strip()
                if typed and key not in overrides:
                    overrides[key] = {"value": typed, "note": NOTE}
            sub.numbers, sub.overrides, sub.template = numbers, overrides, new
            sub.save(update_fields=["numbers", "overrides", "template"])


def backward(apps, schema_editor):
    """Cycles and unsent reports go back to version 1 (overrides made here become typed figures again)."""
    Template = apps.get_model("reports", "ReportTemplate")
    Cycle = apps.get_model("reports", "ReportingCycle")
    Submission = apps.get_model("reports", "Submission")
    for new in Template.objects.filter(code__in=CODES, version=2):
        old = Template.objects.filter(code=new.code, version=1).first()
        if old is None:
            continue
        Cycle.objects.filter(template=new).update(template=old)
        for sub in Submission.objects.filter(template=new, status__in=EDITABLE):
            numbers = dict(sub.numbers or {})
            overrides = dict(sub.overrides or {})
            for key in SOURCED:
                ov = overrides.get(key) or {}
                if ov.get("note") == NOTE:
                    numbers[key] = ov.get("value", "")
                    overrides.pop(key)
            sub.numbers, sub.overrides, sub.template = numbers, overrides, old
            sub.save(update_fields=["numbers", "overrides", "template"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_approval_documents_coverage")]

    operations = [migrations.RunPython(forward, backward)]
