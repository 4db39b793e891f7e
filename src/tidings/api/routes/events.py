"""Stored events, one event with its reports, one article with its spans."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from tidings import store
from tidings.api.deps import Connection, Settings, fetch_dicts
from tidings.api.filters import Filter
from tidings.api.schemas import (
    ArticleOut,
    ErrorOut,
    EventDetail,
    EventPage,
    EventRow,
    MentionOut,
    record,
)

router = APIRouter(prefix="/api", tags=["events"])

# The sample report's article, trigger and sentence come along so that a listing can
# show what each event was read from without a second request.
EVENT_COLUMNS = (
    "id, date, date_earliest, date_latest, type, mode, cameo, goldstein, quad_class, "
    "source_countries, source_sectors, target_countries, target_sectors, "
    "source_country, target_country, place_name, place_country, place_lat, place_lon, "
    "historical, num_mentions, num_articles, num_sources, first_seen, last_seen, "
    "confidence, sample_mention_id, "
    "(SELECT m.doc_id FROM mentions m WHERE m.id = events.sample_mention_id) AS doc_id, "
    "(SELECT m.trigger_text FROM mentions m WHERE m.id = events.sample_mention_id) "
    "AS trigger_text, "
    "(SELECT m.sentence_text FROM mentions m WHERE m.id = events.sample_mention_id) "
    "AS sentence_text"
)
MAX_MENTIONS = 100
SORTS = {"date": "date, id", "-date": "date DESC, id DESC"}

_MENTION_SQL = """
    SELECT m.record, m.event_id, a.title AS article_title, a.outlet, a.url, a.published
    FROM mentions m JOIN articles a ON a.id = m.doc_id
"""

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 503: {"model": ErrorOut}}


@router.get("/events", response_model=EventPage, responses={503: {"model": ErrorOut}})
def list_events(
    con: Connection,
    settings: Settings,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, description="Events per page (at most 500).")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Events to skip.")] = 0,
    sort: Annotated[Literal["date", "-date"], Query(description="-date: newest first.")] = "-date",
) -> EventPage:
    """De-duplicated events matching the filters, a page at a time."""
    if limit > settings.max_page:
        raise HTTPException(422, detail=f"limit: at most {settings.max_page} events a page")
    where, params = flt.where("events")
    ((total,),) = con.execute(f"SELECT count(*) FROM events{where}", params or None).fetchall()
    relation = store.select(con, flt, "events", None, EVENT_COLUMNS)
    page = relation.order(SORTS[sort]).limit(limit, offset)
    events = [EventRow.model_validate(row) for row in fetch_dicts(page)]
    return EventPage(total=total, limit=limit, offset=offset, events=events)


@router.get("/events/{event_id}", response_model=EventDetail, responses=NOT_FOUND)
def get_event(
    con: Connection,
    event_id: Annotated[
        str, Path(pattern=r"^ev-[0-9a-f]{16}$", description="An event id (ev- and 16 hex).")
    ],
) -> EventDetail:
    """One event with its reports: each report's sentence, trigger, actors and article."""
    rows = fetch_dicts(con.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise HTTPException(404, detail=f"no event {event_id}")
    mentions = fetch_dicts(
        con.execute(
            f"{_MENTION_SQL} WHERE m.event_id = ? ORDER BY a.published, m.id LIMIT {MAX_MENTIONS}",
            [event_id],
        )
    )
    return EventDetail(
        event=EventRow.model_validate(rows[0]), mentions=[_mention(m) for m in mentions]
    )


@router.get("/articles/{article_id:path}", response_model=ArticleOut, responses=NOT_FOUND)
def get_article(
    con: Connection,
    article_id: Annotated[str, Path(min_length=1, max_length=500, description="An article id.")],
) -> ArticleOut:
    """An article's text with every report coded from it: the spans of sentences,
    triggers, actors, time expressions and places, as character offsets into the text."""
    rows = fetch_dicts(
        con.execute(
            "SELECT id, title, url, outlet, published, canonical_id, text FROM articles "
            "WHERE id = ?",
            [article_id],
        )
    )
    if not rows:
        raise HTTPException(404, detail=f"no article {article_id!r}")
    mentions = fetch_dicts(
        con.execute(
            f"{_MENTION_SQL} WHERE m.doc_id = ? ORDER BY m.trigger_start, m.id", [article_id]
        )
    )
    return ArticleOut(**rows[0], mentions=[_mention(m) for m in mentions])


def _mention(row: dict[str, Any]) -> MentionOut:
    return MentionOut.model_validate({**row, "record": record(row["record"])})
