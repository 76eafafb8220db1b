"""Reminders (đôn đốc): the office's policy, what was sent, in-app notifications, calendar tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

DEFAULT_DAYS_BEFORE = [7, 3, 1]


def _default_days_before() -> list[int]:
    return list(DEFAULT_DAYS_BEFORE)


class ReminderPolicy(models.Model):
    """When units are reminded. One row (the office edits it); ``current()`` creates it with the defaults."""

    days_before = models.JSONField("nhắc trước hạn (số ngày)", default=_default_days_before)
    on_the_day = models.BooleanField("nhắc vào ngày đến hạn", default=True)
    overdue_every_days = models.PositiveIntegerField("nhắc lại khi quá hạn, mỗi (ngày)", default=7)
    no_deadline_every_days = models.PositiveIntegerField(
        "đề nghị báo cáo tiến độ nhiệm vụ không thời hạn, mỗi (ngày)", default=30
    )
    leader_weekday = models.PositiveSmallIntegerField(
        "ngày gửi tổng hợp cho Lãnh đạo (0 = thứ Hai … 6 = Chủ nhật)", default=0
    )
    email_enabled = models.BooleanField("gửi thư điện tử", default=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")

    class Meta:
        verbose_name = "cấu hình nhắc việc"
        verbose_name_plural = "cấu hình nhắc việc"

    def __str__(self) -> str:
        return "Cấu hình nhắc việc"

    @classmethod
    def current(cls) -> ReminderPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls.objects.create()


class ReminderKind(models.TextChoices):
    UNIT_DIGEST = "tong_hop_don_vi", "Tổng hợp hằng ngày cho đơn vị"
    LEADER_SUMMARY = "tong_hop_lanh_dao", "Tổng hợp hằng tuần cho Lãnh đạo"


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    APP = "ung_dung", "Thông báo trong hệ thống"


class DeliveryStatus(models.TextChoices):
    PENDING = "dang_gui", "Đang gửi"
    SENT = "da_gui", "Đã gửi"
    FAILED = "loi", "Gửi lỗi"


class TaskReason(models.TextChoices):
    DUE_SOON = "sap_den_han", "Sắp đến hạn"
    DUE_TODAY = "den_han", "Đến hạn hôm nay"
    OVERDUE = "qua_han", "Quá hạn"
    NO_DEADLINE = "khong_han", "Không thời hạn: đề nghị báo cáo tiến độ"


class ReminderLog(models.Model):
    """One message of one run: a unit's daily digest or a leader's weekly summary, on one channel.

    ``(day, kind, channel, recipient)`` is unique: running the job twice on a day sends nothing twice."""

    day = models.DateField("ngày nhắc")
    kind = models.CharField("loại", max_length=20, choices=ReminderKind.choices)
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=40, verbose_name="nơi nhận")  # "don_vi:<id>" or "nguoi_dung:<id>"
    unit = models.ForeignKey(
        "tracking.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_logs",
        verbose_name="đơn vị",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người dùng",
    )
    addresses = models.JSONField("người nhận", default=list, blank=True)
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    task_count = models.PositiveIntegerField("số nhiệm vụ", default=0)
    status = models.CharField(
        "tình trạng", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhắc việc"
        verbose_name_plural = "lượt nhắc việc"
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "channel", "recipient"], name="one_reminder_per_day"
            )
        ]
        indexes = [models.Index(fields=["status", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.subject}"


class ReminderItem(models.Model):
    """A task listed in a digest, and why (the record of every reminder sent about a task)."""

    log = models.ForeignKey(
        ReminderLog, on_delete=models.CASCADE, related_name="items", verbose_name="lượt nhắc"
    )
    task = models.ForeignKey(
        "tracking.Task", on_delete=models.CASCADE, related_name="reminders", verbose_name="nhiệm vụ"
    )
    reason = models.CharField("lý do", max_length=12, choices=TaskReason.choices)

    class Meta:
        verbose_name = "nhiệm vụ được nhắc"
        verbose_name_plural = "nhiệm vụ được nhắc"
        indexes = [models.Index(fields=["task", "log"])]


class Notification(models.Model):
    """An in-app notification (the bell in the header)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="người dùng",
    )
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in the URL of an iCal feed: a user's tasks or a unit's; revoked, the URL stops working."""

    token = models.CharField(
        max_length=64, unique=True, default=_new_token, editable=False, verbose_name="mã bí mật"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="người dùng",
    )
    unit = models.ForeignKey(
        "tracking.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name="đơn vị",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã lịch"
        verbose_name_plural = "mã lịch"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, unit__isnull=True)
                | models.Q(user__isnull=True, unit__isnull=False),
                name="calendar_token_user_or_unit",
            )
        ]

    def __str__(self) -> str:
        return f"Lịch {self.unit or self.user}"
