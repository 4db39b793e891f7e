"""De-duplication: which articles copy each other, and which reports are one event.

Articles. Two articles are copies when their texts hash alike, or, when both have at least
``MIN_WORDS`` words, when their word 3-shingle sets are at least ``NEAR_JACCARD`` alike
(wire copies with small edits). The likeness is estimated from ``NUM_HASHES`` MinHash
values; copies are found without comparing every pair by locality-sensitive hashing: the
signature is cut into ``BANDS`` bands, and articles sharing a band are compared. A group
of copies has one canonical article, the one with the smallest id, so the result does not
depend on ingest order; ``num_articles`` and ``num_sources`` count canonical articles.

Events. Mentions join one event when they have the same type, the same first source and
target country (their ``block``), and overlapping date intervals — for an undated report,
the day before publication to publication, so that reports of one day join and reports a
week apart do not. Sectors are not compared: one attack is reported as "Russia attacked"
and as "Russian troops attacked". Within a run of overlapping reports, reports placed in
different countries split apart, unplaced ones joining the most frequent place. The
clusters are the islands of a sort, a pure function of the stored mentions, so
re-ingesting, or ingesting in another order, gives the same events.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import duckdb
import numpy as np
import pyarrow as pa

MIN_WORDS = 30
NUM_HASHES = 32
BANDS = 8
NEAR_JACCARD = 0.7
_ROWS = NUM_HASHES // BANDS
_WORD = re.compile(r"\w+", re.UNICODE)
# Multiply-shift hash family; fixed seeds, so signatures are stable across runs and versions.
_SEEDS = np.random.default_rng(20151125).integers(1, 2**63, size=(2, NUM_HASHES), dtype=np.uint64)
_MULTIPLIERS = _SEEDS[0] | np.uint64(1)
_OFFSETS = _SEEDS[1]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def minhash(text: str) -> list[int]:
    """The MinHash signature (``NUM_HASHES`` 32-bit values) of a text's word 3-shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
    values = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
            for s in shingles
        ),
        dtype=np.uint64,
        count=len(shingles),
    )
    with np.errstate(over="ignore"):
        mixed = values[:, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]
    return [int(v) for v in (mixed >> np.uint64(32)).min(axis=0)]


def band_keys(signature: list[int]) -> list[int]:
    """One 63-bit key per band of a signature."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * _ROWS : (band + 1) * _ROWS]
        raw = f"{band}:" + ",".join(map(str, chunk))
        digest = hashlib.blake2b(raw.encode("ascii"), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys


def likeness(a: list[int], b: list[int]) -> float:
    """The estimated Jaccard likeness of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / NUM_HASHES


def signature_columns(texts: list[str]) -> tuple[list[list[int] | None], list[list[int]]]:
    """Signatures of texts long enough to compare, and their band keys."""
    signatures: list[list[int] | None] = []
    bands: list[list[int]] = []
    for text in texts:
        if word_count(text) >= MIN_WORDS:
            signature = minhash(text)
            signatures.append(signature)
            bands.append(band_keys(signature))
        else:
            signatures.append(None)
            bands.append([])
    return signatures, bands


def bands_table(ids: list[str], bands: list[list[int]]) -> pa.Table:
    """Rows of ``article_bands``: each article's band keys."""
    return pa.table(
        {
            "article_id": pa.array([i for i, keys in zip(ids, bands, strict=True) for _ in keys]),
            "band_key": pa.array([k for keys in bands for k in keys], pa.int64()),
        }
    )


def assign_canonical(con: duckdb.DuckDBPyConnection, new_ids: list[str]) -> set[str]:
    """Link new articles to the copies already stored; returns the ids of articles whose
    canonical article changed (their events need counting again)."""
    if not new_ids:
        return set()
    con.register("new_ids", pa.table({"id": pa.array(new_ids, pa.string())}))
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE dedup_candidates AS
        WITH probe AS (
            SELECT a.text_hash, b.band_key FROM articles a JOIN new_ids USING (id)
            LEFT JOIN article_bands b ON b.article_id = a.id
        ),
        direct AS (
            SELECT id FROM articles WHERE text_hash IN (SELECT text_hash FROM probe)
            UNION
            SELECT article_id FROM article_bands
            WHERE band_key IN (SELECT band_key FROM probe WHERE band_key IS NOT NULL)
        )
        -- The other members of the groups found: their canonical article may change too.
        SELECT id, text_hash, minhash, canonical_id FROM articles
        WHERE id IN (SELECT id FROM direct)
           OR canonical_id IN (
                SELECT canonical_id FROM articles WHERE id IN (SELECT id FROM direct))
        """
    )
    con.unregister("new_ids")
    candidates = con.execute("SELECT * FROM dedup_candidates ORDER BY id").fetchall()
    con.execute("DROP TABLE dedup_candidates")
    new = set(new_ids)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_hash: dict[str, list[str]] = {}
    by_band: dict[int, list[tuple[str, list[int]]]] = {}
    for article_id, text_hash, signature, canonical in candidates:
        union(article_id, canonical)  # a stored article stays with its group
        by_hash.setdefault(text_hash, []).append(article_id)
        if signature is not None:
            for key in band_keys(signature):
                by_band.setdefault(key, []).append((article_id, signature))
    for article_id, text_hash, signature, _ in candidates:
        if article_id not in new:
            continue
        for other in by_hash[text_hash]:
            union(article_id, other)
        if signature is None:
            continue
        for key in band_keys(signature):
            for other, other_signature in by_band[key]:
                if likeness(signature, other_signature) >= NEAR_JACCARD:
                    union(article_id, other)
    changed = sorted(row[0] for row in candidates if find(row[0]) != row[3])
    if changed:
        con.register(
            "canon",
            pa.table(
                {
                    "id": pa.array(changed, pa.string()),
                    "canonical": pa.array([find(i) for i in changed], pa.string()),
                }
            ),
        )
        con.execute(
            "UPDATE articles SET canonical_id = canon.canonical FROM canon "
            "WHERE articles.id = canon.id"
        )
        con.unregister("canon")
    return set(changed)


def blocks_of_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> set[str]:
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    con.register("probe_articles", pa.table({"id": pa.array(ids, pa.string())}))
    rows = con.execute(
        "SELECT DISTINCT block FROM mentions WHERE doc_id IN (SELECT id FROM probe_articles)"
    ).fetchall()
    con.unregister("probe_articles")
    return {r[0] for r in rows}


def refresh_events(con: duckdb.DuckDBPyConnection, blocks: set[str] | None) -> None:
    """Recluster the mentions of ``blocks`` (all when None) into events."""
    if blocks is not None and not blocks:
        return
    if blocks is None:
        scope = scope_m = "TRUE"
    else:
        con.register("touched", pa.table({"block": pa.array(sorted(blocks), pa.string())}))
        scope = "block IN (SELECT block FROM touched)"
        scope_m = "m.block IN (SELECT block FROM touched)"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE clustered AS
        WITH ordered AS (
            SELECT id, block, cluster_earliest, cluster_latest, place_country,
                   max(cluster_latest) OVER (
                       PARTITION BY block ORDER BY cluster_earliest, cluster_latest, id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
            FROM mentions
            WHERE {scope} AND NOT negated AND NOT hypothetical
        ),
        islands AS (
            SELECT *, sum(CASE WHEN reach IS NULL OR cluster_earliest > reach THEN 1 ELSE 0 END)
                      OVER (PARTITION BY block ORDER BY cluster_earliest, cluster_latest, id)
                      AS island
            FROM ordered
        ),
        places AS (
            SELECT block, island, place_country,
                   row_number() OVER (PARTITION BY block, island
                                      ORDER BY count(*) DESC, place_country) AS rank
            FROM islands WHERE place_country IS NOT NULL
            GROUP BY block, island, place_country
        ),
        keyed AS (
            SELECT i.id, i.block, i.island,
                   coalesce(i.place_country, p.place_country, '') AS place_key
            FROM islands i
            LEFT JOIN places p ON p.block = i.block AND p.island = i.island AND p.rank = 1
        )
        SELECT id, block,
               'ev-' || substr(md5(min(id) OVER (PARTITION BY block, island, place_key)), 1, 16)
                   AS event_id
        FROM keyed
        """
    )
    con.execute(f"UPDATE mentions SET event_id = NULL WHERE {scope}")
    con.execute(
        "UPDATE mentions SET event_id = clustered.event_id FROM clustered "
        "WHERE mentions.id = clustered.id"
    )
    con.execute(f"DELETE FROM events WHERE {scope}")
    con.execute(
        f"""
        INSERT INTO events BY NAME
        WITH members AS (
            SELECT m.*, a.canonical_id, coalesce(a.outlet, a.canonical_id) AS source_key,
                   coalesce(c.outlet, a.canonical_id) AS independent_key,
                   a.published AS article_published
            FROM mentions m JOIN articles a ON a.id = m.doc_id
            JOIN articles c ON c.id = a.canonical_id
            WHERE m.event_id IS NOT NULL AND {scope_m}
        ),
        -- Belief grows with independent reports: a copy counts as its original's outlet.
        per_source AS (
            SELECT event_id, independent_key, max(confidence) AS confidence
            FROM members GROUP BY event_id, independent_key
        ),
        belief AS (
            SELECT event_id, 1 - exp(sum(ln(greatest(1 - confidence, 1e-9)))) AS confidence
            FROM per_source GROUP BY event_id
        ),
        agg AS (
            SELECT event_id,
                   any_value(block) AS block,
                   any_value(type) AS type,
                   list(mode ORDER BY confidence DESC, id)[1] AS mode,
                   list(cameo ORDER BY confidence DESC, id)[1] AS cameo,
                   list(goldstein ORDER BY confidence DESC, id)[1] AS goldstein,
                   list(quad_class ORDER BY confidence DESC, id)[1] AS quad_class,
                   list_sort(list_distinct(flatten(list(source_countries)))) AS source_countries,
                   list_sort(list_distinct(flatten(list(source_sectors)))) AS source_sectors,
                   list_sort(list_distinct(flatten(list(target_countries)))) AS target_countries,
                   list_sort(list_distinct(flatten(list(target_sectors)))) AS target_sectors,
                   list(source_country ORDER BY source_country IS NULL, confidence DESC, id)[1]
                       AS source_country,
                   list(source_sector ORDER BY source_sector IS NULL, confidence DESC, id)[1]
                       AS source_sector,
                   list(target_country ORDER BY target_country IS NULL, confidence DESC, id)[1]
                       AS target_country,
                   list(target_sector ORDER BY target_sector IS NULL, confidence DESC, id)[1]
                       AS target_sector,
                   max(date_earliest) AS lo, min(date_latest) AS hi,
                   list(date_earliest ORDER BY date_latest - date_earliest, id)[1] AS narrow_lo,
                   list(date_latest ORDER BY date_latest - date_earliest, id)[1] AS narrow_hi,
                   bool_and(historical) AS historical,
                   list(place_name ORDER BY place_name IS NULL, confidence DESC, id)[1]
                       AS place_name,
                   list(place_country ORDER BY place_country IS NULL, confidence DESC, id)[1]
                       AS place_country,
                   list(place_lat ORDER BY place_lat IS NULL, confidence DESC, id)[1] AS place_lat,
                   list(place_lon ORDER BY place_lon IS NULL, confidence DESC, id)[1] AS place_lon,
                   count(*) AS num_mentions,
                   count(DISTINCT canonical_id) AS num_articles,
                   count(DISTINCT source_key) AS num_sources,
                   min(article_published) AS first_seen,
                   max(article_published) AS last_seen,
                   list(id ORDER BY confidence DESC, id)[1] AS sample_mention_id
            FROM members GROUP BY event_id
        )
        SELECT agg.event_id AS id, block, type, mode, cameo, goldstein, quad_class,
               source_countries, source_sectors, target_countries, target_sectors,
               source_country, source_sector, target_country, target_sector,
               CASE WHEN lo <= hi THEN lo + CAST((hi - lo) // 2 AS INTEGER)
                    ELSE narrow_lo + CAST((narrow_hi - narrow_lo) // 2 AS INTEGER) END AS date,
               CASE WHEN lo <= hi THEN lo ELSE narrow_lo END AS date_earliest,
               CASE WHEN lo <= hi THEN hi ELSE narrow_hi END AS date_latest,
               historical, place_name, place_country, place_lat, place_lon,
               num_mentions, num_articles, num_sources, first_seen, last_seen,
               belief.confidence AS confidence, sample_mention_id
        FROM agg JOIN belief USING (event_id)
        """
    )
    if blocks is not None:
        con.unregister("touched")
