"""Reminder pages: what was sent (the office), each user's in-app notifications (the bell), the iCal
feeds and the follow-up letters (Văn bản đôn đốc)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dondoc.tracking.models import (
    CalendarToken,
    Document,
    Notification,
    ReminderLog,
    ReminderPolicy,
    Task,
    Unit,
)
from dondoc.tracking.services import access
from dondoc.tracking.services.calendar_feed import feed, issue_token, revoke_token
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.followup_letter import draft_all, draft_letter, letter_name
from dondoc.tracking.services.params import parse_int
from dondoc.tracking.services.reminders import MAX_ATTEMPTS, failed_logs, update_policy
from dondoc.tracking.services.repeats import candidates, link_repeat, repeat_number
from dondoc.web.errors import bad_request_page

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
        "policy": ReminderPolicy.objects.order_by("pk").first() or ReminderPolicy(),  # a read writes nothing
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
    except ServiceError as exc:  # a bad value changes nothing: 400, with what to type
        return bad_request_page(request, f"{exc.message} Cấu hình nhắc việc chưa được thay đổi.")
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


def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed: no sign-in (calendar apps cannot), the secret token is the key."""
    ics = feed(token)
    if ics is None:
        raise Http404("Đường dẫn lịch không tồn tại hoặc đã bị thu hồi.")
    return HttpResponse(ics, content_type="text/calendar; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def calendars(request: HttpRequest) -> HttpResponse:
    """The user's feed URLs: create one (own, or a unit's), revoke one."""
    if request.method == "POST":
        try:
            revoke = parse_int(request.POST.get("thu_hoi"), "thu_hoi")
            if revoke is not None:
                token = CalendarToken.objects.filter(pk=revoke).first()
                if token is None:
                    raise Http404("Không tìm thấy đường dẫn lịch.")
                revoke_token(request.user, token)
                messages.success(request, "Đã thu hồi đường dẫn lịch: lịch đó không còn cập nhật.")
            else:
                unit_id = parse_int(request.POST.get("don_vi"), "don_vi")
                unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
                issue_token(request.user, unit)
                messages.success(request, "Đã tạo đường dẫn lịch mới.")
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        return HttpResponseRedirect(reverse("tracking:calendars"))
    mine = CalendarToken.objects.filter(created_by_id=request.user.pk or 0, revoked_at__isnull=True)
    rows = [(t, request.build_absolute_uri(reverse("tracking:calendar_ics", args=[t.token]))) for t in mine]
    own = access.unit_of(request.user)
    units = list(Unit.objects.order_by("name")) if access.is_office(request.user) else ([own] if own else [])
    return render(request, "tracking/reminders/calendars.html", {"rows": rows, "units": units})


urlpatterns += [
    path("lich/", calendars, name="calendars"),
    path("lich/<str:token>.ics", calendar_ics, name="calendar_ics"),
]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_POST
def followup_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Văn bản đôn đốc of one unit (.docx), for today (office only)."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    day = timezone.localdate()
    try:
        data = draft_letter(request.user, unit, day)
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("tracking:unit_detail", args=[unit.pk]))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{letter_name(unit, day)}"'
    return response


@login_required
@require_POST
def followup_letters(request: HttpRequest) -> HttpResponse:
    """One Văn bản đôn đốc per unit with overdue tasks, as a .zip (office only)."""
    day = timezone.localdate()
    try:
        data = draft_all(request.user, day)
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("tracking:reminders_sent"))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{day:%Y-%m-%d}.zip"'
    return response


urlpatterns += [
    path("don-vi/<int:pk>/cong-van-don-doc/", followup_letter, name="followup_letter"),
    path("nhac-viec/cong-van-don-doc/", followup_letters, name="followup_letters"),
]


@login_required
@require_http_methods(["GET", "POST"])
def repeat_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """For each task of a document, the earlier tasks it seems to repeat; the office links one."""
    if not access.is_office(request.user):
        raise PermissionDenied("Chỉ Văn phòng được liên kết nhiệm vụ nhắc lại.")
    doc = Document.objects.filter(pk=pk).first()
    if doc is None:
        raise Http404("Không tìm thấy văn bản.")
    if request.method == "POST":
        task = doc.tasks.filter(pk=parse_int(request.POST.get("nhiem_vu"), "nhiem_vu") or 0).first()
        earlier = Task.objects.filter(pk=parse_int(request.POST.get("nhac_lai"), "nhac_lai") or 0).first()
        if task is None or earlier is None:
            raise Http404("Không tìm thấy nhiệm vụ.")
        try:
            link_repeat(request.user, task, earlier)
            messages.success(request, f"Đã liên kết: nhiệm vụ nhắc lại lần {repeat_number(task)}.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("tracking:repeat_proposals", args=[doc.pk]))
    rows = [(t, candidates(t)) for t in doc.tasks.select_related("lead", "repeat_of").order_by("order", "id")]
    return render(request, "tracking/reminders/repeats.html", {"doc": doc, "rows": rows})


urlpatterns += [path("van-ban/<int:pk>/nhac-lai/", repeat_proposals, name="repeat_proposals")]
