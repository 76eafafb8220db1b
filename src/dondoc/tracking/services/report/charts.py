"""The report page's charts as inline SVG, drawn on the server (no script; the Content-Security-Policy
allows none inline): a per-unit stacked bar of the six grid cells and the completion-rate trend by
month. Readable without colour: every cell has its own pattern, the legend repeats it, and the numbers
are written on the bars and the points."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dondoc.tracking.services.report.build import TrendPoint
from dondoc.tracking.services.report.tables import TABLE_CELLS, UnitTable, percent
from dondoc.tracking.services.status import GRID_LABELS, Grid

# colour and pattern of each cell: (fill colour, pattern id, pattern drawing)
STYLE = {
    Grid.DONE_ON_TIME: ("#2e7d32", "p-solid", ""),
    Grid.DONE_LATE: ("#81c784", "p-diag", '<path d="M0,8 L8,0" stroke="#1b5e20" stroke-width="1.5"/>'),
    Grid.DONE_NO_DEADLINE: ("#c8e6c9", "p-dots", '<circle cx="4" cy="4" r="1.5" fill="#1b5e20"/>'),
    Grid.OPEN_IN_TIME: ("#90caf9", "p-hline", '<path d="M0,4 L8,4" stroke="#0d47a1" stroke-width="1.5"/>'),
    Grid.OPEN_LATE: (
        "#e57373",
        "p-cross",
        '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#7f0000" stroke-width="1.5"/>',
    ),
    Grid.OPEN_NO_DEADLINE: (
        "#fff59d",
        "p-vline",
        '<path d="M4,0 L4,8" stroke="#6d5d00" stroke-width="1.5"/>',
    ),
}
LABEL_W, BAR_W, ROW_H, BAR_H = 230, 520, 30, 20


def _defs() -> str:
    out = []
    for fill, pid, drawing in STYLE.values():
        out.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{fill}"/>{drawing}</pattern>'
        )
    return "<defs>" + "".join(out) + "</defs>"


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def grid_bars(table: UnitTable) -> SafeString:
    """One horizontal bar per unit, its six cells stacked (lengths relative to the largest unit)."""
    rows = table.rows
    widest = max((r.total for r in rows), default=0) or 1
    legend_h = 3 * 22
    height = len(rows) * ROW_H + legend_h + 10
    width = LABEL_W + BAR_W + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-label="Biểu đồ tình trạng nhiệm vụ theo đơn vị">',
        _defs(),
    ]
    for i, row in enumerate(rows):
        y = i * ROW_H + 5
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"{escape(_short(row.name))}</text>"
        )
        x = float(LABEL_W)
        for g in TABLE_CELLS:
            n = row.counts[g]
            if not n:
                continue
            w = BAR_W * n / widest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="url(#{STYLE[g][1]})" '
                f'stroke="#333" stroke-width="0.5">'
                f"<title>{escape(row.name)} - {GRID_LABELS[g]}: {n}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle" font-size="11" '
                    f'font-weight="bold" fill="#000" stroke="#fff" stroke-width="3" '
                    f'paint-order="stroke">{n}</text>'
                )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{row.total}</text>')
    ly = len(rows) * ROW_H + 14
    for k, g in enumerate(TABLE_CELLS):
        lx = 10 + (k % 2) * 380
        yy = ly + (k // 2) * 22
        parts.append(
            f'<rect x="{lx}" y="{yy}" width="28" height="14" fill="url(#{STYLE[g][1]})" stroke="#333"/>'
            f'<text x="{lx + 36}" y="{yy + 12}" font-size="12">{GRID_LABELS[g]}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def trend_line(points: list[TrendPoint]) -> SafeString:
    """Completion rate by month: a line with a marked, labelled point per month (0-100 %)."""
    width, height, left, top, plot_h = 760, 240, 50, 20, 160
    step = (width - left - 20) / max(len(points) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Tỷ lệ hoàn thành theo tháng">'
    ]
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#bbb" '
            'stroke-dasharray="4 3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{pct}%</text>'
        )
    coords = []
    for i, p in enumerate(points):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="middle" font-size="11">{p.label}</text>'
        )
        if p.rate is None:
            continue
        y = top + plot_h * (1 - p.rate)
        coords.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#0d47a1">'
            f"<title>{p.label}: {percent(p.rate)} ({p.done}/{p.total})</title></rect>"
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="11">{percent(p.rate)}</text>'
        )
    if len(coords) > 1:
        parts.insert(
            1, f'<polyline points="{" ".join(coords)}" fill="none" stroke="#0d47a1" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers and fixed labels only
