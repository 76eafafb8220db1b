"""Old formats and legacy encodings score like their twins on real documents (skipped without ../shared).

A subset of the seed and dev documents (CI time: each LibreOffice conversion takes 1-2 s) is rendered to
.docx by ``render_formats``, then saved by LibreOffice as Word 97 .doc and as .rtf; the .txt is written in
TCVN3 bytes and the .docx retyped in .VnTime (capitals without a TCVN3 code in .VnTimeH, as a typist of
the time did), both with the tables of ``dondoc.ingest.legacy``. Each is scored with the spec's scorer
against the same gold as its twin: strict F1 within 0.05 and every metadata field as good.
``scripts/score_legacy_formats.py`` runs the same on every seed, dev and train document.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import render_formats as RF
from dondoc.ingest import legacy
from dondoc.pipeline import extract_path
from scoring_rules import load_scorer

SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCS = [
    (SHARED / "seeds", SHARED / "gold" / "seeds", "000_43faad134884ea1a"),
    (SHARED / "seeds", SHARED / "gold" / "seeds", "002_28b43714a13a73f1"),
    (SHARED / "dev" / "docs", SHARED / "gold" / "dev", None),  # the first dev document
]
MAX_STRICT_DROP = 0.05

pytestmark = [
    pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not available"),
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _needs_upper_font(word: str) -> bool:
    return any(ch in legacy.LETTERS and ch.isupper() and ch not in legacy.table("tcvn3").codes for ch in word)


def retype_in_vntime(docx: bytes) -> bytes:
    """The .docx with every run in .VnTime (TCVN3), the words with capitals TCVN3 has no code for in
    .VnTimeH."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    for run in list(root.iter(f"{W}r")):
        texts = run.findall(f"{W}t")
        if len(texts) != 1 or not texts[0].text:
            continue
        pieces: list[tuple[str, bool]] = []
        for token in re.findall(r"\S+|\s+", texts[0].text):
            upper = _needs_upper_font(token)
            if pieces and (pieces[-1][1] == upper or token.isspace()):
                pieces[-1] = (pieces[-1][0] + token, pieces[-1][1])
            else:
                pieces.append((token, upper))
        parent = run.getparent()
        for text, upper in pieces:
            new = copy.deepcopy(run)
            rpr = new.find(f"{W}rPr")
            if rpr is None:
                rpr = etree.SubElement(new, f"{W}rPr")
                new.insert(0, rpr)
            fonts = rpr.find(f"{W}rFonts")
            if fonts is None:
                fonts = etree.Element(f"{W}rFonts")
                rpr.insert(0, fonts)
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(f"{W}{attr}", ".VnTimeH" if upper else ".VnTime")
            t = new.find(f"{W}t")
            t.text = legacy.encode(text.lower() if upper else text, "tcvn3")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addprevious(new)
        parent.remove(run)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


def convert(files: list[Path], target: str, out: Path) -> list[Path]:
    profile = out / "lo-profile"
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    subprocess.run(
        [*command, "--convert-to", target, "--outdir", str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [out / f"{p.stem}.{target.split(':')[0]}" for p in files]


def make_twins(txts: list[Path], out: Path) -> dict[str, list[Path]]:
    """The formats of each .txt: txt, docx, doc, rtf, tcvn3.txt, vntime.docx."""
    out.mkdir(parents=True, exist_ok=True)
    docx = [RF.render_docx(path, out / "docx") for path in txts]
    formats: dict[str, list[Path]] = {"txt": txts, "docx": docx}
    formats["doc"] = convert(docx, "doc:MS Word 97", out / "doc")
    formats["rtf"] = convert(docx, "rtf", out / "rtf")
    (out / "tcvn3").mkdir()
    (out / "vntime").mkdir()
    formats["tcvn3-txt"], formats["vntime-docx"] = [], []
    for txt, doc in zip(txts, docx, strict=True):
        tcvn3 = out / "tcvn3" / txt.name
        tcvn3.write_bytes(legacy.encode(txt.read_text(encoding="utf-8"), "tcvn3").encode("cp1252", "replace"))
        formats["tcvn3-txt"].append(tcvn3)
        vntime = out / "vntime" / doc.name
        vntime.write_bytes(retype_in_vntime(doc.read_bytes()))
        formats["vntime-docx"].append(vntime)
    return formats


def score(files: list[Path], golds: dict[str, Path], scorer: Any) -> dict[str, Any]:
    results = {}
    for path in files:
        stem = path.name.split(".")[0]
        gold = json.loads(golds[stem].read_text(encoding="utf-8"))
        results[stem] = scorer.score_document(gold, extract_path(path).to_contract())
    summary: dict[str, Any] = scorer.summarize(results)
    return summary


def _subset() -> tuple[list[Path], dict[str, Path]]:
    txts, golds = [], {}
    for docs, gold, stem in DOCS:
        path = docs / f"{stem}.txt" if stem else sorted(docs.glob("*.txt"))[0]
        txts.append(path)
        golds[path.stem] = gold / f"{path.stem}.json"
    return txts, golds


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    txts, golds = _subset()
    formats = make_twins(txts, tmp_path_factory.mktemp("legacy-formats"))
    scorer = load_scorer()
    return {fmt: score(files, golds, scorer) for fmt, files in formats.items()}


@pytest.mark.parametrize(
    ("fmt", "twin"), [("doc", "docx"), ("rtf", "docx"), ("vntime-docx", "docx"), ("tcvn3-txt", "txt")]
)
def test_a_legacy_format_scores_like_its_twin(scored: dict[str, dict[str, Any]], fmt: str, twin: str) -> None:
    got, base = scored[fmt], scored[twin]
    print(f"\n{fmt}: strict F1 {got['strict']['f1']:.3f} (twin {twin}: {base['strict']['f1']:.3f})")
    assert got["strict"]["f1"] >= base["strict"]["f1"] - MAX_STRICT_DROP
    for field, accuracy in got["metadata_accuracy"].items():
        assert accuracy >= base["metadata_accuracy"][field], (fmt, field, accuracy)
