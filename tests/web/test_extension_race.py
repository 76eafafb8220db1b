"""At most one pending extension request per task, enforced by the database: 50 requests at the same
moment, each on its own database connection, create exactly one, and it bumps the task's version.
Runs on SQLite (a database file with the project's connection settings) and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from rest_framework.authtoken.models import Token

from dondoc.tracking.demo import load_registry, load_users
from dondoc.tracking.models import AuditEvent, Extension, ExtensionDecision
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes
from .test_concurrency import finance_task, production_like_database

RACERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_requests_create_exactly_one(tmp_path: Path) -> None:
    with production_like_database(tmp_path) as use_database:
        units = load_registry()
        load_users(units)
        users = {u.username: u for u in User.objects.all()}
        office = users["vanphong"]
        doc = ingest(sample_bytes("thong-bao-ket-luan-giao-ban.txt"), "thong-bao-45.txt", office)
        confirm_document(office, doc)
        task = finance_task(doc)
        seen = task.version
        token, _ = Token.objects.get_or_create(user=users["taichinh"])
        web = Client()
        web.force_login(users["taichinh"])
        barrier = threading.Barrier(RACERS)
        codes: list[int] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def run(i: int) -> None:
            use_database()
            try:
                if i % 2:  # half through the API, half through the web form
                    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
                    url, data = (
                        f"/api/tasks/{task.pk}/extensions/",
                        {"version": seen, "requested_deadline": "31/12/2026", "reason": f"Lý do {i}."},
                    )
                else:
                    client = Client()
                    client.cookies = web.cookies
                    url, data = (
                        f"/nhiem-vu/{task.pk}/de-nghi-gia-han/",
                        {"version": seen, "han_moi": "31/12/2026", "ly_do": f"Lý do {i}."},
                    )
                barrier.wait(timeout=60)
                response = client.post(url, data)
                with lock:
                    codes.append(response.status_code)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors[:3]
        assert len(codes) == RACERS
        assert all(code < 500 for code in codes), sorted(codes)
        pending = Extension.objects.filter(task=task, decision=ExtensionDecision.PENDING)
        assert pending.count() == 1, pending.count()
        assert AuditEvent.objects.filter(task=task, action="extension.requested").count() == 1
        task.refresh_from_db()
        assert task.version == seen + 1  # the request is a change of the task
        # Every loser was told why (409: the version moved on, or 400: one is already pending);
        # the web form answers with a redirect and a message.
        assert set(codes) <= {201, 302, 400, 409}, sorted(codes)


@pytest.mark.django_db
def test_the_database_refuses_a_second_pending_request(confirmed_notice: Any, users: dict[str, User]) -> None:
    """The constraint itself, below the service: a second pending row cannot be written."""
    task = finance_task(confirmed_notice)
    fields = {"task": task, "requested_by": users["taichinh"], "requested_deadline": dt.date(2026, 12, 31)}
    Extension.objects.create(**fields, reason="Lần một.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Extension.objects.create(**fields, reason="Lần hai.")
    # A decided request does not count: a new one may follow it.
    Extension.objects.filter(task=task).update(decision=ExtensionDecision.REJECTED)
    Extension.objects.create(**fields, reason="Lần ba.")
    assert Extension.objects.filter(task=task).count() == 2
