"""Fixtures of the web application's tests: roles, a small registry, one user per role, documents.

The database is SQLite by default and PostgreSQL when ``DATABASE_URL`` is set (``scripts/test.sh``
runs the suite on both)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dondoc.tracking.demo import load_registry, load_users
from dondoc.tracking.models import Document, Unit
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .isolation import isolate

PASSWORD = "dondoc-demo-2026"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    isolate(settings, tmp_path)


@pytest.fixture
def registry(db: None) -> dict[str, Unit]:
    """The demo registry (fictional Hòa Lâm province) and one user per role (see tracking/demo.py)."""
    units = load_registry()
    load_users(units)
    return units


@pytest.fixture
def users(registry: dict[str, Unit]) -> dict[str, User]:
    """office=vanphong, leader=lanhdao, admin=quantri, unit users: taichinh, xaydung, nongnghiep, xatanan."""
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login(users: dict[str, User]) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    return make


def sample_bytes(name: str) -> bytes:
    return (resources.files("dondoc") / "samples" / name).read_bytes()


@pytest.fixture
def notice(users: dict[str, User]) -> Document:
    """The sample Thông báo kết luận 45/TB-UBND imported as drafts (not yet confirmed)."""
    return ingest(
        sample_bytes("thong-bao-ket-luan-giao-ban.txt"), "thong-bao-ket-luan-giao-ban.txt", users["vanphong"]
    )


@pytest.fixture
def confirmed_notice(notice: Document, users: dict[str, User]) -> Document:
    return confirm_document(users["vanphong"], notice)
