"""Task list and detail. (Being built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/base.html", {})


urlpatterns = [path("nhiem-vu/", task_list, name="task_list")]
