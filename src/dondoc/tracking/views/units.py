"""Unit pages, the unit autocomplete (diacritics ignored) and the registry's restructuring screen."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dondoc.textutil import fold_words
from dondoc.tracking.models import AuditEvent, Unit, UnitAlias
from dondoc.tracking.models.tasks import OPEN_STATES
from dondoc.tracking.services import access, queries, restructure
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.params import parse_int
from dondoc.tracking.services.registry import search_units
from dondoc.tracking.services.review import parse_date

PAGE_SIZE = 50


@login_required
def unit_autocomplete(request: HttpRequest) -> HttpResponse:
    """``?q=so tai chinh`` → up to 20 units: [{"id", "name", "short_name"}]. Any signed-in user."""
    units = search_units(request.GET.get("q", ""), limit=20)
    return JsonResponse(
        {"results": [{"id": u.pk, "name": u.name, "short_name": u.short_name} for u in units]}
    )


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    """The registry: search ignoring diacritics (name, short name, aliases), active or ended units."""
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[:200]
    validity = request.GET.get("hieu_luc", "")
    qs = Unit.objects.all()
    key = fold_words(q)
    if key:
        alias_units = UnitAlias.objects.filter(alias_key__contains=key).values("unit_id")
        qs = qs.filter(Q(name_key__contains=key) | Q(pk__in=alias_units) | Q(short_name__iexact=q))
    if validity == "con":
        qs = qs.active_on(today)
    elif validity == "het":
        qs = qs.filter(valid_to__lt=today)
    qs = qs.annotate(open_count=Count("led_tasks", filter=Q(led_tasks__state__in=OPEN_STATES))).order_by(
        "name"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(parse_int(request.GET.get("trang"), "trang"))
    context: dict[str, Any] = {
        "page": page,
        "q": q,
        "validity": validity,
        "today": today,
        "query": urlencode({"q": q, "hieu_luc": validity}),
        "can_manage": access.can_manage_registry(request.user),
    }
    return render(request, "tracking/units/list.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit: validity, predecessors/successors, aliases, grid counts and its (visible) tasks."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "unit": unit,
        "today": today,
        "active": unit.is_active_on(today),
        "aliases": list(unit.aliases.order_by("alias")),
        "successors": list(unit.successors.order_by("name")),
        "predecessors": list(unit.predecessors.order_by("name")),
        "children": list(unit.children.order_by("name")),
        "groups": list(unit.groups.order_by("name")),
        "history": list(AuditEvent.objects.filter(unit=unit).select_related("actor").order_by("-at")[:20]),
        "can_manage": access.can_manage_registry(request.user),
        **queries.unit_summary(request.user, unit, today),
    }
    return render(request, "tracking/units/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_restructure(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolve, merge into a successor or rename a unit from an effective date (Quản trị, Văn phòng)."""
    if not access.can_manage_registry(request.user):
        raise PermissionDenied("Chỉ Quản trị hoặc Văn phòng được sắp xếp lại đơn vị.")
    unit = get_object_or_404(Unit, pk=pk)
    today = timezone.localdate()
    form = {k: request.POST.get(k, "") for k in ("hinh_thuc", "ngay", "don_vi_moi", "ten_moi", "ly_do")}
    if request.method == "POST":
        try:
            effective = parse_date(form["ngay"])
            if effective is None:
                raise ServiceError("Vui lòng nhập ngày có hiệu lực (dd/mm/yyyy).")
            kind = form["hinh_thuc"]
            if kind == "giai_the":
                restructure.restructure(request.user, unit, None, effective, form["ly_do"].strip())
                messages.success(
                    request,
                    f"Đã giải thể {unit.name} từ ngày {effective:%d/%m/%Y}. "
                    "Nhiệm vụ đang thực hiện của đơn vị cần được Văn phòng giao lại.",
                )
                target = unit
            elif kind == "sap_nhap":
                succ_id = parse_int(form["don_vi_moi"], "don_vi_moi")
                successor = Unit.objects.filter(pk=succ_id).first() if succ_id is not None else None
                if successor is None:
                    raise ServiceError("Vui lòng chọn đơn vị kế thừa.")
                moved = restructure.restructure(
                    request.user, unit, successor, effective, form["ly_do"].strip()
                )
                messages.success(
                    request,
                    f"Đã sáp nhập {unit.name} vào {successor.name} từ ngày {effective:%d/%m/%Y}; "
                    f"{moved} nhiệm vụ đang thực hiện được chuyển.",
                )
                target = successor
            elif kind == "doi_ten":
                target = restructure.rename(request.user, unit, form["ten_moi"], effective)
                messages.success(
                    request, f"Đã đổi tên {unit.name} thành {target.name} từ ngày {effective:%d/%m/%Y}."
                )
            else:
                raise ServiceError("Vui lòng chọn hình thức sắp xếp lại.")
            return HttpResponseRedirect(reverse("tracking:unit_detail", args=[target.pk]))
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except ServiceError as exc:
            messages.error(request, exc.message)
    others = Unit.objects.active_on(today).exclude(pk=unit.pk).only("id", "name").order_by("name")
    return render(
        request,
        "tracking/units/restructure.html",
        {"unit": unit, "others": list(others), "form": form, "today": today},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("don-vi/", unit_list, name="unit_list"),
    path("don-vi/goi-y/", unit_autocomplete, name="unit_autocomplete"),
    path("don-vi/<int:pk>/", unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sap-xep-lai/", unit_restructure, name="unit_restructure"),
]
