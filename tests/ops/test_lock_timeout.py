"""A write that waits too long for a row another connection holds: PostgreSQL refuses it (lock_timeout, SQLSTATE
55P03; likewise a serialization failure 40001 or a deadlock 40P01) and the user gets the 409 page in Vietnamese,
never a 500; nothing of the refused write is kept."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from dangvu.core.dates import today
from dangvu.core.errors import CONFLICT_MESSAGE
from dangvu.core.locking import CONFLICT_SQLSTATES, is_write_conflict
from dangvu.members.models import MemberEvent

POSTGRES = connection.vendor == "postgresql"


def wrapped(cause: BaseException) -> OperationalError:
    """The error as Django raises it: its own OperationalError caused by the driver's."""
    exc = OperationalError(str(cause))
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize("name", ["LockNotAvailable", "SerializationFailure", "DeadlockDetected"])
def test_postgresql_conflicts_are_recognised_by_sqlstate(name):
    import psycopg.errors

    cause = getattr(psycopg.errors, name)("any text, e.g. in another language")
    assert cause.sqlstate in CONFLICT_SQLSTATES
    assert is_write_conflict(wrapped(cause))


def test_other_operational_errors_are_not_conflicts():
    import psycopg.errors

    assert not is_write_conflict(wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")))
    assert not is_write_conflict(OperationalError("no such table: members_member"))
    assert is_write_conflict(OperationalError("database is locked"))


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL: a row lock held by another connection")
@pytest.mark.django_db(transaction=True)
def test_a_write_waiting_past_the_lock_timeout_gets_the_409_page(world):
    import psycopg

    settings = connection.settings_dict
    dsn = (f"host={settings['HOST']} port={settings['PORT']} dbname={settings['NAME']} "
           f"user={settings['USER']} password={settings['PASSWORD'] or ''}")
    client = Client()
    client.force_login(world.root_user)
    url = reverse("member_event_record", args=[world.hanh.pk])
    events = MemberEvent.objects.filter(member=world.hanh).count()
    with psycopg.connect(dsn) as other:
        other.execute("SELECT id FROM members_member WHERE id = %s FOR UPDATE", [world.hanh.pk])  # held
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")  # the request's connection (settings: 20 s)
        r = client.post(url, {"kind": "deceased", "effective_on": today().isoformat()})
        other.rollback()
    assert r.status_code == 409
    assert CONFLICT_MESSAGE in r.content.decode()
    assert MemberEvent.objects.filter(member=world.hanh).count() == events  # nothing written
    # The row free again, the same form applies cleanly.
    r = client.post(url, {"kind": "deceased", "effective_on": today().isoformat()})
    assert r.status_code == 302
    assert MemberEvent.objects.filter(member=world.hanh).count() == events + 1
