"""Results kept while the data stay the same: `cached(parts, build)` keys what `build()` returns by `parts` (what the
result depends on: organisation, filters, page, dates...) and the data version, so any write invalidates it.

The data version is the newest audit entry (id and time): every write goes through a service that audits it
(core.audit), so the version moves with each one; the time tells a restored or another database's entry of the
same id apart. Writes that bypass the services (bulk loads, `rebuild`, `relink_documents`, the demo) call `bump()`,
which writes one audit entry for the whole operation. On PostgreSQL the version also counts the entries among the
newest 1.000 ids: audit ids come from a sequence, so a transaction holding a lower id may commit after one holding
a higher id, and the newest id alone would not move; the count does (ids of rolled-back transactions stay missing
and change nothing). SQLite's writers take the write lock at their start, so ids commit in order. The database's
name and the code's version (newest source or template file) are part of the key too: a deploy never shows pages
rendered by the previous code. The cache is Django's default one (settings.CACHES: files under var/cache, shared
by the gunicorn workers, whatever the database). Callers check the user's scope before asking, and put into `parts`
whatever else the result depends on (a user-dependent result: the user)."""

import hashlib
from collections.abc import Callable, Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

from .dates import today
from .models import AuditEntry

T = TypeVar("T")

CACHE_SECONDS = 600
MISS: Any = object()  # what kept() answers when nothing is kept
_MISS = MISS


LATE_COMMIT_WINDOW = 1000  # PostgreSQL: a writer holding an id this far below the newest is not seen
# Audit entries of reads and of staging that change nothing a kept page shows: an officer opening a member's
# sensitive fields, an export, an upload before its confirmation, API tokens. They do not move the version (else
# every member page an officer opens would throw away every kept page). The confirmation of an import and every
# data write are other actions and do move it.
READ_ACTIONS = (
    "member_view_sensitive", "export_members", "export_organizations", "export_candidates", "export_enterprises",
    "export_command", "import_upload", "import_command", "import_fill", "api_token_issue", "api_token_revoke",
    "api_tokens_revoke_all",
)
_NOT_READ = "action NOT IN (" + ", ".join(f"'{a}'" for a in READ_ACTIONS) + ")"


def version_sql(vendor: str) -> str:
    """The statement of data_version() (also usable as a subquery): the newest audit entry's id and time, and on
    PostgreSQL '+' the number of entries among the newest LATE_COMMIT_WINDOW ids."""
    table = connections[DEFAULT_DB_ALIAS].ops.quote_name(AuditEntry._meta.db_table)
    if vendor == "postgresql":
        return (f"SELECT dv_last.id::text || '@' || dv_last.at::text || '+' || (SELECT count(*) FROM {table} dv_all "
                f"WHERE dv_all.id > dv_last.id - {LATE_COMMIT_WINDOW} AND dv_all.{_NOT_READ})::text FROM (SELECT id, "
                f"at FROM {table} WHERE {_NOT_READ} ORDER BY id DESC LIMIT 1) dv_last")
    return f"SELECT id || '@' || at FROM {table} WHERE {_NOT_READ} ORDER BY id DESC LIMIT 1"


def data_version() -> str:
    """The data version ('' on an empty journal): one statement on the audit journal's primary key."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(version_sql(connection.vendor))
        row = cursor.fetchone()
    return "" if row is None else str(row[0])


@lru_cache(maxsize=1)
def code_version() -> str:
    """The newest modification time of the application's Python files and templates, read once per process: kept
    results (rendered HTML) of an older release are never shown by a newer one."""
    root = Path(__file__).resolve().parent.parent
    newest = max((p.stat().st_mtime_ns for pattern in ("*.py", "*.html") for p in root.rglob(pattern)), default=0)
    return str(newest)


def cache_key(kind: str, parts: tuple[Hashable, ...], version: str) -> str:
    """The key of a result: its kind, a digest of its parts, the database, the code and the data version."""
    db = str(connections[DEFAULT_DB_ALIAS].settings_dict.get("NAME", ""))
    digest = hashlib.sha256(repr((db, code_version(), version, parts)).encode()).hexdigest()
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


def kept(kind: str, parts: tuple[Hashable, ...]) -> tuple[str, Any]:
    """The key of a result for `parts` at the current data version and what is kept under it (MISS when nothing),
    for a caller that decides after building whether to keep it (`keep(key, value)`): a page with form errors is
    shown, never kept. The version is read before building, as in cached()."""
    key = cache_key(kind, parts, data_version())
    return key, cache.get(key, MISS)


def keep(key: str, value: Any, *, seconds: int = CACHE_SECONDS) -> None:
    """Keep `value` under a key from kept()."""
    cache.set(key, value, seconds)


def request_parts(request: HttpRequest) -> tuple[Hashable, ...]:
    """What a page kept per user and query depends on besides the data: the user, the path, the query string's
    parameters in their order (links on the page repeat them) and today's date (the forms' defaults)."""
    query = tuple((k, tuple(v)) for k, v in request.GET.lists())
    return (getattr(request.user, "pk", None), request.path, query, today().isoformat())


def bump(action: str, what: str, *, actor: Any = None, after: dict[str, Any] | None = None) -> AuditEntry:
    """A write that bypassed the services (bulk inserts, update(), raw SQL) changed data kept results show: record
    it as one audit entry (`action`, a short description `what`), which moves the data version, so every kept
    result is recomputed on its next visit. Call it in the same transaction as the write, or after it."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None, action=action[:64], object_type="core.data",
        object_id="", object_repr=what[:255], before=None, after=after,
    )
