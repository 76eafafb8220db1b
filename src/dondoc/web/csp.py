"""Content-Security-Policy on every response: scripts, styles, images and fonts from this site only.

No ``'unsafe-inline'`` and no ``'unsafe-eval'``: the pages carry no inline script, no inline style and
no event-handler attribute (their scripts and styles are files under ``tracking/static``), so an
injected ``<script>`` or ``style=`` would not run even if some escaping failed. htmx is configured
(``<meta name="htmx-config">`` in ``base.html``) not to insert its indicator ``<style>`` and not to
evaluate expressions.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY
        return response
