"""The OpenAPI schema says what the API returns: a task without a lead unit (``lead: null``, a draft
whose lead the office has not linked yet) and a report whose unit was removed are documented as
nullable (schemathesis found ``null is not of type "object"`` on ``GET /api/tasks/``)."""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token

from dondoc.tracking.models import Document, Task


def _schema() -> dict[str, object]:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)  # type: ignore[no-any-return]


def _nullable(prop: dict[str, object]) -> bool:
    if prop.get("nullable") is True:
        return True
    return any(isinstance(x, dict) and x.get("type") == "null" for x in prop.get("oneOf", []) or [])  # type: ignore[attr-defined]


def test_lead_and_report_unit_are_nullable(notice: Document, users: dict[str, User]) -> None:
    components = _schema()["components"]["schemas"]  # type: ignore[index]
    for name in ("TaskSummary", "Task"):
        assert _nullable(components[name]["properties"]["lead"]), name
    assert _nullable(components["Report"]["properties"]["unit"])
    # And the API does return a null lead.
    task = notice.tasks.order_by("order").first()
    assert task is not None
    Task.objects.filter(pk=task.pk).update(lead=None)
    token, _ = Token.objects.get_or_create(user=users["vanphong"])
    body = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get(f"/api/tasks/{task.pk}/").json()
    assert body["lead"] is None
