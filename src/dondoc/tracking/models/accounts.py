"""Users' roles and units. Roles are Django groups; a unit user's unit is on the profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """The Django group names of the four roles."""

    OFFICE = "Văn phòng", "Văn phòng (chuyên viên)"
    LEADER = "Lãnh đạo", "Lãnh đạo"
    UNIT = "Đơn vị", "Đơn vị"
    ADMIN = "Quản trị", "Quản trị"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name="người dùng"
    )
    unit = models.ForeignKey(
        "tracking.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "hồ sơ người dùng"
        verbose_name_plural = "hồ sơ người dùng"

    def __str__(self) -> str:
        return f"{self.user} ({self.unit or '—'})"
