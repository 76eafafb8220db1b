"""Bring a document into the register: checks, extraction core, stored file and draft tasks.

Used by the web upload, ``dondoc import``, the watched inbox and the API. A failure stores nothing:
the database work is one transaction and a file written before a failure is removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from dondoc import __version__
from dondoc.errors import DondocError
from dondoc.pipeline import extract_bytes
from dondoc.tracking.models import Document, DocumentSource, Task
from dondoc.tracking.services import audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.filetype import check_claimed_type
from dondoc.tracking.services.registry import resolve_group, resolve_unit
from dondoc.tracking.services.storage import display_name, stored_name

logger = logging.getLogger(__name__)


class TooLargeError(DondocError):
    default_message = "Tệp quá lớn."


class DuplicateDocumentError(DondocError):
    default_message = "Văn bản này đã được nhập trước đó."

    def __init__(self, existing: Document) -> None:
        when = existing.created_at.strftime("%d/%m/%Y") if existing.created_at else ""
        super().__init__(
            f"Văn bản đã có trong hệ thống (tệp «{existing.original_name}», "
            f"số {existing.number or 'không rõ'}, nhập ngày {when}): không nhập lại."
        )
        self.existing = existing


#: Said wherever a document without any task is shown (upload result, lists, its page, the API, the
#: inbox): such a document is not a success to pass over but something for the office to check.
NO_TASKS_NOTE = "Không tìm thấy nhiệm vụ nào — kiểm tra lại"

STORE_FAILED = (
    "Lỗi nội bộ khi lưu tệp: tệp chưa được nhập (không có gì được lưu); các tệp khác vẫn được xử lý. "
    "Hãy thử lại, hoặc báo quản trị hệ thống."
)


@dataclass
class ImportOutcome:
    name: str
    document: Document | None = None
    error: str | None = None
    duplicate_of: Document | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def check_size(size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise TooLargeError(f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn là {limit / 1048576:.0f} MB.")


#: ``progress(k, n)``: k of the document's n pages read (readers that go page by page: OCR).
ProgressHook = Callable[[int, int], None]


def ingest(
    data: bytes,
    filename: str,
    actor: AnyUser | None,
    source: str = DocumentSource.UPLOAD,
    progress: ProgressHook | None = None,
    on_stored: Callable[[Document], None] | None = None,
) -> Document:
    """Store one document with its draft tasks, or raise ``DondocError`` (Vietnamese message).

    ``filename`` is the user's: it is kept (cleaned, ``storage.display_name``) in ``original_name``;
    the file is stored under a generated name. The document and its tasks appear in one transaction.
    Web requests never call this: they queue a job (``services.jobs``) that a worker runs.
    ``on_stored(doc)`` runs inside that transaction (the job is marked done with its document)."""
    filename = display_name(filename, "van-ban")
    check_size(len(data))
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        raise DuplicateDocumentError(existing)
    check_claimed_type(data, filename)  # a text named .docx is refused, not imported as text
    result = extract_bytes(data, filename, progress=progress)  # raises DondocError on bad input
    contract = result.to_contract()
    meta = contract["document"]
    stored: list[Document] = []
    try:
        with transaction.atomic():
            doc = Document(
                original_name=filename[:255],
                sha256=digest,
                size=len(data),
                media_type=result.media_type,
                source=source,
                number=meta.get("number") or "",
                doc_type=meta.get("doc_type") or "",
                title=meta.get("title") or "",
                issuer=meta.get("issuer") or "",
                place=meta.get("place") or "",
                issued_date=_date(meta.get("issued_date")),
                meeting_date=_date(meta.get("meeting_date")),
                signer=meta.get("signer") or "",
                authority=meta.get("authority") or "",
                normalized_text=result.normalized.text,
                extraction=contract,
                extractor_version=__version__,
                warnings=contract.get("warnings") or [],
                uploaded_by=actor if isinstance(actor, User) else None,
            )
            doc.file.save(stored_name(filename), ContentFile(data), save=False)
            stored.append(doc)
            doc.save()
            for order, item in enumerate(contract.get("tasks") or [], start=1):
                create_draft_task(doc, order, item)
            audit.record(
                actor,
                "document.imported",
                f"Nhập văn bản «{filename}» ({source}), {doc.tasks.count()} nhiệm vụ dự thảo.",
                document=doc,
            )
            if on_stored is not None:
                on_stored(doc)
    except IntegrityError as exc:  # the same file, imported at the same moment by someone else
        _remove_files(stored)
        existing = Document.objects.filter(sha256=digest).first()
        if existing is not None:
            raise DuplicateDocumentError(existing) from exc
        raise
    except BaseException:
        _remove_files(stored)
        raise
    return doc


def _remove_files(docs: list[Document]) -> None:
    for doc in docs:
        if doc.file and doc.file.name:
            doc.file.storage.delete(doc.file.name)


def create_draft_task(doc: Document, order: int, item: dict[str, Any]) -> Task:
    on = doc.meeting_date or doc.issued_date
    dates = [d for d in (_date(x) for x in item.get("deadlines") or []) if d is not None]
    task = Task.objects.create(
        document=doc,
        order=order,
        section=(item.get("section") or "")[:50],
        content=item.get("content") or "",
        lead_mention="; ".join(u["name"] for u in item.get("lead") or [])[:500],
        support_mention="; ".join(u["name"] for u in item.get("support") or [])[:1000],
        deadline=min(dates) if dates else None,
        deadline_text=(item.get("deadline_text") or "")[:500],
        recurring=bool(item.get("recurring")),
        evidence={
            "task": item.get("evidence"),
            "lead_rule": item.get("lead_rule"),
            "lead": [u.get("evidence") for u in item.get("lead") or []],
            "support": [u.get("evidence") for u in item.get("support") or []],
            "deadline": [d.get("evidence") for d in item.get("deadline_details") or []],
        },
    )
    unlinked: list[dict[str, str]] = []
    leads = []
    for u in item.get("lead") or []:
        if u.get("is_group"):
            group = resolve_group(u["name"], u.get("mention", ""))
            if group is not None and task.lead_group is None:
                task.lead_group = group
                continue
        unit = resolve_unit(u["name"], u.get("mention", ""), on=on)
        if unit is None:
            unlinked.append({"role": "lead", "name": u["name"], "mention": u.get("mention", "")})
        elif unit not in leads:
            leads.append(unit)
    if leads:
        task.lead = leads[0]
        task.co_leads.set(leads[1:])
    supports = []
    for u in item.get("support") or []:
        group = resolve_group(u["name"], u.get("mention", "")) if u.get("is_group") else None
        if group is not None:  # a supporting group the registry knows: all its members support
            supports += [m for m in group.members.all() if m not in supports and m not in leads]
            continue
        unit = resolve_unit(u["name"], u.get("mention", ""), on=on)
        if unit is None:
            unlinked.append({"role": "support", "name": u["name"], "mention": u.get("mention", "")})
        elif unit not in supports and unit not in leads:
            supports.append(unit)
    task.supports.set(supports)
    task.unlinked = unlinked
    task.save(update_fields=["lead", "lead_group", "unlinked"])
    return task


def import_many(
    files: list[tuple[str, bytes]], actor: AnyUser | None, source: str = DocumentSource.UPLOAD
) -> list[ImportOutcome]:
    """Import a batch: each file on its own; one bad file never stops the others, whatever its failure
    (a refused file, a storage or database error: nothing of it is stored, the others go on)."""
    out = []
    for name, data in files:
        try:
            out.append(ImportOutcome(name, document=ingest(data, name, actor, source)))
        except DuplicateDocumentError as exc:
            out.append(ImportOutcome(name, error=exc.message, duplicate_of=exc.existing))
        except DondocError as exc:
            out.append(ImportOutcome(name, error=exc.message))
        except Exception:  # a bug or a full disk must not stop the batch; the log has the details
            logger.exception("import of %r failed", name)
            out.append(ImportOutcome(name, error=STORE_FAILED))
    return out


def import_one_path(path: Path, actor: AnyUser | None, source: str) -> ImportOutcome:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportOutcome(path.name, error=f"Không đọc được tệp: {exc.strerror or exc}")
    return import_many([(path.name, data)], actor, source)[0]
