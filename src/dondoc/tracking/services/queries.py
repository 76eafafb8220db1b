"""Read-side queries of the web UI: task filters, dashboard aggregates and CSV rows.

Nothing here changes data. Everything is scoped to what the user may see
(``access.visible_tasks``) and aggregated in SQL, so that the screens stay fast with 100k tasks:
counts are one ``GROUP BY`` each, lists are limited and fetch their related rows in the same query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from dondoc.textutil import fold_words
from dondoc.tracking.models import AuditEvent, Extension, ExtensionDecision, Task, TaskState, Unit
from dondoc.tracking.models.tasks import NOT_IN_REGISTER, OPEN_STATES
from dondoc.tracking.services import access
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.params import int_param
from dondoc.tracking.services.review import parse_date
from dondoc.tracking.services.status import GRID_LABELS, Grid, annotate_grid, grid_counts, grid_q, official

LIST_LIMIT = 20  # rows in each dashboard list
DUE_SOON_DAYS = 7
DASHBOARD_CACHE_SECONDS = 300  # an upper bound; any change (a new audit event) invalidates sooner

# Columns a task row needs in lists (the document's text and extraction are large: never loaded).
LIST_FIELDS = (
    "id",
    "content",
    "section",
    "deadline",
    "deadline_text",
    "recurring",
    "state",
    "completed_on",
    "version",
    "lead__id",
    "lead__name",
    "lead__short_name",
    "document__id",
    "document__number",
    "document__original_name",
    "document__issued_date",
)


def scoped_tasks(user: AnyUser) -> QuerySet[Task]:
    """The tasks ``user`` may see: ``access.visible_tasks``, which has no joins or DISTINCT (safe to
    aggregate)."""
    return access.visible_tasks(user)


def register_on(qs: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """``status.official`` on ``as_of``: the tasks of the documents counted from that day or before
    (issue date, else meeting date, else confirmation date; see ``status``). Always tested, today
    too: a document may carry an issue date in the future."""
    return official(qs, as_of)


def involving(qs: QuerySet[Task], unit: Unit) -> QuerySet[Task]:
    """Tasks ``unit`` leads, co-leads or supports (``access.involving_q``: no duplicate rows)."""
    return qs.filter(access.involving_q([unit.pk]))


# ---------------------------------------------------------------------------------------------------
# Task list filters


@dataclass
class TaskFilters:
    """The task list's filters, parsed from the query string (Vietnamese parameter names)."""

    as_of: dt.date
    unit: Unit | None = None
    state: str = ""
    grid: Grid | None = None
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    document_id: int | None = None
    q: str = ""
    descending: bool = False
    no_lead: bool = False  # only the official tasks without a lead unit ("giao sau")
    errors: list[str] = field(default_factory=list)

    def query_string(self) -> str:
        """The filters as a query string (for pagination, sorting and CSV links)."""
        from urllib.parse import urlencode

        params: dict[str, str] = {}
        if self.unit is not None:
            params["don_vi"] = str(self.unit.pk)
        if self.state:
            params["trang_thai"] = self.state
        if self.grid is not None:
            params["o"] = self.grid.value
        if self.deadline_from:
            params["han_tu"] = f"{self.deadline_from:%d/%m/%Y}"
        if self.deadline_to:
            params["han_den"] = f"{self.deadline_to:%d/%m/%Y}"
        if self.document_id:
            params["van_ban"] = str(self.document_id)
        if self.q:
            params["q"] = self.q
        if self.no_lead:
            params["chua_chu_tri"] = "1"
        params["ngay"] = f"{self.as_of:%d/%m/%Y}"
        if self.descending:
            params["sap_xep"] = "-han"
        return urlencode(params)


def _date_param(params: Mapping[str, str], name: str, what: str, errors: list[str]) -> dt.date | None:
    try:
        return parse_date(params.get(name, ""))
    except ServiceError:
        errors.append(f"{what}: ngày «{params.get(name, '')}» không hợp lệ (nhập theo dạng dd/mm/yyyy).")
        return None


def parse_as_of(params: Mapping[str, str], today: dt.date, errors: list[str]) -> dt.date:
    return _date_param(params, "ngay", "Ngày xem", errors) or today


def parse_filters(params: Mapping[str, str], today: dt.date) -> TaskFilters:
    """Read the filters; an invalid date is ignored with a Vietnamese note in ``errors``, a malformed
    integer is a ``BadParameter`` (400)."""
    errors: list[str] = []
    filters = TaskFilters(as_of=parse_as_of(params, today, errors), errors=errors)
    unit_id = int_param(params, "don_vi")
    if unit_id is not None:
        filters.unit = Unit.objects.filter(pk=unit_id).first()
    state = params.get("trang_thai", "")
    if state in TaskState.values:
        filters.state = state
    grid = params.get("o", "")
    if grid in {g.value for g in Grid}:
        filters.grid = Grid(grid)
    filters.deadline_from = _date_param(params, "han_tu", "Thời hạn từ", errors)
    filters.deadline_to = _date_param(params, "han_den", "Thời hạn đến", errors)
    filters.document_id = int_param(params, "van_ban")
    filters.q = params.get("q", "").strip()[:200]
    filters.descending = params.get("sap_xep", "") == "-han"
    filters.no_lead = params.get("chua_chu_tri", "") == "1"
    return filters


def filter_tasks(user: AnyUser, f: TaskFilters) -> QuerySet[Task]:
    """The visible tasks matching ``f``, annotated with their grid cell (``grid``) on ``f.as_of``."""
    qs = scoped_tasks(user)
    if f.unit is not None:
        qs = involving(qs, f.unit)
    # withdrawn tasks are listed only when asked for (and on their document's page)
    qs = qs.filter(state=f.state) if f.state else qs.exclude(state=TaskState.WITHDRAWN)
    if f.no_lead:
        qs = without_lead(qs)
    if f.grid is not None:
        qs = register_on(qs, f.as_of).filter(grid_q(f.grid, f.as_of))
    if f.deadline_from is not None:
        qs = qs.filter(deadline__gte=f.deadline_from)
    if f.deadline_to is not None:
        qs = qs.filter(deadline__lte=f.deadline_to)
    if f.document_id is not None:
        qs = qs.filter(document_id=f.document_id)
    key = fold_words(f.q)
    if key:
        # Content, or the lead unit's name ("so tai chinh" finds the tasks Sở Tài chính leads). The
        # units are looked up first (a small table), so that both halves can use an index.
        leads = list(Unit.objects.filter(name_key__contains=key).values_list("pk", flat=True))
        qs = (
            qs.filter(Q(search_key__contains=key) | Q(lead_id__in=leads))
            if leads
            else qs.filter(search_key__contains=key)
        )
    qs = annotate_grid(qs, f.as_of)
    order = F("deadline").desc(nulls_last=True) if f.descending else F("deadline").asc(nulls_last=True)
    return qs.select_related("lead", "document").only(*LIST_FIELDS).order_by(order, "id")


class _CachedCountPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator whose count (``COUNT(*)`` of the filtered tasks: the costly half of a page when a
    filter matches thousands) is cached until the register changes, like the dashboard. The key is
    the count query itself (its SQL holds the scope, the filters and the dates) and the register's
    version, so that every user paging through the same list, or opening the same default list, shares
    one count."""

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()  # type: ignore[attr-defined]
        except EmptyResultSet:  # a user who may see nothing
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode("utf-8")).hexdigest()
        key = f"dondoc:count:{digest}:{register_version()}"
        value: int | None = cache.get(key)
        if value is None:
            value = self.object_list.count()  # type: ignore[attr-defined]
            cache.set(key, value, DASHBOARD_CACHE_SECONDS)
        return value


def task_page(qs: QuerySet[Task], number: str | int | None, per_page: int) -> Page[Task]:
    """One page of ``filter_tasks``: the page's ids come from a narrow query (the deadline index
    holds what it sorts on), then only those rows are read with their unit and document."""
    paginator = _CachedCountPaginator(qs.values_list("pk", flat=True), per_page)
    page = paginator.get_page(number)
    pks = list(page.object_list)
    rows = {t.pk: t for t in qs.filter(pk__in=pks).order_by()}
    return Page([rows[pk] for pk in pks if pk in rows], page.number, paginator)


# ---------------------------------------------------------------------------------------------------
# Dashboard


@dataclass
class UnitRow:
    unit_id: int | None
    name: str
    counts: dict[Grid, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[Grid, int]]:
        return [(g, self.counts[g]) for g in Grid]


@dataclass
class Dashboard:
    as_of: dt.date
    grid: dict[Grid, int]
    by_unit: list[UnitRow]
    overdue: list[Task]
    overdue_total: int
    due_soon: list[Task]
    due_soon_total: int
    awaiting: list[Task]
    awaiting_total: int
    extensions: list[Extension]
    extensions_total: int

    @property
    def total(self) -> int:
        return sum(self.grid.values())

    @property
    def cells(self) -> list[tuple[Grid, str, int]]:
        return [(g, GRID_LABELS[g], self.grid[g]) for g in Grid]


def without_lead(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Official tasks without a lead unit: confirmed with «giao sau», waiting for the office to assign."""
    return qs.filter(lead__isnull=True, lead_group__isnull=True).exclude(state__in=NOT_IN_REGISTER)


def extended_from(task_ids: list[int]) -> dict[int, dt.date]:
    """{task id: its deadline before the first approved extension}: "30/11/2026 (gia hạn từ 15/11/2026)"."""
    out: dict[int, dt.date] = {}
    rows = (
        Extension.objects.filter(task_id__in=task_ids, decision=ExtensionDecision.APPROVED)
        .exclude(old_deadline__isnull=True)
        .order_by("created_at", "id")
        .values_list("task_id", "old_deadline")
    )
    for task_id, old in rows:
        if old is not None:
            out.setdefault(task_id, old)
    return out


def _list(qs: QuerySet[Task], total: int | None = None) -> tuple[list[Task], int]:
    """The first ``LIST_LIMIT`` rows and the total (counted only when the list is longer)."""
    rows = list(qs.select_related("lead", "document").only(*LIST_FIELDS)[: LIST_LIMIT + 1])
    if total is None:
        total = len(rows) if len(rows) <= LIST_LIMIT else qs.count()
    return rows[:LIST_LIMIT], total


def _scope_key(user: AnyUser) -> str:
    if access.can_read_all(user):
        return "all"
    if access.is_unit_user(user):
        return "units-" + "-".join(str(pk) for pk in sorted(access.unit_scope(user)))
    return "none"


def dashboard_key(user: AnyUser, as_of: dt.date) -> str:
    """The cache key of a dashboard: it changes whenever the register changes.

    Every change writes an audit event (``services.audit.record``), so the newest event tells whether
    anything changed; the key holds it with the user's scope, the as-of date and today's date
    (``register_on`` depends on it)."""
    return ":".join(
        (
            "dondoc:dashboard",
            _scope_key(user),
            as_of.isoformat(),
            timezone.localdate().isoformat(),
            register_version(),
        )
    )


def register_version() -> str:
    """Changes whenever the register changes: every change writes an audit event
    (``services.audit.record``), so the newest event tells whether anything changed."""
    last = AuditEvent.objects.order_by("-id").values_list("id", "at").first()
    # The time too: ids can repeat after a rolled-back transaction (SQLite), times do not.
    return f"{last[0]}@{last[1].timestamp()}" if last else "0"


def dashboard(user: AnyUser, as_of: dt.date, key: str | None = None) -> Dashboard:
    """``compute_dashboard``, cached until the register changes (see ``dashboard_key``)."""
    key = key or dashboard_key(user, as_of)
    data: Dashboard | None = cache.get(key)
    if data is None:
        data = compute_dashboard(user, as_of)
        cache.set(key, data, DASHBOARD_CACHE_SECONDS)
    return data


def compute_dashboard(user: AnyUser, as_of: dt.date) -> Dashboard:
    """Counts in the status grid (overall and by lead unit) and the lists that need attention."""
    scope = scoped_tasks(user)
    register = register_on(scope, as_of)

    # One aggregate over the register gives the counts by unit and, summed, the overall counts.
    counts = {g: 0 for g in Grid}
    per_unit: dict[int | None, UnitRow] = {}
    rows = (
        annotate_grid(register, as_of)
        .values("lead_id", "grid")  # type: ignore[misc]
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        unit_id = row["lead_id"]
        entry = per_unit.get(unit_id)
        if entry is None:
            entry = per_unit[unit_id] = UnitRow(
                unit_id, "(Chưa xác định đơn vị chủ trì)", {g: 0 for g in Grid}
            )
        entry.counts[Grid(row["grid"])] += row["n"]
        counts[Grid(row["grid"])] += row["n"]
    names = dict(Unit.objects.filter(pk__in=[k for k in per_unit if k is not None]).values_list("pk", "name"))
    for unit_id, entry in per_unit.items():
        if unit_id is not None:
            entry.name = names.get(unit_id, entry.name)
    by_unit = sorted(
        per_unit.values(), key=lambda r: (-r.counts[Grid.OPEN_LATE], -r.total, fold_words(r.name))
    )

    overdue, overdue_total = _list(
        register.filter(grid_q(Grid.OPEN_LATE, as_of)).order_by("deadline", "id"), counts[Grid.OPEN_LATE]
    )
    due_soon, due_soon_total = _list(
        register.filter(grid_q(Grid.OPEN_IN_TIME, as_of))
        .filter(deadline__lte=as_of + dt.timedelta(days=DUE_SOON_DAYS))
        .order_by("deadline", "id")
    )
    awaiting, awaiting_total = _list(
        scope.filter(state=TaskState.AWAITING).order_by(F("deadline").asc(nulls_last=True), "id")
    )
    ext_qs = (
        Extension.objects.filter(decision=ExtensionDecision.PENDING)
        .select_related("task", "task__lead", "requested_by")
        .only(
            "id",
            "requested_deadline",
            "old_deadline",
            "reason",
            "created_at",
            "task__id",
            "task__content",
            "task__lead__name",
            "requested_by__username",
            "requested_by__first_name",
            "requested_by__last_name",
        )
        .order_by("created_at", "id")
    )
    if not access.can_read_all(user):
        ext_qs = ext_qs.filter(task__in=scope.values("pk"))
    extensions = list(ext_qs[: LIST_LIMIT + 1])
    ext_total = len(extensions) if len(extensions) <= LIST_LIMIT else ext_qs.count()
    return Dashboard(
        as_of=as_of,
        grid=counts,
        by_unit=by_unit,
        overdue=overdue,
        overdue_total=overdue_total,
        due_soon=due_soon,
        due_soon_total=due_soon_total,
        awaiting=awaiting,
        awaiting_total=awaiting_total,
        extensions=extensions[:LIST_LIMIT],
        extensions_total=ext_total,
    )


def unit_summary(user: AnyUser, unit: Unit, as_of: dt.date) -> dict[str, Any]:
    """A unit page: the grid counts of the tasks it leads and its open and done tasks (visible ones)."""
    scope = scoped_tasks(user)
    led = scope.filter(lead=unit)
    mine = involving(scope, unit)
    fields = (*LIST_FIELDS,)
    open_tasks = (
        mine.filter(state__in=OPEN_STATES)
        .select_related("lead", "document")
        .only(*fields)
        .order_by(F("deadline").asc(nulls_last=True), "id")
    )
    done_tasks = (
        mine.filter(state=TaskState.DONE)
        .select_related("lead", "document")
        .only(*fields)
        .order_by(F("completed_on").desc(nulls_last=True), "-id")
    )
    return {
        "grid": [(g, GRID_LABELS[g], n) for g, n in grid_counts(led, as_of).items()],
        "open_tasks": list(open_tasks[:100]),
        "open_total": open_tasks.count(),
        "done_tasks": list(done_tasks[:50]),
        "done_total": done_tasks.count(),
    }


# ---------------------------------------------------------------------------------------------------
# CSV export

CSV_HEADERS = [
    "Mã nhiệm vụ",
    "Văn bản (số, ký hiệu)",
    "Ngày ban hành",
    "Mục",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Thời hạn (nguyên văn)",
    "Thường xuyên",
    "Trạng thái",
    "Tình hình thực hiện",
    "Ngày hoàn thành",
    "Kết quả thực hiện",
]


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


# A cell that a spreadsheet would read as a formula (OWASP, "CSV injection"): "=", "+", "-", "@", and a
# tab or carriage return before them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading single quote when a spreadsheet would run it as a formula
    ("=HYPERLINK(…)", "+1", "@SUM(…)"); the quote makes it text. Every export cell goes through it."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_rows(qs: QuerySet[Task]) -> Iterator[list[str]]:
    """The header, then one row per task of ``filter_tasks``' query, fetched in chunks; every cell made
    ``spreadsheet_safe`` (the texts come from uploaded documents and from users)."""
    yield CSV_HEADERS
    rows = qs.only(*LIST_FIELDS, "result").prefetch_related("supports")
    for task in rows.iterator(chunk_size=2000):
        yield [spreadsheet_safe(cell) for cell in _csv_row(task)]


def _csv_row(task: Task) -> list[str]:
    grid = getattr(task, "grid", "")
    return [
        str(task.pk),
        task.document.number or task.document.original_name,
        _d(task.document.issued_date),
        task.section,
        task.content,
        task.lead.name if task.lead else "",
        "; ".join(u.name for u in task.supports.all()),
        _d(task.deadline),
        task.deadline_text,
        "Có" if task.recurring else "",
        task.get_state_display(),
        GRID_LABELS[Grid(grid)] if grid and task.state not in NOT_IN_REGISTER else "",
        _d(task.completed_on),
        task.result,
    ]
