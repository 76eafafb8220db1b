"""Workflow actions on a task (POST only): thin shells over ``services.workflow``.

Each form carries the task's ``version`` (optimistic locking); the outcome is shown with Django
messages in Vietnamese on the task page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from dondoc.tracking.models import Extension, ReportKind, Task, Unit
from dondoc.tracking.services import workflow
from dondoc.tracking.services.errors import Conflict, Forbidden, ServiceError
from dondoc.tracking.services.params import MAX_VERSION, int_param
from dondoc.tracking.services.review import parse_date
from dondoc.tracking.views.common import task_for

MAX_FILES = 10


def _back(task: Task) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("tracking:task_detail", args=[task.pk]))


def _version(request: HttpRequest) -> int:
    value = int_param(request.POST, "version", maximum=MAX_VERSION)
    if value is None:
        raise ServiceError("Thiếu phiên bản của nhiệm vụ: vui lòng tải lại trang rồi thực hiện lại.")
    return value


def _run(request: HttpRequest, pk: int, action: Callable[[Task], str]) -> HttpResponse:
    """Run ``action`` on the visible task; its return value is the success message.

    A task outside the user's scope is 404; an action the user may not take is 403."""
    task = task_for(request, pk)
    try:
        messages.success(request, action(task))
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    return _back(task)


def _files(request: HttpRequest) -> list[UploadedFile[bytes]]:
    """The uploaded files, checked before anything is stored (size and count limits)."""
    files: list[UploadedFile[bytes]] = request.FILES.getlist("tep")
    if len(files) > MAX_FILES:
        raise ServiceError(f"Chỉ được gửi tối đa {MAX_FILES} tệp mỗi lần.")
    for f in files:
        workflow.check_report_file(f.name or "tep", f.size or 0)
    return files


REPORT_DONE = {
    ReportKind.PROGRESS: "Đã gửi báo cáo tiến độ.",
    ReportKind.COMPLETION: "Đã báo cáo hoàn thành; nhiệm vụ chờ Văn phòng xác nhận.",
    ReportKind.REFUSAL: "Đã gửi đề nghị chuyển nhiệm vụ cho đơn vị khác.",
}


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit reports progress, reports completion (result + files) or refuses the task."""
    kind = request.POST.get("kind", ReportKind.PROGRESS)
    if kind not in ReportKind.values:
        kind = ReportKind.PROGRESS

    def act(task: Task) -> str:
        files = _files(request)
        workflow.report(request.user, task, _version(request), kind, request.POST.get("text", ""), files)
        return REPORT_DONE[ReportKind(kind)]

    return _run(request, pk, act)


@login_required
@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        new = parse_date(request.POST.get("han_moi", ""))
        if new is None:
            raise ServiceError("Vui lòng nhập thời hạn đề nghị (dd/mm/yyyy).")
        version = _version(request)
        workflow.request_extension(request.user, task, new, request.POST.get("ly_do", ""), version)
        return f"Đã gửi đề nghị gia hạn đến {new:%d/%m/%Y}."

    return _run(request, pk, act)


def _check_version(task: Task, request: HttpRequest) -> None:
    """For services without a version argument: refuse a form read before the last change."""
    if _version(request) != task.version:
        raise Conflict()


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        workflow.confirm_completion(request.user, task, _version(request))
        return "Đã xác nhận hoàn thành nhiệm vụ."

    return _run(request, pk, act)


@login_required
@require_POST
def return_for_redo(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        workflow.return_for_redo(request.user, task, _version(request), request.POST.get("ly_do", ""))
        return "Đã trả lại nhiệm vụ, yêu cầu đơn vị thực hiện lại."

    return _run(request, pk, act)


@login_required
@require_POST
def decide_extension(request: HttpRequest, pk: int, ext: int) -> HttpResponse:
    def act(task: Task) -> str:
        extension = Extension.objects.filter(pk=ext, task=task).first()
        if extension is None:
            raise Http404("Không tìm thấy đề nghị gia hạn.")
        if "version" in request.POST:  # optional on this form: the decision is on the extension
            _check_version(task, request)
        approve = request.POST.get("quyet_dinh") == "dong_y"
        workflow.decide_extension(request.user, extension, approve, request.POST.get("y_kien", ""))
        if approve:
            return f"Đã đồng ý gia hạn đến {extension.requested_deadline:%d/%m/%Y}."
        return "Đã không đồng ý gia hạn."

    return _run(request, pk, act)


@login_required
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        unit_id = int_param(request.POST, "don_vi")
        unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
        if unit is None:
            raise ServiceError("Vui lòng chọn đơn vị được giao lại.")
        workflow.reassign(request.user, task, _version(request), unit, request.POST.get("ly_do", "").strip())
        return f"Đã giao lại nhiệm vụ cho {unit.name}."

    return _run(request, pk, act)


@login_required
@require_POST
def postpone(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        reason = request.POST.get("ly_do", "").strip()
        if not reason:
            raise ServiceError("Vui lòng nêu lý do tạm hoãn.")
        workflow.postpone(request.user, task, _version(request), reason)
        return "Đã tạm hoãn nhiệm vụ."

    return _run(request, pk, act)


@login_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    def act(task: Task) -> str:
        workflow.resume(request.user, task, _version(request))
        return "Nhiệm vụ được tiếp tục thực hiện."

    return _run(request, pk, act)


urlpatterns = [
    path("nhiem-vu/<int:pk>/bao-cao/", report, name="task_report"),
    path("nhiem-vu/<int:pk>/de-nghi-gia-han/", request_extension, name="task_request_extension"),
    path("nhiem-vu/<int:pk>/xac-nhan/", confirm, name="task_confirm"),
    path("nhiem-vu/<int:pk>/tra-lai/", return_for_redo, name="task_return"),
    path("nhiem-vu/<int:pk>/gia-han/<int:ext>/", decide_extension, name="task_decide_extension"),
    path("nhiem-vu/<int:pk>/giao-lai/", reassign, name="task_reassign"),
    path("nhiem-vu/<int:pk>/tam-hoan/", postpone, name="task_postpone"),
    path("nhiem-vu/<int:pk>/tiep-tuc/", resume, name="task_resume"),
]
