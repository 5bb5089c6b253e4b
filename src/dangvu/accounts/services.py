"""Writes on users and their assignments. One transaction each, audited (never the password hash).

`actor=None` means the operator at the command line, who owns the database anyway; any other actor
must be a superuser or hold a role with "admin" on the organisation's subtree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError, NotAllowed

from .models import ROLE_ACTIONS, Assignment, Role

if TYPE_CHECKING:  # accounts sits below orgs: the type only, no import at run time.
    from django.contrib.auth.models import User

    from dangvu.orgs.models import Organization

# What the audit log keeps of a user: never the password hash.
USER_AUDIT_FIELDS = ["id", "username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]


def organization_model() -> type[Organization]:
    """orgs.Organization without importing the higher app (the Assignment foreign key names it)."""
    return Assignment._meta.get_field("organization").related_model  # type: ignore[return-value]


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _require_admin(actor: Any, organization: Organization | None) -> None:
    """The command line (actor None) and superusers may; otherwise an "admin" role over the subtree."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    assignments = Assignment.objects.filter(user=actor).values_list("organization_id", "role")
    segments = {int(s) for s in (organization.path if organization else "").split(".") if s}
    for org_id, role in assignments:
        if "admin" in ROLE_ACTIONS.get(role, set()) and (organization is None or org_id in segments):
            return
    raise NotAllowed("Chỉ quản trị hệ thống được quản lý tài khoản người dùng.")


def _require_admin_over(actor: Any, user: User) -> None:
    """Changing someone else's account needs admin over every organisation the account works in."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if user.is_superuser:
        raise NotAllowed("Chỉ quản trị viên cấp cao nhất được thay đổi tài khoản quản trị viên cấp cao nhất.")
    orgs = [a.organization for a in Assignment.objects.filter(user=user).select_related("organization")]
    if not orgs:
        _require_admin(actor, None)
    for org in orgs:
        _require_admin(actor, org)


def check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", field="username", rule="required")
    if len(username) > 150:
        raise DomainError("Tên đăng nhập dài quá 150 ký tự.", field="username", rule="max_length")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise DomainError(
            "Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _ (không có khoảng trắng).",
            field="username",
            rule="username_format",
        ) from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập '{username}' đã có người dùng.", field="username", rule="username_unique")
    return username


def check_password(password: str, user: Any = None) -> str:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), messages in Vietnamese."""
    with translation.override("vi"):
        try:
            validate_password(password or "", user=user)
        except ValidationError as e:
            raise DomainError(
                "Mật khẩu không đạt: " + " ".join(str(m) for m in e.messages), field="password", rule="password"
            ) from None
    return password


def check_role(role: str) -> str:
    if role not in Role.values:
        allowed = ", ".join(f"{r.value} ({r.label})" for r in Role)
        raise DomainError(f"Vai trò '{role}' không hợp lệ; chọn một trong: {allowed}.", field="role", rule="choices")
    return role


def check_assignable(organization: Organization | None) -> Organization:
    if organization is None:
        raise DomainError("Chưa chọn tổ chức.", field="organization_id", rule="required")
    if organization.dissolved_on is not None:
        raise DomainError(
            f"{organization.name} đã giải thể/sáp nhập từ {organization.dissolved_on:%d/%m/%Y}; "
            "không thể phân công vào tổ chức này.",
            field="organization_id",
            rule="org_active",
        )
    return organization


@transaction.atomic
def assignment_add(*, actor: Any, user: User, organization: Organization, role: str) -> Assignment:
    """Give `user` the `role` over `organization`'s subtree."""
    role = check_role(role)
    check_assignable(organization)
    _require_admin(actor, organization)
    if Assignment.objects.filter(user=user, organization=organization, role=role).exists():
        raise DomainError(
            f"{user.username} đã có vai trò {Role(role).label} tại {organization.name}.",
            field="role",
            rule="assignment_unique",
        )
    assignment = Assignment.objects.create(user=user, organization=organization, role=role, created_by=_actor(actor))
    audit(_actor(actor), "assignment_add", assignment)
    return assignment


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    organization: Organization | None = None,
    role: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a user, with one assignment when `organization` and `role` are given; all or nothing."""
    username = check_username(username)
    if role is not None or organization is not None:
        check_role(role or "")
        check_assignable(organization)
    if is_superuser and actor is not None and not getattr(actor, "is_superuser", False):
        raise NotAllowed("Chỉ quản trị viên cấp cao nhất được tạo quản trị viên cấp cao nhất.")
    _require_admin(actor, organization)
    User = get_user_model()
    user = User(
        username=username,
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    check_password(password, user)
    user.set_password(password)
    user.save()
    audit(_actor(actor), "user_create", user, after=snapshot(user, USER_AUDIT_FIELDS))
    if organization is not None and role is not None:
        assignment_add(actor=actor, user=user, organization=organization, role=role)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Replace a user's password (validated like a new one)."""
    if _actor(actor) is None or actor.pk != user.pk:
        _require_admin_over(actor, user)
    check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(_actor(actor), "user_set_password", user, after=snapshot(user, USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def admin_ensure(*, actor: Any, username: str, password: str) -> tuple[User, bool]:
    """Make `username` a superuser with this password (created if missing) who also holds
    province_admin over the root organisation when there is one. Returns (user, created)."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise NotAllowed("Chỉ quản trị viên cấp cao nhất được cấp quyền quản trị viên cấp cao nhất.")
    User = get_user_model()
    user = User.objects.filter(username__iexact=(username or "").strip()).first()
    created = user is None
    if user is None:
        user = user_create(actor=actor, username=username, password=password, is_superuser=True)
    else:
        before = snapshot(user, USER_AUDIT_FIELDS)
        check_password(password, user)
        user.set_password(password)
        user.is_superuser = user.is_staff = user.is_active = True
        user.save(update_fields=["password", "is_superuser", "is_staff", "is_active"])
        audit(_actor(actor), "admin_ensure", user, before=before, after=snapshot(user, USER_AUDIT_FIELDS))
    root = organization_model().objects.filter(parent__isnull=True, dissolved_on__isnull=True).order_by("id").first()
    if (
        root is not None
        and not Assignment.objects.filter(user=user, organization=root, role=Role.PROVINCE_ADMIN).exists()
    ):
        assignment_add(actor=actor, user=user, organization=root, role=Role.PROVINCE_ADMIN)
    return user, created


@transaction.atomic
def login_unlock(*, actor: Any, username: str, ip_address: str | None = None) -> int:
    """Lift a sign-in lock (django-axes) of `username`, from one address or all; returns the records cleared."""
    from axes.models import AccessAttempt

    _require_admin(actor, None)
    username = (username or "").strip()
    if not username:
        raise DomainError("Chưa nhập tên đăng nhập cần mở khóa.", field="username", rule="required")
    attempts = AccessAttempt.objects.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    rows = list(attempts)
    for attempt in rows:
        audit(
            _actor(actor),
            "login_unlock",
            attempt,
            before={"username": attempt.username, "ip_address": attempt.ip_address,
                    "failures": attempt.failures_since_start},
            after={"unlocked": True},
        )
    attempts.delete()  # counters of failed sign-ins, not records: clearing them is the unlock
    return len(rows)


# ---------------------------------------------------------------- administration pages (web/users.py)


def _user_audit(user: User) -> dict[str, Any]:
    return snapshot(user, USER_AUDIT_FIELDS)


@transaction.atomic
def user_update(*, actor: Any, user: User, first_name: str, last_name: str, email: str) -> User:
    """Change the name and e-mail shown for an account."""
    _require_admin_over(actor, user)
    email = (email or "").strip()
    if len(email) > 254 or (email and ("@" not in email or " " in email)):
        raise DomainError(f"Địa chỉ thư điện tử '{email}' không hợp lệ.", field="email", rule="email")
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        if len((value or "").strip()) > 150:
            raise DomainError("Họ tên dài quá 150 ký tự.", field=name, rule="max_length")
    before = _user_audit(user)
    user.first_name, user.last_name, user.email = (first_name or "").strip(), (last_name or "").strip(), email
    user.save(update_fields=["first_name", "last_name", "email"])
    audit(_actor(actor), "user_update", user, before=before, after=_user_audit(user))
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """Close an account: it can no longer sign in; its history, assignments and audit entries stay."""
    _require_admin_over(actor, user)
    if _actor(actor) is not None and actor.pk == user.pk:
        raise DomainError("Không thể tự khóa tài khoản của chính mình.", field="user", rule="not_self")
    if not user.is_active:
        raise DomainError(f"Tài khoản {user.username} đã bị khóa.", field="user", rule="already_inactive")
    before = _user_audit(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit(_actor(actor), "user_deactivate", user, before=before, after=_user_audit(user))
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    """Open a closed account again."""
    _require_admin_over(actor, user)
    if user.is_active:
        raise DomainError(f"Tài khoản {user.username} đang hoạt động.", field="user", rule="already_active")
    before = _user_audit(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit(_actor(actor), "user_reactivate", user, before=before, after=_user_audit(user))
    return user


@transaction.atomic
def assignment_remove(*, actor: Any, assignment: Assignment, reason: str = "") -> Assignment:
    """Take a role back: the assignment is ended today (ended_on, ended_by, reason) and kept as the user's history;
    scope and role lookups read live assignments only. Assigning the role again gives it back (a new row)."""
    _require_admin(actor, assignment.organization)
    if _actor(actor) is not None and actor.pk == assignment.user_id and "admin" in ROLE_ACTIONS[assignment.role]:
        raise DomainError(
            "Không thể tự thu hồi vai trò quản trị của chính mình.", field="assignment", rule="not_self"
        )
    reason = " ".join((reason or "").split())
    if len(reason) > 255:
        raise DomainError("Lý do thu hồi dài quá 255 ký tự.", field="reason", rule="max_length")
    locked = Assignment.history.select_for_update().get(pk=assignment.pk)
    if locked.ended_on is not None:
        raise DomainError(
            f"Vai trò này đã được thu hồi từ ngày {locked.ended_on:%d/%m/%Y}.", field="assignment",
            rule="already_ended",
        )
    before = {"role": assignment.get_role_display(), "organization": assignment.organization.name}
    assignment.ended_on = timezone.localdate()
    assignment.ended_by = _actor(actor)
    assignment.reason = reason
    assignment.save(update_fields=["ended_on", "ended_by", "reason"])
    audit(_actor(actor), "assignment_remove", assignment.user, before=before,
          after={"role": None, "ended_on": assignment.ended_on.isoformat(), "reason": reason})
    return assignment

