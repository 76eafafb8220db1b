"""Reminder pages: what was sent (the office), and each user's in-app notifications (the bell)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dondoc.tracking.models import Notification, ReminderLog, ReminderPolicy
from dondoc.tracking.services import access
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.params import parse_int
from dondoc.tracking.services.reminders import MAX_ATTEMPTS, failed_logs, update_policy

PAGE_SIZE = 50
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@login_required
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """Every reminder recorded, newest first; failed e-mails on top (office only)."""
    if not access.is_office(request.user):
        raise PermissionDenied("Chỉ Văn phòng xem được danh sách nhắc việc đã gửi.")
    logs = ReminderLog.objects.select_related("unit", "user").order_by("-day", "-id")
    page = Paginator(logs, PAGE_SIZE).get_page(parse_int(request.GET.get("trang"), "trang"))
    context = {
        "page": page,
        "failed": failed_logs()[:100],
        "policy": ReminderPolicy.current(),
        "max_attempts": MAX_ATTEMPTS,
        "weekdays": list(enumerate(WEEKDAYS)),
    }
    return render(request, "tracking/reminders/sent.html", context)


@login_required
@require_POST
def policy_edit(request: HttpRequest) -> HttpResponse:
    f = request.POST
    try:
        update_policy(
            request.user,
            f.get("truoc_han", ""),
            f.get("qua_han", ""),
            f.get("khong_han", ""),
            f.get("dung_han") == "1",
            f.get("lanh_dao", "0"),
            f.get("thu") == "1",
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu cấu hình nhắc việc.")
    return HttpResponseRedirect(reverse("tracking:reminders_sent"))


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user_id=request.user.pk or 0)
    page = Paginator(qs, PAGE_SIZE).get_page(parse_int(request.GET.get("trang"), "trang"))
    return render(request, "tracking/reminders/notifications.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of the user's as read."""
    qs = Notification.objects.filter(user_id=request.user.pk or 0, read_at__isnull=True)
    one = parse_int(request.POST.get("id"), "id")
    if one is not None:
        qs = qs.filter(pk=one)
    qs.update(read_at=timezone.now())
    return HttpResponseRedirect(reverse("tracking:notifications"))


urlpatterns = [
    path("nhac-viec/da-gui/", sent, name="reminders_sent"),
    path("nhac-viec/cau-hinh/", policy_edit, name="reminders_policy"),
    path("thong-bao/", notifications, name="notifications"),
    path("thong-bao/da-doc/", mark_read, name="notifications_read"),
]
