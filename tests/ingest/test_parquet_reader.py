"""Parquet reader: a text column of the user's choice, optional metadata, row batches."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import InputError
from tidings.ingest import ReadOptions, read_inputs
from tidings.records import Article


def test_rows_become_articles_with_their_metadata(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    table = pa.table(
        {
            "body": ["Troops left Kabul.", "", "Police arrested ten people.", None],
            "id": ["p1", "p2", None, "p4"],
            "published": [datetime(2021, 8, 30, 23, 0), None, datetime(2020, 1, 2), None],
            "outlet": ["AP", None, "Reuters", None],
            "ignored": [1, 2, 3, 4],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    items = list(read_inputs([str(path)], ReadOptions(text_column="body", batch_rows=1)))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [str(i) for i in items if isinstance(i, InputError)]
    assert articles[0].id == "p1"
    assert articles[0].published == date(2021, 8, 30) and articles[0].outlet == "AP"
    assert articles[1].id.startswith("sha1-") and articles[1].origin.endswith("news.parquet:3")
    assert problems == [
        f"{path}:2: field 'body': empty",
        f"{path}:4: field 'body': missing",
    ]


def test_string_dates_and_a_missing_text_column(tmp_path: Path) -> None:
    good = tmp_path / "a.parquet"
    pq.write_table(
        pa.table({"text": ["Iran and Iraq signed a treaty."], "published": ["2015-07-05"]}), good
    )
    bad = tmp_path / "b.parquet"
    pq.write_table(pa.table({"content": ["x"]}), bad)
    items = list(read_inputs([str(tmp_path)]))
    assert isinstance(items[0], Article) and items[0].published == date(2015, 7, 5)
    assert isinstance(items[1], InputError)
    assert "no column 'text' (columns: content; choose one with --text-column)" in str(items[1])


def test_a_file_that_is_not_parquet_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    path.write_bytes(b"not parquet at all")
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError) and "cannot read Parquet" in str(item)
