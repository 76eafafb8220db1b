"""Receivers: API tokens die with a sign-out and with a password change (which is audited, without
the password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="dondoc-revoke-tokens-on-logout")
def revoke_on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    from dondoc.tracking.api.tokens import revoke_tokens

    revoke_tokens(user)


@receiver(pre_save, sender=User, dispatch_uid="dondoc-revoke-tokens-on-password-change")
def revoke_on_password_change(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    """Whatever changes the password (the admin, ``changepassword``, a reset), the stored hash
    changes: then every token of the account is revoked."""
    if raw or instance.pk is None:
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        from dondoc.tracking.api.tokens import revoke_tokens
        from dondoc.tracking.services import audit

        revoke_tokens(instance)
        audit.record(
            None,
            "user.password_changed",
            f"Đổi mật khẩu tài khoản «{instance.username}»; mọi mã truy cập API của tài khoản bị thu hồi.",
        )


def _audit_unlock(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An admin clearing a lockout (the «Access attempts» page, ``axes_reset``) is audited."""
    from dondoc.tracking.services import audit

    audit.record(
        None,
        "login.unlocked",
        f"Mở khóa đăng nhập: xóa lượt đăng nhập sai của «{instance.username}»"
        f" từ địa chỉ {instance.ip_address}.",
    )


def connect_unlock_audit() -> None:
    from axes.models import AccessAttempt
    from django.db.models.signals import post_delete

    post_delete.connect(_audit_unlock, sender=AccessAttempt, dispatch_uid="dondoc-audit-unlock")


connect_unlock_audit()
