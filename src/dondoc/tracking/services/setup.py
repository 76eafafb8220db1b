"""Roles as Django groups with their model permissions (idempotent; run by ``dondoc demo`` and tests)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from dondoc.tracking.models import Role

_REGISTRY_MODELS = ("unit", "unitalias", "unitgroup", "profile")
_ADMIN_EXTRA = ("user", "group")


def ensure_roles() -> dict[str, Group]:
    groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    registry = Permission.objects.filter(
        content_type__app_label="tracking", content_type__model__in=_REGISTRY_MODELS
    )
    users = Permission.objects.filter(content_type__app_label="auth", content_type__model__in=_ADMIN_EXTRA)
    # Sign-in lockouts (django-axes): the administrator sees them and lifts one by deleting it.
    lockouts = Permission.objects.filter(
        content_type__app_label="axes", codename__in=("view_accessattempt", "delete_accessattempt")
    )
    groups[Role.ADMIN.value].permissions.set([*registry, *users, *lockouts])
    groups[Role.OFFICE.value].permissions.set(list(registry))
    return groups
