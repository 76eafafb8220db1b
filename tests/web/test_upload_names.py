"""Uploaded file names: any length and any characters are kept (cleaned) in the database and the file
is stored under a generated name; one failing file of a batch never stops the others, and the page
reports every file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import Document
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.jobs import drain

from .conftest import sample_bytes

UPLOAD = reverse("tracking:document_upload")
STORED = re.compile(r"documents/\d{4}/\d{2}/[0-9a-f]{32}(\.[a-z0-9]{1,8})?")


def _document(i: int) -> bytes:
    """The sample notice, made distinct (the register refuses a file it already has)."""
    return sample_bytes("thong-bao-ket-luan-giao-ban.txt") + f"\nGhi chú: bản số {i}.\n".encode()


def _upload(client: Client, files: list[tuple[str, bytes]]) -> str:
    payload = [SimpleUploadedFile(n, d, content_type="application/octet-stream") for n, d in files]
    response = client.post(UPLOAD, {"files": payload})
    assert response.status_code == 302, response.status_code
    drain()  # the upload queued jobs: run them through the real worker
    page = client.get(UPLOAD)
    assert page.status_code == 200
    return page.content.decode()


def _check_stored(doc: Document, data: bytes) -> None:
    assert STORED.fullmatch(doc.file.name), doc.file.name
    assert Path(doc.file.path).read_bytes() == data


LONG_NAMES = [
    "ệ" * 100 + ".txt",  # 300 bytes of UTF-8: over the 255 bytes a file system allows
    "Thông báo kết luận của Chủ tịch UBND tỉnh " * 8 + ".txt",  # 344 characters
    'bao cao; "trich yeu" <b>x & 😀 %00 $HOME `id`.md',
    "CON.txt",
    "không có đuôi",
]


def test_any_name_is_kept_and_stored_under_a_generated_name(login: Callable[[str], Client]) -> None:
    office = login("vanphong")
    files = [(name, _document(i)) for i, name in enumerate(LONG_NAMES)]
    html = _upload(office, files)
    assert f"Đã nhập {len(files)}/{len(files)} tệp." in html
    for name, data in files:
        doc = Document.objects.get(sha256=hashlib.sha256(data).hexdigest())
        if len(name) <= 255:
            assert doc.original_name == name
        else:  # Django's form parser already cuts it to 255, keeping the extension
            assert len(doc.original_name) <= 255 and doc.original_name.endswith(".txt")
            assert doc.original_name[:100] in name
        _check_stored(doc, data)
        response = office.get(reverse("tracking:document_file", args=[doc.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    names = [d.file.name for d in Document.objects.all()]
    assert len(set(names)) == len(names)


def test_names_from_the_inbox_or_the_api_are_cleaned(
    users: dict[str, User], login: Callable[[str], Client]
) -> None:
    """Names that never pass a browser's multipart form: control characters, paths, nothing at all."""
    cases = {
        "bien\x00ban.txt": "bien ban.txt",  # PostgreSQL refuses NUL in text
        "bao-cao\r\nSet-Cookie: x=1.txt": "bao-cao  Set-Cookie: x=1.txt",  # would break the download header
        "../../etc/passwd": "passwd",
        "C:\\Văn bản\\thong-bao.docx.txt": "thong-bao.docx.txt",
        "": "van-ban",
        "..": "van-ban",
        "Tho\u0302ng ba\u0301o.txt": "Thông báo.txt",  # NFD from a Mac: kept as NFC
        "Quyết định " * 100 + "số 12.txt": "…" + ("Quyết định " * 100 + "số 12.txt")[-254:],
    }
    office = login("vanphong")
    for i, (name, expected) in enumerate(cases.items()):
        data = _document(100 + i)
        doc = ingest(data, name, users["vanphong"])
        assert doc.original_name == expected, name
        _check_stored(doc, data)
        response = office.get(reverse("tracking:document_file", args=[doc.pk]))
        assert response.status_code == 200, name
        assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]


class DiskFullStorage(FileSystemStorage):
    """The file system storage, full for the files that contain ``DISK-FULL``."""

    def _save(self, name: str, content: Any) -> str:
        data = content.read()
        content.seek(0)
        if b"DISK-FULL" in data:
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_a_failing_file_never_stops_the_batch(settings: Any, login: Callable[[str], Client]) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{DiskFullStorage.__module__}.{DiskFullStorage.__qualname__}"},
    }
    full = _document(1) + b"DISK-FULL\n"
    files = [("mot.txt", _document(0)), ("hai.txt", full), ("ba.txt", _document(2))]
    html = _upload(login("vanphong"), files)
    assert "Đã nhập 2/3 tệp." in html
    for name in ("mot.txt", "hai.txt", "ba.txt"):
        assert name in html
    assert "Lỗi nội bộ khi lưu tệp" in html
    assert sorted(Document.objects.values_list("original_name", flat=True)) == ["ba.txt", "mot.txt"]
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 2
