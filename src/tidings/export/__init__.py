"""Export stage: coded events out of Tidings.

    stream   events as they are coded (``tidings code``): JSON Lines, CSV, Parquet
    tables   a store's events or reports (``tidings export``): Parquet partitioned by
             year, CSV, JSON Lines, PLOVER-style JSON Lines, GDELT 2.0 TSV

``docs/export.md`` documents every format's columns.
"""

from tidings.export.stream import (
    EVENT_FIELDS,
    FORMATS,
    SCHEMA,
    CsvWriter,
    EventWriter,
    JsonlWriter,
    ParquetWriter,
    event_row,
    open_writer,
)
from tidings.export.tables import GDELT_COLUMNS, STORE_FORMATS, ExportResult, export_store

__all__ = [
    "EVENT_FIELDS",
    "FORMATS",
    "GDELT_COLUMNS",
    "SCHEMA",
    "STORE_FORMATS",
    "CsvWriter",
    "EventWriter",
    "ExportResult",
    "JsonlWriter",
    "ParquetWriter",
    "event_row",
    "export_store",
    "open_writer",
]
