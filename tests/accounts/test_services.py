"""Account services: who may create users and assignments, what they refuse, what they audit."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from dangvu.accounts.models import Assignment, Role
from dangvu.accounts.services import admin_ensure, assignment_add, user_create, user_set_password
from dangvu.core.errors import DomainError, NotAllowed
from dangvu.core.models import AuditEntry
from tests.conftest import make_user


def test_user_create_writes_the_user_its_assignment_and_audit_without_the_password(world):
    user = user_create(
        actor=world.admin,
        username="bithu.maynamson",
        password="Mat-khau-2025",
        organization=world.cell_c,
        role=Role.CELL_SECRETARY,
        first_name="Hà",
    )
    assert user.check_password("Mat-khau-2025")
    assert not user.is_superuser and not user.is_staff
    assert list(Assignment.objects.filter(user=user).values_list("organization_id", "role")) == [
        (world.cell_c.pk, Role.CELL_SECRETARY)
    ]
    entries = AuditEntry.objects.filter(actor=world.admin).order_by("id")
    assert [e.action for e in entries] == ["user_create", "assignment_add"]
    after = entries[0].after
    assert after is not None
    assert after["username"] == "bithu.maynamson"
    assert "password" not in after


def test_user_create_refuses_a_taken_username_whatever_its_case(world):
    with pytest.raises(DomainError) as e:
        user_create(actor=None, username="QuanTri", password="Mat-khau-2025")
    assert e.value.field == "username"
    assert "đã có người dùng" in e.value.message


@pytest.mark.parametrize("username", ["", "   ", "có dấu cách", "x" * 151])
def test_user_create_refuses_a_malformed_username(world, username):
    with pytest.raises(DomainError) as e:
        user_create(actor=None, username=username, password="Mat-khau-2025")
    assert e.value.field == "username"


def test_user_create_refuses_a_short_password_and_writes_nothing(world):
    users, audits = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(DomainError) as e:
        user_create(actor=None, username="ngan", password="1234567", organization=world.cell_a, role=Role.VIEWER)
    assert e.value.field == "password"
    assert e.value.message.startswith("Mật khẩu không đạt")
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, audits)


def test_user_create_refuses_an_unknown_role_listing_the_valid_ones(world):
    with pytest.raises(DomainError) as e:
        user_create(actor=None, username="moi", password="Mat-khau-2025", organization=world.cell_a, role="boss")
    assert e.value.field == "role"
    assert "cell_secretary (Bí thư chi bộ)" in e.value.message
    assert not User.objects.filter(username="moi").exists()


def test_assignment_refuses_an_organisation_that_no_longer_exists(world):
    world.cell_c.dissolved_on = date(2024, 1, 1)
    with pytest.raises(DomainError) as e:
        assignment_add(actor=None, user=world.viewer, organization=world.cell_c, role=Role.VIEWER)
    assert e.value.field == "organization_id"
    assert "01/01/2024" in e.value.message


def test_assignment_refuses_a_duplicate(world):
    with pytest.raises(DomainError) as e:
        assignment_add(actor=None, user=world.officer, organization=world.bloc, role=Role.COMMITTEE_OFFICER)
    assert e.value.rule == "assignment_unique"
    assert Assignment.objects.filter(user=world.officer).count() == 1


def test_it_validates_scope(world):
    # A committee officer has no "admin" action; an administrator of the bloc stops at the bloc's edge.
    with pytest.raises(NotAllowed):
        user_create(
            actor=world.officer,
            username="a1",
            password="Mat-khau-2025",
            organization=world.cell_a,
            role=Role.VIEWER,
        )
    bloc_admin = make_user("quantri.khoi", world.bloc, Role.PROVINCE_ADMIN)
    user_create(actor=bloc_admin, username="a2", password="Mat-khau-2025", organization=world.cell_a, role=Role.VIEWER)
    with pytest.raises(NotAllowed):
        user_create(
            actor=bloc_admin,
            username="a3",
            password="Mat-khau-2025",
            organization=world.cell_l,
            role=Role.VIEWER,
        )
    with pytest.raises(NotAllowed):
        user_create(actor=world.admin, username="a4", password="Mat-khau-2025", is_superuser=True)
    assert not User.objects.filter(username__in=["a1", "a3", "a4"]).exists()


def test_user_set_password_lets_users_change_their_own_but_not_their_superiors(world):
    user_set_password(actor=world.secretary, user=world.secretary, password="Mat-khau-moi-1")
    assert User.objects.get(pk=world.secretary.pk).check_password("Mat-khau-moi-1")
    bloc_admin = make_user("quantri.khoi", world.bloc, Role.PROVINCE_ADMIN)
    user_set_password(actor=bloc_admin, user=world.secretary, password="Mat-khau-moi-2")
    with pytest.raises(NotAllowed):  # quantri works at the province, above the bloc
        user_set_password(actor=bloc_admin, user=world.admin, password="Mat-khau-moi-3")
    with pytest.raises(NotAllowed):
        user_set_password(actor=world.admin, user=world.root_user, password="Mat-khau-moi-4")
    assert AuditEntry.objects.filter(action="user_set_password").count() == 2


def test_admin_ensure_creates_a_superuser_who_administers_the_root(world):
    user, created = admin_ensure(actor=None, username="tinhuy", password="Mat-khau-2025")
    assert created and user.is_superuser and user.is_staff
    assert list(Assignment.objects.filter(user=user).values_list("organization_id", "role")) == [
        (world.province.pk, Role.PROVINCE_ADMIN)
    ]


def test_admin_ensure_is_idempotent_and_resets_the_password(world):
    admin_ensure(actor=None, username="tinhuy", password="Mat-khau-2025")
    user, created = admin_ensure(actor=None, username="tinhuy", password="Mat-khau-2026")
    assert not created
    assert user.check_password("Mat-khau-2026")
    assert Assignment.objects.filter(user=user).count() == 1
    assert User.objects.filter(username="tinhuy").count() == 1


def test_admin_ensure_promotes_an_existing_user(world):
    user, created = admin_ensure(actor=None, username="quantri", password="Mat-khau-2025")
    assert not created and user.pk == world.admin.pk and user.is_superuser
    assert Assignment.objects.filter(user=user).count() == 1  # the world's province_admin, not a second


def test_admin_ensure_without_organisations_makes_only_the_superuser(db):
    user, created = admin_ensure(actor=None, username="quantri", password="Mat-khau-2025")
    assert created and user.is_superuser
    assert not Assignment.objects.exists()


def test_admin_ensure_refuses_an_actor_who_is_not_a_superuser(world):
    with pytest.raises(NotAllowed):
        admin_ensure(actor=world.admin, username="quantri2", password="Mat-khau-2025")
    assert not User.objects.filter(username="quantri2").exists()


def test_removing_a_role_ends_the_assignment_keeps_it_and_audits(world):
    from dangvu.accounts.selectors import assignments_history
    from dangvu.accounts.services import assignment_remove
    from dangvu.core.models import AuditEntry

    a = assignment_add(actor=None, user=world.viewer, organization=world.cell_c, role=Role.CELL_SECRETARY)
    assignment_remove(actor=world.admin, assignment=a, reason="  Hết nhiệm kỳ ")
    a = Assignment.history.get(pk=a.pk)
    assert (a.ended_by, a.reason) == (world.admin, "Hết nhiệm kỳ") and a.ended_on is not None
    assert not Assignment.objects.filter(pk=a.pk).exists()
    entry = AuditEntry.objects.filter(action="assignment_remove").latest("id")
    assert entry.after is not None and entry.after["reason"] == "Hết nhiệm kỳ"
    with pytest.raises(DomainError) as e:
        assignment_remove(actor=world.admin, assignment=a)
    assert e.value.rule == "already_ended"
    again = assignment_add(actor=None, user=world.viewer, organization=world.cell_c, role=Role.CELL_SECRETARY)
    assert [x.pk for x in assignments_history(world.viewer)][-1] == a.pk and again.pk != a.pk


def test_removing_a_role_refuses_a_reason_too_long_and_writes_nothing(world):
    from dangvu.accounts.services import assignment_remove

    a = assignment_add(actor=None, user=world.viewer, organization=world.cell_c, role=Role.CELL_SECRETARY)
    with pytest.raises(DomainError) as e:
        assignment_remove(actor=world.admin, assignment=a, reason="x" * 300)
    assert e.value.field == "reason"
    assert Assignment.objects.filter(pk=a.pk).exists()
