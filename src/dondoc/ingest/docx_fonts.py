"""The font of each .docx run, for the runs typed in a legacy Vietnamese font (TCVN3 ``.VnTime``, VNI
``VNI-Times``): their text is the Windows-1252 characters of the legacy bytes and is converted to Unicode
by ``ingest.legacy``.

A run's font is its own ``w:rFonts`` (``w:hAnsi``, where Word puts the font of the characters
U+0080-U+00FF that legacy text consists of, else ``w:ascii``), else that of its character style
(``w:rStyle``), else that of its paragraph's style (or the default paragraph style), each style following
``w:basedOn``, else the document defaults (``w:docDefaults``). Theme fonts are never legacy fonts.

Only a document that names a legacy font somewhere (in its main part or its styles) is looked at:
``mentions_legacy_font`` is a byte search, so other documents pay nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from dondoc.ingest import legacy

if TYPE_CHECKING:
    _Element = Any  # an lxml element (lxml ships no type information)

_LEGACY_FONT: Final = re.compile(rb'(?i)="(?:\.vn|vni-)')

Encoding = tuple[str, bool]  # (legacy encoding, uppercase font)


def mentions_legacy_font(*parts: bytes | None) -> bool:
    return any(part is not None and _LEGACY_FONT.search(part) is not None for part in parts)


class RunFonts:
    """Resolves the legacy encoding of runs from their properties and the document's styles."""

    def __init__(self, ns: str, styles_root: _Element | None) -> None:
        self._w = f"{{{ns}}}"
        self._based_on: dict[str, str] = {}
        self._fonts: dict[str, str] = {}  # style id → its own font
        self._default_paragraph: str | None = None
        self._default_font: str | None = None
        self._cache: dict[tuple[str | None, str | None, str | None], Encoding | None] = {}
        if styles_root is not None:
            self._read_styles(styles_root)

    def _font_of(self, rpr: _Element | None) -> str | None:
        if rpr is None:
            return None
        fonts = rpr.find(f"{self._w}rFonts")
        if fonts is None:
            return None
        value = fonts.get(f"{self._w}hAnsi") or fonts.get(f"{self._w}ascii")
        return value if isinstance(value, str) and value else None

    def _read_styles(self, root: _Element) -> None:
        w = self._w
        defaults = root.find(f"{w}docDefaults")
        if defaults is not None:
            rpr_default = defaults.find(f"{w}rPrDefault")
            if rpr_default is not None:
                self._default_font = self._font_of(rpr_default.find(f"{w}rPr"))
        for style in root.iter(f"{w}style"):
            style_id = style.get(f"{w}styleId")
            if not style_id or style_id in self._fonts or style_id in self._based_on:
                continue
            parent = style.find(f"{w}basedOn")
            if parent is not None and parent.get(f"{w}val"):
                self._based_on[style_id] = parent.get(f"{w}val")
            font = self._font_of(style.find(f"{w}rPr"))
            if font is not None:
                self._fonts[style_id] = font
            default = style.get(f"{w}default")
            if (
                self._default_paragraph is None
                and default in ("1", "true", "on")
                and style.get(f"{w}type") == "paragraph"
            ):
                self._default_paragraph = style_id

    def _style_font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            seen.add(style_id)
            font = self._fonts.get(style_id)
            if font is not None:
                return font
            style_id = self._based_on.get(style_id)
        return None

    def encoding(self, rpr: _Element | None, paragraph_style: str | None) -> Encoding | None:
        """The legacy encoding of a run with properties ``rpr`` in a paragraph of ``paragraph_style``."""
        own = self._font_of(rpr)
        run_style: str | None = None
        if own is None and rpr is not None:
            style = rpr.find(f"{self._w}rStyle")
            run_style = style.get(f"{self._w}val") if style is not None else None
        key = (own, run_style, paragraph_style)
        if key not in self._cache:
            font = (
                own
                or self._style_font(run_style)
                or self._style_font(paragraph_style or self._default_paragraph)
                or self._default_font
            )
            self._cache[key] = legacy.font_encoding(font)
        return self._cache[key]
