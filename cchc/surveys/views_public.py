"""The public form ``/s/<token>``: no login, no personal data, works with no JavaScript.

CSRF: the POST is ``csrf_exempt`` and protected otherwise (see ``abuse``): a signed stamp fetched with the form, a
SameSite=Lax device cookie bound to that stamp, a honeypot and a minimum fill time. A response failing a check is
stored as flagged for a coordinator, never silently dropped; only a device far over its hourly limit is refused
(with a clear page).
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods

from cchc.core.client_ip import client_ip

from . import abuse, answering, services
from .models import Origin


def _page(request: HttpRequest, template, context=None, status=200):
    response = render(request, f"surveys/public/{template}", context or {}, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _device(request: HttpRequest) -> tuple[str, bool]:
    value = request.COOKIES.get(abuse.DEVICE_COOKIE)
    if value is not None and abuse.valid_device_id(value):
        return value, False
    return abuse.new_device_id(), True


def _set_device(request: HttpRequest, response, device_id: str) -> None:
    response.set_cookie(
        abuse.DEVICE_COOKIE,
        device_id,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _attr(value) -> str:
    """An attribute value, quoted only when needed (the page must stay under 10 KB)."""
    text = str(value)
    return text if re.fullmatch(r"[A-Za-z0-9_.-]+", text) else '"' + escape(text) + '"'


def _likert_rows(q):
    """Options shown positive first, then "Không có ý kiến"."""
    return [(str(o.value), o.label) for o in reversed(q.scale)] + [
        (answering.SKIP, q.skip_label or "Không có ý kiến")
    ]


def _form_context(target, survey, token, kiosk_value, device_id, reading=None):
    q = survey.questionnaire
    likert = _likert_rows(q) if q.scale else []
    answers = reading.answers if reading else {}
    items = {}
    for question in q.questions:
        current = answers.get(question.key)
        if question.key == "comment" and reading:
            current = reading.comment
        items[question.key] = {
            "q": question,
            "options": [
                (v, mark_safe(_attr(v)), label)
                for v, label in (
                    likert
                    if question.type == "likert"
                    else [(str(o.value), o.label) for o in question.options]
                )
            ],
            "current": [str(v) for v in current]
            if isinstance(current, list)
            else ("" if current is None else str(current)),
            "error": reading.errors.get(question.key) if reading else None,
        }
    sections = q.sections()
    return {
        "target": target,
        "survey": survey,
        "questionnaire": q,
        "intro": (q.raw or {}).get("intro", ""),
        "sections": [
            {"number": s.number, "title": s.title, "items": [items[x.key] for x in s.questions]}
            for s in sections
        ],
        "section_count": len(sections),
        "question_count": len(q.questions),
        "minutes": q.estimate_minutes(),
        "stamp": abuse.make_stamp(token, device_id, int(time.time())),
        "kiosk": kiosk_value,
        "kiosk_idle": settings.SURVEY_KIOSK_IDLE_SECONDS,
        "reading": reading,
        "form_error": (reading.errors.get("__all__") or "Xin kiểm tra lại các câu được đánh dấu.")
        if reading
        else "",
        "honeypot": abuse.HONEYPOT,
    }


def _resolve(request: HttpRequest, token: str):
    target = services.resolve_token(token)
    if target is None or not target.active:
        return None, None, _page(request, "unknown.html", status=404)
    survey = services.survey_for_target(target)
    if survey is None:
        return target, None, _page(request, "closed.html", {"target": target}, status=410)
    if target.dossier_id and services.dossier_used(target.dossier_id):
        return target, survey, _page(request, "used.html", {"target": target}, status=409)
    return target, survey, None


@csrf_exempt
@gzip_page
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, token: str) -> HttpResponse:
    target, survey, refusal = _resolve(request, token)
    if refusal is not None:
        return refusal
    kiosk_value = request.GET.get("kiosk") or request.POST.get("kiosk") or ""
    kiosk = target.point_id is not None and abuse.is_kiosk(token, kiosk_value)
    if not kiosk:
        kiosk_value = ""
    device_id, new_device = _device(request)
    if request.method == "POST":
        return _submit(request, token, target, survey, kiosk, kiosk_value, device_id, new_device)
    response = _page(request, "form.html", _form_context(target, survey, token, kiosk_value, device_id))
    if new_device:
        _set_device(request, response, device_id)
    return response


def _submit(request: HttpRequest, token: str, target, survey, kiosk, kiosk_value, device_id, new_device):
    now = timezone.now()
    flags = []
    stamp = abuse.read_stamp(request.POST.get(abuse.STAMP, ""), token)
    fill_seconds = None
    if stamp is None:
        flags.append("no_stamp")
    else:
        issued, stamped_device = stamp
        fill_seconds = max(0, int(now.timestamp()) - issued)
        if fill_seconds < settings.SURVEY_MIN_FILL_SECONDS:
            flags.append("too_fast")
        if new_device:  # no cookie came back: a cookie-less browser or a cross-site post
            flags.append("no_cookie")
            device_id = stamped_device if abuse.valid_device_id(stamped_device) else device_id
        elif stamped_device != device_id:
            flags.append("no_cookie")
    if request.POST.get(abuse.HONEYPOT, "").strip():
        flags.append("honeypot")
    reading = answering.read_answers(survey.questionnaire, request.POST)
    if not reading.errors and reading.empty:
        reading.errors["__all__"] = "Xin Ông/Bà trả lời ít nhất một câu hỏi."
    if reading.errors:
        context = _form_context(target, survey, token, kiosk_value, device_id, reading)
        return _page(request, "form.html", context, status=400)
    ip_hash = abuse.hash_ip(client_ip(request), timezone.localdate(now))
    device_hash = abuse.hash_device(device_id)
    check = services.abuse_check(
        ip_hash=ip_hash, device_hash=device_hash, point_id=target.point_id, kiosk=kiosk, now=now
    )
    if check.blocked:
        return _page(request, "limited.html", {"target": target}, status=429)
    try:
        services.response_record(
            survey=survey,
            unit_id=target.unit_id,
            origin=Origin.KIOSK if kiosk else services.origin_for(target, False),
            reading=reading,
            service_point_id=target.point_id,
            dossier_id=target.dossier_id,
            flags=flags + check.flags,
            ip_hash=ip_hash,
            device_hash=device_hash,
            fill_seconds=fill_seconds,
            submitted_at=now,
            durable=False,
        )
    except services.DossierAlreadyAnswered:
        return _page(request, "used.html", {"target": target}, status=409)
    url = f"/s/{token}/cam-on/" + (f"?kiosk={kiosk_value}" if kiosk else "")
    response = HttpResponseRedirect(url, status=303)
    if new_device:
        _set_device(request, response, device_id)
    return response


@gzip_page
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    target = services.resolve_token(token)
    if target is None:
        return _page(request, "unknown.html", status=404)
    kiosk_value = request.GET.get("kiosk", "")
    kiosk = target.point_id is not None and abuse.is_kiosk(token, kiosk_value)
    return _page(
        request,
        "thanks.html",
        {
            "target": target,
            "kiosk": kiosk_value if kiosk else "",
            "kiosk_idle": settings.SURVEY_KIOSK_IDLE_SECONDS,
            "token": token,
        },
    )
