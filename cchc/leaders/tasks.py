"""Jobs of the leaders' module (procrastinate): the digest, every morning for those whose schedule asks for it."""

from procrastinate.contrib.django import app

from cchc.audit.context import audit_context


@app.periodic(cron="30 6 * * *")
@app.task(queue="leaders", pass_context=False)
def send_leader_digests(timestamp: int | None = None) -> dict[str, int]:
    """Every morning at 06:30: e-mail each leader and coordinator their digest when it is due by their schedule
    (daily, weekly on their day, monthly on the 1st), once per period (recorded in ``DigestSent``)."""
    from .services import send_due_digests

    with audit_context(None, "job:send_leader_digests"):
        return send_due_digests()


@app.periodic(cron="*/10 * * * *")
@app.task(queue="leaders", pass_context=False)
def warm_leaders_view(timestamp: int | None = None) -> int:
    """Every ten minutes: recompute the figures over each leader's subtree (the 766 board and ranks, the falls, the
    trends) into the cache, so the leaders' page opens from it (``LEADERS_CACHE_SECONDS``)."""
    from .selectors import warm

    return warm()
