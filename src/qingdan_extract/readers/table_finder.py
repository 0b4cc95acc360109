"""pdfplumber's table finder on explicit lines, without pdfplumber.

The same algorithm and the same arithmetic as ``pdfplumber.table.TableFinder`` with
both strategies ``explicit`` (pdfplumber 0.11, MIT licence): edges are snapped and
joined (``merge_edges``), too-short ones dropped, intersections found, the smallest
cell at each intersection taken, and cells that share corners grouped into tables.
Importing pdfplumber costs pdfminer's import; the PDFium engine needs none of it.
``tests/test_pdf_engines.py`` checks both engines give the same records.
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

Edge = dict[str, Any]
BBox = tuple[float, float, float, float]
Point = tuple[float, float]

EDGE_MIN_LENGTH = 3.0  # pdfplumber's default ``edge_min_length``


def cluster_list(xs: list[float], tolerance: float) -> list[list[float]]:
    if tolerance == 0 or len(xs) < 2:
        return [[x] for x in sorted(xs)]
    groups: list[list[float]] = []
    xs = sorted(xs)
    current = [xs[0]]
    last = xs[0]
    for x in xs[1:]:
        if x <= last + tolerance:
            current.append(x)
        else:
            groups.append(current)
            current = [x]
        last = x
    groups.append(current)
    return groups


def cluster_objects(objs: list[Edge], attr: str, tolerance: float) -> list[list[Edge]]:
    clusters = cluster_list(list({o[attr] for o in objs}), tolerance)
    index = {value: i for i, cluster in enumerate(clusters) for value in cluster}
    tagged = sorted(((o, index[o[attr]]) for o in objs), key=itemgetter(1))
    return [[o for o, _ in group] for _, group in itertools.groupby(tagged, key=itemgetter(1))]


def move(edge: Edge, axis: str, value: float) -> Edge:
    moved = dict(edge)
    if axis == "h":
        moved["x0"] = edge["x0"] + value
        moved["x1"] = edge["x1"] + value
    else:
        moved["top"] = edge["top"] + value
        moved["bottom"] = edge["bottom"] + value
        if "doctop" in edge:
            moved["doctop"] = edge["doctop"] + value
        if "y0" in edge:
            moved["y0"] = edge["y0"] - value
            moved["y1"] = edge["y1"] - value
    return moved


def snap_objects(objs: list[Edge], attr: str, tolerance: float) -> list[Edge]:
    axis = "h" if attr in ("x0", "x1") else "v"
    out: list[Edge] = []
    for cluster in cluster_objects(objs, attr, tolerance):
        avg = sum(o[attr] for o in cluster) / len(cluster)
        out.extend(move(o, axis, avg - o[attr]) for o in cluster)
    return out


def resize(edge: Edge, key: str, value: float) -> Edge:
    diff = value - edge[key]
    out = dict(edge)
    out[key] = value
    if key == "x1":
        out["width"] = value - edge["x0"]
    elif key == "bottom":
        out["height"] = edge["height"] + diff
        if "y0" in edge:
            out["y0"] = edge["y0"] - diff
    return out


def join_edge_group(edges: list[Edge], orientation: str, tolerance: float) -> list[Edge]:
    lo, hi = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(lo))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                joined[-1] = resize(last, hi, e[hi])
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[Edge], snap: float, join: float) -> list[Edge]:
    def group(edge: Edge) -> tuple[str, float]:
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    if snap > 0:
        vertical = [e for e in edges if e["orientation"] == "v"]
        horizontal = [e for e in edges if e["orientation"] == "h"]
        edges = snap_objects(vertical, "x0", snap) + snap_objects(horizontal, "top", snap)
    merged: list[Edge] = []
    for key, items in itertools.groupby(sorted(edges, key=group), key=group):
        merged.extend(join_edge_group(list(items), key[0], join))
    return merged


def edges_to_intersections(
    edges: list[Edge], x_tol: float, y_tol: float
) -> dict[Point, dict[str, list[Edge]]]:
    intersections: dict[Point, dict[str, list[Edge]]] = {}
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in vertical:
        for h in horizontal:
            if (
                v["top"] <= h["top"] + y_tol
                and v["bottom"] >= h["top"] - y_tol
                and v["x0"] >= h["x0"] - x_tol
                and v["x0"] <= h["x1"] + x_tol
            ):
                vertex = (v["x0"], h["top"])
                if vertex not in intersections:
                    intersections[vertex] = {"v": [], "h": []}
                intersections[vertex]["v"].append(v)
                intersections[vertex]["h"].append(h)
    return intersections


def intersections_to_cells(intersections: dict[Point, dict[str, list[Edge]]]) -> list[BBox]:
    def bboxes(edges: list[Edge]) -> set[BBox]:
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}

    boxes = {pt: (bboxes(v["v"]), bboxes(v["h"])) for pt, v in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and boxes[p1][0] & boxes[p2][0]:
            return True
        return bool(p1[1] == p2[1] and boxes[p1][1] & boxes[p2][1])

    points = sorted(intersections)
    n_points = len(points)

    def smallest_cell(i: int) -> BBox | None:
        if i == n_points - 1:
            return None
        pt = points[i]
        rest = points[i + 1 :]
        below = [x for x in rest if x[0] == pt[0]]
        right = [x for x in rest if x[1] == pt[1]]
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    return (pt[0], pt[1], corner[0], corner[1])
        return None

    return [cell for cell in (smallest_cell(i) for i in range(n_points)) if cell is not None]


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    def corners(bbox: BBox) -> tuple[Point, Point, Point, Point]:
        x0, top, x1, bottom = bbox
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(cells)
    current_corners: set[Point] = set()
    current: list[BBox] = []
    tables: list[list[BBox]] = []
    while remaining:
        count = len(current)
        for cell in list(remaining):
            cell_corners = corners(cell)
            if not current or any(c in current_corners for c in cell_corners):
                current_corners |= set(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == count:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]


def find_table_cells(
    vertical: list[Edge], horizontal: list[Edge], settings: dict[str, Any]
) -> list[list[BBox]]:
    """Each table's cells, as ``[t.cells for t in page.find_tables(settings)]`` gives them for
    explicit lines (``settings``: snap, join and intersection tolerances, one value for x and y)."""
    if len(vertical) < 2 or len(horizontal) < 2:
        raise ValueError("explicit lines: two or more of each orientation are needed")
    # pdfplumber passes explicit lines through obj_to_edges again, which re-orients "line"s
    edges = [e for o in vertical for e in obj_to_edges(o) if e["orientation"] == "v"]
    edges += [e for o in horizontal for e in obj_to_edges(o) if e["orientation"] == "h"]
    edges = merge_edges(edges, settings["snap_tolerance"], settings["join_tolerance"])
    edges = [e for e in edges if e["height" if e["orientation"] == "v" else "width"] >= EDGE_MIN_LENGTH]
    tolerance = settings["intersection_tolerance"]
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return cells_to_tables(cells)


# --------------------------------------------------------------------------
# pdfplumber.utils.geometry.obj_to_edges, for rects, lines and curves


def obj_to_edges(obj: Edge) -> list[Edge]:
    """A rect's four sides, a line, or a curve's consecutive point pairs, as edges."""
    kind = obj["object_type"]
    if "_edge" in kind:
        return [obj]
    if kind == "line":
        return [dict(obj, orientation="h" if obj["top"] == obj["bottom"] else "v")]
    if kind == "rect":
        top = dict(obj, object_type="rect_edge", height=0, bottom=obj["top"], orientation="h")
        bottom = dict(obj, object_type="rect_edge", height=0, top=obj["top"] + obj["height"], orientation="h")
        if "y0" in obj:
            top["y0"] = obj["y1"]
            bottom["y1"] = obj["y0"]
        if "doctop" in obj:
            bottom["doctop"] = obj["doctop"] + obj["height"]
        left = dict(obj, object_type="rect_edge", width=0, x1=obj["x0"], orientation="v")
        right = dict(obj, object_type="rect_edge", width=0, x0=obj["x1"], orientation="v")
        return [top, bottom, left, right]
    edges = []
    for p0, p1 in itertools.pairwise(obj["pts"]):
        edge: Edge = {
            "object_type": "curve_edge",
            "x0": min(p0[0], p1[0]),
            "x1": max(p0[0], p1[0]),
            "top": min(p0[1], p1[1]),
            "bottom": max(p0[1], p1[1]),
            "width": abs(p0[0] - p1[0]),
            "height": abs(p0[1] - p1[1]),
            "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
        }
        if "doctop" in obj:
            edge["doctop"] = min(p0[1], p1[1]) + (obj["doctop"] - obj["top"])
        edges.append(edge)
    return edges
