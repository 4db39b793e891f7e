"""The API's request and response models: what the OpenAPI schema documents.

Event records are the shared event format (``docs/export.md``); store rows are the
columns of the ``events`` table (``docs/store.md``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT_CHARS = 1_000_000
"""The longest article text /api/code accepts; the body limit (1 MB) usually bites first."""


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in one line.")


# --- the shared event format --------------------------------------------------------------


class TextSpan(BaseModel):
    start: int = Field(description="Character offset into the article text.")
    end: int = Field(description="End offset, exclusive.")
    text: str


class ActorOut(BaseModel):
    text: str
    start: int
    end: int
    country: str | None = Field(description="ISO alpha-3, or UNO, EUR, IGO ...")
    sector: str | None = Field(description="GOV, MIL, REB, CVL ...")
    name: str | None = Field(default=None, description="The resolved name, e.g. Vladimir Putin.")


class DateOut(BaseModel):
    value: dt.date
    earliest: dt.date
    latest: dt.date
    precision: str = Field(description="day, month, year or window")
    basis: str = Field(description="text, publication or coding-date")
    expression: TextSpan | None = Field(
        default=None, description="The time expression the date was read from."
    )


class LocationOut(BaseModel):
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class EventRecord(BaseModel):
    """One coded report in the shared event format."""

    model_config = ConfigDict(extra="allow")

    id: str
    doc_id: str
    sentence: TextSpan
    trigger: TextSpan
    type: str = Field(description="PLOVER event type")
    mode: str | None = None
    context: list[str] = []
    cameo: str
    goldstein: float
    quad_class: int
    source: list[ActorOut]
    target: list[ActorOut]
    date: DateOut
    location: LocationOut | None = None
    confidence: float
    historical: bool = False
    rule: str = ""
    negated: bool = False
    hypothetical: bool = False


# --- POST /api/code -----------------------------------------------------------------------


class CodeRequest(BaseModel):
    """An article in the shared article format; only ``text`` is required."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Russian troops shelled the Ukrainian city of Kharkiv on Tuesday.",
                    "published": "2022-03-10",
                }
            ]
        },
    )

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The article text.")
    published: dt.date | None = Field(
        default=None,
        description="Publication date (YYYY-MM-DD, or an ISO date-time): relative dates are "
        "resolved against it; without it, against today.",
    )
    id: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[\w.:-]+$",
        description="Article id; derived from the text when absent.",
    )
    title: str | None = Field(default=None, max_length=1_000)
    url: str | None = Field(default=None, max_length=2_000)
    outlet: str | None = Field(default=None, max_length=200)

    @field_validator("published", mode="before")
    @classmethod
    def _day_of_a_datetime(cls, value: Any) -> Any:
        # The article format allows date-times; the day is what dating needs.
        if isinstance(value, str) and len(value) > 10:
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                return value  # the date check then says what is wrong
        return value


class CodedArticle(BaseModel):
    id: str
    published: dt.date | None
    characters: int


class CodeResponse(BaseModel):
    article: CodedArticle
    events: list[EventRecord]
    seconds: float = Field(description="Time spent coding, model loading included.")


# --- stored events ------------------------------------------------------------------------


class EventRow(BaseModel):
    """One de-duplicated event (a row of the ``events`` table) with its sample report's
    trigger and sentence."""

    id: str
    date: dt.date
    date_earliest: dt.date
    date_latest: dt.date
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    source_countries: list[str]
    source_sectors: list[str]
    target_countries: list[str]
    target_sectors: list[str]
    source_country: str | None
    target_country: str | None
    place_name: str | None
    place_country: str | None
    place_lat: float | None
    place_lon: float | None
    historical: bool
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    confidence: float
    sample_mention_id: str | None
    doc_id: str | None = Field(description="The sample report's article.")
    trigger_text: str | None
    sentence_text: str | None


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters.")
    limit: int
    offset: int
    events: list[EventRow]


class MentionOut(BaseModel):
    """One report of an event: its record, with the article it was read from."""

    record: EventRecord
    event_id: str | None
    article_title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None


class EventDetail(BaseModel):
    event: EventRow
    mentions: list[MentionOut] = Field(
        description="Its reports, earliest published first (at most 100; see num_mentions)."
    )


class ArticleOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: dt.date | None
    canonical_id: str | None = Field(description="The article this one copies; itself if none.")
    text: str
    mentions: list[MentionOut] = Field(
        description="Every report coded from this article, in text order, with its spans."
    )


# --- aggregates ---------------------------------------------------------------------------


class SeriesPoint(BaseModel):
    period: dt.date
    source: str | None = None
    target: str | None = None
    events: int
    goldstein: float
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int


class SeriesOut(BaseModel):
    by: str
    table: str
    points: list[SeriesPoint]


class ActorCount(BaseModel):
    actor: str
    country: str | None
    sector: str | None
    mentions: int
    events: int


class DyadCount(BaseModel):
    source: str
    target: str
    events: int
    goldstein: float = Field(description="Sum of Goldstein scores; divide by events for tone.")


class ActorsOut(BaseModel):
    actors: list[ActorCount]
    dyads: list[DyadCount]
    countries: dict[str, str] = Field(description="Names of the country codes listed.")


class PlaceCount(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    goldstein: float


class PlacesOut(BaseModel):
    places: list[PlaceCount]


class TypeCount(BaseModel):
    type: str
    events: int


class CountryCount(BaseModel):
    code: str
    name: str
    events: int


class SummaryOut(BaseModel):
    store: str = Field(description="The store's file name.")
    totals: dict[str, int]
    types: list[TypeCount]
    countries: list[CountryCount]
    first_date: dt.date | None
    last_date: dt.date | None
    snapshot: str | None = Field(
        description="With --snapshot: when the served copy was taken (UTC, ISO 8601)."
    )


def record(raw: Any) -> dict[str, Any]:
    """A stored record (JSON text or dict) as a dict."""
    return raw if isinstance(raw, dict) else dict(json.loads(raw))
