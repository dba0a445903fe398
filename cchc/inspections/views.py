"""Inspections: thin views — parse, fetch through the getters (:mod:`cchc.inspections.access`), call a selector or
a service, render. Every page works without JavaScript."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.audit.selectors import history_for_object
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.text import fold
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit, posted_version
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import get_unit_for_user, scope_for, visible_units
from cchc.plans.models import Plan

from . import access, exceptions, selectors, services, word
from .forms import (
    ChecklistForm,
    ConcludeForm,
    FindingForm,
    NoteForm,
    PlanCreateForm,
    RecordForm,
    TeamForm,
    VisitForm,
)
from .models import Checklist, Finding, InspectionDocument, ItemResult, Visit

logger = logging.getLogger(__name__)


def _error(request: AuthedRequest, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:  # pragma: no cover - only the two families above are expected
        raise exc


def _year(request: AuthedRequest) -> int:
    text = request.GET.get("nam", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def _issuers(user: Any) -> Any:
    scope = scope_for(user)
    if scope.is_admin:
        return OrgUnit.objects.all().order_by("path")
    heads = scope.units_with(*_head_roles())
    return OrgUnit.objects.filter(scope.manage.q() | heads.q()).order_by("path")


def _head_roles() -> tuple[Any, ...]:
    from cchc.orgs.models import Role

    return (Role.HEAD,)


# --- plans ----------------------------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    year = request.GET.get("nam", "")
    text = request.GET.get("q", "").strip()
    qs = (
        access.visible_plans(request.user)
        .select_related("issuer")
        .annotate(n_visits=Count("inspection_visits"))
    )
    if year.isdigit():
        qs = qs.filter(year=int(year))
    for word_ in fold(text).split():
        qs = qs.filter(
            Q(title__icontains=word_)
            | Q(issuer__search_text__contains=word_)
            | Q(doc_number__icontains=word_)
        )
    qs = qs.order_by("-year", "issuer__path", "pk")
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                p.doc_number,
                p.year,
                p.title,
                p.issuer.name,
                p.get_kind_display(),
                p.n_visits,
                p.get_status_display(),
            ]
            for p in qs[:5000]
        ]
        headers = [
            _("Số, ký hiệu"),
            _("Năm"),
            _("Trích yếu"),
            _("Đơn vị ban hành"),
            _("Loại"),
            _("Số cuộc kiểm tra"),
            _("Trạng thái"),
        ]
        return xlsx_response(write_sheet(_("Kế hoạch kiểm tra"), headers, rows), "ke-hoach-kiem-tra.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "inspections/index.html",
        {
            "page": page,
            "query": query,
            "year": year,
            "text": text,
            "can_create": _issuers(request.user).exists(),
        },
    )


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    issuers = _issuers(request.user)
    if not issuers.exists():
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra."))
    form = PlanCreateForm(request.POST or None, issuers=issuers, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.inspection_plan_create(
                issuer=d["issuer"], actor=request.user, year=d["year"], title=d["title"],
                self_inspection=d["self_inspection"], basis=d["basis"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã tạo kế hoạch kiểm tra (dự thảo)."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": _("Lập kế hoạch kiểm tra")})


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    visits = access.visible_visits(request.user, plan.inspection_visits.select_related("unit", "office"))
    visits = visits.annotate(
        n_findings=Count("findings"), n_open=Count("findings", filter=Q(findings__state=Finding.State.OPEN))
    ).order_by("planned_from", "pk")
    doc = InspectionDocument.objects.filter(plan=plan, kind="KH").select_related("issued").first()
    sub_plans = (
        access.visible_plans(request.user)
        .filter(kind=Plan.Kind.SELF_INSPECTION, year=plan.year, issuer__path__startswith=plan.issuer.path)
        .exclude(pk=plan.pk)
        .select_related("issuer")
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "doc": doc,
            "can_edit": access.can_edit_plan(request.user, plan),
            "in_full": access.sees_plan_in_full(request.user, plan),
            "sub_plans": sub_plans,
            "history": history_for_object("plans_plan", plan.pk)[:20],
        },
    )


@login_required
@require_POST
def plan_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        services.plan_issue(plan=plan, actor=request.user)
    except (DomainError, ValidationError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã ban hành kế hoạch kiểm tra."))
    return redirect("inspections:plan_detail", pk=plan.pk)


def _visit_units(plan: Plan) -> Any:
    return OrgUnit.objects.filter(path__startswith=plan.issuer.path).order_by("path")


@login_required
def visit_add(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    prior = Visit.objects.filter(plan__issuer__path__startswith=plan.issuer.path, state=Visit.State.CONCLUDED)
    initial = {
        "checklist": services.default_checklist(),
        "office": plan.issuer,
        "kind": Visit.Kind.SELF if plan.kind == Plan.Kind.SELF_INSPECTION else Visit.Kind.PERIODIC,
        "announced": True,
    }
    form = VisitForm(request.POST or None, units=_visit_units(plan), prior=prior, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.VisitInput(
            unit=d["unit"], office=d["office"], kind=d["kind"], mode=d["mode"], announced=d["announced"],
            planned_from=d["planned_from"], planned_to=d["planned_to"], checklist=d["checklist"],
            re_inspection_of=d["re_inspection_of"],
        )  # fmt: skip
        try:
            visit = services.visit_add(plan=plan, actor=request.user, data=data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã thêm cuộc kiểm tra."))
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(
        request, "inspections/form.html", {"form": form, "title": _("Thêm cuộc kiểm tra"), "plan": plan}
    )


@login_required
def plan_document(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the plan (KH) as Word — with its number once taken; POST: take the number from the register."""
    plan = access.get_plan_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        try:
            services.document_issue(kind="KH", actor=request.user, plan=plan)
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        return redirect("inspections:plan_detail", pk=plan.pk)
    if not access.sees_plan_in_full(request.user, plan):  # the plan lists every unit it inspects
        raise PermissionDenied(_("Bạn không có quyền xem toàn văn kế hoạch kiểm tra này."))
    doc = InspectionDocument.objects.filter(plan=plan, kind="KH").select_related("issued").first()
    return file_response(
        word.plan_docx(plan, doc), f"{word.FILENAMES['KH']}-{plan.pk}.docx", DOCX_CONTENT_TYPE
    )


# --- visits ---------------------------------------------------------------------------------------------------


@login_required
def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_page(request, access.get_visit_for_user(request.user, pk))


def _visit_page(request: AuthedRequest, visit: Visit, status: int = 200, **bound: Any) -> HttpResponse:
    """The visit page; a refused form comes back ``bound`` (what was typed, with its errors) so nothing is lost."""
    inspects = access.inspects(request.user, visit)
    open_prior = []
    if visit.kind == Visit.Kind.RE_INSPECTION:
        open_prior = selectors.finding_rows(
            Finding.objects.filter(
                visit__unit=visit.unit, visit__state=Visit.State.CONCLUDED, state=Finding.State.OPEN
            ).select_related("visit", "assignment")
        )
    findings = selectors.finding_rows(visit.findings.select_related("visit", "assignment"))
    docs = {d.kind: d for d in visit.documents.select_related("issued")}
    team_text = "\n".join(f"{m.name} | {m.position} | {m.get_role_display()}" for m in visit.team.all())
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "visit": visit,
            "inspects": inspects,
            "speaks": access.speaks_for_unit(request.user, visit),
            "can_edit_plan": access.can_edit_plan(request.user, visit.plan),
            "results": visit.results.all(),
            "results_version": visit.edit_version,
            "result_choices": [c for c in ItemResult.Result.choices if c[0]],
            "team": visit.team.all(),
            "team_form": TeamForm(initial={"members": team_text}),
            "record_form": RecordForm(
                initial={
                    "visit_date": visit.visit_date or min(visit.planned_from, timezone.localdate()),
                    "place": visit.place or visit.unit.name,
                    "unit_people": visit.unit_people,
                    "summary": visit.summary,
                    "unit_opinion": visit.unit_opinion,
                }
            ),
            "finding_form": FindingForm(),
            "conclude_form": ConcludeForm(
                initial={"strengths": visit.strengths, "report_back_date": visit.report_back_date}
            ),
            "findings": findings,
            "open_prior": open_prior,
            "doc_rows": [(k.value, k.label, docs.get(k.value)) for k in InspectionDocument.Kind if k != "KH"],
            "history": history_for_object("inspections_visit", visit.pk)[:20],
            **bound,
        },
        status=status,
    )


def _after(visit: Visit, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("inspections:visit_detail", kwargs={"pk": visit.pk}) + (f"#{anchor}" if anchor else "")
    )


@login_required
@require_POST
def visit_team(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, pk, inspect=True)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.visit_team_set(visit=visit, actor=request.user, members=form.rows())
        except DomainError as exc:
            form.add_error("members", exc.message)
        else:
            messages.success(request, _("Đã lưu đoàn kiểm tra."))
            return _after(visit, "doan")
    return _visit_page(request, visit, 400, team_form=form)


@login_required
@require_POST
def visit_results(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, pk, inspect=True)
    results = {
        r.item_code: (
            request.POST.get(f"r-{r.pk}", r.result),
            request.POST.get(f"e-{r.pk}", r.evidence),
            request.POST.get(f"n-{r.pk}", r.notes),
        )
        for r in visit.results.all()
    }
    try:
        n = services.visit_results_save(
            visit=visit,
            actor=request.user,
            results=results,
            expected_version=posted_version(request.POST),
        )
    except StaleEdit as exc:  # another inspector saved in between: show theirs, keep what was typed here
        return _visit_page(request, visit, 409, **_results_kept(visit, results, exc))
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã lưu kết quả %(n)s nội dung.") % {"n": n})
    return _after(visit, "ket-qua")


def _results_kept(visit: Visit, typed: dict[str, tuple[str, str, str]], exc: StaleEdit) -> dict[str, Any]:
    """The results grid shown again after a stale save: the values typed (unsaved), the current version."""
    rows = list(visit.results.all())
    for row in rows:
        if row.item_code in typed:
            row.result, row.evidence, row.notes = typed[row.item_code]
    return {
        "results": rows,
        "results_version": exc.version,
        "results_stale": exc.conflict,
        "results_stale_message": exc.messages[0],
    }


@login_required
@require_POST
def visit_self_report(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, pk, unit=True)
    try:
        if "opinion" in request.POST:
            services.visit_unit_opinion(visit=visit, actor=request.user, text=request.POST.get("opinion", ""))
        else:
            services.visit_self_report(visit=visit, actor=request.user, text=request.POST.get("text", ""))
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã gửi."))
    return _after(visit, "don-vi")


def _visit_form_post(
    request: AuthedRequest,
    pk: int,
    form_class: type[forms.Form],
    save: Callable[..., object],
    *,
    done: str,
    anchor: str,
    context_name: str,
    **page: Any,
) -> HttpResponse:
    """One inspector's form on the visit page: validate, call ``save(visit=, actor=, **cleaned_data)``; a refusal
    shows the page again with the form as typed and the error on its field (nothing lost)."""
    visit = access.get_visit_for_user(request.user, pk, inspect=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(visit=visit, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done)
            return _after(visit, anchor)
    return _visit_page(request, visit, 400, **{context_name: form}, **page)


@login_required
@require_POST
def visit_record(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_form_post(
        request,
        pk,
        RecordForm,
        services.visit_record,
        done=_("Đã lập biên bản kiểm tra."),
        anchor="bien-ban",
        context_name="record_form",
    )


@login_required
@require_POST
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_form_post(
        request,
        pk,
        FindingForm,
        services.finding_save,
        done=_("Đã thêm tồn tại, kiến nghị."),
        anchor="kien-nghi",
        context_name="finding_form",
        finding_open=True,
    )


@login_required
@require_POST
def finding_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk, inspect=True)
    try:
        services.finding_delete(finding=finding, actor=request.user)
    except DomainError as exc:
        _error(request, exc)
    return _after(finding.visit, "kien-nghi")


@login_required
@require_POST
def visit_conclude(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_form_post(
        request,
        pk,
        ConcludeForm,
        services.visit_conclude,
        done=_("Đã kết luận; các kiến nghị đã được giao cho đơn vị khắc phục."),
        anchor="ket-luan",
        context_name="conclude_form",
    )


@login_required
@require_POST
def visit_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, pk)
    if not access.can_edit_plan(request.user, visit.plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch kiểm tra này."))
    try:
        services.visit_cancel(visit=visit, actor=request.user)
    except DomainError as exc:
        _error(request, exc)
    return _after(visit)


@login_required
def visit_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    """GET: the document as Word (its number once taken); POST: take the number from the register."""
    if kind not in word.BUILDERS:
        from django.http import Http404

        raise Http404
    visit = access.get_visit_for_user(request.user, pk, inspect=request.method == "POST")
    if request.method == "POST":
        try:
            services.document_issue(kind=kind, actor=request.user, visit=visit)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã lấy số văn bản."))
        return _after(visit, "van-ban")
    doc = visit.documents.filter(kind=kind).select_related("issued").first()
    data = word.BUILDERS[kind](visit, doc)
    return file_response(data, f"{word.FILENAMES[kind]}-{visit.pk}.docx", DOCX_CONTENT_TYPE)


@login_required
def visit_exceptions(request: AuthedRequest, pk: int) -> HttpResponse:
    """The unit's exceptions on the platform: the starting page of an electronic inspection."""
    visit = access.get_visit_for_user(request.user, pk)
    as_of = min(visit.visit_date or timezone.localdate(), timezone.localdate())
    blocks = exceptions.unit_exceptions(visit.unit, as_of=as_of)
    return render(request, "inspections/exceptions.html", {"visit": visit, "blocks": blocks, "as_of": as_of})


@login_required
@require_POST
def finding_recheck(request: AuthedRequest, pk: int, finding_pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, pk, inspect=True)
    finding = access.get_finding_for_user(request.user, finding_pk)
    try:
        services.finding_recheck(
            finding=finding, visit=visit, actor=request.user,
            remedied=request.POST.get("remedied") == "1", note=request.POST.get("note", ""),
        )  # fmt: skip
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã ghi kết quả kiểm tra lại."))
    return _after(visit, "kiem-tra-lai")


# --- findings -------------------------------------------------------------------------------------------------


@login_required
def finding_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk)
    row = selectors.finding_rows([finding])[0]
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "f": finding,
            "row": row,
            "inspects": access.inspects(request.user, finding.visit),
            "pending": services.pending_remedy(finding),
            "proposed": services.remedy_proposed(finding),
            "note_form": NoteForm(),
            "updates": finding.assignment.updates.all()[:20] if finding.assignment else [],
            "history": history_for_object("inspections_finding", finding.pk)[:20],
        },
    )


@login_required
@require_POST
def finding_close(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk, inspect=True)
    try:
        if request.POST.get("decision") == "refuse":
            services.finding_refuse_remedy(
                finding=finding, actor=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, _("Đã trả lại kết quả khắc phục cho đơn vị."))
        else:
            services.finding_close(finding=finding, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã chấp nhận kết quả khắc phục; kiến nghị đã đóng."))
    except (DomainError, ValidationError) as exc:
        _error(request, exc)
    return redirect("inspections:finding_detail", pk=finding.pk)


@login_required
def findings(request: AuthedRequest) -> HttpResponse:
    """Findings the user sees, by state and unit: the follow-up list (and the appraisal council's view of a unit's
    open findings: ``?don_vi=CODE&tt=open``)."""
    state = request.GET.get("tt", "")
    code = request.GET.get("don_vi", "").strip()
    text = request.GET.get("q", "").strip()
    qs = selectors.visible_findings(request.user).select_related(
        "visit", "visit__unit", "visit__office", "assignment"
    )
    unit = None
    if code:
        unit = OrgUnit.objects.filter(code=code).filter(scope_for(request.user).view.q()).first()
        qs = qs.filter(visit__unit__path__startswith=unit.path) if unit else qs.none()
    for word_ in text.split():
        qs = qs.filter(
            Q(text__icontains=word_) | Q(request__icontains=word_) | Q(visit__unit__name__icontains=word_)
        )
    if state == "closed":
        qs = qs.filter(state=Finding.State.CLOSED)
    elif state in ("open", "overdue"):
        qs = qs.filter(state=Finding.State.OPEN)
    rows = selectors.finding_rows(qs.order_by("visit__unit__path", "visit_id", "number")[:5000])
    if state == "overdue":
        rows = [r for r in rows if r.clock.state == "overdue"]
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Đơn vị"),
            _("Cuộc kiểm tra"),
            _("Số"),
            _("Tồn tại, hạn chế"),
            _("Kiến nghị"),
            _("Hạn"),
            _("Tình trạng"),
            _("Quá hạn (ngày làm việc)"),
        ]
        data = [
            [r.finding.visit.unit.name, r.finding.visit.conclusion_date, r.finding.number, r.finding.text,
             r.finding.request, r.clock.due.date() if r.clock.due else None, r.clock.state, r.clock.days_overdue]
            for r in rows
        ]  # fmt: skip
        return xlsx_response(
            write_sheet(_("Kiến nghị sau kiểm tra"), headers, data), "kien-nghi-kiem-tra.xlsx"
        )
    page, query = paginate(request, rows)
    return render(
        request,
        "inspections/findings.html",
        {"page": page, "query": query, "state": state, "code": code, "unit": unit},
    )


# --- coverage -------------------------------------------------------------------------------------------------


@login_required
def coverage(request: AuthedRequest) -> HttpResponse:
    """The tree map: every unit the user sees under the chosen one, inspected / planned / not covered this year."""
    year = _year(request)
    code = request.GET.get("don_vi", "").strip()
    root = get_unit_for_user(request.user, code) if code else None
    if root is None:
        top = visible_units(request.user).order_by("depth", "path").first()
        root = top
    tree = selectors.tree_map(request.user, year=year, root=root)
    # the contract's figure: the units directly under the chosen one (those its office inspects)
    direct = (
        selectors.coverage(year=year, reach=scope_for(request.user).view, under=root)["coverage"]
        if root
        else None
    )
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Mã"),
            _("Đơn vị"),
            _("Cấp"),
            _("Tình trạng"),
            _("Đơn vị trong nhánh"),
            _("Đã kiểm tra trong nhánh"),
        ]
        data = [[r.code, r.name, r.depth, r.status, r.subtree_units, r.subtree_inspected] for r in tree.rows]
        return xlsx_response(
            write_sheet(_("Bao phủ kiểm tra"), headers, data), f"bao-phu-kiem-tra-{year}.xlsx"
        )
    from .maphtml import map_rows

    return render(
        request,
        "inspections/coverage.html",
        {
            "tree": tree,
            "year": year,
            "code": code,
            "rows_html": map_rows(tree.rows, year=year),
            "direct": direct,
        },
    )


# --- checklists -----------------------------------------------------------------------------------------------


@login_required
def checklists(request: AuthedRequest) -> HttpResponse:
    services.checklists_load()
    owners = _issuers(request.user)
    form = ChecklistForm(request.POST or None, owners=owners)
    if request.method == "POST":
        if not owners.exists():
            raise PermissionDenied(_("Bạn không có quyền xây dựng danh mục kiểm tra."))
        if form.is_valid():
            try:
                services.checklist_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu danh mục kiểm tra."))
                return redirect("inspections:checklists")
    items = Checklist.objects.filter(Q(owner__isnull=True) | Q(scope_for(request.user).view.q("owner__")))
    return render(
        request,
        "inspections/checklists.html",
        {
            "checklists": items,
            "form": form if owners.exists() else None,
        },
    )
