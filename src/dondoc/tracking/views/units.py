"""Unit pages and the unit autocomplete (diacritics ignored)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from dondoc.tracking.services.registry import search_units


@login_required
def unit_autocomplete(request: HttpRequest) -> HttpResponse:
    """``?q=so tai chinh`` → up to 20 units: [{"id", "name", "short_name"}]. Any signed-in user."""
    units = search_units(request.GET.get("q", ""), limit=20)
    return JsonResponse(
        {"results": [{"id": u.pk, "name": u.name, "short_name": u.short_name} for u in units]}
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/base.html", {})


urlpatterns = [
    path("don-vi/", unit_list, name="unit_list"),
    path("don-vi/goi-y/", unit_autocomplete, name="unit_autocomplete"),
]
