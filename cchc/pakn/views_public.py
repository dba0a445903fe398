"""Public PAKN pages (no login, no JavaScript needed): the form ``/pakn/``, following a record ``/pakn/tra-cuu/``,
published answers ``/pakn/cong-khai/``, helpful / not helpful marks and complaints about a result.

Abuse control as on the survey form (``cchc.surveys.abuse``): a signed stamp fetched with the form (fill time and
device), a SameSite=Lax device cookie, a honeypot, per-address and per-device hourly counts. A record failing a
check is kept and flagged for the officers, never dropped; only a device far over its hourly limit is refused.
Nothing the sender typed is lost on a validation error: the form comes back filled.
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cchc.core.client_ip import client_ip
from cchc.core.errors import DomainError
from cchc.core.paging import paginate
from cchc.orgs.models import OrgUnit
from cchc.orgs.selectors import search_units
from cchc.surveys import abuse

from . import public_intake, selectors, services
from .forms import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, PublicForm, clean_public
from .models import Attachment, Category, Record

logger = logging.getLogger(__name__)
STAMP_SCOPE = "pakn-public"
RECEIPT_SALT = "pakn-receipt"


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, f"pakn/public/{template}", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def receiving_units() -> Any:
    """The bodies a citizen may send to: every current unit of the installation."""
    return OrgUnit.objects.filter(valid_to__isnull=True).order_by("path")


def _device(request: HttpRequest) -> tuple[str, bool]:
    value = request.COOKIES.get(abuse.DEVICE_COOKIE)
    if value is not None and abuse.valid_device_id(value):
        return value, False
    return abuse.new_device_id(), True


def _set_device(request: HttpRequest, response: HttpResponse, device_id: str) -> None:
    response.set_cookie(
        abuse.DEVICE_COOKIE,
        device_id,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _check_files(files: list[Any]) -> str:
    if len(files) > MAX_ATTACHMENTS:
        return "Chỉ gửi được tối đa 3 tệp."
    for f in files:
        name = (f.name or "").lower()
        if not name.endswith(ATTACHMENT_TYPES):
            return "Chỉ nhận ảnh (JPG, PNG) hoặc PDF."
        if f.size > MAX_ATTACHMENT_BYTES:
            return "Mỗi tệp tối đa 5 MB."
        head = f.read(8)
        f.seek(0)
        if name.endswith(".pdf") and not head.startswith(b"%PDF"):
            return "Tệp PDF không hợp lệ."
        if name.endswith(".png") and not head.startswith(b"\x89PNG"):
            return "Tệp ảnh PNG không hợp lệ."
        if name.endswith((".jpg", ".jpeg")) and not head.startswith(b"\xff\xd8"):
            return "Tệp ảnh JPG không hợp lệ."
    return ""


# Options listed at most in the receiving-body list (a province has thousands of units; cheap phones).
UNIT_OPTIONS_CAP = 200


def _unit_choices(search: str, chosen_code: str) -> dict[str, Any]:
    """The receiving-body list of the form, without JavaScript: the top two levels grouped by parent, or the bodies
    a search names (code, name or alias, accents ignored), grouped by parent; the chosen body (a per-unit link
    ``?don_vi=CODE`` / ``?unit=CODE``, or the sender's previous choice) is always there and selected."""
    units = receiving_units().select_related("parent")
    chosen = units.filter(code=chosen_code).first() if chosen_code else None
    found: list[OrgUnit] = []
    if search.strip():
        found = list(search_units(units, search)[: UNIT_OPTIONS_CAP + 1])
    listed = found or list(units.filter(depth__lte=1)[: UNIT_OPTIONS_CAP + 1])
    more = len(listed) > UNIT_OPTIONS_CAP
    listed = listed[:UNIT_OPTIONS_CAP]
    groups: dict[int, tuple[str, list[OrgUnit]]] = {}  # by parent id (0: none), each with the parent's name
    if chosen is not None and all(u.pk != chosen.pk for u in listed):
        groups[-1] = (str(_("Cơ quan đã chọn")), [chosen])
    for u in listed:
        groups.setdefault(u.parent_id or 0, (u.parent.name if u.parent is not None else "", []))[1].append(u)
    return {
        "unit_groups": list(groups.values()),
        "unit_chosen": chosen.code if chosen is not None else chosen_code,
        "unit_search": search,
        "unit_found": len(found) if search.strip() else None,
        "unit_more": more,
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    device_id, new_device = _device(request)
    search = request.GET.get("tim", "")[:200]
    if request.method == "POST":
        files = request.FILES.getlist("files")
        file_error = _check_files(files)
        cleaned = None if file_error else clean_public(request.POST)
        refusal: DomainError | None = None
        if cleaned is not None:
            try:
                return _submit(request, cleaned, files, device_id, new_device)
            except DomainError as exc:
                if exc.code == "rate_limited":
                    return _page(request, "limited.html", {}, status=429)
                refusal = exc
        # only now the bound form (what the sender typed, with the errors)
        form = PublicForm(request.POST)
        form.is_valid()
        if refusal is not None:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        chosen_code = str(form.data.get("unit", ""))
        status = 400
    else:
        form = PublicForm()
        file_error = ""
        chosen_code = request.GET.get("don_vi") or request.GET.get("unit") or ""
        status = 200
    context = {
        "form": form,
        "file_error": file_error,
        "stamp": abuse.make_stamp(STAMP_SCOPE, device_id, int(time.time())),
        "honeypot": abuse.HONEYPOT,
        **_unit_choices(search, chosen_code.strip()),
    }
    response = _page(request, "form.html", context, status=status)
    if new_device:
        _set_device(request, response, device_id)
    return response


def _submit(
    request: HttpRequest, d: dict[str, Any], files: list[Any], device_id: str, new_device: bool
) -> HttpResponse:
    """Flags from the stamp, cookie and honeypot; the rest (unit, hourly counts, number, row) in one statement."""
    now = timezone.now()
    flags: list[str] = []
    stamp = abuse.read_stamp(request.POST.get(abuse.STAMP, ""), STAMP_SCOPE)
    if stamp is None:
        flags.append("no_stamp")
    else:
        issued, stamped_device = stamp
        if int(now.timestamp()) - issued < settings.PAKN_MIN_FILL_SECONDS:
            flags.append("too_fast")
        if new_device or stamped_device != device_id:
            flags.append("no_cookie")
            if new_device and abuse.valid_device_id(stamped_device):
                device_id = stamped_device
    if request.POST.get(abuse.HONEYPOT, "").strip():
        flags.append("honeypot")
    # attachments: the record and its files in one transaction (the counter row stays locked until it ends)
    with transaction.atomic() if files else nullcontext():
        record = public_intake.record_create_public(
            unit_code=d["unit"],
            sender_type=d["sender_type"],
            kind=d["kind"],
            title=d["title"],
            content=d["content"],
            sender_name=d["sender_name"],
            sender_address=d["sender_address"],
            sender_phone=d["sender_phone"],
            sender_email=d["sender_email"],
            procedure_code=d["procedure_code"],
            dossier_code=d["dossier_code"],
            flags=flags,
            ip_hash=abuse.hash_ip(client_ip(request), timezone.localdate(now)),
            device_hash=abuse.hash_device(device_id),
            durable=settings.PAKN_PUBLIC_DURABLE_COMMIT,
        )
        for f in files:
            Attachment.objects.create(record_id=record.pk, file=f, size=f.size, name=f.name[:255])
    receipt = signing.dumps(record.code, salt=RECEIPT_SALT)
    response = HttpResponseRedirect(reverse("pakn:public_sent") + f"?t={receipt}", status=303)
    if new_device:
        _set_device(request, response, device_id)
    return response


def public_sent(request: HttpRequest) -> HttpResponse:
    try:
        code = signing.loads(request.GET.get("t", ""), salt=RECEIPT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    return _page(request, "sent.html", {"code": code})


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """A sender follows a record by code and phone; the sender may mark the answer, complain about the result, or
    answer a request for more information."""
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()
    phone = (request.POST.get("dien_thoai") or "").strip()
    record = None
    error = ""
    notice = ""
    if request.method == "POST":
        record = selectors.follow(code, phone)
        if record is None:
            error = "Không tìm thấy phản ánh, kiến nghị với mã và số điện thoại này."
        else:
            action = request.POST.get("action", "")
            try:
                notice = _sender_action(request, record, action)
            except DomainError as exc:
                error = exc.message
    chain = selectors.chain_of(record) if record is not None else []
    latest = chain[-1] if chain else None
    follow_ups = list(Record.objects.filter(follow_up_of=record.code)) if record is not None else []
    return _page(
        request,
        "follow.html",
        {
            "code": code,
            "phone": phone,
            "record": record,
            "chain": chain,
            "latest": latest,
            "state": selectors.STATES[selectors.state_name(latest)] if latest else "",
            "error": error,
            "notice": notice,
            "follow_ups": follow_ups,
        },
    )


def _sender_action(request: HttpRequest, record: Record, action: str) -> str:
    latest = selectors.chain_of(record)[-1]
    if action == "like" or action == "dislike":
        device = abuse.hash_device("sender:" + latest.code)
        if services.vote(record=latest, helpful=action == "like", device_hash=device, by_sender=True):
            return "Cảm ơn Ông/Bà đã đánh giá."
        return "Ông/Bà đã đánh giá câu trả lời này."
    if action == "complain":
        new = services.complaint_open(record=latest, content=request.POST.get("noi_dung", ""))
        return f"Đã ghi nhận phản ánh tiếp về kết quả, mã {new.code}."
    if action == "supplement":
        services.supplement_received(record=latest, actor=None, text=request.POST.get("noi_dung", ""))
        return "Đã gửi thông tin bổ sung."
    return ""


def published(request: HttpRequest) -> HttpResponse:
    from datetime import date

    def _d(text: str | None) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    unit = (
        OrgUnit.objects.filter(code=request.GET.get("don_vi", "")).first()
        if request.GET.get("don_vi")
        else None
    )
    category = request.GET.get("linh_vuc", "")
    qs = selectors.public_search(
        q=request.GET.get("q", ""),
        unit=unit,
        category=category if category in Category.values else "",
        date_from=_d(request.GET.get("tu")),
        date_to=_d(request.GET.get("den")),
    )
    page, query = paginate(request, qs)
    return _page(
        request,
        "published.html",
        {
            "page": page,
            "query": query,
            "q": request.GET.get("q", ""),
            "unit": unit,
            "units": OrgUnit.objects.filter(pakn_records__published_at__isnull=False)
            .distinct()
            .order_by("path"),
            "category": category,
            "categories": Category.choices,
            "tu": request.GET.get("tu", ""),
            "den": request.GET.get("den", ""),
        },
    )


def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    record = selectors.published_records().filter(code=code).first()
    if record is None:
        raise Http404
    return _page(request, "published_detail.html", {"r": record, "voted": request.GET.get("da_danh_gia")})


@csrf_exempt
@require_POST
def vote(request: HttpRequest, code: str) -> HttpResponse:
    """The public marks a published answer helpful or not: one mark per device cookie."""
    record = selectors.published_records().filter(code=code).first()
    if record is None:
        raise Http404
    device_id, new_device = _device(request)
    if not new_device:
        services.vote(
            record=record,
            helpful=request.POST.get("helpful") == "1",
            device_hash=abuse.hash_device(device_id),
        )
    response = HttpResponseRedirect(
        reverse("pakn:published_detail", kwargs={"code": code}) + "?da_danh_gia=1", status=303
    )
    if new_device:
        _set_device(request, response, device_id)
    return response
