"""gunicorn settings for `make run` and the systemd unit: `gunicorn -c python:dangvu.ops.gunicorn_conf dangvu.wsgi`.

Workers follow the machine's cores. On SQLite one writer at a time is the rule, so fewer processes with threads
(readers run in parallel under WAL; writers queue on the IMMEDIATE lock); on PostgreSQL 2 × cores + 1 workers.
Each can be overridden: GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_WORKER_CONNECTIONS, PORT / GUNICORN_BIND,
GUNICORN_TIMEOUT."""

import multiprocessing
import os

_cores = multiprocessing.cpu_count()
_sqlite = not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", _cores if _sqlite else 2 * _cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4 if _sqlite else 2))
# GUNICORN_WORKER_CLASS=sync with GUNICORN_THREADS=1: one request per process (bench/load.py --threads 1).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5
# A gthread worker keeps every keep-alive connection it accepted: after one worker was recycled (max_requests) its
# clients reconnected to the other, which then served all of them on one core while the new worker idled (bench/
# load.py: the flow report at 1,3 of 2 cores, p95 458 ms). A worker holding this many connections stops accepting
# (the others take the next ones) and closes a keep-alive connection beyond it after its response; a reverse proxy
# in front keeps far fewer upstream connections than this.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 50))
# Recycle workers now and then (memory), staggered. A new worker costs ~1 s of CPU (imports, first templates, ICU):
# at 2.000 requests a worker under load restarted every ~10 s and spent a tenth of the machine on it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# Django's RequestLogMiddleware writes one line per request with the request id, user and duration.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "dangvu"
# gunicorn ≥ 24 opens a control socket in ~/.gunicorn shared by every instance of the user: not needed here.
control_socket_disable = True
