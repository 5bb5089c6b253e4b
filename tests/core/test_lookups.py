"""core.lookups.any_in: membership in a long list of values, the same rows as `__in` on every database."""

from typing import Any

import pytest
from django.db import connection

from dangvu.core.lookups import Values, any_in
from dangvu.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_any_in_selects_the_same_rows_as_in(world):
    ids = list(Organization.objects.values_list("pk", flat=True))
    some = ids[::2] + [10**9]  # an id that exists nowhere changes nothing
    expected = set(Organization.objects.filter(pk__in=some).values_list("pk", flat=True))
    assert set(Organization.objects.filter(any_in("pk", some)).values_list("pk", flat=True)) == expected
    assert set(Organization.objects.filter(any_in("pk", set(some))).values_list("pk", flat=True)) == expected
    assert not Organization.objects.filter(any_in("pk", [])).exists()


def test_any_in_prepares_values_that_are_not_ids(world):
    names = [world.bloc.name, world.cell_a.name, "không có"]
    found = set(Organization.objects.filter(any_in("name", names)).values_list("pk", flat=True))
    assert found == {world.bloc.pk, world.cell_a.pk}
    # a relation compares its key
    assert Organization.objects.filter(any_in("parent", [world.bloc.pk])).count() == \
        Organization.objects.filter(parent=world.bloc).count()


def test_ids_are_one_array_parameter_on_postgresql():
    qs = Organization.objects.filter(any_in("pk", range(1, 5001)))
    sql, params = qs.query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and len(params) == 1
    else:
        assert len(params) == 5000
    lookup: Any = qs.query.where.children[0]
    assert isinstance(lookup.rhs, Values)  # not walked value by value by Django
