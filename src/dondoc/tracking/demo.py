"""Demo data: the fictional People's Committee of Hòa Lâm province, its units, one user per role and
the bundled sample documents (``src/dondoc/samples``), imported through the real pipeline."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dondoc.tracking.models import (
    Document,
    Profile,
    Role,
    TaskState,
    Unit,
    UnitAlias,
    UnitGroup,
    UnitKind,
)
from dondoc.tracking.services.ingestion import import_many
from dondoc.tracking.services.review import confirm_document
from dondoc.tracking.services.setup import ensure_roles
from dondoc.tracking.services.tasks import change_task

DEMO_PASSWORD = "dondoc-demo-2026"

UNITS: list[tuple[str, str, str]] = [
    ("Ủy ban nhân dân tỉnh Hòa Lâm", "UBND tỉnh", UnitKind.UBND),
    ("Văn phòng UBND tỉnh", "VP UBND", UnitKind.VAN_PHONG),
    ("Sở Tài chính", "STC", UnitKind.SO),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", UnitKind.SO),
    ("Sở Xây dựng", "SXD", UnitKind.SO),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", UnitKind.SO),
    ("Sở Y tế", "SYT", UnitKind.SO),
    ("Sở Nội vụ", "SNV", UnitKind.SO),
    ("Thanh tra tỉnh", "TTr", UnitKind.SO),
    ("Công an tỉnh", "CAT", UnitKind.KHAC),
    ("Kho bạc Nhà nước tỉnh", "KBNN", UnitKind.KHAC),
    ("Trung tâm Phát triển quỹ đất tỉnh", "TTPTQĐ", UnitKind.TRUNG_TAM),
    ("UBND xã Tân An", "", UnitKind.UBND),
    ("UBND xã Đồng Mơ", "", UnitKind.UBND),
    ("UBND phường Hòa Bình", "", UnitKind.UBND),
    ("UBND phường Lâm Sơn", "", UnitKind.UBND),
]
ALIASES = {"Sở Tài chính": ["Sở TC"], "Sở Nông nghiệp và Môi trường": ["Sở NN&MT"]}
GROUPS = {
    "UBND các xã, phường": [
        "UBND xã Tân An",
        "UBND xã Đồng Mơ",
        "UBND phường Hòa Bình",
        "UBND phường Lâm Sơn",
    ],
    "các sở, ngành": [
        "Sở Tài chính",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Sở Nội vụ",
    ],
}
# username, full name, role, unit
USERS: list[tuple[str, str, str, str | None]] = [
    ("vanphong", "Nguyễn Thu Hà (Văn phòng)", Role.OFFICE, "Văn phòng UBND tỉnh"),
    ("lanhdao", "Trần Minh Khang (Lãnh đạo)", Role.LEADER, None),
    ("quantri", "Lê Văn Quản (Quản trị)", Role.ADMIN, None),
    ("taichinh", "Phạm Thị Lan (Sở Tài chính)", Role.UNIT, "Sở Tài chính"),
    ("xaydung", "Đỗ Văn Hùng (Sở Xây dựng)", Role.UNIT, "Sở Xây dựng"),
    ("nongnghiep", "Vũ Thị Mai (Sở Nông nghiệp và Môi trường)", Role.UNIT, "Sở Nông nghiệp và Môi trường"),
    ("xatanan", "Hoàng Văn Nam (UBND xã Tân An)", Role.UNIT, "UBND xã Tân An"),
]


def sample_files() -> list[tuple[str, bytes]]:
    root = resources.files("dondoc") / "samples"
    return sorted(
        (p.name, p.read_bytes()) for p in root.iterdir() if p.name.endswith((".txt", ".md", ".docx", ".pdf"))
    )


@transaction.atomic
def load_registry() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, short, kind in UNITS:
        units[name] = Unit.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})[0]
    parent = units["Ủy ban nhân dân tỉnh Hòa Lâm"]
    Unit.objects.filter(
        pk__in=[u.pk for n, u in units.items() if n != parent.name and "xã" not in n and "phường" not in n]
    ).update(parent=parent)
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if not UnitAlias.objects.filter(alias=alias).exists():
                UnitAlias.objects.create(unit=units[name], alias=alias)
    for gname, members in GROUPS.items():
        group = UnitGroup.objects.filter(name=gname).first() or UnitGroup.objects.create(name=gname)
        group.members.set([units[m] for m in members])
    return units


def load_users(units: dict[str, Unit]) -> list[tuple[str, str, str]]:
    groups = ensure_roles()
    out = []
    for username, full_name, role, unit_name in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=DEMO_PASSWORD)
        user.first_name, user.last_name = full_name, ""
        user.is_staff = role in (Role.ADMIN, Role.OFFICE)
        user.save()
        user.groups.set([groups[str(role)]])
        Profile.objects.update_or_create(user=user, defaults={"unit": units.get(unit_name or "")})
        out.append((username, str(role), unit_name or "—"))
    return out


def load_demo() -> list[tuple[str, str, str]]:
    """Create (or complete) the demo data; returns (username, role, unit) for each demo login."""
    units = load_registry()
    logins = load_users(units)
    office = User.objects.get(username="vanphong")
    if not Document.objects.exists():
        outcomes = import_many(sample_files(), office, source="demo")
        first = next(
            (o.document for o in outcomes if o.document and o.document.doc_type == "Thông báo"), None
        )
        if first is not None:
            confirm_document(office, first)
            date_from_today(office, first, timezone.localdate())
    return logins


# The confirmed demo notice, dated relative to today so that a fresh demo's dashboard shows every cell
# of the grid: (deadline, completed on) in days from today, one entry per task in order; None: none.
DEMO_TIMELINE: list[tuple[int | None, int | None]] = [
    (3, None),  # due this week
    (6, None),  # due next week
    (-5, None),  # overdue
    (-12, None),  # overdue
    (-2, -4),  # done on time
    (-15, -8),  # done late
    (20, None),  # in time
    (None, -6),  # done, no deadline
]
DEMO_ISSUED_DAYS_AGO = 21


def date_from_today(office: User, doc: Document, today: dt.date) -> None:
    """Re-date the confirmed demo notice around ``today``: issued three weeks ago, some tasks due next
    week, some overdue, some done on time and some late, some without deadline (audited changes)."""
    day = today - dt.timedelta(days=DEMO_ISSUED_DAYS_AGO)
    Document.objects.filter(pk=doc.pk).update(issued_date=day, meeting_date=day - dt.timedelta(days=2))
    dated = list(doc.tasks.filter(deadline__isnull=False).exclude(state=TaskState.DRAFT))
    undated = list(doc.tasks.filter(deadline__isnull=True).exclude(state=TaskState.DRAFT))
    plan = [
        *zip(dated, [e for e in DEMO_TIMELINE if e[0] is not None], strict=False),
        *zip(undated, [e for e in DEMO_TIMELINE if e[0] is None], strict=False),
    ]
    for task, (due, done) in plan:
        fields: dict[str, object] = {}
        if due is not None:
            fields.update(deadline=today + dt.timedelta(days=due), deadline_text="")
        if done is not None:
            fields.update(
                state=TaskState.DONE,
                completed_on=today + dt.timedelta(days=done),
                result="Đã thực hiện xong (dữ liệu mẫu).",
            )
        change_task(
            office, task, task.version, "task.demo_dated", "Dữ liệu mẫu: ghi ngày theo hôm nay.", **fields
        )
