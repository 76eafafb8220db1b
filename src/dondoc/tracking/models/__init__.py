"""Models of the register. Each module holds one concern."""

from dondoc.tracking.models.accounts import Profile, Role
from dondoc.tracking.models.audit import AuditEvent
from dondoc.tracking.models.documents import Document, DocumentSource, DocumentState
from dondoc.tracking.models.jobs import IngestJob, JobState
from dondoc.tracking.models.reminders import (
    CalendarToken,
    Channel,
    DeliveryStatus,
    Notification,
    ReminderItem,
    ReminderKind,
    ReminderLog,
    ReminderPolicy,
    TaskReason,
)
from dondoc.tracking.models.reports import (
    Extension,
    ExtensionDecision,
    ProgressReport,
    ReportAttachment,
    ReportKind,
)
from dondoc.tracking.models.tasks import FanOut, Task, TaskState
from dondoc.tracking.models.units import Unit, UnitAlias, UnitGroup, UnitKind

__all__ = [
    "AuditEvent",
    "CalendarToken",
    "Channel",
    "DeliveryStatus",
    "Document",
    "DocumentSource",
    "DocumentState",
    "Extension",
    "ExtensionDecision",
    "FanOut",
    "IngestJob",
    "JobState",
    "Notification",
    "Profile",
    "ProgressReport",
    "ReminderItem",
    "ReminderKind",
    "ReminderLog",
    "ReminderPolicy",
    "ReportAttachment",
    "ReportKind",
    "Role",
    "Task",
    "TaskReason",
    "TaskState",
    "Unit",
    "UnitAlias",
    "UnitGroup",
    "UnitKind",
]
