"""PAR index views: thin — check scope, call a selector or a service, render."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, JSON_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.versioning import StaleEdit, posted_version, status_for
from cchc.orgs.models import Role
from cchc.orgs.scope import manageable_units, scope_for

from .. import charts, result_tables, results, selectors, services
from ..forms import AdjustmentForm, EvidenceForm, FrameworkImportForm, ReasonForm, RoundForm
from ..loaders import write_framework_xlsx
from ..models import Adjustment, Assessment, Criterion, Evidence, Framework, Round, Score
from ..parsing import parse_input

P = Round.Phase


def _errors(request, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
        return
    for message in exc.messages:
        messages.error(request, message)


# ------------------------------------------------------------------------------------------------ rounds


@login_required
def index(request):
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
def round_create(request):
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
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("parindex:round_detail", pk=rnd.pk)
    return render(request, "parindex/round_form.html", {"form": form, "council_hint": _council_hint()})


def _council_hint():
    return list(User.objects.filter(memberships__role=Role.APPRAISER).distinct().values_list("pk", flat=True))


@login_required
def round_edit(request, pk):
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    initial = {k: getattr(rnd, k) for k in ("name", "evidence_from", "evidence_to", "self_due", "round1_due",
                                              "explanation_due", "round2_due", "publish_due")}  # fmt: skip
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
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đợt đánh giá."))
            return redirect("parindex:round_detail", pk=rnd.pk)
    return render(request, "parindex/round_form.html", {"form": form, "round": rnd}, status=status_for(form))


@login_required
def round_detail(request, pk):
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
        "can_publish": access.manage and rnd.phase in (P.ROUND2, P.CORRECTING),
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
def round_advance(request, pk):
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        services.round_advance(rnd=rnd, actor=request.user)
        messages.success(
            request, _("Đợt đánh giá chuyển sang giai đoạn: %(p)s.") % {"p": rnd.get_phase_display()}
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_publish(request, pk):
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        version = services.round_publish(
            rnd=rnd,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            confirm_unsubmitted=request.POST.get("confirm_unsubmitted") == "1",
        )
        messages.success(request, _("Đã công bố kết quả (phiên bản %(n)s).") % {"n": version.number})
        return redirect("parindex:ranking", pk=rnd.pk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_reopen(request, pk):
    rnd, _access = selectors.get_round_for_user(request.user, pk, manage=True)
    try:
        services.round_reopen(rnd=rnd, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã mở đính chính; công bố lại sẽ tạo phiên bản mới."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("parindex:round_detail", pk=rnd.pk)


@login_required
def round_input(request, pk):
    """The round as the input document of ``parindex_evaluate`` (JSON or the Excel layout)."""
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not access.sees_all:
        raise PermissionDenied
    version = rnd.versions.defer("input_document").order_by("-number").first()
    stage = request.GET.get("stage", "appraised")
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
    data = json.dumps(document, ensure_ascii=False, indent=1).encode()
    return file_response(data, f"chi-so-cchc-dot-{rnd.pk}.json", JSON_CONTENT_TYPE)


# ------------------------------------------------------------------------------------------------ results


def _ranking_document(request, rnd: Round, access):
    """(document, version, live): the published version, or a live preview for the council and coordinators."""
    version = rnd.versions.defer("input_document").order_by("-number").first()
    wanted = request.GET.get("v")
    if wanted and wanted.isdigit():
        version = rnd.versions.defer("input_document").filter(number=int(wanted)).first() or version
    if version and (rnd.phase == P.PUBLISHED or not access.sees_all or wanted):
        return version.document, version, False
    if not access.sees_all:
        return None, None, False
    if results.unfinished_appraisals(rnd):
        return None, version, True
    return results.result_document(results.evaluate_round(rnd)), version, True


@login_required
def ranking(request, pk):
    rnd, access = selectors.get_round_for_user(request.user, pk)
    if not access.sees_all and not rnd.versions.exists():
        raise Http404(_("Kết quả chưa được công bố."))
    document, version, live = _ranking_document(request, rnd, access)
    units = document["units"] if document else []
    shown = result_tables.find_units(units, request.GET.get("q", ""))
    bands = result_tables.bands(document)
    if request.GET.get("export") == "xlsx" and document:
        fields = units[0]["fields"] if units else []
        headers = [_("Xếp hạng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Điểm đạt"), _("Điểm chuẩn"), _("Điểm thưởng"),
                   _("Điểm phạt"), _("Chỉ số (%)"), _("Xếp loại")] + [f"{f['code']}. {f['title']} (%)" for f in fields]  # fmt: skip
        rows = [
            [
                u["rank"],
                u["code"],
                u["name"],
                u["achieved"],
                u["max"],
                u["bonus"],
                u["penalty"],
                u["index"],
                u["band"],
            ]
            + [f["percent"] for f in u["fields"]]
            for u in shown
        ]
        return xlsx_response(write_sheet(_("Xếp hạng"), headers, rows), f"xep-hang-chi-so-cchc-{rnd.pk}.xlsx")
    bar = charts.bar_chart(
        [charts.Bar(u["name"], None if u["index"] is None else Decimal(str(u["index"]))) for u in shown],
        bands,
        title=_("Chỉ số CCHC theo đơn vị"),
    ) if shown else ""  # fmt: skip
    field_avg = result_tables.field_averages(units)
    field_chart = charts.bar_chart(
        [charts.Bar(f"{f['code']}. {f['title']}", avg) for f, avg in field_avg], bands, title=_("Tỷ lệ điểm bình quân theo lĩnh vực")
    ) if field_avg else ""  # fmt: skip
    ids, own_codes = selectors.scorecard_links(request.user, rnd, access)
    context = {
        "round": rnd,
        "access": access,
        "document": document,
        "units": shown,
        "ranking_rows": result_tables.ranking_rows(shown, ids, own_codes, sees_all=access.sees_all),
        "heat": result_tables.heat_cells(shown),
        "version": version,
        "versions": rnd.versions.only("number", "published_at", "round_id").order_by("-number"),
        "live": live,
        "bar": bar,
        "field_chart": field_chart,
        "field_heads": units[0]["fields"] if units else [],
        "text": request.GET.get("q", ""),
        "own_codes": own_codes,
        "unfinished": results.unfinished_appraisals(rnd) if live else [],
    }
    return render(request, "parindex/ranking.html", context)


@login_required
def announcement(request, pk):
    """The announcement (Quyết định công bố) as Word, from the published version."""
    rnd, _access = selectors.get_round_for_user(request.user, pk)
    version = rnd.versions.defer("input_document").order_by("-number").first()
    if version is None:
        raise Http404(_("Kết quả chưa được công bố."))
    from ..announce import announcement_docx

    data = announcement_docx(rnd, version)
    return file_response(data, f"cong-bo-chi-so-cchc-{rnd.pk}-v{version.number}.docx", DOCX_CONTENT_TYPE)


@login_required
def compare(request):
    """Year over year: published indices of the units of rounds organised by one unit."""
    rounds = selectors.rounds_for_user(request.user).filter(versions__isnull=False).distinct()
    owners = {r.owner_unit_id: r.owner_unit for r in rounds}
    owner_code = request.GET.get("don_vi") or (next(iter(owners.values())).code if owners else "")
    chosen = [r for r in rounds if r.owner_unit.code == owner_code]
    table = result_tables.year_table(selectors.published_results(request.user, chosen))
    chart = (
        charts.line_chart(table.series[:12], title=_("Chỉ số CCHC qua các năm"), years=table.years)
        if table.years
        else ""
    )
    context = {
        "owners": sorted(owners.values(), key=lambda u: u.code),
        "owner_code": owner_code,
        "years": table.years,
        "rows": table.rows,
        "chart": chart,
    }
    return render(request, "parindex/compare.html", context)


# ------------------------------------------------------------------------------------------------ assessment


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
def assessment_detail(request, pk):
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
            elif action == "appraise" and caps.appraise:
                n = caps.appraise
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
        except ValidationError as exc:
            _errors(request, exc)
            if action in GRID_ACTIONS:
                # Nothing was saved: show the page again with what was typed, so one bad cell loses no work.
                context = _assessment_context(assessment, caps, posted=request.POST)
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
    return render(request, "parindex/assessment.html", _assessment_context(assessment, caps))


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


def _assessment_context(assessment: Assessment, caps, posted=None) -> dict:
    rnd = assessment.round
    self_result = results.unit_result(assessment, "self")
    appraised = results.unit_result(assessment, "appraised") if rnd.phase not in (P.DRAFT, P.SELF) else None
    problems = services.self_assessment_problems(assessment) if caps.self_edit else []
    rows = _tree(assessment)
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
        "adjustment_form": AdjustmentForm(),
        "history": selectors.history_for_assessment(assessment),
        "show_r1": rnd.phase not in (P.DRAFT, P.SELF),
        "show_r2": rnd.phase in (P.ROUND2, P.PUBLISHED, P.CORRECTING),
        "decisions": Score.Decision.choices,
        "published": rnd.versions.exists(),
        "has_computed": rnd.framework.criteria.filter(is_leaf=True).exclude(method="manual").exists(),
    }
    return context


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


@login_required
def criterion_detail(request, pk, code):
    assessment, caps = selectors.get_assessment_for_user(request.user, pk)
    criterion = Criterion.objects.filter(
        framework=assessment.round.framework, code=code, is_leaf=True
    ).first()
    if criterion is None:
        raise Http404(_("Không tìm thấy tiêu chí."))
    score = assessment.scores.get(criterion=criterion)
    stage = Evidence.Stage.SELF if caps.self_edit else Evidence.Stage.EXPLANATION if caps.explain else None
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
                )  # fmt: skip
                messages.success(request, _("Đã thêm tài liệu kiểm chứng."))
                return redirect("parindex:criterion", pk=assessment.pk, code=code)
            except ValidationError as exc:
                form.add_error(None, exc)
    context = {
        "a": assessment,
        "round": assessment.round,
        "caps": caps,
        "criterion": criterion,
        "score": score,
        "evidence": assessment.evidence.filter(criterion=criterion).select_related("added_by"),
        "form": form,
        "stage": stage,
        "record_kinds": services.RECORD_KINDS,
    }
    return render(request, "parindex/criterion.html", context)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = Evidence.objects.select_related("assessment", "criterion").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    assessment, caps = selectors.get_assessment_for_user(request.user, evidence.assessment_id, write=True)
    if not (caps.self_edit or caps.explain):
        raise PermissionDenied
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
        messages.success(request, _("Đã xóa tài liệu."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("parindex:criterion", pk=assessment.pk, code=evidence.criterion.code)


@login_required
def evidence_file(request, pk):
    evidence = Evidence.objects.filter(pk=pk).first()
    return evidence_download(
        request, evidence, may_see=lambda user, ev: selectors.get_assessment_for_user(user, ev.assessment_id)
    )


@login_required
@require_POST
def adjustment_add(request, pk):
    assessment, caps = selectors.get_assessment_for_user(request.user, pk, write=True)
    if not caps.appraise:
        raise PermissionDenied(_("Chỉ Hội đồng thẩm định nhập điểm thưởng, điểm phạt."))
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjustment_add(assessment=assessment, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi điểm thưởng/phạt."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Nhập đủ loại, điểm và lý do."))
    return redirect(reverse("parindex:assessment", args=[assessment.pk]) + "#thuong-phat")


@login_required
@require_POST
def adjustment_delete(request, pk):
    adjustment = Adjustment.objects.filter(pk=pk).first()
    if adjustment is None:
        raise Http404
    assessment, caps = selectors.get_assessment_for_user(request.user, adjustment.assessment_id, write=True)
    if not caps.appraise:
        raise PermissionDenied
    try:
        services.adjustment_remove(adjustment=adjustment, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(reverse("parindex:assessment", args=[assessment.pk]) + "#thuong-phat")


@login_required
def scorecard(request, pk):
    """Where the unit lost points, what the appraisers said, and what would lift it to the next band."""
    assessment, caps = selectors.get_assessment_for_user(request.user, pk)
    rnd = assessment.round
    version = rnd.versions.defer("input_document").order_by("-number").first()
    unit_doc = None
    if version and rnd.phase == P.PUBLISHED:
        unit_doc = next((u for u in version.document["units"] if u["code"] == assessment.unit.code), None)
    live = results.unit_result(assessment, "appraised") if rnd.phase not in (P.DRAFT, P.SELF) else None
    self_result = results.unit_result(assessment, "self")
    result = live
    nxt = results.what_if(rnd.framework, result) if result else None
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    lost = []
    for c in rnd.framework.criteria.filter(is_leaf=True).order_by("position"):
        s = scores.get(c.pk)
        used = result.leaf_scores.get(c.code) if result else None
        if result and used is not None and used < c.max_points:
            lost.append((c, s, used, c.max_points - used))
    lost.sort(key=lambda x: (-x[3], x[0].position))
    fields_chart = ""
    if result:
        fields_chart = charts.bar_chart(
            [charts.Bar(f"{f.code}. {f.title}", f.percent) for f in result.fields],
            [(b.name, b.min) for b in results.core_framework(rnd.framework).bands],
            title=_("Tỷ lệ điểm theo lĩnh vực (%)"),
        )
    context = {
        "a": assessment,
        "round": rnd,
        "caps": caps,
        "result": result,
        "unit_doc": unit_doc,
        "version": version,
        "self_result": self_result,
        "next": nxt,
        "lost": lost,
        "fields_chart": fields_chart,
        "adjustments": assessment.adjustments.all(),
    }
    return render(request, "parindex/scorecard.html", context)


# ------------------------------------------------------------------------------------------------ frameworks


@login_required
def framework_list(request):
    text = request.GET.get("q", "").strip()
    qs = selectors.frameworks_for_user(request.user).annotate(
        n=Count("criteria", filter=Q(criteria__is_leaf=True))
    )
    if text:
        qs = qs.filter(name__unaccent__icontains=text)
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Bộ tiêu chí"),
            _("Năm"),
            _("Phiên bản"),
            _("Loại đơn vị"),
            _("Mẫu tham khảo"),
            _("Số tiêu chí"),
        ]
        rows = [
            [f.name, f.year, f.version, f.get_unit_kind_display(), _("Có") if f.is_sample else "", f.n]
            for f in qs
        ]
        return xlsx_response(write_sheet(_("Bộ tiêu chí"), headers, rows), "bo-tieu-chi.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "parindex/framework_list.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "can_manage": selectors.can_manage_frameworks(request.user),
        },
    )


@login_required
def framework_detail(request, pk):
    fw = Framework.objects.filter(pk=pk).first()
    if fw is None:
        raise Http404
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "framework.xlsx"
            results.write_framework_workbook(fw, path)
            return xlsx_response(path.read_bytes(), f"bo-tieu-chi-{fw.year}-v{fw.version}.xlsx")
    if fmt == "json":
        data = json.dumps(
            {"framework": results.framework_document(fw)}, ensure_ascii=False, indent=1
        ).encode()
        return file_response(data, f"bo-tieu-chi-{fw.year}-v{fw.version}.json", JSON_CONTENT_TYPE)
    criteria = list(fw.criteria.order_by("position"))
    return render(
        request,
        "parindex/framework_detail.html",
        {"fw": fw, "criteria": criteria, "total": sum((c.max_points for c in criteria if c.parent_id is None), Decimal(0)),
         "rounds": selectors.rounds_for_user(request.user).filter(framework=fw)},
    )  # fmt: skip


@login_required
def framework_import(request):
    if not selectors.can_manage_frameworks(request.user):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối nhập bộ tiêu chí."))
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".json"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"bo-tieu-chi{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                fw = services.framework_import_file(
                    path=path, actor=request.user, unit_kind=form.cleaned_data["unit_kind"]
                )
            except DomainError as exc:
                form.add_error("file", exc.detail)
            else:
                messages.success(request, _("Đã nhập bộ tiêu chí (phiên bản %(v)s).") % {"v": fw.version})
                return redirect("parindex:framework_detail", pk=fw.pk)
    return render(request, "parindex/framework_import.html", {"form": form})


@login_required
@require_POST
def framework_sample(request):
    if not selectors.can_manage_frameworks(request.user):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year", "2024"))
    except ValueError:
        year = 2024
    fw = services.sample_framework(year=year, actor=request.user)
    messages.success(request, _("Đã tạo bộ tiêu chí mẫu năm %(y)s.") % {"y": year})
    return redirect("parindex:framework_detail", pk=fw.pk)
