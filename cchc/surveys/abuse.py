"""Abuse control for the public form, with no outside service.

- IP addresses are never stored: ``hash_ip`` is an HMAC (key: SECRET_KEY) of the address salted with the day, so a
  hash links the answers of one day only. Device cookies are random ids, stored as HMACs too.
- ``make_stamp``/``read_stamp``: the form carries a signed stamp (issue time, device id) — it proves the form was
  fetched from us, gives the fill time, and binds the device. It replaces Django's CSRF token on the public POST,
  which is ``csrf_exempt``: a cross-site POST carries no device cookie (SameSite=Lax) and gets flagged, and a bot
  posting without fetching the form has no valid stamp and gets flagged.
- Thresholds (declared in config/settings/base.py, environment overrides): ``SURVEY_MIN_FILL_SECONDS`` (8), ``SURVEY_IP_FLAG_PER_HOUR`` (30),
  ``SURVEY_DEVICE_FLAG_PER_HOUR`` (3), ``SURVEY_DEVICE_BLOCK_PER_HOUR`` (20, refused with a clear page),
  ``SURVEY_DUPLICATE_HOURS`` (24: same device, same service point). The client address is
  ``cchc.core.client_ip.client_ip`` (behind nginx set ``TRUSTED_PROXY_COUNT``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from django.conf import settings

DEVICE_COOKIE = "sv_d"
HONEYPOT = "website"
STAMP = "_s"


def _mac(message: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def hash_ip(ip: str, day: date) -> str:
    return _mac(f"ip|{day.isoformat()}|{ip}")[:32] if ip else ""


def hash_device(device_id: str) -> str:
    return _mac(f"device|{device_id}")[:32] if device_id else ""


def new_device_id() -> str:
    return secrets.token_urlsafe(12)


def valid_device_id(value: str | None) -> bool:
    return value is not None and 8 <= len(value) <= 32 and value.replace("-", "").replace("_", "").isalnum()


def make_stamp(token: str, device_id: str, issued: int) -> str:
    return f"{issued}.{device_id}.{_mac(f'stamp|{token}|{issued}|{device_id}')[:24]}"


def read_stamp(stamp: str, token: str) -> tuple[int, str] | None:
    """(issue time, device id) of a genuine stamp for ``token``; None when missing or forged."""
    try:
        issued_text, device_id, sig = stamp.split(".", 2)
        issued = int(issued_text)
    except (ValueError, AttributeError):
        return None
    expected = _mac(f"stamp|{token}|{issued}|{device_id}")[:24]
    if not hmac.compare_digest(sig, expected):
        return None
    return issued, device_id


def kiosk_key(token: str) -> str:
    """The ``?kiosk=`` value of a service point's kiosk link (given to staff only)."""
    return _mac(f"kiosk|{token}")[:12]


def is_kiosk(token: str, value: str | None) -> bool:
    return bool(value) and value is not None and hmac.compare_digest(value, kiosk_key(token))
