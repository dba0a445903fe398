"""The leaders' view (``/lanh-dao/``), its printable one-page summary (PDF) and the digest schedule."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.http import PDF_CONTENT_TYPE, file_response
from cchc.core.safe_text import safe_xml_text
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from . import selectors, services
from .charts import line_chart
from .forms import DigestForm
from .models import Frequency

logger = logging.getLogger(__name__)


def _day(request: AuthedRequest, name: str) -> date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        messages.error(
            request, _("Ngày không hợp lệ: %(text)s — hãy nhập theo dạng dd/mm/yyyy.") % {"text": text}
        )
        return None


def _filters(request: AuthedRequest) -> tuple[OrgUnit, date, date]:
    unit = selectors.unit_for(request.user, request.GET.get("unit", "").strip())
    default_from, default_to = selectors.default_period(timezone.localdate())
    date_from = _day(request, "from") or default_from
    date_to = _day(request, "to") or default_to
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    return unit, date_from, date_to


def _context(request: AuthedRequest) -> dict[str, object]:
    unit, date_from, date_to = _filters(request)
    b = selectors.board(request.user, unit, date_from, date_to)
    charts = [
        (
            t,
            mark_safe(
                line_chart(
                    t.points,
                    chart_id=f"xu-huong-{t.key}",
                    title=t.title,
                    desc=_("%(t)s theo tháng, %(a)s–%(b)s; số liệu chi tiết ở bảng bên dưới.")
                    % {
                        "t": t.title,
                        "a": t.months[0].label if t.months else "",
                        "b": t.months[-1].label if t.months else "",
                    },
                    percent=True,
                )
            ),
        )
        for t in b.trends
    ]
    span = {"from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y")}
    return {
        "b": b,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "charts": charts,
        "query": f"unit={unit.code}&from={span['from']}&to={span['to']}",
        "parent": unit.parent if unit.parent and scope_for(request.user).view.contains(unit.parent) else None,
        "now": timezone.localtime(),
    }


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = _context(request)
    pref = services.preference_of(request.user)
    context["digest_form"] = DigestForm(initial={"frequency": pref.frequency, "weekday": pref.weekday})
    context["digest_off"] = pref.frequency == Frequency.OFF
    return render(request, "leaders/index.html", context)


@login_required
def summary_pdf(request: AuthedRequest) -> HttpResponse:
    """The one-page printable summary of the same board (A4, WeasyPrint)."""
    context = _context(request)
    html = render_to_string("leaders/print.html", context, request=request)
    try:
        from weasyprint import HTML

        data = HTML(string=safe_xml_text(html), base_url=request.build_absolute_uri("/")).write_pdf()
    except (ImportError, OSError):  # WeasyPrint or its system libraries missing: the printable page instead
        logger.exception("WeasyPrint cannot render the leaders' summary")
        return HttpResponse(html)
    unit = context["unit"]
    return file_response(data, f"tong-hop-lanh-dao-{unit.code}.pdf", PDF_CONTENT_TYPE)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: AuthedRequest) -> HttpResponse:
    if not selectors.may_open(request.user):
        raise PermissionDenied(_("Trang lãnh đạo dành cho lãnh đạo và cán bộ đầu mối CCHC."))
    pref = services.preference_of(request.user)
    form = DigestForm(request.POST or None, initial={"frequency": pref.frequency, "weekday": pref.weekday})
    if request.method == "POST" and form.is_valid():
        try:
            services.digest_preference_set(
                user=request.user,
                frequency=form.cleaned_data["frequency"],
                weekday=form.cleaned_data["weekday"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu lịch nhận bản tin."))
            return redirect("leaders:index")
    return render(request, "leaders/digest_settings.html", {"form": form})
