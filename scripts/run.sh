#!/usr/bin/env bash
# `make run`: migrate, load the demo data once per database, print how to log in, serve through gunicorn
# (whitenoise for the static files). `make dev` (scripts/run.sh dev): the same, served by Django's autoreloading
# development server with DEBUG on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODE="${1:-run}"
export DANGVU_HOME="$PWD"
# The demo: a secret key is generated into var/secret_key once (production sets DANGVU_SECRET_KEY instead).
export DANGVU_DEMO=1
[ "$MODE" = dev ] && export DANGVU_DEBUG=1
PORT="${PORT:-8000}"
BIN=.venv/bin
mkdir -p var/static  # STATIC_ROOT: whitenoise warns when it is missing

# One marker per database: switching DATABASE_URL (PostgreSQL) loads the demo there too.
if [ -n "${DATABASE_URL:-}" ]; then
    marker="var/demo-loaded.$(printf '%s' "$DATABASE_URL" | sha256sum | cut -c1-12)"
else
    marker="var/demo-loaded"
    [ -f var/dangvu.sqlite3 ] || rm -f "$marker"  # the database file was deleted: load again
fi

"$BIN/dangvu" migrate --noinput -v 1
if [ ! -f "$marker" ]; then
    if "$BIN/dangvu" help demo >/dev/null 2>&1; then
        echo "Đang nạp dữ liệu mẫu (một lần; có thể mất một lúc)…"
        "$BIN/dangvu" demo --seed 2025 --scale bloc
        date -Is >"$marker"
    else
        echo "Chưa có lệnh 'dangvu demo': bỏ qua dữ liệu mẫu." >&2
    fi
fi

cat <<EOT

  Đảng vụ đang chạy tại  http://127.0.0.1:${PORT}/
  Cơ sở dữ liệu:         ${DATABASE_URL:-SQLite var/dangvu.sqlite3}

  Tài khoản dùng thử (mật khẩu DangVu@2025):
    quantri       quản trị toàn tỉnh
    canbo.khoi    cán bộ Đảng ủy Khối
    bithu.chibo   bí thư chi bộ

  Dừng: Ctrl+C

EOT
if [ "$MODE" = dev ]; then
    # Jobs run inside the request in development: no worker to restart on every change.
    DANGVU_JOBS_SYNC=1 exec "$BIN/dangvu" runserver "127.0.0.1:${PORT}"
fi
"$BIN/dangvu" collectstatic --noinput -v 0
export PORT
# The queue worker (imports, big exports) beside the web server; stopped with it.
"$BIN/dangvu" worker &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
"$BIN/gunicorn" -c python:dangvu.ops.gunicorn_conf dangvu.wsgi
