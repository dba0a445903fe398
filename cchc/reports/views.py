"""Periodic reports: thin views — parse, check scope, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.audit.selectors import history_for_object
from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit, posted_version
from cchc.orgs.scope import can_manage_unit, get_unit_for_user, manageable_units, scope_for
from cchc.workdays.notices import default_calendar

from . import export, selectors, services
from .completeness import LATE, MISSING, ON_TIME, timeliness
from .drilldown import synthesis_total_url
from .forms import (
    AdhocForm,
    CycleCoverageForm,
    CycleForm,
    NumberForm,
    ReportDocumentForm,
    ScanForm,
    SynthesisMetaForm,
)
from .models import ReportDocument, Status
from .periods import DEFAULT_PRESET, get_preset, last_safe_day, periods_for_year, preset_names
from .services import is_head_of


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{m}" for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    subs = selectors.my_submissions(request.user, text, status=status, overdue=overdue, year=year)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                s.period.title,
                s.unit.code,
                s.unit.name,
                s.period.due,
                s.get_status_display(),
                s.overdue_days or None,  # type: ignore[attr-defined]
            ]
            for s in selectors.with_overdue(subs)
        ]
        data = write_sheet(
            "Bao cao",
            ["Kỳ báo cáo", "Mã đơn vị", "Đơn vị", "Hạn gửi", "Trạng thái", "Quá hạn (ngày làm việc)"],
            rows,
        )
        return xlsx_response(data, "bao-cao-cua-don-vi.xlsx")
    page, query = paginate(request, subs)
    page.object_list = selectors.with_overdue(page.object_list)
    cycles = selectors.cycles_visible_to(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "status": status,
            "statuses": Status.choices,
            "overdue": overdue,
            "year": year,
            "cycles": cycles[:20],
            "can_create": not scope_for(request.user).manage.empty,
            "today": timezone.localdate(),
        },
    )


@login_required
def presets(request: AuthedRequest) -> HttpResponse:
    """The periods a preset gives for a year (what ``manage.py report_periods`` prints), to pick one."""
    calendar = default_calendar()
    year = timezone.localdate().year
    text = request.GET.get("year", "").strip()
    if text.isdigit():
        year = int(text)
    year = min(max(year, 2000), 2100)
    chosen = request.GET.get("preset") or DEFAULT_PRESET
    if chosen not in preset_names():
        chosen = DEFAULT_PRESET
    preset = get_preset(chosen)
    rows = [(p, last_safe_day(p.due, calendar)) for p in periods_for_year(preset, year)]
    return render(
        request,
        "reports/presets.html",
        {
            "presets": [get_preset(c) for c in preset_names()],
            "preset": preset,
            "year": year,
            "rows": rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: AuthedRequest) -> HttpResponse:
    if scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Chỉ đầu mối CCHC được tạo chu kỳ báo cáo."))
    form = CycleForm(request.POST or None, user=request.user, initial=_cycle_initial(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cycle = services.cycle_create(
                office=d["office"],
                name=d.get("name") or "",
                year=d["year"],
                preset=d["preset"],
                template_code=d["template"],
                group=d.get("group"),
                units=d["units"],
                subtree_root=d.get("subtree_root"),
                subtree_depth=d.get("subtree_depth"),
                custom_rules=services.custom_rules_doc(d["kinds_due"]) if d["preset"] == "custom" else None,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo chu kỳ báo cáo và các kỳ báo cáo trong năm."))
            return redirect("reports:cycle_detail", pk=cycle.pk)
    return render(request, "reports/cycle_form.html", {"form": form})


def _cycle_initial(request: AuthedRequest) -> dict:
    """A cycle proposed elsewhere (a plan's reporting rule, see :func:`cchc.reports.plan_rule.cycle_create_query`):
    the form starts from the query string; nothing is saved before the coordinator submits it."""
    get = request.GET
    initial: dict = {}
    if get.get("name"):
        initial["name"] = get["name"][:255]
    if get.get("year", "").isdigit():
        initial["year"] = int(get["year"])
    if get.get("preset") in [*preset_names(), "custom"]:
        initial["preset"] = get["preset"]
    for key in get:
        if key.startswith("due_") and get[key].isdigit():
            initial[key] = int(get[key])
    if get.get("office"):
        office = manageable_units(request.user).filter(code=get["office"]).first()
        if office is not None:
            initial["office"] = office
            initial["subtree_root"] = office
            initial["subtree_depth"] = 1
    return initial


def _preset_name(cycle) -> str:
    try:
        return services.cycle_preset(cycle).name
    except DomainError:
        return cycle.preset


@login_required
def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_user(request.user, pk)
    periods = list(cycle.periods.order_by("due", "pk"))
    today = timezone.localdate()
    calendar = default_calendar()
    for p in periods:
        p.stats = selectors.period_completeness(p)  # type: ignore[attr-defined]  # display attributes the page reads
        p.overdue_days = (  # type: ignore[attr-defined]
            selectors.overdue_working_days(p.due, today, calendar) if p.stats.missing else 0  # type: ignore[attr-defined]
        )
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                p.title,
                p.data_from,
                p.data_to,
                p.due,
                p.stats.expected,  # type: ignore[attr-defined]
                p.stats.submitted,  # type: ignore[attr-defined]
                p.stats.on_time,  # type: ignore[attr-defined]
                p.stats.missing,  # type: ignore[attr-defined]
                p.overdue_days or None,  # type: ignore[attr-defined]
            ]
            for p in periods
        ]
        headers = [
            "Kỳ báo cáo",
            "Số liệu từ",
            "Số liệu đến",
            "Hạn gửi",
            "Phải báo cáo",
            "Đã duyệt, gửi",
            "Đúng hạn",
            "Chưa gửi",
            "Quá hạn (ngày làm việc)",
        ]
        return xlsx_response(write_sheet("Ky bao cao", headers, rows), f"chu-ky-bao-cao-{cycle.pk}.xlsx")
    return render(
        request,
        "reports/cycle_detail.html",
        {
            "cycle": cycle,
            "preset_name": _preset_name(cycle),
            "periods": periods,
            "units": services.expected_units(cycle),
            "can_manage": can_manage_unit(request.user, cycle.office),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_coverage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change which units must report; the periods not yet due follow at once."""
    cycle = selectors.get_cycle_for_user(request.user, pk, manage=True)
    initial = {
        "group": cycle.group,
        "subtree_root": cycle.subtree_root,
        "subtree_depth": cycle.subtree_depth,
        "unit_codes": "\n".join(u.code for u in cycle.units.order_by("path")),
    }
    form = CycleCoverageForm(request.POST or None, user=request.user, office=cycle.office, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.cycle_update_coverage(
                cycle=cycle,
                actor=request.user,
                group=d.get("group"),
                subtree_root=d.get("subtree_root"),
                subtree_depth=d.get("subtree_depth"),
                units=d["units"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã cập nhật danh sách đơn vị: thêm %(a)s, bỏ %(r)s báo cáo chưa bắt đầu.")
                % {"a": result["added"], "r": result["removed"]},
            )
            return redirect("reports:cycle_detail", pk=cycle.pk)
    return render(request, "reports/cycle_coverage.html", {"form": form, "cycle": cycle})


@login_required
@require_POST
def cycle_sync(request: AuthedRequest, pk: int) -> HttpResponse:
    """Bring the periods not yet due up to the cycle's units (new units in, untouched reports of gone units out)."""
    cycle = selectors.get_cycle_for_user(request.user, pk, manage=True)
    result = services.cycle_sync_units(cycle=cycle)
    messages.success(
        request,
        _("Đã cập nhật danh sách đơn vị: thêm %(a)s, bỏ %(r)s báo cáo chưa bắt đầu.")
        % {"a": result["added"], "r": result["removed"]},
    )
    return redirect("reports:cycle_detail", pk=cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def adhoc_create(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_user(request.user, pk, manage=True)
    form = AdhocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.adhoc_create(cycle=cycle, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã yêu cầu báo cáo đột xuất."))
            return redirect("reports:period_detail", pk=period.pk)
    return render(request, "reports/adhoc_form.html", {"form": form, "cycle": cycle})


@login_required
def period_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for_user(request.user, pk)
    office = period.cycle.office
    under = office
    if request.GET.get("under"):
        under = get_unit_for_user(request.user, request.GET["under"])
        if not under.path.startswith(office.path):
            under = office
    only = request.GET.get("only", "")
    if only not in (ON_TIME, LATE, MISSING):
        only = ""
    text = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            export.period_xlsx(period, under, only, text, status), f"ky-bao-cao-{period.pk}.xlsx"
        )
    rows = selectors.period_rows(period, under, only, text, status)
    page, query = paginate(request, rows)
    return render(
        request,
        "reports/period_detail.html",
        {
            "period": period,
            "under": under,
            "only": only,
            "text": text,
            "status": status,
            "statuses": Status.choices,
            "overdue_days": selectors.overdue_working_days(period.due),
            "stats": selectors.period_completeness(period, under if under != office else None),
            "branches": selectors.branch_breakdown(period, under),
            "missing": [r.submission.unit for r in selectors.period_rows(period, under, MISSING)][:50],
            "page": page,
            "query": query,
            "can_manage": can_manage_unit(request.user, office),
            "has_synthesis": hasattr(period, "synthesis"),
        },
    )


def _posted_changes(post) -> dict:
    narratives: dict[str, str] = {}
    numbers: dict[str, str] = {}
    overrides: dict[str, dict[str, str]] = {}
    for key, value in post.items():
        if key.startswith("n:"):
            narratives[key[2:]] = value
        elif key.startswith("v:"):
            numbers[key[2:]] = value
        elif key.startswith("o:"):
            overrides.setdefault(key[2:], {})["value"] = value
        elif key.startswith("on:"):
            overrides.setdefault(key[3:], {})["note"] = value
    for ov in overrides.values():
        ov.setdefault("value", "")
        ov.setdefault("note", "")
    return {"narratives": narratives, "numbers": numbers, "overrides": overrides}


def _overlay(record, changes: dict, exc: StaleEdit) -> None:
    """A refused stale save: show the record with what the user typed over it (nothing saved), on the current
    version so that saving again goes through."""
    record.narratives = {**record.narratives, **changes["narratives"]}
    if hasattr(record, "numbers"):
        record.numbers = {**record.numbers, **changes["numbers"]}
    overrides = dict(record.overrides)
    for key, ov in changes["overrides"].items():
        if ov["value"] or ov["note"]:
            overrides[key] = ov
        else:
            overrides.pop(key, None)
    record.overrides = overrides
    record.edit_version = exc.version


def _submission_context(request: AuthedRequest, submission, problems=None):
    outline = submission.template.outline
    auto = selectors.submission_auto(submission)
    links = selectors.figure_links(outline, submission.unit, submission.period)
    rows = selectors.number_rows(outline, auto, submission.numbers, submission.overrides, problems, links)
    sections = [
        {
            "section": s,
            "narratives": [(f, submission.narratives.get(f.key, "")) for f in s.narratives],
            "numbers": rows[s.key],
        }
        for s in outline.sections
    ]
    user = request.user
    period = submission.period
    return {
        "submission": submission,
        "period": period,
        "sections": sections,
        "problems": problems or {},
        "timeliness": export.TIMELINESS_LABEL[timeliness(submission.counted_at, period.due)],
        "can_edit": submission.editable and scope_for(user).data.contains(submission.unit),
        "can_approve": submission.status == Status.SUBMITTED and services.can_approve(user, submission),
        "approves_in_place_of_head": not is_head_of(user, submission.unit),
        "can_review": submission.status in (Status.SUBMITTED, Status.APPROVED)
        and services.can_review(user, submission),
        "can_accept": submission.status == Status.APPROVED and services.can_review(user, submission),
        "can_reopen": submission.status == Status.ACCEPTED and can_manage_unit(user, period.cycle.office),
        "can_see_period": selectors.periods_visible_to(user).filter(pk=period.pk).exists(),
        "events": submission.events.select_related("actor"),
        "history": history_for_object("reports_submission", submission.pk).order_by("-at")[:30],
    }


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_submission_for_user(request.user, pk)
    problems = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "submit"):
                submission = selectors.get_submission_for_user(request.user, pk, write=True)
                submission = services.submission_save(
                    submission=submission,
                    actor=request.user,
                    expected_version=posted_version(request.POST),
                    **_posted_changes(request.POST),
                )
                if action == "save":
                    messages.success(request, _("Đã lưu bản nháp."))
                else:
                    services.submission_submit(submission=submission, actor=request.user)
                    messages.success(request, _("Đã gửi báo cáo."))
                return redirect("reports:submission_detail", pk=pk)
            comment = request.POST.get("comment", "")
            if action == "approve":
                services.submission_approve(submission=submission, actor=request.user, comment=comment)
                messages.success(request, _("Đã duyệt báo cáo."))
            elif action == "accept":
                services.submission_accept(submission=submission, actor=request.user, comment=comment)
                messages.success(request, _("Đã tiếp nhận báo cáo."))
            elif action == "head_return":
                services.submission_head_return(submission=submission, actor=request.user, comment=comment)
                messages.success(request, _("Đã trả lại báo cáo cho cán bộ soạn."))
            elif action == "return":
                services.submission_return(submission=submission, actor=request.user, comment=comment)
                messages.success(request, _("Đã trả lại báo cáo."))
            elif action == "reopen":
                services.submission_reopen(submission=submission, actor=request.user, reason=comment)
                messages.success(request, _("Đã mở lại báo cáo."))
            return redirect("reports:submission_detail", pk=pk)
        except StaleEdit as exc:
            messages.error(request, exc.messages[0])
            submission = selectors.get_submission_for_user(request.user, pk)
            _overlay(submission, _posted_changes(request.POST), exc)
            context = {**_submission_context(request, submission), "stale": exc.conflict}
            return render(request, "reports/submission.html", context, status=409)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                problems = {k: " ".join(v) for k, v in exc.message_dict.items()}
            for m in _errors(exc):
                messages.error(request, m)
            submission = selectors.get_submission_for_user(request.user, pk)
            if action == "submit":
                messages.error(request, _("Chưa gửi được; bản nháp vẫn được lưu."))
    return render(request, "reports/submission.html", _submission_context(request, submission, problems))


@login_required
@require_POST
def submission_autosave(request: AuthedRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as one types (one field or the whole form)."""
    submission = selectors.get_submission_for_user(request.user, pk, write=True)
    try:
        submission = services.submission_save(
            submission=submission,
            actor=request.user,
            expected_version=posted_version(request.POST),
            **_posted_changes(request.POST),
        )
    except (
        StaleEdit
    ) as exc:  # shown in place (htmx swaps 2xx only); the page keeps the text, nothing is saved
        return HttpResponse(f'<span class="error" role="alert">{escape(exc.messages[0])}</span>')
    except ValidationError as exc:
        return HttpResponse(" ".join(_errors(exc)), status=409)
    saved = timezone.localtime(submission.saved_at)
    version = render_to_string(
        "includes/_edit_version.html", {"version": submission.edit_version, "oob": True}
    )
    return HttpResponse(
        f'<span class="muted" role="status">{_("Đã lưu lúc")} {saved:%H:%M:%S}</span>{version}'
    )


@login_required
@require_http_methods(["GET", "POST"])
def synthesis_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for_user(request.user, pk, manage=True)
    synthesis = services.synthesis_get_or_create(period=period, actor=request.user)
    rows, totals = selectors.synthesis_table(period)
    export_kind = request.GET.get("export")
    if export_kind == "docx":
        return file_response(
            export.synthesis_docx(synthesis, rows, totals),
            f"bao-cao-tong-hop-{period.pk}.docx",
            DOCX_CONTENT_TYPE,
        )
    if export_kind == "xlsx":
        return xlsx_response(
            export.synthesis_xlsx(synthesis, rows, totals), f"phu-luc-so-lieu-{period.pk}.xlsx"
        )
    meta = SynthesisMetaForm(
        request.POST or None,
        initial={k: getattr(synthesis, k) for k in SynthesisMetaForm.base_fields},
    )
    stale = None
    if request.method == "POST" and request.POST.get("action") == "number":
        number_form = NumberForm(request.POST)
        if number_form.is_valid():
            try:
                synthesis = services.synthesis_number(
                    synthesis=synthesis, actor=request.user, on_date=number_form.cleaned_data["on_date"]
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Đã lấy số %(n)s/%(s)s.") % {"n": synthesis.number, "s": synthesis.symbol}
                )
            return redirect("reports:synthesis", pk=pk)
        messages.error(request, _("Nhập ngày văn bản (dd/mm/yyyy)."))
        return redirect("reports:synthesis", pk=pk)
    if request.method == "POST" and meta.is_valid():
        changes = _posted_changes(request.POST)
        try:
            services.synthesis_save(
                synthesis=synthesis,
                actor=request.user,
                regather=request.POST.get("action") == "regather",
                narratives=changes["narratives"],
                overrides=changes["overrides"],
                expected_version=posted_version(request.POST),
                **meta.cleaned_data,
            )
        except StaleEdit as exc:
            messages.error(request, exc.messages[0])
            synthesis.refresh_from_db()
            _overlay(synthesis, changes, exc)
            stale = exc.conflict
        except ValidationError as exc:
            for m in _errors(exc):
                messages.error(request, m)
        else:
            messages.success(request, _("Đã lưu báo cáo tổng hợp."))
            return redirect("reports:synthesis", pk=pk)
    outline = period.cycle.template.outline
    # units whose sent report has no figure for a field: the sum says how many it lacks
    lacking = {
        f.key: sum(1 for _u, vals, _n in rows if vals.get(f.key) is None) for f in outline.number_fields
    }
    unit_notes: dict[str, list[str]] = {}
    for unit, _vals, notes in rows:
        for key, note in notes.items():
            unit_notes.setdefault(key, []).append(f"{unit.short_name or unit.name}: {note}")
    sections = [
        {
            "section": s,
            "narratives": [(f, synthesis.narratives.get(f.key, "")) for f in s.narratives],
            "numbers": [
                (
                    f,
                    totals.get(f.key),
                    synthesis.overrides.get(f.key) or {},
                    unit_notes.get(f.key, []),
                    lacking.get(f.key, 0),
                    synthesis_total_url(period, f.key),
                )
                for f in s.numbers
            ],
        }
        for s in outline.sections
    ]
    return render(
        request,
        "reports/synthesis.html",
        {
            "period": period,
            "synthesis": synthesis,
            "meta": meta,
            "sections": sections,
            "unit_count": len(rows),
            "stats": selectors.period_completeness(period),
            "stale": stale,
            "number_form": NumberForm(initial={"on_date": timezone.localdate()}),
        },
        status=409 if stale else 200,
    )


# ---------------------------------------------------------------- the unit's report as an official document


@login_required
@require_http_methods(["GET", "POST"])
def submission_document(request: AuthedRequest, pk: int) -> HttpResponse:
    """The unit's report as an official document: thể thức, number from the register, signed scan, Word."""
    submission = selectors.get_submission_for_user(request.user, pk, write=request.method == "POST")
    document = services.report_document_draft(submission)
    if request.method == "GET" and request.GET.get("export") == "docx":
        return file_response(
            export.submission_docx(submission, document),
            f"bao-cao-{submission.unit.short_code or submission.unit.code}-{submission.period.pk}.docx",
            DOCX_CONTENT_TYPE,
        )
    initial = {k: getattr(document, k) for k in ReportDocumentForm.base_fields}
    form = ReportDocumentForm(initial=initial)
    number_form = NumberForm(initial={"on_date": timezone.localdate()})
    scan_form = ScanForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                form = ReportDocumentForm(request.POST)
                if form.is_valid():
                    services.report_document_save(
                        submission=submission, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("Đã lưu thể thức văn bản."))
                    return redirect("reports:submission_document", pk=pk)
            elif action == "number":
                number_form = NumberForm(request.POST)
                if number_form.is_valid():
                    document = services.report_document_number(
                        submission=submission, actor=request.user, on_date=number_form.cleaned_data["on_date"]
                    )
                    messages.success(
                        request,
                        _("Đã lấy số %(n)s.") % {"n": document.issued.number_text if document.issued else ""},
                    )
                    return redirect("reports:submission_document", pk=pk)
            elif action == "scan":
                scan_form = ScanForm(request.POST, request.FILES)
                if scan_form.is_valid():
                    services.report_document_attach_scan(
                        submission=submission, actor=request.user, upload=scan_form.cleaned_data["scan"]
                    )
                    messages.success(request, _("Đã lưu bản đã ký."))
                    return redirect("reports:submission_document", pk=pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            for m in _errors(exc):
                messages.error(request, m)
        document = services.report_document_draft(submission)
    writer = scope_for(request.user).data.contains(submission.unit)
    return render(
        request,
        "reports/submission_document.html",
        {
            "submission": submission,
            "period": submission.period,
            "document": document,
            "form": form,
            "number_form": number_form,
            "scan_form": scan_form,
            "can_edit": writer and submission.status != Status.ACCEPTED,
            "can_number": writer and submission.counted and document.issued_id is None,
            "can_scan": writer and document.issued_id is not None,
            "symbol_preview": services.official_defaults(submission.unit, None)["symbol"],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def submission_scan(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The signed scan of a unit's report, to whoever may see the report."""
    submission = selectors.get_submission_for_user(request.user, pk)
    document = ReportDocument.objects.filter(submission=submission).first()
    return evidence_download(
        request, document, may_see=lambda user, d: selectors.get_submission_for_user(user, d.submission_id)
    )
