"""The demo register is dated relative to today: a fresh demo's dashboard shows every grid cell."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from dondoc.tracking.demo import load_demo
from dondoc.tracking.models import Document, DocumentState
from dondoc.tracking.services import queries
from dondoc.tracking.services.status import Grid


def test_fresh_demo_dashboard_shows_every_grid_cell(db: None) -> None:
    load_demo()
    today = timezone.localdate()
    d = queries.compute_dashboard(User.objects.get(username="vanphong"), today)
    assert all(d.grid[g] > 0 for g in Grid), d.grid
    # Some tasks are due within the coming week, some overdue; both lists say so.
    assert d.due_soon and all(today <= t.deadline <= today + dt.timedelta(days=7) for t in d.due_soon)
    assert d.overdue and all(t.deadline < today for t in d.overdue)
    confirmed = Document.objects.get(state=DocumentState.CONFIRMED)
    assert confirmed.issued_date is not None and confirmed.issued_date < today
    # Three weeks ago, before the notice was issued, the register was empty.
    past = queries.compute_dashboard(User.objects.get(username="vanphong"), today - dt.timedelta(days=30))
    assert sum(past.grid.values()) == 0
    # Loading the demo again changes nothing.
    load_demo()
    again = queries.compute_dashboard(User.objects.get(username="vanphong"), today)
    assert again.grid == d.grid
