"""Two-factor sign-in (django-otp): a TOTP device per user, one-time recovery codes (static tokens), required
of the roles in settings.DANGVU_2FA_REQUIRED_ROLES and optional for everyone else. Every change is audited."""

from __future__ import annotations

import base64
import io
from binascii import unhexlify
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotAllowed

from .models import Assignment, Role
from .services import _require_admin_over

SESSION_KEY = "dangvu_2fa"  # "verify" | "setup" | "": what the session still owes, decided at sign-in
RECOVERY_DEVICE = "Mã khôi phục"
TOTP_DEVICE = "Ứng dụng xác thực"


def required_for(user: Any) -> bool:
    """Whether this user must sign in with a second factor (a role in DANGVU_2FA_REQUIRED_ROLES; a superuser
    counts as an administrator)."""
    required = set(getattr(settings, "DANGVU_2FA_REQUIRED_ROLES", []))
    if not required or not getattr(user, "is_authenticated", False):
        return False
    if (user.is_superuser or user.is_staff) and Role.PROVINCE_ADMIN in required:
        return True
    return Assignment.objects.filter(user=user, role__in=required).exists()


def enrolled(user: Any) -> bool:
    """The user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_state(user: Any) -> str:
    """What a new session of this user owes: "verify" (has an authenticator), "setup" (must enrol) or ""."""
    if enrolled(user):
        return "verify"
    return "setup" if required_for(user) else ""


@receiver(user_logged_in, dispatch_uid="dangvu_2fa_state")
def remember_state(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # API sign-ins (POST /api/v1/auth/token) keep no session.
    if request is not None and hasattr(request, "session") and not request.path.startswith("/api/"):
        request.session[SESSION_KEY] = second_factor_state(user)


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator of an enrolment in progress (a new secret when none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app by hand."""
    raw = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (drawn here, no script, no third party)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()


@transaction.atomic
def otp_enrol(*, request: HttpRequest, user: Any, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from the app; the session counts as verified. Returns new
    recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise DomainError("Chưa có ứng dụng xác thực đang chờ xác nhận; hãy tải lại trang.", field="token",
                          rule="otp_pending")
    if not device.verify_token(_clean(token)):
        raise DomainError("Mã xác thực không đúng hoặc đã hết hạn (mỗi mã dùng được 30 giây).", field="token",
                          rule="otp_invalid")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator at a time: the new one
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    audit(user, "otp_enrol", user, after={"user_id": user.pk, "device_id": device.pk})
    return _new_recovery_codes(user)


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()  # the old codes stop working
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(getattr(settings, "DANGVU_RECOVERY_CODES", 10))]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def otp_recovery_codes_renew(*, user: Any) -> list[str]:
    """New recovery codes for an enrolled user (the old ones stop working)."""
    if not enrolled(user):
        raise DomainError("Chưa bật xác thực hai bước.", field="token", rule="otp_not_enrolled")
    codes = _new_recovery_codes(user)
    audit(user, "otp_recovery_codes_renew", user, after={"user_id": user.pk, "count": len(codes)})
    return codes


def otp_verify(*, request: HttpRequest | None, user: Any, token: str) -> Any:
    """Check a code from the app or a recovery code (each recovery code works once); the session counts as
    verified. Throttled by django-otp (each failure doubles the wait). Returns the device that matched."""
    token = _clean(token)
    device = django_otp.match_token(user, token) if token else None
    if device is None:
        with transaction.atomic():
            audit(user, "otp_verify_failed", user, after={"user_id": user.pk})
        raise DomainError("Mã xác thực hoặc mã khôi phục không đúng; chờ giây lát rồi thử lại.", field="token",
                          rule="otp_invalid")
    with transaction.atomic():
        if isinstance(device, StaticDevice):
            left = StaticToken.objects.filter(device=device).count()
            audit(user, "otp_recovery_code_used", user, after={"user_id": user.pk, "codes_left": left})
        else:
            audit(user, "otp_verify", user, after={"user_id": user.pk})
    if request is not None:
        django_otp.login(request, device)
    return device


@transaction.atomic
def otp_disable(*, actor: Any, user: Any) -> None:
    """Remove the user's authenticator and recovery codes: by themselves where it is optional, or by an
    administrator (lost phone: the user enrols again at the next sign-in)."""
    if actor is not None and actor.pk == user.pk:
        if required_for(user):
            raise NotAllowed("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt.")
    else:
        _require_admin_over(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit(actor, "otp_disable", user, after={"user_id": user.pk})


def check_api_second_factor(user: Any, otp: str) -> None:
    """POST /auth/token: an enrolled user also sends `otp` (app or recovery code); a user who must use two
    factors and has not enrolled is refused until they enrol on the web."""
    if enrolled(user):
        if not otp:
            raise DomainError("Tài khoản dùng xác thực hai bước: gửi thêm trường 'otp' (mã 6 số từ ứng dụng "
                              "hoặc một mã khôi phục).", field="otp", rule="otp_required")
        otp_verify(request=None, user=user, token=otp)
    elif required_for(user):
        raise NotAllowed("Vai trò của bạn bắt buộc xác thực hai bước: hãy đăng nhập trang web để bật xác thực hai "
                         "bước trước khi lấy mã truy cập API.")
