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
