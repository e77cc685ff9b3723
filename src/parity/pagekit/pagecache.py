"""Cached parts of public pages, exact because they are keyed by the data generation.

A view hands ``cached`` what it would compute (usually the rendered main part of the page and
a flag or two) and the inputs that select it (an identifier, the query string). The key adds
the data generation (``parity.pagekit.freshness``), the language and today's date (a pledge's
status depends on the day), so a hit is what the view would compute now. What depends on the
visitor (their name, the CSRF token of the forms in the header) stays outside, in the page
that wraps the cached part. The views mark the cached HTML safe when they place it: it is
Parity's own rendering, and a cache that does not pickle would hand back plain text.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from redis.exceptions import RedisError

from parity.pagekit import freshness

T = TypeVar("T")
log = logging.getLogger(__name__)
# What a cache server that is down or restarting raises (Redis in production).
CACHE_DOWN = (OSError, RedisError)
# Entries of an old generation are never read again; this only bounds how long they linger.
TIMEOUT_SECONDS = 6 * 3600


def cache_key(name: str, generation: int, parts: tuple[Hashable, ...]) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"parity:page:{name}:{generation}:{get_language()}:{timezone.localdate()}:{digest}"


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same page, inputs and data generation."""
    if not settings.PARITY_PAGE_CACHE:
        return compute()
    generation = freshness.current()
    key = cache_key(name, generation, parts)
    try:
        found = cache.get(key)
    except CACHE_DOWN as error:  # a page without the cache beats no page
        log.warning("page cache unreachable, computing %s: %s", name, error)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(key, found, TIMEOUT_SECONDS)
        except CACHE_DOWN as error:
            log.warning("page cache unreachable, not storing %s: %s", name, error)
    return found
