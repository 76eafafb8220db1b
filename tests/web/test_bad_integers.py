"""Integer parameters that are not plain ASCII digits, or are out of range, never take a page down.

Generated from the URL resolver: every route of the web UI and of the API (``all_routes``) is sent
the valid requests of the authorization matrix (``MATRIX``, which already must classify every route),
by a role allowed to make them, with one integer altered at a time:

- every integer field of the form or JSON body (``version``, ``don_vi``, ``index``, ``lead`` …);
- the integer filters of the query string (``?don_vi=``, ``?van_ban=``; ``?unit=``, ``?lead=``,
  ``?document=`` for the API), added to every route (a route that has no such filter ignores it);
- the integers of the path (a huge id).

An altered form field or filter is answered 400 with a Vietnamese message (``INT_FILTERS`` lists the
routes that read the filters); nothing at all is answered 5xx.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponseBase
from django.urls import reverse

from .test_authz_matrix import MATRIX, Probe, World, all_routes, body_of, build_world, client_for, rolled_back

BAD_INTEGERS = [
    "²",  # str.isdigit() says yes, int() says no
    "99999999999999999999999",  # digits, far over any column
    "9223372036854775808",  # one over a 64-bit id
    "-1",
    "１２",  # full-width digits: int() reads them
    "٣",  # Arabic-Indic three: int() reads it too
    " 7",
    "1.5",
]
FEW_BAD_INTEGERS = ["²", "99999999999999999999999"]  # for the filters on a route that has none
HUGE_ID = "99999999999999999999999"

# The integer filters and page numbers of the query string, by route (the routes whose GET reads them).
INT_FILTERS: dict[str, list[str]] = {
    "tracking:task_list": ["don_vi", "van_ban", "trang"],
    "tracking:task_csv": ["don_vi", "van_ban"],
    "tracking:document_list": ["trang"],
    "tracking:unit_list": ["trang"],
    "api:task_list": ["unit", "lead", "document", "page"],
    "api:document_list": ["page"],
    "api:unit_list": ["page"],
}
ALL_FILTER_NAMES = sorted({name for names in INT_FILTERS.values() for name in names})
VIETNAMESE_MARKS = "ạảãàáâậầấẩẫăắằặẳẵêềếệểễôồốổỗộơờớợởỡưừứựửữđ"


def _role(probe: Probe) -> str | None:
    for role in ("office", "unit_a", "leader", "admin", "unit_b", "anonymous"):
        if role in probe.allowed:
            return role
    return None


def _is_int_like(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    )


def _int_fields(data: dict[str, Any]) -> list[str]:
    out = []
    for key, value in data.items():
        if _is_int_like(value) or (isinstance(value, list) and value and all(_is_int_like(v) for v in value)):
            out.append(key)
    return out


def _send(client: Any, probe: Probe, url: str, data: dict[str, Any]) -> HttpResponseBase:
    if probe.method == "get":
        return client.get(url)  # type: ignore[no-any-return]
    if probe.method == "patch":
        return client.patch(url, json.dumps(data), content_type="application/json")  # type: ignore[no-any-return]
    return client.post(url, data)  # type: ignore[no-any-return]


def _assert_vietnamese_400(response: HttpResponseBase, body: str, where: str) -> None:
    assert response.status_code == 400, f"{where}: expected 400, got {response.status_code}: {body[:300]}"
    assert unicodedata.is_normalized("NFC", body), f"{where}: the message is not NFC"
    assert any(ch in body.lower() for ch in VIETNAMESE_MARKS), f"{where}: no Vietnamese message: {body[:300]}"
    assert "không hợp lệ" in body or "không phải" in body, (
        f"{where}: the message does not say why: {body[:300]}"
    )


@pytest.fixture
def world(users: dict[str, User]) -> World:
    return build_world(users)


@pytest.mark.parametrize("route", sorted(all_routes()))
def test_bad_integers_never_5xx(route: str, world: World) -> None:
    assert route in MATRIX, f"{route} has no probe in the authorization matrix"
    checked = 0
    for probe in MATRIX[route]:
        role = _role(probe)
        if role is None:
            continue
        # Form and body fields, one at a time.
        with rolled_back():
            if probe.setup is not None:
                probe.setup(world)
            valid = probe.data(world) if probe.data is not None else {}
        for field in _int_fields(valid):
            for bad in BAD_INTEGERS:
                with rolled_back():
                    if probe.setup is not None:
                        probe.setup(world)
                    url = reverse(route, kwargs=probe.args(world))
                    data = probe.data(world) if probe.data is not None else {}
                    data[field] = [bad] if isinstance(data[field], list) else bad
                    response = _send(client_for(role, route, world), probe, url, data)
                    where = f"{role} {probe.method.upper()} {url} {field}={bad!r}"
                    _assert_vietnamese_400(response, body_of(response), where)
                    checked += 1
        # Query filters, on every route; asserted 400 where the route reads them.
        for name in ALL_FILTER_NAMES:
            reads = name in INT_FILTERS.get(route, []) and probe.method == "get"
            for bad in BAD_INTEGERS if reads else FEW_BAD_INTEGERS:
                with rolled_back():
                    if probe.setup is not None:
                        probe.setup(world)
                    url = reverse(route, kwargs=probe.args(world)) + f"?{name}={quote(bad)}"
                    data = probe.data(world) if probe.data is not None else {}
                    response = _send(client_for(role, route, world), probe, url, data)
                    body = body_of(response)
                    where = f"{role} {probe.method.upper()} {url}"
                    assert response.status_code < 500, f"{where}: {response.status_code}: {body[:300]}"
                    if reads:
                        _assert_vietnamese_400(response, body, where)
                    checked += 1
        # Path integers: a huge id is a missing object.
        for key in probe.args(world):
            with rolled_back():
                if probe.setup is not None:
                    probe.setup(world)
                kwargs = {**probe.args(world), key: HUGE_ID}
                url = reverse(route, kwargs=kwargs)
                data = probe.data(world) if probe.data is not None else {}
                response = _send(client_for(role, route, world), probe, url, data)
                body = body_of(response)
                assert response.status_code == 404, f"{role} {url}: {response.status_code}: {body[:300]}"
                checked += 1
    assert checked, f"{route}: nothing was sent"
