"""Plans: thin views — parse, check scope (:mod:`cchc.plans.access`), call a selector or a service, render."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.audit.selectors import history_for_object
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit, status_for
from cchc.orgs.models import OrgUnit
from cchc.orgs.models import Role as OrgRole
from cchc.orgs.scope import get_unit_for_user, scope_for, units_with_data_access

from . import access, excel, selectors, services
from .deadlines import parse_deadline
from .forms import (
    BulkUploadForm,
    ImportForm,
    ManualProgressForm,
    PlanForm,
    ProgressForm,
    ReminderLetterForm,
    ReviewForm,
    TaskForm,
)
from .matrix_html import render_matrix
from .models import (
    Assignment,
    DeadlineKind,
    Evidence,
    Notification,
    Plan,
    PlanImportDraft,
    ProgressUpdate,
    Status,
    Task,
)
from .resolve import Resolver, mapping_choices

logger = logging.getLogger(__name__)


def _issuer_units(user):
    """Units the user may issue plans for: those they manage, and their own unit as its head."""
    scope = scope_for(user)
    if scope.is_admin:
        return OrgUnit.objects.filter(depth__lte=1).order_by("path")
    ids = scope.units_with(OrgRole.COORDINATOR, OrgRole.ADMIN, OrgRole.HEAD).unit_ids
    return OrgUnit.objects.filter(pk__in=ids).order_by("path")


# --- plans ----------------------------------------------------------------------------------------------------------


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    plans = selectors.plan_list(request.user, text=text, status=status, year=year).annotate(
        n_tasks=Count("tasks")
    )
    if request.GET.get("export") == "xlsx":
        rows = [
            [p.doc_number, p.issue_date, p.issuer.name, p.title, p.year, p.get_status_display(), p.n_tasks]
            for p in plans
        ]
        return xlsx_response(
            excel.write_sheet(
                "Kế hoạch",
                ["Số, ký hiệu", "Ngày ban hành", "Đơn vị", "Trích yếu", "Năm", "Trạng thái", "Số nhiệm vụ"],
                rows,
            ),
            "ke-hoach.xlsx",
        )
    page, query = paginate(request, plans)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "status": status,
            "year": year,
            "statuses": Plan.Status.choices,
            "can_import": _issuer_units(request.user).exists(),
            "drafts": PlanImportDraft.objects.filter(user=request.user, plan__isnull=True)[:5],
        },
    )


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    full = access.can_see_plan_in_full(request.user, plan)
    tasks = (
        selectors.plan_tasks_for_user(request.user, plan)
        .select_related("section")
        .prefetch_related("unit_refs__unit", "unit_refs__group")
    )
    percents = selectors.task_percents(plan)
    task_rows = list(tasks)
    for t in task_rows:
        t.pct = percents.get(t.pk, 0)  # type: ignore[attr-defined]  # a display attribute the page reads
    my_units = list(units_with_data_access(request.user).filter(plan_assignments__task__plan=plan).distinct())
    can_edit = access.can_edit_plan(request.user, plan)
    context = {
        "plan": plan,
        "tasks": task_rows,
        "percents": percents,
        "full": full,
        "can_edit": can_edit,
        "can_review": access.can_review(request.user, plan),
        "unresolved": services.unresolved_references(plan)
        if plan.status == Plan.Status.DRAFT and can_edit
        else [],
        "choices": mapping_choices(plan.issuer) if plan.status == Plan.Status.DRAFT and can_edit else [],
        "my_units": [
            (u, Plan.objects.filter(parent_plan=plan, issuer=u).first())
            for u in my_units
            if access.can_issue_plans_for(request.user, u)
        ],
        "children": Plan.objects.filter(parent_plan=plan).select_related("issuer") if full else [],
        "n_assignments": Assignment.objects.filter(task__plan=plan).count(),
        "due_warnings": selectors.nonworking_due_warnings(plan) if can_edit else [],
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_source(request: AuthedRequest, pk: int) -> FileResponse:
    """The original file the plan was imported from, to those who see the plan in full."""
    from cchc.core.http import stream_response

    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_see_plan_in_full(request.user, plan):
        raise PermissionDenied
    if not plan.source_file:
        raise Http404(_("Kế hoạch không có tệp gốc."))
    try:
        handle = plan.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp gốc không còn trên máy chủ.")) from exc
    return stream_response(handle, plan.source_filename or f"ke-hoach-{plan.pk}")


@login_required
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=plan, visible=access.visible_plans(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                user=request.user,
                implements=list(form.cleaned_data["implements"]),
                expected_version=form.loaded_version,
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "plan": plan, "heading": _("Sửa thông tin kế hoạch")},
        status=status_for(form),
    )


@login_required
def plan_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    """Issuing asks first: what will be assigned, who will be told, and what looks wrong (a số/ký hiệu already
    used, due dates on non-working days); the POST of the confirmation issues."""
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_review(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch này."))
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            counts = services.plan_issue(plan=plan, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã ban hành kế hoạch: %(a)s phân công cho %(u)s đơn vị; đã gửi %(n)s thông báo.")
                % {"a": counts["assignments"], "u": counts["units"], "n": counts["notices"]},
            )
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/issue_confirm.html", selectors.issue_preview(plan))


@login_required
@require_POST
def plan_close(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    try:
        services.plan_close(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_map(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    text = request.POST.get("text", "")
    try:
        n = services.plan_map_reference(
            plan=plan, user=request.user, text=text, target=request.POST.get("target", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã xác định “%(t)s” cho %(n)s chỗ và ghi nhớ cho lần sau.") % {"t": text, "n": n}
        )
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
def task_edit(request: AuthedRequest, pk: int, task_pk: int | None = None) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    task = get_object_or_404(Task, pk=task_pk, plan=plan) if task_pk else None
    sections = list(plan.sections.all())
    initial = {}
    if task:
        refs = list(task.unit_refs.all())
        initial = {
            "code": task.code,
            "section": str(task.section_id or ""),
            "content": task.content,
            "lead": "\n".join(r.text for r in refs if r.role == "lead"),
            "coordinate": "\n".join(r.text for r in refs if r.role == "coordinate"),
            "deadline_text": task.deadline_text,
            "product": task.product,
            "target": task.target,
            "measure": str(task.measure_id or ""),
            "leader": task.leader,
            "notes": task.notes,
            "edit_version": task.edit_version,
        }
    measures = list(selectors.task_measure_choices(request.user, plan))
    form = TaskForm(request.POST or None, initial=initial, sections=sections, measures=measures)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        section = next((s for s in sections if str(s.pk) == d["section"]), None)
        measure = next((t for t in measures if str(t.pk) == d["measure"]), None)
        try:
            task = services.task_save(
                plan=plan,
                user=request.user,
                task=task,
                code=d["code"],
                section=section,
                content=d["content"],
                product=d["product"],
                target=d["target"],
                measure=measure,
                leader=d["leader"],
                notes=d["notes"],
                deadline_text=d["deadline_text"],
                lead=services.split_units(d["lead"]),
                coordinate=services.split_units(d["coordinate"]),
                expected_version=form.loaded_version,
                confirm_assign=d["confirm_assign"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error("confirm_assign" if exc.code == "confirm_assign" else None, exc.message)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("plans:task_detail", pk=task.pk)
    heading = _("Sửa nhiệm vụ") if task else _("Thêm nhiệm vụ")
    return render(
        request, "plans/form.html", {"form": form, "plan": plan, "heading": heading}, status=status_for(form)
    )


# --- import -----------------------------------------------------------------------------------------------------------


@login_required
def import_upload(request: AuthedRequest) -> HttpResponse:
    units = list(_issuer_units(request.user))
    if not units:
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch."))
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        from cchc.plans.importing import extract_plan_bytes

        issuer = get_unit_for_user(request.user, form.cleaned_data["issuer"])
        f = form.cleaned_data["file"]
        raw = f.read()
        try:
            data = extract_plan_bytes(raw, f.name, form.cleaned_data["year"])
        except DomainError as exc:
            form.add_error("file", exc.message)
        except Exception:
            logger.exception("plan import: unexpected error reading %s", f.name)
            form.add_error(
                "file",
                _("Không đọc được tệp %(name)s. Hãy kiểm tra tệp hoặc báo quản trị hệ thống.")
                % {"name": f.name},
            )
        else:
            if not data.get("tasks"):
                form.add_error(
                    "file", _("Không tìm thấy bảng nhiệm vụ nào trong tệp %(name)s.") % {"name": f.name}
                )
            else:
                if not data.get("year"):
                    data["year"] = form.cleaned_data["year"] or timezone.localdate().year
                from cchc.core import staging

                data["source_token"] = staging.stage(raw, request.user, kind="plans")  # the original, kept
                draft = services.import_draft_create(
                    user=request.user, issuer=issuer, filename=f.name, data=data
                )
                return redirect("plans:import_preview", pk=draft.pk)
    return render(request, "plans/import_upload.html", {"form": form})


def _get_draft(request: AuthedRequest, pk: int) -> PlanImportDraft:
    draft = PlanImportDraft.objects.select_related("issuer").filter(pk=pk, user=request.user).first()
    if draft is None:
        raise Http404(_("Không tìm thấy bản xem trước."))
    return draft


def _parse_day(text: str) -> str | None:
    try:
        return parse_day(text).isoformat()
    except ValueError:
        return None


def _dmy(iso: str | None) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""
    except ValueError:
        return ""


def _target_of(draft: PlanImportDraft, typed: str) -> str:
    """A unit picker's value: "unit:12" / "group:3" as picked from the list, or a unit code typed by hand (looked
    up inside the issuer's subtree)."""
    if not typed or typed.startswith(("unit:", "group:")):
        return typed
    unit = (
        OrgUnit.objects.filter(path__startswith=draft.issuer.path)
        .filter(Q(code__iexact=typed) | Q(short_code__iexact=typed))
        .first()
    )
    return f"unit:{unit.pk}" if unit else ""


def _draft_from_post(draft: PlanImportDraft, post) -> tuple[dict, dict[str, str], dict[str, str]]:
    """The edited plan, the mappings and the field errors from the preview form."""
    data = dict(draft.data)
    errors: dict[str, str] = {}
    for key in ("doc_number", "issuer", "title", "basis"):
        data[key] = post.get(key, "").strip() or None
    year = post.get("year", "").strip()
    data["year"] = int(year) if year.isdigit() else None
    day = post.get("issue_date", "").strip()
    data["issue_date"] = _parse_day(day) if day else None
    if day and data["issue_date"] is None:
        errors["issue_date"] = _("Ngày ban hành phải có dạng dd/mm/yyyy.")
    tasks = []
    for i, t in enumerate(draft.data.get("tasks") or []):
        p = f"t{i}-"
        if post.get(p + "delete"):
            continue
        t = dict(t)
        for key in ("code", "content", "product", "target", "leader", "section"):
            if p + key in post:
                t[key] = post.get(p + key, "").strip() or None
        if p + "deadline_raw" in post:
            raw = post.get(p + "deadline_raw", "").strip()
            if raw != (t.get("deadline_raw") or ""):
                t["deadline_raw"] = raw or None
                t["deadline"] = parse_deadline(raw, data.get("year")).as_dict()
        for key in ("lead", "coordinate"):
            if p + key in post:
                t[key] = services.split_units(post.get(p + key, ""))
        tasks.append(t)
    data["tasks"] = tasks
    mappings = dict(draft.mappings or {})
    for key in post:
        if key.startswith("maptext-"):
            j = key.split("-", 1)[1]
            target = _target_of(draft, post.get(f"map-{j}", "").strip())
            if target:
                mappings[post[key]] = target
            else:
                mappings.pop(post[key], None)
    return data, mappings, errors


@login_required
def import_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = _get_draft(request, pk)
    if draft.plan_id:
        return redirect("plans:plan_detail", pk=draft.plan_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            draft.delete()
            messages.info(request, _("Đã hủy bản xem trước; chưa có gì được lưu."))
            return redirect("plans:plan_list")
        data, mappings, errors = _draft_from_post(draft, request.POST)
        services.import_draft_update(draft=draft, data=data, mappings=mappings)
        if request.POST.get("action") == "save" and not errors:
            errors = services.validate_extracted(data)
            if not errors:
                try:
                    plan = services.import_draft_confirm(
                        draft=draft,
                        user=request.user,
                        allow_duplicate=bool(request.POST.get("allow_duplicate")),
                    )
                except ValidationError as exc:
                    errors = {"__all__": " ".join(exc.messages)}
                except DomainError as exc:
                    errors = {"__all__": exc.message}
                else:
                    messages.success(
                        request,
                        _("Đã lưu kế hoạch ở dạng dự thảo (%(n)s nhiệm vụ).") % {"n": plan.tasks.count()},
                    )
                    return redirect("plans:plan_detail", pk=plan.pk)
        elif not errors:
            messages.info(request, _("Đã cập nhật bản xem trước (chưa lưu thành kế hoạch)."))
            if request.POST.get("action") != "save":
                return redirect("plans:import_preview", pk=draft.pk)
    resolver = Resolver(draft.issuer, draft.mappings)
    rows = []
    unresolved: dict[str, int] = {}
    for i, t in enumerate(draft.data.get("tasks") or []):
        refs = {}
        for key in ("lead", "coordinate"):
            refs[key] = [resolver.resolve(x) for x in t.get(key) or []]
            for r in refs[key]:
                if not r.resolved and r.text:
                    unresolved[r.text] = unresolved.get(r.text, 0) + 1
        rows.append(
            {
                "i": i,
                "t": t,
                "refs": refs,
                "bad": any(not r.resolved and r.text for key in refs for r in refs[key]),
                "end": _dmy((t.get("deadline") or {}).get("end")),
                "kind_label": dict(DeadlineKind.choices).get(
                    (t.get("deadline") or {}).get("kind") or "unknown"
                ),
            }
        )
    mapped = [(text, target) for text, target in (draft.mappings or {}).items()]
    return render(
        request,
        "plans/import_preview.html",
        {
            "draft": draft,
            "data": draft.data,
            "issue_date": _dmy(draft.data.get("issue_date")),
            "rows": rows,
            "unresolved": sorted(unresolved.items()),
            "mapped": mapped,
            "choices": mapping_choices(draft.issuer),
            "errors": errors,
            "n_tasks": len(rows),
            "duplicates": services.duplicate_plans(
                issuer=draft.issuer, year=draft.data.get("year"), doc_number=draft.data.get("doc_number")
            ),
        },
        status=400 if errors else 200,
    )


# --- tasks, assignments, progress -------------------------------------------------------------------------------


@login_required
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk)
    return render(request, "plans/task_detail.html", _task_context(request, task))


def _task_context(request: AuthedRequest, task: Task, manual_form: ManualProgressForm | None = None) -> dict:
    plan = task.plan
    assignments = access.visible_assignments(
        request.user, task.assignments.select_related("unit", "via_group", "task", "task__plan")
    )
    pairs = list(selectors.assignment_timings(assignments))
    history = list(history_for_object("plans_task", task.pk)[:50])
    updates = (
        ProgressUpdate.objects.filter(assignment__in=[a for a, _t in pairs])
        .select_related("author", "assignment__unit")
        .prefetch_related("evidence")[:100]
    )
    can_review = access.can_review(request.user, plan)
    return {
        "task": task,
        "plan": plan,
        "measure_status": selectors.task_measure_status(task),
        "pairs": pairs,
        "refs": task.unit_refs.select_related("unit", "group"),
        "percent": selectors.task_percent(task),
        "history": history,
        "updates": updates,
        "can_review": can_review,
        "can_edit": access.can_edit_plan(request.user, plan),
        "manual_form": manual_form
        if manual_form is not None
        else ManualProgressForm(
            initial={
                "percent": task.manual_percent,
                "note": task.manual_note,
                "edit_version": task.edit_version,
            }
        )
        if can_review
        else None,
        "implementing": Task.objects.filter(parent_task=task).select_related("plan", "plan__issuer")
        if can_review
        else [],
    }


@login_required
@require_POST
def task_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk)
    form = ManualProgressForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_progress(
                task=task,
                user=request.user,
                percent=form.cleaned_data["percent"],
                note=form.cleaned_data["note"],
                expected_version=form.loaded_version,
            )
        except StaleEdit as exc:  # show the page again: the typed note stays, with what changed
            form.add_error(None, exc)
            return render(request, "plans/task_detail.html", _task_context(request, task, form), status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã cập nhật tiến độ nhiệm vụ."))
    else:
        messages.error(request, _("Tiến độ phải từ 0 đến 100%."))
    return redirect("plans:task_detail", pk=task.pk)


@login_required
def assignment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    a = access.get_assignment_for_user(request.user, pk)
    can_report = access.can_report(request.user, a) and a.task.plan.status == Plan.Status.ISSUED
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "status": a.status if a.status != Status.NOT_STARTED else Status.IN_PROGRESS,
            "percent": a.percent,
        },
    )
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.progress_submit(
                    assignment=a,
                    user=request.user,
                    text=d["text"],
                    status=d["status"],
                    percent=d["percent"],
                    reason=d["reason"],
                    files=d["files"],
                    completed_on=d["completed_on"],
                    document_date=d["document_date"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Đã gửi báo cáo tiến độ."))
                return redirect("plans:assignment_detail", pk=a.pk)
    [(a, tm)] = list(selectors.assignment_timings([a]))
    updates = list(
        a.updates.select_related("author", "confirmed_by", "reviewed_by").prefetch_related("evidence")
    )
    for u in updates:  # per report: its author never confirms, accepts or returns it
        u.assignment = a
        u.may_confirm = access.can_confirm_update(request.user, u)  # type: ignore[attr-defined]  # for the page
        u.may_review = access.can_review_update(request.user, u)  # type: ignore[attr-defined]  # for the page
        u.may_withdraw = (  # type: ignore[attr-defined]  # for the page
            u.author_id == request.user.pk
            and u.state in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.CONFIRMED)
            and can_report
        )
    return render(
        request,
        "plans/assignment_detail.html",
        {
            "a": a,
            "timing": tm,
            "form": form if can_report else None,
            "updates": updates,
            "can_confirm": access.can_confirm(request.user, a),
            "can_review": access.can_review(request.user, a.task.plan),
            "review_form": ReviewForm(),
            "history": list(history_for_object("plans_assignment", a.pk)[:30]),
        },
        status=400 if request.method == "POST" else 200,
    )


def _update_action(request: AuthedRequest, pk: int, action):
    update = access.get_update_for_user(request.user, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "confirm":
            services.progress_confirm(update=update, user=request.user)
            messages.success(request, _("Đã xác nhận báo cáo."))
        elif action == "accept":
            services.progress_accept(update=update, user=request.user, comment=comment)
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        elif action == "head_return":
            services.progress_head_return(update=update, user=request.user, reason=comment)
            messages.success(request, _("Đã trả lại báo cáo cho người lập."))
        elif action == "withdraw":
            services.progress_withdraw(update=update, user=request.user)
            messages.success(request, _("Đã rút lại báo cáo; có thể sửa và gửi lại."))
        else:
            services.progress_return(update=update, user=request.user, comment=comment)
            messages.success(request, _("Đã trả lại báo cáo."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("plans:assignment_detail", pk=update.assignment_id)


@login_required
@require_POST
def update_head_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _update_action(request, pk, "head_return")


@login_required
@require_POST
def update_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _update_action(request, pk, "withdraw")


@login_required
@require_POST
def update_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _update_action(request, pk, "confirm")


@login_required
@require_POST
def update_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    return _update_action(request, pk, "accept")


@login_required
@require_POST
def update_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _update_action(request, pk, "return")


@login_required
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    ev = Evidence.objects.select_related("update").filter(pk=pk).first()
    return evidence_download(
        request, ev, may_see=lambda user, ev: access.get_assignment_for_user(user, ev.update.assignment_id)
    )


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Reports waiting for the user: to confirm (unit heads) or to accept (coordinators)."""
    to_confirm = selectors.updates_to_confirm(request.user)
    page, query = paginate(request, selectors.updates_to_accept(request.user))
    return render(
        request, "plans/review_queue.html", {"to_confirm": to_confirm, "page": page, "query": query}
    )


# --- my tasks, matrix, cascade --------------------------------------------------------------------------------------


@login_required
def my_tasks(request: AuthedRequest) -> HttpResponse:
    """The tracking list: a unit's own tasks, or for a coordinator the units they follow; filters by unit, group,
    plan, section, status and deadline window; "quá hạn N ngày làm việc"; Excel (the list, or the sheet to update
    progress in bulk)."""
    f = selectors.MyFilters(
        status=request.GET.get("status", ""),
        window=request.GET.get("han", ""),
        section=request.GET.get("section", ""),
        plan=request.GET.get("plan", ""),
        text=request.GET.get("q", "").strip(),
        unit=request.GET.get("unit", "").strip(),
        group=request.GET.get("group", "").strip(),
    )
    pairs = selectors.my_assignments(request.user, f)
    title = selectors.tracking_title(request.user, f.window)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(excel.export_bulk(pairs), "tien-do-nhiem-vu.xlsx")
    if request.GET.get("export") == "list":
        today = timezone.localdate()
        rows = [(a, t, selectors.overdue_working_days(t, today)) for a, t in pairs]
        return xlsx_response(excel.export_tracking(title, rows), "theo-doi-nhiem-vu.xlsx")
    page, query = paginate(request, pairs)
    today = timezone.localdate()
    page.object_list = [(a, t, selectors.overdue_working_days(t, today)) for a, t in page.object_list]
    plan_ids = pairs.plan_ids
    sections = pairs.sections
    return render(
        request,
        "plans/my_tasks.html",
        {
            "page": page,
            "query": query,
            "f": f,
            "title": title,
            "statuses": Status.choices,
            "sections": sections,
            "plans": Plan.objects.filter(pk__in=plan_ids) if plan_ids else [],
            "groups": selectors.visible_groups(request.user),
            "bulk_form": BulkUploadForm(),
        },
    )


@login_required
@require_POST
def bulk_upload(request: AuthedRequest) -> HttpResponse:
    form = BulkUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn tệp Excel."))
        return redirect("plans:my_tasks")
    try:
        n = excel.import_bulk(
            form.cleaned_data["file"].read(),
            name=form.cleaned_data["file"].name,
            user=request.user,
            allowed=excel.assignments_for_bulk(request.user),
        )
    except DomainError as exc:
        messages.error(request, _("Chưa cập nhật gì: %(e)s") % {"e": exc.message})
    else:
        messages.success(request, _("Đã gửi %(n)s báo cáo tiến độ từ tệp Excel.") % {"n": n})
    return redirect("plans:my_tasks")


@login_required
def plan_matrix(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    unit, group, state, section = (
        request.GET.get(k, "").strip() for k in ("unit", "group", "state", "section")
    )
    group_units = None
    if group:
        from cchc.orgs.selectors import group_members

        g = selectors.visible_groups(request.user).filter(code=group).first()
        group_units = set(group_members(g).values_list("pk", flat=True)) if g else set()
    matrix = selectors.matrix_filtered(
        selectors.plan_matrix(plan, request.user),
        unit=unit,
        group_units=group_units,
        state=state,
        section=section,
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(excel.export_matrix(matrix), f"ma-tran-ke-hoach-{plan.pk}.xlsx")
    labels = {**dict(Status.choices), "overdue": _("Quá hạn"), "due_soon": _("Sắp đến hạn")}
    counts = [(labels[k], v) for k, v in matrix.counts.items()]
    return render(
        request,
        "plans/matrix.html",
        {
            "plan": plan,
            "matrix": matrix,
            "counts": counts,
            "table": render_matrix(matrix),
            "f": {"unit": unit, "group": group, "state": state, "section": section},
            "states": [*Status.choices, ("overdue", _("Quá hạn")), ("due_soon", _("Sắp đến hạn"))],
            "groups": selectors.visible_groups(request.user),
            "sections": plan.sections.all(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def plan_cascade_status(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_see_plan_in_full(request.user, plan):
        raise PermissionDenied
    all_rows = services.cascade_status(plan)
    text, state = request.GET.get("q", "").strip(), request.GET.get("state", "")
    rows = services.cascade_filter(all_rows, text=text, state=state)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(excel.cascade_sheet(rows), f"trien-khai-ke-hoach-{plan.pk}.xlsx")
    return render(
        request,
        "plans/cascade.html",
        {
            "plan": plan,
            "rows": rows,
            "summary": services.cascade_summary(all_rows),
            "states": services.CASCADE_STATES,
            "q": text,
            "state": state,
            "total": len(all_rows),
            "can_review": access.can_review(request.user, plan),
        },
    )


@login_required
@require_POST
def plan_cascade(request: AuthedRequest, pk: int, unit_code: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    unit = get_unit_for_user(request.user, unit_code)
    try:
        child = services.plan_cascade(parent=plan, unit=unit, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(
        request, _("Kế hoạch thực hiện của đơn vị đã được lập từ các nhiệm vụ được giao (dự thảo).")
    )
    return redirect("plans:plan_detail", pk=child.pk)


# --- documents -------------------------------------------------------------------------------------------------------


@login_required
def plan_word(request: AuthedRequest, pk: int) -> HttpResponse:
    from .word import plan_docx

    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_see_plan_in_full(request.user, plan):
        raise PermissionDenied
    return file_response(plan_docx(plan), f"ke-hoach-{plan.pk}.docx", DOCX_CONTENT_TYPE)


@login_required
def plan_excel(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_see_plan_in_full(request.user, plan):
        raise PermissionDenied
    return xlsx_response(excel.export_plan(plan, selectors.task_percents(plan)), f"ke-hoach-{plan.pk}.xlsx")


@login_required
def reminder_letter(request: AuthedRequest, pk: int, unit_code: str) -> HttpResponse:
    """Prepare a văn bản đôn đốc to a unit the plan assigns tasks to: its overdue tasks (and, from the
    implementing-plans page, the missing implementing plan), the signer and recipients; issuing takes a number."""
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_review(request.user, plan):
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch lập được văn bản đôn đốc."))
    unit = get_object_or_404(OrgUnit, code=unit_code)
    if not Assignment.objects.filter(task__plan=plan, unit=unit).exists():
        raise Http404(_("Kế hoạch không giao nhiệm vụ cho đơn vị này."))  # not any unit by its code
    missing = not Plan.objects.filter(parent_plan=plan, issuer=unit, status__in=["issued", "closed"]).exists()
    form = ReminderLetterForm(
        request.POST or None,
        initial={"missing_subplan": request.GET.get("ke-hoach-thuc-hien") == "1" and missing},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            letter = services.reminder_letter_issue(
                plan=plan,
                unit=unit,
                user=request.user,
                signer_name=d["signer_name"],
                signer_title=d["signer_title"],
                recipients=d["recipients"],
                missing_subplan=d["missing_subplan"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Đã lấy số %(n)s cho văn bản đôn đốc.") % {"n": letter.document.number_text}
            )
            return redirect("plans:reminder_letter_detail", pk=letter.pk)
    return render(
        request,
        "plans/reminder_letter.html",
        {
            "plan": plan,
            "unit": unit,
            "form": form,
            "rows": services.reminder_rows(plan, unit),
            "missing": missing,
            "letters": plan.reminder_letters.filter(unit=unit).select_related("document"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def reminder_letter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = access.get_letter_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        services.reminder_letter_send(letter=letter, user=request.user)
        messages.success(request, _("Đã ghi nhận gửi văn bản và thông báo cho đơn vị."))
        return redirect("plans:reminder_letter_detail", pk=letter.pk)
    return render(
        request,
        "plans/reminder_letter_detail.html",
        {"letter": letter, "can_send": access.can_review(request.user, letter.plan)},
    )


@login_required
def reminder_letter_word(request: AuthedRequest, pk: int) -> HttpResponse:
    from .word import reminder_docx

    letter = access.get_letter_for_user(request.user, pk)
    name = f"don-doc-{letter.document.number}-{letter.unit.code}.docx"
    return file_response(reminder_docx(letter), name, DOCX_CONTENT_TYPE)


# --- notifications ---------------------------------------------------------------------------------------------------


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user)
    page, query = paginate(request, qs)
    return render(request, "plans/notifications.html", {"page": page, "query": query})


@login_required
@require_POST
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    n = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_read(notification=n, user=request.user)
    return redirect(n.url or reverse("plans:notifications"))
