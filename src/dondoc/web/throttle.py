"""Login throttling (django-axes): the client's address and the Vietnamese lockout answer.

Failures are counted per account and per client address (``AXES_LOCKOUT_PARAMETERS``); at
``AXES_FAILURE_LIMIT`` failures of one account, or ``DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT`` from one
address, sign-in is refused for ``AXES_COOLOFF_TIME``, on the login page, the admin's login page and
``/api/token/``.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class LoginAttemptHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler with one limit per account (``AXES_FAILURE_LIMIT``) and a
    higher one per client address (``DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT``): the offices of a
    province often reach the server through one address, and a few typing errors there must not lock
    out everyone. Axes compares one count with one limit, so the address count is scaled to the
    account limit (locked when either reaches its own limit)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_account, per_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = max(1, int(settings.DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT))
        return max(int(per_account), int(per_address) * account_limit // address_limit)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """A successful sign-in clears the failures of that account only. (Axes would clear every
        failure from the same address too: then anyone with an account of their own could wipe the
        count of a password-guessing run, against other accounts, from the same address.)"""
        from axes.models import AccessAttempt

        username = get_client_username(request, credentials)
        if username is None:
            return 0
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(deleted)


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
