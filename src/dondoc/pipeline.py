"""The extraction pipeline: ingest → normalize → structure → extract, as explicit ordered stages."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dondoc.errors import DondocError, InternalError, NoTextError, TooComplexError
from dondoc.model import ExtractionResult

STAGES = ("ingest", "normalize", "structure", "extract")


@dataclass(frozen=True)
class Budget:
    """The most one document may cost: its text after normalizing, and the time of the task stage.
    Every stage is linear in its input (tests/test_scaling.py); the budget is the guard behind that."""

    max_chars: int = 2_000_000
    max_paragraphs: int = 50_000
    seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Budget:
        seconds = os.environ.get("DONDOC_EXTRACT_SECONDS", "")
        return cls(seconds=float(seconds)) if seconds.replace(".", "", 1).isdigit() else cls()


def extract_bytes(
    data: bytes,
    filename: str = "",
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractionResult:
    """Run the whole pipeline on one document. Raises ``DondocError`` (Vietnamese message) on bad input,
    ``TooComplexError`` when the document exceeds its budget.

    ``progress(k, n)`` is the hook of readers that go page by page (OCR: page k of n read); the
    background job shows it. Today's readers read a document at once and report nothing."""
    budget = budget or Budget.from_env()
    from dondoc.extract import extract_tasks
    from dondoc.ingest import ingest_bytes
    from dondoc.normalize import normalize
    from dondoc.structure import parse_structure

    try:
        raw = ingest_bytes(data, filename)
        norm = normalize(raw)
        if not norm.text.strip():
            raise NoTextError()
        if len(norm.text) > budget.max_chars or len(norm.paragraphs) > budget.max_paragraphs:
            raise TooComplexError(detail=f"{len(norm.text)} ký tự, {len(norm.paragraphs)} đoạn")
        structure = parse_structure(norm)
        tasks = extract_tasks(norm, structure, deadline=time.monotonic() + budget.seconds)
    except DondocError:
        raise
    except Exception as exc:  # a bug must not stop a batch: report it as an internal error
        raise InternalError(detail=f"{type(exc).__name__}: {exc}") from exc
    return ExtractionResult(
        source=filename,
        media_type=raw.media_type,
        normalized=norm,
        structure=structure,
        tasks=tasks,
        warnings=list(raw.warnings) + list(structure.warnings),
    )


def extract_path(path: str | Path) -> ExtractionResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DondocError(f"Không đọc được tệp: {p.name}", detail=exc.strerror) from exc
    return extract_bytes(data, p.name)
