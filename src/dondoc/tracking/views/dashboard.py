"""Dashboard: counts by status and unit, overdue and due-soon lists. (Placeholder until built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/base.html", {})
