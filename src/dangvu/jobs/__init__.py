"""Background jobs: a generic Job record (kind, status, progress, stored result) and the queue that runs it.

Any app starts long work with `jobs.services.job_start(actor=..., kind=..., handler="dotted.path", ...)`; the
handler receives the Job and reports progress with `job_progress`. The queue is django-q2 with its ORM broker (the
project's own database: SQLite or PostgreSQL, survives a restart); `dangvu worker` runs it. Sits just above core;
imports no app (handlers are looked up by their dotted path when the job runs)."""
