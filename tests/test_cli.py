"""The ``dondoc`` command line, run both as a subprocess (``python -m dondoc``) and in-process (``main``).

The batch test feeds the command every kind of bad input a user uploads by mistake; each one must be
reported with a Vietnamese message on stderr, without a traceback, while the good documents of the same
batch are still written.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest

SAMPLES = Path(str(resources.files("dondoc") / "samples"))
THONG_BAO = SAMPLES / "thong-bao-ket-luan-giao-ban.txt"
CONG_VAN = SAMPLES / "cong-van-chi-dao.md"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

DOCUMENT_KEYS = {"doc_type", "number", "issuer", "issued_date", "meeting_date", "title", "signer"}
TASK_KEYS = {"content", "section", "lead", "support", "deadlines", "deadline_text"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VI_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
# Wide enough that rich never wraps a unit name inside a table cell or a message line.
COLUMNS = "400"


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[[Sequence[str | Path]], Result]


def run_subprocess(args: Sequence[str | Path]) -> Result:
    env = {**os.environ, "COLUMNS": COLUMNS, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "dondoc", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(params=["subprocess", "in-process"])
def run(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Runner:
    if request.param == "subprocess":
        return run_subprocess
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.setenv("NO_COLOR", "1")

    def run_in_process(args: Sequence[str | Path]) -> Result:
        from dondoc.cli import main

        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse --help / usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run_in_process


def check_contract(data: object) -> None:
    """The JSON object of spec/extraction.md: "document" and "tasks" with their keys and value types."""
    assert isinstance(data, dict)
    assert {"document", "tasks"} <= data.keys()
    document = data["document"]
    assert isinstance(document, dict)
    assert document.keys() >= DOCUMENT_KEYS
    for key in ("issued_date", "meeting_date"):
        assert document[key] is None or ISO_DATE.match(document[key]), (key, document[key])
    tasks = data["tasks"]
    assert tasks is None or isinstance(tasks, list)
    for task in tasks or []:
        assert task.keys() >= TASK_KEYS
        assert isinstance(task["content"], str) and task["content"].strip()
        for role in ("lead", "support"):
            assert isinstance(task[role], list)
            for unit in task[role]:
                assert isinstance(unit, str) or (isinstance(unit, dict) and isinstance(unit.get("name"), str))
        assert task["deadlines"] == sorted(set(task["deadlines"]))
        assert all(ISO_DATE.match(d) for d in task["deadlines"])
        assert task["deadline_text"] is None or isinstance(task["deadline_text"], str)


def unit_name(unit: str | dict[str, str]) -> str:
    return unit if isinstance(unit, str) else unit["name"]


# --- help, --out, --format json, table -------------------------------------------------------------------


def test_extract_help_shows_examples(run: Runner) -> None:
    from dondoc.cli import EXTRACT_EXAMPLE

    result = run(["extract", "--help"])
    assert result.code == 0
    examples = [line.strip() for line in EXTRACT_EXAMPLE.splitlines() if line.strip().startswith("dondoc ")]
    assert len(examples) >= 2
    for line in examples:
        assert line in result.out
    assert "--out" in result.out and "--format" in result.out


def test_extract_out_writes_one_json_per_document(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    result = run(["extract", THONG_BAO, CONG_VAN, "--out", out])
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{THONG_BAO.stem}.json", f"{CONG_VAN.stem}.json"]
    )
    for path in out.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        check_contract(data)
        assert data["tasks"], f"{path.name}: no task extracted from a sample"
    assert result.out.strip() == ""  # with --out nothing but progress goes to the terminal


def test_batch_reads_the_scans_last(run: Runner, tmp_path: Path) -> None:
    """A scan early in a batch is OCR'd after every document that needs no OCR, so a slow scan never
    holds back the others."""
    scan = tmp_path / "a-ban-quet.pdf"
    _write_textless_pdf(scan)
    out = tmp_path / "ket-qua"
    result = run(["extract", scan, THONG_BAO, "--out", out])
    err = " ".join(result.err.split())
    assert "… a-ban-quet.pdf: bản quét, nhận dạng chữ (OCR) sau khi đọc xong các tệp khác" in err
    assert (out / f"{THONG_BAO.stem}.json").exists()
    if shutil.which("tesseract"):  # then OCR'd, after the text: the blank scan holds no text
        assert err.index("sau khi đọc xong") < err.index("✗ a-ban-quet.pdf")
        assert "Không nhận dạng được" in err
    assert result.code == 1


def test_format_json_prints_valid_json(run: Runner) -> None:
    single = run(["extract", CONG_VAN, "--format", "json"])
    assert single.code == 0, single.err
    check_contract(json.loads(single.out))

    batch = run(["extract", THONG_BAO, CONG_VAN, "--format", "json"])
    assert batch.code == 0, batch.err
    data = json.loads(batch.out)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        check_contract(item)


def test_table_output_names_the_lead_units(run: Runner) -> None:
    from dondoc.pipeline import extract_path

    result = run(["extract", THONG_BAO])
    assert result.code == 0, result.err
    # The leads the sample assigns by its unit headings, and every lead the extractor found.
    for name in ("Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Giáo dục và Đào tạo"):
        assert name in result.out
    tasks = extract_path(THONG_BAO).to_contract()["tasks"]
    for task in tasks:
        for unit in task["lead"]:
            assert unit_name(unit) in result.out
    assert "45/TB-UBND" in result.out


# --- a batch of bad inputs -------------------------------------------------------------------------------

# file name → a phrase its error message must contain ("" = any Vietnamese message)
BAD_INPUTS = {
    "rong.txt": "0 byte",
    "x.pdf": "",
    "y.docx": "",
    "mat-khau.pdf": "mật khẩu",
    "hong.docx": "",
    "bom.docx": "zip bomb",
    "ban-quet.pdf": "không nhận dạng được chữ",  # OCR'd, and the scan holds no text
}
# TCVN3 (ABC) bytes: "Thông báo kết luận của Chủ tịch Uỷ ban nhân dân tỉnh. Tài chính, đơn vị triển khai, hiện nay."
TCVN3_LINE = "Th«ng b¸o kÕt luËn cña Chñ tÞch Uû ban nh©n d©n tØnh. Tµi chÝnh, ®¬n vÞ triÓn khai, hiÖn nay.\n"


def _register_dejavu() -> str | None:
    """Register DejaVuSans with reportlab; None when reportlab or the font is missing."""
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
    except ImportError:
        return None
    if not DEJAVU.is_file():
        return None
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    return "DejaVuSans"


def _write_encrypted_pdf(path: Path) -> bool:
    font = _register_dejavu()
    if font is None:
        return False
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.setFont(font, 12)
    pdf.drawString(72, 760, "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM")
    pdf.drawString(72, 730, "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban")
    pdf.showPage()
    pdf.save()
    return True


def _write_textless_pdf(path: Path) -> None:
    """A one-page PDF whose only content is a filled rectangle: no text layer at all (built by hand)."""
    content = b"0.2 g 72 72 450 650 re f\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n%sendstream" % (len(content), content),
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))


def _write_truncated_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for i in range(30):
        document.add_paragraph(f"{i + 1}. Sở Tài chính chủ trì, báo cáo UBND tỉnh trước ngày 30/3/2026.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) // 2])


def _write_zip_bomb(path: Path) -> None:
    """A docx whose word/document.xml inflates to 300 MB of zeros (about 300 KB on disk), written streaming."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with archive.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(chunk)


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("lo-loi")
    expected = dict(BAD_INPUTS)
    (folder / "rong.txt").write_bytes(b"")
    (folder / "x.pdf").write_bytes(os.urandom(8192))
    (folder / "y.docx").write_bytes(os.urandom(8192))
    if not _write_encrypted_pdf(folder / "mat-khau.pdf"):
        del expected["mat-khau.pdf"]
    _write_truncated_docx(folder / "hong.docx")
    _write_zip_bomb(folder / "bom.docx")
    _write_textless_pdf(folder / "ban-quet.pdf")
    (folder / "tcvn3.txt").write_bytes((TCVN3_LINE * 40).encode("latin-1"))
    (folder / THONG_BAO.name).write_bytes(THONG_BAO.read_bytes())
    return folder, expected


def _messages(stderr: str) -> dict[str, str]:
    """The "✗ file: message" reports of stderr, keyed by file name (rich may wrap the lines)."""
    text = " ".join(stderr.split())
    found: dict[str, str] = {}
    for part in text.split("✗")[1:]:
        name, _, message = part.strip().partition(":")
        found[name.strip()] = message.strip()
    return found


def test_batch_with_bad_inputs(run: Runner, bad_batch: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, expected = bad_batch
    out = tmp_path / "out"
    inputs = sorted(folder.iterdir())
    result = run(["extract", *inputs, "--out", out, "--no-progress"])

    assert result.code == 1  # failures make the command exit non-zero…
    assert "Traceback" not in result.err
    good = out / f"{THONG_BAO.stem}.json"
    assert good.is_file(), result.err  # …but the good document of the batch is still written
    check_contract(json.loads(good.read_text(encoding="utf-8")))
    # …and so is the text in TCVN3 bytes, converted to Unicode
    tcvn3 = json.loads((out / "tcvn3.json").read_text(encoding="utf-8"))
    assert any("TCVN3" in w and "Unicode" in w for w in tcvn3["warnings"])
    assert sorted(p.name for p in out.iterdir()) == sorted([good.name, "tcvn3.json"])

    messages = _messages(result.err)
    problems = []
    for name, phrase in expected.items():
        message = messages.get(name)
        if message is None:
            problems.append(f"{name}: no error reported")
        elif not any(ch in VI_LETTERS for ch in message.lower()):
            problems.append(f"{name}: message is not Vietnamese: {message!r}")
        elif phrase and phrase.lower() not in message.lower():
            problems.append(f"{name}: message lacks {phrase!r}: {message!r}")
    assert not problems, "\n".join(problems) + "\n--- stderr ---\n" + result.err


# --- the library core stays free of web frameworks ------------------------------------------------------


def test_core_imports_no_web_framework() -> None:
    code = (
        "import sys\n"
        "import dondoc.pipeline, dondoc.extract, dondoc.normalize, dondoc.structure, dondoc.ingest\n"
        "from dondoc.ingest import registered\n"
        "registered()\n"
        "web = sorted({m.split('.')[0] for m in sys.modules} & {'django', 'flask', 'fastapi', 'starlette'})\n"
        "print(','.join(web))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"web frameworks imported by the core: {proc.stdout.strip()}"
