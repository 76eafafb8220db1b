"""A report request as the page's filters and the CLI's options write it, parsed once for both:
``ky`` (period), ``ngay`` (as-of date, dd/mm/yyyy), ``don_vi`` (unit id or name), ``lanh_dao``
(the signer of the directives), ``loai`` (issuing document type). Bad input raises ``ServiceError``
with a Vietnamese message; nothing is read before the whole request is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from dondoc.tracking.models import Unit
from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.params import BadParameter, parse_int
from dondoc.tracking.services.registry import lookup_unit
from dondoc.tracking.services.report.build import default_as_of
from dondoc.tracking.services.report.period import Period, month, parse_day, parse_period
from dondoc.tracking.services.report.scope import Scope, ScopeKind

MAX_TEXT = 255


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    as_of: dt.date
    scope: Scope


def find_unit(text: str) -> Unit:
    raw = text.strip()
    try:
        pk = parse_int(raw, "don_vi")
    except BadParameter:
        pk = None
    unit = Unit.objects.filter(pk=pk).first() if pk is not None else lookup_unit(raw[:MAX_TEXT])
    if unit is None:
        raise ServiceError(f"Không tìm thấy đơn vị «{raw[:60]}» trong danh mục.")
    return unit


def parse_request(params: Mapping[str, str], today: dt.date) -> ReportRequest:
    """The period defaults to the previous month; the as-of date to the period's end (or today)."""
    raw_period = (params.get("ky") or "").strip()
    if raw_period:
        period = parse_period(raw_period)
    else:
        last = today.replace(day=1) - dt.timedelta(days=1)
        period = month(last.year, last.month)
    raw_day = (params.get("ngay") or "").strip()
    as_of = parse_day(raw_day) if raw_day else default_as_of(period, today)
    if as_of < period.start:
        raise ServiceError("Ngày tính số liệu phải từ ngày đầu kỳ báo cáo trở đi.")
    unit_text = (params.get("don_vi") or "").strip()
    leader = (params.get("lanh_dao") or "").strip()[:MAX_TEXT]
    doc_type = (params.get("loai") or "").strip()[:MAX_TEXT]
    if sum(bool(x) for x in (unit_text, leader, doc_type)) > 1:
        raise ServiceError("Chỉ chọn một phạm vi: một đơn vị, một lãnh đạo hoặc một loại văn bản.")
    if unit_text:
        unit = find_unit(unit_text)
        scope = Scope(ScopeKind.UNIT, unit.name, unit)
    elif leader:
        scope = Scope(ScopeKind.LEADER, leader)
    elif doc_type:
        scope = Scope(ScopeKind.DOC_TYPE, doc_type)
    else:
        scope = Scope()
    return ReportRequest(period, as_of, scope)


def query_params(req: ReportRequest) -> dict[str, str]:
    """The request back as filters (the download links of the page)."""
    params = {"ky": req.period.code, "ngay": f"{req.as_of:%d/%m/%Y}"}
    key = {ScopeKind.UNIT: "don_vi", ScopeKind.LEADER: "lanh_dao", ScopeKind.DOC_TYPE: "loai"}
    if req.scope.kind in key:
        value = str(req.scope.unit.pk) if req.scope.unit else req.scope.value
        params[key[req.scope.kind]] = value
    return params
