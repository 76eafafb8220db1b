"""Schemathesis against the API, in-process over WSGI (no network), bounded and deterministic.

Every operation of the OpenAPI schema gets a few generated requests with a real token; no answer
may be a 5xx and every answer must match the schema (status code, content type, body)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as st_checks

from dondoc.tracking.models import Document

from .test_api import token_for

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES_PER_OPERATION = 3
# Server errors and conformance to the schema; data-acceptance heuristics (a generated "file" that
# is not a document is rightly refused with a 400) are not defects of the API.
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def run_operation(operation: Any, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")
            return
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as error:
            failures.append(f"{case.method} {case.formatted_path}: {str(error)[:300]}")

    check()
    return failures


def test_schemathesis_finds_no_5xx_and_no_schema_mismatch(
    confirmed_notice: Document, users: dict[str, User]
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"Token {token_for('vanphong')}"}
    failures: list[str] = []
    results: list[Any] = list(schema.get_all_operations())  # Ok(operation), or Err on a bad schema
    operations = [result.ok() for result in results]
    assert len(operations) > 10
    for operation in operations:
        failures.extend(run_operation(operation, headers))
    assert failures == []
