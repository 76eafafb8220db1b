"""Ingestion jobs: a received file waiting to be read, being read, read, or refused.

The web upload and the API store the file and create a job; a worker (``dondoc worker``, the one
``dondoc serve`` starts, or Celery workers) claims it with a conditional UPDATE on ``lease`` and runs
the ingestion service. The state lives in the database, so a job survives a restart; a job left
``processing`` by a worker that died (no heartbeat for ``DONDOC_JOB_STALE_SECONDS``) is claimed again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dondoc.tracking.models.documents import Document, DocumentSource


class JobState(models.TextChoices):
    QUEUED = "cho_xu_ly", "Đang chờ xử lý"
    PROCESSING = "dang_xu_ly", "Đang xử lý"
    DONE = "xong", "Đã xử lý xong"
    FAILED = "loi", "Lỗi"


class IngestJob(models.Model):
    file = models.FileField("tệp", upload_to="jobs/%Y/%m/", blank=True)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="mã băm SHA-256")
    size = models.PositiveIntegerField("dung lượng (byte)")
    source = models.CharField(
        "nguồn", max_length=10, choices=DocumentSource.choices, default=DocumentSource.UPLOAD
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người tải lên",
    )
    state = models.CharField("trạng thái", max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    lease = models.CharField(
        max_length=32, blank=True, verbose_name="mã nhận việc"
    )  # the claim of the worker running it
    worker = models.CharField(max_length=100, blank=True, verbose_name="bộ xử lý")
    attempts = models.PositiveIntegerField(default=0, verbose_name="số lần chạy")
    progress_done = models.PositiveIntegerField(
        default=0, verbose_name="số trang đã đọc"
    )  # pages read, when the reader reports them
    progress_total = models.PositiveIntegerField(default=0, verbose_name="tổng số trang")
    error = models.TextField("lỗi", blank=True)
    error_code = models.CharField(max_length=50, blank=True, verbose_name="mã lỗi")
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name="văn bản",
    )
    created_at = models.DateTimeField("ngày nhận", auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, verbose_name="bắt đầu lúc")
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name="lần báo gần nhất")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="kết thúc lúc")
    dismissed_at = models.DateTimeField(null=True, blank=True, verbose_name="bỏ qua lúc")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người bỏ qua",
    )  # a failed job the office will not retry (a wrong file, a duplicate): off the pending list

    class Meta:
        verbose_name = "lượt xử lý văn bản"
        verbose_name_plural = "lượt xử lý văn bản"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.PROCESSING)

    @property
    def dismissed(self) -> bool:
        return self.dismissed_at is not None
