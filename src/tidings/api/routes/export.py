"""Downloads of a filtered set, written by ``tidings.export.export_store``."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from fastapi import APIRouter, HTTPException, Query, Response

from tidings.api.deps import Connection, Settings
from tidings.api.filters import Filter, TableParam
from tidings.api.schemas import ErrorOut
from tidings.export import export_store

router = APIRouter(prefix="/api", tags=["export"])

MEDIA = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "plover": ("application/x-ndjson", "plover.jsonl"),
    "gdelt": ("text/tab-separated-values; charset=utf-8", "gdelt.tsv"),
}


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {media: {} for media, _ in MEDIA.values()}, "description": "A file."},
        413: {"model": ErrorOut},
        503: {"model": ErrorOut},
    },
)
def export(
    con: Connection,
    settings: Settings,
    flt: Filter,
    format: Annotated[
        Literal["csv", "parquet", "jsonl", "plover", "gdelt"],
        Query(description="As tidings export --format; parquet is one file with a year column."),
    ] = "csv",
    table: TableParam = "events",
) -> Response:
    """The filtered events (or reports) as a file, in the formats of docs/export.md."""
    where, params = flt.where(table)
    ((rows,),) = con.execute(f"SELECT count(*) FROM {table}{where}", params or None).fetchall()
    if rows > settings.max_export_rows:
        raise HTTPException(
            413,
            detail=f"the selection has {rows:,} rows; the web export writes at most "
            f"{settings.max_export_rows:,}: narrow the filters, or use 'tidings export'",
        )
    media, suffix = MEDIA[format]
    if format == "parquet":
        content: bytes = _parquet(con, flt, table)
    else:
        buffer = io.StringIO()
        export_store(con, format, None, flt, table, stdout=buffer)
        content = buffer.getvalue().encode("utf-8")
    filename = f"tidings-{table}.{suffix}"
    return Response(
        content,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _parquet(con: Connection, flt: Filter, table: str) -> bytes:
    # export_store writes a folder partitioned by year; a download is one file, so the
    # partitions are read back (the year becomes a column) and written as one.
    with tempfile.TemporaryDirectory(prefix="tidings-export-") as tmp:
        folder = Path(tmp) / "out"
        export_store(con, "parquet", folder, flt, table)
        files = sorted(folder.rglob("*.parquet"))
        data = (
            ds.dataset(folder, format="parquet", partitioning="hive").to_table()
            if files
            else pa.table({})
        )
    sink = io.BytesIO()
    pq.write_table(data, sink)
    return sink.getvalue()
