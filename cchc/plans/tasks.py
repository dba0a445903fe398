"""Jobs of the plans module (procrastinate): the daily reminder of tasks due soon or overdue."""

from procrastinate.contrib.django import app

from cchc.audit.context import audit_context


@app.periodic(cron="0 7 * * *")
@app.task(queue="plans", pass_context=False)
def send_plan_reminders(timestamp: int | None = None) -> dict:
    """Every morning: notify units (in the app and by e-mail) of tasks due within N working days or overdue."""
    from .services import send_reminders

    with audit_context(None, "job:send_plan_reminders"):
        return send_reminders()


@app.periodic(cron="47 2 * * *")
@app.task(queue="maintenance", pass_context=False)
def purge_plan_import_drafts(timestamp: int | None = None) -> int:
    """Nightly: delete plan import drafts (the extracted file kept for its preview) untouched for
    IMPORT_STAGED_MAX_HOURS — abandoned previews, and confirmed ones whose plan now holds the content."""
    from cchc.core.staging import staged_cutoff

    from .models import PlanImportDraft

    with audit_context(None, "job:purge_plan_import_drafts"):
        deleted, _ = PlanImportDraft.objects.filter(updated_at__lt=staged_cutoff()).delete()
    return deleted


@app.periodic(cron="* * * * *")
@app.task(queue="plans", pass_context=False)
def send_notice_emails(timestamp: int | None = None) -> int:
    """Every minute: e-mail the notices (plan issued, report returned, …) marked for it, each once."""
    from .services import send_notice_emails as send

    with audit_context(None, "job:send_notice_emails"):
        return send()
