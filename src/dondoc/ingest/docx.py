"""Word .docx: paragraphs and tables in reading order, with Word's automatic numbering rebuilt.

The package is read with ``zipfile`` + ``lxml`` directly (python-docx would load every part, and its
``Document.paragraphs`` skips tables), after ``zipguard`` has vetted the archive. Besides the
relationship parts, only the main document is always parsed; ``numbering.xml`` is parsed when the
document has one, and ``styles.xml`` only when a paragraph may take its list from its style (the style
table is cached across documents that share an identical styles part).

Reading order:

* body children in order: ``w:p``, ``w:tbl`` (row by row, cell by cell, nested tables recursively,
  merge-continuation cells skipped), ``w:sdt`` content, ``w:customXml``;
* text boxes (``w:txbxContent``) right after the paragraph they are anchored in (the DrawingML choice
  of an ``mc:AlternateContent``, never also its VML fallback);
* inserted text (``w:ins``) is kept; deleted text (``w:del``, ``w:moveFrom``), hidden runs, field
  instructions, footnotes, comments and page headers/footers are not.

One ``RawLine`` per paragraph; in table cells and text boxes a paragraph is split at its line breaks
(``w:br``) when every piece is short (header blocks: "ỦY BAN NHÂN DÂN<br/>TỈNH LÀO CAI"); elsewhere a
line break is a space. Tabs are spaces, runs of spaces are collapsed, text is NFC.

Word numbering is not in the text runs: ``_Numbering`` replays the list counters (shared by the
instances of an abstract list; a ``w:startOverride`` restarts them where its instance is first used;
``w:lvlRestart`` honoured) and renders ``lvlText`` ("%1.%2.", "%2)") as Word and LibreOffice display it.
Bullets become "-" ("+" for a "+" bullet). The marker and one space are prepended to the text.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, Protocol, overload

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from dondoc.errors import CorruptFileError, EncryptedFileError, LegacyFormatError, NoTextError
from dondoc.ingest import legacy, zipguard
from dondoc.ingest.base import register
from dondoc.ingest.docx_fonts import RunFonts, mentions_legacy_font
from dondoc.ingest.sniff import DOCX
from dondoc.model import Cell, Layout, RawDocument, RawLine

if TYPE_CHECKING:

    class _Element(Protocol):
        """The part of ``lxml.etree._Element`` used here (lxml ships no type information)."""

        @property
        def tag(self) -> str: ...
        @property
        def text(self) -> str | None: ...
        @overload
        def get(self, key: str) -> str | None: ...
        @overload
        def get(self, key: str, default: str) -> str: ...
        def find(self, path: str) -> _Element | None: ...
        def iter(self, *tags: str) -> Iterator[_Element]: ...
        def __iter__(self) -> Iterator[_Element]: ...
        def __len__(self) -> int: ...
        def getroottree(self) -> Any: ...


_W_TRANSITIONAL: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_MATH_NS: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)
_MC_ALT: Final = f"{{{_MC}}}AlternateContent"
_MC_CHOICE: Final = f"{{{_MC}}}Choice"
_MC_FALLBACK: Final = f"{{{_MC}}}Fallback"
_REL: Final = f"{{{_PKG_RELS}}}Relationship"

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")

#: A paragraph split at its line breaks (tables, text boxes) keeps pieces shorter than this.
MAX_SPLIT_PIECE: Final = 120
_MAX_LEVELS: Final = 9
_FALSE_VALUES: Final = frozenset({"0", "false", "off"})
_BULLET_GLYPHS: Final = frozenset("•●○◦▪■□▫◆◇♦►▶➢➤✓✔❖*·‣⁃-‐‑‒–—−o") | {chr(c) for c in range(0xF000, 0xF100)}
_ALT_CHUNK_WARNING: Final = (
    "Tài liệu có nội dung nhúng (altChunk) không đọc được; có thể thiếu một phần văn bản."
)
_STYLES_WARNING: Final = "Không đọc được phần kiểu định dạng (styles.xml); số thứ tự tự động có thể thiếu."
_NUMBERING_WARNING: Final = (
    "Không đọc được phần đánh số tự động (numbering.xml); số thứ tự của các đoạn có thể thiếu."
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_PLACEHOLDER = re.compile(r"%([1-9])")


class _Names:
    """Clark-notation tag and attribute names for one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str) -> None:
        def w(local: str) -> str:
            return f"{{{ns}}}{local}"

        self.ns = ns
        self.body = w("body")
        self.p, self.tbl, self.tr, self.tc, self.r = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
        self.ppr, self.rpr, self.tcpr = w("pPr"), w("rPr"), w("tcPr")
        self.sdt, self.sdt_content, self.custom_xml = w("sdt"), w("sdtContent"), w("customXml")
        self.t, self.tab, self.ptab, self.br, self.cr = w("t"), w("tab"), w("ptab"), w("br"), w("cr")
        self.no_break_hyphen, self.soft_hyphen = w("noBreakHyphen"), w("softHyphen")
        self.drawing, self.pict, self.object = w("drawing"), w("pict"), w("object")
        self.txbx_content = w("txbxContent")
        self.ruby, self.ruby_base = w("ruby"), w("rubyBase")
        self.vanish = w("vanish")
        self.vmerge, self.hmerge, self.grid_span = w("vMerge"), w("hMerge"), w("gridSpan")
        self.num_pr, self.num_id, self.ilvl = w("numPr"), w("numId"), w("ilvl")
        self.pstyle, self.page_break_before = w("pStyle"), w("pageBreakBefore")
        self.sect_pr, self.sect_type = w("sectPr"), w("type")
        self.alt_chunk = w("altChunk")
        self.val, self.type = w("val"), w("type")
        # inline containers whose runs are part of the paragraph text
        self.inline_containers = frozenset(
            w(local)
            for local in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo")
        )
        # block containers (in the body or a cell) whose paragraphs are read in place
        self.block_containers = frozenset(w(local) for local in ("customXml", "ins", "moveTo"))
        self.math_t = frozenset(f"{{{m}}}t" for m in _MATH_NS)
        self.math_containers = frozenset(f"{{{m}}}{x}" for m in _MATH_NS for x in ("oMath", "oMathPara"))
        # numbering.xml and styles.xml
        self.abstract_num, self.abstract_num_id = w("abstractNum"), w("abstractNumId")
        self.num, self.lvl, self.lvl_override = w("num"), w("lvl"), w("lvlOverride")
        self.start, self.start_override, self.num_fmt = w("start"), w("startOverride"), w("numFmt")
        self.lvl_text, self.lvl_restart, self.is_lgl = w("lvlText"), w("lvlRestart"), w("isLgl")
        self.lvl_pic_bullet_id = w("lvlPicBulletId")
        self.num_style_link = w("numStyleLink")
        self.style, self.style_id, self.based_on = w("style"), w("styleId"), w("basedOn")
        self.default = w("default")


_NAMES: Final = {_W_TRANSITIONAL: _Names(_W_TRANSITIONAL), _W_STRICT: _Names(_W_STRICT)}

_local = threading.local()


def _xml_parser() -> Any:
    """A safe lxml parser: no entity expansion, no DTD loading, no network (one per thread)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


def _parse_xml(data: bytes, part: str) -> _Element:
    try:
        root: _Element = etree.fromstring(data, _xml_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptFileError(detail=f"{part}: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Office Open XML never declares a DTD; one here can only be an entity-expansion trick.
        raise CorruptFileError(detail=f"{part}: DTD not allowed")
    return root


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value.strip())
    except ValueError:
        return default


def _alt_choice(alt: _Element) -> _Element | None:
    """The branch of an ``mc:AlternateContent`` to read: its first Choice, else its Fallback."""
    fallback = None
    for child in alt:
        if child.tag == _MC_CHOICE:
            return child
        if child.tag == _MC_FALLBACK and fallback is None:
            fallback = child
    return fallback


# --------------------------------------------------------------------------------------------- numbering


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart (1-based level after which this one restarts; 0 = never)
    legal: bool = False  # w:isLgl: show every level as a decimal number
    picture: bool = False  # a picture bullet
    pstyle: str | None = None  # the paragraph style linked to this level


@dataclass(slots=True)
class _Instance:
    """A list instance (``w:num``) resolved to its levels and to the key of the counters it uses."""

    key: str  # the abstract list: its instances share its counters (Word and LibreOffice continue it)
    levels: dict[int, _Level]
    restarts: tuple[int, ...] = ()  # levels with a w:startOverride, restarted where first used


@dataclass(frozen=True, slots=True)
class _StyleNum:
    num_id: str | None = None
    ilvl: int | None = None


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out: list[str] = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    """Word's alphabetic numbering: A … Z, AA … ZZ, AAA …"""
    if n <= 0 or n > 26 * 20:  # a hostile w:start must not build a megabyte-long label
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the ``w:numFmt`` format ``fmt`` (unknown formats fall back to decimal)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _glyph(text: str) -> str:
    """A symbol-font character (U+F020-U+F0FF, e.g. LibreOffice's "\uf02b" for "+") as its ASCII position."""
    if len(text) == 1 and 0xF020 <= ord(text) <= 0xF07E:
        return chr(ord(text) - 0xF000)
    return "+" if text == "＋" else text


class _Numbering:
    """The definitions of ``numbering.xml`` plus the running counters of one document."""

    def __init__(self, root: _Element, names: _Names, styles: _Styles) -> None:
        self._n = names
        self._styles = styles
        self._abstracts: dict[str, _Element] = {}
        self._nums: dict[str, _Element] = {}
        for child in root:
            if child.tag == names.abstract_num:
                self._abstracts.setdefault(child.get(names.abstract_num_id, ""), child)
            elif child.tag == names.num:
                self._nums.setdefault(child.get(names.num_id, ""), child)
        self._instances: dict[str, _Instance | None] = {}
        self._abstract_levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._restarted: set[str] = set()

    # definitions

    def _read_level(self, lvl: _Element, base: _Level | None = None) -> _Level:
        n = self._n
        level = base or _Level()
        for child in lvl:
            tag = child.tag
            value = child.get(n.val)
            if tag == n.start:
                level = replace(level, start=_int(value, level.start) or 0)
            elif tag == n.num_fmt:
                level = replace(level, fmt=value or "decimal")
            elif tag == n.lvl_text:
                level = replace(level, text=value or "")
            elif tag == n.lvl_restart:
                level = replace(level, restart=_int(value))
            elif tag == n.is_lgl:
                level = replace(level, legal=value is None or value.lower() not in _FALSE_VALUES)
            elif tag == n.lvl_pic_bullet_id:
                level = replace(level, picture=True)
            elif tag == n.pstyle:
                level = replace(level, pstyle=value)
        return level

    def _levels_of_abstract(self, abstract_id: str, depth: int = 0) -> dict[int, _Level]:
        cached = self._abstract_levels.get(abstract_id)
        if cached is not None:
            return cached
        n = self._n
        levels: dict[int, _Level] = {}
        abstract = self._abstracts.get(abstract_id)
        if abstract is not None:
            link = abstract.find(n.num_style_link)
            if link is not None and depth < 4:
                # The definition lives in the list that carries the numbering style's w:styleLink.
                num_id = self._styles.numbering_style_num(link.get(n.val, ""))
                target = self._nums.get(num_id or "")
                aid = target.find(n.abstract_num_id) if target is not None else None
                if aid is not None and aid.get(n.val) != abstract_id:
                    levels = self._levels_of_abstract(aid.get(n.val, ""), depth + 1)
            if not levels:
                for lvl in abstract.iter(n.lvl):
                    ilvl = _int(lvl.get(n.ilvl))
                    if ilvl is not None and 0 <= ilvl < _MAX_LEVELS:
                        levels[ilvl] = self._read_level(lvl)
        self._abstract_levels[abstract_id] = levels
        return levels

    def instance(self, num_id: str) -> _Instance | None:
        if num_id in self._instances:
            return self._instances[num_id]
        n = self._n
        inst: _Instance | None = None
        num = self._nums.get(num_id)
        aid = num.find(n.abstract_num_id) if num is not None else None
        if num is not None and aid is not None:
            abstract_id = aid.get(n.val, "")
            levels = dict(self._levels_of_abstract(abstract_id))
            restarts: list[int] = []
            for override in num.iter(n.lvl_override):
                ilvl = _int(override.get(n.ilvl))
                if ilvl is None or not 0 <= ilvl < _MAX_LEVELS:
                    continue
                lvl = override.find(n.lvl)
                level = levels.get(ilvl, _Level())
                if lvl is not None:
                    level = self._read_level(lvl, level)
                start = override.find(n.start_override)
                if start is not None:
                    level = replace(level, start=_int(start.get(n.val), level.start) or 0)
                    restarts.append(ilvl)
                levels[ilvl] = level
            # Instances of one abstract list share its counters; "restart numbering" in Word writes a new
            # instance with a w:startOverride, which restarts the shared counter where it is first used.
            inst = _Instance(key=abstract_id, levels=levels, restarts=tuple(restarts)) if levels else None
        self._instances[num_id] = inst
        return inst

    def level_for_style(self, num_id: str, style_id: str) -> int:
        inst = self.instance(num_id)
        if inst is not None:
            for ilvl, level in inst.levels.items():
                if level.pstyle == style_id:
                    return ilvl
        return 0

    # counters

    def next_marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for a paragraph of list ``num_id`` at level ``ilvl``; return its marker."""
        inst = self.instance(num_id)
        if inst is None:
            return None
        level = inst.levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.get(inst.key)
        if counters is None:
            counters = self._counters[inst.key] = [None] * _MAX_LEVELS
        if inst.restarts and num_id not in self._restarted:
            self._restarted.add(num_id)
            for restarted in inst.restarts:
                counters[restarted] = None
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for shallower in range(ilvl):
            # A skipped shallower level shows its start value and counts as used (as LibreOffice does):
            # "1.1." first, then the next paragraph of level 0 is "2.".
            if counters[shallower] is None and shallower in inst.levels:
                counters[shallower] = inst.levels[shallower].start
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = inst.levels[deeper].restart if deeper in inst.levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        return self._render(inst, level, counters)

    @staticmethod
    def _render(inst: _Instance, level: _Level, counters: list[int | None]) -> str | None:
        if level.fmt == "bullet":
            glyph = _glyph(level.text.strip())
            if glyph == "+":
                return "+"
            return "-" if glyph or level.picture else None

        def substitute(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            ref = inst.levels.get(k)
            value = counters[k]
            if value is None:
                value = ref.start if ref is not None else 0
            fmt = ref.fmt if ref is not None else "decimal"
            if level.legal and fmt not in ("none", "bullet"):
                fmt = "decimal"
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(substitute, level.text).strip()
        if not text:
            return None
        if _glyph(text) == "+":
            return "+"
        if len(text) == 1 and text in _BULLET_GLYPHS:
            return "-"
        return text


@dataclass(slots=True)
class _StyleTable:
    """What numbering needs from ``styles.xml``, without the XML tree (shared by documents with the same
    styles part: documents of one template or generator)."""

    based_on: dict[str, str]
    own: dict[str, _StyleNum]  # the styles that carry a w:numPr
    default_paragraph: str | None
    resolved: dict[str, _StyleNum] = field(default_factory=dict)

    def numbering(self, style_id: str) -> _StyleNum:
        """The (numId, ilvl) a paragraph style gives, following ``w:basedOn`` (cycles are cut)."""
        resolved = self.resolved.get(style_id)
        if resolved is not None:
            return resolved
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and (num_id is None or ilvl is None):
            seen.add(current)
            own = self.own.get(current)
            if own is not None:
                num_id = own.num_id if num_id is None else num_id
                ilvl = own.ilvl if ilvl is None else ilvl
            current = self.based_on.get(current)
        result = self.resolved[style_id] = _StyleNum(num_id, ilvl)
        return result


def _read_style_table(data: bytes, part: str) -> _StyleTable:
    root = _parse_xml(data, part)
    n = _NAMES.get(etree.QName(root).namespace or "", _NAMES[_W_TRANSITIONAL])
    based_on: dict[str, str] = {}
    own: dict[str, _StyleNum] = {}
    default_paragraph: str | None = None
    for style in root.iter(n.style):
        style_id = style.get(n.style_id)
        if style_id is None or style_id in based_on or style_id in own:
            continue
        parent = style.find(n.based_on)
        if parent is not None and parent.get(n.val):
            based_on[style_id] = parent.get(n.val, "")
        ppr = style.find(n.ppr)
        num_pr = ppr.find(n.num_pr) if ppr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(n.num_id)
            ilvl = num_pr.find(n.ilvl)
            own[style_id] = _StyleNum(
                num_id=num_id.get(n.val) if num_id is not None else None,
                ilvl=_int(ilvl.get(n.val)) if ilvl is not None else None,
            )
        default = style.get(n.default)
        if (
            default_paragraph is None
            and default is not None
            and default.lower() not in _FALSE_VALUES
            and style.get(n.type) == "paragraph"
        ):
            default_paragraph = style_id
    return _StyleTable(based_on=based_on, own=own, default_paragraph=default_paragraph)


_STYLE_CACHE: OrderedDict[bytes, _StyleTable] = OrderedDict()
_STYLE_CACHE_SIZE: Final = 32
_STYLE_CACHE_LOCK = threading.Lock()
_NO_STYLES: Final = _StyleTable(based_on={}, own={}, default_paragraph=None)


def _style_table(data: bytes, part: str) -> _StyleTable:
    """Read a styles part, reusing the table of an identical part seen before (parsing is the costly step)."""
    if b"numPr" not in data:
        return _NO_STYLES  # no style carries a list: nothing to parse
    key = hashlib.blake2b(data, digest_size=16).digest()
    with _STYLE_CACHE_LOCK:
        table = _STYLE_CACHE.get(key)
        if table is not None:
            _STYLE_CACHE.move_to_end(key)
            return table
    table = _read_style_table(data, part)
    with _STYLE_CACHE_LOCK:
        _STYLE_CACHE[key] = table
        while len(_STYLE_CACHE) > _STYLE_CACHE_SIZE:
            _STYLE_CACHE.popitem(last=False)
    return table


class _Styles:
    """The document's paragraph styles, read on first use (only lists inherited through styles need them)."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None, warnings: list[str]) -> None:
        self._archive = archive
        self._part = part
        self._warnings = warnings
        self._table: _StyleTable | None = None

    def table(self) -> _StyleTable:
        if self._table is None:
            self._table = _NO_STYLES
            if self._part is not None and self._part in self._archive.NameToInfo:
                try:
                    self._table = _style_table(zipguard.read_member(self._archive, self._part), self._part)
                except CorruptFileError:
                    _warn(self._warnings, _STYLES_WARNING)
        return self._table

    def numbering(self, style_id: str) -> _StyleNum:
        return self.table().numbering(style_id)

    def default_style(self) -> str | None:
        return self.table().default_paragraph

    def numbering_style_num(self, style_id: str) -> str | None:
        """The numId a numbering style (target of ``w:numStyleLink``) points to."""
        return self.numbering(style_id).num_id


def _warn(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)


# ------------------------------------------------------------------------------------------------ walker


@dataclass(slots=True)
class _Walker:
    names: _Names
    numbering: _Numbering | None
    styles: _Styles | None
    lines: list[RawLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page: int = 0
    _pending_pages: int = 0
    _tables: int = 0  # tables seen so far: the next table's number
    _cell: Cell | None = None  # the cell being read (innermost table)
    merged: set[Cell] = field(default_factory=set)  # cells merged with the one above
    fonts: RunFonts | None = None  # set when the document names a legacy (TCVN3/VNI) font
    legacy_runs: set[str] = field(default_factory=set)  # the legacy encodings of the runs converted
    _pstyle: str | None = None  # the style of the paragraph being read

    # blocks

    def block(self, parent: _Element, in_table: bool, in_box: bool) -> None:
        n = self.names
        for child in parent:
            tag = child.tag
            if tag == n.p:
                self.paragraph(child, in_table, in_box)
            elif tag == n.tbl:
                self.table(child, in_box)
            elif tag == n.sdt:
                content = child.find(n.sdt_content)
                if content is not None:
                    self.block(content, in_table, in_box)
            elif tag in n.block_containers:
                self.block(child, in_table, in_box)
            elif tag == _MC_ALT:
                choice = _alt_choice(child)
                if choice is not None:
                    self.block(choice, in_table, in_box)
            elif tag == n.alt_chunk:
                _warn(self.warnings, _ALT_CHUNK_WARNING)

    def _children(self, parent: _Element, tag: str) -> Iterator[_Element]:
        """Children with ``tag``, looking through content controls and custom XML wrappers."""
        n = self.names
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag == n.sdt:
                content = child.find(n.sdt_content)
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag == n.custom_xml:
                yield from self._children(child, tag)
            elif child.tag == _MC_ALT:
                choice = _alt_choice(child)
                if choice is not None:
                    yield from self._children(choice, tag)

    def table(self, tbl: _Element, in_box: bool) -> None:
        n = self.names
        number = self._tables
        self._tables += 1
        outer = self._cell
        for r, row in enumerate(self._children(tbl, n.tr)):
            col = 0
            for cell in self._children(row, n.tc):
                tcpr = cell.find(n.tcpr)
                span = self._grid_span(tcpr)
                if tcpr is not None and self._is_merge_continuation(tcpr):
                    if tcpr.find(n.vmerge) is not None:
                        self.merged.add((number, r, col))
                    col += span
                    continue
                self._cell = (number, r, col)
                self.block(cell, True, in_box)
                col += span
        self._cell = outer

    def _grid_span(self, tcpr: _Element | None) -> int:
        span = tcpr.find(self.names.grid_span) if tcpr is not None else None
        return max(1, _int(span.get(self.names.val)) or 1) if span is not None else 1

    def _is_merge_continuation(self, tcpr: _Element) -> bool:
        n = self.names
        for merge in (tcpr.find(n.vmerge), tcpr.find(n.hmerge)):
            if merge is not None and merge.get(n.val, "continue") == "continue":
                return True
        return False

    # paragraphs

    def paragraph(self, p: _Element, in_table: bool, in_box: bool) -> None:
        n = self.names
        ppr = p.find(n.ppr)
        if ppr is not None and self.lines:
            pbb = ppr.find(n.page_break_before)
            if pbb is not None and pbb.get(n.val, "1").lower() not in _FALSE_VALUES:
                self.page += 1
        marker = self._marker(ppr) if self.numbering is not None else None
        if self.fonts is not None:
            style = ppr.find(n.pstyle) if ppr is not None else None
            self._pstyle = style.get(n.val) if style is not None else None
        parts: list[str] = []
        boxes: list[_Element] = []
        self._inline(p, parts, boxes)
        page = self.page
        self._emit(parts, marker, page, in_table, split=in_table or in_box)
        self.page += self._pending_pages
        self._pending_pages = 0
        for box in boxes:
            self.block(box, in_table, True)
        if ppr is not None:
            sect = ppr.find(n.sect_pr)
            if sect is not None:
                sect_type = sect.find(n.sect_type)
                if sect_type is None or sect_type.get(n.val) != "continuous":
                    self.page += 1

    def _emit(self, parts: list[str], marker: str | None, page: int, in_table: bool, split: bool) -> None:
        raw = "".join(parts)
        pieces: list[str] = []
        if "\n" in raw and split:
            pieces = [piece for piece in (_clean(x) for x in raw.split("\n")) if piece]
            if any(len(piece) >= MAX_SPLIT_PIECE for piece in pieces):
                pieces = []
        if not pieces:
            text = _clean(raw.replace("\n", " "))
            if not text and in_table and marker and any(ch.isalnum() for ch in marker):
                text, marker = marker, None  # a table's "STT" cell numbered by Word: the number alone
            if not text:
                return
            pieces = [text]
        if marker:
            pieces[0] = f"{marker} {pieces[0]}"
        for index, piece in enumerate(pieces):
            self.lines.append(
                RawLine(
                    piece,
                    page=page,
                    in_table=in_table,
                    starts_paragraph=index == 0,
                    cell=self._cell if in_table else None,
                )
            )

    def _marker(self, ppr: _Element | None) -> str | None:
        """Resolve the paragraph's list (direct ``w:numPr`` or through its style) and advance it."""
        assert self.numbering is not None
        n = self.names
        num_id: str | None = None
        ilvl: int | None = None
        num_pr = ppr.find(n.num_pr) if ppr is not None else None
        if num_pr is not None:
            el = num_pr.find(n.num_id)
            if el is not None:
                num_id = el.get(n.val)
            el = num_pr.find(n.ilvl)
            if el is not None:
                ilvl = _int(el.get(n.val))
        if (num_id is None or ilvl is None) and self.styles is not None:
            style_el = ppr.find(n.pstyle) if ppr is not None else None
            style_id = style_el.get(n.val) if style_el is not None else self.styles.default_style()
            if style_id is not None:
                from_style = self.styles.numbering(style_id)
                if num_id is None:
                    num_id = from_style.num_id
                    if ilvl is None and from_style.ilvl is None and num_id is not None:
                        ilvl = self.numbering.level_for_style(num_id, style_id)
                if ilvl is None:
                    ilvl = from_style.ilvl
        if num_id is None or num_id.strip() == "0":
            return None
        if ilvl is None or not 0 <= ilvl < _MAX_LEVELS:
            ilvl = 0
        return self.numbering.next_marker(num_id.strip(), ilvl)

    # runs

    def _inline(self, parent: _Element, parts: list[str], boxes: list[_Element]) -> None:
        n = self.names
        for child in parent:
            tag = child.tag
            if tag == n.r:
                self._run(child, parts, boxes)
            elif tag in n.inline_containers:
                self._inline(child, parts, boxes)
            elif tag == n.sdt:
                content = child.find(n.sdt_content)
                if content is not None:
                    self._inline(content, parts, boxes)
            elif tag == _MC_ALT:
                choice = _alt_choice(child)
                if choice is not None:
                    self._inline(choice, parts, boxes)
            elif tag in n.math_containers:
                parts.extend(t.text or "" for t in child.iter(*n.math_t))

    def _run(self, run: _Element, parts: list[str], boxes: list[_Element]) -> None:
        """A run's text; a run in a legacy font (TCVN3, VNI) converted to Unicode by its font."""
        encoding = self.fonts.encoding(run.find(self.names.rpr), self._pstyle) if self.fonts else None
        start = len(parts)
        self._run_content(run, parts, boxes, encoding is not None)
        if encoding is not None and len(parts) > start:
            parts[start:] = [legacy.decode("".join(parts[start:]), *encoding)]
            self.legacy_runs.add(encoding[0])

    def _run_content(self, run: _Element, parts: list[str], boxes: list[_Element], in_legacy: bool) -> None:
        n = self.names
        for child in run:
            tag = child.tag
            if tag == n.t:
                if child.text:
                    parts.append(child.text)
            elif tag == n.rpr:
                vanish = child.find(n.vanish)
                if vanish is not None and vanish.get(n.val, "1").lower() not in _FALSE_VALUES:
                    return  # hidden text
            elif tag == n.tab or tag == n.ptab:
                parts.append(" ")
            elif tag == n.br or tag == n.cr:
                if child.get(n.type) == "page":
                    if "".join(parts).strip():
                        self._pending_pages += 1
                    else:
                        self.page += 1
                    parts.append(" ")
                elif child.get(n.type) == "column":
                    parts.append(" ")
                else:
                    parts.append("\n")
            elif tag == n.no_break_hyphen:
                parts.append("-")
            elif tag == n.soft_hyphen and in_legacy:
                parts.append("\xad")  # TCVN3 "ư" is the byte of the soft hyphen
            elif tag == n.drawing or tag == n.pict or tag == n.object:
                _find_boxes(child, n.txbx_content, boxes)
            elif tag == _MC_ALT:
                choice = _alt_choice(child)
                if choice is not None:
                    self._run_content(choice, parts, boxes, in_legacy)
            elif tag == n.ruby:
                base = child.find(n.ruby_base)
                if base is not None:
                    self._inline(base, parts, boxes)


def _find_boxes(parent: _Element, txbx: str, out: list[_Element]) -> None:
    """Collect the outermost text boxes under a drawing, reading one branch of each AlternateContent."""
    for child in parent:
        tag = child.tag
        if tag == txbx:
            out.append(child)
        elif tag == _MC_ALT:
            choice = _alt_choice(child)
            if choice is not None:
                _find_boxes(choice, txbx, out)
        elif isinstance(tag, str) and len(child):
            _find_boxes(child, txbx, out)


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text) if text and not text.isascii() else text


# ------------------------------------------------------------------------------------------------ package


def _relationships(archive: zipfile.ZipFile, rels_name: str) -> list[tuple[str, str]]:
    """(type, target) pairs of a ``.rels`` part; an unreadable one counts as empty."""
    if rels_name not in archive.NameToInfo:
        return []
    try:
        root = _parse_xml(zipguard.read_member(archive, rels_name), rels_name)
    except CorruptFileError:
        return []
    out: list[tuple[str, str]] = []
    for rel in root.iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        out.append((rel.get("Type", ""), rel.get("Target", "")))
    return out


def _resolve(base_dir: str, target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base_dir, target)
    return posixpath.normpath(path).lstrip("/")


def _main_part(archive: zipfile.ZipFile) -> str:
    for rel_type, target in _relationships(archive, "_rels/.rels"):
        if rel_type.endswith("/officeDocument") and target:
            name = _resolve("", target)
            if name in archive.NameToInfo:
                return name
    if "word/document.xml" in archive.NameToInfo:
        return "word/document.xml"
    raise CorruptFileError(detail="word/document.xml is missing")


def _related_parts(archive: zipfile.ZipFile, main: str) -> dict[str, str]:
    """Targets of the main part's relationships, keyed by the last segment of the relationship type."""
    directory, filename = posixpath.split(main)
    rels = posixpath.join(directory, "_rels", f"{filename}.rels")
    parts: dict[str, str] = {}
    for rel_type, target in _relationships(archive, rels):
        kind = rel_type.rsplit("/", 1)[-1]
        if target and kind not in parts:
            parts[kind] = _resolve(directory, target)
    return parts


def _check_ole(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise EncryptedFileError(detail="OLE container with an EncryptedPackage stream")
        raise LegacyFormatError(detail="OLE compound file (Word 97-2003 .doc)")


def _run_fonts(
    archive: zipfile.ZipFile, main_data: bytes, styles_part: str, names: _Names
) -> RunFonts | None:
    """The run fonts of a document that names a legacy Vietnamese font, else None."""
    styles_data = None
    if styles_part in archive.NameToInfo:
        try:
            styles_data = zipguard.read_member(archive, styles_part)
        except CorruptFileError:
            styles_data = None
    if not mentions_legacy_font(main_data, styles_data):
        return None
    styles_root = None
    if styles_data is not None:
        try:
            styles_root = _parse_xml(styles_data, styles_part)
        except CorruptFileError:
            styles_root = None
    return RunFonts(names.ns, styles_root)


def _legacy_text(walker: _Walker) -> None:
    """Say which runs were converted from a legacy font; a document whose text is TCVN3/VNI under a
    font of another name (a legacy text pasted into a Unicode font) is converted as a whole."""
    if not walker.legacy_runs:
        encoding = legacy.detect("\n".join(line.text for line in walker.lines))
        if encoding is None:
            return
        for line in walker.lines:
            line.text = unicodedata.normalize("NFC", legacy.decode_text(line.text, encoding))
        walker.legacy_runs.add(encoding)
    labels = ", ".join(legacy.table(name).label for name in sorted(walker.legacy_runs))
    _warn(
        walker.warnings,
        f"Văn bản dùng phông chữ cũ ({labels}): đã chuyển sang Unicode, hãy kiểm tra lại chữ có dấu.",
    )


class DocxParser:
    name: str = "docx"
    media_types: tuple[str, ...] = (DOCX,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        _check_ole(data)
        with zipguard.open_archive(data) as archive:
            main = _main_part(archive)
            main_data = zipguard.read_member(archive, main)
            root = _parse_xml(main_data, main)
            names = _NAMES.get(etree.QName(root).namespace or "")
            body = root.find(names.body) if names is not None else None
            if names is None or body is None:
                raise CorruptFileError(detail=f"{main}: no w:body")
            related = _related_parts(archive, main)
            warnings: list[str] = []
            numbering: _Numbering | None = None
            styles: _Styles | None = None
            numbering_part = related.get("numbering")
            if numbering_part is not None and numbering_part in archive.NameToInfo:
                styles = _Styles(archive, related.get("styles", "word/styles.xml"), warnings)
                try:
                    numbering_root = _parse_xml(zipguard.read_member(archive, numbering_part), numbering_part)
                except CorruptFileError:
                    _warn(warnings, _NUMBERING_WARNING)
                else:
                    numbering = _Numbering(numbering_root, names, styles)
            walker = _Walker(names=names, numbering=numbering, styles=styles, warnings=warnings)
            walker.fonts = _run_fonts(archive, main_data, related.get("styles", "word/styles.xml"), names)
            try:
                walker.block(body, False, False)
            except RecursionError as exc:  # libxml2 already caps the depth at 256; this is a safety net
                raise CorruptFileError(detail=f"{main}: nesting too deep") from exc
        if not walker.lines:
            raise NoTextError(detail=filename or None)
        _legacy_text(walker)
        return RawDocument(
            lines=walker.lines,
            media_type=DOCX,
            layout=Layout.PARAGRAPHS,
            parser=self.name,
            warnings=walker.warnings,
            merged_cells=frozenset(walker.merged),
        )


register(DocxParser())
