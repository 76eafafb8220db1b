"""Dashboard: the status grid on an as-of date (overall and by lead unit), overdue and due-soon lists,
completions waiting for the office's confirmation and pending extension requests."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dondoc.tracking.services import access, queries


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    errors: list[str] = []
    as_of = queries.parse_as_of(request.GET, today, errors)
    key = queries.dashboard_key(request.user, as_of)
    data = queries.dashboard(request.user, as_of, key)
    # Not cached with the grid: the office assigns these tasks one by one and expects to see it at once.
    no_lead = queries.without_lead(queries.scoped_tasks(request.user)).count()
    return render(
        request,
        "tracking/dashboard/index.html",
        {
            "d": data,
            # The rendered counts and lists are cached with the data (the headings differ by role).
            "body_key": f"{key}:{'office' if access.is_office(request.user) else 'other'}",
            "body_seconds": queries.DASHBOARD_CACHE_SECONDS,
            "errors": errors,
            "no_lead": no_lead,
            "today": today,
            "as_of_param": f"{as_of:%d/%m/%Y}",
            "due_soon_until": as_of + dt.timedelta(days=queries.DUE_SOON_DAYS),
            "due_soon_days": queries.DUE_SOON_DAYS,
            # Built once: the unit table has a link per unit and grid cell.
            "list_url": reverse("tracking:task_list"),
            "unit_url_prefix": reverse("tracking:unit_list"),
            "as_of_q": quote(f"{as_of:%d/%m/%Y}", safe=""),
        },
    )
