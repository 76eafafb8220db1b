"""Web upload, document list, detail and download, through the real views with real files.

The bad-file corpus of the extraction core must give its Vietnamese message in the page and store
nothing (no Document, no Task, no file under MEDIA_ROOT, no audit event), while the other files of
the same batch go on."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from reportlab.pdfgen import canvas

from dondoc.ingest.zipguard import DEFAULT_LIMITS
from dondoc.rules import describe
from dondoc.tracking.models import AuditEvent, Document, DocumentState, IngestJob, JobState, Task, TaskState
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.jobs import drain
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes

UPLOAD = reverse("tracking:document_upload")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- the corpus ---------------------------------------------------------------------------------------


def sample_docx(name: str = "thong-bao-ket-luan-giao-ban.txt") -> bytes:
    """The sample notice as a real Word file: one paragraph per line of the sample text."""
    document = docx.Document()
    for line in sample_bytes(name).decode("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt="mat-khau-bi-mat")
    page.drawString(72, 720, "Noi dung van ban mat.")
    page.showPage()
    page.save()
    return out.getvalue()


def pdf_without_text() -> bytes:
    """A scan-like PDF: a page with only a drawn rectangle, no text layer."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(72, 72, 450, 650, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


def truncated_docx() -> bytes:
    data = sample_docx()
    return data[: len(data) // 2]


def docx_zip_bomb() -> bytes:
    """A small zip whose word/document.xml inflates past the guard's total-size limit."""
    out = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(DEFAULT_LIMITS.max_total_size // len(chunk) + 1):
                stream.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024  # small on the wire, huge when inflated
    return data


BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("rong.docx", lambda: b"", "Tệp rỗng (0 byte)"),
    ("ngau-nhien.pdf", lambda: random.Random(3).randbytes(4096), "Không nhận dạng được định dạng tệp"),
    ("mat-khau.pdf", encrypted_pdf, "đặt mật khẩu"),
    ("hong.docx", truncated_docx, "Tệp bị hỏng"),
    ("bom.docx", docx_zip_bomb, "nghi ngờ zip bomb"),
    ("ban-quet.pdf", pdf_without_text, "Không nhận dạng được chữ"),  # OCR'd: the scan holds no text
]


def stored_files() -> list[Path]:
    """The documents' stored files (a failed job keeps its own copy under ``jobs/``, for a retry)."""
    root = Path(settings.MEDIA_ROOT) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_nothing_stored() -> None:
    assert Document.objects.count() == 0
    assert Task.objects.count() == 0
    assert stored_files() == []
    assert not AuditEvent.objects.filter(action="document.imported").exists()
    assert not IngestJob.objects.filter(state=JobState.DONE).exists()


def upload(client: Client, *files: tuple[str, bytes], run_jobs: bool = True) -> Any:
    """Post the files; the upload only queues jobs: ``run_jobs`` runs them through the real worker
    (``jobs.drain``) before the results page is read."""
    payload = [
        SimpleUploadedFile(name, data, content_type="application/octet-stream") for name, data in files
    ]
    response = client.post(UPLOAD, {"files": payload})
    if response.status_code != 302:  # refused, or no file chosen: answered at once
        return response
    # Post/redirect/get: the results are on the page the browser is sent to, shown once.
    assert response["Location"] == UPLOAD
    if run_jobs:
        drain()
    return client.get(UPLOAD)


def test_reloading_the_results_page_uploads_nothing_again(login: Callable[[str], Client]) -> None:
    office = login("vanphong")
    html = upload(office, ("thong-bao-45.docx", sample_docx())).content.decode()
    assert "Đã nhập 1/1 tệp." in html
    again = office.get(UPLOAD).content.decode()
    assert "Đã nhập" not in again and Document.objects.count() == 1


# --- upload -------------------------------------------------------------------------------------------


def test_upload_page_has_labelled_input_and_drop_zone(login: Callable[[str], Client]) -> None:
    response = login("vanphong").get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="upload-files">Chọn tệp văn bản</label>' in html
    assert 'type="file" name="files" multiple' in html
    assert "data-dropzone" in html and "tracking/upload.js" in html
    assert '<button type="submit">Tải lên</button>' in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(("name", "build", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gives_vietnamese_message_and_stores_nothing(
    login: Callable[[str], Client], name: str, build: Callable[[], bytes], message: str
) -> None:
    response = upload(login("vanphong"), (name, build()))
    assert response.status_code == 200
    html = response.content.decode()
    assert name in html
    assert message in html
    assert "Đã nhập 0/1 tệp." in html
    assert_nothing_stored()


def test_too_large_file_is_refused_before_it_is_read(login: Callable[[str], Client], settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    big = sample_docx()
    big += bytes(settings.MAX_UPLOAD_BYTES + 1 - len(big)) if len(big) <= settings.MAX_UPLOAD_BYTES else b""
    assert len(big) > settings.MAX_UPLOAD_BYTES
    response = upload(login("vanphong"), ("qua-lon.docx", big))
    assert response.status_code == 200
    html = response.content.decode()
    assert "qua-lon.docx" in html
    assert f"Tệp quá lớn: vượt giới hạn {filesizeformat(settings.MAX_UPLOAD_BYTES)} cho mỗi tệp." in html
    assert_nothing_stored()


def test_real_docx_creates_draft_tasks(login: Callable[[str], Client], users: dict[str, User]) -> None:
    data = sample_docx()
    response = upload(login("vanphong"), ("thong-bao-45.docx", data))
    assert response.status_code == 200
    doc = Document.objects.get()
    assert doc.number == "45/TB-UBND"
    assert doc.state == DocumentState.REVIEW
    assert doc.uploaded_by == users["vanphong"]
    assert doc.source == "upload" and doc.original_name == "thong-bao-45.docx"
    tasks = list(doc.tasks.all())
    assert len(tasks) >= 8 and all(t.state == TaskState.DRAFT for t in tasks)
    assert any(t.lead is not None and t.lead.name == "Sở Tài chính" for t in tasks)
    html = response.content.decode()
    assert f"Đã nhập, {len(tasks)} nhiệm vụ dự thảo chờ duyệt." in html
    assert reverse("tracking:review", args=[doc.pk]) in html
    assert Path(doc.file.path).read_bytes() == data
    event = AuditEvent.objects.get(action="document.imported")
    assert event.actor == users["vanphong"] and event.document == doc


def test_type_is_checked_by_content_not_by_name(login: Callable[[str], Client]) -> None:
    """The content decides the format, and a name that says another one is refused (issue 12: no
    file is imported as something its name does not say)."""
    client = login("vanphong")
    html = upload(client, ("ten-sai-duoi.pdf", sample_docx())).content.decode()  # Word, named PDF
    assert "có đuôi .pdf" in html and "nội dung là tệp Word (.docx)" in html
    html = upload(client, ("gia-mao.docx", b"%PDF-1.7\n" + bytes(range(256)) * 8)).content.decode()
    assert "có đuôi .docx" in html and "nội dung là tệp PDF" in html
    assert Document.objects.count() == 0
    upload(client, ("dung-duoi.docx", sample_docx()))
    doc = Document.objects.get()
    assert doc.number == "45/TB-UBND" and "wordprocessingml" in doc.media_type


def test_batch_goes_on_after_bad_files(login: Callable[[str], Client]) -> None:
    files = [(name, build()) for name, build, _ in BAD_FILES[:4]]
    files.insert(2, ("thong-bao-45.docx", sample_docx()))
    files.append(("ke-hoach.txt", sample_bytes("ke-hoach-trien-khai.txt")))
    response = upload(login("vanphong"), *files)
    html = response.content.decode()
    assert "Đã nhập 2/6 tệp." in html
    for _name, _build, message in BAD_FILES[:4]:
        assert message in html
    assert sorted(Document.objects.values_list("number", flat=True)) == ["27/KH-UBND", "45/TB-UBND"]
    assert len(stored_files()) == 2  # only the two good files
    assert AuditEvent.objects.filter(action="document.imported").count() == 2


def test_duplicate_links_to_the_existing_document(login: Callable[[str], Client]) -> None:
    client = login("vanphong")
    data = sample_bytes("thong-bao-ket-luan-giao-ban.txt")
    upload(client, ("lan-1.txt", data))
    first = Document.objects.get()
    response = upload(client, ("lan-2.txt", data))
    html = response.content.decode()
    assert "đã có trong hệ thống" in html
    assert reverse("tracking:document_detail", args=[first.pk]) in html
    assert Document.objects.count() == 1 and len(stored_files()) == 1


def test_nothing_chosen(login: Callable[[str], Client]) -> None:
    response = login("vanphong").post(UPLOAD, {})
    assert response.status_code == 400
    assert "Chưa chọn tệp nào" in response.content.decode()


@pytest.mark.parametrize("username", ["lanhdao", "quantri", "taichinh", "xatanan"])
def test_only_the_office_uploads(login: Callable[[str], Client], username: str) -> None:
    client = login(username)
    assert client.get(UPLOAD).status_code == 403
    response = upload(client, ("thong-bao.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt")))
    assert response.status_code == 403
    assert_nothing_stored()


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(UPLOAD)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_upload_checks_csrf(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["vanphong"])
    response = upload(client, ("thong-bao.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt")))
    assert response.status_code == 403
    assert_nothing_stored()
    page = client.get(UPLOAD)  # the form's token makes the same post work
    token = page.context["csrf_token"]
    response = client.post(
        UPLOAD,
        {
            "csrfmiddlewaretoken": str(token),
            "files": [SimpleUploadedFile("thong-bao.txt", sample_bytes("thong-bao-ket-luan-giao-ban.txt"))],
        },
    )
    assert response.status_code == 302 and IngestJob.objects.get().state == JobState.QUEUED
    assert drain() == 1 and Document.objects.count() == 1


# --- list, detail, download ---------------------------------------------------------------------------


@pytest.fixture
def three_documents(users: dict[str, User]) -> dict[str, Document]:
    office = users["vanphong"]
    docs = {
        name: ingest(sample_bytes(name), name, office)
        for name in ("thong-bao-ket-luan-giao-ban.txt", "cong-van-chi-dao.md", "ke-hoach-trien-khai.txt")
    }
    confirm_document(office, docs["thong-bao-ket-luan-giao-ban.txt"])
    confirm_document(office, docs["ke-hoach-trien-khai.txt"], assign_later=True)
    return {d.number: Document.objects.get(pk=d.pk) for d in docs.values()}


def test_document_list_filters(login: Callable[[str], Client], three_documents: dict[str, Document]) -> None:
    client = login("vanphong")
    url = reverse("tracking:document_list")
    html = client.get(url).content.decode()
    assert all(number in html for number in ("45/TB-UBND", "812/UBND-KT", "27/KH-UBND"))
    html = client.get(url, {"trang_thai": "cho_duyet"}).content.decode()
    assert "812/UBND-KT" in html and "45/TB-UBND" not in html and "27/KH-UBND" not in html
    html = client.get(url, {"trang_thai": "da_duyet"}).content.decode()
    assert "812/UBND-KT" not in html and "45/TB-UBND" in html
    html = client.get(url, {"q": "chuyển đổi số"}).content.decode()  # words of a title
    assert "27/KH-UBND" in html and "45/TB-UBND" not in html
    html = client.get(url, {"q": "45/TB"}).content.decode()
    assert "45/TB-UBND" in html and "27/KH-UBND" not in html
    # Without diacritics, or in capitals: the same documents.
    for query in ("chuyen doi so", "CHUYỂN ĐỔI SỐ"):
        html = client.get(url, {"q": query}).content.decode()
        assert "27/KH-UBND" in html and "45/TB-UBND" not in html
    # The issuer too, and the key follows an edit of the metadata.
    kh = three_documents["27/KH-UBND"]
    kh.title = "Phát triển du lịch cộng đồng"
    kh.save(update_fields=["title"])
    html = client.get(url, {"q": "du lich cong dong"}).content.decode()
    assert "27/KH-UBND" in html


def test_document_list_paginates(
    login: Callable[[str], Client], three_documents: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dondoc.tracking.views import documents

    monkeypatch.setattr(documents, "PAGE_SIZE", 2)
    client = login("vanphong")
    first = client.get(reverse("tracking:document_list"), {"trang_thai": ""}).content.decode()
    assert "Trang 1/2" in first and "trang=2" in first
    second = client.get(reverse("tracking:document_list"), {"trang": 2}).content.decode()
    assert "Trang 2/2" in second
    shown = [n for n in three_documents if n in first] + [n for n in three_documents if n in second]
    assert sorted(shown) == sorted(three_documents)


def test_unit_user_sees_only_documents_of_its_tasks(
    login: Callable[[str], Client], three_documents: dict[str, Document]
) -> None:
    client = login("taichinh")
    html = client.get(reverse("tracking:document_list")).content.decode()
    assert "45/TB-UBND" in html
    assert "27/KH-UBND" not in html  # confirmed, but no task of Sở Tài chính
    assert "812/UBND-KT" not in html  # drafts are the office's business
    mine, other = three_documents["45/TB-UBND"], three_documents["27/KH-UBND"]
    assert client.get(reverse("tracking:document_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("tracking:document_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("tracking:document_file", args=[other.pk])).status_code == 404
    response = client.get(reverse("tracking:document_file", args=[mine.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == sample_bytes("thong-bao-ket-luan-giao-ban.txt")  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]


def test_unit_user_detail_lists_only_its_tasks(
    login: Callable[[str], Client], three_documents: dict[str, Document]
) -> None:
    doc = three_documents["45/TB-UBND"]
    html = login("taichinh").get(reverse("tracking:document_detail", args=[doc.pk])).content.decode()
    assert "rà soát tình hình giải ngân" in html  # Sở Tài chính leads it
    assert "tiêm phòng bổ sung vắc xin" not in html  # Sở Nông nghiệp và Môi trường's task
    assert reverse("tracking:review", args=[doc.pk]) not in html


def test_document_detail_shows_metadata_evidence_tasks_and_download(
    login: Callable[[str], Client], three_documents: dict[str, Document]
) -> None:
    doc = three_documents["45/TB-UBND"]
    response = login("lanhdao").get(reverse("tracking:document_detail", args=[doc.pk]))
    html = response.content.decode()
    assert "45/TB-UBND" in html and "14/03/2026" in html
    # evidence: what the rule means, in Vietnamese (never its id), and the text
    assert "number.so" not in html and "«Số: 45/TB-UBND»" in html
    assert escape(describe("number.so")) in html
    assert "Lê Thị Thu Hà" in html
    assert "tiêm phòng bổ sung vắc xin" in html and "30/03/2026" in html
    assert reverse("tracking:document_file", args=[doc.pk]) in html
    assert reverse("tracking:review", args=[doc.pk]) not in html  # the leader does not review
    html = login("vanphong").get(reverse("tracking:document_detail", args=[doc.pk])).content.decode()
    assert reverse("tracking:review", args=[doc.pk]) in html


def test_missing_document_is_404(login: Callable[[str], Client]) -> None:
    client = login("vanphong")
    assert client.get(reverse("tracking:document_detail", args=[999])).status_code == 404
    assert client.get(reverse("tracking:document_file", args=[999])).status_code == 404
