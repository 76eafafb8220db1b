"""REST API views: thin shells over ``dondoc.tracking.services``.

Scoping is the web UI's: tasks and documents come from ``access.visible_tasks`` /
``access.visible_documents`` (an object outside the user's scope is a 404), actions are checked with
``api.permissions`` (403) and done by the services. Errors carry the services' Vietnamese message in
``detail`` and a stable ``code``:

- stale ``version`` (optimistic locking) → 409 ``conflict``;
- a transition the task's state does not allow → 409 ``invalid_transition``;
- a duplicate document → 409 ``duplicate`` with ``existing_id``; a file already waiting → 409
  ``duplicate_job`` with ``job_id``;
- an upload is a job (202): a file the extraction core refuses fails the job with the core's code
  (``empty_file``, ``corrupt_file`` …) in ``error_code``;
- a file over the size limit → 413 ``too_large``;
- any other refused request → 400 ``invalid``; forbidden → 403 ``forbidden``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions as drf_exceptions
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from dondoc.errors import DondocError
from dondoc.tracking.api import permissions as perm
from dondoc.tracking.api import serializers as s
from dondoc.tracking.models import (
    Document,
    DocumentSource,
    Extension,
    ExtensionDecision,
    IngestJob,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.services import access, jobs, params, review, workflow
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from dondoc.tracking.services.ingestion import DuplicateDocumentError, TooLargeError
from dondoc.tracking.views.documents import SizeLimitHandler

F = TypeVar("F", bound=Callable[..., Any])
TASK_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã nhiệm vụ.")
DOCUMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã văn bản.")
ERROR = OpenApiResponse(s.ErrorSerializer, description="Thông báo lỗi (tiếng Việt) trong `detail`.")
CONFLICT = OpenApiResponse(
    s.ErrorSerializer, description="Nhiệm vụ đã bị người khác cập nhật (sai `version`) hoặc sai trạng thái."
)


def _error(detail: str, code: str, http_status: int, **extra: Any) -> Response:
    return Response({"detail": detail, "code": code, **extra}, status=http_status)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Services' and extraction errors → HTTP answers with their Vietnamese message."""
    if isinstance(exc, DuplicateDocumentError):
        return _error(exc.message, "duplicate", status.HTTP_409_CONFLICT, existing_id=exc.existing.pk)
    if isinstance(exc, jobs.DuplicateJobError):
        return _error(exc.message, "duplicate_job", status.HTTP_409_CONFLICT, job_id=exc.job.pk)
    if isinstance(exc, TooLargeError):
        return _error(exc.message, "too_large", status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DondocError):
        return _error(exc.message, exc.code, status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, Conflict):
        return _error(exc.message, "conflict", status.HTTP_409_CONFLICT)
    if isinstance(exc, InvalidTransition):
        return _error(exc.message, "invalid_transition", status.HTTP_409_CONFLICT)
    if isinstance(exc, Forbidden):
        return _error(exc.message, "forbidden", status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ServiceError):
        return _error(exc.message, "invalid", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, params.BadParameter):
        return _error(exc.message, "invalid", status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)  # DRF's own: status, headers (WWW-Authenticate …)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = {
            "detail": "Dữ liệu gửi lên không hợp lệ.",
            "code": "invalid",
            "errors": response.data,
        }
        return response
    detail, code = _DRF_MESSAGES.get(type(exc), (None, None))
    if detail is None:
        detail = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
        code = "not_found" if isinstance(exc, Http404) else getattr(exc, "default_code", "error")
    response.data = {"detail": detail, "code": code}
    return response


_DRF_MESSAGES: dict[type[Exception], tuple[str, str]] = {
    drf_exceptions.NotAuthenticated: (
        "Chưa xác thực: gửi tiêu đề «Authorization: Token <mã>» (lấy mã tại /api/token/).",
        "not_authenticated",
    ),
    drf_exceptions.AuthenticationFailed: (
        "Mã truy cập không hợp lệ hoặc tài khoản đã bị khóa.",
        "auth_failed",
    ),
    drf_exceptions.PermissionDenied: ("Bạn không có quyền thực hiện thao tác này.", "forbidden"),
    drf_exceptions.MethodNotAllowed: (
        "Phương thức này không được hỗ trợ tại địa chỉ này.",
        "method_not_allowed",
    ),
    drf_exceptions.ParseError: ("Nội dung gửi lên không đọc được.", "parse_error"),
    drf_exceptions.UnsupportedMediaType: (
        "Kiểu nội dung gửi lên không được hỗ trợ.",
        "unsupported_media_type",
    ),
    drf_exceptions.NotAcceptable: ("Không trả lời được theo định dạng yêu cầu.", "not_acceptable"),
}


class Pagination(PageNumberPagination):
    """DRF's page numbers, read by ``services.params`` (``?page=²`` is a 400, not a 404 or a 500)."""

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw in self.last_page_strings:
            return raw
        try:
            return params.parse_int(raw, self.page_query_param) or 1
        except params.BadParameter as exc:
            raise ValidationError({self.page_query_param: [exc.message]}) from None


class ApiMixin:
    """The error mapping above for every view of this API (settings stay untouched)."""

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return api_exception_handler


def _bad_query(name: str, value: str) -> ValidationError:
    return ValidationError({name: [f"Giá trị «{value}» không hợp lệ."]})


def _int_param(request: Request, name: str) -> int | None:
    try:
        return params.int_param(request.query_params, name)
    except params.BadParameter as exc:
        raise ValidationError({name: [exc.message]}) from None


def _date_param(request: Request, name: str) -> dt.date | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return s.parse_query_date(raw)
    except ValueError:
        raise ValidationError(
            {name: [f"Ngày «{raw}» không hợp lệ: hãy nhập theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."]}
        ) from None


def _task_detail_queryset(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("lead", "lead_group").prefetch_related(
        "co_leads",
        "supports",
        Prefetch(
            "reports",
            queryset=ProgressReport.objects.select_related("unit", "author").prefetch_related("attachments"),
        ),
        "extensions",
    )


def _visible_task(request: Request, pk: int) -> Task:
    """The task if the user may see it; 404 otherwise (a forbidden id looks like a missing one)."""
    task = access.visible_tasks(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def _check_version(task: Task, version: int) -> None:
    """Refuse a stale read (also for the actions whose service takes no version)."""
    if task.version != version:
        raise Conflict()


# ------------------------------------------------------------------------------------------ documents


def _with_task_ids(qs: QuerySet[Document], request: Request) -> QuerySet[Document]:
    """Prefetch the ids of the document's tasks the user may see (``task_ids``): a unit user sees
    only its own tasks of a document shared with other units."""
    tasks = access.visible_tasks(request.user).only("id", "document_id").order_by("order", "id")
    return qs.prefetch_related(Prefetch("tasks", queryset=tasks, to_attr=s.VISIBLE_TASKS))


def _too_large(limit: int) -> str:
    return f"Tệp quá lớn: vượt giới hạn {filesizeformat(limit)} cho mỗi tệp. Tệp không được lưu."


# What a multipart body may carry besides the file itself: boundaries, part headers, the file name.
UPLOAD_OVERHEAD = 64 * 1024


class DocumentListView(ApiMixin, generics.ListAPIView[Document]):
    """Documents the user may see (a unit user: those with one of its tasks); newest first.

    An upload is bounded as on the web: a ``Content-Length`` over ``MAX_UPLOAD_BYTES`` (and the
    multipart framing) is a 413 before any byte of the body is read, and the file stops being kept
    at the limit (``SizeLimitHandler``) — nothing big reaches memory or a temporary file."""

    serializer_class = s.DocumentSerializer
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser]
    limiter: SizeLimitHandler | None = None

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        if request.method == "POST":  # before anything (the session's CSRF check) reads the body
            self.limiter = SizeLimitHandler(request, int(settings.MAX_UPLOAD_BYTES))
            request.upload_handlers.insert(0, self.limiter)
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method == "POST":
            limit = int(settings.MAX_UPLOAD_BYTES)
            # Django reads at most CONTENT_LENGTH bytes; a malformed one counts as 0 (nothing read).
            declared = params.parse_int(request.META.get("CONTENT_LENGTH", ""), "Content-Length")
            if declared is not None and declared > limit + UPLOAD_OVERHEAD:
                raise TooLargeError(_too_large(limit))
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Document]:
        return _with_task_ids(access.visible_documents(self.request.user), self.request).order_by(
            "-created_at", "-id"
        )

    @extend_schema(
        summary="Danh sách văn bản",
        description=(
            "Các văn bản người dùng được xem, mới nhất trước. Đơn vị chỉ thấy văn bản có nhiệm vụ của mình, "
            "và `task_ids` chỉ gồm nhiệm vụ của mình. Phân trang 50 văn bản (`?page=`)."
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Đẩy một văn bản vào hệ thống (Văn phòng)",
        description=(
            "Tệp được kiểm tra (dung lượng, trùng lặp), lưu lại và xếp hàng cho bộ xử lý nền; trả lời ngay "
            "202 với lượt xử lý (`url`, tiêu đề `Location`). Đọc lại `GET /api/jobs/{id}/` cho đến khi "
            "`state` là `xong` (văn bản `document_id` với các nhiệm vụ dự thảo chờ duyệt) hoặc `loi` "
            "(tệp không đọc được: lý do trong `error`; không lưu văn bản nào)."
        ),
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            202: s.JobSerializer,
            400: ERROR,
            403: ERROR,
            409: OpenApiResponse(
                s.DuplicateSerializer, description="Văn bản đã có (trùng mã băm) hoặc tệp đang chờ xử lý."
            ),
            413: ERROR,
        },
    )
    def post(self, request: Request) -> Response:
        if not perm.may_import(request.user):
            raise Forbidden("Chỉ Văn phòng mới được nhập văn bản.")
        upload = s.UploadSerializer(data=request.data)
        if self.limiter is not None and self.limiter.too_large:
            raise TooLargeError(_too_large(int(settings.MAX_UPLOAD_BYTES)))
        if not upload.is_valid():
            return _error(
                "Vui lòng gửi tệp văn bản trong trường «file».", "invalid", status.HTTP_400_BAD_REQUEST
            )
        f = upload.validated_data["file"]
        if f.size is not None:
            from dondoc.tracking.services.ingestion import check_size

            check_size(f.size)  # before reading a huge file into memory
        job = jobs.submit(f.read(), f.name or "van-ban", request.user, source=DocumentSource.API)
        return _job_answer(job, status.HTTP_202_ACCEPTED)


def _job_answer(job: IngestJob, code: int) -> Response:
    url = reverse("api:job_detail", args=[job.pk])
    return Response(s.JobSerializer(job).data, status=code, headers={"Location": url})


JOB_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã lượt xử lý.")


def _job_for(request: Request, pk: int) -> IngestJob:
    if not perm.may_import(request.user):
        raise Forbidden("Chỉ Văn phòng mới xem được lượt xử lý văn bản.")
    job = IngestJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("Không tìm thấy lượt xử lý.")
    return job


class JobDetailView(ApiMixin, APIView):
    @extend_schema(
        summary="Một lượt xử lý văn bản (Văn phòng): trạng thái, tiến độ, lỗi",
        description=(
            "Trạng thái `cho_xu_ly` (đang chờ), `dang_xu_ly` (đang xử lý: trang `progress_done`/"
            "`progress_total` khi bộ đọc báo theo trang), `xong` (văn bản `document_id`) hoặc `loi` "
            "(lý do tiếng Việt trong `error`, mã trong `error_code`; thử lại bằng `POST …/retry/`, "
            "bỏ qua bằng `POST …/dismiss/`)."
        ),
        parameters=[JOB_ID],
        responses={200: s.JobSerializer, 403: ERROR, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.JobSerializer(_job_for(request, pk)).data)


class JobRetryView(ApiMixin, APIView):
    @extend_schema(
        summary="Thử lại một lượt xử lý bị lỗi (Văn phòng)",
        description="Lượt xử lý ở trạng thái `loi` được xếp hàng lại (202); trạng thái khác: 409.",
        parameters=[JOB_ID],
        request=None,
        responses={202: s.JobSerializer, 403: ERROR, 404: ERROR, 409: CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        job = jobs.retry(_job_for(request, pk), request.user)
        return _job_answer(job, status.HTTP_202_ACCEPTED)


class JobDismissView(ApiMixin, APIView):
    @extend_schema(
        summary="Bỏ qua một lượt xử lý bị lỗi sẽ không thử lại (Văn phòng)",
        description=(
            "Lượt xử lý ở trạng thái `loi` (nhầm tệp, trùng) rời danh sách chờ xử lý, lịch sử vẫn giữ "
            "(200, `dismissed_at` và `dismissed_by`); trạng thái khác hoặc đã bỏ qua: 409."
        ),
        parameters=[JOB_ID],
        request=None,
        responses={200: s.JobSerializer, 403: ERROR, 404: ERROR, 409: CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        job = jobs.dismiss(_job_for(request, pk), request.user)
        return _job_answer(job, status.HTTP_200_OK)


class DocumentDetailSerializer(s.DocumentSerializer):
    class Meta(s.DocumentSerializer.Meta):
        fields = [*s.DocumentSerializer.Meta.fields, "normalized_text"]


class DocumentDetailView(ApiMixin, generics.RetrieveAPIView[Document]):
    serializer_class = DocumentDetailSerializer

    def get_queryset(self) -> QuerySet[Document]:
        return _with_task_ids(access.visible_documents(self.request.user), self.request)

    @extend_schema(
        summary="Một văn bản: thông tin, trạng thái, các nhiệm vụ",
        description=(
            "Thông tin trích xuất, trạng thái duyệt, mã các nhiệm vụ người dùng được xem và văn bản đã chuẩn "
            "hóa (`normalized_text`: các vị trí trong `evidence` của nhiệm vụ tính trên văn bản này). "
            "Văn bản ngoài phạm vi của người dùng: 404."
        ),
        parameters=[DOCUMENT_ID],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# ---------------------------------------------------------------------------------------------- tasks

TASK_FILTERS = [
    OpenApiParameter(
        "state",
        str,
        description="Trạng thái, nhiều giá trị cách nhau dấu phẩy: " + ", ".join(TaskState.values),
    ),
    OpenApiParameter("unit", int, description="Đơn vị (chủ trì, đồng chủ trì hoặc phối hợp)."),
    OpenApiParameter("lead", int, description="Đơn vị chủ trì."),
    OpenApiParameter("deadline_from", str, description="Thời hạn từ ngày (dd/mm/yyyy)."),
    OpenApiParameter("deadline_to", str, description="Thời hạn đến ngày (dd/mm/yyyy)."),
    OpenApiParameter("document", int, description="Văn bản."),
    OpenApiParameter("updated_since", str, description="Cập nhật từ thời điểm (ISO 8601)."),
]


class TaskListView(ApiMixin, generics.ListAPIView[Task]):
    serializer_class = s.TaskSummarySerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Task]:
        request = self.request
        qs = access.visible_tasks(request.user).select_related("lead")
        raw_states = request.query_params.get("state", "")
        if raw_states:
            states = [x.strip() for x in raw_states.split(",") if x.strip()]
            bad = [x for x in states if x not in TaskState.values]
            if bad:
                raise _bad_query("state", ", ".join(bad))
            qs = qs.filter(state__in=states)
        unit = _int_param(request, "unit")
        if unit is not None:
            ids = Task.objects.filter(Q(lead=unit) | Q(co_leads=unit) | Q(supports=unit)).values("pk")
            qs = qs.filter(pk__in=ids)
        lead = _int_param(request, "lead")
        if lead is not None:
            qs = qs.filter(lead=lead)
        document = _int_param(request, "document")
        if document is not None:
            qs = qs.filter(document=document)
        start = _date_param(request, "deadline_from")
        if start is not None:
            qs = qs.filter(deadline__gte=start)
        end = _date_param(request, "deadline_to")
        if end is not None:
            qs = qs.filter(deadline__lte=end)
        since_raw = request.query_params.get("updated_since")
        if since_raw:
            since = _parse_moment(since_raw)
            if since is None:
                raise _bad_query("updated_since", since_raw)
            qs = qs.filter(updated_at__gte=since)
        return qs.order_by("document_id", "order", "id")

    @extend_schema(
        summary="Danh sách nhiệm vụ (theo phạm vi của người dùng)",
        description=(
            "Đơn vị chỉ thấy nhiệm vụ chính thức mà mình chủ trì, đồng chủ trì hoặc phối hợp; Văn phòng và "
            "Lãnh đạo thấy tất cả. `grid`: ô của bảng trạng thái chính thức tính đến hôm nay (nhiệm vụ chờ "
            "duyệt: null). Phân trang 50 nhiệm vụ (`?page=`)."
        ),
        parameters=TASK_FILTERS,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _parse_moment(text: str) -> dt.datetime | None:
    text = text.strip().replace(" ", "+")  # a '+' of a UTC offset arrives as a space when not escaped
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        try:
            day = s.parse_query_date(text)
        except ValueError:
            return None
        moment = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class TaskDetailView(ApiMixin, APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Một nhiệm vụ: nội dung, đơn vị, thời hạn, căn cứ, báo cáo",
        description=(
            "Nội dung, đơn vị chủ trì và phối hợp, thời hạn (`deadline`, `deadline_text`, `recurring`), "
            "trạng thái, `version` (gửi kèm mọi thao tác), căn cứ trích xuất, các báo cáo và đề nghị gia "
            "hạn. Nhiệm vụ ngoài phạm vi của người dùng: 404."
        ),
        parameters=[TASK_ID],
        responses=s.TaskSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        task = _task_detail_queryset(access.visible_tasks(request.user)).filter(pk=pk).first()
        if task is None:
            raise Http404("Không tìm thấy nhiệm vụ.")
        return Response(s.TaskSerializer(task).data)

    @extend_schema(
        summary="Sửa nhiệm vụ (Văn phòng)",
        description="Chỉ các trường gửi lên được sửa. Sai `version` (người khác vừa sửa): 409.",
        parameters=[TASK_ID],
        request=s.TaskEditSerializer,
        responses={200: s.TaskSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT},
    )
    def patch(self, request: Request, pk: int) -> Response:
        task = _visible_task(request, pk)
        perm.require(perm.office_only, request.user, task)
        ser = s.TaskEditSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        version = data.pop("version")
        _check_version(task, version)
        review.edit_task(request.user, task, version, **data)
        return self.get(request, pk)


class TaskActionView(ApiMixin, APIView):
    """Base of the workflow actions: look the task up in the user's scope, check the role, validate."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]
    input_class: type[s.VersionSerializer] = s.VersionSerializer
    forbidden_message: str | None = None

    def allowed(self, user: AnyUser, task: Task) -> bool:
        return perm.office_only(user, task)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def answer(self, request: Request, task: Task, result: Any) -> Response:
        fresh = _task_detail_queryset(Task.objects.all()).get(pk=task.pk)
        return Response(s.TaskSerializer(fresh).data)

    def post(self, request: Request, pk: int) -> Response:
        task = _visible_task(request, pk)
        if not self.allowed(request.user, task):
            raise Forbidden(self.forbidden_message) if self.forbidden_message else Forbidden()
        ser = self.input_class(data=request.data)
        ser.is_valid(raise_exception=True)
        # A stale read is a conflict even when the task's new state would also refuse the action: the
        # user must first see what changed. The services check the version again when they write.
        _check_version(task, ser.validated_data["version"])
        result = self.act(request, task, dict(ser.validated_data))
        return self.answer(request, task, result)


def _action_schema(
    summary: str,
    description: str,
    request_class: type[serializers.Serializer[Any]],
    extra: dict[int, Any] | None = None,
    parameters: list[OpenApiParameter] | None = None,
) -> Callable[[F], F]:
    return extend_schema(
        summary=summary,
        description=description + " Sai `version` (nhiệm vụ vừa được người khác cập nhật): 409.",
        parameters=parameters or [TASK_ID],
        request={
            "application/json": request_class,
            "multipart/form-data": request_class,
        },
        responses={200: s.TaskSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT, **(extra or {})},
    )


class ReportView(TaskActionView):
    def allowed(self, user: AnyUser, task: Task) -> bool:
        return perm.may_report(user, task)

    input_class = s.ReportInputSerializer
    forbidden_message = "Chỉ đơn vị chủ trì mới báo cáo được nhiệm vụ này."

    @_action_schema(
        "Đơn vị báo cáo tiến độ / hoàn thành / đề nghị chuyển",
        "Đơn vị chủ trì (hoặc Văn phòng) gửi báo cáo, có thể kèm tệp (`files`, multipart). `completion`: "
        "nhiệm vụ chuyển sang chờ xác nhận; `refusal`: đề nghị chuyển đơn vị khác.",
        s.ReportInputSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        kind = s.ReportInputSerializer.KINDS[data["kind"]]
        return workflow.report(request.user, task, data["version"], kind, data["text"], list(data["files"]))


class ConfirmCompletionView(TaskActionView):
    input_class = s.ConfirmCompletionSerializer

    @_action_schema(
        "Văn phòng xác nhận hoàn thành",
        "Nhiệm vụ đang chờ xác nhận trở thành đã hoàn thành; `completed_on` mặc định là ngày đơn vị báo cáo.",
        s.ConfirmCompletionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.confirm_completion(request.user, task, data["version"], data.get("completed_on"))


class ReturnView(TaskActionView):
    input_class = s.ReasonSerializer

    @_action_schema(
        "Văn phòng trả lại, yêu cầu thực hiện lại",
        "Nhiệm vụ đang chờ xác nhận chuyển sang thực hiện lại; cần nêu lý do.",
        s.ReasonSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.return_for_redo(request.user, task, data["version"], data["reason"])


class ReassignView(TaskActionView):
    input_class = s.ReassignSerializer

    @_action_schema(
        "Văn phòng giao lại cho đơn vị khác",
        "`lead`: mã đơn vị chủ trì mới; nhiệm vụ trở lại trạng thái đang thực hiện.",
        s.ReassignSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.reassign(request.user, task, data["version"], data["lead"], data["reason"])


class PostponeView(TaskActionView):
    input_class = s.ReasonSerializer

    @_action_schema("Văn phòng tạm hoãn nhiệm vụ", "Cần nêu lý do.", s.ReasonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.postpone(request.user, task, data["version"], data["reason"])


class ResumeView(TaskActionView):
    input_class = s.VersionSerializer

    @_action_schema(
        "Văn phòng cho tiếp tục nhiệm vụ tạm hoãn", "Nhiệm vụ trở lại đang thực hiện.", s.VersionSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.resume(request.user, task, data["version"])


class ExtensionRequestView(TaskActionView):
    def allowed(self, user: AnyUser, task: Task) -> bool:
        return perm.may_report(user, task)

    input_class = s.ExtensionRequestSerializer
    forbidden_message = "Chỉ đơn vị chủ trì mới đề nghị gia hạn được."

    @_action_schema(
        "Đơn vị đề nghị gia hạn",
        "Đơn vị chủ trì đề nghị thời hạn mới (sau thời hạn hiện tại) và nêu lý do; Lãnh đạo hoặc Văn phòng "
        "quyết định. Trả lời 201 với nhiệm vụ và lịch sử gia hạn.",
        s.ExtensionRequestSerializer,
        {201: s.TaskSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, task: Task, data: dict[str, Any]) -> Any:
        return workflow.request_extension(
            request.user, task, data["requested_deadline"], data["reason"], data["version"]
        )

    def answer(self, request: Request, task: Task, result: Any) -> Response:
        response = super().answer(request, task, result)
        response.status_code = status.HTTP_201_CREATED
        return response


class ExtensionDecisionView(ApiMixin, APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @_action_schema(
        "Lãnh đạo hoặc Văn phòng quyết định gia hạn",
        "`approve`: đồng ý (thời hạn của nhiệm vụ đổi thành thời hạn đề nghị) hoặc không; `note`: ý kiến.",
        s.ExtensionDecisionSerializer,
        parameters=[
            TASK_ID,
            OpenApiParameter("ext_pk", int, OpenApiParameter.PATH, description="Mã đề nghị gia hạn."),
        ],
    )
    def post(self, request: Request, pk: int, ext_pk: int) -> Response:
        task = _visible_task(request, pk)
        ext = Extension.objects.filter(pk=ext_pk, task=task).first()
        if ext is None:
            raise Http404("Không tìm thấy đề nghị gia hạn.")
        perm.require(
            perm.may_decide_extension, request.user, task, "Chỉ Lãnh đạo hoặc Văn phòng quyết định gia hạn."
        )
        ser = s.ExtensionDecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        _check_version(task, ser.validated_data["version"])
        if ext.decision != ExtensionDecision.PENDING:
            raise InvalidTransition("Đề nghị gia hạn này đã được quyết định.")
        workflow.decide_extension(
            request.user, ext, ser.validated_data["approve"], ser.validated_data["note"]
        )
        fresh = _task_detail_queryset(Task.objects.all()).get(pk=task.pk)
        return Response(s.TaskSerializer(fresh).data)


class AttachmentView(ApiMixin, APIView):
    """Download a report's attached file (the unit's result), if the user may see the task."""

    @extend_schema(
        summary="Tải tệp đính kèm của báo cáo",
        description="Tệp đơn vị gửi kèm báo cáo; chỉ khi người dùng được xem nhiệm vụ (ngoài phạm vi: 404).",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã tệp đính kèm.")],
        responses={(200, "application/octet-stream"): OpenApiResponse(description="Nội dung tệp.")},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        att = (
            ReportAttachment.objects.filter(pk=pk, report__task__in=access.visible_tasks(request.user))
            .select_related("report")
            .first()
        )
        if att is None:
            raise Http404("Không tìm thấy tệp.")
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


# ---------------------------------------------------------------------------------------------- units


class UnitListView(ApiMixin, generics.ListAPIView[Unit]):
    """The unit registry (every signed-in user may read it, as the unit autocomplete)."""

    serializer_class = s.UnitSerializer
    pagination_class = Pagination
    queryset = Unit.objects.order_by("name", "id")

    @extend_schema(
        summary="Danh mục đơn vị",
        description=(
            "Các đơn vị trong danh mục (mọi người dùng đã đăng nhập); `id` dùng cho bộ lọc và giao lại."
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# ----------------------------------------------------------------------------------------------- docs


class SchemaView(SpectacularAPIView):
    @extend_schema(
        summary="Lược đồ OpenAPI",
        description="Lược đồ OpenAPI 3 của API này: YAML, hoặc JSON với `?format=json`.",
        responses={
            (200, "application/vnd.oai.openapi"): OpenApiTypes.OBJECT,
            (200, "application/vnd.oai.openapi+json"): OpenApiTypes.OBJECT,
        },
        auth=[],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().get(request, *args, **kwargs)  # type: ignore[no-untyped-call]
        return response


def api_docs(request: HttpRequest) -> HttpResponse:
    """A server-rendered page listing the endpoints of the OpenAPI schema: works offline (no CDN)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    operations = []
    for route, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = [
                {
                    "name": p.get("name", ""),
                    "where": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = _body_fields(schema, op.get("requestBody"))
            operations.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": body,
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return render(
        request,
        "tracking/api/docs.html",
        {"operations": operations, "title": schema.get("info", {}).get("title", "API")},
    )


def _body_fields(schema: dict[str, Any], body: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not body:
        return []
    content: dict[str, Any] = body.get("content", {})
    media: dict[str, Any] = (
        content.get("application/json")
        or content.get("multipart/form-data")
        or next(iter(content.values()), {})
    )
    ref = media.get("schema", {})
    if "$ref" in ref:
        ref = schema.get("components", {}).get("schemas", {}).get(ref["$ref"].rsplit("/", 1)[-1], {})
    required = set(ref.get("required", []))
    out = []
    for name, prop in ref.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        out.append(
            {
                "name": name,
                "type": prop.get("type", "object") + (f" ({prop['format']})" if "format" in prop else ""),
                "required": name in required,
                "description": prop.get("description", ""),
            }
        )
    return out
