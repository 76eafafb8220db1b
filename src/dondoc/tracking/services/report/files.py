"""Write a report in one of its formats (the CLI and the web page both call ``write_report``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.report.build import Report
from dondoc.tracking.services.report.export_docx import write_docx
from dondoc.tracking.services.report.export_pdf import docx_to_pdf
from dondoc.tracking.services.report.export_xlsx import write_xlsx
from dondoc.tracking.services.report.scope import Reader

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def file_name(report: Report, fmt: str) -> str:
    code = report.period.code.replace("/", "-")
    return f"bao-cao-thuc-hien-nhiem-vu-{code}.{fmt}"


def write_report(user: Reader, report: Report, fmt: str, out: Path) -> None:
    """Write ``report`` to ``out`` as ``fmt`` (docx, xlsx or pdf), atomically (a temporary file in
    the same folder, then renamed), so that a failed export never leaves half a file."""
    if fmt not in FORMATS:
        raise ServiceError(f"Định dạng «{fmt}» không được hỗ trợ: chọn docx, xlsx hoặc pdf.")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dondoc-report-", dir=out.parent) as tmp:
        partial = Path(tmp) / f"bao-cao.{fmt}"
        if fmt == "xlsx":
            write_xlsx(user, report, partial)
        elif fmt == "docx":
            write_docx(user, report, partial)
        else:
            docx = Path(tmp) / "bao-cao.docx"
            write_docx(user, report, docx)
            docx_to_pdf(docx, partial)
        partial.replace(out)
