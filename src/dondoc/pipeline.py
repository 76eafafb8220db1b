"""The extraction pipeline: ingest → normalize → structure → extract, as explicit ordered stages."""

from __future__ import annotations

from pathlib import Path

from dondoc.errors import DondocError, InternalError, NoTextError
from dondoc.model import ExtractionResult

STAGES = ("ingest", "normalize", "structure", "extract")


def extract_bytes(data: bytes, filename: str = "") -> ExtractionResult:
    """Run the whole pipeline on one document. Raises ``DondocError`` (Vietnamese message) on bad input."""
    from dondoc.extract import extract_tasks
    from dondoc.ingest import ingest_bytes
    from dondoc.normalize import normalize
    from dondoc.structure import parse_structure

    try:
        raw = ingest_bytes(data, filename)
        norm = normalize(raw)
        if not norm.text.strip():
            raise NoTextError()
        structure = parse_structure(norm)
        tasks = extract_tasks(norm, structure)
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
