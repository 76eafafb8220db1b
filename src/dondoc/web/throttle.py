"""Login throttling (django-axes): the client's address and the Vietnamese lockout answer.

Failures are counted per account and per client address (``AXES_LOCKOUT_PARAMETERS``); at
``AXES_FAILURE_LIMIT`` sign-in is refused for ``AXES_COOLOFF_TIME``, on the login page, the admin's
login page and ``/api/token/``.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client's address. Directly served: ``REMOTE_ADDR`` (a client cannot choose it). Behind the
    reverse proxy (``DONDOC_HTTPS=1``): the last address of ``X-Forwarded-For``, the one the proxy
    appended; the earlier ones come from the client and are not trusted."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if settings.DONDOC_HTTPS:
        forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            return forwarded[-1]
    return remote


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    return str(settings.AXES_COOLOFF_MESSAGE).format(minutes=lockout_minutes())


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """429 with the Vietnamese message: JSON for the API, the login page otherwise."""
    message = lockout_message()
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(request, "registration/login.html", {"locked_out": message}, status=429)
    response["Retry-After"] = retry_after
    return response
