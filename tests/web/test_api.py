"""The REST API as a document-management system (QLVB&ĐH) uses it: token, push, read, act.

Everything goes through real HTTP requests on the Django test client with token authentication."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from dondoc.tracking.models import (
    AuditEvent,
    Document,
    DocumentSource,
    JobState,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.services.jobs import drain

from .conftest import PASSWORD, sample_bytes

pytestmark = pytest.mark.django_db


def token_for(username: str, password: str = PASSWORD) -> str:
    response = Client().post("/api/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    token: str = response.json()["token"]
    return token


def api(username: str) -> Client:
    """A client that authenticates like an external system: ``Authorization: Token …``, no session."""
    return Client(HTTP_AUTHORIZATION=f"Token {token_for(username)}")


def notice_docx() -> bytes:
    """A .docx written from the sample notice: one paragraph per line, as a secretary would type it."""
    document = docx.Document()
    for line in sample_bytes("thong-bao-ket-luan-giao-ban.txt").decode("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def push(client: Client, name: str, data: bytes) -> Any:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/api/documents/", {"file": upload})


def stored_files() -> list[Path]:
    """The documents' stored files (a failed job keeps its copy under ``jobs/`` for a retry)."""
    root = Path(settings.MEDIA_ROOT) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def push_and_run(client: Client, name: str, data: bytes) -> dict[str, Any]:
    """Push a file (202: a queued job), run the queue through the real worker, read the job back."""
    response = push(client, name, data)
    assert response.status_code == 202, response.content
    assert response.json()["state"] == JobState.QUEUED
    assert drain() >= 1
    job = client.get(response["Location"])
    assert job.status_code == 200
    body: dict[str, Any] = job.json()
    return body


def test_token_round_trip(users: dict[str, User]) -> None:
    token = token_for("taichinh")
    assert token == token_for("taichinh")  # the same token on the next login
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/tasks/")
    assert response.status_code == 200
    assert response.json()["count"] == 0

    wrong = Client().post("/api/token/", {"username": "taichinh", "password": "sai-mat-khau"})
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."

    anonymous = Client().get("/api/tasks/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["detail"].startswith("Chưa xác thực")
    assert Client(HTTP_AUTHORIZATION="Token khong-hop-le").get("/api/tasks/").status_code == 401


def test_push_a_docx_creates_draft_tasks(users: dict[str, User]) -> None:
    client = api("vanphong")
    job = push_and_run(client, "thong-bao-45.docx", notice_docx())
    doc = Document.objects.get()
    assert job["state"] == "xong" and job["document_id"] == doc.pk
    assert job["document_url"] == f"/api/documents/{doc.pk}/"
    body = client.get(job["document_url"]).json()
    assert body["id"] == doc.pk
    assert body["number"] == "45/TB-UBND"
    assert body["issued_date"] == "2026-03-14"
    assert body["source"] == DocumentSource.API == doc.source
    assert body["state"] == "cho_duyet"
    assert body["media_type"] == doc.media_type and "word" in doc.media_type
    assert body["task_ids"] == list(doc.tasks.values_list("pk", flat=True))
    assert len(body["task_ids"]) == doc.tasks.count() >= 5
    first = client.get(f"/api/tasks/{body['task_ids'][0]}/").json()
    assert first["state"] == "cho_duyet" and first["grid"] is None
    assert first["lead"]["name"] == "Sở Tài chính"
    assert first["deadline"] == "2026-03-30"
    evidence = first["evidence"]["task"]
    assert doc.normalized_text[evidence["start"] : evidence["end"]]
    assert AuditEvent.objects.filter(
        action="document.imported", document=doc, actor=users["vanphong"]
    ).exists()

    # The document reads back by id, with its text for the evidence offsets.
    detail = api("lanhdao").get(f"/api/documents/{doc.pk}/").json()
    assert detail["number"] == "45/TB-UBND"
    assert detail["normalized_text"] == doc.normalized_text


def test_duplicate_push_is_409_with_the_existing_id(users: dict[str, User]) -> None:
    client = api("vanphong")
    data = sample_bytes("ke-hoach-trien-khai.txt")
    first = push_and_run(client, "ke-hoach.txt", data)
    assert first["state"] == "xong"
    files_before = stored_files()
    again = push(client, "ban-sao-ke-hoach.txt", data)
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "duplicate"
    assert body["existing_id"] == first["document_id"]
    assert "đã có trong hệ thống" in body["detail"]
    assert Document.objects.count() == 1
    assert stored_files() == files_before


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("rong.docx", b"", "empty_file", "Tệp rỗng"),
        ("cat-doi.docx", notice_docx()[:3000], "corrupt_file", "bị hỏng"),
        ("nhieu.docx", random.Random(7).randbytes(4096), "unsupported_format", "Không nhận dạng được"),
        ("anh-chup.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "corrupt_file", "bị hỏng"),  # a PNG signature only
    ],
)
def test_bad_file_gets_the_vietnamese_message_and_stores_nothing(
    users: dict[str, User], name: str, data: bytes, code: str, words: str
) -> None:
    body = push_and_run(api("vanphong"), name, data)
    assert body["state"] == "loi"
    assert body["error_code"] == code
    assert words in body["error"]
    assert Document.objects.count() == 0 and Task.objects.count() == 0
    assert stored_files() == []


def test_too_large_file_is_413(users: dict[str, User], settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 1000
    response = push(api("vanphong"), "lon.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt"))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.json()["detail"]
    assert Document.objects.count() == 0


def test_missing_file_field_is_400(users: dict[str, User]) -> None:
    response = api("vanphong").post("/api/documents/", {})
    assert response.status_code == 400
    assert "file" in response.json()["detail"]


@pytest.mark.parametrize("username", ["lanhdao", "quantri", "taichinh"])
def test_only_the_office_pushes_documents(users: dict[str, User], username: str) -> None:
    response = push(api(username), "ke-hoach.txt", sample_bytes("ke-hoach-trien-khai.txt"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ Văn phòng mới được nhập văn bản."
    assert Document.objects.count() == 0


def test_unit_reads_only_its_tasks_with_filters(confirmed_notice: Document, users: dict[str, User]) -> None:
    finance = Unit.objects.get(name="Sở Tài chính")
    client = api("taichinh")
    listed = client.get("/api/tasks/").json()
    mine = Task.objects.filter(lead=finance) | Task.objects.filter(supports=finance)
    assert listed["count"] == mine.distinct().count() >= 2
    ids = {t["id"] for t in listed["results"]}
    assert ids == set(mine.values_list("pk", flat=True))
    other = Task.objects.exclude(pk__in=ids).first()
    assert other is not None
    hidden = client.get(f"/api/tasks/{other.pk}/")
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": "Không tìm thấy nhiệm vụ.", "code": "not_found"}

    # The office sees everything, and the filters narrow it.
    office = api("vanphong")
    everything = office.get("/api/tasks/").json()
    assert everything["count"] == Task.objects.count()
    by_unit = office.get(f"/api/tasks/?unit={finance.pk}").json()
    assert {t["id"] for t in by_unit["results"]} == ids
    by_lead = office.get(f"/api/tasks/?lead={finance.pk}").json()
    assert {t["id"] for t in by_lead["results"]} == set(
        Task.objects.filter(lead=finance).values_list("pk", flat=True)
    )
    in_march = office.get("/api/tasks/?deadline_from=01/03/2026&deadline_to=31/03/2026").json()
    expected = Task.objects.filter(deadline__gte=dt.date(2026, 3, 1), deadline__lte=dt.date(2026, 3, 31))
    assert in_march["count"] == expected.count() > 0
    assert all("2026-03-01" <= t["deadline"] <= "2026-03-31" for t in in_march["results"])
    assert office.get(f"/api/tasks/?document={confirmed_notice.pk}").json()["count"] == Task.objects.count()
    assert office.get(f"/api/tasks/?document={confirmed_notice.pk + 1000}").json()["count"] == 0
    assert office.get("/api/tasks/?state=da_hoan_thanh").json()["count"] == 0
    assert (
        office.get("/api/tasks/?state=dang_thuc_hien,da_hoan_thanh").json()["count"] == Task.objects.count()
    )

    # updated_since: only what changed after the moment.
    moment = timezone.now()
    task = Task.objects.get(pk=min(ids))
    office.patch(
        f"/api/tasks/{task.pk}/",
        json.dumps({"version": task.version, "deadline_text": "trước ngày 30/3/2026 (đã sửa)"}),
        content_type="application/json",
    )
    since = office.get("/api/tasks/", {"updated_since": moment.isoformat()}).json()
    assert [t["id"] for t in since["results"]] == [task.pk]

    bad = office.get("/api/tasks/?deadline_from=31/02/2026")
    assert bad.status_code == 400
    assert "không hợp lệ" in json.dumps(bad.json(), ensure_ascii=False)
    assert office.get("/api/tasks/?state=xong").status_code == 400

    # Documents: the unit sees the notice (it has tasks in it) but only its own task ids.
    docs = client.get("/api/documents/").json()
    assert [d["id"] for d in docs["results"]] == [confirmed_notice.pk]
    assert set(docs["results"][0]["task_ids"]) == ids
    assert set(client.get(f"/api/documents/{confirmed_notice.pk}/").json()["task_ids"]) == ids

    # The registry is readable by every signed-in user.
    units = client.get("/api/units/").json()
    assert units["count"] == Unit.objects.count()
    assert "Sở Tài chính" in [u["name"] for u in units["results"]]


def test_task_detail_fields(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    body = api("taichinh").get(f"/api/tasks/{task.pk}/").json()
    assert body["content"] == task.content
    assert body["lead"] == {"id": task.lead_id, "name": "Sở Tài chính", "short_name": "STC"}
    assert [u["name"] for u in body["supports"]] == [u.name for u in task.supports.all()]
    assert body["deadline"] == "2026-03-30"
    assert "30/3/2026" in body["deadline_text"]
    assert body["recurring"] is False
    assert body["state"] == TaskState.IN_PROGRESS
    assert body["state_display"] == "Đang thực hiện"
    # Today is after 30/03/2026: still open, so overdue.
    today = timezone.localdate()
    expected = "chua_qua_han" if today > dt.date(2026, 3, 30) else "chua_trong_han"
    assert body["grid"]["code"] == expected
    assert body["completed_on"] is None
    assert body["version"] == task.version
    assert body["evidence"]["task"]["rule"]
    assert body["reports"] == [] and body["extensions"] == []


def test_report_and_confirm_flow(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    unit = api("taichinh")
    # Progress first (JSON body), then completion with a result file (multipart).
    progress = unit.post(
        f"/api/tasks/{task.pk}/report/",
        json.dumps({"version": task.version, "kind": "progress", "text": "Đã rà soát 12/20 chủ đầu tư."}),
        content_type="application/json",
    )
    assert progress.status_code == 200, progress.content
    version = progress.json()["version"]
    assert version == task.version + 1
    result = io.BytesIO(b"Bao cao ket qua giai ngan")
    result.name = "bao-cao-ket-qua.txt"
    done = unit.post(
        f"/api/tasks/{task.pk}/report/",
        {
            "version": version,
            "kind": "completion",
            "text": "Đã trình UBND tỉnh phương án điều chuyển vốn.",
            "files": [result],
        },
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == TaskState.AWAITING
    assert [r["kind"] for r in body["reports"]] == ["tien_do", "hoan_thanh"]
    attachment = body["reports"][1]["attachments"][0]
    assert attachment["original_name"] == "bao-cao-ket-qua.txt"

    # The unit cannot confirm its own work; the office can, and the file is downloadable.
    assert (
        unit.post(f"/api/tasks/{task.pk}/confirm-completion/", {"version": body["version"]}).status_code
        == 403
    )
    office = api("vanphong")
    download = office.get(f"/api/attachments/{attachment['id']}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Bao cao ket qua giai ngan"  # type: ignore[attr-defined]
    confirmed = office.post(
        f"/api/tasks/{task.pk}/confirm-completion/",
        {"version": body["version"], "completed_on": "25/03/2026"},
    )
    assert confirmed.status_code == 200, confirmed.content
    final = confirmed.json()
    assert final["state"] == TaskState.DONE
    assert final["completed_on"] == "2026-03-25"
    assert final["grid"] == {"code": "xong_dung_han", "label": "Đã hoàn thành đúng hạn"}
    actions = list(AuditEvent.objects.filter(task=task).values_list("action", flat=True))
    assert actions[-3:] == ["task.progress_reported", "task.completion_reported", "task.completed"]
    assert api("taichinh").get("/api/tasks/?state=da_hoan_thanh").json()["count"] == 1


def test_return_postpone_resume_reassign(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    office = api("vanphong")
    url = f"/api/tasks/{task.pk}/"
    r = office.post(url + "postpone/", {"version": task.version, "reason": "Chờ chủ trương của tỉnh."})
    assert r.status_code == 200 and r.json()["state"] == TaskState.POSTPONED
    r = office.post(url + "resume/", {"version": r.json()["version"]})
    assert r.status_code == 200 and r.json()["state"] == TaskState.IN_PROGRESS
    # Returning needs a task awaiting confirmation: the state machine's message comes back as 409.
    r2 = office.post(url + "return/", {"version": r.json()["version"], "reason": "Thiếu số liệu."})
    assert r2.status_code == 409 and r2.json()["code"] == "invalid_transition"
    assert "Không thể trả lại" in r2.json()["detail"]
    building = Unit.objects.get(name="Sở Xây dựng")
    r = office.post(
        url + "reassign/", {"version": r.json()["version"], "lead": building.pk, "reason": "Đúng thẩm quyền."}
    )
    assert r.status_code == 200 and r.json()["lead"]["name"] == "Sở Xây dựng"
    # The old lead no longer sees it (unless it supports it), the new one does.
    assert api("xaydung").get(url).status_code == 200


def test_extension_request_and_decision(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    url = f"/api/tasks/{task.pk}/extensions/"
    stale = api("taichinh").post(
        url, {"version": task.version + 5, "requested_deadline": "15/04/2026", "reason": "Chờ số liệu."}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    r = api("taichinh").post(
        url, {"version": task.version, "requested_deadline": "15/04/2026", "reason": "Chờ số liệu KBNN."}
    )
    assert r.status_code == 201, r.content
    ext = r.json()["extensions"][0]
    assert ext["requested_deadline"] == "2026-04-15" and ext["decision"] == "cho_quyet_dinh"
    version = r.json()["version"]
    assert version == task.version + 1  # the request is a change of the task
    decide = f"{url}{ext['id']}/decision/"
    assert api("taichinh").post(decide, {"version": version, "approve": True}).status_code == 403
    r = api("lanhdao").post(decide, {"version": version, "approve": True, "note": "Đồng ý."})
    assert r.status_code == 200, r.content
    assert r.json()["deadline"] == "2026-04-15"
    again = api("lanhdao").post(decide, {"version": r.json()["version"], "approve": False})
    assert again.status_code == 409 and "đã được quyết định" in again.json()["detail"]


def test_stale_version_is_409_and_changes_nothing(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    read_version = task.version
    office = api("vanphong")
    first = office.patch(
        f"/api/tasks/{task.pk}/",
        json.dumps({"version": read_version, "deadline": "10/04/2026"}),
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["deadline"] == "2026-04-10"
    report = api("taichinh").post(
        f"/api/tasks/{task.pk}/report/", {"version": read_version, "kind": "completion", "text": "Đã xong."}
    )
    assert report.status_code == 409
    assert report.json() == {
        "detail": "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi rồi thực hiện lại.",
        "code": "conflict",
    }
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS and task.deadline == dt.date(2026, 4, 10)
    assert task.reports.count() == 0  # the report of a refused action is not kept either

    missing = api("taichinh").post(f"/api/tasks/{task.pk}/report/", {"kind": "progress", "text": "x"})
    assert missing.status_code == 400
    assert missing.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert missing.json()["errors"]["version"] == ["Trường này là bắt buộc."]


def test_schema_is_valid_openapi_with_the_paths(users: dict[str, User]) -> None:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path, methods in {
        "/api/token/": {"post"},
        "/api/documents/": {"get", "post"},
        "/api/documents/{id}/": {"get"},
        "/api/jobs/{id}/": {"get"},
        "/api/jobs/{id}/retry/": {"post"},
        "/api/tasks/": {"get"},
        "/api/tasks/{id}/": {"get", "patch"},
        "/api/tasks/{id}/report/": {"post"},
        "/api/tasks/{id}/confirm-completion/": {"post"},
        "/api/tasks/{id}/extensions/": {"post"},
        "/api/units/": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    params = {p["name"] for p in paths["/api/tasks/"]["get"]["parameters"]}
    assert {"state", "unit", "deadline_from", "deadline_to", "document", "updated_since", "page"} <= params
    assert "multipart/form-data" in paths["/api/documents/"]["post"]["requestBody"]["content"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert {"TaskStateEnum", "DocumentStateEnum", "JobStateEnum"} <= set(schema["components"]["schemas"])
    assert "202" in paths["/api/documents/"]["post"]["responses"]
    for path, item in paths.items():  # documented in Vietnamese, not with the code's English docstrings
        for method, op in item.items():
            assert op.get("summary") and op.get("description"), (method, path)
            assert re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", op["description"]), (
                method,
                path,
            )


def test_schema_generates_without_warnings(users: dict[str, User], tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/tasks/{id}/report/" in (tmp_path / "schema.yml").read_text(encoding="utf-8")


def test_docs_page_lists_endpoints_without_external_assets(users: dict[str, User]) -> None:
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tài liệu API" in html
    assert "/api/tasks/{id}/report/" in html and "/api/documents/" in html
    assert "Authorization: Token" in html
    for marker in ("http://", "https://", "//cdn", "unpkg", "jsdelivr"):
        assert f'src="{marker}' not in html and f'href="{marker}' not in html


def test_bad_report_files_store_nothing(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = Task.objects.filter(lead__name="Sở Tài chính").order_by("order").first()
    assert task is not None
    good = io.BytesIO(b"bien ban")
    good.name = "bien-ban.txt"
    empty = io.BytesIO(b"")
    empty.name = "rong.txt"
    response = api("taichinh").post(
        f"/api/tasks/{task.pk}/report/",
        {"version": task.version, "kind": "completion", "text": "Đã xong.", "files": [good, empty]},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Tệp «rong.txt» rỗng. Báo cáo chưa được gửi."
    too_many = [io.BytesIO(b"x") for _ in range(11)]
    for i, f in enumerate(too_many):
        f.name = f"tep-{i}.txt"
    response = api("taichinh").post(
        f"/api/tasks/{task.pk}/report/",
        {"version": task.version, "kind": "progress", "text": "Nhiều tệp.", "files": too_many},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == ["Chỉ được gửi tối đa 10 tệp mỗi lần."]
    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.state, fresh.version) == (TaskState.IN_PROGRESS, task.version)
    assert fresh.reports.count() == 0
    assert [p for p in stored_files() if "reports" in p.parts] == []  # the good file was removed too
