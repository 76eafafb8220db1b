"""Two users edit the same task: no update is lost (optimistic locking with a clear Vietnamese message).

Each user reads the task (its ``version``), then sends a change. The first change is kept; the second,
made on the stale version, is refused with the Conflict message and changes nothing — whether it
comes through the web forms or the API. The last test races two real threads (each with its own
database connection) on the same version: exactly one wins. It runs on SQLite and on PostgreSQL
(``DATABASE_URL``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client
from rest_framework.authtoken.models import Token

from dondoc.tracking.demo import load_registry, load_users
from dondoc.tracking.models import AuditEvent, Document, Profile, Role, Task, TaskState, Unit
from dondoc.tracking.services.errors import Conflict
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes

CONFLICT = Conflict().message
assert "người khác cập nhật" in CONFLICT


def second_office_user(users: dict[str, User]) -> User:
    """Another specialist of the office, so that two people of the same role edit the same task."""
    user = User.objects.create_user("vanphong2", password="dondoc-demo-2026", first_name="Lê Thị Hoa")
    user.groups.add(Group.objects.get(name=Role.OFFICE.value))
    Profile.objects.create(user=user, unit=Unit.objects.get(name="Văn phòng UBND tỉnh"))
    users["vanphong2"] = user
    return user


def web(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def finance_task(doc: Document) -> Task:
    task = doc.tasks.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    return task


@pytest.mark.django_db
def test_two_specialists_edit_the_same_draft_in_the_review_form(
    notice: Document, users: dict[str, User]
) -> None:
    second_office_user(users)
    task = finance_task(notice)
    seen = task.version  # both open the review screen and see this version
    url = f"/van-ban/{notice.pk}/duyet/nhiem-vu/{task.pk}/sua/"
    form = {"version": seen, "lead": "Sở Tài chính", "deadline": "30/03/2026"}

    first = web(users["vanphong"]).post(url, {**form, "content": "Bản sửa của người thứ nhất."}, follow=True)
    assert first.status_code == 200
    second = web(users["vanphong2"]).post(url, {**form, "content": "Bản sửa của người thứ hai."}, follow=True)
    assert second.status_code == 200
    page = second.content.decode()
    assert CONFLICT in page
    assert "Chưa lưu thay đổi nào" in page

    task.refresh_from_db()
    assert task.content == "Bản sửa của người thứ nhất."
    assert task.version == seen + 1
    edits = AuditEvent.objects.filter(task=task, action="task.edited")
    assert [e.actor for e in edits] == [users["vanphong"]]


@pytest.mark.django_db
def test_office_postpones_a_task_the_unit_just_reported_on(
    confirmed_notice: Document, users: dict[str, User]
) -> None:
    task = finance_task(confirmed_notice)
    seen = task.version  # the unit and the office both opened the task page
    reported = web(users["taichinh"]).post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"version": seen, "kind": "tien_do", "text": "Đã rà soát 12/20 chủ đầu tư."},
        follow=True,
    )
    assert reported.status_code == 200
    postponed = web(users["vanphong"]).post(
        f"/nhiem-vu/{task.pk}/tam-hoan/", {"version": seen, "ly_do": "Chờ chủ trương của tỉnh."}, follow=True
    )
    assert postponed.status_code == 200
    assert CONFLICT in postponed.content.decode()

    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS  # the postponement was not applied on the stale read
    assert [r.text for r in task.reports.all()] == ["Đã rà soát 12/20 chủ đầu tư."]  # the report stands
    assert task.version == seen + 1
    assert not AuditEvent.objects.filter(task=task, action="task.postponed").exists()


@pytest.mark.django_db
def test_stale_completion_report_on_a_task_postponed_meanwhile(
    confirmed_notice: Document, users: dict[str, User]
) -> None:
    """The office postponed the task while the unit was writing its completion report: the report is
    refused with a clear message (the web says why: the task's state; the API says the read is stale)
    and nothing of it is stored."""
    task = finance_task(confirmed_notice)
    seen = task.version
    web(users["vanphong"]).post(
        f"/nhiem-vu/{task.pk}/tam-hoan/", {"version": seen, "ly_do": "Chờ chủ trương."}
    )
    page = web(users["taichinh"]).post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"version": seen, "kind": "hoan_thanh", "text": "Đã trình UBND tỉnh."},
        follow=True,
    )
    html = page.content.decode()
    assert CONFLICT in html or "Không thể báo cáo hoàn thành: nhiệm vụ đang ở trạng thái «Tạm hoãn»" in html
    by_api = api(users["taichinh"]).post(
        f"/api/tasks/{task.pk}/report/",
        {"version": seen, "kind": "completion", "text": "Đã trình UBND tỉnh."},
    )
    assert by_api.status_code == 409 and by_api.json()["detail"] == CONFLICT

    task.refresh_from_db()
    assert task.state == TaskState.POSTPONED
    assert task.result == "" and task.reports.count() == 0
    assert task.version == seen + 1


@pytest.mark.django_db
def test_two_api_clients_patch_the_same_version(confirmed_notice: Document, users: dict[str, User]) -> None:
    second_office_user(users)
    task = finance_task(confirmed_notice)
    seen = task.version
    url = f"/api/tasks/{task.pk}/"

    def patch(user: User, body: dict[str, Any]) -> Any:
        return api(user).patch(url, json.dumps({"version": seen, **body}), content_type="application/json")

    first = patch(users["vanphong"], {"deadline": "10/04/2026", "deadline_text": "trước ngày 10/4/2026"})
    assert first.status_code == 200
    second = patch(users["vanphong2"], {"deadline": "20/04/2026"})
    assert second.status_code == 409
    assert second.json() == {"detail": CONFLICT, "code": "conflict"}

    task.refresh_from_db()
    assert f"{task.deadline:%d/%m/%Y}" == "10/04/2026"
    assert task.deadline_text == "trước ngày 10/4/2026"
    assert task.version == seen + 1

    # The second user reloads (new version) and applies the change on top: nothing was lost.
    fresh = api(users["vanphong2"]).get(url).json()
    assert fresh["deadline"] == "2026-04-10"
    again = api(users["vanphong2"]).patch(
        url,
        json.dumps({"version": fresh["version"], "deadline": "20/04/2026"}),
        content_type="application/json",
    )
    assert again.status_code == 200
    task.refresh_from_db()
    assert f"{task.deadline:%d/%m/%Y}" == "20/04/2026" and task.deadline_text == "trước ngày 10/4/2026"


@pytest.mark.django_db
def test_web_form_then_stale_api_action(confirmed_notice: Document, users: dict[str, User]) -> None:
    """A change made in the browser makes an API client's read stale, and the other way round."""
    task = finance_task(confirmed_notice)
    seen = task.version
    web(users["taichinh"]).post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"version": seen, "kind": "tien_do", "text": "Đã rà soát 12/20 chủ đầu tư."},
    )
    task.refresh_from_db()
    assert task.version == seen + 1
    stale = api(users["vanphong"]).post(
        f"/api/tasks/{task.pk}/postpone/", {"version": seen, "reason": "Chờ chủ trương."}
    )
    assert stale.status_code == 409 and stale.json()["detail"] == CONFLICT
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS

    # And the other way round: an API change makes a browser form stale.
    seen = task.version
    api_report = api(users["taichinh"]).post(
        f"/api/tasks/{task.pk}/report/", {"version": seen, "kind": "progress", "text": "Đã rà soát 20/20."}
    )
    assert api_report.status_code == 200
    page = web(users["vanphong"]).post(
        f"/nhiem-vu/{task.pk}/tam-hoan/", {"version": seen, "ly_do": "Chờ chủ trương."}, follow=True
    )
    assert CONFLICT in page.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert task.reports.count() == 2


@contextmanager
def production_like_database(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """The database the racing threads share; yields a function each thread calls to use it.

    On PostgreSQL that is the test database itself (committed data: ``transaction=True``). On SQLite
    the test database is in memory with a shared cache, where a second writer fails at once with
    "database table is locked" (SQLITE_LOCKED ignores the busy timeout) — not how dondoc runs. So the
    race runs on a database file with the project's own connection settings (WAL, busy timeout,
    IMMEDIATE transactions), migrated here, exactly as a deployed SQLite database."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield lambda: None
        return
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "race.sqlite3")}
    backend = load_backend(settings_dict["ENGINE"])

    def use() -> None:
        connections["default"] = backend.DatabaseWrapper(dict(settings_dict), "default")

    original = connections["default"]
    use()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield use
    finally:
        connections["default"].close()
        connections["default"] = original


@pytest.mark.django_db(transaction=True)
def test_two_threads_racing_on_the_same_version(tmp_path: Path) -> None:
    """Two requests on the same version at the same moment, each on its own connection: one wins."""
    with production_like_database(tmp_path) as use_database:
        assert "sqlite" not in connection.vendor or not connection.is_in_memory_db()
        units = load_registry()
        load_users(units)
        users = {u.username: u for u in User.objects.all()}
        second_office_user(users)
        office = users["vanphong"]
        doc = ingest(sample_bytes("thong-bao-ket-luan-giao-ban.txt"), "thong-bao-45.txt", office)
        confirm_document(office, doc)
        task = finance_task(doc)
        seen = task.version
        url = f"/api/tasks/{task.pk}/"
        clients = {name: api(users[name]) for name in ("vanphong", "vanphong2")}
        contents = {name: f"Nội dung do {name} sửa." for name in clients}
        barrier = threading.Barrier(len(clients))
        results: dict[str, tuple[int, Any]] = {}
        errors: list[BaseException] = []

        def run(name: str) -> None:
            use_database()
            try:
                body = json.dumps({"version": seen, "content": contents[name]})
                barrier.wait(timeout=30)
                response = clients[name].patch(url, body, content_type="application/json")
                results[name] = (response.status_code, response.json())
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(name,)) for name in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        assert sorted(code for code, _ in results.values()) == [200, 409], results
        winner = next(name for name, (code, _) in results.items() if code == 200)
        loser = next(name for name, (code, _) in results.items() if code == 409)
        assert results[loser][1] == {"detail": CONFLICT, "code": "conflict"}

        task.refresh_from_db()
        assert task.content == contents[winner]
        assert task.version == seen + 1
        edits = list(AuditEvent.objects.filter(task=task, action="task.edited"))
        assert len(edits) == 1 and edits[0].actor == users[winner]
