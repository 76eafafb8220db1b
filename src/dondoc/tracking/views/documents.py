"""Document list, upload and detail. (Being built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/base.html", {})


@login_required
def document_upload(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/base.html", {})


urlpatterns = [
    path("van-ban/", document_list, name="document_list"),
    path("van-ban/nhap/", document_upload, name="document_upload"),
]
