"""What units send back: progress reports (with files) and extension requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportKind(models.TextChoices):
    PROGRESS = "tien_do", "Báo cáo tiến độ"
    COMPLETION = "hoan_thanh", "Báo cáo hoàn thành"
    REFUSAL = "tu_choi", "Đề nghị chuyển đơn vị khác"


class ProgressReport(models.Model):
    task = models.ForeignKey(
        "tracking.Task", on_delete=models.CASCADE, related_name="reports", verbose_name="nhiệm vụ"
    )
    kind = models.CharField("loại", max_length=12, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    text = models.TextField("nội dung báo cáo")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người báo cáo",
    )
    unit = models.ForeignKey(
        "tracking.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="đơn vị",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="thời điểm báo cáo")

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["created_at", "id"]


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name="báo cáo"
    )
    file = models.FileField(upload_to="reports/%Y/%m/", verbose_name="tệp")
    original_name = models.CharField(max_length=255, verbose_name="tên tệp")
    size = models.PositiveIntegerField(verbose_name="dung lượng (byte)")
    sha256 = models.CharField(max_length=64, verbose_name="mã băm SHA-256")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"


class ExtensionDecision(models.TextChoices):
    PENDING = "cho_quyet_dinh", "Chờ quyết định"
    APPROVED = "dong_y", "Đồng ý"
    REJECTED = "khong_dong_y", "Không đồng ý"


class Extension(models.Model):
    task = models.ForeignKey(
        "tracking.Task", on_delete=models.CASCADE, related_name="extensions", verbose_name="nhiệm vụ"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người đề nghị",
    )
    old_deadline = models.DateField("thời hạn cũ", null=True, blank=True)
    requested_deadline = models.DateField("thời hạn đề nghị")
    reason = models.TextField("lý do")
    decision = models.CharField(
        "quyết định", max_length=15, choices=ExtensionDecision.choices, default=ExtensionDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name="thời điểm quyết định")
    decision_note = models.TextField("ý kiến", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="thời điểm đề nghị")

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        ordering = ["created_at", "id"]
        constraints = [
            # At most one request waiting for a decision per task, whatever races to write a second.
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(decision=ExtensionDecision.PENDING),
                name="one_pending_extension_per_task",
            )
        ]
