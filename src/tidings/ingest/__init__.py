"""Ingest stage: read articles from files, folders, standard input, crawls and feeds.

Every reader yields ``Article`` records, and ``InputError`` values (not raised) for items
it had to skip, so one bad line never costs the rest of the batch. Supported inputs:

    .txt                 one article per file
    .html, .htm          one page per file, its main text extracted (clean stage)
    .jsonl, .jsonl.gz    articles in the shared format, one JSON object per line
    .parquet             one article per row; the text column is ``ReadOptions.text_column``
    .warc, .warc.gz      the HTML responses of a web crawl
    a folder             every supported file in it, recursively, in name order
    -                    standard input: JSON Lines, HTML or plain text, by its first character

RSS and Atom feeds are polled by ``tidings watch`` (``tidings.ingest.feeds``). Modules:

    core         records shared by the readers: ``Page`` (HTML to clean), ids, dates
    files        files, folders, standard input, JSON Lines; dispatch by file name
    parquet      Parquet rows, a batch of rows at a time
    warc         WARC responses through the cleaner
    feeds        fetching (http(s) only, timeouts, size caps), RSS/Atom, the watch state
    partitions   inputs cut into partitions a worker reads by itself (the Dask engine)
"""

from __future__ import annotations

from tidings.ingest.core import (
    Item,
    Page,
    RawItem,
    ReadOptions,
    article_from_dict,
    content_id,
    decode_text,
    finish,
    parse_published,
    reason_of,
    url_id,
)
from tidings.ingest.files import (
    STDIN,
    SUPPORTED,
    kind_of,
    read_file,
    read_inputs,
    read_items,
    read_jsonl,
    read_stream,
)

__all__ = [
    "STDIN",
    "SUPPORTED",
    "Item",
    "Page",
    "RawItem",
    "ReadOptions",
    "article_from_dict",
    "content_id",
    "decode_text",
    "finish",
    "kind_of",
    "parse_published",
    "read_file",
    "read_inputs",
    "read_items",
    "read_jsonl",
    "read_stream",
    "reason_of",
    "url_id",
]
