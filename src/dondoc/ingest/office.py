"""Legacy Word and other office formats (.doc, .rtf, .odt): converted to .docx by LibreOffice, then read
by the .docx parser (numbering, tables, merged cells and legacy-font runs as for any .docx).

Each conversion runs ``soffice --headless --convert-to docx`` in a temporary directory of its own: its own
LibreOffice profile (so concurrent conversions never share one, and nothing of the user's profile is
used), macros disabled in that profile (security level "very high", macro execution off), the input
under a fixed name (never the uploaded file name), and a time limit (``DONDOC_CONVERT_SECONDS``, 60 s by
default) after which the whole process group is killed. A password-protected Word 97-2003 file is
recognised before LibreOffice sees it (the ``fEncrypted`` flag of the Word file header).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import struct
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Final

import olefile  # type: ignore[import-untyped,unused-ignore]

from dondoc.errors import ConversionError, CorruptFileError, EncryptedFileError, UnsupportedFormatError
from dondoc.ingest.base import register
from dondoc.ingest.docx import DocxParser
from dondoc.ingest.sniff import DOC, ODT, RTF
from dondoc.model import RawDocument

DEFAULT_TIMEOUT: Final = 60.0
_SUFFIX: Final = {DOC: ".doc", RTF: ".rtf", ODT: ".odt"}
_WORD_MAGIC: Final = 0xA5EC  # wIdent of the Word 97-2003 file information block
_ENCRYPTED: Final = 0x0100  # FibBase flags: fEncrypted
_OBFUSCATED: Final = 0x8000  # FibBase flags: fObfuscated (XOR "protection", also a password)

# The profile's settings: no first-run dialogs, macros never run (MacroSecurityLevel 3 = very high,
# only signed macros from trusted locations, and there are none; DisableMacrosExecution on top).
_PROFILE_SETTINGS: Final = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="TrustedAuthors" oor:op="fuse"><value></value></prop></item>
</oor:items>
"""  # noqa: E501

_NO_SOFFICE: Final = (
    "Không chuyển đổi được tệp {kind}: máy chủ chưa cài LibreOffice (soffice). "
    "Hãy báo quản trị hệ thống, hoặc lưu tệp thành .docx rồi tải lên lại."
)
_TIMED_OUT: Final = (
    "Chuyển đổi tệp {kind} sang .docx quá {seconds:g} giây nên đã dừng (tệp quá lớn hoặc bị lỗi). "
    "Hãy mở tệp bằng Word/LibreOffice, lưu thành .docx rồi tải lên lại."
)
_FAILED: Final = (
    "LibreOffice không chuyển đổi được tệp {kind} sang .docx (tệp hỏng hoặc không đúng định dạng). "
    "Hãy mở tệp bằng Word/LibreOffice, lưu thành .docx rồi tải lên lại."
)
_KIND: Final = {DOC: "Word .doc", RTF: ".rtf", ODT: ".odt"}


def timeout_seconds() -> float:
    """The conversion time limit: ``DONDOC_CONVERT_SECONDS`` (a positive number), else 60 s."""
    value = os.environ.get("DONDOC_CONVERT_SECONDS", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_TIMEOUT


def check_word_binary(data: bytes) -> None:
    """Refuse an OLE file that is no Word document (.xls, .ppt, .msg) or a password-protected one."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                if ole.exists("EncryptedPackage"):
                    raise EncryptedFileError(detail="OLE container with an EncryptedPackage stream")
                raise UnsupportedFormatError(detail="OLE file without a WordDocument stream")
            fib = ole.openstream("WordDocument").read(12)
    except (OSError, ValueError, struct.error, IndexError) as exc:
        raise CorruptFileError(detail=f"OLE: {exc}") from exc
    if len(fib) < 12:
        raise CorruptFileError(detail="WordDocument stream too short")
    ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 10)[0]
    if ident != _WORD_MAGIC:
        raise CorruptFileError(detail=f"WordDocument wIdent {ident:#x}")
    if flags & (_ENCRYPTED | _OBFUSCATED):
        raise EncryptedFileError(detail="Word 97-2003 file with fEncrypted/fObfuscated set")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def convert_to_docx(data: bytes, media_type: str, timeout: float | None = None) -> bytes:
    """Convert a .doc/.rtf/.odt file to .docx bytes with LibreOffice headless (see the module docstring)."""
    kind = _KIND.get(media_type, media_type)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError(_NO_SOFFICE.format(kind=kind))
    seconds = timeout if timeout is not None else timeout_seconds()
    with tempfile.TemporaryDirectory(prefix="dondoc-lo-") as tmp:
        root = Path(tmp)
        (root / "profile" / "user").mkdir(parents=True)
        (root / "profile" / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, "utf-8")
        source = root / f"van-ban{_SUFFIX.get(media_type, '.bin')}"
        source.write_bytes(data)
        out = root / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(root), "TMPDIR": str(root)}
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=root,
            start_new_session=True,  # its own process group: a timeout kills soffice.bin too
        )
        try:
            output, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionError(_TIMED_OUT.format(kind=kind, seconds=seconds), detail="timeout") from None
        result = out / f"{source.stem}.docx"
        if not result.is_file() or result.stat().st_size == 0:
            detail = output.decode("utf-8", "replace").strip()[-300:] or f"exit status {process.returncode}"
            raise ConversionError(_FAILED.format(kind=kind), detail=detail)
        return result.read_bytes()


class OfficeParser:
    """.doc, .rtf, .odt: LibreOffice → .docx → ``DocxParser``; the document keeps its own media type."""

    name: str = "office"
    media_types: tuple[str, ...] = (DOC, RTF, ODT)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        from dondoc.ingest.sniff import sniff

        media_type = sniff(data, filename)
        if media_type == DOC:
            check_word_binary(data)
        converted = convert_to_docx(data, media_type)
        doc = DocxParser().parse(converted, filename)
        return replace(doc, media_type=media_type, parser=f"{self.name}+{doc.parser}")


register(OfficeParser())
