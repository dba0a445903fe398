"""A criterion of an assessment with its evidence; bonus and penalty adjustments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.types import AuthedRequest

from .. import selectors, services
from ..forms import AdjustmentForm, EvidenceForm, PenaltyForm
from ..models import RECORD_KINDS, Adjustment, Criterion, Evidence
from ._common import _errors


@login_required
def criterion_detail(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    assessment, caps = selectors.get_assessment_for_user(request.user, pk)
    criterion = Criterion.objects.filter(
        framework=assessment.round.framework, code=code, is_leaf=True
    ).first()
    if criterion is None:
        raise Http404(_("Không tìm thấy tiêu chí."))
    score = assessment.scores.get(criterion=criterion)
    self_edit = caps.self_edit or code in caps.assigned
    stage = Evidence.Stage.SELF if self_edit else Evidence.Stage.EXPLANATION if caps.explain else None
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if stage is None:
            raise PermissionDenied(_("Không thêm tài liệu ở giai đoạn này."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.evidence_add(
                    assessment=assessment, criterion=criterion, actor=request.user, title=d["title"],
                    upload=d["file"], url=d["url"], record_kind=d["record_kind"], record_id=d["record_id"], stage=stage,
                    doc_number=d["doc_number"], doc_date=d["doc_date"],
                )  # fmt: skip
                messages.success(request, _("Đã thêm tài liệu kiểm chứng."))
                return redirect("parindex:criterion", pk=assessment.pk, code=code)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    context = {
        "a": assessment,
        "round": assessment.round,
        "caps": caps,
        "criterion": criterion,
        "score": score,
        "evidence": assessment.evidence.filter(criterion=criterion).select_related("added_by"),
        "form": form,
        "stage": stage,
        "record_kinds": RECORD_KINDS,
    }
    return render(request, "parindex/criterion.html", context)


@login_required
@require_POST
def evidence_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    evidence = Evidence.objects.select_related("assessment", "criterion").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    assessment, caps = selectors.get_assessment_for_user(request.user, evidence.assessment_id, write=True)
    if not (caps.self_edit or caps.explain or evidence.criterion.code in caps.assigned):
        raise PermissionDenied
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
        messages.success(request, _("Đã xóa tài liệu."))
    except DomainError as exc:
        _errors(request, exc)
    return redirect("parindex:criterion", pk=assessment.pk, code=evidence.criterion.code)


@login_required
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = Evidence.objects.filter(pk=pk).first()
    return evidence_download(
        request, evidence, may_see=lambda user, ev: selectors.get_assessment_for_user(user, ev.assessment_id)
    )


@login_required
@require_POST
def adjustment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment, caps = selectors.get_assessment_for_user(request.user, pk, write=True)
    if not caps.agree:
        raise PermissionDenied(_("Chỉ Chủ tịch hoặc Thư ký Hội đồng thẩm định nhập điểm thưởng, điểm phạt."))
    penalty = request.POST.get("kind") == "penalty"
    form = PenaltyForm(request.POST) if penalty else AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjustment_add(assessment=assessment, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi điểm phạt.") if penalty else _("Đã ghi điểm thưởng."))
        except (ValidationError, DomainError) as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Nhập đủ số lỗi và lý do.") if penalty else _("Nhập đủ điểm và lý do."))
    return redirect(reverse("parindex:assessment", args=[assessment.pk]) + "#thuong-phat")


@login_required
@require_POST
def adjustment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    adjustment = Adjustment.objects.filter(pk=pk).first()
    if adjustment is None:
        raise Http404
    assessment, caps = selectors.get_assessment_for_user(request.user, adjustment.assessment_id, write=True)
    if not caps.agree:
        raise PermissionDenied
    try:
        services.adjustment_remove(adjustment=adjustment, actor=request.user)
    except (ValidationError, DomainError) as exc:
        _errors(request, exc)
    return redirect(reverse("parindex:assessment", args=[assessment.pk]) + "#thuong-phat")
