"""The period of a report: a month, a quarter, a half year, a year or any date range.

Written as on the CLI and in the report page's filter: ``2026-11`` or ``11/2026`` (month),
``2026-Q4`` or ``Q4/2026`` (quarter), ``2026-H1`` / ``2026-H2`` or ``6T1/2026`` (6 months), ``2026``
(year), ``01/11/2026-15/12/2026`` (any range, dd/mm/yyyy). Bad input raises ``ServiceError`` with a
Vietnamese message.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dondoc.tracking.services.errors import ServiceError

ROMAN = ("I", "II", "III", "IV")
MIN_YEAR, MAX_YEAR = 1990, 2100

PERIOD_HELP = (
    "Kỳ báo cáo: «2026-11» hoặc «11/2026» (tháng), «2026-Q4» (quý), «2026-H1»/«2026-H2» (6 tháng), "
    "«2026» (năm) hoặc «01/11/2026-15/12/2026» (khoảng ngày)."
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "năm 2026", "từ … đến …"
    code: str  # the canonical way to write it (a query parameter, a file name)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ServiceError(f"Năm «{text}» nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
    return year


def month(year: int, m: int) -> Period:
    return Period(dt.date(year, m, 1), month_end(year, m), f"tháng {m:02d}/{year}", f"{year}-{m:02d}")


def parse_period(text: str) -> Period:
    raw = " ".join((text or "").split()).upper()
    if not raw:
        raise ServiceError("Vui lòng chọn kỳ báo cáo. " + PERIOD_HELP)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})", raw):
        year, mon = (m[1], m[2]) if m[1] else (m[4], m[3])
        if not 1 <= int(mon) <= 12:
            raise ServiceError(f"Tháng «{mon}» không hợp lệ. " + PERIOD_HELP)
        return month(_year(year), int(mon))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])|Q([1-4])/(\d{4})", raw):
        year_s, q_s = (m[1], m[2]) if m[1] else (m[4], m[3])
        year, q = _year(year_s), int(q_s)
        start = dt.date(year, 3 * q - 2, 1)
        return Period(start, month_end(year, 3 * q), f"quý {ROMAN[q - 1]}/{year}", f"{year}-Q{q}")
    if m := re.fullmatch(r"(\d{4})-H([12])|6T([12])/(\d{4})", raw):
        year_s, h_s = (m[1], m[2]) if m[1] else (m[4], m[3])
        year, h = _year(year_s), int(h_s)
        label = f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}"
        return Period(dt.date(year, 6 * h - 5, 1), month_end(year, 6 * h), label, f"{year}-H{h}")
    if re.fullmatch(r"\d{4}", raw):
        year = _year(raw)
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}", str(year))
    if m := re.fullmatch(r"(\S+)\s*-\s*(\S+)|(\S+)\s*(?:ĐẾN|DEN)\s*(\S+)", raw):
        start, end = parse_day(m[1] or m[3]), parse_day(m[2] or m[4])
        if end < start:
            raise ServiceError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
        label = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
        return Period(start, end, label, f"{start:%d/%m/%Y}-{end:%d/%m/%Y}")
    raise ServiceError(f"Không hiểu kỳ báo cáo «{text.strip()[:40]}». " + PERIOD_HELP)


def parse_day(text: str) -> dt.date:
    """A date written dd/mm/yyyy (or yyyy-mm-dd); a clear Vietnamese error otherwise."""
    raw = (text or "").strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    parts = (m[3], m[2], m[1]) if m else None
    if parts is None and (m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)):
        parts = (m[1], m[2], m[3])
    if parts is None:
        raise ServiceError(f"Ngày «{raw[:40]}» không hợp lệ: hãy viết theo dạng dd/mm/yyyy.")
    try:
        day = dt.date(_year(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ServiceError(f"Ngày «{raw[:40]}» không có trong lịch.") from None
    return day
