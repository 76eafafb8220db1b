"""A password change (by the user, an admin, a reset) and a lifted lockout write an audit event."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from dondoc.tracking.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_password_change_is_audited_without_the_password() -> None:
    user = User.objects.create_user("kiemtra", password="Mật-khẩu-cũ-2026")
    user.set_password("Mật-khẩu-mới-2026")
    user.save()
    events = list(AuditEvent.objects.filter(action="user.password_changed"))
    assert len(events) == 1
    event = events[0]
    assert "«kiemtra»" in event.message
    stored = f"{event.message} {event.changes}"
    assert "Mật-khẩu-mới-2026" not in stored and user.password not in stored


def test_saving_a_user_without_a_new_password_writes_no_password_event() -> None:
    user = User.objects.create_user("kiemtra2", password="Mật-khẩu-cũ-2026")
    user.first_name = "Lan"
    user.save()
    assert not AuditEvent.objects.filter(action="user.password_changed").exists()


def test_lifting_a_lockout_is_audited() -> None:
    from axes.models import AccessAttempt
    from django.core.management import call_command

    AccessAttempt.objects.create(username="bikhoa", ip_address="10.0.0.9", failures_since_start=5)
    call_command("axes_reset_username", "bikhoa")
    assert not AccessAttempt.objects.filter(username="bikhoa").exists()
    event = AuditEvent.objects.get(action="login.unlocked")
    assert "«bikhoa»" in event.message and "10.0.0.9" in event.message
