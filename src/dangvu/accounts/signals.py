"""Revoke a user's API tokens when the password changes or the account is deactivated, on every path that does
it (services, the admin, Django's changepassword command): a pre_save receiver compares with the stored row."""

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .tokens import tokens_revoke_all

WATCHED = {"password", "is_active"}


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dangvu_user_pre_save_tokens")
def remember_credentials(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Note whether this save changes the password or deactivates the account (one query, only when it may)."""
    instance._revoke_tokens_reason = None
    if instance.pk is None or kwargs.get("raw") or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password:
        raw = getattr(instance, "_password", None)
        # Django re-hashes the same password on sign-in when the hasher's cost changes: not a new password.
        if raw is None or not check_password(raw, old["password"]):
            instance._revoke_tokens_reason = "password_changed"
    elif old["is_active"] and not instance.is_active:
        instance._revoke_tokens_reason = "deactivated"


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dangvu_user_post_save_tokens")
def revoke_tokens(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    reason = getattr(instance, "_revoke_tokens_reason", None)
    if reason and not created:
        instance._revoke_tokens_reason = None
        with transaction.atomic():
            tokens_revoke_all(actor=None, user=instance, reason=reason)
