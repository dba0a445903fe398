"""Writes of the plans module, one submodule per concern, every public name re-exported here. Keyword-only (except
the contract's ``save_extracted_plan``), atomic, validating before saving. Workflow steps check the actor's rights
themselves (see :mod:`cchc.plans.access`)."""

from .cascade import CASCADE_STATES, cascade_filter, cascade_status, cascade_summary, plan_cascade
from .editing import (
    PLAN_FIELDS,
    plan_map_reference,
    plan_update,
    split_units,
    task_save,
    unresolved_references,
)
from .imports import (
    duplicate_plans,
    import_draft_confirm,
    import_draft_create,
    import_draft_update,
    plan_create_from_extracted,
    remember_mapping,
    save_extracted_plan,
    validate_extracted,
)
from .issuing import assign_added_refs, plan_close, plan_issue, same_number_plans
from .notifications import notification_read, notify, notify_plan_issued, send_notice_emails, send_reminders
from .progress import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_FILES,
    progress_accept,
    progress_confirm,
    progress_head_return,
    progress_return,
    progress_submit,
    progress_withdraw,
    task_set_progress,
)
from .reminders import reminder_letter_issue, reminder_letter_send, reminder_rows

__all__ = [
    "CASCADE_STATES",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_MAX_FILES",
    "PLAN_FIELDS",
    "assign_added_refs",
    "cascade_filter",
    "cascade_status",
    "cascade_summary",
    "duplicate_plans",
    "import_draft_confirm",
    "import_draft_create",
    "import_draft_update",
    "notification_read",
    "notify",
    "notify_plan_issued",
    "plan_cascade",
    "plan_close",
    "plan_create_from_extracted",
    "plan_issue",
    "plan_map_reference",
    "plan_update",
    "progress_accept",
    "progress_confirm",
    "progress_head_return",
    "progress_return",
    "progress_submit",
    "progress_withdraw",
    "remember_mapping",
    "reminder_letter_issue",
    "reminder_letter_send",
    "reminder_rows",
    "same_number_plans",
    "save_extracted_plan",
    "send_notice_emails",
    "send_reminders",
    "split_units",
    "task_save",
    "task_set_progress",
    "unresolved_references",
    "validate_extracted",
]
