"""Accounts in one step: a user with their role (group) and unit, and the install's first admin.

The admin's unit-officer page and ``dondoc setup`` are thin shells over these functions; passwords go
through Django's validators (Vietnamese messages), every account created writes an audit event."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dondoc.tracking.models import Profile, Role, Unit
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError

STAFF_ROLES = (Role.ADMIN, Role.OFFICE)  # the roles that open the admin pages


def _check_new(username: str, password: str, user_fields: dict[str, str]) -> None:
    if not username.strip():
        raise ServiceError("Vui lòng nhập tên đăng nhập.")
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise ServiceError(f"Tên đăng nhập «{username.strip()}» đã có người dùng.")
    try:
        validate_password(password, User(username=username, **user_fields))
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc


def create_account(
    actor: AnyUser | None,
    *,
    username: str,
    password: str,
    full_name: str,
    role: Role,
    unit: Unit | None,
    email: str = "",
) -> User:
    """A user with one role and (for a unit officer, required) a unit; by an admin, or by setup."""
    if actor is not None and not access.is_admin(actor):
        raise Forbidden("Chỉ Quản trị mới tạo được tài khoản.")
    if role == Role.UNIT and unit is None:
        raise ServiceError("Cán bộ đơn vị phải thuộc một đơn vị: hãy chọn đơn vị.")
    if role == Role.ADMIN and actor is not None and not getattr(actor, "is_superuser", False):
        raise Forbidden("Chỉ siêu quản trị mới tạo được tài khoản Quản trị.")
    _check_new(username, password, {"first_name": full_name, "email": email})
    with transaction.atomic():
        user = User.objects.create_user(username.strip(), email=email.strip(), password=password)
        user.first_name = full_name.strip()
        user.is_staff = role in STAFF_ROLES
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
        Profile.objects.update_or_create(user=user, defaults={"unit": unit})
        audit.record(
            actor if isinstance(actor, User) else None,
            "account.created",
            f"Tạo tài khoản «{user.username}»: vai trò {role.label}"
            + (f", đơn vị {unit.name}" if unit else "")
            + ".",
            unit=unit,
        )
    return user


def create_first_admin(username: str, password: str, email: str = "") -> User:
    """The install's first administrator: a superuser with the Quản trị role."""
    _check_new(username, password, {"email": email})
    with transaction.atomic():
        user = User.objects.create_superuser(username.strip(), email=email.strip(), password=password)
        user.groups.set([Group.objects.get_or_create(name=Role.ADMIN.value)[0]])
        Profile.objects.get_or_create(user=user)
        audit.record(None, "account.created", f"Tạo quản trị viên đầu tiên «{user.username}» (dondoc setup).")
    return user
