"""Where the configured database lives, for backup and restore."""

import os
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def vendor() -> str:
    return str(connection.vendor)


def sqlite_path() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def pg_env() -> dict[str, str]:
    """libpq environment for pg_dump / pg_restore (the password never on the command line)."""
    s: dict[str, Any] = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if s.get(key):
            env[var] = str(s[key])
    return env


def is_empty() -> bool:
    """No table at all (a database just created, before `migrate`)."""
    return not connection.introspection.table_names()
