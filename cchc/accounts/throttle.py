"""Counters that limit how often something may happen, kept in the default cache (no other service needed).

A counter starts at its first event and lasts ``window`` seconds (a fixed window). With the default per-process
memory cache each server process counts on its own; ``REDIS_URL`` makes the counters shared.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    return f"throttle:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _hit(key: str, window: int) -> None:
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Count one password-reset request for ``email`` from ``ip``; False (and nothing counted) over a limit."""
    window = int(settings.PASSWORD_RESET_WINDOW_MINUTES) * 60
    keys = [(_key("pwreset-email", email.strip().lower()), int(settings.PASSWORD_RESET_LIMIT_PER_EMAIL))]
    if ip:
        keys.append((_key("pwreset-ip", ip), int(settings.PASSWORD_RESET_LIMIT_PER_IP)))
    if any(_count(key) >= limit for key, limit in keys):
        return False
    for key, _limit in keys:
        _hit(key, window)
    return True
