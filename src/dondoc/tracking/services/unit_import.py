"""The office's own unit registry, imported from a CSV or XLSX file (``dondoc setup --units``).

Columns (first row, Vietnamese titles, any order; case and diacritics of the titles are ignored):

- ``Mã đơn vị`` (bắt buộc): the unit's code in the file, unique; ``Đơn vị cấp trên`` refers to it;
- ``Tên đơn vị`` (bắt buộc): the full name, e.g. «Sở Tài chính»;
- ``Tên viết tắt``: e.g. «STC»;
- ``Đơn vị cấp trên``: the code (or the full name) of the parent unit, in the file or already registered;
- ``Loại``: one of the unit kinds, by label («Sở, ban, ngành») or value (``so``); empty: «Khác».

Every row is checked first; any bad row (missing name, duplicate code, unknown parent or kind) is
reported with its row number in Vietnamese and nothing is imported. A unit whose full name is
already registered is updated, not duplicated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from dondoc.textutil import fold_words
from dondoc.tracking.models import Unit, UnitKind
from dondoc.tracking.services.errors import ServiceError

COLUMNS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "short_name": "Tên viết tắt",
    "parent": "Đơn vị cấp trên",
    "kind": "Loại",
}
REQUIRED = ("code", "name")
_KINDS = {fold_words(label): value for value, label in UnitKind.choices} | {
    fold_words(value): value for value in UnitKind.values
}


class UnitFileError(ServiceError):
    """The file cannot be imported; ``errors`` lists every bad row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("Không nhập được danh mục đơn vị:\n" + "\n".join(f"- {e}" for e in errors))
        self.errors = errors


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    short_name: str
    parent: str
    kind: str


def read_rows(path: Path) -> list[list[str]]:
    """The cells of a .csv (UTF-8, comma or semicolon) or .xlsx file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise UnitFileError([f"tệp «{path.name}» không phải tệp Excel .xlsx đọc được ({exc})."]) from exc
        return [
            ["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnitFileError(
                [f"tệp «{path.name}» không phải văn bản UTF-8 (hãy lưu CSV dạng UTF-8)."]
            ) from exc
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)  # Excel writes ";" in some locales
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise UnitFileError([f"tệp «{path.name}»: chỉ nhận tệp .csv hoặc .xlsx."])


def parse(rows: list[list[str]]) -> list[UnitRow]:
    if not rows:
        raise UnitFileError(["tệp rỗng."])
    titles = {fold_words(t): i for i, t in enumerate(rows[0]) if t}
    index = {key: titles.get(fold_words(title)) for key, title in COLUMNS.items()}
    missing = [COLUMNS[k] for k in REQUIRED if index[k] is None]
    if missing:
        raise UnitFileError([f"dòng 1: thiếu cột {', '.join(f'«{m}»' for m in missing)}."])

    def cell(row: list[str], key: str) -> str:
        i = index[key]
        return row[i] if i is not None and i < len(row) else ""

    return [
        UnitRow(n, *(cell(row, k) for k in ("code", "name", "short_name", "parent", "kind")))
        for n, row in enumerate(rows[1:], start=2)
        if any(c for c in row)
    ]


def check(units: list[UnitRow]) -> list[str]:
    errors: list[str] = []
    codes: dict[str, int] = {}
    for u in units:
        if not u.code:
            errors.append(f"dòng {u.line}: thiếu «Mã đơn vị».")
        elif u.code in codes:
            errors.append(f"dòng {u.line}: mã «{u.code}» đã có ở dòng {codes[u.code]}.")
        else:
            codes[u.code] = u.line
        if not u.name:
            errors.append(f"dòng {u.line}: thiếu «Tên đơn vị».")
        if u.kind and fold_words(u.kind) not in _KINDS:
            kinds = ", ".join(label for _v, label in UnitKind.choices)
            errors.append(f"dòng {u.line}: loại «{u.kind}» không hợp lệ (chọn một trong: {kinds}).")
    names = {fold_words(u.name) for u in units}
    for u in units:
        if u.parent and u.parent not in codes and fold_words(u.parent) not in names:
            if not Unit.objects.filter(name_key=fold_words(u.parent)).exists():
                errors.append(
                    f"dòng {u.line}: không có đơn vị cấp trên «{u.parent}» (trong tệp hay danh mục)."
                )
        if u.parent and u.parent == u.code:
            errors.append(f"dòng {u.line}: đơn vị không thể là cấp trên của chính mình.")
    return errors


def import_units(path: Path) -> list[Unit]:
    """Import the registry file at ``path``: all its units, or nothing (``UnitFileError``)."""
    units = parse(read_rows(path))
    errors = check(units)
    if errors:
        raise UnitFileError(errors)
    by_code: dict[str, Unit] = {}
    by_name: dict[str, Unit] = {}
    with transaction.atomic():
        for u in units:
            kind = _KINDS[fold_words(u.kind)] if u.kind else UnitKind.KHAC
            unit = Unit.objects.filter(name_key=fold_words(u.name)).first() or Unit(name=u.name)
            unit.short_name, unit.kind = u.short_name, kind
            unit.save()
            by_code[u.code] = by_name[fold_words(u.name)] = unit
        for u in units:
            if u.parent:
                parent = by_code.get(u.parent) or by_name.get(fold_words(u.parent))
                parent = parent or Unit.objects.filter(name_key=fold_words(u.parent)).first()
                Unit.objects.filter(pk=by_code[u.code].pk).update(parent=parent)
    return list(by_code.values())
