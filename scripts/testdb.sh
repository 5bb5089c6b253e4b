#!/usr/bin/env bash
# Throwaway PostgreSQL for the test suite: loopback only, data under a temp dir, trust auth.
#
#   scripts/testdb.sh start   # start (or reuse) the server; prints its DATABASE_URL
#   scripts/testdb.sh url     # print the DATABASE_URL of the running server (exit 1 if none)
#   scripts/testdb.sh stop    # stop it and delete its data (no-op when not running)
#   scripts/testdb.sh status
#
# Works as root (the server runs as the `postgres` user) and as a normal user. State (data dir and
# port) is kept in var/testdb.env of this checkout, so each clone has its own server.
# TESTDB_PORT picks the first port tried (default 55432); the next free one is used if it is taken.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/var/testdb.env"
DBNAME="${TESTDB_NAME:-dangvu}"

die() { echo "testdb: $*" >&2; exit 1; }

pg_bindir() {
    local v
    for v in 15 16 17 14; do
        if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return; fi
    done
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
    if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
    die "PostgreSQL not found (no initdb); install it: apt-get install -y postgresql"
}

# Run a command as the database owner: `postgres` when we are root (initdb refuses root), else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su -s /bin/sh postgres -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

port_free() {
    python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

load_state() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    [ -n "${TESTDB_DIR:-}" ] && [ -n "${TESTDB_PORT_USED:-}" ]
}

running() {
    load_state || return 1
    [ -d "$TESTDB_DIR/data" ] || return 1
    as_owner "$(pg_bindir)/pg_ctl" -D "$TESTDB_DIR/data" status >/dev/null 2>&1
}

url() { echo "postgres://postgres@127.0.0.1:${TESTDB_PORT_USED}/${DBNAME}"; }

start() {
    if running; then url; return 0; fi
    # A stale state file (server killed, /tmp wiped): forget it and its leftovers.
    if load_state; then rm -rf "${TESTDB_DIR:?}"; fi
    rm -f "$STATE"

    local bin dir port
    bin="$(pg_bindir)"
    if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install the postgresql package)"; fi
    port="${TESTDB_PORT:-55432}"
    for _ in $(seq 1 50); do port_free "$port" && break; port=$((port + 1)); done
    port_free "$port" || die "no free port from ${TESTDB_PORT:-55432} on"

    dir="$(mktemp -d "${TMPDIR:-/tmp}/dangvu-pg.XXXXXX")"
    chmod 700 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    mkdir -p "$ROOT/var"
    printf 'TESTDB_DIR=%q\nTESTDB_PORT_USED=%q\n' "$dir" "$port" >"$STATE"

    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Durability is pointless for a throwaway test server; these make it several times faster.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/log" >&2; die "pg_ctl start failed"; }
    as_owner "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE \"$DBNAME\"" >/dev/null
    # The app sorts Vietnamese with this collation; fail early if the server lacks ICU.
    if ! as_owner "$bin/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d "$DBNAME" \
        -c "SELECT 1 FROM pg_collation WHERE collname = 'vi-x-icu'" | grep -q 1; then
        die "PostgreSQL has no vi-x-icu collation (needs a build with ICU)"
    fi
    TESTDB_PORT_USED="$port"
    url
}

stop() {
    if ! load_state; then return 0; fi
    if [ -d "$TESTDB_DIR/data" ]; then
        as_owner "$(pg_bindir)/pg_ctl" -D "$TESTDB_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "${TESTDB_DIR:?}" "$STATE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) running || die "not running (scripts/testdb.sh start)"; url ;;
    status) if running; then echo "running: $(url) (data in $TESTDB_DIR)"; else echo "not running"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
