"""The format-parser protocol and its registry, keyed by the media type sniffed from the bytes."""

from __future__ import annotations

from typing import Protocol

from dondoc.errors import UnsupportedFormatError
from dondoc.model import RawDocument


class Parser(Protocol):
    """A format parser turns the bytes of one file into text lines in reading order.

    It raises a ``dondoc.errors.DondocError`` subclass, with a Vietnamese message, for input it
    cannot read; it never returns an empty document silently.
    """

    name: str
    media_types: tuple[str, ...]

    def parse(self, data: bytes, filename: str) -> RawDocument: ...


_REGISTRY: dict[str, Parser] = {}


def register(parser: Parser) -> Parser:
    for media_type in parser.media_types:
        _REGISTRY[media_type] = parser
    return parser


def parser_for(media_type: str) -> Parser:
    from dondoc.ingest import _load_builtin_parsers

    _load_builtin_parsers()
    try:
        return _REGISTRY[media_type]
    except KeyError:
        raise UnsupportedFormatError(detail=media_type) from None


def registered() -> dict[str, Parser]:
    from dondoc.ingest import _load_builtin_parsers

    _load_builtin_parsers()
    return dict(_REGISTRY)
