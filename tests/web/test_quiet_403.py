"""An ordinary refusal (403) is one request line in the server log, never a traceback."""

import logging

from django.urls import reverse


def test_a_403_logs_no_traceback(as_user, world, caplog):
    with caplog.at_level(logging.DEBUG):
        r = as_user(world.officer).get(reverse("audit_log"))
    assert r.status_code == 403
    assert not [rec for rec in caplog.records if rec.exc_info or rec.levelno >= logging.WARNING]
    assert any(" 403 " in rec.getMessage() for rec in caplog.records if rec.name == "dangvu.request")
