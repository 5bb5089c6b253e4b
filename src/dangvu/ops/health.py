"""GET /healthz for load balancers and systemd: 200 when the database answers and every migration is applied."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

_migrated = False  # once every migration is applied it stays so until the next deploy restarts the process


def _pending_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """{"status": "ok"} (200), or what is wrong (503): database unreachable or migrations not applied."""
    global _migrated
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 — any failure to reach the database is "unhealthy", not a 500
        return JsonResponse({"status": "error", "database": f"unreachable: {type(exc).__name__}"}, status=503)
    if not _migrated:
        try:
            pending = _pending_migrations()
        except Exception as exc:  # noqa: BLE001
            return JsonResponse({"status": "error", "database": "ok",
                                 "migrations": f"unknown: {type(exc).__name__}"}, status=503)
        if pending:
            return JsonResponse({"status": "error", "database": "ok", "migrations": f"{pending} not applied"},
                                status=503)
        _migrated = True
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})
