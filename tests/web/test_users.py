"""Account administration pages: create with a first role, assign and take back roles, reset a password,
close and reopen; every write audited; scope and bad input."""

from django.contrib.auth.models import User
from django.urls import reverse

from dangvu.accounts.models import Assignment
from dangvu.core.models import AuditEntry


def test_an_administrator_creates_an_account_with_a_role(as_user, world):
    c = as_user(world.admin)
    assert c.get(reverse("user_new")).status_code == 200
    r = c.post(reverse("user_new"), {
        "username": "bithu.phongnv", "last_name": "Trần Thị", "first_name": "Mai", "email": "mai@example.vn",
        "organization": world.cell_b.pk, "role": "cell_secretary", "password": "Dang-vu-2026!x",
        "password2": "Dang-vu-2026!x",
    })
    user = User.objects.get(username="bithu.phongnv")
    assert r.status_code == 302 and r["Location"] == reverse("user_detail", args=[user.pk])
    assert user.check_password("Dang-vu-2026!x") and user.get_full_name() == "Mai Trần Thị"
    assert Assignment.objects.get(user=user).organization == world.cell_b
    assert set(AuditEntry.objects.filter(actor=world.admin).values_list("action", flat=True)) == {
        "user_create", "assignment_add"}
    assert "bithu.phongnv" in c.get(reverse("user_list"), {"q": "phongnv"}).content.decode()


def test_bad_input_names_the_field_and_writes_nothing(as_user, world):
    c = as_user(world.admin)
    before = (User.objects.count(), AuditEntry.objects.count())
    r = c.post(reverse("user_new"), {"username": "canbo.khoi", "organization": world.cell_b.pk,
                                     "role": "viewer", "password": "Dang-vu-2026!x", "password2": "Dang-vu-2026!x"})
    assert r.status_code == 400 and "đã có người dùng" in r.content.decode()
    r = c.post(reverse("user_new"), {"username": "moi", "organization": "", "role": "", "password": "a",
                                     "password2": "b"})
    html = r.content.decode()
    assert r.status_code == 400 and "Chưa chọn «Tổ chức»" in html and "không khớp" in html
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_assign_unassign_reset_password_deactivate_and_reactivate(as_user, world):
    c = as_user(world.admin)
    url = reverse("user_detail", args=[world.viewer.pk])
    assert c.post(url, {"action": "assign", "assign-organization": world.cell_c.pk,
                        "assign-role": "cell_secretary"}).status_code == 302
    a = Assignment.objects.get(user=world.viewer, organization=world.cell_c)
    assert c.post(url, {"action": "unassign", "assignment": a.pk, "reason": "Chuyển công tác"}).status_code == 302
    assert not Assignment.objects.filter(pk=a.pk).exists()
    a = Assignment.history.get(pk=a.pk)  # ended, kept as the account's history
    assert a.ended_on is not None and a.ended_by == world.admin and a.reason == "Chuyển công tác"
    page = c.get(url).content.decode()
    assert "Lịch sử vai trò" in page and "Chuyển công tác" in page
    r = c.post(url, {"action": "password", "password-password": "Mat-khau-moi-2026", "password-password2": "x"})
    assert r.status_code == 400 and "không khớp" in r.content.decode()
    assert c.post(url, {"action": "password", "password-password": "Mat-khau-moi-2026",
                        "password-password2": "Mat-khau-moi-2026"}).status_code == 302
    world.viewer.refresh_from_db()
    assert world.viewer.check_password("Mat-khau-moi-2026")
    assert c.post(url, {"action": "deactivate"}).status_code == 302
    world.viewer.refresh_from_db()
    assert not world.viewer.is_active
    assert c.post(url, {"action": "reactivate"}).status_code == 302
    world.viewer.refresh_from_db()
    assert world.viewer.is_active
    actions = list(AuditEntry.objects.filter(object_type="auth.user", object_id=str(world.viewer.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions[-4:] == ["assignment_remove", "user_set_password", "user_deactivate", "user_reactivate"]
    r = c.get(reverse("audit_log"), {"object_type": "auth.user", "object_id": world.viewer.pk})
    assert "đã khóa tài khoản" in r.content.decode()


def test_an_administrator_cannot_close_their_own_account(as_user, world):
    c = as_user(world.admin)
    r = c.post(reverse("user_detail", args=[world.admin.pk]), {"action": "deactivate"}, follow=True)
    assert "Không thể tự khóa" in r.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_it_validates_scope(as_user, world):
    assert as_user(world.officer).get(reverse("user_list")).status_code == 403
    assert as_user(world.officer).post(reverse("user_detail", args=[world.viewer.pk]),
                                       {"action": "deactivate"}).status_code == 403
    # A cell's administrator sees only the accounts working inside that cell.
    from dangvu.accounts.models import Role
    from tests.conftest import make_user

    cell_admin = make_user("quantri.chibo", world.cell_l, Role.PROVINCE_ADMIN)
    c = as_user(cell_admin)
    assert c.get(reverse("user_detail", args=[world.officer.pk])).status_code == 404
    assert c.get(reverse("user_detail", args=[world.other_secretary.pk])).status_code == 200


def test_removing_a_role_ends_it_and_assigning_again_gives_it_back(as_user, world):
    from dangvu.orgs.scope import can

    c = as_user(world.admin)
    url = reverse("user_detail", args=[world.viewer.pk])
    c.post(url, {"action": "assign", "assign-organization": world.cell_c.pk, "assign-role": "cell_secretary"})
    a = Assignment.objects.get(user=world.viewer, organization=world.cell_c)
    c.post(url, {"action": "unassign", "assignment": a.pk})
    viewer = User.objects.get(pk=world.viewer.pk)
    assert not can(viewer, "record_member", world.cell_c)  # an ended role gives no scope
    again = c.post(url, {"action": "unassign", "assignment": a.pk}, follow=True)  # ended: not found any more
    assert "Không có phân công này" in again.content.decode()
    c.post(url, {"action": "assign", "assign-organization": world.cell_c.pk, "assign-role": "cell_secretary"})
    viewer = User.objects.get(pk=world.viewer.pk)
    assert can(viewer, "record_member", world.cell_c)
    rows = Assignment.history.filter(user=world.viewer, organization=world.cell_c).order_by("id")
    assert [r.ended_on is None for r in rows] == [False, True]
