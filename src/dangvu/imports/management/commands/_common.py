"""Shared by `dangvu import` and `dangvu export`: the acting account and the organisation named on the command
line."""


from django.contrib.auth.models import User
from django.core.management.base import CommandError

from dangvu.imports.refs import by_export_code
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import default_organization

VIA = "dòng lệnh"


def acting_user(username: str) -> User:
    """--username, else the first active superuser: the account whose scope and roles the command uses (and whom
    the audit log names, with via "dòng lệnh")."""
    users = User.objects.filter(is_active=True)
    user = (users.filter(username=username) if username else users.filter(is_superuser=True).order_by("id")).first()
    if user is None:
        raise CommandError(f"--username: không có tài khoản '{username}' đang hoạt động." if username else
                           "--username: chưa có tài khoản quản trị hệ thống; chỉ rõ tài khoản thực hiện.",
                           returncode=2)
    return user


def organization(user: User, ref: str) -> Organization:
    """--organization by code, an export's DV reference, number or exact name, inside the user's scope; without
    it, the user's default organisation. One answer for unknown and outside the scope."""
    if not ref:
        org = default_organization(user)
        if org is None:
            raise CommandError("--organization: tài khoản chưa được phân công tổ chức nào; chỉ rõ tổ chức.",
                               returncode=2)
        return org
    found = Organization.objects.filter(code=ref).first()
    if found is None:
        found = by_export_code(ref, Organization.objects.filter(code__isnull=True).in_bulk())
    if found is None and ref.isdigit() and len(ref) < 12:
        found = Organization.objects.filter(pk=int(ref)).first()
    if found is None:
        named = list(Organization.objects.filter(name=ref))
        living = [o for o in named if o.dissolved_on is None] or named
        if len(living) > 1:
            raise CommandError(f"--organization: tên '{ref}' trùng nhiều tổ chức; ghi mã tổ chức.", returncode=2)
        found = living[0] if living else None
    if found is None or not scope_of(user).sees(found.pk):
        raise CommandError(f"--organization: không có tổ chức '{ref}' trong phạm vi của tài khoản.", returncode=2)
    return found


