"""The pipeline's stages import only the stages before them (ingest → normalize → structure → extract).

``units`` (the unit lexicon and scanner) sits below structure and extract; no stage of the core imports
the web application.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dondoc"
ORDER = ["ingest", "normalize", "units", "structure", "extract"]
CORE = set(ORDER)


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("stage", ORDER)
def test_stage_imports_only_earlier_stages(stage: str) -> None:
    allowed = set(ORDER[: ORDER.index(stage) + 1])
    for module in _imports(stage):
        parts = module.split(".")
        if parts[0] == "dondoc" and len(parts) > 1 and parts[1] in CORE:
            assert parts[1] in allowed, f"{stage} imports {module}"
        assert parts[0] not in ("django", "rest_framework"), f"{stage} imports {module}"


MAX_FUNCTION_LINES = 80


@pytest.mark.parametrize("stage", ORDER)
def test_no_function_of_the_core_is_longer_than_a_screen(stage: str) -> None:
    """A reader sees each function at once: none in the extraction core runs over 80 lines."""
    long = []
    for path in (SRC / stage).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.name} ({lines} lines)")
    assert not long, long
