"""iCal feeds of deadlines: one per user (the tasks the user sees) or per unit (the tasks it leads).

The URL carries a secret token (``CalendarToken``); revoking it stops the feed. Each task with a
deadline is an all-day event with a stable UID (``task-<id>@dondoc``) and a SEQUENCE that counts the
changes of its deadline (from the audit trail), so calendar apps replace the event when it moves.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from icalendar import Calendar, Event

from dondoc.tracking.models import AuditEvent, CalendarToken, Task, TaskState, Unit
from dondoc.tracking.services import access
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden
from dondoc.tracking.services.reminder_text import task_link

MAX_EVENTS = 5000


def issue_token(actor: AnyUser, unit: Unit | None = None) -> CalendarToken:
    """A new feed URL for the actor, or for ``unit`` (the office, or that unit's own officers)."""
    if not actor.is_authenticated:
        raise Forbidden()
    if unit is None:
        return CalendarToken.objects.create(user_id=actor.pk, created_by_id=actor.pk)
    own = access.unit_of(actor)
    if not (access.is_office(actor) or (own is not None and own.pk == unit.pk)):
        raise Forbidden("Chỉ Văn phòng hoặc cán bộ của đơn vị được tạo lịch của đơn vị.")
    return CalendarToken.objects.create(unit=unit, created_by_id=actor.pk)


def revoke_token(actor: AnyUser, token: CalendarToken) -> None:
    if token.created_by_id != actor.pk and token.user_id != actor.pk and not access.is_office(actor):
        raise Forbidden()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def _tasks(token: CalendarToken) -> list[Task]:
    if token.user is not None:
        qs = access.visible_tasks(token.user)
    else:
        qs = Task.objects.filter(lead_id=token.unit_id)
    qs = qs.exclude(state=TaskState.DRAFT).filter(deadline__isnull=False)
    return list(qs.select_related("lead", "document").order_by("deadline", "id")[:MAX_EVENTS])


def _sequences(ids: list[int]) -> dict[int, int]:
    rows = (
        AuditEvent.objects.filter(task_id__in=ids, changes__has_key="deadline")
        .values("task_id")
        .annotate(n=Count("id"))
    )
    return {r["task_id"]: r["n"] for r in rows}


def feed(secret: str) -> bytes | None:
    """The .ics of an active token; ``None`` for an unknown or revoked one."""
    token = (
        CalendarToken.objects.filter(token=secret, revoked_at__isnull=True)
        .select_related("user", "unit")
        .first()
    )
    if token is None or (token.user is not None and not token.user.is_active):
        return None
    cal = Calendar()
    cal.add("prodid", "-//dondoc//Đôn đốc//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Đôn đốc: {token.unit.name if token.unit else token.user}")
    tasks = _tasks(token)
    sequences = _sequences([t.pk for t in tasks])
    stamp = timezone.now()
    for task in tasks:
        assert task.deadline is not None
        event = Event()
        event.add("uid", f"task-{task.pk}@dondoc")
        event.add("sequence", sequences.get(task.pk, 0))
        event.add("dtstamp", stamp)
        event.add("dtstart", task.deadline)
        event.add("dtend", task.deadline + dt.timedelta(days=1))
        lead = task.lead.name if task.lead else "—"
        state = "Đã hoàn thành" if task.state == TaskState.DONE else "Chưa hoàn thành"
        event.add("summary", f"[{lead}] {task.content[:120]}")
        event.add(
            "description",
            f"{task.content}\nVăn bản: {task.document.number or '—'}\nChủ trì: {lead}\n"
            f"Thời hạn: {task.deadline:%d/%m/%Y}\nTình trạng: {state}\n{task_link(task.pk)}",
        )
        event.add("url", task_link(task.pk))
        cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics
