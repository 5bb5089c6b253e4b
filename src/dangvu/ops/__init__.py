"""Operations: health check, request logging, write-conflict safety net, gunicorn settings, backup and restore.

Top of the layer stack (like web): it may import any app, and no app imports it."""
