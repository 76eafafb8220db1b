"""Dates written the Vietnamese way (dd/mm/yyyy, "ngày 5 tháng 3 năm 2025"), validated."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# "ngày 30 tháng 5 năm 2025", "ngay 30 thang 5 nam 2025", "ngày 30/5/2025", "30-5-2025", "30.5.2025"
DATE_WORDS = re.compile(
    r"(?:ng[àa]y\s*)?(?P<d>\d{1,2})\s*(?:th[áa]ng|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:n[ăa]m|/|-|\.)\s*(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def make_date(day: int, month: int, year: int) -> dt.date | None:
    """A real calendar date, or None (31/02/2025 is not a date)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_end(month: int, year: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(quarter: str, year: int) -> dt.date | None:
    q = _ROMAN.get(quarter.upper()) if not quarter.isdigit() else int(quarter)
    if q is None or not 1 <= q <= 4:
        return None
    return month_end(q * 3, year)


def parse_date(text: str) -> dt.date | None:
    """The first valid date in ``text``."""
    for m in DATE_WORDS.finditer(text):
        date = make_date(int(m["d"]), int(m["m"]), int(m["y"]))
        if date:
            return date
    return None
