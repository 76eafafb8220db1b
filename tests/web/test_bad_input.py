"""No silent failures on bad input, through the web, the API and the CLI: a file whose content does
not match its name is refused (422 from the API), a document without any task is flagged for the
office ("Không tìm thấy nhiệm vụ nào — kiểm tra lại") instead of being shown as a success."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import Document, Task
from dondoc.tracking.services.filetype import TypeMismatchError
from dondoc.tracking.services.ingestion import NO_TASKS_NOTE, ingest
from dondoc.tracking.services.jobs import drain

from .conftest import PASSWORD, sample_bytes

Login = Callable[[str], Client]
TEXT = "Thông báo kết luận.\nGiao Sở Tài chính rà soát, báo cáo trước ngày 30/3/2026.\n".encode()
NO_TASKS = "Kính gửi các đơn vị.\nVăn phòng UBND tỉnh trân trọng thông báo lịch làm việc.\n".encode()


def upload(client: Client, name: str, data: bytes) -> str:
    response = client.post(
        reverse("tracking:document_upload"), {"files": [SimpleUploadedFile(name, data)]}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def test_text_named_docx_is_refused_and_nothing_stored(users: dict[str, User]) -> None:
    with pytest.raises(TypeMismatchError) as err:
        ingest(TEXT, "thong-bao.docx", users["vanphong"])
    assert "đuôi .docx" in err.value.message and "văn bản thuần" in err.value.message
    with pytest.raises(TypeMismatchError):
        ingest(sample_bytes("cong-van-chi-dao.md"), "cong-van.pdf", users["vanphong"])
    assert Document.objects.count() == 0 and Task.objects.count() == 0
    # The right name for the same content is fine.
    assert ingest(TEXT, "thong-bao.txt", users["vanphong"]).pk


def test_web_upload_shows_the_mismatch_as_an_error(login: Login) -> None:
    html = upload(login("vanphong"), "thong-bao.docx", TEXT)
    assert 'class="upload-error"' in html and "có đuôi .docx" in html
    assert "Đã nhập 0/1 tệp." in html
    assert Document.objects.count() == 0


def test_api_answers_422_for_a_mismatch(users: dict[str, User]) -> None:
    token = Client().post("/api/token/", {"username": "vanphong", "password": PASSWORD}).json()["token"]
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post("/api/documents/", {"file": SimpleUploadedFile("thong-bao.docx", TEXT)})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "type_mismatch" and "có đuôi .docx" in body["detail"]
    assert Document.objects.count() == 0
    # A document without tasks is stored (by the worker), and says so.
    created = client.post("/api/documents/", {"file": SimpleUploadedFile("lich.txt", NO_TASKS)})
    assert created.status_code == 202
    assert drain() == 1
    listed = client.get("/api/documents/").json()["results"]
    assert [d["check_note"] for d in listed] == [NO_TASKS_NOTE]
    assert listed[0]["no_tasks"] is True
    client.post(
        "/api/documents/",
        {"file": SimpleUploadedFile("tb.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt"))},
    )
    assert drain() == 1
    good = [d for d in client.get("/api/documents/").json()["results"] if d["check_note"] is None]
    assert len(good) == 1 and good[0]["no_tasks"] is False


def test_document_without_tasks_is_flagged_on_upload_list_and_page(login: Login) -> None:
    office = login("vanphong")
    upload(office, "lich-lam-viec.txt", NO_TASKS)
    assert drain() == 1  # the worker extracts it
    doc = Document.objects.get()
    listing = office.get(reverse("tracking:document_list")).content.decode()
    assert "data-no-tasks" in listing and "không tìm thấy nhiệm vụ nào — kiểm tra lại" in listing
    page = office.get(reverse("tracking:document_detail", args=[doc.pk])).content.decode()
    assert "data-no-tasks" in page and NO_TASKS_NOTE in page
    # A document with tasks carries no such flag.
    upload(office, "tb.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt"))
    drain()
    other = Document.objects.exclude(pk=doc.pk).get()
    assert (
        "data-no-tasks"
        not in office.get(reverse("tracking:document_detail", args=[other.pk])).content.decode()
    )


def _dondoc(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DONDOC_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "dondoc", *args], env=env, capture_output=True, text=True, timeout=180
    )


def test_cli_import_reports_mismatch_and_missing_tasks(tmp_path: Path) -> None:
    fake, empty = tmp_path / "thong-bao.docx", tmp_path / "lich.txt"
    fake.write_bytes(TEXT)
    empty.write_bytes(NO_TASKS)
    out = _dondoc("import", str(fake), str(empty), data_dir=tmp_path / "data")
    assert out.returncode == 1, out.stderr  # the mismatched file failed
    err = " ".join(out.stderr.split())  # rich wraps long lines
    assert "thong-bao.docx" in err and "có đuôi .docx" in err
    assert "! lich.txt" in err and "không tìm thấy nhiệm vụ nào — kiểm tra lại" in err
    assert "Đã nhập 1/2 tệp, 1 lỗi." in err
