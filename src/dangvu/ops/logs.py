"""Log records carry the request id and the user of the request being served (a context variable)."""

import logging
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("dangvu_request_id", default="-")
user_var: ContextVar[str] = ContextVar("dangvu_user", default="-")


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user` to every record so the formatter can print them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user = user_var.get()
        return True
