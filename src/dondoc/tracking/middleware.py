"""Middleware of the web UI."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dondoc.tracking.services.params import BadParameter


class BadParameterMiddleware:
    """A malformed integer parameter (``services.params.BadParameter``) raised by a view → a 400 page
    with its Vietnamese message (the API answers it in JSON through its own exception handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadParameter):
            return None
        return render(request, "tracking/errors/bad_request.html", {"message": exception.message}, status=400)
