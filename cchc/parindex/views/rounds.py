"""Assessment rounds: list, create, edit, detail, phase changes, input document."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import JSON_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import status_for
from cchc.orgs.models import Role
from cchc.orgs.scope import manageable_units, scope_for

from .. import council, results, selectors, services
from ..forms import ReasonForm, RoundForm
from ..loaders import write_framework_xlsx
from ..models import Assessment, Round, Score
from ..parsing import parse_input
from ._common import P, _errors


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    phase = request.GET.get("phase", "")
    rounds = selectors.rounds_for_user(request.user).annotate(n_units=Count("assessments", distinct=True))
    if text:
        rounds = rounds.filter(
            Q(name__unaccent__icontains=text) | Q(owner_unit__name__unaccent__icontains=text)
        )
    if phase:
        rounds = rounds.filter(phase=phase)
    rounds = rounds.order_by("-framework__year", "-created_at")
    if request.GET.get("export") == "xlsx":
        rows = [
            [r.name, r.framework.year, r.owner_unit.name, r.get_phase_display(), r.n_units, r.evidence_from,
             r.evidence_to, r.self_due, r.publish_due]
            for r in rounds
        ]  # fmt: skip
        headers = [_("Đợt đánh giá"), _("Năm"), _("Đơn vị tổ chức"), _("Giai đoạn"), _("Số đơn vị"),
                   _("Kiểm chứng từ"), _("Kiểm chứng đến"), _("Hạn tự đánh giá"), _("Hạn công bố")]  # fmt: skip
        return xlsx_response(write_sheet(_("Đợt đánh giá"), headers, rows), "dot-danh-gia-chi-so-cchc.xlsx")
    page, query = paginate(request, rounds)
    mine = []
    scope = scope_for(request.user)
    own_ids = scope.units_with(Role.STAFF, Role.HEAD).unit_ids
    if own_ids:
        mine = list(
            Assessment.objects.filter(unit_id__in=own_ids)
            .exclude(round__phase=P.DRAFT)
            .select_related("round", "unit")
            .order_by("-round__created_at")[:10]
        )
    context = {
        "page": page,
        "query": query,
        "text": text,
        "phase": phase,
        "phases": P.choices,
        "mine": mine,
        "can_manage": selectors.can_manage_frameworks(request.user),
    }
    return render(request, "parindex/index.html", context)


def _round_form_kwargs(user, rnd: Round | None = None):
    """Assessed units: the coordinator's subtree. Council: people of that subtree (appraisers first), plus
    anyone already on the round's council."""
    units = manageable_units(user).order_by("path")
    scope = scope_for(user)
    people = User.objects.filter(is_active=True)
    if not scope.is_admin:
        q = Q(memberships__unit__in=units)
        if rnd is not None:
            q |= Q(parindex_councils=rnd)
        people = people.filter(q)
    council = (
        people.annotate(appraiser=Count("memberships", filter=Q(memberships__role=Role.APPRAISER)))
        .order_by("-appraiser", "full_name", "username")
        .distinct()
    )
    return {"units": units, "council": council}


@login_required
def round_create(request: AuthedRequest) -> HttpResponse:
    if not selectors.can_manage_frameworks(request.user):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đợt đánh giá."))
    form = RoundForm(request.POST or None, **_round_form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not scope_for(request.user).manage.contains(d["owner_unit"]):
            raise PermissionDenied
        try:
            rnd = services.round_create(
                actor=request.user,
                framework=d["framework"],
                owner_unit=d["owner_unit"],
                name=d["name"],
                units=form.assessed_units(),
                evidence_from=d["evidence_from"],
                evidence_to=d["evidence_to"],
                deadlines={
                    k: d[k]
                    for k in ("self_due", "round1_due", "explanation_due", "round2_due", "publish_due")
                },
                council=d["council"],
                chair=d.get("chair"),
                secretary=d.get("secretary"),
                legal_basis=d.get("legal_basis") or "",
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:  # e.g. a stale edit
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("parindex:round_detail", pk=rnd.pk)
    return render(request, "parindex/round_form.html", {"form": form, "council_hint": _council_hint()})


def _council_hint():
    return list(User.objects.filter(memberships__role=Role.APPRAISER).distinct().values_list("pk", flat=True))


@login_required
def round_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    initial = {k: getattr(rnd, k) for k in ("name", "evidence_from", "evidence_to", "self_due", "round1_due",
                                              "explanation_due", "round2_due", "publish_due", "chair",
                                              "secretary", "legal_basis")}  # fmt: skip
    initial["council"] = list(rnd.council.all())
    initial["edit_version"] = rnd.edit_version
    editing = True if rnd.phase in (P.DRAFT, P.SELF) else "frozen"  # units are added before appraisal only
    form = RoundForm(
        request.POST or None, initial=initial, editing=editing, **_round_form_kwargs(request.user, rnd)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refused (stale) edit adds no units either
                if editing is True:
                    added = [
                        u
                        for u in form.assessed_units(rnd.owner_unit)
                        if u.path.startswith(rnd.owner_unit.path)
                    ]
                    services.round_set_units(round=rnd, units=added, actor=request.user)
                services.round_update(
                    rnd=rnd,
                    actor=request.user,
                    data=form.cleaned_data,
                    council=form.cleaned_data["council"],
                    expected_version=form.loaded_version,
                )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:  # e.g. a stale edit
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đợt đánh giá."))
            return redirect("parindex:round_detail", pk=rnd.pk)
    return render(request, "parindex/round_form.html", {"form": form, "round": rnd}, status=status_for(form))


@login_required
def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd, access = selectors.get_round_for_user(request.user, pk)
    assessments = selectors.visible_assessments(request.user, rnd, access).order_by("unit__path")
    text = request.GET.get("q", "").strip()
    if text:
        assessments = assessments.filter(
            Q(unit__code__icontains=text) | Q(unit__name__unaccent__icontains=text)
        )
    published = rnd.versions.defer("input_document").order_by("-number").first()
    by_code = {}
    if published:
        by_code = {u["code"]: u for u in published.document["units"]}
    pending_na = Score.objects.filter(
        assessment__round=rnd, na_requested=True, na_decision=Score.Decision.PENDING
    ).count()
    if request.GET.get("export") == "xlsx":
        headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Trạng thái"), _("Thủ trưởng duyệt"), _("Ngày duyệt")]
        if published:
            headers += [_("Chỉ số (%)"), _("Xếp loại"), _("Xếp hạng")]
        rows = []
        for a in assessments.select_related("approved_by"):
            row = [a.unit.code, a.unit.name, a.get_status_display(),
                   a.approved_by.display_name if a.approved_by else "", a.approved_at.date() if a.approved_at else None]  # fmt: skip
            if published:
                r = by_code.get(a.unit.code) or {}
                row += [r.get("index"), r.get("band"), r.get("rank")]
            rows.append(row)
        return xlsx_response(
            write_sheet(_("Đơn vị được đánh giá"), headers, rows), f"dot-{rnd.pk}-don-vi.xlsx"
        )
    page, query = paginate(request, assessments)
    context = {
        "round": rnd,
        "access": access,
        "page": page,
        "query": query,
        "text": text,
        "published": published,
        "versions": rnd.versions.only("number", "published_at", "round_id").order_by("-number"),
        "by_code": by_code,
        "council": rnd.council.order_by("full_name"),
        "next_phase": services.NEXT_PHASE.get(rnd.phase),
        "behind": services.phase_change_warnings(rnd) if access.manage else [],
        "can_publish": access.manage and rnd.phase in (P.ROUND2, P.CORRECTING),
        "can_approve": rnd.phase == P.APPROVAL and services.may_approve_publication(request.user, rnd),
        "minutes": list(rnd.minutes.select_related("document").order_by("round_no")),
        "can_minute": access.manage or council.may_agree(request.user, rnd),
        "minutes_rounds": [n for n, phases in council.MINUTES_PHASES.items() if rnd.phase in phases],
        "can_reopen": access.manage and rnd.phase == P.PUBLISHED,
        "unfinished": results.unfinished_appraisals(rnd)
        if access.sees_all and rnd.phase in (P.ROUND2, P.CORRECTING)
        else [],
        "pending_na": pending_na,
        "never_submitted": services.never_submitted(rnd)
        if access.manage and rnd.phase in (P.ROUND2, P.CORRECTING)
        else [],
        "status_counts": dict(rnd.assessments.values_list("status").annotate(n=Count("id"))),
        "reason_form": ReasonForm(),
        "phases": [p for p in P if p != P.CORRECTING],
    }
    return render(request, "parindex/round_detail.html", context)


@login_required
@require_POST
def round_advance(request: AuthedRequest, pk: int) -> HttpResponse:
    """Next phase; when units are left behind, a page names them and asks the coordinator to confirm."""
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        services.round_advance(rnd=rnd, actor=request.user, confirm=request.POST.get("confirm") == "1")
        messages.success(
            request, _("Đợt đánh giá chuyển sang giai đoạn: %(p)s.") % {"p": rnd.get_phase_display()}
        )
    except DomainError as exc:
        if exc.code != "confirm_phase_change":
            _errors(request, exc)
            return redirect("parindex:round_detail", pk=rnd.pk)
        context = {"round": rnd, "message": exc.message, "behind": services.phase_change_warnings(rnd),
                   "next_phase": services.NEXT_PHASE.get(rnd.phase)}  # fmt: skip
        return render(request, "parindex/advance_confirm.html", context)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator submits the appraised results to the leader for approval."""
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        services.round_request_publication(
            rnd=rnd,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            confirm_unsubmitted=request.POST.get("confirm_unsubmitted") == "1",
        )
        messages.success(request, _("Đã trình lãnh đạo phê duyệt công bố kết quả."))
    except (ValidationError, DomainError) as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """The leader approves the submitted results (which publishes them) or returns them with a note."""
    rnd, _access = selectors.get_round_for_user(request.user, pk)
    if not services.may_approve_publication(request.user, rnd):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị tổ chức đánh giá phê duyệt công bố kết quả."))
    try:
        if request.POST.get("action") == "return":
            services.round_return(rnd=rnd, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã trả lại kết quả cho Hội đồng thẩm định."))
        else:
            version = services.round_publish(rnd=rnd, actor=request.user)
            messages.success(
                request, _("Đã phê duyệt và công bố kết quả (phiên bản %(n)s).") % {"n": version.number}
            )
            return redirect("parindex:ranking", pk=rnd.pk)
    except (ValidationError, DomainError) as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        services.round_reopen(rnd=rnd, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã mở đính chính; công bố lại sẽ tạo phiên bản mới."))
    except DomainError as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
def round_input(request: AuthedRequest, pk: int) -> HttpResponse:
    """The round as the input document of ``parindex_evaluate`` (JSON or the Excel layout)."""
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not access.sees_all:
        raise PermissionDenied
    version = rnd.versions.defer("input_document").order_by("-number").first()
    # The stage the round has reached: self-assessment until appraisal starts, then appraised.
    stage = request.GET.get("stage") or ("self" if rnd.phase in (P.DRAFT, P.SELF) else "appraised")
    if version and rnd.phase == P.PUBLISHED and stage == "appraised":
        document = version.input_document
    else:
        document = results.round_input_document(rnd, "self" if stage == "self" else "appraised")
    if request.GET.get("format") == "xlsx":
        data = parse_input(results._json_roundtrip(document))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "input.xlsx"
            write_framework_xlsx(data.framework, path, stage=data.stage, units=data.units)
            return xlsx_response(path.read_bytes(), f"chi-so-cchc-dot-{rnd.pk}.xlsx")
    payload = json.dumps(document, ensure_ascii=False, indent=1).encode()
    return file_response(payload, f"chi-so-cchc-dot-{rnd.pk}.json", JSON_CONTENT_TYPE)
