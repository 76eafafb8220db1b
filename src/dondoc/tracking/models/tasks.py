"""Assigned tasks: lead and support units, deadline, evidence, workflow state."""

from __future__ import annotations

from typing import Any

from django.db import models

from dondoc.textutil import fold_words


class TaskState(models.TextChoices):
    DRAFT = "cho_duyet", "Chờ duyệt"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    AWAITING = "cho_xac_nhan", "Chờ xác nhận"
    DONE = "da_hoan_thanh", "Đã hoàn thành"
    REDO = "thuc_hien_lai", "Thực hiện lại"
    REFUSED = "tu_choi", "Đơn vị đề nghị chuyển"
    POSTPONED = "tam_hoan", "Tạm hoãn"
    WITHDRAWN = "da_thu_hoi", "Đã thu hồi"  # its document was withdrawn: kept with its history, not tracked


OPEN_STATES = (
    TaskState.IN_PROGRESS,
    TaskState.AWAITING,
    TaskState.REDO,
    TaskState.REFUSED,
    TaskState.POSTPONED,
)


#: States of tasks that are not in the register: drafts (not yet confirmed) and withdrawn tasks.
NOT_IN_REGISTER = (TaskState.DRAFT, TaskState.WITHDRAWN)


class FanOut(models.TextChoices):
    """Whether a task with several leads, or a group lead, becomes one task per unit at confirmation."""

    DEFAULT = "mac_dinh", "Theo cấu hình chung"
    SPLIT = "tach", "Tách cho từng đơn vị"
    KEEP = "giu", "Giữ một nhiệm vụ"


class Task(models.Model):
    document = models.ForeignKey(
        "tracking.Document", on_delete=models.CASCADE, related_name="tasks", verbose_name="văn bản"
    )
    order = models.PositiveIntegerField("thứ tự", default=0)
    section = models.CharField("mục", max_length=50, blank=True)
    content = models.TextField("nội dung")
    search_key = models.TextField(
        editable=False, default="", verbose_name="khóa tìm kiếm"
    )  # folded content: search ignores diacritics

    lead = models.ForeignKey(
        "tracking.Unit",
        verbose_name="đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_group = models.ForeignKey(
        "tracking.UnitGroup",
        verbose_name="nhóm chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    co_leads = models.ManyToManyField(
        "tracking.Unit", verbose_name="đồng chủ trì", blank=True, related_name="co_led_tasks"
    )
    lead_mention = models.CharField("chủ trì (nguyên văn)", max_length=500, blank=True)
    supports = models.ManyToManyField(
        "tracking.Unit", verbose_name="đơn vị phối hợp", blank=True, related_name="supported_tasks"
    )
    support_mention = models.CharField("phối hợp (nguyên văn)", max_length=1000, blank=True)
    # Mentions not yet linked to the registry: [{"role": "lead" | "support", "name": …, "mention": …}]
    unlinked = models.JSONField("tên đơn vị chưa liên kết", default=list, blank=True)

    deadline = models.DateField("thời hạn", null=True, blank=True)
    deadline_text = models.CharField("thời hạn (nguyên văn)", max_length=500, blank=True)
    recurring = models.BooleanField("thường xuyên", default=False)
    evidence = models.JSONField("căn cứ trích xuất", default=dict, blank=True)

    state = models.CharField("trạng thái", max_length=20, choices=TaskState.choices, default=TaskState.DRAFT)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    fan_out = models.CharField(
        "tách theo đơn vị", max_length=10, choices=FanOut.choices, default=FanOut.DEFAULT
    )
    split_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="split_into",
        verbose_name="tách từ nhiệm vụ",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="nhắc lại nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    version = models.PositiveIntegerField(default=1, verbose_name="phiên bản")  # optimistic locking
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="cập nhật lần cuối")

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["document_id", "order", "id"]
        indexes = [
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["lead", "state"]),
            # the status grid by lead unit reads only these columns (dashboard over 100k tasks)
            models.Index(fields=["lead", "state", "deadline", "completed_on"], name="task_grid_by_lead"),
            models.Index(fields=["deadline"]),
            # a unit's task ids straight from the index (the id subquery of a unit's scope)
            models.Index(fields=["lead", "id"], name="task_ids_by_lead"),
            # the per-unit report: the tasks of a set of documents (in the period, or carried over)
            # counted by lead unit and grid cell straight from the index, without reading the rows
            models.Index(
                fields=["document", "lead", "state", "deadline", "completed_on"], name="task_report_cover"
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold_words(self.content)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "content" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)
