"""The report as a .pdf: the .docx converted by LibreOffice headless (``soffice``), with a profile of
its own in a temporary folder (a running LibreOffice of the user is not disturbed) and a timeout."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from dondoc.tracking.services.errors import ServiceError

SOFFICE_TIMEOUT_SECONDS = 180


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ServiceError(
            "Không tìm thấy LibreOffice (soffice) để tạo tệp PDF: cài gói libreoffice-writer-nogui."
        )
    return found


def docx_to_pdf(docx: Path, out: Path) -> None:
    """Convert ``docx`` to ``out`` (PDF); a clear Vietnamese error if LibreOffice fails or hangs."""
    with tempfile.TemporaryDirectory(prefix="dondoc-soffice-") as tmp:
        tmpdir = Path(tmp)
        command = [
            soffice(),
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmpdir),
            str(docx),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ServiceError(
                f"LibreOffice không chuyển xong tệp PDF sau {SOFFICE_TIMEOUT_SECONDS} giây."
            ) from None
        produced = tmpdir / f"{docx.stem}.pdf"
        if not produced.exists() or produced.stat().st_size == 0:
            raise ServiceError("LibreOffice không tạo được tệp PDF từ báo cáo.")
        shutil.move(str(produced), out)
