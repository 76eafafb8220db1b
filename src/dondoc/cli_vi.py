"""argparse in Vietnamese: its own headers ("usage:", "options", "show this help message and exit")
and its error messages.

argparse looks its texts up through its module-level ``_`` (gettext) when a parser is built and when
it formats help or an error; ``vietnamese()`` points that function at the table below while the
``dondoc`` command line is built and parsed, and puts it back afterwards.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MESSAGES: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in phiên bản của chương trình rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hợp lệ: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s không rõ: có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "ignored explicit argument %r": "giá trị %r bị bỏ qua",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
}
_ARGPARSE: Any = argparse  # its ``_`` and ``ngettext`` are private (not in the type stubs)
# ngettext messages ("expected %s argument" / "expected %s arguments")
_PLURAL = re.compile(r"^expected %s arguments?$")


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _PLURAL.match(singular):
        return "cần %s giá trị"
    return singular if n == 1 else plural


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse speaks Vietnamese inside the block."""
    saved: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (
        _ARGPARSE._,
        _ARGPARSE.ngettext,
    )
    _ARGPARSE._ = translate
    _ARGPARSE.ngettext = _ngettext
    try:
        yield
    finally:
        _ARGPARSE._, _ARGPARSE.ngettext = saved
