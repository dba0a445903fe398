"""The council: the consensus page (every member's score beside the agreed one), the minutes, version diffs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.core.http import DOCX_CONTENT_TYPE, file_response
from cchc.core.types import AuthedRequest
from cchc.core.versioning import posted_version

from .. import council, selectors, services
from ..minutes import minutes_docx
from ..models import CouncilMinutes, Score
from ..version_diff import diff_documents
from ._common import _errors


@login_required
def consensus(request: AuthedRequest, pk: int) -> HttpResponse:
    """The chair or the secretary sets the agreed scores of one unit, seeing each member's own score."""
    assessment, caps = selectors.get_assessment_for_user(request.user, pk, write=request.method == "POST")
    n = caps.agree
    if not n:
        if caps.conflict:
            raise PermissionDenied(caps.conflict)
        raise PermissionDenied(
            _("Chỉ Chủ tịch hoặc Thư ký Hội đồng thống nhất điểm, trong giai đoạn thẩm định.")
        )
    if request.method == "POST":
        action = request.POST.get("action", "")
        codes = list(assessment.scores.values_list("criterion__code", flat=True))
        try:
            if action == "take_self_all":
                done = council.take_self_scores(assessment=assessment, actor=request.user, round_no=n)
                messages.success(
                    request, _("Đã lấy điểm tự chấm cho %(c)s tiêu chí chưa chấm.") % {"c": done}
                )
            elif action.startswith("take_self:"):
                code = action.removeprefix("take_self:")
                council.take_self_scores(assessment=assessment, actor=request.user, round_no=n, codes=[code])
                messages.success(request, _("Đã lấy điểm tự chấm cho tiêu chí %(c)s.") % {"c": code})
            else:
                entries = {}
                for code in codes:
                    entry = {}
                    for key, prefix in (("score", f"r{n}"), ("comment", f"c{n}"), ("na_decision", "nad")):
                        if f"{prefix}-{code}" in request.POST:
                            entry[key] = request.POST[f"{prefix}-{code}"]
                    if entry:
                        entries[code] = entry
                changed = services.appraisal_save(
                    assessment=assessment, actor=request.user, round_no=n, entries=entries,
                    expected_version=posted_version(request.POST),
                )  # fmt: skip
                messages.success(
                    request,
                    _("Đã lưu điểm thống nhất lần %(n)s (%(c)s tiêu chí thay đổi).") % {"n": n, "c": changed},
                )
        except (ValidationError, DomainError) as exc:
            _errors(request, exc)
        return redirect("parindex:consensus", pk=assessment.pk)
    columns = council.member_columns(assessment, n)
    rows = []
    for s in assessment.scores.select_related("criterion").order_by("criterion__position"):
        members = [col.scores.get(s.pk) for col in columns]
        given = [m.points for m in members if m is not None and m.points is not None]
        rows.append(
            {
                "score": s,
                "c": s.criterion,
                "members": members,
                "agreed": getattr(s, f"round{n}"),
                "comment": getattr(s, f"round{n}_comment"),
                "spread": (max(given) - min(given)) if len(given) > 1 else None,
            }
        )
    context = {
        "a": assessment,
        "round": assessment.round,
        "n": n,
        "columns": columns,
        "rows": rows,
        "unscored": council.unscored_by(assessment, n),
        "decisions": Score.Decision.choices,
    }
    return render(request, "parindex/consensus.html", context)


@login_required
def minutes(request: AuthedRequest, pk: int, round_no: int) -> HttpResponse:
    """GET: the minutes of appraisal ``round_no`` as Word (once numbered); POST: number them (or update the text)."""
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not (access.manage or council.may_agree(request.user, rnd)):
        raise PermissionDenied(_("Chỉ Chủ tịch, Thư ký Hội đồng hoặc cán bộ đầu mối xem biên bản."))
    if request.method == "POST":
        try:
            created = council.minutes_create(
                rnd=rnd, actor=request.user, round_no=round_no,
                meeting_place=request.POST.get("meeting_place", ""), conclusion=request.POST.get("conclusion", ""),
            )  # fmt: skip
        except (ValidationError, DomainError) as exc:
            _errors(request, exc)
            return redirect("parindex:round_detail", pk=rnd.pk)
        messages.success(request, _("Đã lấy số biên bản %(num)s.") % {"num": created.document.number_text})
        return redirect("parindex:minutes", pk=rnd.pk, round_no=round_no)
    record = (
        CouncilMinutes.objects.select_related("document", "round__framework", "round__owner_unit")
        .filter(round=rnd, round_no=round_no)
        .first()
    )
    if record is None:
        raise Http404(_("Chưa lập biên bản thẩm định lần này."))
    return file_response(
        minutes_docx(record), f"bien-ban-tham-dinh-lan-{round_no}-dot-{rnd.pk}.docx", DOCX_CONTENT_TYPE
    )


@login_required
def version_diff(request: AuthedRequest, pk: int) -> HttpResponse:
    """Two published versions side by side: the units whose result or leaf scores changed."""
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not access.sees_all:
        raise PermissionDenied
    versions = list(rnd.versions.order_by("number"))
    if len(versions) < 2:
        raise Http404(_("Chỉ có một phiên bản kết quả."))
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in by_number else default

    new = pick("b", versions[-1].number)
    old = pick("a", versions[-2].number if new == versions[-1].number else versions[0].number)
    changes = diff_documents(by_number[old].document, by_number[new].document)
    context = {
        "round": rnd,
        "versions": versions,
        "old": by_number[old],
        "new": by_number[new],
        "changes": changes,
    }
    return render(request, "parindex/version_diff.html", context)
