"""Account administration pages: list and find accounts, create one with its first role, give and take back
roles over an organisation's subtree, reset a password, close and reopen an account. Every write goes through
dangvu.accounts.services (audited); the pages live in web because they pick organisations (orgs sits above
accounts)."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.accounts import services
from dangvu.accounts.models import Assignment, Role
from dangvu.accounts.selectors import assignments_history
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.orgs.forms import OrgChoiceField, VnForm, active_orgs
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of

from .views import is_auditor

USERS_PAGE_SIZE = 50
ROLE_CHOICES = [("", "— Chọn vai trò —"), *Role.choices]


def _new_password(label: str) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class UserFilterForm(VnForm):
    q = forms.CharField(label="Tên đăng nhập hoặc họ tên", required=False, max_length=150,
                        widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label="Tình trạng", required=False, choices=[
        ("", "Tất cả"), ("active", "Đang hoạt động"), ("inactive", "Đã khóa")])


class AssignmentForm(VnForm):
    organization = OrgChoiceField(label="Tổ chức", queryset=Organization.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=ROLE_CHOICES)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = active_orgs(actor)


class NewUserForm(AssignmentForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "off", "placeholder": "vd. bithu.vanphong"}))
    last_name = forms.CharField(label="Họ và tên đệm", max_length=150, required=False)
    first_name = forms.CharField(label="Tên", max_length=150, required=False)
    email = forms.CharField(label="Thư điện tử", max_length=254, required=False)
    password = _new_password("Mật khẩu ban đầu")
    password2 = _new_password("Nhập lại mật khẩu")
    field_order = ["username", "last_name", "first_name", "email", "organization", "role", "password", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "«Nhập lại mật khẩu» không khớp với «Mật khẩu ban đầu».")
        return data


class PasswordForm(VnForm):
    password = _new_password("Mật khẩu mới")
    password2 = _new_password("Nhập lại mật khẩu mới")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "«Nhập lại mật khẩu mới» không khớp với «Mật khẩu mới».")
        return data


class ProfileForm(VnForm):
    last_name = forms.CharField(label="Họ và tên đệm", max_length=150, required=False)
    first_name = forms.CharField(label="Tên", max_length=150, required=False)
    email = forms.CharField(label="Thư điện tử", max_length=254, required=False)


def _require_administrator(user: Any) -> None:
    if not is_auditor(user):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý tài khoản người dùng.")


def users_visible(actor: Any) -> QuerySet[User]:
    """Accounts an administrator manages: every account for a superuser or a province administrator, otherwise
    those with a role inside the administrator's subtrees."""
    scope = scope_of(actor)
    qs = User.objects.all()
    if not (actor.is_superuser or scope.everything):
        qs = qs.filter(assignments__organization_id__in=scope.org_ids).distinct()
    return qs.prefetch_related(
        Prefetch("assignments",
                 queryset=Assignment.objects.select_related("organization").order_by("organization__path"))
    )


def user_get(actor: Any, user_id: int) -> User:
    user = users_visible(actor).filter(pk=user_id).first()
    if user is None:
        raise NotVisible
    return user


@scoped_view
def user_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request.user)
    form = UserFilterForm(request.GET or None)
    users = users_visible(request.user).order_by("username")
    if form.is_bound and form.is_valid():
        q = form.cleaned_data.get("q", "").strip()
        if q:
            users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q))
        state = form.cleaned_data.get("state")
        if state:
            users = users.filter(is_active=state == "active")
    page = Paginator(users, USERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/users.html", {"form": form, "page": page})


@scoped_view
def user_new(request: HttpRequest) -> HttpResponse:
    _require_administrator(request.user)
    form = NewUserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user, username=d["username"], password=d["password"], organization=d["organization"],
                role=d["role"], email=d.get("email", ""), first_name=d.get("first_name", ""),
                last_name=d.get("last_name", ""),
            )
        except DomainError as e:
            add_domain_error(form, e, aliases={"organization_id": "organization"})
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("user_detail", pk=user.pk)
    return render(request, "web/user_new.html", {"form": form}, status=400 if form.is_bound else 200)


def _detail(request: HttpRequest, user: User, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    bound = bound or {}
    context = {
        "account": user,
        "assignments": list(user.assignments.all()),  # type: ignore[attr-defined]
        "role_history": assignments_history(user),
        "assignment_form": bound.get("assign") or AssignmentForm(actor=request.user, prefix="assign"),
        "password_form": bound.get("password") or PasswordForm(prefix="password"),
        "profile_form": bound.get("profile") or ProfileForm(prefix="profile", initial={
            "first_name": user.first_name, "last_name": user.last_name, "email": user.email}),
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "web/user_detail.html", context, status=400 if bound else 200)


def _run(request: HttpRequest, user: User, action: str) -> tuple[str | None, dict[str, forms.Form]]:
    """One administrative action on `user`; a success message, or the bound form that failed."""
    actor = request.user
    if action == "assign":
        form: forms.Form = AssignmentForm(request.POST, actor=actor, prefix="assign")
        if form.is_valid():
            org, role = form.cleaned_data["organization"], form.cleaned_data["role"]
            services.assignment_add(actor=actor, user=user, organization=org, role=role)
            return f"Đã phân công {user.username}: {Role(role).label} — {org.name}.", {}
        return None, {"assign": form}
    if action == "unassign":
        raw = request.POST.get("assignment") or ""
        assignment = Assignment.objects.select_related("organization").filter(
            user=user, pk=int(raw) if raw.isdigit() and len(raw) < 12 else -1).first()
        if assignment is None:
            raise DomainError("Không có phân công này.", field="assignment", rule="unknown")
        services.assignment_remove(actor=actor, assignment=assignment, reason=request.POST.get("reason") or "")
        return f"Đã thu hồi vai trò {assignment.get_role_display()} — {assignment.organization.name}.", {}
    if action == "password":
        form = PasswordForm(request.POST, prefix="password")
        if form.is_valid():
            services.user_set_password(actor=actor, user=user, password=form.cleaned_data["password"])
            return f"Đã đặt lại mật khẩu cho {user.username}.", {}
        return None, {"password": form}
    if action == "profile":
        form = ProfileForm(request.POST, prefix="profile")
        if form.is_valid():
            services.user_update(actor=actor, user=user, **form.cleaned_data)
            return "Đã lưu thông tin tài khoản.", {}
        return None, {"profile": form}
    if action == "deactivate":
        services.user_deactivate(actor=actor, user=user)
        return f"Đã khóa tài khoản {user.username}.", {}
    if action == "reactivate":
        services.user_reactivate(actor=actor, user=user)
        return f"Đã mở lại tài khoản {user.username}.", {}
    raise DomainError("Thao tác không hợp lệ.", field="action", rule="choices")


FORM_OF_ACTION = {"assign": "assign", "password": "password", "profile": "profile"}


@scoped_view
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request.user)
    user = user_get(request.user, pk)
    if request.method != "POST":
        return _detail(request, user)
    action = request.POST.get("action") or ""
    try:
        message, bound = _run(request, user, action)
    except DomainError as e:
        form_key = FORM_OF_ACTION.get(action)
        if form_key is None:
            messages.error(request, e.message)
            return redirect("user_detail", pk=user.pk)
        form = {"assign": lambda: AssignmentForm(request.POST, actor=request.user, prefix="assign"),
                "password": lambda: PasswordForm(request.POST, prefix="password"),
                "profile": lambda: ProfileForm(request.POST, prefix="profile")}[form_key]()
        form.is_valid()
        add_domain_error(form, e, aliases={"organization_id": "organization"})
        return _detail(request, user_get(request.user, pk), {form_key: form})
    if message is None:
        return _detail(request, user, bound)
    messages.success(request, message)
    return redirect("user_detail", pk=user.pk)
