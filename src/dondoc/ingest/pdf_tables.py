"""Ruled tables of a PDF page: the grid of its rules, which cell a glyph run falls in, merged cells.

A rule is any thin, long, axis-aligned stroke, however the producer wrote it: a path object of its own
(reportlab, LibreOffice), a thin filled rectangle (Word), an edge of a stroked cell rectangle, or one
sub-path of a path that draws the whole grid at once. A table is a group of at least three vertical
rules that overlap, with at least two row rules across it. A row rule may be drawn in pieces (cell by
cell); a piece missing under a column means the cells above and below it are one merged cell: its text
belongs to the upper row, and the lower cell is reported as merged with the one above (as Word's
vertical merge in a .docx).
"""

from __future__ import annotations

import ctypes
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

RULE_THIN = 3.0  # points: a stroke this thin is a rule
RULE_MIN = 8.0  # points: and at least this long
SNAP = 2.0  # points: rules closer than this are one
_MAX_SEGMENTS = 5000  # a path with more segments is a drawing, not a grid
_ROW_COVER = 0.3  # a row rule spans at least this share of the table (its pieces together)

Rule = tuple[float, float, float]  # (position, from, to): x, bottom, top of a vertical; y, left, right


@dataclass(slots=True)
class Table:
    """A grid of ruled cells: its vertical rules, its row rules (top down) and each row rule's pieces."""

    left: float
    right: float
    bottom: float
    top: float
    verticals: list[Rule]
    rules: list[float]
    pieces: list[list[tuple[float, float]]] = field(default_factory=list)  # the x spans of each row rule
    columns: list[float] = field(default_factory=list)  # the x of each column's left rule

    def holds(self, x0: float, x1: float, base: float) -> bool:
        centre = (x0 + x1) / 2
        return self.left < centre < self.right and self.bottom < base < self.top

    def _covers(self, index: int, x: float) -> bool:
        return not self.pieces or any(a - SNAP <= x <= b + SNAP for a, b in self.pieces[index])

    def row(self, x: float, base: float) -> int:
        """The row of a point: under the lowest row rule above it that is drawn at x (a rule not drawn
        there runs through a merged cell)."""
        row = 0
        for index, y in enumerate(self.rules):
            if y <= base:
                break
            if self._covers(index, x):
                row = index + 1
        return row

    def cell(self, x0: float, x1: float, base: float) -> tuple[int, float]:
        """(row, left edge) of the cell that holds a run."""
        centre = (x0 + x1) / 2
        edges = [x for x, lo, hi in self.verticals if lo - SNAP <= base <= hi + SNAP and x < centre]
        return self.row(centre, base), max(edges, default=self.left)

    def right_of(self, edge: float, base: float) -> float:
        """The right edge of the cell whose left edge is ``edge``, on the line at ``base``."""
        edges = [x for x, lo, hi in self.verticals if lo - SNAP <= base <= hi + SNAP and x > edge + SNAP]
        return min(edges, default=self.right)

    def column(self, edge: float) -> int:
        """The column whose left rule is at ``edge`` (a cell spanning columns: the first)."""
        return max(0, sum(1 for x in self.columns if x <= edge + SNAP) - 1)

    def merged(self) -> set[tuple[int, int]]:
        """(row, column) of the cells merged with the cell above: the row rule between them is not drawn."""
        out: set[tuple[int, int]] = set()
        for index in range(1, len(self.rules) - 1):
            for col, (a, b) in enumerate(itertools.pairwise(self.columns)):
                if b - a > 2 * SNAP and not self._covers(index, (a + b) / 2):
                    out.add((index + 1, col))
        return out


Affine = tuple[float, float, float, float, float, float]  # (a, b, c, d, e, f): x' = a x + c y + e, …
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 4  # form objects inside form objects


def _apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _compose(outer: Affine, inner: Affine) -> Affine:
    a, b, c, d, e, f = outer
    return (
        a * inner[0] + c * inner[1],
        b * inner[0] + d * inner[1],
        a * inner[2] + c * inner[3],
        b * inner[2] + d * inner[3],
        a * inner[4] + c * inner[5] + e,
        b * inner[4] + d * inner[5] + f,
    )


def _matrix(obj: Any) -> Affine | None:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return None
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj: Any, parent: Affine) -> list[list[tuple[float, float]]]:
    """The points of each sub-path of a path object (page space); a sub-path with a curve is left out."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    own = _matrix(obj) if 0 < n <= _MAX_SEGMENTS else None
    if own is None:
        return []
    matrix = _compose(parent, own)
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    move, bezier = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        if kind == move:
            if len(current) > 1 and not curved:
                out.append(current)
            current, curved = [], False
        curved = curved or kind == bezier
        current.append(_apply(matrix, x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
    if len(current) > 1 and not curved:
        out.append(current)
    return out


def _add_rule(x0: float, y0: float, x1: float, y1: float, vert: list[Rule], horiz: list[Rule]) -> None:
    """A box (or a segment) [x0, x1] × [y0, y1] as a rule when it is thin and long enough."""
    width, height = x1 - x0, y1 - y0
    if width <= RULE_THIN and height >= RULE_MIN:
        vert.append(((x0 + x1) / 2, y0, y1))
    elif height <= RULE_THIN and width >= RULE_MIN:
        horiz.append(((y0 + y1) / 2, x0, x1))


def _path_rules(obj: Any, parent: Affine, stroked: bool, vert: list[Rule], horiz: list[Rule]) -> None:
    """The rules inside a path that is not one rule: thin sub-paths (thin filled rectangles) and, when
    the path is stroked, the straight edges of its other sub-paths (cell rectangles, grid lines)."""
    for points in _subpaths(obj, parent):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = min(xs), min(ys), max(xs), max(ys)
        if box[2] - box[0] <= RULE_THIN or box[3] - box[1] <= RULE_THIN:
            _add_rule(*box, vert, horiz)
        elif stroked:
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                _add_rule(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), vert, horiz)


@dataclass(slots=True)
class _Collector:
    """The rules of a page's path objects, those inside form objects (a page wrapped as a form by a
    signing or merging tool) included."""

    vert: list[Rule] = field(default_factory=list)
    horiz: list[Rule] = field(default_factory=list)
    box: tuple[Any, Any, Any, Any] = field(
        default_factory=lambda: (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
    )
    fill: Any = field(default_factory=ctypes.c_int)
    stroke: Any = field(default_factory=ctypes.c_int)

    def objects(self, objects: list[Any], parent: Affine, depth: int) -> None:
        path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == path:
                self.path(obj, parent)
            elif kind == form and depth < _MAX_DEPTH:
                own = _matrix(obj)
                if own is not None:
                    n = pdfium_c.FPDFFormObj_CountObjects(obj)
                    inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(max(0, n))]
                    self.objects(inner, _compose(parent, own), depth + 1)

    def path(self, obj: Any, parent: Affine) -> None:
        left, bottom, right, top = self.box
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *map(ctypes.byref, self.box)):
            return
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if parent is not _IDENTITY:  # bounds in the form's space
            corners = [_apply(parent, x, y) for x in (x0, x1) for y in (y0, y1)]
            x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
            y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
        width, height = x1 - x0, y1 - y0
        if width <= RULE_THIN or height <= RULE_THIN:
            _add_rule(x0, y0, x1, y1, self.vert, self.horiz)
        elif width >= RULE_MIN and height >= RULE_MIN:
            pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(self.fill), ctypes.byref(self.stroke))
            _path_rules(obj, parent, bool(self.stroke.value), self.vert, self.horiz)


def _page_rules(page: Any) -> tuple[list[Rule], list[Rule]]:
    raw = page.raw
    collector = _Collector()
    objects = [pdfium_c.FPDFPage_GetObject(raw, k) for k in range(pdfium_c.FPDFPage_CountObjects(raw))]
    collector.objects(objects, _IDENTITY, 0)
    return collector.vert, collector.horiz


def _clusters(values: list[float]) -> list[float]:
    """Values closer than SNAP to their neighbour are one: the mean of each run, in ascending order."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(run) / len(run) for run in out]


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + SNAP:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _table(group: list[Rule], horizontals: list[Rule]) -> Table | None:
    columns = _clusters([x for x, _, _ in group])
    if len(columns) < 3:
        return None
    t_left, t_right = columns[0], columns[-1]
    t_bottom, t_top = min(b for _, b, _ in group), max(t for _, _, t in group)
    span = t_right - t_left
    inside = [
        (y, max(x0, t_left), min(x1, t_right))
        for y, x0, x1 in horizontals
        if t_bottom - SNAP <= y <= t_top + SNAP and min(x1, t_right) - max(x0, t_left) > SNAP
    ]
    rules: list[float] = []
    pieces: list[list[tuple[float, float]]] = []
    for y in reversed(_clusters([y for y, _, _ in inside])):
        spans = _union([(a, b) for yy, a, b in inside if abs(yy - y) <= SNAP])
        if sum(b - a for a, b in spans) >= _ROW_COVER * span:
            rules.append(y)
            pieces.append(spans)
    if len(rules) < 2:
        return None
    return Table(t_left - SNAP, t_right + SNAP, t_bottom - SNAP, t_top + SNAP, group, rules, pieces, columns)


def find_tables(page: Any) -> list[Table]:
    """The ruled tables of a page, top down."""
    verticals, horizontals = _page_rules(page)
    if len(verticals) < 3 or len(horizontals) < 2:
        return []
    # Vertical rules that overlap vertically belong to one table.
    verticals.sort(key=lambda v: -v[2])
    groups: list[list[Rule]] = []
    low = math.inf
    for rule in verticals:
        if groups and rule[2] >= low - SNAP:
            groups[-1].append(rule)
            low = min(low, rule[1])
        else:
            groups.append([rule])
            low = rule[1]
    return [t for t in (_table(g, horizontals) for g in groups) if t is not None]
