"""`dangvu demo --scale national` runs on PostgreSQL only: on SQLite it is refused with a message naming the way out,
and nothing is written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangvu.members.models import Member
from dangvu.orgs.models import Organization


@pytest.mark.django_db
def test_national_is_refused_on_sqlite_with_a_clear_message():
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for SQLite")
    with pytest.raises(CommandError) as exc:
        call_command("demo", scale="national")
    assert "PostgreSQL" in str(exc.value) and "DATABASE_URL" in str(exc.value)
    assert not Organization.objects.exists() and not Member.objects.exists()
