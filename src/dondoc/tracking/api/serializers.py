"""Serializers of the REST API: read shapes of documents, tasks and units, and action payloads.

Read serializers only expose what the access rules already let the user see; action serializers only
validate input — the services (``dondoc.tracking.services``) decide and change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dondoc.tracking.models import (
    Document,
    Extension,
    IngestJob,
    ProgressReport,
    ReportAttachment,
    ReportKind,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.services import params
from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.ingestion import NO_TASKS_NOTE
from dondoc.tracking.services.review import parse_date
from dondoc.tracking.services.status import grid_of

DATE_FORMATS = ["%d/%m/%Y", "iso-8601"]
DATE_ERRORS: dict[str, Any] = {
    "invalid": "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy) hoặc yyyy-mm-dd."
}
VISIBLE_TASKS = "api_visible_tasks"  # to_attr of the views' prefetch of the tasks a user may see
MAX_REPORT_FILES = 10  # as the web form
VERSION_HELP = "Phiên bản của nhiệm vụ khi đọc (khóa lạc quan): sai phiên bản → 409."


class UnitRefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "kind_display", "parent", "valid_from", "valid_to"]


class AttachmentSerializer(serializers.ModelSerializer[ReportAttachment]):
    class Meta:
        model = ReportAttachment
        fields = ["id", "original_name", "size", "sha256"]


class ReportSerializer(serializers.ModelSerializer[ProgressReport]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    author = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "kind", "kind_display", "text", "unit", "author", "created_at", "attachments"]

    def get_author(self, obj: ProgressReport) -> str | None:
        return obj.author.username if obj.author else None


class ExtensionSerializer(serializers.ModelSerializer[Extension]):
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)

    class Meta:
        model = Extension
        fields = [
            "id",
            "old_deadline",
            "requested_deadline",
            "reason",
            "decision",
            "decision_display",
            "decided_at",
            "decision_note",
            "created_at",
        ]


class TaskSummarySerializer(serializers.ModelSerializer[Task]):
    """A task in lists: enough to track its state without the evidence and the history."""

    lead = UnitRefSerializer(read_only=True, allow_null=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    grid = serializers.SerializerMethodField(help_text="Ô của bảng trạng thái chính thức tính đến hôm nay.")

    class Meta:
        model = Task
        fields = [
            "id",
            "document",
            "content",
            "lead",
            "deadline",
            "deadline_text",
            "recurring",
            "state",
            "state_display",
            "grid",
            "completed_on",
            "version",
            "updated_at",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
        }
    )
    def get_grid(self, obj: Task) -> dict[str, str] | None:
        if obj.state == TaskState.DRAFT:
            return None  # drafts are not in the register yet
        cell = grid_of(obj, timezone.localdate())
        return {"code": cell.value, "label": cell.label}


class TaskSerializer(TaskSummarySerializer):
    """One task in full: units, deadline, evidence, reports and extensions."""

    co_leads = UnitRefSerializer(many=True, read_only=True)
    supports = UnitRefSerializer(many=True, read_only=True)
    lead_group = serializers.CharField(
        source="lead_group.name", read_only=True, allow_null=True, default=None
    )
    reports = ReportSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta(TaskSummarySerializer.Meta):
        fields = [
            *TaskSummarySerializer.Meta.fields,
            "section",
            "co_leads",
            "lead_group",
            "lead_mention",
            "supports",
            "support_mention",
            "unlinked",
            "result",
            "evidence",
            "split_from",
            "repeat_of",
            "created_at",
            "reports",
            "extensions",
        ]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    task_ids = serializers.SerializerMethodField()
    no_tasks = serializers.SerializerMethodField(
        help_text="Văn bản không có nhiệm vụ nào: Văn phòng cần kiểm tra lại (xem `check_note`)."
    )
    check_note = serializers.SerializerMethodField(
        help_text="Lưu ý cho Văn phòng («Không tìm thấy nhiệm vụ nào — kiểm tra lại»), hoặc null."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "original_name",
            "sha256",
            "size",
            "media_type",
            "source",
            "number",
            "doc_type",
            "title",
            "issuer",
            "place",
            "issued_date",
            "meeting_date",
            "signer",
            "authority",
            "state",
            "state_display",
            "warnings",
            "extractor_version",
            "created_at",
            "confirmed_at",
            "task_ids",
            "no_tasks",
            "check_note",
        ]

    def get_no_tasks(self, obj: Document) -> bool:
        # The office and the leaders see every task; a unit sees only documents with one of its own.
        return not getattr(obj, VISIBLE_TASKS)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_check_note(self, obj: Document) -> str | None:
        return NO_TASKS_NOTE if self.get_no_tasks(obj) else None

    def get_task_ids(self, obj: Document) -> list[int]:
        """Only the tasks the user may see (prefetched by the view in ``VISIBLE_TASKS``)."""
        tasks: list[Task] = getattr(obj, VISIBLE_TASKS)
        return [t.pk for t in tasks]


class DocumentCreatedSerializer(DocumentSerializer):
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "tasks"]


class JobSerializer(serializers.ModelSerializer[IngestJob]):
    """A received file's ingestion: ``state`` is ``cho_xu_ly`` (queued), ``dang_xu_ly`` (running:
    ``progress_done`` of ``progress_total`` pages when the reader reports pages), ``xong`` (done:
    ``document_id``) or ``loi`` (failed: ``error`` in Vietnamese, ``error_code``; retry with
    ``POST /api/jobs/{id}/retry/`` or dismiss with ``POST /api/jobs/{id}/dismiss/``: ``dismissed_at``
    and the username ``dismissed_by`` are then set)."""

    state_display = serializers.CharField(source="get_state_display", read_only=True)
    document_id = serializers.IntegerField(allow_null=True, read_only=True)
    url = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()
    dismissed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        label="Người bỏ qua",
        help_text="Tên đăng nhập của người đã bỏ qua lượt xử lý bị lỗi; null khi chưa bỏ qua.",
    )

    class Meta:
        model = IngestJob
        fields = [
            "id",
            "url",
            "original_name",
            "sha256",
            "size",
            "source",
            "state",
            "state_display",
            "progress_done",
            "progress_total",
            "attempts",
            "error",
            "error_code",
            "document_id",
            "document_url",
            "created_at",
            "started_at",
            "finished_at",
            "dismissed_at",
            "dismissed_by",
        ]

    def get_url(self, obj: IngestJob) -> str:
        return reverse("api:job_detail", args=[obj.pk])

    def get_document_url(self, obj: IngestJob) -> str | None:
        return reverse("api:document_detail", args=[obj.document_id]) if obj.document_id else None


class UploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(
        allow_empty_file=True, help_text="Tệp văn bản (.docx, .doc, .rtf, .odt, .xlsx, .pdf, .txt, .md)."
    )


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class DuplicateSerializer(ErrorSerializer):
    existing_id = serializers.IntegerField()


class StrictIntegerField(serializers.IntegerField):
    """An integer read by ``services.params.parse_int`` (plain ASCII digits, in the column's range):
    ``"²"``, ``"１２"``, ``"1.0"`` or a number over the range is a 400, never a database error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", params.MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        try:
            maximum = self.max_value or params.MAX_ID
            value = params.parse_int(data, self.field_name or "value", maximum=maximum)
        except params.BadParameter as exc:
            raise serializers.ValidationError(exc.message) from None
        if value is None:
            self.fail("invalid")
        assert value is not None
        return super().to_internal_value(value)


class UnitField(serializers.PrimaryKeyRelatedField[Unit]):
    """A unit by id, the id read by ``services.params.parse_int``."""

    def to_internal_value(self, data: Any) -> Unit:
        try:
            pk = params.parse_int(data, self.field_name or "unit")
        except params.BadParameter as exc:
            raise serializers.ValidationError(exc.message) from None
        return super().to_internal_value(pk)  # type: ignore[arg-type]  # the stubs type data as the model


class VersionSerializer(serializers.Serializer[Any]):
    version = StrictIntegerField(min_value=1, max_value=params.MAX_VERSION, help_text=VERSION_HELP)


class ReportInputSerializer(VersionSerializer):
    KINDS = {
        "progress": ReportKind.PROGRESS,
        "completion": ReportKind.COMPLETION,
        "refusal": ReportKind.REFUSAL,
    }

    kind = serializers.ChoiceField(
        choices=["progress", "completion", "refusal"],
        help_text="progress: báo cáo tiến độ; completion: báo cáo hoàn thành; refusal: đề nghị chuyển.",
        error_messages={"invalid_choice": "«{input}» không hợp lệ: chọn progress, completion hoặc refusal."},
    )
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),  # the service explains an empty file
        required=False,
        default=list,
        max_length=MAX_REPORT_FILES,
        error_messages={"max_length": f"Chỉ được gửi tối đa {MAX_REPORT_FILES} tệp mỗi lần."},
    )


class ConfirmCompletionSerializer(VersionSerializer):
    completed_on = serializers.DateField(
        required=False, allow_null=True, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class ReassignSerializer(VersionSerializer):
    lead = UnitField(queryset=Unit.objects.all())
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ExtensionRequestSerializer(VersionSerializer):
    requested_deadline = serializers.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    reason = serializers.CharField(allow_blank=True)


class ExtensionDecisionSerializer(VersionSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class TaskEditSerializer(VersionSerializer):
    """The office's corrections (services.review.edit_task); omitted fields stay as they are."""

    content = serializers.CharField(required=False)
    section = serializers.CharField(required=False, allow_blank=True)
    lead = UnitField(queryset=Unit.objects.all(), required=False, allow_null=True)
    co_leads = UnitField(queryset=Unit.objects.all(), many=True, required=False)
    supports = UnitField(queryset=Unit.objects.all(), many=True, required=False)
    deadline = serializers.DateField(
        required=False, allow_null=True, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )
    deadline_text = serializers.CharField(required=False, allow_blank=True)
    recurring = serializers.BooleanField(required=False)


def parse_query_date(text: str) -> dt.date:
    """A query-string date: dd/mm/yyyy or yyyy-mm-dd (the review forms' rule); ``ValueError`` otherwise."""
    try:
        day = parse_date(text)
    except ServiceError as exc:
        raise ValueError(text) from exc
    if day is None:
        raise ValueError(text)
    return day
