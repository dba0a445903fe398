"""Staff pages under /khao-sat/: results, comments, survey windows, service points and posters, dossier tokens,
review of flagged responses, paper entry. Thin: parse, check scope, call a selector or a service, render."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import staging
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    PNG_CONTENT_TYPE,
    ZIP_CONTENT_TYPE,
    file_response,
    xlsx_response,
)
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import status_for
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import (
    can_enter_data,
    can_manage_unit,
    get_unit_for_user,
    manageable_units,
    scope_for,
    units_with_data_access,
    visible_units,
)

from . import abuse, answering, paper, posters, reports, selectors, services
from .forms import DossierTokenForm, PaperImportForm, ServicePointForm, SurveyForm
from .models import DossierToken, Kind, Origin, Response, ServicePoint, Survey
from .services import FLAG_LABELS


def _period(request: AuthedRequest) -> tuple[date, date]:
    """The date range of a results page: ``from``/``to`` as dd/mm/yyyy (or ISO); this year by default. A date that
    cannot be read is reported and the default used."""
    today = timezone.localdate()
    default_from, default_to = date(today.year, 1, 1), today
    try:
        date_from = parse_day(request.GET["from"]) if request.GET.get("from") else default_from
        date_to = parse_day(request.GET["to"]) if request.GET.get("to") else default_to
    except ValueError:
        messages.error(request, _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."))
        return default_from, default_to
    if date_from > date_to:
        messages.error(request, _("Từ ngày phải trước hoặc bằng đến ngày."))
        return date_to, date_to
    return date_from, date_to


def _root(request: AuthedRequest) -> OrgUnit:
    """The unit of a results page: ``?unit=`` (a code, a short code or a name) when the user may see it; else a
    message and the user's default unit — a mistyped filter is not a 404 page."""
    text = request.GET.get("unit", "").strip()
    if text:
        unit = selectors.find_visible_unit(request.user, text)
        if unit is not None:
            return unit
        messages.error(
            request,
            _("Không tìm thấy đơn vị “%(text)s” trong phạm vi bạn được xem; đang hiển thị đơn vị mặc định.")
            % {"text": text[:100]},
        )
    root = selectors.default_root(request.user)
    if root is None:
        raise PermissionDenied(_("Bạn chưa được phân quyền xem đơn vị nào."))
    return root


def _kind(request: AuthedRequest) -> str:
    kind = request.GET.get("kind", Kind.CITIZEN)
    return kind if kind in (Kind.CITIZEN, Kind.ORGANISATION) else Kind.CITIZEN


@login_required
def results(request: AuthedRequest) -> HttpResponse:
    root = _root(request)
    date_from, date_to = _period(request)
    kind = _kind(request)
    units = list(selectors.visible_units_under(request.user, root))
    result = selectors.unit_results(date_from=date_from, date_to=date_to, root=root, units=units, kind=kind)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(reports.results_workbook(result), f"ket-qua-khao-sat-{date_from}-{date_to}.xlsx")
    top = next((r for r in result.rows if r.unit.pk == root.pk), None)
    trend = selectors.monthly_trend(root=root, date_from=date_from, date_to=date_to, kind=kind)
    points = selectors.point_results(root=root, date_from=date_from, date_to=date_to, kind=kind)
    questions = selectors.question_results(root=root, date_from=date_from, date_to=date_to, kind=kind)
    groups = [
        (
            r.question,
            selectors.results_by_answer(
                key=r.question.key, root=root, date_from=date_from, date_to=date_to, kind=kind
            ),
        )
        for r in questions
        if r.question.type == "single" and r.answered
    ]
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "root": root,
        "date_from": date_from,
        "date_to": date_to,
        "kind": kind,
        "kinds": [
            (Kind.CITIZEN, _("Người dân, tổ chức")),
            (Kind.ORGANISATION, _("Cơ quan, tổ chức (Phiếu 01, 02)")),
        ],
        "top": top,
        "titles": result.titles,
        "rows": result.rows,
        "trend": trend,
        "points": points,
        "likert_questions": [r for r in questions if r.question.type == "likert"],
        "choice_questions": [r for r in questions if r.question.type != "likert"],
        "groups": groups,
        "query": query.urlencode(),
        "review_count": selectors.review_queue(request.user).count(),
        "pdf": posters.pdf_available(),
    }
    return render(request, "surveys/results.html", context)


@login_required
def report_word(request: AuthedRequest, form_no: int) -> HttpResponse:
    if form_no not in (1, 2):
        raise Http404
    root = _root(request)
    date_from, date_to = _period(request)
    data = reports.report_docx(request.user, root, date_from, date_to, form_no)
    return file_response(data, f"mau-bao-cao-so-0{form_no}-{root.code}.docx", DOCX_CONTENT_TYPE)


@login_required
def comment_list(request: AuthedRequest) -> HttpResponse:
    root = _root(request)
    date_from, date_to = _period(request)
    text = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    low = request.GET.get("low") == "1"
    qs = selectors.comments(
        request.user, root=root, date_from=date_from, date_to=date_to, text=text, status=status, low_only=low
    )
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                r.submitted_at.astimezone(timezone.get_current_timezone()).date(),
                r.unit.name,
                r.service_point.name if r.service_point else "",
                r.get_origin_display(),
                r.get_status_display(),
                r.answers.get("q16"),
                r.comment,
            ]
            for r in qs[:20000]
        ]
        data = write_sheet(
            "Góp ý",
            ["Ngày", "Đơn vị", "Điểm lấy ý kiến", "Nguồn", "Trạng thái", "Đánh giá chung", "Góp ý"],
            rows,
            widths=[12, 36, 28, 18, 18, 12, 80],
        )
        return xlsx_response(data, "gop-y-khao-sat.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "surveys/comments.html",
        {
            "page": page,
            "query": query,
            "root": root,
            "date_from": date_from,
            "date_to": date_to,
            "text": text,
            "status": status,
            "low": low,
        },
    )


# --- coverage: targets, units with no answers or no QR point (seed 001 PL03 items 4–6) --------------------------

_MISSING = ("", "answers", "point", "target")


@login_required
def coverage(request: AuthedRequest) -> HttpResponse:
    root = _root(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    missing = request.GET.get("missing", "")
    missing = missing if missing in _MISSING else ""
    if request.method == "POST":
        _save_targets(request, year)
        return redirect(f"{reverse('surveys:coverage')}?{request.GET.urlencode()}")
    rows = selectors.coverage(request.user, root=root, year=year, until=today, missing=missing)
    if request.GET.get("export") == "xlsx":
        data = write_sheet(
            "Độ phủ khảo sát",
            ["Mã đơn vị", "Đơn vị", "Chỉ tiêu", "Số phiếu", "% chỉ tiêu", "Điểm QR đang dùng"],
            [[r.unit.code, r.unit.name, r.target, r.responses, r.percent, r.points] for r in rows],
            widths=[18, 44, 10, 10, 10, 12],
        )
        return xlsx_response(data, f"do-phu-khao-sat-{root.code}-{year}.xlsx")
    page, query = paginate(request, rows)
    for row in page.object_list:
        row.can_set = can_manage_unit(request.user, row.unit)
    return render(
        request,
        "surveys/coverage.html",
        {
            "root": root,
            "year": year,
            "missing": missing,
            "page": page,
            "query": query,
            "can_set": any(r.can_set for r in page.object_list),
            "missing_choices": [
                ("", _("Tất cả đơn vị")),
                ("answers", _("Chưa có phiếu nào")),
                ("point", _("Chưa có điểm QR")),
                ("target", _("Chưa đạt chỉ tiêu")),
            ],
        },
    )


def _save_targets(request: AuthedRequest, year: int) -> None:
    """The targets typed on the page (``t-<unit id>``; empty removes one): all or nothing."""
    changes: list[tuple[OrgUnit, int | None]] = []
    for name in request.POST:
        raw = request.POST.get(name, "")
        if not name.startswith("t-"):
            continue
        try:
            unit = get_unit_for_user(request.user, int(name[2:]), manage=True)
        except ValueError as exc:
            raise Http404 from exc
        text = raw.strip().replace(".", "").replace(",", "")
        if text and not text.isdigit():
            messages.error(request, _("Chỉ tiêu của %(unit)s phải là một số.") % {"unit": unit.name})
            return
        changes.append((unit, int(text) if text else None))
    try:
        with transaction.atomic():
            for unit, value in changes:
                services.response_target_set(unit=unit, year=year, responses=value, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return
    messages.success(request, _("Đã lưu chỉ tiêu số phiếu năm %(year)s.") % {"year": year})


# --- survey windows ---------------------------------------------------------------------------------------------


@login_required
def survey_list(request: AuthedRequest) -> HttpResponse:
    units = manageable_units(request.user)
    form = None
    if units.exists():
        owners = set(visible_units(request.user).values_list("pk", flat=True))
        form = SurveyForm(request.POST or None, units=units.order_by("path"), owners=owners)
        if request.method == "POST" and form.is_valid():
            unit = form.cleaned_data["unit"]
            if not can_manage_unit(request.user, unit):
                raise PermissionDenied
            try:
                services.survey_create(
                    title=form.cleaned_data["title"],
                    questionnaire=form.cleaned_data["questionnaire"],
                    unit=unit,
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã tạo đợt khảo sát."))
                return redirect("surveys:survey_list")
    elif request.method == "POST":
        raise PermissionDenied
    page, query = paginate(request, selectors.surveys_for(request.user))
    now = timezone.now()
    return render(
        request, "surveys/survey_list.html", {"page": page, "query": query, "form": form, "now": now}
    )


@login_required
@require_POST
def survey_close(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = selectors.surveys_for(request.user).filter(pk=pk).first()
    if survey is None:
        raise Http404
    if not can_manage_unit(request.user, survey.unit):
        raise PermissionDenied
    services.survey_close(survey=survey)
    messages.success(request, _("Đã đóng đợt khảo sát."))
    return redirect("surveys:survey_list")


# --- service points ---------------------------------------------------------------------------------------------


def _get_point(user, pk, write=False) -> ServicePoint:
    point = selectors.service_points_for(user).filter(pk=pk).first()
    if point is None:
        raise Http404(_("Không tìm thấy điểm lấy ý kiến."))
    if write and not can_enter_data(user, point.unit):
        raise PermissionDenied(_("Bạn không có quyền sửa điểm lấy ý kiến của đơn vị này."))
    return point


def _public_url(request: AuthedRequest, token: str) -> str:
    return request.build_absolute_uri(services.token_url(token))


@login_required
def point_list(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    under = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    qs = selectors.service_points_for(request.user, text=text, under=under)
    if request.GET.get("export") == "xlsx":
        rows = [
            [p.unit.code, p.unit.name, p.name, p.location, _public_url(request, p.token), p.active]
            for p in qs
        ]
        data = write_sheet(
            "Điểm lấy ý kiến",
            ["Mã đơn vị", "Đơn vị", "Điểm", "Vị trí", "Đường dẫn", "Đang dùng"],
            rows,
            widths=[16, 36, 30, 20, 50, 10],
        )
        return xlsx_response(data, "diem-lay-y-kien.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "surveys/point_list.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "under": under,
            "can_add": units_with_data_access(request.user).exists(),
            "pdf": posters.pdf_available(),
        },
    )


@login_required
def point_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    point = _get_point(request.user, pk, write=True) if pk else None
    units = units_with_data_access(request.user).order_by("path")
    if not units.exists():
        raise PermissionDenied
    initial = {}
    if point:
        initial = {
            "unit": point.unit,
            "name": point.name,
            "location": point.location,
            "survey": point.survey,
            "active": point.active,
            "edit_version": point.edit_version,
        }
    elif request.GET.get("unit"):
        initial = {"unit": units.filter(code=request.GET["unit"]).first(), "active": True}
    form = ServicePointForm(
        request.POST or None, initial=initial, units=units, surveys=selectors.surveys_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("edit_version", None)
        if not can_enter_data(request.user, data["unit"]):
            raise PermissionDenied
        try:
            if point:
                services.service_point_update(
                    point=point,
                    actor=request.user,
                    unit=data["unit"],
                    name=data["name"],
                    location=data["location"],
                    survey=data["survey"],
                    active=data["active"],
                    expected_version=version,
                )
            else:
                point = services.service_point_create(
                    unit=data["unit"], name=data["name"], location=data["location"], survey=data["survey"]
                )
        except ValidationError as exc:  # StaleEdit included
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu điểm lấy ý kiến."))
            return redirect("surveys:point_detail", pk=point.pk)
    return render(request, "surveys/point_form.html", {"form": form, "point": point}, status=status_for(form))


@login_required
def point_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    point = _get_point(request.user, pk)
    url = _public_url(request, point.token)
    target = services.resolve_token(point.token)
    survey = services.survey_for_target(target) if target else None
    can_edit = can_enter_data(request.user, point.unit)
    kiosk_url = f"{url}?kiosk={abuse.kiosk_key(point.token)}" if can_edit else ""
    return render(
        request,
        "surveys/point_detail.html",
        {
            "point": point,
            "url": url,
            "qr": posters.qr_svg(url, scale=5),
            "survey": survey,
            "can_edit": can_edit,
            "kiosk_url": kiosk_url,
            "pdf": posters.pdf_available(),
        },
    )


@login_required
@require_POST
def point_new_token(request: AuthedRequest, pk: int) -> HttpResponse:
    point = _get_point(request.user, pk, write=True)
    services.service_point_new_token(point=point)
    messages.warning(request, _("Đã tạo mã QR mới; mã cũ không còn dùng được. Hãy in lại áp phích."))
    return redirect("surveys:point_detail", pk=pk)


def _poster_response(items, size: str, fmt: str, name: str):
    if size not in posters.SIZES_MM:
        raise Http404
    if fmt == "pdf":
        if not posters.pdf_available():
            raise Http404(_("Máy chủ chưa cài WeasyPrint để xuất PDF; hãy dùng PNG."))
        return file_response(posters.posters_pdf(items, size), f"{name}-{size}.pdf", PDF_CONTENT_TYPE)
    if fmt == "png":
        if len(items) == 1:
            return file_response(posters.poster_png(items[0], size), f"{name}-{size}.png", PNG_CONTENT_TYPE)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, item in enumerate(items, start=1):
                zf.writestr(f"{i:03d}-{size}.png", posters.poster_png(item, size))
        return file_response(buf.getvalue(), f"{name}-{size}.zip", ZIP_CONTENT_TYPE)
    if fmt == "svg" and len(items) == 1:
        return HttpResponse(posters.qr_svg(items[0].url, scale=10), content_type="image/svg+xml")
    raise Http404


def _item(request: AuthedRequest, point: ServicePoint) -> posters.PosterItem:
    """A poster promises the time the point's questionnaire really takes (the open survey's, else the default)."""
    target = services.resolve_token(point.token)
    survey = services.survey_for_target(target) if target else None
    q = survey.questionnaire if survey is not None else selectors.default_questionnaire()
    return posters.PosterItem(
        point.unit.name, point.name, _public_url(request, point.token), minutes=q.estimate_minutes()
    )


@login_required
def point_poster(request: AuthedRequest, pk: int) -> HttpResponse:
    point = _get_point(request.user, pk)
    return _poster_response(
        [_item(request, point)],
        request.GET.get("size", "A4"),
        request.GET.get("format", "png"),
        f"ma-qr-{point.pk}",
    )


@login_required
def point_batch(request: AuthedRequest) -> HttpResponse:
    """Posters for every active desk of a unit's subtree: one PDF (a page each) or a ZIP of PNGs."""
    root = _root(request)
    points = selectors.service_points_for(request.user, under=root).filter(active=True)
    items = [_item(request, p) for p in points[:500]]
    if not items:
        messages.info(request, _("Chưa có điểm lấy ý kiến nào trong đơn vị này."))
        return redirect(f"{reverse('surveys:point_list')}?unit={root.code}")
    return _poster_response(
        items, request.GET.get("size", "A4"), request.GET.get("format", "pdf"), f"ma-qr-{root.code}"
    )


# --- dossier tokens ---------------------------------------------------------------------------------------------


@login_required
def dossier_list(request: AuthedRequest) -> HttpResponse:
    units = units_with_data_access(request.user).order_by("path")
    only = units.first() if units.count() == 1 else None
    form = (
        DossierTokenForm(request.POST or None, units=units, initial={"unit": only})
        if units.exists()
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            token = services.dossier_token_issue(
                unit=form.cleaned_data["unit"],
                dossier_code=form.cleaned_data["dossier_code"],
                user=request.user,
            )
            return redirect("surveys:dossier_slip", pk=token.pk)
    text = request.GET.get("q", "").strip()
    page, query = paginate(request, selectors.dossier_tokens_for(request.user, text=text))
    return render(
        request, "surveys/dossier_list.html", {"page": page, "query": query, "form": form, "text": text}
    )


@login_required
def dossier_slip(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.dossier_tokens_for(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    url = _public_url(request, token.token)
    answered = Response.objects.filter(dossier=token).exists()
    return render(
        request,
        "surveys/dossier_slip.html",
        {"token": token, "url": url, "qr": posters.qr_svg(url, scale=4), "answered": answered},
    )


# --- review of flagged responses --------------------------------------------------------------------------------


@login_required
def review_list(request: AuthedRequest) -> HttpResponse:
    if scope_for(request.user).manage.empty:
        raise PermissionDenied
    page, query = paginate(request, selectors.review_queue(request.user))
    for r in page.object_list:
        r.flag_labels = [FLAG_LABELS.get(f, f) for f in r.flags]
    return render(request, "surveys/review.html", {"page": page, "query": query})


@login_required
@require_POST
def review_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    response = selectors.responses_for(request.user).filter(pk=pk).first()
    if response is None:
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        services.response_review(response=response, accept=accept, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã chấp nhận phiếu.") if accept else _("Đã loại phiếu."))
    return redirect("surveys:review")


# --- paper forms ------------------------------------------------------------------------------------------------


@login_required
def paper_entry(request: AuthedRequest) -> HttpResponse:
    """Enter one paper form for a service point, or import a file of them."""
    points = selectors.service_points_for(request.user).filter(unit__in=units_with_data_access(request.user))
    if not points.exists():
        raise PermissionDenied
    upload = PaperImportForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        return _paper_import_confirm(request)
    if request.method == "POST" and "file" in request.FILES:
        upload = PaperImportForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                data, checked = _paper_check_upload(f, request.user)
            except DomainError as exc:
                upload.add_error("file", exc.message)
            else:
                preview = {
                    "name": f.name,
                    "new": len(checked.responses),
                    "skipped_rows": checked.skipped_rows,
                    "skipped_notice": _skipped_notice(checked.skipped_rows) if checked.skipped_rows else "",
                    "token": staging.stage(data, request.user, kind=PAPER_STAGING),
                }
    point = points.filter(pk=request.GET.get("point") or request.POST.get("point") or 0).first()
    survey = None
    reading = None
    day_error = ""
    if point is not None:
        target = services.resolve_token(point.token)
        survey = services.survey_for_target(target) if target else None
        if survey is not None and request.GET.get("template") == "xlsx":
            return _paper_template(point, survey)
        if survey is not None and request.method == "POST" and "file" not in request.FILES:
            reading = answering.read_answers(survey.questionnaire, request.POST)
            if not reading.errors and reading.empty:
                reading.errors["__all__"] = _("Phiếu chưa có câu trả lời nào.")
            day_text = request.POST.get("day", "").strip()
            try:
                when = paper.parse_when(day_text, _("Ngày trên phiếu")) if day_text else None
            except DomainError as exc:
                day_error = (
                    _("Ngày trên phiếu không được sau hôm nay.")
                    if exc.code == "date_in_future"
                    else _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy.")
                )
            if not day_error and survey is not None:
                try:
                    paper.check_in_window(survey, when or timezone.now())
                except DomainError as exc:
                    day_error = exc.message
            if not reading.errors and not day_error:
                services.response_record(
                    survey=survey,
                    unit_id=point.unit_id,
                    origin=Origin.PAPER,
                    reading=reading,
                    service_point_id=point.pk,
                    entered_by=request.user,
                    submitted_at=when,
                )
                messages.success(request, _("Đã lưu phiếu giấy. Nhập phiếu tiếp theo."))
                return redirect(f"{reverse('surveys:paper')}?point={point.pk}&day={day_text}")
    return render(
        request,
        "surveys/paper.html",
        {
            "points": points,
            "point": point,
            "survey": survey,
            "reading": reading,
            "upload": upload,
            "questions": _paper_questions(survey, reading, request.POST),
            "day": request.POST.get("day") or request.GET.get("day") or "",
            "day_error": day_error,
            "form_errors": [e for k, e in (reading.errors.items() if reading else ()) if k == "__all__"],
            "preview": preview,
        },
    )


PAPER_STAGING = "survey_paper"


def _paper_check_upload(f, user) -> tuple[bytes, paper.Checked]:
    """Check an uploaded file (within the import caps before it is read whole) and give its bytes for staging."""
    import tempfile

    suffix = ".xlsx" if f.name.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in f.chunks():
            tmp.write(chunk)
        tmp.flush()
        rows = paper.read_table(tmp.name, name=f.name)
        checked = paper.check_rows(rows, f.name, entered_by=user)
        tmp.seek(0)
        return tmp.read(), checked


def _paper_rows(data: bytes, name: str) -> list[dict[str, str]]:
    """The rows of an uploaded paper-form file (its suffix decides the reader)."""
    import tempfile

    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        return paper.read_table(tmp.name, name=name)


def _paper_import_confirm(request: AuthedRequest) -> HttpResponse:
    """The second step: import the staged file checked in the preview (checked again: a form imported meanwhile
    is skipped, never counted twice)."""
    token = request.POST.get("token", "")
    name = request.POST.get("name", "phieu.csv")[:200]
    try:
        data = staging.load(token, request.user, kind=PAPER_STAGING)
    except staging.StagedUploadError as exc:
        messages.error(request, str(exc))
        return redirect("surveys:paper")
    try:
        summary = paper.import_rows(_paper_rows(data, name), name, entered_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:paper")
    staging.discard(token)
    messages.success(request, _("Đã nhập %(n)d phiếu giấy.") % {"n": summary["imported"]})
    if summary["skipped"]:
        messages.warning(request, _skipped_notice(summary["skipped_rows"]))
    return redirect("surveys:paper")


def _skipped_notice(rows: list[int]) -> str:
    shown = ", ".join(str(n) for n in rows[:30]) + ("…" if len(rows) > 30 else "")
    return _(
        "Bỏ qua %(n)d phiếu đã nhập trước đây (không tính hai lần), các dòng: %(rows)s. "
        "Nếu đó là phiếu khác có cùng nội dung, hãy ghi số phiếu vào cột so_phieu rồi nhập lại."
    ) % {"n": len(rows), "rows": shown}


def _paper_template(point, survey) -> HttpResponse:
    """An empty import file for a service point: the columns ``import_survey_responses`` reads (the point's token
    goes in the first column of every row; the question keys are those of the entry form on the page)."""
    questions = [q for q in survey.questionnaire.questions if q.key != "comment"]
    headers = ["token", "so_phieu", "submitted_at", *[q.key for q in questions], "comment"]
    data = write_sheet("Phiếu giấy", headers, [], widths=[20, 10, 18, *[6] * len(questions), 40])
    return xlsx_response(data, f"mau-nhap-phieu-giay-{point.pk}.xlsx")


def _paper_questions(survey, reading, posted) -> list[dict]:
    """The questions of the paper entry form with what was typed (kept when the form comes back with an error)."""
    if survey is None:
        return []
    errors = reading.errors if reading else {}
    return [
        {
            "q": q,
            "current": posted.getlist(q.key) if q.type == "multiple" else posted.get(q.key, ""),
            "error": errors.get(q.key),
        }
        for q in survey.questionnaire.questions
    ]


__all__ = ["DossierToken", "Survey"]
