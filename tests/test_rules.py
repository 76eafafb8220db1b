"""Every extraction rule has a Vietnamese explanation (data/rules.yaml), shown beside its evidence.

The rule ids are gathered from where they are defined: the phrase ids of the language data files
(deadlines, noise) and the rule strings written in the extraction code; then from the evidence of real
extractions (the bundled samples, and the ../shared documents when they exist), role prefixes included.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from dondoc import langdata
from dondoc.pipeline import extract_bytes, extract_path
from dondoc.rules import describe, known

SRC = Path(__file__).resolve().parents[1] / "src" / "dondoc"
SHARED = Path(__file__).resolve().parents[2] / "shared"
PREFIXES = (
    "addressee|authority|doc_type|footnote|group|issued_date|issuer|lead|meeting_date|number|place|"
    "signer|task|title|unit|deadline|page|stamp|web"
)
_LITERAL = re.compile(rf"\"((?:{PREFIXES})\.[a-z_]+)\"")


def rules_in_code() -> set[str]:
    found: set[str] = set()
    for folder in ("extract", "structure", "normalize", "units"):
        for path in (SRC / folder).glob("*.py"):
            found |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def rules_in_data() -> set[str]:
    found = {str(e["id"]) for e in langdata.load("deadlines").get("phrases", [])}
    found |= {str(e["id"]) for e in langdata.load("deadlines").get("cell_phrases", [])}
    text = (SRC / "data" / "noise.yaml").read_text(encoding="utf-8")
    return found | set(re.findall(r"id:\s*([a-z_]+\.[a-z_]+)", text))


def rules_in_outputs() -> set[str]:
    results = [
        extract_bytes((resources.files("dondoc") / "samples" / name).read_bytes(), name)
        for name in ("thong-bao-ket-luan-giao-ban.txt", "ke-hoach-trien-khai.txt", "cong-van-chi-dao.md")
    ]
    for folder in (SHARED / "seeds", SHARED / "dev" / "docs"):
        if folder.is_dir():
            results += [extract_path(p) for p in sorted(folder.glob("*.txt"))]
    found: set[str] = set()
    for result in results:
        data = result.to_contract()
        found |= {ev["rule"] for ev in data["document"].get("evidence", {}).values() if ev}
        for task in data["tasks"] or []:
            found |= {task["evidence"]["rule"], task["lead_rule"]}
            found |= {u["evidence"]["rule"] for u in task["lead"] + task["support"] if u.get("evidence")}
            found |= {d["evidence"]["rule"] for d in task["deadline_details"]}
    return found


def test_code_and_data_rules_are_found() -> None:
    assert {"task.paragraph", "lead.subject", "unit.known_name", "issued_date.place_line"} <= rules_in_code()
    assert {"deadline.day", "deadline.cell_quarter", "web.related"} <= rules_in_data()
    outputs = rules_in_outputs()
    assert any(r.startswith("lead:") for r in outputs) and any(r.startswith("deadline.") for r in outputs)


@pytest.mark.parametrize("source", ["code", "data", "outputs"])
def test_every_rule_is_explained(source: str) -> None:
    rules = {"code": rules_in_code, "data": rules_in_data, "outputs": rules_in_outputs}[source]()
    assert rules
    missing = sorted(r for r in rules if not known(r))
    assert not missing, f"rules without a Vietnamese explanation in data/rules.yaml: {missing}"


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("lead:unit.known_name", "Chủ trì: tên đơn vị theo danh mục tên chuẩn"),
        ("deadline.cell_quarter", "Quý ở ô thời hạn của bảng: ngày cuối quý"),
        (
            "issuer.closing_formula+place",
            "Cơ quan ban hành suy từ câu kết («… thông báo để …»); kèm địa danh",
        ),
        ("no.such_rule", "no.such_rule"),
    ],
)
def test_describe(rule: str, text: str) -> None:
    assert describe(rule).startswith(text)
