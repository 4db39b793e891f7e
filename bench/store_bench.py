"""Store at scale: build synthetic stores of N mentions and time the analysts' queries.

The generator writes plausible coded reports (types, CAMEO codes, Goldstein scores, dyads
drawn from a skewed country distribution, dates over 2000-2024, places, repeated reports of
one event across articles) as Arrow batches through the store's own loader, then clusters
them into events once, as an ingest would. Queries then run with DuckDB limited to
``--threads`` cores (2 by default, the acceptance setting), each the median of several runs:

    monthly dyad series      events per month for one dyad (RUS -> UKR)
    monthly series, all dyads
    top 20 dyads
    top 20 dyads since 2020, excluding background mentions

    python bench/store_bench.py --mentions 1000000 10000000 [--keep DIR]

Nothing here is a test: the figures go into the issue notes and docs/store.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

COUNTRIES = [
    "USA",
    "RUS",
    "CHN",
    "UKR",
    "GBR",
    "FRA",
    "DEU",
    "ISR",
    "PSE",
    "IRN",
    "IRQ",
    "SYR",
    "TUR",
    "IND",
    "PAK",
    "AFG",
    "JPN",
    "KOR",
    "PRK",
    "SAU",
    "EGY",
    "NGA",
    "KEN",
    "ZAF",
    "BRA",
    "MEX",
    "VEN",
    "COL",
    "EUR",
    "UNO",
]
SECTORS = ["GOV", "MIL", "REB", "COP", "OPP", "CVL", "BUS", "MED", ""]
TYPES = {
    "CONSULT": ("040", 1.0, 1),
    "AGREE": ("057", 8.0, 2),
    "SUPPORT": ("051", 3.4, 1),
    "COOPERATE": ("060", 6.0, 2),
    "AID": ("070", 7.0, 2),
    "DEMAND": ("100", -5.0, 3),
    "DISAPPROVE": ("111", -2.0, 3),
    "REJECT": ("120", -4.0, 3),
    "THREATEN": ("130", -4.4, 3),
    "PROTEST": ("141", -6.5, 3),
    "MOBILIZE": ("150", -7.2, 4),
    "SANCTION": ("163", -8.0, 4),
    "COERCE": ("173", -5.0, 4),
    "ASSAULT": ("190", -10.0, 4),
    "ACCUSE": ("112", -2.0, 3),
    "REQUEST": ("020", 3.0, 1),
}
EPOCH = date(2000, 1, 1).toordinal()
DAYS = date(2024, 12, 31).toordinal() - EPOCH


def synthetic_batch(
    rng: np.random.Generator, start: int, count: int, mentions_per_article: int = 5
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Articles, mentions and actors rows for mentions ``start .. start+count``."""
    n = count
    ids = np.arange(start, start + n)
    weights = 1.0 / np.arange(1, len(COUNTRIES) + 1) ** 1.1
    weights /= weights.sum()
    src = rng.choice(len(COUNTRIES), size=n, p=weights)
    tgt = rng.choice(len(COUNTRIES), size=n, p=weights)
    tgt = np.where(tgt == src, (tgt + 1) % len(COUNTRIES), tgt)
    src_sec = rng.integers(0, len(SECTORS), size=n)
    tgt_sec = rng.integers(0, len(SECTORS), size=n)
    type_names = list(TYPES)
    kind = rng.integers(0, len(type_names), size=n)
    # One real event is reported by several articles: draw event days, then jitter a report
    # by at most a day.
    day = rng.integers(0, DAYS, size=n)
    published = day + rng.integers(0, 2, size=n)
    historical = rng.random(n) < 0.05
    day = np.where(historical, np.maximum(day - rng.integers(60, 3000, size=n), 0), day)
    doc = start // mentions_per_article + np.arange(n) // mentions_per_article

    def strings(prefix: str, values: np.ndarray) -> pa.Array:
        return pc.binary_join_element_wise(prefix, pa.array(values).cast(pa.string()), "")

    country = np.array(COUNTRIES, dtype=object)
    sector = np.array(SECTORS, dtype=object)
    src_c, tgt_c = country[src], country[tgt]
    src_s, tgt_s = sector[src_sec], sector[tgt_sec]
    dates = pa.array(day + EPOCH - date(1970, 1, 1).toordinal(), pa.int32()).cast(pa.date32())
    pub = pa.array(published + EPOCH - date(1970, 1, 1).toordinal(), pa.int32()).cast(pa.date32())
    one = pa.array(np.arange(n + 1, dtype=np.int32))

    def single_lists(values: np.ndarray) -> pa.Array:
        return pa.ListArray.from_arrays(one, pa.array(values, pa.string()))

    type_arr = np.array(type_names, dtype=object)[kind]
    cameo = np.array([TYPES[t][0] for t in type_names], dtype=object)[kind]
    goldstein = np.array([TYPES[t][1] for t in type_names])[kind]
    quad = np.array([TYPES[t][2] for t in type_names], dtype=np.int8)[kind]
    mention_ids = strings("m", ids)
    doc_ids = strings("doc-", doc)
    blocks = pc.binary_join_element_wise(
        pa.array(type_arr, pa.string()),
        pa.array(src_c, pa.string()),
        pa.array(tgt_c, pa.string()),
        "|",
    )
    # Stated dates for background mentions, the publication window for news.
    earliest = pa.array(
        np.where(historical, day, published - 1) + EPOCH - date(1970, 1, 1).toordinal(), pa.int32()
    ).cast(pa.date32())
    empty = pa.array([None] * n, pa.string())
    mentions = pa.table(
        {
            "id": mention_ids,
            "doc_id": doc_ids,
            "sentence_start": pa.array(np.zeros(n, np.int32)),
            "sentence_end": pa.array(np.full(n, 40, np.int32)),
            "sentence_text": pa.array(["A synthetic report of an event."] * n),
            "trigger_start": pa.array(np.full(n, 12, np.int32)),
            "trigger_end": pa.array(np.full(n, 18, np.int32)),
            "trigger_text": pa.array(["report"] * n),
            "type": pa.array(type_arr, pa.string()),
            "mode": empty,
            "cameo": pa.array(cameo, pa.string()),
            "goldstein": pa.array(goldstein),
            "quad_class": pa.array(quad),
            "source_countries": single_lists(src_c),
            "source_sectors": single_lists(src_s),
            "target_countries": single_lists(tgt_c),
            "target_sectors": single_lists(tgt_s),
            "source_country": pa.array(src_c, pa.string()),
            "source_sector": pa.array(np.where(src_s == "", None, src_s), pa.string()),
            "target_country": pa.array(tgt_c, pa.string()),
            "target_sector": pa.array(np.where(tgt_s == "", None, tgt_s), pa.string()),
            "date": dates,
            "date_earliest": earliest,
            "date_latest": pub,
            "date_precision": pa.array(np.where(historical, "day", "window"), pa.string()),
            "date_basis": pa.array(np.where(historical, "text", "publication"), pa.string()),
            "confidence": pa.array(np.round(rng.uniform(0.4, 0.95, size=n), 3)),
            "negated": pa.array(np.zeros(n, bool)),
            "hypothetical": pa.array(np.zeros(n, bool)),
            "historical": pa.array(historical),
            "published": pub,
            "place_name": empty,
            "place_country": pa.array(tgt_c, pa.string()),
            "place_admin1": empty,
            "place_lat": pa.array([None] * n, pa.float64()),
            "place_lon": pa.array([None] * n, pa.float64()),
            "place_precision": pa.array(["country"] * n),
            "block": blocks,
            "cluster_earliest": earliest,
            "cluster_latest": pub,
            "record": pc.binary_join_element_wise(
                '{"id": "', mention_ids, '", "synthetic": true}', ""
            ),
        }
    )
    first_doc, last_doc = int(doc[0]), int(doc[-1])
    docs = np.arange(first_doc, last_doc + 1)
    docs = docs[docs * mentions_per_article >= start]  # an article begun in an earlier batch
    m = len(docs)
    doc_pub = pa.array(np.asarray(pub.to_numpy(zero_copy_only=False))[np.searchsorted(doc, docs)])
    texts = strings("Synthetic article ", docs)
    articles = pa.table(
        {
            "id": strings("doc-", docs),
            "title": texts,
            "url": strings("https://example.org/", docs),
            "outlet": strings("Outlet ", docs % 400),
            "published": doc_pub,
            "text": texts,
            "num_events": pa.array(np.full(m, mentions_per_article, np.int32)),
            "ingested_at": pa.array(np.full(m, np.datetime64("2026-01-01T00:00:00", "us"))),
            "text_hash": pc.binary_join_element_wise("h", strings("", docs), ""),
            "minhash": pa.array([None] * m, pa.list_(pa.uint32())),
            "canonical_id": strings("doc-", docs),
        }
    )
    actors = pa.table(
        {
            "mention_id": pa.concat_arrays([mention_ids, mention_ids]),
            "side": pa.array(["source"] * n + ["target"] * n),
            "position": pa.array(np.zeros(2 * n, np.int32)),
            "text": pa.array(np.concatenate([src_c, tgt_c]), pa.string()),
            "country": pa.array(np.concatenate([src_c, tgt_c]), pa.string()),
            "sector": pa.array(np.concatenate([src_s, tgt_s]), pa.string()),
            "name": pa.array([None] * (2 * n), pa.string()),
        }
    )
    return articles, mentions, actors


def build(path: Path, total: int, batch: int = 500_000, seed: int = 1) -> dict[str, float]:
    from tidings import store
    from tidings.store.dedup import refresh_events

    rng = np.random.default_rng(seed)
    con = store.connect(path)
    started = time.perf_counter()
    for start in range(0, total, batch):
        articles, mentions, actors = synthetic_batch(rng, start, min(batch, total - start))
        con.execute("BEGIN TRANSACTION")
        store.load_tables(con, articles, mentions, actors)
        con.execute("COMMIT")
        done = start + mentions.num_rows
        print(
            f"  loaded {done:,} mentions ({done / (time.perf_counter() - started):,.0f}/s)",
            file=sys.stderr,
        )
    loaded = time.perf_counter() - started
    con.execute("BEGIN TRANSACTION")
    refresh_events(con, None)
    con.execute("COMMIT")
    clustered = time.perf_counter() - started - loaded
    con.execute("CHECKPOINT")
    con.close()
    return {"load_s": loaded, "cluster_s": clustered}


def _queries() -> dict[str, Callable[[Any], Any]]:
    from tidings.store import EventFilter, series, top_dyads

    dyad = EventFilter(source="RUS", target="UKR")
    recent = EventFilter(since=date(2020, 1, 1), historical=False)
    return {
        "monthly series, one dyad (RUS->UKR)": lambda con: series(con, dyad, "month"),
        "monthly series, all dyads": lambda con: series(con, EventFilter(), "month", per_dyad=True),
        "top 20 dyads": lambda con: top_dyads(con, EventFilter(), 20),
        "top 20 dyads since 2020, no background": lambda con: top_dyads(con, recent, 20),
        "monthly series, one dyad, reports": lambda con: series(
            con, dyad, "month", table="mentions"
        ),
    }


def time_queries(path: Path, threads: int, repeat: int = 5) -> dict[str, float]:
    from tidings import store

    con = store.connect(path, read_only=True)
    con.execute(f"SET threads = {threads}")
    out = {}
    for name, query in _queries().items():
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.rows(query(con))
            runs.append(time.perf_counter() - started)
        out[name] = statistics.median(runs)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM events)"
    ).fetchall()[0]
    con.close()
    out["mentions"], out["events"] = counts
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the stores in this folder.")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tidings-store-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for total in args.mentions:
        path = folder / f"synthetic-{total}.duckdb"
        if not path.exists():
            print(f"building {path.name} ...", file=sys.stderr)
            built = build(path, total)
            print(
                f"{total:,} mentions: loaded in {built['load_s']:.1f} s "
                f"({total / built['load_s']:,.0f} mentions/s), clustered into events in "
                f"{built['cluster_s']:.1f} s; file {path.stat().st_size / 2**30:.2f} GiB"
            )
        timed = time_queries(path, args.threads)
        print(
            f"{int(timed.pop('mentions')):,} mentions, {int(timed.pop('events')):,} events, "
            f"DuckDB on {args.threads} threads (median of 5):"
        )
        for name, seconds in timed.items():
            print(f"  {name:<42} {seconds * 1000:8.1f} ms")
    if not args.keep:
        for path in folder.glob("*.duckdb"):
            path.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
