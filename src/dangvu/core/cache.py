"""Results kept while the data stay the same: `cached(parts, build)` keys what `build()` returns by `parts` (what the
result depends on: organisation, filters, page, dates...) and the data version, so any write invalidates it.

The data version is the newest audit entry (id and time): every write goes through a service that audits it
(core.audit), so the version moves with each one; the time tells a restored or another database's entry of the
same id apart. The database's name is part of the key too. The cache is Django's default one (settings.CACHES:
files under var/cache, shared by the gunicorn workers, whatever the database). Callers check the user's scope
before asking, and put into `parts` whatever else the result depends on (a user-dependent result: the user)."""

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from .models import AuditEntry

T = TypeVar("T")

CACHE_SECONDS = 600
_MISS = object()


def data_version() -> str:
    """The newest audit entry's id and time ('' on an empty journal): one index lookup."""
    row = AuditEntry.objects.order_by("-id").values_list("id", "at").first()
    return "" if row is None else f"{row[0]}@{row[1].timestamp():.6f}"


def cache_key(kind: str, parts: tuple[Hashable, ...], version: str) -> str:
    """The key of a result: its kind, a digest of its parts, the database and the data version."""
    db = str(connections[DEFAULT_DB_ALIAS].settings_dict.get("NAME", ""))
    digest = hashlib.sha256(repr((db, version, parts)).encode()).hexdigest()
    return f"dangvu:{kind}:{digest}"


def cached(kind: str, parts: tuple[Hashable, ...], build: Callable[[], T], *, seconds: int = CACHE_SECONDS) -> T:
    """`build()`'s result for `parts` at the current data version, computed at most once per version. The version
    is read before building: a write during the build only makes the stored result unreachable, never stale."""
    key = cache_key(kind, parts, data_version())
    hit = cache.get(key, _MISS)
    if hit is not _MISS:
        return hit  # type: ignore[return-value]
    value = build()
    cache.set(key, value, seconds)
    return value
