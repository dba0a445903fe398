from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cchc.core.excel import parse_date as parse_vn_date
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import scope_for

from .models import AuditEvent
from .selectors import audit_log, audited_tables, changes_of, table_label


def _date(value):
    if not value:
        return None
    try:
        return parse_vn_date(value)
    except ValueError:
        return parse_date(value)


@login_required
def log(request: AuthedRequest) -> HttpResponse:
    if not scope_for(request.user).is_admin:
        raise PermissionDenied(_("Chỉ quản trị hệ thống xem được nhật ký."))
    filters = {
        "table": request.GET.get("table", ""),
        "actor": request.GET.get("actor", "").strip(),
        "action": request.GET.get("action", ""),
        "date_from": _date(request.GET.get("from")),
        "date_to": _date(request.GET.get("to")),
        "text": request.GET.get("q", "").strip(),
    }
    page, query = paginate(request, audit_log(**filters))
    rows = [(e, table_label(e.table_name), changes_of(e)) for e in page.object_list]
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "tables": audited_tables(),
            "filters": filters,
            "actions": AuditEvent.Action.choices,
            "raw": request.GET,
        },
    )
