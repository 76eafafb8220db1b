"""The authorization matrix: every role × every route of the web UI ("tracking") and of the API ("api").

Exhaustive by construction: the routes are enumerated from Django's URL resolver, and
``test_every_route_is_classified`` fails when a route has no row in ``MATRIX`` (a route added later
must be classified here) or when a row names a route that no longer exists.

Each row lists probes: a request (method, URL arguments, a *valid* payload, and the state the objects
must be in) and the roles allowed to make it. Every probe is sent by every role, each in its own
savepoint rolled back afterwards:

- an allowed role gets a success (and a POST really changes the database);
- a forbidden role is denied — anonymous users are sent to the login page (web) or get 401 (API),
  signed-in users get 403 or 404 (404 when the object is outside their scope: IDOR attempts) — and the
  database is exactly as before;
- a role that may not see unit A's tasks never finds unit A's secret marker in any answer, allowed or
  not (lists, dashboards, CSV, unit pages, files, JSON).

The objects: unit A is Sở Tài chính (user taichinh), unit B is Sở Xây dựng (user xaydung). Unit A has
a document of its own (99/TB-UBND, «Hồ Mây»), with two official tasks, a progress report with an
attached file, and (when a probe needs it) a pending extension request. Unit B has its own task in
the shared notice 45/TB-UBND. The office has a document still under review (27/KH-UBND).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from dondoc.tracking.models import Document, Extension, IngestJob, JobState, Task, TaskState, Unit
from dondoc.tracking.services import workflow
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes

MARKER = "Hồ Mây"  # only in unit A's own document, its tasks, its report and its file

SECRET_NOTICE = """ỦY BAN NHÂN DÂN
TỈNH HÒA LÂM
Số: 99/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Lâm, ngày 02 tháng 4 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về quyết toán dự án hồ chứa nước Hồ Mây

Ngày 01/4/2026, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp về quyết toán dự án hồ chứa nước Hồ Mây. \
Sau khi nghe báo cáo, đồng chí Chủ tịch UBND tỉnh kết luận như sau:

1. Sở Tài chính: Chủ trì thẩm tra quyết toán dự án hồ chứa nước Hồ Mây, báo cáo UBND tỉnh trước ngày 30/6/2026.

2. Sở Tài chính: Tham mưu phương án xử lý công nợ của dự án hồ chứa nước Hồ Mây, trình UBND tỉnh trong tháng 5/2026.

Nơi nhận:
- Sở Tài chính;
- Lưu: VT.

TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn Bình
"""

ROLES = {
    "anonymous": None,
    "office": "vanphong",
    "leader": "lanhdao",
    "unit_a": "taichinh",
    "unit_b": "xaydung",
    "admin": "quantri",
}
SIGNED_IN = frozenset(r for r in ROLES if r != "anonymous")
EVERYONE = frozenset(ROLES)
READERS_OF_A = frozenset({"office", "leader", "unit_a"})  # may see unit A's tasks and documents
OFFICE = frozenset({"office"})
REPORTERS_OF_A = frozenset({"office", "unit_a"})  # services.access.can_report on unit A's task
DECIDERS = frozenset({"office", "leader"})
REGISTRY = frozenset({"office", "admin"})
NOBODY: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------- world


@dataclass
class World:
    users: dict[str, User]
    unit_a: int
    unit_b: int
    other_unit: int  # Sở Y tế: a third unit, target of reassignments and renames
    doc_a: int
    task_a: int
    task_a2: int
    att_a: int
    task_b: int
    draft_doc: int
    draft_tasks: list[int]
    ext: int = 0  # set by the ``pending_extension`` setup
    job: int = 0  # set by the ``failed_job`` setup

    def version(self, pk: int) -> int:
        return Task.objects.get(pk=pk).version


def build_world(users: dict[str, User]) -> World:
    office = users["vanphong"]
    notice = ingest(sample_bytes("thong-bao-ket-luan-giao-ban.txt"), "thong-bao-45.txt", office)
    confirm_document(office, notice)
    secret = ingest(SECRET_NOTICE.encode(), "thong-bao-99.txt", office)
    confirm_document(office, secret)
    draft = ingest(sample_bytes("ke-hoach-trien-khai.txt"), "ke-hoach-27.txt", office)
    unit_a = Unit.objects.get(name="Sở Tài chính")
    unit_b = Unit.objects.get(name="Sở Xây dựng")
    secret_tasks = list(secret.tasks.order_by("order"))
    assert len(secret_tasks) == 2 and all(t.lead_id == unit_a.pk for t in secret_tasks)
    assert all(MARKER in t.content for t in secret_tasks)
    assert not any(t.supports.exists() or t.co_leads.exists() for t in secret_tasks)
    task_a = secret_tasks[0]
    rep = workflow.report(
        users["taichinh"],
        task_a,
        task_a.version,
        "tien_do",
        f"Đã thẩm tra 3/5 hạng mục dự án {MARKER}.",
        [SimpleUploadedFile("bien-ban.txt", f"Biên bản thẩm tra dự án {MARKER}".encode())],
    )
    task_b = notice.tasks.filter(lead=unit_b).order_by("order").first()
    assert task_b is not None
    drafts = list(draft.tasks.order_by("order").values_list("pk", flat=True))
    assert len(drafts) >= 2
    for user in users.values():
        Token.objects.get_or_create(user=user)
    return World(
        users=users,
        unit_a=unit_a.pk,
        unit_b=unit_b.pk,
        other_unit=Unit.objects.get(name="Sở Y tế").pk,
        doc_a=secret.pk,
        task_a=task_a.pk,
        task_a2=secret_tasks[1].pk,
        att_a=rep.attachments.get().pk,
        task_b=task_b.pk,
        draft_doc=draft.pk,
        draft_tasks=drafts,
    )


# -------------------------------------------------------------------------------------------- setups


def awaiting(w: World) -> None:
    Task.objects.filter(pk=w.task_a).update(state=TaskState.AWAITING)


def postponed(w: World) -> None:
    Task.objects.filter(pk=w.task_a).update(state=TaskState.POSTPONED)


def pending_extension(w: World) -> None:
    w.ext = Extension.objects.create(
        task_id=w.task_a,
        requested_by=w.users["taichinh"],
        old_deadline=dt.date(2026, 6, 30),
        requested_deadline=dt.date(2026, 9, 30),
        reason="Chờ hồ sơ quyết toán của chủ đầu tư.",
    ).pk


def failed_job(w: World) -> None:
    """A received file whose ingestion failed (its copy kept for a retry)."""
    job = IngestJob(
        original_name="ban-quet.pdf",
        sha256="0" * 64,
        size=5,
        state=JobState.FAILED,
        error="Tệp bị hỏng hoặc không đúng định dạng, không đọc được.",
        uploaded_by=w.users["vanphong"],
    )
    job.file.save("ban-quet.pdf", ContentFile(b"%PDF-"), save=False)
    job.save()
    w.job = job.pk


def job_of(w: World) -> dict[str, Any]:
    return {"pk": w.job}


def unlinked_mention(w: World) -> None:
    Task.objects.filter(pk=w.draft_tasks[0]).update(
        unlinked=[{"role": "support", "name": "Ban Quản lý dự án Mây Trắng", "mention": "Ban QLDA Mây Trắng"}]
    )


def confirmed_draft(w: World) -> None:
    """The draft document confirmed (its tasks without a lead assigned later): no unit acted yet."""
    confirm_document(w.users["vanphong"], Document.objects.get(pk=w.draft_doc), assign_later=True)


# ---------------------------------------------------------------------------------------------- matrix

Payload = Callable[[World], dict[str, Any]]


def no_args(w: World) -> dict[str, Any]:
    return {}


@dataclass
class Probe:
    method: str  # get | post | patch
    allowed: frozenset[str]
    args: Payload = no_args  # URL kwargs
    data: Payload | None = None
    setup: Callable[[World], None] | None = None
    query: str = ""
    changes: bool | None = None  # an allowed request changes the database (default: unless GET)
    scoped: bool = True  # a signed-in user outside the object's scope gets 404 (never 403)
    note: str = ""

    def expects_change(self) -> bool:
        return self.changes if self.changes is not None else self.method != "get"


def _calendar_token() -> str:
    from dondoc.tracking.models import CalendarToken

    owner = User.objects.get(username="xaydung")  # unit B's feed: holds none of unit A's tasks
    return (CalendarToken.objects.filter(user=owner).first() or CalendarToken.objects.create(user=owner)).token


def task_a(w: World) -> dict[str, Any]:
    return {"pk": w.task_a}


def doc_a(w: World) -> dict[str, Any]:
    return {"pk": w.doc_a}


def draft_doc(w: World) -> dict[str, Any]:
    return {"pk": w.draft_doc}


def draft_task(w: World) -> dict[str, Any]:
    return {"pk": w.draft_doc, "task_pk": w.draft_tasks[0]}


def upload(name: str) -> Payload:
    def make(w: World) -> dict[str, Any]:
        out = {}
        for key in ("files", "file"):  # the web form's field, the API's field
            f = io.BytesIO(sample_bytes(name))
            f.name = name
            out[key] = f
        return out

    return make


def version_a(**extra: Any) -> Payload:
    return lambda w: {"version": w.version(w.task_a), **extra}


def listing(query: str, note: str) -> list[Probe]:
    """A list everyone signed in may open, plain and filtered on unit A's objects."""
    return [Probe("get", SIGNED_IN), Probe("get", SIGNED_IN, query=query, note=note)]


MATRIX: dict[str, list[Probe]] = {
    # ---- web: dashboard, tasks ----
    "tracking:dashboard": [Probe("get", SIGNED_IN), Probe("get", SIGNED_IN, query="?don_vi={unit_a}")],
    "tracking:task_list": [
        *listing(
            "?don_vi={unit_a}&van_ban={doc_a}&q=ho may",
            "filtering by unit A and its document reveals nothing",
        )
    ],
    "tracking:task_csv": [
        *listing(
            "?don_vi={unit_a}&van_ban={doc_a}&q=ho may",
            "filtering by unit A and its document reveals nothing",
        )
    ],
    "tracking:task_detail": [
        Probe("get", READERS_OF_A, task_a),
        Probe("get", EVERYONE - {"anonymous", "admin", "unit_a"}, lambda w: {"pk": w.task_b}, scoped=False),
    ],
    "tracking:attachment_download": [
        Probe("get", READERS_OF_A, lambda w: {"pk": w.task_a, "att": w.att_a}),
        Probe(
            "get",
            NOBODY,
            lambda w: {"pk": w.task_b, "att": w.att_a},
            note="unit B's own task id with unit A's attachment id",
            scoped=False,
        ),
    ],
    "tracking:task_report": [
        Probe("post", REPORTERS_OF_A, task_a, version_a(kind="tien_do", text="Đang thẩm tra.")),
        Probe(
            "post",
            REPORTERS_OF_A,
            task_a,
            lambda w: {
                "version": w.version(w.task_a),
                "kind": "hoan_thanh",
                "text": "Đã xong.",
                "tep": SimpleUploadedFile("ket-qua.txt", b"ket qua"),
            },
        ),
    ],
    "tracking:task_request_extension": [
        Probe("post", REPORTERS_OF_A, task_a, version_a(han_moi="31/12/2026", ly_do="Chờ hồ sơ."))
    ],
    "tracking:task_confirm": [Probe("post", OFFICE, task_a, version_a(), setup=awaiting)],
    "tracking:task_return": [
        Probe("post", OFFICE, task_a, version_a(ly_do="Thiếu biên bản."), setup=awaiting)
    ],
    "tracking:task_decide_extension": [
        Probe(
            "post",
            DECIDERS,
            lambda w: {"pk": w.task_a, "ext": w.ext},
            version_a(quyet_dinh="dong_y", y_kien="Đồng ý."),
            setup=pending_extension,
        ),
        Probe(
            "post",
            NOBODY,
            lambda w: {"pk": w.task_b, "ext": w.ext},
            version_a(quyet_dinh="dong_y"),
            setup=pending_extension,
            note="unit A's extension through unit B's task",
            scoped=False,
        ),
    ],
    "tracking:task_reassign": [
        Probe("post", OFFICE, task_a, lambda w: {"version": w.version(w.task_a), "don_vi": w.other_unit})
    ],
    "tracking:task_postpone": [Probe("post", OFFICE, task_a, version_a(ly_do="Chờ chủ trương."))],
    "tracking:task_resume": [Probe("post", OFFICE, task_a, version_a(), setup=postponed)],
    # ---- web: documents and review ----
    "tracking:document_list": [Probe("get", SIGNED_IN)],
    "tracking:document_upload": [
        Probe("get", OFFICE, scoped=False),
        Probe("post", OFFICE, data=upload("cong-van-chi-dao.md"), scoped=False),
    ],
    "tracking:document_detail": [Probe("get", READERS_OF_A, doc_a)],
    "tracking:job_detail": [Probe("get", OFFICE, job_of, setup=failed_job, scoped=False)],
    "tracking:job_retry": [Probe("post", OFFICE, job_of, setup=failed_job, scoped=False)],
    "tracking:job_dismiss": [Probe("post", OFFICE, job_of, setup=failed_job, scoped=False)],
    "tracking:document_file": [Probe("get", READERS_OF_A, doc_a)],
    "tracking:review": [Probe("get", OFFICE, draft_doc, scoped=False)],
    "tracking:review_edit": [
        Probe(
            "post",
            OFFICE,
            draft_task,
            lambda w: {
                "version": w.version(w.draft_tasks[0]),
                "content": "Số hóa hồ sơ thủ tục hành chính (đã sửa).",
                "lead": "Sở Tài chính",
                "deadline": "30/09/2026",
            },
            scoped=False,
        ),
        Probe(
            "post",
            NOBODY,
            lambda w: {"pk": w.draft_doc, "task_pk": w.task_a},
            lambda w: {"version": w.version(w.task_a), "content": "Sửa qua văn bản khác.", "lead": "Sở Y tế"},
            note="a task of another document through this document's review",
            scoped=False,
        ),
    ],
    "tracking:review_split": [
        Probe(
            "post",
            OFFICE,
            draft_task,
            lambda w: {"version": w.version(w.draft_tasks[0]), "parts": "Phần một.\nPhần hai."},
            scoped=False,
        )
    ],
    "tracking:review_link": [
        Probe(
            "post",
            OFFICE,
            draft_task,
            lambda w: {
                "version": w.version(w.draft_tasks[0]),
                "index": 0,
                "mention": "Ban Quản lý dự án Mây Trắng",
                "unit": "Sở Y tế",
            },
            setup=unlinked_mention,
            scoped=False,
        )
    ],
    "tracking:review_create_unit": [
        Probe(
            "post",
            OFFICE,
            draft_task,
            lambda w: {
                "version": w.version(w.draft_tasks[0]),
                "index": 0,
                "mention": "Ban Quản lý dự án Mây Trắng",
                "name": "Ban Quản lý dự án Mây Trắng",
                "kind": "khac",
            },
            setup=unlinked_mention,
            scoped=False,
        )
    ],
    "tracking:review_merge": [
        Probe(
            "post",
            OFFICE,
            draft_doc,
            lambda w: {
                "tasks": [str(pk) for pk in w.draft_tasks[:2]],
                **{f"version-{pk}": w.version(pk) for pk in w.draft_tasks[:2]},
            },
            scoped=False,
        )
    ],
    "tracking:review_confirm": [
        Probe("post", OFFICE, draft_doc, lambda w: {"giao_sau": "co"}, scoped=False, note="assign later")
    ],
    "tracking:review_confirm_step": [Probe("get", OFFICE, draft_doc, scoped=False)],
    "tracking:review_add": [
        Probe("post", OFFICE, draft_doc, lambda w: {"content": "Rà soát hồ sơ còn tồn đọng."}, scoped=False)
    ],
    "tracking:review_remove": [
        Probe("post", OFFICE, draft_task, lambda w: {"version": w.version(w.draft_tasks[0])}, scoped=False)
    ],
    "tracking:document_reject": [
        Probe("post", OFFICE, draft_doc, lambda w: {"reason": "Tệp tải nhầm."}, scoped=False)
    ],
    "tracking:document_withdraw": [
        Probe("post", OFFICE, doc_a, lambda w: {"reason": "Văn bản ban hành nhầm."}, scoped=False)
    ],
    "tracking:document_undo": [Probe("post", OFFICE, draft_doc, setup=confirmed_draft, scoped=False)],
    # ---- web: units ----
    "tracking:unit_list": [Probe("get", SIGNED_IN), Probe("get", SIGNED_IN, query="?q=tai chinh")],
    "tracking:unit_autocomplete": [Probe("get", SIGNED_IN, query="?q=so tai chinh")],
    "tracking:unit_detail": [
        Probe("get", SIGNED_IN, lambda w: {"pk": w.unit_a}, note="the registry is public to signed-in users"),
        Probe("get", SIGNED_IN, lambda w: {"pk": w.unit_b}),
    ],
    "tracking:unit_restructure": [
        Probe("get", REGISTRY, lambda w: {"pk": w.other_unit}, scoped=False),
        Probe(
            "post",
            REGISTRY,
            lambda w: {"pk": w.other_unit},
            lambda w: {"hinh_thuc": "doi_ten", "ngay": "01/01/2027", "ten_moi": "Sở Y tế và Dân số"},
            scoped=False,
        ),
    ],
    # ---- web: accounts ----
    "tracking:account_create": [
        Probe("get", frozenset({"admin"}), scoped=False),
        Probe(
            "post",
            frozenset({"admin"}),
            data=lambda w: {
                "username": "canbo.yte",
                "full_name": "Cán bộ Sở Y tế",
                "role": "Đơn vị",
                "unit": str(w.other_unit),
                "password": "Can-bo-so-y-te-2026",
                "password2": "Can-bo-so-y-te-2026",
            },
            scoped=False,
        ),
    ],
    # ---- web: reminders, notifications, calendars, follow-up letters, repeats ----
    # ---- web: the periodic report (a unit's officer sees its own unit's figures) ----
    "tracking:report": [
        Probe("get", SIGNED_IN, scoped=False),
        Probe("get", SIGNED_IN, query="?ky=2026-11&don_vi={unit_a}", scoped=False),
    ],
    "tracking:report_download": [
        Probe("get", SIGNED_IN, query="?ky=2026-11&dinh_dang=xlsx", scoped=False),
    ],
    "tracking:reminders_sent": [Probe("get", OFFICE, scoped=False)],
    "tracking:reminders_policy": [
        Probe(
            "post",
            OFFICE,
            data=lambda w: {"truoc_han": "5", "qua_han": "7", "khong_han": "30", "lanh_dao": "0"},
            scoped=False,
        )
    ],
    "tracking:notifications": [Probe("get", SIGNED_IN, scoped=False)],
    "tracking:notifications_read": [Probe("post", SIGNED_IN, data=lambda w: {}, changes=False, scoped=False)],
    "tracking:calendars": [
        Probe("get", SIGNED_IN, scoped=False),
        Probe("post", SIGNED_IN, data=lambda w: {"don_vi": ""}, scoped=False),
    ],
    "tracking:calendar_ics": [
        Probe("get", EVERYONE, lambda w: {"token": _calendar_token()}, scoped=False, note="the token is the key")
    ],
    "tracking:followup_letter": [
        Probe("post", OFFICE, lambda w: {"pk": w.other_unit}, lambda w: {}, changes=False, scoped=False)
    ],
    "tracking:followup_letters": [Probe("post", OFFICE, data=lambda w: {}, changes=None, scoped=False)],
    "tracking:repeat_proposals": [Probe("get", OFFICE, doc_a, scoped=False)],
    # ---- API ----
    "api:token": [
        Probe(
            "post",
            EVERYONE,
            data=lambda w: {"username": "xaydung", "password": "dondoc-demo-2026"},
            changes=False,
        )
    ],
    "api:logout": [Probe("post", SIGNED_IN, note="revokes the caller's own token")],
    "api:schema": [Probe("get", EVERYONE)],
    "api:docs": [Probe("get", EVERYONE)],
    "api:document_list": [
        Probe("get", SIGNED_IN),
        Probe("post", OFFICE, data=upload("cong-van-chi-dao.md"), scoped=False),
    ],
    "api:document_detail": [Probe("get", READERS_OF_A, doc_a)],
    "api:job_detail": [Probe("get", OFFICE, job_of, setup=failed_job, scoped=False)],
    "api:job_retry": [Probe("post", OFFICE, job_of, setup=failed_job, scoped=False)],
    "api:job_dismiss": [Probe("post", OFFICE, job_of, setup=failed_job, scoped=False)],
    "api:task_list": [*listing("?unit={unit_a}&document={doc_a}", "filtering by unit A reveals nothing")],
    "api:task_detail": [
        Probe("get", READERS_OF_A, task_a),
        Probe("patch", OFFICE, task_a, version_a(deadline="15/07/2026")),
    ],
    "api:task_report": [
        Probe("post", REPORTERS_OF_A, task_a, version_a(kind="progress", text="Đang thẩm tra.")),
        Probe(
            "post",
            REPORTERS_OF_A,
            task_a,
            lambda w: {
                "version": w.version(w.task_a),
                "kind": "completion",
                "text": "Đã xong.",
                "files": SimpleUploadedFile("ket-qua.txt", b"ket qua"),
            },
        ),
    ],
    "api:task_confirm_completion": [Probe("post", OFFICE, task_a, version_a(), setup=awaiting)],
    "api:task_return": [Probe("post", OFFICE, task_a, version_a(reason="Thiếu biên bản."), setup=awaiting)],
    "api:task_reassign": [
        Probe("post", OFFICE, task_a, lambda w: {"version": w.version(w.task_a), "lead": w.other_unit})
    ],
    "api:task_postpone": [Probe("post", OFFICE, task_a, version_a(reason="Chờ chủ trương."))],
    "api:task_resume": [Probe("post", OFFICE, task_a, version_a(), setup=postponed)],
    "api:task_extension_request": [
        Probe("post", REPORTERS_OF_A, task_a, version_a(requested_deadline="31/12/2026", reason="Chờ hồ sơ."))
    ],
    "api:task_extension_decision": [
        Probe(
            "post",
            DECIDERS,
            lambda w: {"pk": w.task_a, "ext_pk": w.ext},
            version_a(approve=True, note="Đồng ý."),
            setup=pending_extension,
        ),
        Probe(
            "post",
            NOBODY,
            lambda w: {"pk": w.task_b, "ext_pk": w.ext},
            version_a(approve=True),
            setup=pending_extension,
            note="unit A's extension through unit B's task",
            scoped=False,
        ),
    ],
    "api:attachment": [Probe("get", READERS_OF_A, lambda w: {"pk": w.att_a})],
    "api:unit_list": [Probe("get", SIGNED_IN)],
}


# ------------------------------------------------------------------------------------------ machinery


def all_routes() -> dict[str, str]:
    """``namespace:name`` → route pattern, for every URL of the tracking and api namespaces."""
    out: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in ("tracking", "api"):
                assert p.name, f"unnamed route {prefix}{p.pattern} cannot be classified"
                out[f"{namespace}:{p.name}"] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "/", None)
    return out


def fingerprint() -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of the register (tracking models, their many-to-many tables), users, groups, tokens."""
    models = [*apps.get_app_config("tracking").get_models(include_auto_created=True), User, Group, Token]
    models += [User.groups.through, User.user_permissions.through]
    return [
        (m._meta.label, [tuple(row) for row in m._default_manager.order_by("pk").values_list()])
        for m in models
    ]


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(role: str, route: str, w: World) -> Client:
    username = ROLES[role]
    if username is None:
        return Client()
    user = w.users[username]
    if route.startswith("api:"):
        return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    client = Client()
    client.force_login(user)
    return client


def body_of(response: HttpResponseBase) -> str:
    streaming = getattr(response, "streaming", False)
    data = b"".join(response.streaming_content) if streaming else response.content  # type: ignore[attr-defined]
    # No response.close() here: the test client already did (it fires request_finished without
    # close_old_connections, which would drop a PostgreSQL connection inside the test's transaction).
    return data.decode("utf-8", errors="replace")


def send(client: Client, probe: Probe, url: str, w: World) -> HttpResponseBase:
    data = probe.data(w) if probe.data is not None else {}
    if probe.method == "get":
        return client.get(url)
    if probe.method == "patch":
        return client.patch(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def is_login_redirect(response: HttpResponseBase) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def check(route: str, probe: Probe, role: str, w: World) -> None:
    if probe.setup is not None:
        probe.setup(w)
    url = reverse(route, kwargs=probe.args(w)) + probe.query.format(unit_a=w.unit_a, doc_a=w.doc_a)
    where = f"{role} {probe.method.upper()} {url} ({route}{'; ' + probe.note if probe.note else ''})"
    client = client_for(role, route, w)
    before = fingerprint()
    response = send(client, probe, url, w)
    body = body_of(response)
    after = fingerprint()
    if role in probe.allowed:
        assert response.status_code < 400 and not is_login_redirect(response), (
            f"{where}: allowed but got {response.status_code}: {body[:300]}"
        )
        if probe.expects_change():
            assert before != after, (
                f"{where}: allowed but nothing changed ({response.status_code}): {body[:300]}"
            )
        else:
            assert before == after, f"{where}: a read changed the database"
    else:
        if role == "anonymous" and route.startswith("tracking:"):
            assert is_login_redirect(response), (
                f"{where}: anonymous not sent to login ({response.status_code})"
            )
        elif role == "anonymous":
            assert response.status_code in (401, 403), f"{where}: anonymous got {response.status_code}"
        elif probe.scoped and role not in READERS_OF_A:
            assert response.status_code == 404, (
                f"{where}: object outside the scope must be 404, got {response.status_code}"
            )
        else:
            assert response.status_code in (403, 404), (
                f"{where}: forbidden but got {response.status_code}: {body[:300]}"
            )
        assert before == after, f"{where}: a denied request changed the database"
    if role not in READERS_OF_A:
        assert MARKER not in body, f"{where}: unit A's data leaked ({response.status_code})"


# -------------------------------------------------------------------------------------------- tests


def test_every_route_is_classified() -> None:
    routes = all_routes()
    missing = sorted(set(routes) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes))
    assert not missing, "routes without a row in the authorization matrix: " + ", ".join(
        f"{r} ({routes[r]})" for r in missing
    )
    assert not stale, "matrix rows for routes that no longer exist: " + ", ".join(stale)
    for route, probes in MATRIX.items():
        assert probes, f"{route}: no probe"


@pytest.fixture
def world(users: dict[str, User]) -> World:
    return build_world(users)


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route(route: str, world: World) -> None:
    if route not in all_routes():
        pytest.fail(f"{route} is in the matrix but not in the URL configuration")
    for probe in MATRIX[route]:
        for role in ROLES:
            with rolled_back():
                check(route, probe, role, world)


def test_world_is_what_the_matrix_assumes(world: World) -> None:
    """The probes only prove something if unit B really cannot see unit A's objects, and A can."""
    from dondoc.tracking.services import access

    a, b = world.users["taichinh"], world.users["xaydung"]
    assert access.visible_tasks(a).filter(pk=world.task_a).exists()
    assert not access.visible_tasks(b).filter(pk=world.task_a).exists()
    assert access.visible_tasks(b).filter(pk=world.task_b).exists()
    assert not access.visible_documents(b).filter(pk=world.doc_a).exists()
    assert not access.visible_tasks(world.users["quantri"]).exists()
    assert Document.objects.get(pk=world.draft_doc).state == "cho_duyet"
    assert MARKER.encode() in Document.objects.get(pk=world.doc_a).file.read()


def test_admin_site_is_for_staff_only(world: World) -> None:
    for role in ("unit_a", "unit_b", "leader"):
        client = client_for(role, "tracking:dashboard", world)
        response = client.get("/quan-tri/tracking/task/")
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"], role
