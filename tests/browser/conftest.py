"""Fixtures of the browser tests: Debian's chromium driven by Playwright against pytest-django's
``live_server`` (a real HTTP server on the transactional test database, SQLite or PostgreSQL).

The tests skip, with the reason, when ``/usr/bin/chromium`` or the Playwright package is missing;
``.ci/run`` installs chromium so that they run there. Screenshots go to
``test-output/browser/<database vendor>/`` at the repository root.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.urls import reverse

from dondoc.tracking.demo import DEMO_PASSWORD, load_registry, load_users
from dondoc.tracking.models import Unit
from web.isolation import isolate

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "browser"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    isolate(settings, tmp_path)


@pytest.fixture
def registry(transactional_db: None) -> dict[str, Unit]:
    """The demo registry (fictional Hòa Lâm province) and one user per role, with the demo password."""
    units = load_registry()
    load_users(units)
    return units


@pytest.fixture
def users(registry: dict[str, Unit]) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A headless Debian chromium. Playwright's sync API keeps an event loop on this thread, which
    Django's ORM guard mistakes for async code: the guard is lifted for this test only."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server answers in threads of its own; each closes its database connection when its
    # request ends, so that none is left open on the test database when it is dropped.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            # Inside Playwright's event loop, asgiref gives this thread another context, hence its own
            # database connection: close it before leaving, or it would stay open on the test database.
            connections.close_all()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """``shot(page, "01-upload")`` saves a full-page PNG in test-output/browser/<vendor>/<test name>/."""
    folder = OUTPUT / connection.vendor / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()

    def shot(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot


@pytest.fixture
def login_page(browser: Any, live_server: Any, users: dict[str, User]) -> Iterator[Callable[[str], Any]]:
    """``login_page("vanphong")``: a page in a fresh browser context, signed in through the login form.

    Every page's console is watched: a script or style the Content-Security-Policy refused (an inline
    one left in a template) fails the test at its end."""
    refused: list[str] = []

    def watch(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    def make(username: str) -> Any:
        from playwright.sync_api import expect

        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.on("console", watch)
        page.set_default_timeout(20_000)
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))
        return page

    yield make
    assert refused == [], "the Content-Security-Policy refused: " + "; ".join(refused)


@pytest.fixture
def embedded_worker(registry: dict[str, Unit]) -> Iterator[threading.Thread]:
    """The embedded ingestion worker (what ``dondoc serve`` runs beside gunicorn), in a thread on the
    live server's database: uploads are extracted by it, never inside the request."""
    from dondoc.tracking.services.worker import run_worker

    stop = threading.Event()

    def work() -> None:
        try:
            run_worker(poll=0.2, stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="embedded-worker", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=60)
