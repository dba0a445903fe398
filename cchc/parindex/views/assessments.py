"""A unit's assessment grid: self-assessment, approval, appraisal, explanation, Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit, posted_version
from cchc.orgs.models import OrgUnit

from .. import assignments, council, proposals, results, selectors, services
from ..forms import AdjustmentForm, PenaltyForm
from ..models import Assessment, Evidence, MemberScore, Score
from ..self_report import self_report_docx
from ._common import P, _errors


def _tree(assessment: Assessment):
    """Criterion rows in order, each leaf with its score and its evidence."""
    criteria = list(assessment.round.framework.criteria.order_by("position"))
    scores = {s.criterion_id: s for s in assessment.scores.select_related("round1_by", "round2_by")}
    evidence: dict[int, list[Evidence]] = {}
    for e in assessment.evidence.select_related("added_by").order_by("created_at"):
        evidence.setdefault(e.criterion_id, []).append(e)
    return [(c, scores.get(c.pk), evidence.get(c.pk, [])) for c in criteria]


def _leaf_entries(post, codes, spec):
    """Read one score grid: ``spec`` maps entry key → form field prefix."""
    entries = {}
    for code in codes:
        entry = {}
        for key, prefix in spec.items():
            name = f"{prefix}-{code}"
            if key in ("na",):
                entry[key] = post.get(name) == "1"
            elif name in post:
                entry[key] = post.get(name, "")
        entries[code] = entry
    return entries


@login_required
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment, caps = selectors.get_assessment_for_user(request.user, pk, write=request.method == "POST")
    rnd = assessment.round
    if request.method == "POST":
        action = request.POST.get("action", "")
        leaves = list(assessment.scores.values_list("criterion__code", flat=True))
        try:
            if action in ("save_self", "submit") and caps.self_edit:
                entries = _leaf_entries(
                    request.POST, leaves,
                    {"self": "self", "note": "note", "no_evidence_note": "noev", "na": "na", "na_reason": "nareason"},
                )  # fmt: skip
                selfless = set(
                    assessment.scores.filter(criterion__survey_measured=True).values_list(
                        "criterion__code", flat=True
                    )
                )
                for code in selfless:
                    entries[code].pop("self", None)
                services.self_assessment_save(
                    assessment=assessment,
                    actor=request.user,
                    entries=entries,
                    summary=request.POST["summary"].strip() if "summary" in request.POST else None,
                    expected_version=posted_version(request.POST),
                )
                if action == "submit":
                    services.self_assessment_submit(assessment=assessment, actor=request.user)
                    messages.success(request, _("Đã trình bản tự đánh giá."))
                else:
                    messages.success(request, _("Đã lưu điểm tự đánh giá."))
            elif action in ("approve", "return") and caps.approve:
                services.self_assessment_approve(
                    assessment=assessment, actor=request.user, approve=action == "approve"
                )
                messages.success(
                    request,
                    _("Đã duyệt, gửi Hội đồng thẩm định.")
                    if action == "approve"
                    else _("Đã trả lại để sửa."),
                )
            elif action == "appraise" and caps.alone and caps.agree:
                # A council of one: the member's score is the agreed score.
                n = caps.agree
                entries = _leaf_entries(
                    request.POST, leaves, {"score": f"r{n}", "comment": f"c{n}", "na_decision": "nad"}
                )
                entries = {k: v for k, v in entries.items() if v}
                changed = services.appraisal_save(
                    assessment=assessment,
                    actor=request.user,
                    round_no=n,
                    entries=entries,
                    expected_version=posted_version(request.POST),
                )
                messages.success(
                    request,
                    _("Đã lưu điểm thẩm định lần %(n)s (%(c)s tiêu chí thay đổi).") % {"n": n, "c": changed},
                )
            elif action == "appraise" and caps.appraise:
                # A member of a larger council: their own scores; the chair or the secretary agrees later.
                n = caps.appraise
                entries = _leaf_entries(request.POST, leaves, {"score": f"r{n}", "comment": f"c{n}"})
                entries = {k: v for k, v in entries.items() if v}
                changed = council.member_score_save(
                    assessment=assessment, actor=request.user, round_no=n, entries=entries
                )
                messages.success(
                    request,
                    _("Đã lưu điểm của bạn, thẩm định lần %(n)s (%(c)s tiêu chí thay đổi).")
                    % {"n": n, "c": changed},
                )
            elif (action == "take_self_all" or action.startswith("take_self:")) and caps.alone and caps.agree:
                codes = None if action == "take_self_all" else [action.removeprefix("take_self:")]
                done = council.take_self_scores(
                    assessment=assessment, actor=request.user, round_no=caps.agree, codes=codes
                )
                messages.success(request, _("Đã lấy điểm tự chấm cho %(c)s tiêu chí.") % {"c": done})
            elif action in ("save_assigned", "send_assigned") and caps.assigned:
                entries = _leaf_entries(
                    request.POST,
                    sorted(caps.assigned),
                    {"self": "self", "note": "note", "no_evidence_note": "noev"},
                )
                assignments.assigned_self_save(
                    assessment=assessment, actor=request.user, entries=entries, send=action == "send_assigned"
                )
                messages.success(
                    request,
                    _("Đã gửi các tiêu chí được giao cho cán bộ đầu mối.")
                    if action == "send_assigned"
                    else _("Đã lưu điểm các tiêu chí được giao."),
                )
            elif action == "assign" and caps.manage:
                units = {str(u.pk): u for u in _assignable_units(assessment)}
                mapping = {}
                for code in leaves:
                    key = f"assign-{code}"
                    if key in request.POST:
                        value = request.POST[key]
                        if value and value not in units:
                            raise PermissionDenied
                        mapping[code] = units.get(value)
                n = assignments.criteria_assign(assessment=assessment, actor=request.user, mapping=mapping)
                messages.success(request, _("Đã cập nhật việc giao tiêu chí (%(n)s thay đổi).") % {"n": n})
            elif action.startswith("return_assigned:") and caps.manage:
                code = action.removeprefix("return_assigned:")
                handed = assessment.assignments.filter(criterion__code=code).first()
                if handed is None:
                    raise DomainError(
                        "not_assigned", gettext_lazy("Tiêu chí %(c)s không được giao cho đơn vị nào."), c=code
                    )
                assignments.assignment_return(assignment=handed, actor=request.user)
                messages.success(
                    request, _("Đã trả lại tiêu chí %(c)s cho %(u)s.") % {"c": code, "u": handed.unit.code}
                )
            elif action == "reopen" and caps.reopen:
                until = parse_date(request.POST.get("until", "") or "")
                if until is None:
                    raise DomainError("until_required", gettext_lazy("Nhập ngày mở lại đến."), field="until")
                services.self_assessment_reopen(assessment=assessment, actor=request.user, until=until)
                messages.success(
                    request, _("Đã mở lại tự đánh giá đến ngày %(d)s.") % {"d": f"{until:%d/%m/%Y}"}
                )
            elif action in ("save_explanation", "submit_explanation") and caps.explain:
                entries = {
                    code: request.POST[f"resp-{code}"] for code in leaves if f"resp-{code}" in request.POST
                }
                services.explanation_save(
                    assessment=assessment,
                    actor=request.user,
                    entries=entries,
                    submit=action == "submit_explanation",
                    expected_version=posted_version(request.POST),
                )
                messages.success(
                    request,
                    _("Đã gửi giải trình.") if action == "submit_explanation" else _("Đã lưu giải trình."),
                )
            elif action == "refresh" and (caps.self_edit or caps.manage):
                services.refresh_computed(assessment=assessment)
                messages.success(request, _("Đã cập nhật các tiêu chí tính từ dữ liệu."))
            else:
                raise PermissionDenied(_("Thao tác không được phép ở giai đoạn này."))
        except (ValidationError, DomainError) as exc:
            _errors(request, exc)
            if action in GRID_ACTIONS:
                # Nothing was saved: show the page again with what was typed, so one bad cell loses no work.
                context = _assessment_context(assessment, caps, request.user, posted=request.POST)
                if isinstance(
                    exc, StaleEdit
                ):  # someone saved the grid meanwhile: name what, carry their version
                    assessment.edit_version = exc.version
                    context["stale"] = exc.conflict
                return render(
                    request,
                    "parindex/assessment.html",
                    context,
                    status=409 if isinstance(exc, StaleEdit) else 400,
                )
        return redirect("parindex:assessment", pk=assessment.pk)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_assessment_sheet(assessment), f"danh-gia-{assessment.unit.code}-{rnd.pk}.xlsx")
    if request.GET.get("export") == "docx":  # the self-assessment report (Báo cáo tự đánh giá)
        return file_response(
            self_report_docx(assessment),
            f"bao-cao-tu-danh-gia-{assessment.unit.code}-{rnd.pk}.docx",
            DOCX_CONTENT_TYPE,
        )
    return render(request, "parindex/assessment.html", _assessment_context(assessment, caps, request.user))


GRID_ACTIONS = ("save_self", "submit", "appraise", "save_explanation", "submit_explanation")
# Score attribute → form field prefix of the assessment grid; "na" is a checkbox, "nad" the hạ chuẩn decision.
POSTED_FIELDS = {
    "self_score": "self", "self_note": "note", "no_evidence_note": "noev", "na_reason": "nareason",
    "round1": "r1", "round1_comment": "c1", "round2": "r2", "round2_comment": "c2", "na_decision": "nad",
    "response": "resp",
}  # fmt: skip


def _overlay_posted(rows, posted, caps) -> None:
    """Attach the submitted (unsaved) values to the in-memory scores: the grid's inputs show them again."""
    for c, s, _evidence in rows:
        if s is None:
            continue
        s.posted = {
            attr: posted.get(f"{prefix}-{c.code}", "")
            for attr, prefix in POSTED_FIELDS.items()
            if f"{prefix}-{c.code}" in posted
        }
        if caps.self_edit:
            s.posted["na_requested"] = posted.get(f"na-{c.code}") == "1"


def _assessment_context(assessment: Assessment, caps, user, posted=None) -> dict:
    rnd = assessment.round
    self_result = results.unit_result(assessment, "self")
    appraised = results.unit_result(assessment, "appraised") if rnd.phase not in (P.DRAFT, P.SELF) else None
    problems = services.self_assessment_problems(assessment) if caps.self_edit else []
    rows = _tree(assessment)
    if caps.appraise and not caps.alone:  # the member's own scores fill their grid
        mine = {
            m.score_id: m
            for m in MemberScore.objects.filter(
                score__assessment=assessment, member=user, round_no=caps.appraise
            )
        }
        for _c, s, _ev in rows:
            if s is not None:
                m = mine.get(s.pk)
                s.mine_points = m.points if m else None
                s.mine_comment = m.comment if m else ""
    if posted is not None:
        _overlay_posted(rows, posted, caps)
        if "summary" in posted and caps.self_edit:
            assessment.summary = posted["summary"]
    context = {
        "a": assessment,
        "round": rnd,
        "caps": caps,
        "rows": rows,
        "self_result": self_result,
        "appraised": appraised,
        "problems": problems,
        "adjustments": assessment.adjustments.select_related("added_by"),
        "proposed_bonuses": proposals.proposed_for(assessment, user),
        "adjustment_form": AdjustmentForm(),
        "penalty_form": PenaltyForm(),
        "assignments": {
            x.criterion_id: x for x in assessment.assignments.select_related("unit", "submitted_by")
        },
        "assignable": _assignable_units(assessment) if caps.manage and rnd.phase in (P.DRAFT, P.SELF) else [],
        "deadline_passed": caps.self_edit and services.self_deadline_passed(assessment),
        "history": selectors.history_for_assessment(assessment),
        "show_r1": rnd.phase not in (P.DRAFT, P.SELF),
        "show_r2": rnd.phase in (P.ROUND2, P.PUBLISHED, P.CORRECTING),
        "decisions": Score.Decision.choices,
        "published": rnd.versions.exists(),
        "has_computed": rnd.framework.criteria.filter(is_leaf=True).exclude(method="manual").exists(),
    }
    return context


def _assignable_units(assessment: Assessment) -> list[OrgUnit]:
    """Departments a criterion may be handed to: the units directly under the round's organiser."""
    return list(
        OrgUnit.objects.filter(parent=assessment.round.owner_unit)
        .exclude(pk=assessment.unit_id)
        .order_by("code")
    )


def _assessment_sheet(assessment: Assessment) -> bytes:
    """The unit's assessment table (Bảng đánh giá): every criterion with its scores, notes and evidence."""
    headers = [_("Mã"), _("Tiêu chí"), _("Điểm tối đa"), _("Tự chấm"), _("Diễn giải"), _("Tài liệu kiểm chứng"),
               _("Đề nghị hạ chuẩn"), _("Thẩm định lần 1"), _("Ý kiến lần 1"), _("Giải trình"), _("Thẩm định lần 2"),
               _("Ý kiến lần 2")]  # fmt: skip
    rows = []
    for c, s, evidence in _tree(assessment):
        if s is None:
            rows.append([c.code, c.title, c.max_points] + [None] * 9)
            continue
        na = ""
        if s.na_requested:
            na = f"{s.get_na_decision_display()}: {s.na_reason}"
        docs = "; ".join(e.title for e in evidence) or s.no_evidence_note
        rows.append([c.code, c.title, c.max_points, s.self_score, s.self_note, docs, na, s.round1, s.round1_comment,
                     s.response, s.round2, s.round2_comment])  # fmt: skip
    return write_sheet(
        _("Bảng đánh giá"), headers, rows, widths=[8, 50, 10, 10, 40, 40, 25, 10, 40, 40, 10, 40]
    )
