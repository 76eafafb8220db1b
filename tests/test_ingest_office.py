"""Legacy Word and office formats through real LibreOffice: .doc, .rtf and .odt read like their .docx twin;
a password-protected .doc, a non-Word OLE file and a conversion over its time limit get a clear Vietnamese
message, and a batch goes on past them."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import olefile
import pytest

from docx_factory import DocxFactory, Level
from dondoc.errors import ConversionError, EncryptedFileError, UnsupportedFormatError
from dondoc.ingest import ingest_bytes
from dondoc.ingest.sniff import DOC, ODT, RTF, sniff
from dondoc.pipeline import extract_bytes

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban",
    "Giao thông vận tải",
    "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính hoàn thành rà soát trước ngày 30/6/2026.",
    "Y tế",
    "Sở Y tế báo cáo kết quả phòng, chống dịch trước ngày 15/7/2026.",
]


def _docx() -> bytes:
    f = DocxFactory()
    outline = f.add_list([Level("upperRoman", "%1."), Level("decimal", "%2.")])
    f.paragraph(TEXTS[0])
    f.paragraph(TEXTS[1])
    f.paragraph(TEXTS[2])
    f.paragraph(TEXTS[3], num=outline, ilvl=0)
    f.paragraph(TEXTS[4], num=outline, ilvl=1)
    f.paragraph(TEXTS[5], num=outline, ilvl=0)
    f.paragraph(TEXTS[6], num=outline, ilvl=1)
    f.table([["STT", "Nội dung", "Cơ quan chủ trì"], ["1", "Lập quy hoạch", "Sở Xây dựng"]])
    f.paragraph("CHỦ TỊCH")
    return f.to_bytes()


def _convert(docx: bytes, target: str, tmp: Path) -> bytes:
    """Convert with LibreOffice the way an office saves an old format (the test's own conversion)."""
    source = tmp / "goc.docx"
    source.write_bytes(docx)
    profile = f"-env:UserInstallation={(tmp / 'lo').as_uri()}"
    command = ["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(tmp), str(source)]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp / f"goc.{target.split(':')[0]}").read_bytes()


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("office")
    docx = _docx()
    return {
        "docx": docx,
        "doc": _convert(docx, "doc:MS Word 97", tmp),
        "rtf": _convert(docx, "rtf", tmp),
        "odt": _convert(docx, "odt", tmp),
    }


@pytest.mark.parametrize(("fmt", "media_type"), [("doc", DOC), ("rtf", RTF), ("odt", ODT)])
def test_an_old_format_reads_like_its_docx_twin(twins: dict[str, bytes], fmt: str, media_type: str) -> None:
    assert sniff(twins[fmt], f"x.{fmt}") == media_type
    twin = [(line.text, line.cell is not None) for line in ingest_bytes(twins["docx"], "x.docx").lines]
    doc = ingest_bytes(twins[fmt], f"van-ban.{fmt}")
    assert doc.media_type == media_type
    assert doc.parser == "office+docx"
    assert [(line.text, line.cell is not None) for line in doc.lines] == twin
    assert "II. Y tế" in [line.text for line in doc.lines]  # Word numbering survives the conversion


def test_an_old_format_gives_the_tasks_of_its_twin(twins: dict[str, bytes]) -> None:
    def tasks(data: bytes, name: str) -> list[tuple[str, tuple[str, ...]]]:
        result = extract_bytes(data, name).to_contract()
        return [(t["content"], tuple(lead["name"] for lead in t["lead"])) for t in result["tasks"] or []]

    expected = tasks(twins["docx"], "x.docx")
    assert len(expected) >= 2
    assert tasks(twins["doc"], "x.doc") == expected


def _encrypt_flag(doc: bytes) -> bytes:
    """A .doc with the Word header's fEncrypted flag set, as Word writes a password-protected file."""
    buffer = io.BytesIO(doc)
    with olefile.OleFileIO(buffer, write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        stream[11] |= 0x01  # FibBase flags (offset 10), bit 8: fEncrypted
        ole.write_stream("WordDocument", bytes(stream))
    return buffer.getvalue()


def test_a_password_protected_doc_is_refused_with_a_clear_message(twins: dict[str, bytes]) -> None:
    with pytest.raises(EncryptedFileError) as caught:
        ingest_bytes(_encrypt_flag(twins["doc"]), "mat-khau.doc")
    assert "mật khẩu" in caught.value.message


def test_an_ole_file_that_is_no_word_document_is_unsupported(twins: dict[str, bytes]) -> None:
    buffer = io.BytesIO(twins["doc"])
    with olefile.OleFileIO(buffer) as ole:
        assert ole.exists("WordDocument")
    spoiled = twins["doc"].replace("WordDocument".encode("utf-16-le"), "WordDokument".encode("utf-16-le"))
    with pytest.raises(UnsupportedFormatError) as caught:
        ingest_bytes(spoiled, "bang-tinh.xls")
    assert "Không nhận dạng được định dạng" in caught.value.message


def _soffice_processes(marker: str) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if "soffice" in cmdline and marker in cmdline:
                out.append(int(pid))
    return out


def test_a_conversion_over_its_time_limit_is_stopped(
    twins: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DONDOC_CONVERT_SECONDS", "0.3")  # LibreOffice needs about 1 s to start
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with pytest.raises(ConversionError) as caught:
        ingest_bytes(twins["doc"], "cham.doc")
    assert "quá 0.3 giây" in caught.value.message
    assert caught.value.detail == "timeout"
    assert _soffice_processes(str(tmp_path)) == []  # the whole process group was killed
    assert list(tmp_path.iterdir()) == []  # and its temporary profile removed


def test_a_batch_goes_on_past_a_bad_doc(twins: dict[str, bytes], tmp_path: Path) -> None:
    bad = tmp_path / "mat-khau.doc"
    bad.write_bytes(_encrypt_flag(twins["doc"]))
    good = tmp_path / "tot.doc"
    good.write_bytes(twins["doc"])
    run = subprocess.run(
        [sys.executable, "-m", "dondoc", "extract", str(bad), str(good), "--out", str(tmp_path / "ra")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert run.returncode != 0
    assert "mật khẩu" in run.stdout + run.stderr
    assert (tmp_path / "ra" / "tot.json").is_file()
    assert not (tmp_path / "ra" / "mat-khau.json").exists()
