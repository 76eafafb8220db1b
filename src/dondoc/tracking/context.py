"""Template context: the user's roles, for menus, and the count of unread notifications (the bell)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dondoc.tracking.models import Notification
from dondoc.tracking.services import access


def roles(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "is_office": access.is_office(user),
        "is_leader": access.is_leader(user),
        "is_unit_user": access.is_unit_user(user),
        "is_registry_admin": access.can_manage_registry(user),
        "is_admin": access.is_admin(user),
        "user_unit": access.unit_of(user),
        "unread_notifications": (
            Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
            if user.is_authenticated
            else 0
        ),
    }
