"""Plain text and Markdown: UTF-8, UTF-16 with a BOM, or Windows-1258 (detected)."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from dondoc.errors import LegacyFormatError, NoTextError, TextDecodingError
from dondoc.ingest import legacy
from dondoc.ingest.base import register
from dondoc.ingest.sniff import TEXT
from dondoc.model import Layout, RawDocument, RawLine

# Letters of the Vietnamese alphabet (NFC), besides ASCII.
_VI_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# Characters that TCVN3 (ABC) and VNI text shows when read as a Windows code page.
_LEGACY_MARKS = set("µ¸¶·¹¨©ª«»¬®¯°±²³´½¾¼¦§¡¢£¤¥ÒÓÔÕÖ×ØÞßãåæçéêëìíîïðñòóôõöøùúûüýþ")
_MD_EMPHASIS = re.compile(r"(\*\*\*|\*\*|__)(.+?)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_TAG = re.compile(r"</?(sup|sub|br|u|i|b|em|strong)\s*/?>", re.IGNORECASE)
_MD_ITALIC = re.compile(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)")


class Decoded(NamedTuple):
    text: str
    encoding: str
    damaged: int = 0  # characters replaced by "\ufffd" in a UTF-8 text with a few bad bytes


# Windows-1252 punctuation in 0x80-0x9F ("–", "“"), which legacy texts use; the bytes it leaves undefined
# stay as Latin-1 reads them, so that every byte keeps one character.
_CP1252_C1 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def decode_text(data: bytes) -> Decoded:
    """Decode bytes to text; a text in TCVN3/VNI (its bytes, or their characters in a Unicode file) is
    converted to Unicode, its ``encoding`` then names the legacy table."""
    return _unmojibake(_decode(data))


def _decode(data: bytes) -> Decoded:
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise TextDecodingError(detail=str(exc)) from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 text with a few damaged bytes (a cut download, a bad copy): keep it, and say so. A text in
    # a one-byte code page fails on nearly every Vietnamese letter instead.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if damaged <= max(8, sum(not ch.isascii() for ch in lenient) // 20):
        return Decoded(lenient, "utf-8", damaged)
    # TCVN3/VNI bytes, read one for one (Latin-1 is Windows-1252 where those codes are).
    raw = data.decode("latin-1").translate(_CP1252_C1)
    encoding = legacy.detect(raw)
    if encoding is not None:
        return Decoded(legacy.decode_text(raw, encoding), encoding)
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    letters = [ch for ch in text if not ch.isascii() and not ch.isspace()]
    if letters:
        marks = sum(ch in _LEGACY_MARKS for ch in letters) + text.count("\ufffd")
        vietnamese = sum(ch in _VI_LETTERS for ch in letters)
        if marks > vietnamese:
            if not legacy.plausible(raw):  # random bytes, a binary file: no encoding fits
                raise TextDecodingError()
            raise LegacyFormatError(
                "Văn bản dùng bảng mã cũ (TCVN3/ABC hoặc VNI) không nhận ra được: "
                "hãy chuyển sang Unicode rồi tải lên lại."
            )
    return Decoded(text, "cp1258")


def _unmojibake(decoded: Decoded) -> Decoded:
    """A Unicode text that holds TCVN3/VNI characters (copied from a document in a legacy font) in
    Unicode; any other text as it is."""
    if decoded.text.isascii():
        return decoded
    encoding = legacy.detect(decoded.text)
    if encoding is None:
        return decoded
    return Decoded(
        legacy.decode_text(decoded.text, encoding), f"{decoded.encoding}+{encoding}", decoded.damaged
    )


def strip_markdown(line: str) -> str:
    # Each pattern needs its own character: most lines skip most substitutions.
    if "#" in line:
        line = _MD_HEADING.sub("", line)
    if "**" in line or "__" in line:
        line = _MD_EMPHASIS.sub(r"\2", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
    if "<" in line:
        line = _MD_TAG.sub("", line)
    if "*" in line:
        line = _MD_ITALIC.sub(r"\1", line)  # *italic*
    return line.rstrip("\\")


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown/pipe table row ("A | B |"), or None for an ordinary line.

    Two-column document headers often arrive this way from web pages and converters.
    """
    if "|" not in line:
        return None
    if _TABLE_RULE.match(line):
        return []
    stripped = line.strip()
    if not (stripped.startswith("|") or stripped.endswith("|") or " | " in stripped):
        return None
    return [cell for _col, cell in table_row(stripped)]


def table_row(line: str) -> list[tuple[int, str]]:
    """The non-empty cells of a pipe-table row with their column numbers."""
    stripped = line.strip()
    cells = stripped.split("|")
    if stripped.startswith("|"):
        cells = cells[1:]
    return [(col, cell.strip()) for col, cell in enumerate(cells) if cell.strip()]


_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _cell_lines(cell: str) -> list[str]:
    """A pipe-table cell's lines: converters write a line break inside a cell as "<br>"."""
    if "<" not in cell:
        return [cell]
    return [piece.strip() for piece in _CELL_BREAK.split(cell) if piece.strip()] or [cell]


def _encoding_warnings(encoding: str) -> list[str]:
    legacy_name = encoding.rsplit("+", 1)[-1]
    if legacy_name in legacy.ENCODINGS:
        label = legacy.table(legacy_name).label
        return [f"Văn bản dùng bảng mã cũ {label}: đã chuyển sang Unicode, hãy kiểm tra lại chữ có dấu."]
    return [] if encoding.startswith("utf") else [f"Đã đọc tệp theo bảng mã {encoding}."]


class TextParser:
    name: str = "text"
    media_types: tuple[str, ...] = (TEXT,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        text, encoding, damaged = decode_text(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise NoTextError()
        is_markdown = filename.lower().endswith(".md") or bool(
            re.search(r"^\s{0,3}#{1,6}\s|\*\*\S", text[:5000], re.MULTILINE)
        )
        lines: list[RawLine] = []
        page = 0
        tables, row = 0, -1  # pipe tables so far; the row within the current one (-1: not in a table)
        for raw in text.split("\n"):
            if "\f" in raw:
                page += raw.count("\f")
                raw = raw.replace("\f", "")
            cells = table_cells(raw)
            if cells is not None:
                if row < 0:
                    tables += 1
                if cells:  # not the "|---|---|" rule
                    row += 1
                    lines.extend(
                        RawLine(strip_markdown(piece), page=page, in_table=True, cell=(tables - 1, row, col))
                        for col, cell in table_row(raw)
                        for piece in _cell_lines(cell)
                    )
                else:
                    row = max(row, 0)
                continue
            row = -1
            lines.append(RawLine(strip_markdown(raw) if is_markdown else raw, page=page))
        warnings = _encoding_warnings(encoding)
        if damaged:
            warnings.append(
                f"Tệp có {damaged} ký tự hỏng (sai mã UTF-8), đã thay bằng dấu «�»: kiểm tra lại bản gốc."
            )
        return RawDocument(
            lines=lines, media_type=TEXT, layout=Layout.UNKNOWN, parser=self.name, warnings=warnings
        )


register(TextParser())
