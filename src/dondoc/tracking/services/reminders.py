"""The daily reminder run (đôn đốc): one digest per unit and day, a weekly summary for the leaders.

``run_reminders(day, dry_run)`` is the one entry point (``dondoc remind``, the scheduler):

1. e-mails that failed on an earlier run (or were left half-sent) are sent again, up to
   ``MAX_ATTEMPTS`` times;
2. the policy names the tasks to remind (``reminder_plan``); each lead unit with any gets one digest,
   as an in-app notification to each of its officers and one e-mail to their addresses (the unit's
   own address when no officer has one); on the policy's weekday each leader gets the summary;
3. every message is recorded (``ReminderLog``, with the tasks it listed as ``ReminderItem``) before it
   is sent: ``(day, kind, channel, recipient)`` is unique, so a second run on the same day, even at the
   same time, sends nothing twice. A failed delivery is recorded with its error and never stops the
   others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dondoc.tracking.models import (
    Channel,
    DeliveryStatus,
    Notification,
    ReminderItem,
    ReminderKind,
    ReminderLog,
    ReminderPolicy,
    Role,
    Task,
    Unit,
)
from dondoc.tracking.services import access, audit
from dondoc.tracking.services import reminder_text as text
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.reminder_plan import DueTask, by_unit, due_tasks, registered_by
from dondoc.tracking.services.status import Grid, annotate_grid, grid_q

MAX_ATTEMPTS = 5


@dataclass
class Message:
    kind: ReminderKind
    channel: Channel
    recipient: str
    subject: str
    body: str
    url: str
    addresses: list[str] = field(default_factory=list)
    users: list[int] = field(default_factory=list)  # in-app: who gets the notification
    unit_id: int | None = None
    user_id: int | None = None
    items: list[DueTask] = field(default_factory=list)


@dataclass
class RunReport:
    day: dt.date
    dry_run: bool
    messages: list[Message] = field(default_factory=list)  # new this run (dry run: would be)
    already_sent: int = 0
    emails_sent: int = 0
    notifications: int = 0
    retried: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (subject, error)

    @property
    def digests(self) -> int:
        return sum(m.kind == ReminderKind.UNIT_DIGEST and m.channel == Channel.APP for m in self.messages)

    @property
    def tasks_reminded(self) -> int:
        return sum(len(m.items) for m in self.messages if m.channel == Channel.APP)


def run_reminders(day: dt.date | None = None, dry_run: bool = False) -> RunReport:
    """Remind for ``day`` (default today); ``dry_run`` computes what would go out and writes nothing."""
    day = day or timezone.localdate()
    policy = ReminderPolicy.current()
    report = RunReport(day=day, dry_run=dry_run)
    started = timezone.now()
    if not dry_run:
        _retry(started, report)
    planned = _plan_digests(policy, day) + _plan_leaders(policy, day)
    done = set(ReminderLog.objects.filter(day=day).values_list("kind", "channel", "recipient"))
    fresh = [m for m in planned if (m.kind, m.channel, m.recipient) not in done]
    report.already_sent = len(planned) - len(fresh)
    if dry_run:
        report.messages = fresh
        return report
    connection = None
    for message in fresh:
        log = _record(message, day)
        if log is None:  # another run recorded it first
            report.already_sent += 1
            continue
        report.messages.append(message)
        if message.channel == Channel.APP:
            report.notifications += len(message.users)
            continue
        connection = connection or get_connection()
        _send(log, connection, report)
    return report


def _email_on(policy: ReminderPolicy) -> bool:
    return bool(settings.DONDOC_EMAIL_ENABLED and policy.email_enabled)


def _plan_digests(policy: ReminderPolicy, day: dt.date) -> list[Message]:
    grouped = by_unit(due_tasks(policy, day))
    units = Unit.objects.in_bulk(list(grouped))
    officers: dict[int, list[tuple[int, str]]] = {}
    rows = User.objects.filter(
        is_active=True, groups__name=Role.UNIT.value, profile__unit_id__in=list(grouped)
    ).values_list("profile__unit_id", "id", "email")
    for unit_id, user_id, email in rows.order_by("id"):
        officers.setdefault(unit_id, []).append((user_id, email))
    url = reverse("tracking:task_list")
    out: list[Message] = []
    for unit_id, items in grouped.items():
        unit = units[unit_id]
        people = officers.get(unit_id, [])
        app = Message(
            kind=ReminderKind.UNIT_DIGEST,
            channel=Channel.APP,
            recipient=f"don_vi:{unit_id}",
            subject=text.digest_subject(unit, items, day),
            body=text.digest_body(unit, items, day),
            url=url,
            unit_id=unit_id,
            users=[u for u, _ in people],
            items=items,
        )
        out.append(app)
        addresses = sorted({e for _, e in people if e}) or ([unit.email] if unit.email else [])
        if _email_on(policy) and addresses:
            out.append(replace(app, channel=Channel.EMAIL, users=[], items=[], addresses=addresses))
    return out


def overdue_by_unit(day: dt.date) -> list[tuple[str, int]]:
    """(unit name, open overdue tasks) on ``day``, in the registry's order (by name)."""
    rows = (
        registered_by(Task.objects.filter(lead__isnull=False), day)
        .filter(grid_q(Grid.OPEN_LATE, day))
        .values("lead__name")
        .annotate(n=Count("id"))
        .order_by("lead__name")
    )
    return [(r["lead__name"], r["n"]) for r in rows]


def grid_on(day: dt.date) -> dict[Grid, int]:
    """``status.grid_counts`` of the whole register on ``day`` (with ``registered_by``'s bound)."""
    graded = annotate_grid(registered_by(Task.objects.all(), day), day)
    rows = graded.values("grid").annotate(n=Count("id"))  # type: ignore[misc]
    counts = dict.fromkeys(Grid, 0)
    for row in rows:
        counts[Grid(row["grid"])] = row["n"]
    return counts


def _plan_leaders(policy: ReminderPolicy, day: dt.date) -> list[Message]:
    if day.weekday() != policy.leader_weekday:
        return []
    leaders = list(User.objects.filter(is_active=True, groups__name=Role.LEADER.value).order_by("id"))
    if not leaders:
        return []
    grid, overdue = grid_on(day), overdue_by_unit(day)
    url = reverse("tracking:dashboard")
    out: list[Message] = []
    for leader in leaders:
        app = Message(
            kind=ReminderKind.LEADER_SUMMARY,
            channel=Channel.APP,
            recipient=f"nguoi_dung:{leader.pk}",
            subject=text.leader_subject(day),
            body=text.leader_body(leader.get_full_name() or leader.username, grid, overdue, day),
            url=url,
            user_id=leader.pk,
            users=[leader.pk],
        )
        out.append(app)
        if _email_on(policy) and leader.email:
            out.append(replace(app, channel=Channel.EMAIL, users=[], addresses=[leader.email]))
    return out


def _record(message: Message, day: dt.date) -> ReminderLog | None:
    """Write the message's log (and, in-app, its notifications and tasks); ``None`` if already there."""
    app = message.channel == Channel.APP
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                day=day,
                kind=message.kind,
                channel=message.channel,
                recipient=message.recipient,
                unit_id=message.unit_id,
                user_id=message.user_id,
                addresses=message.addresses or [str(u) for u in message.users],
                subject=message.subject[:255],
                body=message.body,
                task_count=len(message.items),
                status=DeliveryStatus.SENT if app else DeliveryStatus.PENDING,
                sent_at=timezone.now() if app else None,
            )
            if app:
                ReminderItem.objects.bulk_create(
                    [ReminderItem(log=log, task_id=i.task_id, reason=i.reason) for i in message.items],
                    batch_size=2000,
                )
                Notification.objects.bulk_create(
                    [
                        Notification(user_id=u, title=log.subject, body=log.body, url=message.url)
                        for u in message.users
                    ]
                )
    except IntegrityError:
        return None
    return log


def _send(log: ReminderLog, connection: BaseEmailBackend, report: RunReport) -> bool:
    """One e-mail; its outcome on the log. An error is recorded, never raised."""
    mail = EmailMessage(
        log.subject, log.body, settings.DEFAULT_FROM_EMAIL, list(log.addresses), connection=connection
    )
    log.attempts += 1
    try:
        mail.send(fail_silently=False)
    except Exception as exc:  # any delivery error (refused, timeout, TLS): record it, go on
        log.status, log.error = DeliveryStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        log.save(update_fields=["status", "error", "attempts"])
        report.failures.append((log.subject, log.error))
        connection.close()  # a broken SMTP session must not fail the next message too
        return False
    log.status, log.error, log.sent_at = DeliveryStatus.SENT, "", timezone.now()
    log.save(update_fields=["status", "error", "attempts", "sent_at"])
    report.emails_sent += 1
    return True


def _retry(started: dt.datetime, report: RunReport) -> None:
    """Send again the e-mails of earlier runs that failed or were cut off."""
    pending = ReminderLog.objects.filter(
        Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.PENDING, created_at__lt=started),
        channel=Channel.EMAIL,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("id")
    if not settings.DONDOC_EMAIL_ENABLED:
        return
    connection = get_connection()
    for log in pending:
        if _send(log, connection, report):
            report.retried += 1


def failed_logs() -> QuerySet[ReminderLog]:
    """E-mails that could not be delivered (still to retry, or given up after ``MAX_ATTEMPTS``)."""
    return ReminderLog.objects.filter(status=DeliveryStatus.FAILED).order_by("-day", "-id")


def update_policy(actor: AnyUser, days_before: str, overdue_every: str, no_deadline_every: str,
                  on_the_day: bool, leader_weekday: str, email_enabled: bool) -> ReminderPolicy:  # fmt: skip
    """The office edits the policy; a bad value changes nothing and says why in Vietnamese."""
    if not access.is_office(actor):
        raise Forbidden("Chỉ Văn phòng được sửa cấu hình nhắc việc.")

    def number(value: str, label: str, low: int, high: int) -> int:
        if not re.fullmatch(r"[0-9]{1,6}", value) or not low <= int(value) <= high:  # not " 7", "²", "１２"
            raise ServiceError(f"{label}: hãy nhập một số từ {low} đến {high} (nhận được «{value}»).")
        return int(value)

    parts = [p for p in re.split(r"\s*[,;]\s*", days_before) if p]  # "10, 5"; not " 7"
    days = sorted({number(p, "Số ngày nhắc trước hạn", 1, 365) for p in parts}, reverse=True)
    policy = ReminderPolicy.current()
    policy.days_before = days
    policy.overdue_every_days = number(overdue_every, "Nhắc lại khi quá hạn", 0, 365)
    policy.no_deadline_every_days = number(no_deadline_every, "Nhắc nhiệm vụ không thời hạn", 0, 365)
    policy.leader_weekday = number(leader_weekday, "Ngày gửi tổng hợp cho Lãnh đạo", 0, 6)
    policy.on_the_day, policy.email_enabled = on_the_day, email_enabled
    policy.save()
    audit.record(actor, "reminders.policy", f"Sửa cấu hình nhắc việc: trước hạn {days} ngày.")
    return policy
