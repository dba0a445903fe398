"""Officer pages of the PAKN module (``/pakn/so-tiep-nhan/`` …): the register, entry, a record and its actions,
the answer letter, indicators with drill-down, the import, clock rules and penalty proposals."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.audit.selectors import history_for_object
from cchc.core import staging
from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.onestop.importing import ImportRejected
from cchc.onestop.ontime import period
from cchc.onestop.tables import read_table
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import (
    filter_by_unit_scope,
    get_unit_for_user,
    has_conflict_of_interest,
    may_approve_for_unit,
    members_with,
    scope_for,
    units_with_data_access,
    visible_units,
)
from cchc.workdays.calendar import to_local
from cchc.workdays.services import calendar_for

from . import importing, selectors, services
from .forms import (
    AnswerForm,
    ClassifyForm,
    ClockRuleForm,
    EntryForm,
    ForwardForm,
    ReasonForm,
    ReviewForm,
    TextForm,
    UploadForm,
)
from .indicators import WHICH, record_ids
from .letters import answer_docx
from .models import (
    REVIEW_CRITERIA,
    AnswerStatus,
    Attachment,
    Category,
    Channel,
    ClockRule,
    PenaltyProposal,
    Record,
    RefusalKind,
)

logger = logging.getLogger(__name__)


def _date(text: str | None) -> date | None:
    """dd/mm/yyyy as typed (or ISO, as in older links); an unreadable date is ignored."""
    from cchc.core.dates import parse_day

    try:
        return parse_day(text) if text else None
    except ValueError:
        return None


def _filters(request: AuthedRequest) -> selectors.Filters:
    g = request.GET
    unit = get_unit_for_user(request.user, g["unit"]) if g.get("unit") else None
    f = selectors.Filters(
        q=g.get("q", "").strip(),
        unit=unit,
        state=g.get("state", "") if g.get("state", "") in selectors.STATES else "",
        channel=g.get("channel", "") if g.get("channel", "") in Channel.values else "",
        category=g.get("category", "") if g.get("category", "") in Category.values else "",
        date_from=_date(g.get("from")),
        date_to=_date(g.get("to")),
    )
    due = g.get("due", "")
    if due in ("overdue", "soon"):
        from django.conf import settings

        f.ids = selectors.due_lists(request.user, settings.PAKN_DUE_SOON_DAYS)[due]
    which = g.get("which", "")
    if which in WHICH and unit is not None and f.date_from and f.date_to:
        ids = selectors.subtree_ids(unit) if g.get("subtree") else [unit.pk]
        f.ids = record_ids(period(f.date_from, f.date_to), calendar_for(None), ids, which)
        f.unit = None
        f.date_from = f.date_to = None
    return f


def _export(user: User, records: Any) -> HttpResponse:
    rows = []
    for r in selectors.with_senders(user, records[:20000]):
        s = r.sender  # type: ignore[attr-defined]
        rows.append(
            [
                r.register_label,
                r.code,
                r.unit.name,
                to_local(r.received_at).replace(tzinfo=None),
                r.get_channel_display(),
                r.get_kind_display(),
                r.get_category_display(),
                r.title,
                s.name,
                s.phone,
                s.address,
                str(selectors.STATES[selectors.state_name(r)]),
                to_local(r.handled_at).replace(tzinfo=None) if r.handled_at else None,
                to_local(r.published_at).replace(tzinfo=None) if r.published_at else None,
            ]
        )
    headers = [
        _("Số vào sổ"),
        _("Mã PAKN"),
        _("Đơn vị xử lý"),
        _("Tiếp nhận lúc"),
        _("Hình thức"),
        _("Loại"),
        _("Phân loại"),
        _("Tiêu đề"),
        _("Người gửi"),
        _("Điện thoại"),
        _("Địa chỉ"),
        _("Trạng thái"),
        _("Có kết quả lúc"),
        _("Công khai lúc"),
    ]
    data = write_sheet(
        _("Sổ tiếp nhận PAKN"), headers, rows, widths=[10, 18, 30, 16, 14, 10, 18, 50, 22, 14, 30, 16, 16, 16]
    )
    return xlsx_response(data, "so-tiep-nhan-pakn.xlsx")


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The register (sổ tiếp nhận) of the units the user sees."""
    if scope_for(request.user).view.empty:
        raise PermissionDenied(_("Bạn không có quyền xem sổ tiếp nhận phản ánh, kiến nghị."))
    f = _filters(request)
    records = selectors.record_list(request.user, f)
    if request.GET.get("export") == "xlsx":
        return _export(request.user, records)
    page, query = paginate(request, records)
    page.object_list = selectors.with_clocks(selectors.with_senders(request.user, page.object_list))
    return render(
        request,
        "pakn/index.html",
        {
            "page": page,
            "query": query,
            "f": f,
            "states": list(selectors.STATES.items()),
            "channels": Channel.choices,
            "categories": Category.choices,
            "can_enter": not scope_for(request.user).data.empty,
            "drill": bool(f.ids is not None),
            "total": page.paginator.count,
        },
    )


@login_required
def entry(request: AuthedRequest) -> HttpResponse:
    """An officer enters a PAKN received by letter, phone, e-mail, dialogue or the suggestion box."""
    units = units_with_data_access(request.user)
    if not units.exists():
        raise PermissionDenied(_("Bạn không có quyền tiếp nhận phản ánh, kiến nghị."))
    initial = {"received_at": to_local(timezone.now()).replace(second=0, microsecond=0, tzinfo=None)}
    form = EntryForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        received = d["received_at"]
        if timezone.is_naive(received):
            received = timezone.make_aware(received)
        try:
            record = services.record_create(
                unit=d["unit"],
                actor=request.user,
                channel=d["channel"],
                intake_note=d["intake_note"],
                sender_type=d["sender_type"],
                kind=d["kind"],
                category=d["category"],
                content_type=d["content_type"],
                title=d["title"],
                content=d["content"],
                sender_name=d["sender_name"],
                sender_address=d["sender_address"],
                sender_phone=d["sender_phone"],
                sender_email=d["sender_email"],
                procedure_code=d["procedure_code"],
                dossier_code=d["dossier_code"],
                received_at=received,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Đã vào sổ số %(n)s, mã %(code)s.") % {"n": record.register_label, "code": record.code},
            )
            return redirect("pakn:detail", pk=record.pk)
    return render(request, "pakn/entry.html", {"form": form})


def _caps(user: User, record: Record) -> dict[str, bool]:
    scope = scope_for(user)
    data = scope.data.contains(record.unit)
    open_ = record.refused_at is None
    not_handled = open_ and record.handled_at is None
    approver = may_approve_for_unit(user, record.unit) and not has_conflict_of_interest(
        user, record.unit, author_id=record.answer_author_id, outgoing=True
    )
    return {
        "data": data,
        "classify": data and not_handled,
        "route": data and not_handled,
        "assign": data and not_handled,
        "supplement": data and not_handled and record.supplement_requested_at is None,
        "supplemented": data
        and not_handled
        and record.supplement_requested_at is not None
        and record.supplemented_at is None,
        "review": data and record.category == Category.REGULATION,
        "answer": data and not_handled and record.answer_status != AnswerStatus.APPROVED,
        "approve": approver and open_ and record.answer_status == AnswerStatus.SUBMITTED,
        "publish": data and record.handled_at is not None and record.published_at is None,
        "founded": may_approve_for_unit(user, record.unit) and record.category == Category.CONDUCT,
    }


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.get_record_for_user(request.user, pk)
    caps = _caps(request.user, record)
    assignees = (
        User.objects.filter(
            pk__in=members_with(*_handling_roles(), units=[record.unit]).values("user_id")
        ).order_by("username")
        if caps["assign"]
        else User.objects.none()
    )
    sender = selectors.sender_shown(request.user, record)
    review_initial = {"outcome": record.review_outcome} | {f"c_{k}": v for k, v in record.review.items()}
    return render(
        request,
        "pakn/detail.html",
        {
            "r": record,
            "sender": sender,
            "clock": selectors.clock_of(record),
            "state": selectors.STATES[selectors.state_name(record)],
            "limits": services.limits_for(record.unit),
            "chain": selectors.chain_of(record),
            "transfers": record.transfers_out.select_related("to_unit", "actor"),
            "similar": selectors.similar_records(record) if caps["data"] else [],
            "attachments": record.attachments.all(),
            "caps": caps,
            "classify_form": ClassifyForm(
                initial={
                    "kind": record.kind,
                    "category": record.category,
                    "content_type": record.content_type,
                    "procedure_code": record.procedure_code,
                    "dossier_code": record.dossier_code,
                }
            ),
            "reason_form": ReasonForm(),
            "forward_form": ForwardForm(),
            "text_form": TextForm(),
            "answer_form": AnswerForm(initial={"text": record.answer, "signer": record.answer_signer}),
            "review_form": ReviewForm(initial=review_initial),
            "criteria": REVIEW_CRITERIA,
            "assignees": assignees,
            "follow_ups": Record.objects.filter(follow_up_of=record.code).only("pk", "code", "unit_id"),
            # the audit copies hold the sender's data: shown only to those who may read it (NĐ 13/2023)
            "history": history_for_object("pakn_record", record.pk)[:50] if not sender.masked else [],
            "penalty": PenaltyProposal.objects.filter(record=record).first(),
        },
    )


def _handling_roles() -> tuple[Any, ...]:
    from cchc.orgs.models import Role

    return (Role.STAFF, Role.HEAD)


ACTIONS = {
    "classify",
    "accept",
    "refuse",
    "forward",
    "assign",
    "supplement",
    "supplemented",
    "review",
    "answer",
    "approve",
    "return",
    "publish",
    "founded",
}


@login_required
@require_POST
def action(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise Http404
    approving = name in ("approve", "return", "founded")
    record = selectors.get_record_for_user(request.user, pk, write=not approving)
    try:
        message = _run_action(request, record, name)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if message:
            messages.success(request, message)
    return redirect("pakn:detail", pk=record.pk)


def _form_error(form: Any) -> DomainError:
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return DomainError("invalid_form", _("Xin kiểm tra lại: %(errors)s"), errors="; ".join(errors))


def _run_action(request: AuthedRequest, record: Record, name: str) -> str:
    user, post = request.user, request.POST
    if name == "classify":
        form = ClassifyForm(post)
        if not form.is_valid():
            raise _form_error(form)
        services.record_classify(record=record, actor=user, **form.cleaned_data)
        return _("Đã phân loại.")
    if name == "accept":
        services.record_accept(record=record, actor=user)
        return _("Đã nhận xử lý (thuộc thẩm quyền).")
    if name == "refuse":
        rform = ReasonForm(post)
        if not rform.is_valid():
            raise _form_error(rform)
        services.record_refuse(
            record=record,
            actor=user,
            reason=rform.cleaned_data["reason"],
            out_of_scope=rform.cleaned_data["out_of_scope"],
        )
        return _("Đã từ chối tiếp nhận.")
    if name == "forward":
        fform = ForwardForm(post)
        if not fform.is_valid():
            raise _form_error(fform)
        d = fform.cleaned_data
        to_unit = None
        if d["to_unit"]:
            to_unit = OrgUnit.objects.filter(code=d["to_unit"].strip()).first()
            if to_unit is None:
                raise DomainError("unknown_unit", _("Không có đơn vị mã %(unit)s."), unit=d["to_unit"])
        transfer = services.record_forward(
            record=record,
            actor=user,
            reason=d["reason"],
            to_unit=to_unit,
            to_body=d["to_body"],
            kind=RefusalKind.RETURNED if d["returned"] else RefusalKind.FORWARDED,
        )
        return _("Đã chuyển đến %(body)s.") % {"body": transfer.to_body}
    if name == "assign":
        assignee = User.objects.filter(pk=int(post.get("assignee") or 0)).first()
        if assignee is None:
            raise DomainError("unknown_user", _("Xin chọn cán bộ xử lý."))
        services.record_assign(record=record, actor=user, assignee=assignee)
        return _("Đã giao cán bộ xử lý.")
    if name in ("supplement", "supplemented"):
        tform = TextForm(post)
        text = tform.cleaned_data["text"] if tform.is_valid() else ""
        if name == "supplement":
            services.supplement_request(record=record, actor=user, text=text)
            return _("Đã gửi yêu cầu bổ sung; thời hạn xử lý tạm dừng.")
        services.supplement_received(record=record, actor=user, text=text)
        return _("Đã ghi nhận thông tin bổ sung; thời hạn xử lý tính lại.")
    if name == "review":
        vform = ReviewForm(post)
        if not vform.is_valid():
            raise _form_error(vform)
        criteria = {k: vform.cleaned_data.get(f"c_{k}", "") for k, _label in REVIEW_CRITERIA}
        services.review_save(
            record=record, actor=user, criteria=criteria, outcome=vform.cleaned_data["outcome"]
        )
        return _("Đã lưu kết quả rà soát.")
    if name == "answer":
        aform = AnswerForm(post)
        if not aform.is_valid():
            raise _form_error(aform)
        d = aform.cleaned_data
        services.answer_save(
            record=record, actor=user, text=d["text"], signer=d["signer"], submit=d["submit"]
        )
        return _("Đã trình thủ trưởng duyệt.") if d["submit"] else _("Đã lưu dự thảo.")
    if name == "approve":
        services.answer_approve(record=record, actor=user)
        return _("Đã duyệt và cấp số văn bản trả lời.")
    if name == "return":
        services.answer_return(record=record, actor=user)
        return _("Đã trả lại dự thảo.")
    if name == "publish":
        services.record_publish(record=record, actor=user)
        return _("Đã công khai kết quả.")
    founded = post.get("founded") == "1"
    services.conduct_confirm(record=record, actor=user, founded=founded, note=post.get("note", ""))
    return _("Đã kết luận; đề xuất trừ điểm Chỉ số CCHC gửi hội đồng.") if founded else _("Đã kết luận.")


@login_required
def answer_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.get_record_for_user(request.user, pk)
    if not record.answer:
        raise Http404
    data = answer_docx(record, selectors.sender_shown(request.user, record))
    return file_response(data, f"tra-loi-{record.code}.docx", DOCX_CONTENT_TYPE)


@login_required
def attachment(request: AuthedRequest, pk: int) -> FileResponse:
    att = Attachment.objects.filter(pk=pk).first()
    return evidence_download(
        request, att, may_see=lambda user, a: selectors.get_record_for_user(user, a.record_id)
    )


@login_required
def indicators(request: AuthedRequest) -> HttpResponse:
    """The contract's counts and indicators per unit and period, each count opening its records."""
    from .figures import report

    units = visible_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("Bạn không có quyền xem chỉ số."))
    today = timezone.localdate()
    date_from = _date(request.GET.get("from")) or date(today.year, 1, 1)
    date_to = _date(request.GET.get("to")) or today
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    unit = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    if unit is None:
        unit = units.order_by("depth", "path").first()
    assert unit is not None
    doc = report(period(date_from, date_to), date_from, date_to, unit)
    counts = ["received", "refused", "handled", "published", "waiting", "in_progress", "on_time", "overdue"]
    base = reverse("pakn:index")
    span = f"from={date_from.isoformat()}&to={date_to.isoformat()}"
    rows = []
    for i, u in enumerate(doc["units"]):
        sub = "&subtree=1" if i == 0 else ""
        rows.append(
            {
                "u": u,
                "first": i == 0,
                "cells": [(u[k], f"{base}?unit={u['code']}{sub}&which={k}&{span}") for k in counts],
                "scored": u["indicators"][:2],
                "unsatisfied": f"{base}?unit={u['code']}{sub}&which=unsatisfied&{span}",
            }
        )
    return render(
        request,
        "pakn/indicators.html",
        {"doc": doc, "rows": rows, "unit": unit, "date_from": date_from, "date_to": date_to, "span": span},
    )


@login_required
def import_records(request: AuthedRequest) -> HttpResponse:
    """Upload → column mapping (when the headings are not the contract's) → all-or-nothing import."""
    from cchc.audit.context import audit_context
    from cchc.core.text import fold

    reach = scope_for(request.user).data
    if reach.empty:
        raise PermissionDenied(_("Bạn không có quyền nhập phản ánh, kiến nghị."))
    rejected = None
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        try:
            data = staging.load(token, request.user, kind="pakn")
        except staging.StagedUploadError as exc:
            messages.error(request, exc.message)
            return redirect("pakn:import")
        name = request.POST.get("file_name", "upload.csv")
        mapping = {
            c: request.POST.get(f"map_{c}", "") for c in importing.COLUMNS if request.POST.get(f"map_{c}")
        }
        try:
            with audit_context(request.user, "web:import_pakn"):
                result = importing.import_records(
                    read_table(data, name), reach=reach, mapping=mapping, actor=request.user
                )
        except ImportRejected as exc:
            rejected = exc
            headers = read_table(data, name).headers
            return render(
                request,
                "pakn/import_mapping.html",
                {
                    "token": token,
                    "file_name": name,
                    "headers": headers,
                    "rows": _mapping_rows(headers, mapping),
                    "rejected": rejected,
                },
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("pakn:import")
        staging.discard(token)
        messages.success(
            request,
            _("Đã nhập %(rows)s PAKN: %(created)s mới, %(updated)s cập nhật.") % result.as_json(),
        )
        return redirect("pakn:index")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            table = read_table(data, upload.name)
            row_count = sum(1 for _row in table.rows)  # every row read now: the caps refuse a bomb here
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            token = staging.stage(data, request.user, kind="pakn")
            folded = {fold(h): h for h in table.headers if h}
            guess = {}
            for col in importing.COLUMNS:
                for wanted in (col, *importing.COLUMN_WORDS.get(col, ())):
                    if fold(wanted) in folded:
                        guess[col] = folded[fold(wanted)]
                        break
            return render(
                request,
                "pakn/import_mapping.html",
                {
                    "token": token,
                    "file_name": upload.name,
                    "headers": table.headers,
                    "rows": _mapping_rows(table.headers, guess),
                    "rejected": None,
                    "row_count": row_count,
                },
            )
    return render(request, "pakn/import.html", {"form": form, "columns": importing.COLUMNS})


def _mapping_rows(headers: list[str], chosen: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"column": c, "required": c in importing.REQUIRED, "chosen": chosen.get(c, "")}
        for c in importing.COLUMNS
    ]


@login_required
def clock_rules(request: AuthedRequest) -> HttpResponse:
    """Step limits held by the bodies the user manages (data per body; the portal's 2/5/15/2 by default)."""
    scope = scope_for(request.user)
    if scope.view.empty:
        raise PermissionDenied(_("Bạn không có quyền xem trang này."))
    form = ClockRuleForm(request.POST or None)
    if request.method == "POST":
        unit = get_unit_for_user(request.user, request.POST.get("unit", ""), manage=True)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.clock_rule_save(
                    unit=unit,
                    actor=request.user,
                    refuse=d["refuse"],
                    supplement=d["supplement"],
                    handle=d["handle"],
                    publish=d["publish"],
                    note=d["note"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu thời hạn của %(unit)s.") % {"unit": unit.name})
                return redirect("pakn:clock_rules")
    rules = filter_by_unit_scope(ClockRule.objects.select_related("unit"), request.user).order_by(
        "unit__path"
    )
    return render(
        request,
        "pakn/clock_rules.html",
        {"rules": rules, "form": form, "managed": not scope.manage.empty},
    )


@login_required
def penalties(request: AuthedRequest) -> HttpResponse:
    """PAR-index penalties proposed by founded conduct PAKN, for the appraisal council."""
    qs = filter_by_unit_scope(PenaltyProposal.objects.select_related("unit", "record"), request.user)
    page, query = paginate(request, qs.order_by("-created_at"))
    for p in page.object_list:
        may = p.status == PenaltyProposal.Status.PROPOSED and not has_conflict_of_interest(
            request.user, p.unit
        )
        scope = scope_for(request.user)
        p.may_decide = may and (scope.is_admin or scope.manage.contains(p.unit))
    return render(request, "pakn/penalties.html", {"page": page, "query": query})


@login_required
@require_POST
def penalty_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    try:
        services.penalty_decide(
            proposal=proposal,
            actor=request.user,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi quyết định của hội đồng."))
    return redirect("pakn:penalties")
