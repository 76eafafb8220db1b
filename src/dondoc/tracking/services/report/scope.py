"""What a report covers: the whole office, one leader's directives, one issuing document type or one
unit; and when a task counts as assigned (the date of its document)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from dondoc.tracking.models import Document, Task, TaskState, Unit
from dondoc.tracking.services import access
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.status import official

#: Who reads the report: a signed-in user (sees what ``access.visible_tasks`` lets them), or ``None``
#: for the command line, whose operator has the database itself (the whole register).
Reader = AnyUser | None


class ScopeKind(StrEnum):
    ALL = "toan_bo"
    LEADER = "lanh_dao"
    DOC_TYPE = "loai_van_ban"
    UNIT = "don_vi"


SCOPE_LABELS = {
    ScopeKind.ALL: "Toàn cơ quan",
    ScopeKind.LEADER: "Văn bản chỉ đạo của lãnh đạo",
    ScopeKind.DOC_TYPE: "Loại văn bản",
    ScopeKind.UNIT: "Đơn vị",
}


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind = ScopeKind.ALL
    value: str = ""  # the signer's name, the document type, or the unit's name
    unit: Unit | None = None

    @property
    def label(self) -> str:
        if self.kind == ScopeKind.ALL:
            return SCOPE_LABELS[self.kind]
        return f"{SCOPE_LABELS[self.kind]}: {self.unit.name if self.unit else self.value}"


def assigned_q(prefix: str, *, after: dt.date | None = None, before: dt.date | None = None) -> Q:
    """Documents (``prefix`` = "" on Document, "document__" on Task) assigned within [after, before]:
    the issue date, or when the document has none, the day the office confirmed it (else imported)."""

    def bounded(field: str) -> Q:
        q = Q()
        if after is not None:
            q &= Q(**{f"{prefix}{field}__gte": after})
        if before is not None:
            q &= Q(**{f"{prefix}{field}__lte": before})
        return q

    issued = Q(**{f"{prefix}issued_date__isnull": False}) & bounded("issued_date")
    confirmed = Q(**{f"{prefix}issued_date__isnull": True, f"{prefix}confirmed_at__isnull": False})
    confirmed &= bounded("confirmed_at__date")
    created = Q(**{f"{prefix}issued_date__isnull": True, f"{prefix}confirmed_at__isnull": True})
    created &= bounded("created_at__date")
    return issued | confirmed | created


def unit_family(unit: Unit) -> list[int]:
    """The unit and every unit it succeeded (their tasks are its history)."""
    ids = [unit.pk]
    frontier = [unit]
    while frontier:
        preds = list(Unit.objects.filter(successors__in=frontier).exclude(pk__in=ids))
        ids += [p.pk for p in preds]
        frontier = preds
    return ids


def scoped(user: Reader, scope: Scope, as_of: dt.date) -> QuerySet[Task]:
    """The official tasks of the register on ``as_of`` that ``user`` may see, within ``scope``."""
    visible = Task.objects.all() if user is None else access.visible_tasks(user)
    qs = official(visible, as_of).exclude(state=TaskState.DRAFT)
    docs = Document.objects.all()
    if scope.kind == ScopeKind.LEADER:
        docs = docs.filter(signer__iexact=scope.value.strip())
    elif scope.kind == ScopeKind.DOC_TYPE:
        docs = docs.filter(doc_type__iexact=scope.value.strip())
    elif scope.kind == ScopeKind.UNIT and scope.unit is not None:
        qs = qs.filter(lead_id__in=unit_family(scope.unit))
    if scope.kind in (ScopeKind.LEADER, ScopeKind.DOC_TYPE):
        qs = qs.filter(document_id__in=docs.values("pk"))
    return qs


def in_period(qs: QuerySet[Task], start: dt.date, end: dt.date) -> QuerySet[Task]:
    """Tasks of the documents assigned from ``start`` to ``end``."""
    return qs.filter(
        document_id__in=Document.objects.filter(assigned_q("", after=start, before=end)).values("pk")
    )


def carried_over(qs: QuerySet[Task], start: dt.date) -> QuerySet[Task]:
    """Tồn kỳ trước: tasks assigned before ``start`` and not completed before it."""
    before = start - dt.timedelta(days=1)
    earlier = Document.objects.filter(assigned_q("", before=before)).values("pk")
    done_before = Q(state=TaskState.DONE, completed_on__isnull=False, completed_on__lt=start)
    return qs.filter(document_id__in=earlier).exclude(done_before)
