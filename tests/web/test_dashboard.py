"""The dashboard: grid counts (overall and by unit) on an as-of date, lists, scoping, query count."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from dondoc.tracking.models import Document, Task, TaskState
from dondoc.tracking.services import queries, workflow
from dondoc.tracking.services.status import GRID_LABELS, Grid, grid_counts, grid_of

from .uploads import result_file

Login = Callable[[str], Client]
MARCH_16 = dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC)


def cells(html: str) -> dict[str, int]:
    """The number shown in each ``data-grid`` element of the page (there must be one per cell)."""
    found = re.findall(
        r'data-grid="(\w+)"[^>]*>\s*<span class="label">([^<]*)</span>\s*<span class="n">(\d+)<', html
    )
    out = {g: int(n) for g, _label, n in found}
    labels = {g: label for g, label, _n in found}
    assert len(found) == len(Grid) == len(out)
    assert all(labels[g.value] == GRID_LABELS[g] for g in Grid)
    return out


def backdate(doc: Document) -> None:
    Document.objects.filter(pk=doc.pk).update(confirmed_at=MARCH_16)


def test_grid_counts_on_an_as_of_date(confirmed_notice: Document, login: Login) -> None:
    backdate(confirmed_notice)
    office = login("vanphong")
    # 20/03/2026: every dated task is still in time.
    response = office.get(reverse("tracking:dashboard"), {"ngay": "20/03/2026"})
    assert response.status_code == 200
    shown = cells(response.content.decode())
    expected = grid_counts(Task.objects.all(), dt.date(2026, 3, 20))
    assert shown == {g.value: n for g, n in expected.items()}
    dated = Task.objects.exclude(state=TaskState.DRAFT).filter(deadline__isnull=False).count()
    assert shown["chua_trong_han"] == dated and shown["chua_qua_han"] == 0
    assert shown["chua_khong_han"] == Task.objects.filter(deadline__isnull=True).count()

    # 01/04/2026: the March deadlines are overdue; they are listed.
    response = office.get(reverse("tracking:dashboard"), {"ngay": "01/04/2026"})
    html = response.content.decode()
    shown = cells(html)
    late = list(Task.objects.filter(deadline__lt=dt.date(2026, 4, 1)))
    assert shown["chua_qua_han"] == len(late) == response.context["d"].overdue_total
    assert {t.pk for t in response.context["d"].overdue} == {t.pk for t in late}
    # The register counts the notice from its issue date (14/03/2026), not from its confirmation
    # (16/03/2026): on 15/03 its tasks are in, on 13/03 the register was empty.
    assert confirmed_notice.issued_date == dt.date(2026, 3, 14)
    on_15 = cells(office.get(reverse("tracking:dashboard"), {"ngay": "15/03/2026"}).content.decode())
    assert sum(on_15.values()) == Task.objects.exclude(state=TaskState.DRAFT).count() > 0
    on_13 = cells(office.get(reverse("tracking:dashboard"), {"ngay": "13/03/2026"}).content.decode())
    assert sum(on_13.values()) == 0


def test_counts_change_when_the_office_confirms(confirmed_notice: Document, login: Login) -> None:
    office = login("vanphong")
    before = cells(office.get(reverse("tracking:dashboard")).content.decode())
    task = confirmed_notice.tasks.filter(lead__name="Sở Tài chính").order_by("id").first()
    assert task is not None
    workflow.report(
        User.objects.get(username="taichinh"), task, task.version, "hoan_thanh", "Xong", [result_file()]
    )
    task.refresh_from_db()
    response = office.get(reverse("tracking:dashboard"))
    assert task in response.context["d"].awaiting
    assert "Chờ Văn phòng xác nhận hoàn thành (1)" in response.content.decode()
    workflow.confirm_completion(User.objects.get(username="vanphong"), task, task.version)
    after = cells(office.get(reverse("tracking:dashboard")).content.decode())
    bucket = "chua_trong_han" if task.deadline and task.deadline >= timezone.localdate() else "chua_qua_han"
    assert after[bucket] == before[bucket] - 1
    done = sum(after[g] for g in ("xong_dung_han", "xong_qua_han", "xong_khong_han"))
    assert done == 1


def test_unit_user_sees_only_its_own_counts(confirmed_notice: Document, login: Login) -> None:
    backdate(confirmed_notice)
    response = login("taichinh").get(reverse("tracking:dashboard"), {"ngay": "01/04/2026"})
    html = response.content.decode()
    shown = cells(html)
    assert sum(shown.values()) == Task.objects.filter(lead__name="Sở Tài chính").count() == 2
    assert shown["chua_qua_han"] == 1  # 30/03/2026
    d = response.context["d"]
    assert [r.name for r in d.by_unit] == ["Sở Tài chính"]
    assert all(t.lead.name == "Sở Tài chính" for t in d.overdue)
    assert "Sở Xây dựng" not in html  # no other unit's row, list entry or extension
    assert "xử lý nghiêm các phương tiện" not in html


def test_by_unit_lists_and_pending_extensions(confirmed_notice: Document, login: Login) -> None:
    backdate(confirmed_notice)
    task = confirmed_notice.tasks.filter(lead__name="Sở Xây dựng").get()
    workflow.request_extension(
        User.objects.get(username="xaydung"), task, dt.date(2026, 4, 20), "Chờ kết quả cân"
    )
    response = login("lanhdao").get(reverse("tracking:dashboard"), {"ngay": "25/03/2026"})
    d = response.context["d"]
    rows = {r.name: r for r in d.by_unit}
    assert rows["Sở Tài chính"].counts[Grid.OPEN_IN_TIME] == 2
    assert rows["Sở Xây dựng"].total == 1
    # Due within 7 days of 25/03/2026, that day included: 25/03, 30/03 and 31/03.
    assert {t.deadline for t in d.due_soon} == {
        dt.date(2026, 3, 25),
        dt.date(2026, 3, 30),
        dt.date(2026, 3, 31),
    }
    assert [x.task_id for x in d.extensions] == [task.pk]
    html = response.content.decode()
    assert "Đề nghị gia hạn chờ quyết định (1)" in html and "20/04/2026" in html
    # Other units do not see that extension request.
    assert login("taichinh").get(reverse("tracking:dashboard")).context["d"].extensions == []


def test_invalid_date_is_reported(confirmed_notice: Document, login: Login) -> None:
    response = login("vanphong").get(reverse("tracking:dashboard"), {"ngay": "32/13/2026"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert response.context["d"].as_of == timezone.localdate()


def test_dashboard_query_count_does_not_grow_with_tasks(
    confirmed_notice: Document, login: Login, django_assert_max_num_queries: type[DjangoAssertNumQueries]
) -> None:
    """Aggregates and limited lists: no query per task or per unit."""
    backdate(confirmed_notice)
    lead = confirmed_notice.tasks.filter(lead__isnull=False).first()
    assert lead is not None
    Task.objects.bulk_create(
        [
            Task(
                document=confirmed_notice,
                content=f"Nhiệm vụ {i}",
                lead=lead.lead,
                deadline=dt.date(2026, 3, 1) + dt.timedelta(days=i % 60),
                state=TaskState.IN_PROGRESS if i % 3 else TaskState.AWAITING,
            )
            for i in range(300)
        ]
    )
    office = login("vanphong")
    office.get(reverse("tracking:dashboard"))  # warm the session
    with django_assert_max_num_queries(16):
        response = office.get(reverse("tracking:dashboard"), {"ngay": "01/04/2026"})
    assert len(response.context["d"].overdue) == 20 and response.context["d"].overdue_total > 20


def test_grid_conditions_match_the_official_grid(confirmed_notice: Document, users: dict[str, User]) -> None:
    """``queries.grid_q`` (index-friendly filters) puts every task in the same cell as ``grid_of``."""
    backdate(confirmed_notice)
    tasks = list(Task.objects.order_by("id"))
    # One task done on time, one done late, one done without deadline, one done after the as-of date.
    tasks[0].deadline, tasks[0].completed_on = dt.date(2026, 3, 30), dt.date(2026, 3, 20)
    tasks[1].deadline, tasks[1].completed_on = dt.date(2026, 3, 30), dt.date(2026, 4, 2)
    tasks[2].deadline, tasks[2].completed_on = None, dt.date(2026, 3, 21)
    tasks[3].deadline, tasks[3].completed_on = dt.date(2026, 3, 18), dt.date(2026, 6, 1)
    for t in tasks[:4]:
        t.state = TaskState.DONE
        t.save()
    for day in (dt.date(2026, 3, 19), dt.date(2026, 3, 30), dt.date(2026, 4, 5)):
        expected = {g: {t.pk for t in tasks if grid_of(t, day) == g} for g in Grid}
        for g in Grid:
            got = set(Task.objects.filter(queries.grid_q(g, day)).values_list("pk", flat=True))
            assert got == expected[g], (g, day)


def test_cached_dashboard_is_per_scope_and_refreshed_by_changes(
    confirmed_notice: Document, login: Login
) -> None:
    """The office's cached page is never served to a unit; a change shows at once."""
    office, unit = login("vanphong"), login("taichinh")
    everything = cells(office.get(reverse("tracking:dashboard")).content.decode())
    own = cells(unit.get(reverse("tracking:dashboard")).content.decode())
    assert sum(own.values()) == 2 < sum(everything.values())
    assert "Chờ Văn phòng xác nhận hoàn thành" not in unit.get(reverse("tracking:dashboard")).content.decode()
    assert (
        cells(office.get(reverse("tracking:dashboard")).content.decode()) == everything
    )  # served from cache
    task = confirmed_notice.tasks.filter(lead__name="Sở Tài chính").order_by("id").first()
    assert task is not None
    workflow.report(
        User.objects.get(username="taichinh"), task, task.version, "hoan_thanh", "Xong", [result_file()]
    )
    task.refresh_from_db()
    workflow.confirm_completion(User.objects.get(username="vanphong"), task, task.version)
    after = cells(unit.get(reverse("tracking:dashboard")).content.decode())
    assert sum(after[g] for g in ("xong_dung_han", "xong_qua_han", "xong_khong_han")) == 1
