"""Integer parameters of queries, forms and API bodies: the one parser every view and API filter uses.

An integer is plain ASCII digits (``str.isdigit`` accepts ``²`` and ``٣``, ``int`` accepts ``１２``,
``" 7"`` and ``"-1"``: none of them is an id) within the range of its column. Anything else raises
``BadParameter``, which the web UI (``tracking.middleware``) and the API (``api.views``) answer with
a 400 and its Vietnamese message, never a 500 (a database refusing an out-of-range value).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MAX_ID = 2**63 - 1  # BigAutoField (DEFAULT_AUTO_FIELD)
MAX_VERSION = 2**31 - 1  # PositiveIntegerField on PostgreSQL
MAX_INDEX = 2**31 - 1  # a position in a list stored in a row

_DIGITS = re.compile(r"[0-9]{1,19}")


class BadParameter(Exception):
    """A malformed integer parameter; ``message`` (Vietnamese) is shown to the user as is.

    Not a ``ServiceError``: the views that turn a refused action into a message on the next page
    let it through, so that it is always a 400."""

    def __init__(self, name: str, value: str, message: str | None = None) -> None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        self.name = name
        self.value = value
        self.message = message or (
            f"Tham số «{name}» không hợp lệ: «{shown}» không phải số nguyên dương "
            "(chỉ gồm các chữ số 0–9, trong giới hạn cho phép)."
        )
        super().__init__(self.message)


def parse_int(raw: object, name: str, *, maximum: int = MAX_ID, minimum: int = 0) -> int | None:
    """``raw`` (a string, or an int from a JSON body) as an int; ``None`` when absent or empty."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise BadParameter(name, str(raw))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        raise BadParameter(name, str(raw))
    if not minimum <= value <= maximum:
        raise BadParameter(name, str(raw))
    return value


def require_int(raw: object, name: str, *, maximum: int = MAX_ID, minimum: int = 0, missing: str) -> int:
    """Like ``parse_int``, but an absent value is a ``BadParameter`` with the message ``missing``."""
    value = parse_int(raw, name, maximum=maximum, minimum=minimum)
    if value is None:
        raise BadParameter(name, "", missing)
    return value


def int_param(params: Mapping[str, str], name: str, *, maximum: int = MAX_ID) -> int | None:
    """The integer query or form parameter ``name`` of ``params`` (``request.GET``, ``request.POST``)."""
    return parse_int(params.get(name), name, maximum=maximum)


def int_list(values: Iterable[str], name: str, *, maximum: int = MAX_ID) -> list[int]:
    """Every value of a repeated parameter (``getlist``) as an int; empty values are skipped."""
    out = []
    for raw in values:
        value = parse_int(raw, name, maximum=maximum)
        if value is not None:
            out.append(value)
    return out
