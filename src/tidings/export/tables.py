"""Exports of a store: Parquet (partitioned by year), CSV, JSON Lines in the shared event
format, PLOVER-style JSON Lines, and a GDELT 2.0 event-table TSV.

Each export reads the ``events`` table (one row per de-duplicated event, the default) or
the ``mentions`` table (one row per coded report), filtered like ``tidings query``.
``docs/export.md`` documents every column and each deviation from GDELT's layout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from tidings.errors import ConfigError, StoreError
from tidings.store.query import EventFilter
from tidings.tables import SPECIAL_COUNTRIES, data_path, read_table

STORE_FORMATS = ("parquet", "csv", "jsonl", "plover", "gdelt")

GDELT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "BIGINT"),
    ("SQLDATE", "INTEGER"),
    ("MonthYear", "INTEGER"),
    ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    *(
        (f"Actor{n}{field}", "VARCHAR")
        for n in (1, 2)
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    ("IsRootEvent", "INTEGER"),
    ("EventCode", "VARCHAR"),
    ("EventBaseCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"),
    ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"),
    ("AvgTone", "DOUBLE"),
    *(
        (f"{prefix}Geo_{field}", kind)
        for prefix in ("Actor1", "Actor2", "Action")
        for field, kind in (
            ("Type", "INTEGER"),
            ("FullName", "VARCHAR"),
            ("CountryCode", "VARCHAR"),
            ("ADM1Code", "VARCHAR"),
            ("ADM2Code", "VARCHAR"),
            ("Lat", "DOUBLE"),
            ("Long", "DOUBLE"),
            ("FeatureID", "VARCHAR"),
        )
    ),
    ("DATEADDED", "BIGINT"),
    ("SOURCEURL", "VARCHAR"),
)
"""GDELT 2.0's event table: its 61 published column names, in order, with their types."""


@dataclass(frozen=True)
class ExportResult:
    rows: int
    files: list[Path]


def export_store(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    output: Path | None,
    flt: EventFilter | None = None,
    table: str = "events",
    stdout: IO[str] | None = None,
    header: bool = True,
) -> ExportResult:
    """Write the selected rows of ``table`` in ``fmt`` to ``output`` (stdout for the
    line-based formats when None)."""
    if fmt not in STORE_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use one of {', '.join(STORE_FORMATS)}")
    where, params = (flt or EventFilter()).where(table, alias="t")
    _register_countries(con)
    if fmt == "parquet":
        if output is None:
            raise ConfigError("parquet export needs a folder: give -o OUT_DIR")
        return _parquet(con, table, where, params, output)
    if fmt == "csv":
        cursor = con.execute(_flat_sql(table, where), params or None)
        return _write_delimited(cursor, output, stdout, ",", header=True)
    if fmt == "gdelt":
        cursor = con.execute(_gdelt_sql(table, where), params or None)
        return _write_delimited(cursor, output, stdout, "\t", header=header)
    lines = _record_lines(con, table, where, params, plover=fmt == "plover")
    return _write_lines(lines, output, stdout)


# --- Parquet and CSV: the table's columns, flat --------------------------------------------


def _flat_sql(table: str, where: str, lists_as_text: bool = True) -> str:
    list_columns = ("source_countries", "source_sectors", "target_countries", "target_sectors")
    excluded = ", ".join(
        list_columns + (("record", "block") if table == "mentions" else ("block",))
    )
    joined = ", ".join(
        f"array_to_string(t.{c}, ';') AS {c}" if lists_as_text else f"t.{c}" for c in list_columns
    )
    return f"SELECT t.* EXCLUDE ({excluded}), {joined} FROM {table} t{where} ORDER BY t.date, t.id"


def _parquet(
    con: duckdb.DuckDBPyConnection, table: str, where: str, params: list[Any], output: Path
) -> ExportResult:
    if output.exists() and any(output.iterdir()):
        raise ConfigError(f"{output}: folder is not empty; give a new one")
    output.mkdir(parents=True, exist_ok=True)
    sql = f"SELECT *, year(date) AS year FROM ({_flat_sql(table, where, lists_as_text=False)})"
    ((count,),) = con.execute(f"SELECT count(*) FROM ({sql})", params or None).fetchall()
    try:
        con.execute(
            f"COPY ({sql}) TO '{_quote(output)}' "
            "(FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE true)",
            params or None,
        )
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {output}: {str(exc).splitlines()[0]}") from exc
    return ExportResult(count, sorted(output.rglob("*.parquet")))


def _write_delimited(
    cursor: duckdb.DuckDBPyConnection,
    output: Path | None,
    stdout: IO[str] | None,
    sep: str,
    header: bool,
) -> ExportResult:
    import csv

    stream, close = _open_text(output, stdout)
    writer = csv.writer(stream, delimiter=sep, lineterminator="\n")
    if header:
        writer.writerow([d[0] for d in cursor.description or []])
    count = 0
    try:
        while batch := cursor.fetchmany(10_000):
            writer.writerows(["" if v is None else v for v in row] for row in batch)
            count += len(batch)
    finally:
        close()
    return ExportResult(count, [output] if output else [])


# --- GDELT ------------------------------------------------------------------------------


def _gdelt_sql(table: str, where: str) -> str:
    """One GDELT 2.0 row per event (or per report from ``mentions``)."""
    if table == "events":
        mention = "t.sample_mention_id"
        counts = "t.num_mentions, t.num_sources, t.num_articles"
        event_id = "t.id"
    else:
        mention = "t.id"
        counts = "1, 1, 1"
        event_id = "'ev-' || substr(md5(t.id), 1, 16)"
    actor_columns = []
    for n, side in ((1, "source"), (2, "target")):
        special = ", ".join(f"'{c}'" for c in sorted(SPECIAL_COUNTRIES))
        actor_columns.append(
            f"""coalesce(t.{side}_country, '') || coalesce(t.{side}_sector, '') AS Actor{n}Code,
            upper(coalesce(a{n}.name, a{n}.text, '')) AS Actor{n}Name,
            CASE WHEN t.{side}_country IN ({special}) THEN '' ELSE coalesce(t.{side}_country, '')
                END AS Actor{n}CountryCode,
            CASE WHEN t.{side}_country IN ({special}) THEN t.{side}_country ELSE '' END
                AS Actor{n}KnownGroupCode,
            '' AS Actor{n}EthnicCode, '' AS Actor{n}Religion1Code, '' AS Actor{n}Religion2Code,
            coalesce(t.{side}_sector, '') AS Actor{n}Type1Code, '' AS Actor{n}Type2Code,
            '' AS Actor{n}Type3Code"""
        )
    empty_geo = [
        f"""0 AS {p}Geo_Type, '' AS {p}Geo_FullName, '' AS {p}Geo_CountryCode,
            '' AS {p}Geo_ADM1Code, '' AS {p}Geo_ADM2Code, NULL::DOUBLE AS {p}Geo_Lat,
            NULL::DOUBLE AS {p}Geo_Long, '' AS {p}Geo_FeatureID"""
        for p in ("Actor1", "Actor2")
    ]
    return f"""
        SELECT
            CAST(('0x' || substr({event_id}, 4, 13)) AS BIGINT) AS GLOBALEVENTID,
            CAST(strftime(t.date, '%Y%m%d') AS INTEGER) AS SQLDATE,
            year(t.date) * 100 + month(t.date) AS MonthYear,
            year(t.date) AS Year,
            round(year(t.date) + (dayofyear(t.date) - 1) / 365.0, 4) AS FractionDate,
            {actor_columns[0]},
            {actor_columns[1]},
            CASE WHEN position(chr(10) IN substr(art.text, 1, m.sentence_start)) = 0
                 THEN 1 ELSE 0 END AS IsRootEvent,
            t.cameo AS EventCode,
            substr(t.cameo, 1, 3) AS EventBaseCode,
            substr(t.cameo, 1, 2) AS EventRootCode,
            CAST(t.quad_class AS INTEGER) AS QuadClass,
            t.goldstein AS GoldsteinScale,
            {counts.split(", ")[0]} AS NumMentions,
            {counts.split(", ")[1]} AS NumSources,
            {counts.split(", ")[2]} AS NumArticles,
            NULL::DOUBLE AS AvgTone,
            {empty_geo[0]},
            {empty_geo[1]},
            CASE WHEN m.place_country IS NULL THEN 0
                 WHEN m.place_precision = 'country' THEN 1
                 WHEN m.place_precision = 'admin1' THEN
                      CASE WHEN m.place_country = 'USA' THEN 2 ELSE 5 END
                 ELSE CASE WHEN m.place_country = 'USA' THEN 3 ELSE 4 END END AS ActionGeo_Type,
            coalesce(concat_ws(', ', m.place_name,
                               CASE WHEN m.place_admin1 <> m.place_name THEN m.place_admin1 END,
                               CASE WHEN m.place_precision <> 'country' THEN c.name END), '')
                AS ActionGeo_FullName,
            coalesce(c.fips, '') AS ActionGeo_CountryCode,
            coalesce(c.fips, '') AS ActionGeo_ADM1Code,
            '' AS ActionGeo_ADM2Code,
            m.place_lat AS ActionGeo_Lat,
            m.place_lon AS ActionGeo_Long,
            '' AS ActionGeo_FeatureID,
            CAST(strftime(art.ingested_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
            coalesce(art.url, art.id) AS SOURCEURL
        FROM {table} t
        JOIN mentions m ON m.id = {mention}
        JOIN articles art ON art.id = m.doc_id
        LEFT JOIN actors a1 ON a1.mention_id = m.id AND a1.side = 'source' AND a1.position = 0
        LEFT JOIN actors a2 ON a2.mention_id = m.id AND a2.side = 'target' AND a2.position = 0
        LEFT JOIN export_countries c ON c.code = m.place_country
        {where}
        ORDER BY t.date, t.id
    """


# --- JSON Lines: the shared event format, and PLOVER-style ---------------------------------


def _record_lines(
    con: duckdb.DuckDBPyConnection, table: str, where: str, params: list[Any], plover: bool
) -> Iterator[str]:
    if table == "events":
        sql = f"""
            SELECT m.record, t.id, t.num_mentions, t.num_articles, t.num_sources,
                   t.first_seen, t.last_seen, t.date, t.date_earliest, t.date_latest,
                   t.historical, t.confidence, art.url, art.outlet, art.published
            FROM events t JOIN mentions m ON m.id = t.sample_mention_id
            JOIN articles art ON art.id = m.doc_id{where} ORDER BY t.date, t.id
        """
    else:
        sql = f"""
            SELECT t.record, t.event_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, art.url, art.outlet, art.published
            FROM mentions t JOIN articles art ON art.id = t.doc_id{where} ORDER BY t.date, t.id
        """
    cursor = con.execute(sql, params or None)
    while batch := cursor.fetchmany(5_000):
        for row in batch:
            record = json.loads(row[0])
            cluster = _cluster(row) if table == "events" else {"id": row[1]}
            out = _plover(record, cluster, row) if plover else {**record, "event": cluster}
            yield json.dumps(out, ensure_ascii=False, default=str)


def _cluster(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[1],
        "num_mentions": row[2],
        "num_articles": row[3],
        "num_sources": row[4],
        "first_seen": row[5],
        "last_seen": row[6],
        "date": {"value": row[7], "earliest": row[8], "latest": row[9]},
        "historical": row[10],
        "confidence": round(row[11], 3),
    }


def _plover(
    record: dict[str, Any], cluster: dict[str, Any], row: tuple[Any, ...]
) -> dict[str, Any]:
    """A record in the field names of PLOVER's event data format."""

    def first(side: str, key: str) -> Any:
        actors = record.get(side) or []
        return actors[0].get(key) if actors else None

    location = record.get("location") or None
    date = cluster.get("date") or record["date"]
    return {
        "id": cluster["id"] or record["id"],
        "date": date["value"],
        "date_earliest": date["earliest"],
        "date_latest": date["latest"],
        "event": record["type"],
        "mode": record.get("mode") or "",
        "context": record.get("context") or [],
        "source_actor": first("source", "name") or first("source", "text") or "",
        "source_country": first("source", "country") or "",
        "source_agent": first("source", "sector") or "",
        "target_actor": first("target", "name") or first("target", "text") or "",
        "target_country": first("target", "country") or "",
        "target_agent": first("target", "sector") or "",
        "eventText": record["sentence"]["text"],
        "trigger": record["trigger"]["text"],
        "storyID": record["doc_id"],
        "publication": row[13] or "",
        "url": row[12] or "",
        "published": row[14],
        "location": (
            [
                {
                    "placeName": location.get("name") or location.get("text"),
                    "countryCode": location.get("country"),
                    "admin1": location.get("admin1"),
                    "lat": location.get("lat"),
                    "lon": location.get("lon"),
                    "precision": location.get("precision"),
                }
            ]
            if location
            else []
        ),
        "cameo": record["cameo"],
        "goldstein": record["goldstein"],
        "quad_class": record["quad_class"],
        "historical": record.get("historical", False),
        "num_mentions": cluster.get("num_mentions", 1),
        "num_sources": cluster.get("num_sources", 1),
        "num_articles": cluster.get("num_articles", 1),
        "version": "PLOVER 1.0 (Tidings export 1)",
        "language": "en",
    }


# --- output plumbing --------------------------------------------------------------------


def _write_lines(lines: Iterator[str], output: Path | None, stdout: IO[str] | None) -> ExportResult:
    stream, close = _open_text(output, stdout)
    count = 0
    try:
        for line in lines:
            stream.write(line + "\n")
            count += 1
    finally:
        close()
    return ExportResult(count, [output] if output else [])


def _open_text(output: Path | None, stdout: IO[str] | None) -> tuple[IO[str], Any]:
    if output is None:
        if stdout is None:
            raise ConfigError("no output: give -o FILE")
        return stdout, stdout.flush
    try:
        stream = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise ConfigError(f"{output}: cannot write: {exc.strerror}") from exc
    return stream, stream.close


def _register_countries(con: duckdb.DuckDBPyConnection) -> None:
    rows = read_table(data_path("countries.tsv"), ("code", "fips", "name")).rows
    con.register(
        "export_countries",
        pa.table(
            {
                "code": [r["code"].strip().upper() for r in rows],
                "fips": [r["fips"].strip() for r in rows],
                "name": [r["name"].strip() for r in rows],
            }
        ),
    )


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
