"""Build the dashboard's world map, ``src/tidings/api/static/world.svg``.

Run by a maintainer when the source data changes; the package ships the result:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/build_world_map.py /tmp/package/countries-110m.json

Source: Natural Earth 1:110m admin-0 countries (public domain), as redistributed in the npm
package ``world-atlas`` 2.0.2 (TopoJSON, ISC licence, Mike Bostock). The SVG is a plain
equirectangular projection, one unit per degree (x = longitude + 180, y = 90 - latitude),
so the dashboard places an event at (lon + 180, 90 - lat) without a projection library.
Each country is one ``<path>`` with ``data-cc`` (ISO alpha-3, from ``pycountry``) and a
``<title>``; a 30° graticule is drawn behind them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src" / "tidings" / "api" / "static" / "world.svg"

# Natural Earth areas without an ISO 3166 numeric code.
NO_NUMERIC = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantized arcs as lon/lat point lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian made continuous (longitudes past ±180), plus
    a copy shifted by 360°, so that each side shows its part and the SVG viewport clips
    the rest; drawn as it is, it would streak across the whole map."""
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    rings = [out]
    if max(lon for lon, _ in out) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(lon for lon, _ in out) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in (part for r in rings if r for part in unwrap(r)):
        cells = []
        last = None
        for lon, lat in points:
            cell = f"{lon + 180:.1f} {90 - lat:.1f}"
            if cell != last:
                cells.append(cell)
            last = cell
        if len(cells) >= 3:
            parts.append("M" + "L".join(cells) + "Z")
    return "".join(parts)


def alpha3(geometry: dict[str, Any]) -> str:
    name = geometry.get("properties", {}).get("name", "")
    numeric = geometry.get("id")
    if numeric is not None:
        country = pycountry.countries.get(numeric=str(numeric).zfill(3))
        if country is not None:
            return str(country.alpha_3)
    return NO_NUMERIC.get(name, "")


def main(source: Path) -> None:
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" class="world">',
        "<!-- Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC);"
        " built by tools/build_world_map.py -->",
        '<rect class="sea" x="0" y="0" width="360" height="180"/>',
        '<g class="graticule">',
    ]
    lines += [f'<path d="M{x} 0V180"/>' for x in range(30, 360, 30)]
    lines += [f'<path d="M0 {y}H360"/>' for y in range(30, 180, 30)]
    lines.append("</g>")
    lines.append('<g class="countries">')
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        name = escape(geometry.get("properties", {}).get("name", ""))
        code = alpha3(geometry)
        lines.append(f'<path data-cc="{code}" d="{path_data(rings)}"><title>{name}</title></path>')
    lines.append("</g>")
    lines.append("</svg>")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_world_map.py countries-110m.json")
    main(Path(sys.argv[1]))
