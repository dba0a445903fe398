"""Per-token rate limit: ``API_RATE_LIMIT_PER_MINUTE`` calls in each clock minute, counted in the Django cache
(Redis when ``REDIS_URL`` is set, so every process shares the counters; per-process memory otherwise)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def hit(token_id: int, *, now: float | None = None) -> int | None:
    """Count a call; None when allowed, else the seconds until the next window (``Retry-After``)."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if not limit:
        return None
    now = time.time() if now is None else now
    window = int(now // 60)
    key = f"api-rate:{token_id}:{window}"
    if cache.add(key, 1, timeout=90):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=90)
            count = 1
    if count > limit:
        return max(1, 60 - int(now) % 60)
    return None
