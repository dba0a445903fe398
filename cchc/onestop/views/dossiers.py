"""One-stop pages: thin views — parse, check scope, call a selector or a service, render."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.audit.models import AuditEvent
from cchc.audit.selectors import history_for_object
from cchc.core import staging
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import (
    can_enter_data,
    get_unit_for_user,
    personal_data_reach,
    scope_for,
    units_with_data_access,
)
from cchc.workdays.calendar import VN_TZ, to_local
from cchc.workdays.services import calendar_for

from .. import selectors, services
from ..catalogue import (
    catalogue_for_user,
    catalogue_owners_for,
    effective_catalogue,
    get_procedure_for_user,
    home_unit,
)
from ..forms import (
    COLUMN_WORDS,
    MAPPED_COLUMNS,
    NATIONAL,
    ApologyForm,
    DeskForm,
    PortalFigureForm,
    ProcedureUploadForm,
    UploadForm,
    mapping_form,
)
from ..importing import (
    DOSSIER_COLUMNS,
    DOSSIER_REQUIRED,
    ImportRejected,
    dossier_create_at_desk,
    import_dossiers,
)
from ..importing import import_procedures as do_import_procedures
from ..input766 import enterable_figures
from ..letters import apology_docx
from ..models import (
    ApologyLetter,
    Channel,
    Dossier,
    ImportBatch,
    PortalFigure,
    Procedure,
    Status,
)
from ..ontime import Period, period
from ..report06 import rows_06, workbook_06
from ..sources import get_import_source_for_user, sources_visible_to
from ..tables import read_table
from ..unitscore import board, definitions_on, traffic_light


def _parse_day(request, name: str) -> date | None:
    """``from``/``to`` typed as dd/mm/yyyy (or ISO, as in links); an unreadable date is reported, then ignored."""
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


def _period_from_request(request) -> tuple[date, date, Period]:
    today = timezone.now().astimezone(VN_TZ).date()
    default_from, default_to = selectors.quarter_of(today)
    date_from = _parse_day(request, "from") or default_from
    date_to = _parse_day(request, "to") or default_to
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = datetime.fromisoformat(request.GET["as_of"])
            if as_of.tzinfo is None:
                as_of = as_of.replace(tzinfo=VN_TZ)
        except ValueError:
            as_of = None
    return date_from, date_to, period(date_from, date_to, as_of)


def _unit_from_request(request, param: str = "unit") -> OrgUnit:
    code = request.GET.get(param)
    if code:
        return get_unit_for_user(request.user, code)
    unit = selectors.default_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Bạn chưa được phân quyền xem đơn vị nào."))
    return unit


# --- overview ---------------------------------------------------------------------------------------------------


@login_required
def index(request):
    unit = selectors.default_unit(request.user)
    late = selectors.late_dossiers(request.user)
    now = timezone.now()
    context = {
        "unit": unit,
        "late_count": late.count(),
        "overdue_count": late.filter(due_at__lt=now).count(),
        "procedure_count": effective_catalogue(home_unit(request.user)).count(),
        "can_enter": not scope_for(request.user).data.empty,
        "batches": ImportBatch.objects.filter(actor=request.user)[:5],
    }
    return render(request, "onestop/index.html", context)


# --- catalogue --------------------------------------------------------------------------------------------------


def _catalogue_unit(request) -> OrgUnit | None:
    """The unit whose catalogue a page shows: ``?unit=`` (if visible), else the user's home unit."""
    code = request.GET.get("unit")
    return get_unit_for_user(request.user, code) if code else home_unit(request.user)


@login_required
def procedure_list(request):
    text = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    online = request.GET.get("online", "")
    unit = _catalogue_unit(request)
    qs = selectors.procedure_list(unit=unit, text=text, field=field, online_level=online)
    if request.GET.get("export") == "xlsx":
        headers = [
            "Mã TTHC",
            "Tên thủ tục",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Thời hạn",
            "Đơn vị",
            "Phí, lệ phí",
            "Mức trực tuyến",
            "QĐ công bố",
            "Ngày QĐ",
            "Ngày công khai",
            "Công khai trên trang đơn vị",
            "Dữ liệu mẫu",
        ]
        rows = [
            [
                p.code,
                p.name,
                p.field,
                p.level,
                p.processing_amount,
                p.get_processing_unit_display(),
                int(p.fee),
                p.get_online_level_display(),
                p.decision_ref,
                p.decision_date,
                p.published_on,
                "x" if p.public_on_unit_page else "",
                "x" if p.is_demo else "",
            ]
            for p in qs
        ]
        return xlsx_response(write_sheet("TTHC", headers, rows), "thu-tuc-hanh-chinh.xlsx")
    page, query = paginate(request, qs)
    context = {
        "page": page,
        "query": query,
        "text": text,
        "field": field,
        "online": online,
        "unit": unit,
        "fields": selectors.procedure_list(unit=unit)
        .exclude(field="")
        .order_by("field")
        .values_list("field", flat=True)
        .distinct(),
        "levels": Procedure.OnlineLevel.choices,
        "can_import": bool(catalogue_owners_for(request.user)) or scope_for(request.user).is_admin,
        "total": page.paginator.count,
    }
    template = (
        "onestop/_procedure_rows.html"
        if request.htmx and request.htmx.target == "procedure-results"
        else "onestop/procedure_list.html"
    )
    return render(request, template, context)


@login_required
def procedure_detail(request, code):
    procedure = get_procedure_for_user(request.user, code, unit=_catalogue_unit(request))
    context = {"procedure": procedure, "history": history_for_object("onestop_procedure", procedure.pk)}
    return render(request, "onestop/procedure_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_import(request):
    owners = catalogue_owners_for(request.user)
    national = scope_for(request.user).is_admin
    if not owners and not national:
        raise PermissionDenied(_("Chỉ cán bộ đầu mối hoặc quản trị được nhập danh mục thủ tục."))
    form = ProcedureUploadForm(request.POST or None, request.FILES or None, owners=owners, national=national)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        code = form.cleaned_data["owner"]
        owner = None if code == NATIONAL else get_unit_for_user(request.user, code, manage=True)
        try:
            with audit_context(request.user, "web:import_procedures"):
                result = do_import_procedures(
                    read_table(upload.read(), upload.name), owner=owner, actor=request.user, via="web"
                )
        except ImportRejected as exc:
            errors = exc
        except DomainError as exc:
            form.add_error("file", exc.message)
        except PermissionDenied as exc:
            form.add_error("owner", str(exc))
        else:
            messages.success(
                request,
                _("Đã nhập %(rows)s thủ tục: %(created)s mới, %(updated)s cập nhật.")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect("onestop:procedure_list")
    return render(request, "onestop/procedure_import.html", {"form": form, "rejected": errors})


# --- dossiers ---------------------------------------------------------------------------------------------------


def _dossier_filters(request):
    qs = selectors.dossiers_visible_to(request.user)
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("q", "unit", "status", "channel", "procedure", "set", "late")
    }
    unit = None
    if f["unit"]:
        unit = get_unit_for_user(request.user, f["unit"])
        qs = qs.filter(selectors.unit_filter_q(unit, subtree=request.GET.get("own") != "1"))
    if f["status"]:
        qs = qs.filter(status=f["status"])
    if f["channel"]:
        qs = qs.filter(channel=f["channel"])
    if f["procedure"]:
        qs = qs.filter(procedure__code=f["procedure"])
    if f["q"]:
        qs = selectors.dossier_search(qs, f["q"], user=request.user)
    set_label = None
    p = None
    if f["set"] in selectors.DRILL_SETS:
        _from, _to, p = _period_from_request(request)
        qs = selectors.in_set(qs, f["set"], p)
        set_label = selectors.DRILL_SETS[f["set"]][1]
    elif request.GET.get("from") or request.GET.get("to"):
        _d1, _d2, p = _period_from_request(request)
        qs = qs.filter(received_at__gte=p.start, received_at__lt=p.stop)
    if f["late"] == "1":
        qs = qs.filter(finished_at__isnull=True, due_at__lt=timezone.now())
    return qs.order_by("-received_at"), f, unit, set_label, p


@login_required
def dossier_list(request):
    qs, f, unit, set_label, p = _dossier_filters(request)
    if request.GET.get("export") == "xlsx":
        headers = [
            "Mã hồ sơ",
            "Đơn vị",
            "Mã TTHC",
            "Thủ tục",
            "Hình thức",
            "Tiếp nhận",
            "Hẹn trả",
            "Kết thúc",
            "Trạng thái",
            "Số lần bổ sung",
            "Người nộp",
        ]
        rows = [
            [
                d.code,
                d.unit.code,
                d.procedure.code,
                d.procedure.name,
                d.get_channel_display(),
                to_local(d.received_at).replace(tzinfo=None),
                to_local(d.due_at).replace(tzinfo=None),
                to_local(d.finished_at).replace(tzinfo=None) if d.finished_at else None,
                d.get_status_display(),
                d.supplement_requests,
                d.applicant.name,
            ]
            for d in selectors.with_applicants(request.user, qs[:100000])
        ]
        return xlsx_response(write_sheet("Hồ sơ", headers, rows), "ho-so.xlsx")
    page, query = paginate(request, qs)
    page.object_list = selectors.with_applicants(request.user, page.object_list)
    now = timezone.now()
    context = {
        "page": page,
        "query": query,
        "f": f,
        "unit": unit,
        "set_label": set_label,
        "period": p,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "now": now,
        "can_enter": not scope_for(request.user).data.empty,
        "total": page.paginator.count,
        "search_names": not personal_data_reach(request.user).empty,
    }
    return render(request, "onestop/dossier_list.html", context)


@login_required
def dossier_detail(request, code):
    dossier = selectors.get_dossier_for_user(request.user, code)
    selectors.with_applicants(request.user, [dossier])
    letter = ApologyLetter.objects.filter(dossier=dossier).first()
    now = timezone.now()
    context = {
        "dossier": dossier,
        "letter": letter,
        "on_time_now": selectors.on_time_at(dossier, min(now, dossier.finished_at or now)),
        "can_write": can_enter_data(request.user, dossier.unit),
        # the dossier's own changes (imports, edits) and its apology letter's, newest first
        "history": (
            history_for_object("onestop_dossier", dossier.pk)
            | (
                history_for_object("onestop_apologyletter", letter.pk)
                if letter
                else AuditEvent.objects.none()
            )
        ).order_by("-at"),
        "batch": dossier.batch,
    }
    return render(request, "onestop/dossier_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_desk(request):
    units = units_with_data_access(request.user).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("Bạn không có quyền tiếp nhận hồ sơ."))
    now = timezone.now().astimezone(VN_TZ).replace(second=0, microsecond=0, tzinfo=None)
    form = DeskForm(
        request.POST or None,
        units=units,
        procedures=catalogue_for_user(request.user),
        initial={"received_at": now, "unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = data["received_at"]
        received = received.astimezone(VN_TZ) if received.tzinfo else received.replace(tzinfo=VN_TZ)
        dossier = None
        if data["code"] and Dossier.objects.filter(code=data["code"]).exists():
            form.add_error("code", _("Mã hồ sơ đã có."))
        else:
            try:
                dossier = dossier_create_at_desk(
                    unit=data["unit"],
                    procedure=data["procedure"],
                    received_at=received,
                    channel=data["channel"],
                    code=data["code"],
                    applicant_name=data["applicant_name"],
                    applicant_address=data["applicant_address"],
                    applicant_phone=data["applicant_phone"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error("procedure", exc.message)
        if dossier is not None:
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s; hẹn trả lúc %(due)s.")
                % {"code": dossier.code, "due": f"{to_local(dossier.due_at):%H:%M %d/%m/%Y}"},
            )
            return redirect("onestop:dossier_detail", code=dossier.code)
    return render(request, "onestop/dossier_desk.html", {"form": form})


def _mapping_matches(headers: list[str], mapping: dict[str, str]) -> bool:
    from cchc.core.text import fold

    folded = {fold(h) for h in headers}
    return all(fold(mapping.get(c) or c) in folded for c in DOSSIER_REQUIRED)


def _guess_mapping(headers: list[str], saved: dict[str, str]) -> dict[str, str]:
    from cchc.core.text import fold

    by_fold = {fold(h): h for h in headers if h}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for col in MAPPED_COLUMNS:
        # the saved mapping first, then the canonical name, then the Vietnamese headings exports use
        for wanted in (saved.get(col), col, *COLUMN_WORDS.get(col, ())):
            header = by_fold.get(fold(wanted))
            if wanted and header and header not in taken:
                out[col] = header
                taken.add(header)
                break
    return out


def _run_dossier_import(request, data: bytes, name: str, mapping: dict[str, str] | None, source):
    """The import held to the user's data scope (rows' units and the existing dossiers they would touch)."""
    with audit_context(request.user, "web:import_dossiers"):
        return import_dossiers(
            read_table(data, name), actor=request.user, via="web", mapping=mapping, source=source
        )


def _save_mapping(request, mapping: dict[str, str], source_id: str, name: str):
    """Save the chosen mapping into the chosen source, or as a new source of the user's unit; when the user may not
    (only those who manage the owner may), the mapping serves this upload only and they are told so."""
    if not source_id and not name:
        return None
    source = get_import_source_for_user(request.user, int(source_id)) if source_id.isdigit() else None
    try:
        with audit_context(request.user, "web"):
            return services.import_source_save(actor=request.user, mapping=mapping, source=source, name=name)
    except PermissionDenied as exc:
        messages.warning(request, _("Ánh xạ cột chỉ dùng cho lần nhập này: %(why)s") % {"why": exc})
        return source


@login_required
@require_http_methods(["GET", "POST"])
def dossier_import(request):
    """Upload → (column mapping when the file does not use the canonical columns) → import; the mapping is saved
    under the source's name for next time."""
    if scope_for(request.user).data.empty:
        raise PermissionDenied(_("Bạn không có quyền nhập hồ sơ."))
    rejected = None
    result = None
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        try:
            data = staging.load(token, request.user, kind="dossiers")
        except staging.StagedUploadError as exc:
            messages.error(request, str(exc))
            return redirect("onestop:dossier_import")
        name = request.POST.get("file_name", "upload.csv")
        try:
            table = read_table(data, name)
        except DomainError as exc:  # e.g. a file name changed in the form
            staging.discard(token)
            messages.error(request, exc.message)
            return redirect("onestop:dossier_import")
        Form = mapping_form(table.headers, {})
        form = Form(request.POST)
        if form.is_valid():
            mapping = {c: form.cleaned_data[c] for c in MAPPED_COLUMNS if form.cleaned_data.get(c)}
            source = _save_mapping(
                request,
                mapping,
                form.cleaned_data.get("source_id") or "",
                form.cleaned_data.get("source_name") or "",
            )
            try:
                result = _run_dossier_import(request, data, name, mapping, source)
            except ImportRejected as exc:
                rejected = exc
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                staging.discard(token)
                return _import_done(request, result)
        return render(
            request,
            "onestop/dossier_mapping.html",
            {"form": form, "headers": table.headers, "file_name": name, "rejected": rejected},
        )
    sources = sources_visible_to(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        source = form.cleaned_data["source"]
        source_name = form.cleaned_data["new_source"].strip()
        saved = source.mapping if source else {}
        try:
            table = read_table(data, upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if _mapping_matches(table.headers, saved) and not form.cleaned_data["new_source"].strip():
                try:
                    result = _run_dossier_import(request, data, upload.name, saved or None, source)
                except ImportRejected as exc:
                    rejected = exc
                except DomainError as exc:
                    form.add_error("file", exc.message)
                else:
                    return _import_done(request, result)
            else:
                token = staging.stage(data, request.user, kind="dossiers")
                Form = mapping_form(table.headers, _guess_mapping(table.headers, saved))
                mform = Form(
                    initial={
                        "token": token,
                        "source_name": source_name,
                        "source_id": "" if source_name or source is None else source.pk,
                    }
                )
                return render(
                    request,
                    "onestop/dossier_mapping.html",
                    {"form": mform, "headers": table.headers, "file_name": upload.name, "rejected": None},
                )
    return render(
        request,
        "onestop/dossier_import.html",
        {
            "form": form,
            "rejected": rejected,
            "sources": sources,
            "columns": DOSSIER_COLUMNS,
        },
    )


def _import_done(request, result):
    messages.success(
        request,
        _("Đã nhập %(rows)s hồ sơ: %(created)s mới, %(updated)s cập nhật.")
        % {"rows": result.rows, "created": result.created, "updated": result.updated},
    )
    units = list(OrgUnit.objects.filter(pk__in=result.units).order_by("path")[:2])
    url = reverse("onestop:indicators")
    if len(units) == 1:
        url += f"?unit={units[0].code}"
    return redirect(url)


# --- late dossiers and apology letters -------------------------------------------------------------------------


@login_required
def late_list(request):
    unit = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    qs = selectors.late_dossiers(request.user, unit=unit)
    q = request.GET.get("q", "").strip()
    if q:
        qs = selectors.dossier_search(qs, q, user=request.user)
    no_letter = request.GET.get("no_letter") == "1"
    if no_letter:
        qs = qs.filter(apology__isnull=True)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                d.code,
                d.unit.code,
                d.procedure.name,
                to_local(d.received_at).replace(tzinfo=None),
                to_local(d.due_at).replace(tzinfo=None),
                "x" if hasattr(d, "apology") else "",
            ]
            for d in qs
        ]
        return xlsx_response(
            write_sheet(
                "Hồ sơ trễ hạn", ["Mã hồ sơ", "Đơn vị", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Đã xin lỗi"], rows
            ),
            "ho-so-tre-han.xlsx",
        )
    page, query = paginate(request, qs)
    page.object_list = selectors.with_applicants(request.user, page.object_list)
    context = {
        "page": page,
        "query": query,
        "unit": unit,
        "q": q,
        "search_names": not personal_data_reach(request.user).empty,
        "no_letter": no_letter,
        "now": timezone.now(),
        "total": page.paginator.count,
    }
    return render(request, "onestop/late_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apology_create(request, code):
    dossier = selectors.get_dossier_for_user(request.user, code, write=True)
    selectors.with_applicants(request.user, [dossier])
    if ApologyLetter.objects.filter(dossier=dossier).exists():
        messages.error(request, _("Hồ sơ này đã có phiếu xin lỗi; chỉ được hẹn lại một lần."))
        return redirect("onestop:dossier_detail", code=dossier.code)
    cal = calendar_for(dossier.unit)
    suggested = cal.closing_time(
        cal.add_working_days(to_local(max(dossier.due_at, timezone.now())).date(), 3)
    )
    form = ApologyForm(
        request.POST or None,
        initial={"new_due_at": suggested.replace(tzinfo=None), "signer_title": "Trưởng Công an"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_due = data["new_due_at"]
        new_due = new_due.astimezone(VN_TZ) if new_due.tzinfo else new_due.replace(tzinfo=VN_TZ)
        try:
            with audit_context(request.user, "web"):
                services.apology_issue(
                    dossier=dossier,
                    reason=data["reason"],
                    new_due_at=new_due,
                    actor=request.user,
                    place=data["place"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.error_dict.items():
                    for e in errs:
                        form.add_error(field, e)
            else:
                for m in exc.messages:
                    form.add_error(None, m)
        else:
            messages.success(request, _("Đã lập phiếu xin lỗi và hẹn lại ngày trả kết quả."))
            return redirect("onestop:dossier_detail", code=dossier.code)
    return render(request, "onestop/apology_form.html", {"form": form, "dossier": dossier})


@login_required
def apology_download(request, code):
    dossier = selectors.get_dossier_for_user(request.user, code)
    letter = ApologyLetter.objects.filter(dossier=dossier).select_related("dossier__unit__parent").first()
    if letter is None:
        raise Http404(_("Hồ sơ chưa có phiếu xin lỗi."))
    (shown,) = selectors.with_applicants(request.user, [letter.dossier])
    return file_response(
        apology_docx(letter, shown.applicant), f"phieu-xin-loi-{dossier.code}.docx", DOCX_CONTENT_TYPE
    )


# --- indicators, 766, Biểu 06 -----------------------------------------------------------------------------------


LIGHT_LABELS = {
    "green": gettext_lazy("Đạt chỉ tiêu"),
    "amber": gettext_lazy("Gần đạt (thiếu dưới 10 điểm %)"),
    "red": gettext_lazy("Chưa đạt"),
    "grey": gettext_lazy("Chưa có số liệu"),
}
RANK_GROUP_LABELS = {"COMMUNE": gettext_lazy("cấp xã"), "AGENCY": gettext_lazy("cơ quan, đơn vị")}


def _indicator_title(defs, code: str) -> str:
    """The indicator's (or directly given group's) Vietnamese title (the code itself when unknown)."""
    for lookup in (defs.indicator, defs.group):
        try:
            return lookup(code).title
        except LookupError:
            continue
    return code


@login_required
def indicators(request):
    unit = _unit_from_request(request)
    date_from, date_to, p = _period_from_request(request)
    cal = calendar_for(unit)
    b = board(unit, p, date_from, date_to, cal)
    own = b.own_counts.indicators(b.defs)
    ratios = {i.code: i.as_json()["ratio"] for i in own.indicators}
    targets = []
    for t in selectors.targets_for(unit, date_to.year):
        actual = ratios.get(t.code)
        light = traffic_light(actual, t.min_ratio)
        targets.append(
            {
                "target": t,
                "title": _indicator_title(b.defs, t.code),
                "actual": actual,
                "light": light,
                "light_label": LIGHT_LABELS[light],
            }
        )
    indicator_rows = []
    for i in own.indicators:
        data = i.as_json()
        num_set, den_set = selectors.INDICATOR_SETS.get(i.code, (None, None))
        indicator_rows.append(
            {**data, "title": b.defs.indicator(i.code).title, "num_set": num_set, "den_set": den_set}
        )
    groups = [
        {"code": g.code, "title": g.title, "max": g.max, "score": b.own.group_cents[g.code] / 100}
        for g in b.defs.groups
    ]
    children = []
    for child, counts, result in b.children:
        ind = counts.indicators(b.defs).indicators[0].as_json()
        children.append(
            {
                "unit": child,
                "counts": counts,
                "result": result,
                "ratio": ind["ratio"],
                "total": result.total_cents / 100,
                "group_label": RANK_GROUP_LABELS.get(result.group, result.group),
                "mark": b.marks.get(child.code),
            }
        )
    base_q = f"unit={unit.code}&from={date_from.isoformat()}&to={date_to.isoformat()}"
    if request.GET.get("as_of"):
        base_q += f"&as_of={request.GET['as_of']}"
    context = {
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "period": p,
        "board": b,
        "own": own,
        "indicator_rows": indicator_rows,
        "groups": groups,
        "total": b.own.total_cents / 100,
        "children": children,
        "own_766": [
            {
                "code": r.code,
                "title": b.defs.indicator(r.code).title,
                "max": r.max,
                "score": r.score,
                "ratio": None if r.ratio is None else round(r.ratio, 2),
                "source": r.source,
                "unapproved": r.code in b.own_mark.unapproved,
            }
            for r in b.own.indicators
            if r.score_cents is not None
        ],
        "own_mark": b.own_mark,
        "own_mark_titles": {
            "missing": [_indicator_title(b.defs, c) for c in b.own_mark.missing],
            "unapproved": [_indicator_title(b.defs, c) for c in b.own_mark.unapproved],
        },
        "ranking_flagged": any(c["mark"] and c["mark"].flagged for c in children),
        # Monthly trend of the on-time ratio over the subtree (12 months up to the end of the period).
        "trend": selectors.on_time_trend(unit, date_to, b.defs, months=12),
        "targets": targets,
        "base_q": base_q,
        "sets": selectors.INDICATOR_SETS,
        "children_units": OrgUnit.objects.filter(parent=unit).order_by("path"),
        "ancestors": OrgUnit.objects.filter(pk__in=unit.ancestor_ids)
        .filter(scope_for(request.user).view.q())
        .order_by("depth"),
        "can_enter": can_enter_data(request.user, unit),
        "can_decide": not scope_for(request.user).manage.empty,
    }
    return render(request, "onestop/indicators.html", context)


@login_required
def report06(request):
    unit = _unit_from_request(request)
    date_from, date_to, p = _period_from_request(request)
    ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    rows = rows_06(p, ids)
    return xlsx_response(
        workbook_06(unit.name, date_from, date_to, rows), f"bieu-06-{unit.code}-{date_from}-{date_to}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def portal_figures(request):
    """A unit's figures typed from the portal for a period: entered as proposals, counted once approved."""
    unit = _unit_from_request(request)
    if not can_enter_data(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    date_from, date_to, _p = _period_from_request(request)
    enterable = enterable_figures(definitions_on(date_to))
    codes = [
        (code, f"{code} — {title} (tối đa {max_points:g})") for code, (title, max_points) in enterable.items()
    ]
    form = PortalFigureForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with audit_context(request.user, "web"):
                services.portal_figure_propose(
                    unit=unit,
                    period_from=date_from,
                    period_to=date_to,
                    code=data["code"],
                    actor=request.user,
                    numerator=data["numerator"],
                    denominator=data["denominator"],
                    ratio=data["ratio"],
                    score=data["score"],
                    note=data["note"],
                )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Đã gửi số liệu; số liệu chỉ được tính điểm sau khi cán bộ đầu mối duyệt.")
            )
            return redirect(
                f"{reverse('onestop:portal_figures')}?unit={unit.code}&from={date_from}&to={date_to}"
            )
    figures = (
        unit.portal_figures.filter(period_from=date_from, period_to=date_to)
        .select_related("entered_by", "decided_by")
        .order_by("code")
    )
    context = {"form": form, "unit": unit, "date_from": date_from, "date_to": date_to, "figures": figures}
    return render(request, "onestop/portal_figures.html", context)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            for e in errs:
                form.add_error(field if field in form.fields else None, e)
    else:
        for m in exc.messages:
            form.add_error(None, m)


FIGURE_STATES = dict(PortalFigure.State.choices)


@login_required
def portal_figure_queue(request):
    """A coordinator's queue of figures units proposed, in the units they manage, to approve or reject."""
    if scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Chỉ cán bộ đầu mối được duyệt số liệu từ Cổng DVCQG."))
    state = request.GET.get("state", PortalFigure.State.PROPOSED)
    if state not in FIGURE_STATES:
        state = PortalFigure.State.PROPOSED
    qs = selectors.figures_to_decide(request.user, state=state)
    if request.GET.get("export") == "xlsx":
        headers = ["Đơn vị", "Từ ngày", "Đến ngày", "Mã chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm",
                   "Ghi chú", "Trạng thái", "Người nhập", "Nhập lúc", "Người duyệt", "Duyệt lúc", "Lý do từ chối"]  # fmt: skip
        rows = [
            [
                f.unit.code,
                f.period_from,
                f.period_to,
                f.code,
                f.numerator,
                f.denominator,
                f.ratio,
                f.score,
                f.note,
                f.get_state_display(),
                f.entered_by.display_name if f.entered_by else "",
                to_local(f.entered_at).replace(tzinfo=None) if f.entered_at else None,
                f.decided_by.display_name if f.decided_by else "",
                to_local(f.decided_at).replace(tzinfo=None) if f.decided_at else None,
                f.rejection_reason,
            ]
            for f in qs
        ]
        return xlsx_response(write_sheet("Số liệu Cổng DVCQG", headers, rows), "so-lieu-cong-dvcqg.xlsx")
    page, query = paginate(request, qs)
    for f in page.object_list:
        f.can_decide = _may_decide(request.user, f)
    context = {
        "page": page,
        "query": query,
        "state": state,
        "states": PortalFigure.State.choices,
        "total": page.paginator.count,
    }
    return render(request, "onestop/portal_figure_queue.html", context)


def _may_decide(user, figure) -> bool:
    try:
        services.check_may_decide_figure(user, figure)
    except PermissionDenied:
        return False
    return True


@login_required
@require_http_methods(["POST"])
def portal_figure_decide(request, pk: int):
    figure = selectors.get_portal_figure_for_user(request.user, pk, decide=True)
    action = request.POST.get("action")
    try:
        with audit_context(request.user, "web"):
            if action == "approve":
                services.portal_figure_approve(figure=figure, actor=request.user)
                messages.success(
                    request, _("Đã duyệt số liệu %(code)s của %(unit)s.") % _figure_names(figure)
                )
            elif action == "reject":
                services.portal_figure_reject(
                    figure=figure, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, _("Đã từ chối số liệu %(code)s của %(unit)s.") % _figure_names(figure)
                )
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("onestop:portal_figure_queue")


def _figure_names(figure) -> dict[str, str]:
    return {"code": figure.code, "unit": figure.unit.name}
