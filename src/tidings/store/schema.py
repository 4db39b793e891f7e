"""The store's schema, as named migrations applied in order and recorded.

Tables (``docs/store.md`` documents every column):

    articles           one row per article; ``canonical_id`` names the article it is a
                       (near-)copy of, itself for originals
    article_bands      the MinHash band keys of each article, to find near-copies
    mentions           one row per coded event report, with spans, actors, date, place
    actors             one row per actor of a mention (side, position, country, sector, name)
    events             one row per real-world event: mentions clustered by de-duplication
    schema_migrations  the migrations applied

A migration is applied in one transaction; a store opened by a newer Tidings is brought up
to date when it is next opened for writing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from tidings.errors import StoreError

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_articles_and_mentions",
        """
        CREATE TABLE articles (
            id           VARCHAR PRIMARY KEY,
            title        VARCHAR,
            url          VARCHAR,
            outlet       VARCHAR,
            published    DATE,
            text         VARCHAR NOT NULL,
            num_events   INTEGER NOT NULL,
            ingested_at  TIMESTAMP NOT NULL
        );
        CREATE TABLE mentions (
            id               VARCHAR PRIMARY KEY,
            doc_id           VARCHAR NOT NULL,
            sentence_start   INTEGER NOT NULL,
            sentence_end     INTEGER NOT NULL,
            sentence_text    VARCHAR NOT NULL,
            trigger_start    INTEGER NOT NULL,
            trigger_end      INTEGER NOT NULL,
            trigger_text     VARCHAR NOT NULL,
            type             VARCHAR NOT NULL,
            mode             VARCHAR,
            cameo            VARCHAR NOT NULL,
            goldstein        DOUBLE NOT NULL,
            quad_class       TINYINT NOT NULL,
            source_countries VARCHAR[] NOT NULL,
            source_sectors   VARCHAR[] NOT NULL,
            target_countries VARCHAR[] NOT NULL,
            target_sectors   VARCHAR[] NOT NULL,
            date             DATE NOT NULL,
            date_earliest    DATE NOT NULL,
            date_latest      DATE NOT NULL,
            date_precision   VARCHAR NOT NULL,
            date_basis       VARCHAR NOT NULL,
            confidence       DOUBLE NOT NULL,
            negated          BOOLEAN NOT NULL,
            hypothetical     BOOLEAN NOT NULL,
            record           JSON NOT NULL
        );
        CREATE INDEX mentions_doc ON mentions (doc_id);
        """,
    ),
    (
        "0002_events_actors_places_duplicates",
        """
        ALTER TABLE articles ADD COLUMN text_hash VARCHAR;
        ALTER TABLE articles ADD COLUMN minhash UINTEGER[];
        ALTER TABLE articles ADD COLUMN canonical_id VARCHAR;
        UPDATE articles SET text_hash = md5(text), canonical_id = id;

        ALTER TABLE mentions ADD COLUMN source_country VARCHAR;
        ALTER TABLE mentions ADD COLUMN source_sector VARCHAR;
        ALTER TABLE mentions ADD COLUMN target_country VARCHAR;
        ALTER TABLE mentions ADD COLUMN target_sector VARCHAR;
        ALTER TABLE mentions ADD COLUMN historical BOOLEAN DEFAULT FALSE;
        ALTER TABLE mentions ADD COLUMN published DATE;
        ALTER TABLE mentions ADD COLUMN place_name VARCHAR;
        ALTER TABLE mentions ADD COLUMN place_country VARCHAR;
        ALTER TABLE mentions ADD COLUMN place_admin1 VARCHAR;
        ALTER TABLE mentions ADD COLUMN place_lat DOUBLE;
        ALTER TABLE mentions ADD COLUMN place_lon DOUBLE;
        ALTER TABLE mentions ADD COLUMN place_precision VARCHAR;
        ALTER TABLE mentions ADD COLUMN block VARCHAR;
        ALTER TABLE mentions ADD COLUMN cluster_earliest DATE;
        ALTER TABLE mentions ADD COLUMN cluster_latest DATE;
        ALTER TABLE mentions ADD COLUMN event_id VARCHAR;
        UPDATE mentions SET
            source_country = nullif(source_countries[1], ''),
            source_sector = nullif(source_sectors[1], ''),
            target_country = nullif(target_countries[1], ''),
            target_sector = nullif(target_sectors[1], ''),
            historical = coalesce(TRY_CAST(json_extract(record, '$.historical') AS BOOLEAN), FALSE),
            place_name = json_extract_string(record, '$.location.name'),
            place_country = json_extract_string(record, '$.location.country'),
            place_admin1 = json_extract_string(record, '$.location.admin1'),
            place_lat = TRY_CAST(json_extract(record, '$.location.lat') AS DOUBLE),
            place_lon = TRY_CAST(json_extract(record, '$.location.lon') AS DOUBLE),
            place_precision = json_extract_string(record, '$.location.precision'),
            published = (SELECT a.published FROM articles a WHERE a.id = mentions.doc_id),
            block = type
                || '|' || coalesce(list_min(list_filter(source_countries, lambda c: c <> '')), '')
                || '|' || coalesce(list_min(list_filter(target_countries, lambda c: c <> '')), ''),
            cluster_earliest = CASE WHEN date_basis = 'text' THEN date_earliest
                                    ELSE date_latest - INTERVAL 1 DAY END,
            cluster_latest = date_latest;

        CREATE TABLE article_bands (
            article_id  VARCHAR NOT NULL,
            band_key    BIGINT NOT NULL
        );
        CREATE TABLE actors (
            mention_id  VARCHAR NOT NULL,
            side        VARCHAR NOT NULL,
            position    INTEGER NOT NULL,
            text        VARCHAR NOT NULL,
            country     VARCHAR,
            sector      VARCHAR,
            name        VARCHAR
        );
        CREATE TABLE events (
            id                VARCHAR PRIMARY KEY,
            block             VARCHAR NOT NULL,
            type              VARCHAR NOT NULL,
            mode              VARCHAR,
            cameo             VARCHAR NOT NULL,
            goldstein         DOUBLE NOT NULL,
            quad_class        TINYINT NOT NULL,
            source_countries  VARCHAR[] NOT NULL,
            source_sectors    VARCHAR[] NOT NULL,
            target_countries  VARCHAR[] NOT NULL,
            target_sectors    VARCHAR[] NOT NULL,
            source_country    VARCHAR,
            source_sector     VARCHAR,
            target_country    VARCHAR,
            target_sector     VARCHAR,
            date              DATE NOT NULL,
            date_earliest     DATE NOT NULL,
            date_latest       DATE NOT NULL,
            historical        BOOLEAN NOT NULL,
            place_name        VARCHAR,
            place_country     VARCHAR,
            place_lat         DOUBLE,
            place_lon         DOUBLE,
            num_mentions      INTEGER NOT NULL,
            num_articles      INTEGER NOT NULL,
            num_sources       INTEGER NOT NULL,
            first_seen        DATE,
            last_seen         DATE,
            confidence        DOUBLE NOT NULL,
            sample_mention_id VARCHAR NOT NULL
        );

        """,
    ),
)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this store lacks, in order; returns their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
    if applied and "0002_events_actors_places_duplicates" in applied and done:
        _upgrade_from_0001(con)
    return applied


def _upgrade_from_0001(con: duckdb.DuckDBPyConnection) -> None:
    """A store written before 0002: fill its actors and events from what it holds."""
    from tidings.store.dedup import (
        assign_canonical,
        bands_table,
        refresh_events,
        signature_columns,
    )

    con.execute("BEGIN TRANSACTION")
    con.execute(
        """
        INSERT INTO actors
        SELECT id, side, position - 1, actor->>'text', actor->>'country',
               actor->>'sector', actor->>'name'
        FROM (
            SELECT id, 'source' AS side, unnest(json_extract(record, '$.source[*]')) AS actor,
                   generate_subscripts(json_extract(record, '$.source[*]'), 1) AS position
            FROM mentions
            UNION ALL
            SELECT id, 'target', unnest(json_extract(record, '$.target[*]')),
                   generate_subscripts(json_extract(record, '$.target[*]'), 1)
            FROM mentions
        )
        """
    )
    articles = con.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
    signatures, bands = signature_columns([text for _, text in articles])
    ids = [article_id for article_id, _ in articles]
    con.register(
        "signatures",
        pa.table({"id": ids, "minhash": pa.array(signatures, pa.list_(pa.uint32()))}),
    )
    con.execute(
        "UPDATE articles SET minhash = signatures.minhash FROM signatures "
        "WHERE articles.id = signatures.id"
    )
    con.unregister("signatures")
    con.register("bands", bands_table(ids, bands))
    con.execute("INSERT INTO article_bands SELECT * FROM bands")
    con.unregister("bands")
    assign_canonical(con, [article_id for article_id, _ in articles])
    refresh_events(con, None)
    con.execute("COMMIT")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
