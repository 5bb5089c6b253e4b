"""Serialise conflicting writes: the row lock a service takes before checking the rules on a record."""

from typing import TypeVar

from django.db import IntegrityError, OperationalError, models, transaction

M = TypeVar("M", bound=models.Model)


def lock_for_update(instance: M) -> M:
    """Lock the row until the transaction ends and reload the instance, so rule checks see the latest committed state.

    PostgreSQL: SELECT ... FOR UPDATE (a second writer of the same row waits, then sees the first one's change).
    SQLite: a no-op lock; the IMMEDIATE transaction (settings) already holds the database's write lock.
    Must be called inside transaction.atomic (every service is)."""
    connection = transaction.get_connection(instance._state.db or "default")
    if not connection.in_atomic_block:
        raise RuntimeError("lock_for_update() must run inside transaction.atomic")
    manager = type(instance)._default_manager.db_manager(instance._state.db)
    manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True).first()
    instance.refresh_from_db()
    return instance


# PostgreSQL's SQLSTATEs of a refused concurrent write: lock_not_available (a lock_timeout or NOWAIT expired),
# serialization_failure, deadlock_detected. The transaction was rolled back; the user may simply try again.
CONFLICT_SQLSTATES = frozenset({"55P03", "40001", "40P01"})


def _sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (psycopg 3: `sqlstate`, psycopg2: `pgcode`), through Django's wrapper."""
    for e in (exc, exc.__cause__):
        code = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        if code:
            return str(code)
    return None


def is_write_conflict(exc: BaseException) -> bool:
    """The database refused a write because another transaction changed the same data at the same moment
    (a unique key taken meanwhile, SQLite's busy timeout, a PostgreSQL lock timeout, deadlock or serialization
    failure)."""
    if isinstance(exc, IntegrityError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if _sqlstate(exc) in CONFLICT_SQLSTATES:
        return True
    text = str(exc).lower()
    return any(
        word in text for word in ("database is locked", "deadlock", "could not serialize", "lock timeout")
    )
