"""Typed records that flow between the pipeline stages.

Every stage takes and returns these; none of them is changed after a stage returns it.
Character offsets are always offsets into ``Article.text``, end exclusive.

    Article ─► Sentence ─► Mention (an actor named in a sentence, with its dated roles)
                              └─► Event (trigger, type, Actors resolved on the event's
                                         date, DateInterval, Place, confidence)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the article text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from the input, after cleaning."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str = ""
    """Where the article was read from (``file:line``), for messages."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Role:
    """What an entity stands for during an interval: a country and a sector."""

    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    office: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in a sentence: a state, capital, organisation, person or group.

    ``roles`` holds the dated roles of people and organisations whose role changes over
    time; ``country``/``sector`` are what the mention means when no date decides.
    """

    text: str
    start: int
    end: int
    country: str | None
    sector: str | None
    name: str | None = None
    kind: str = "state"
    roles: tuple[Role, ...] = ()
    after_term: str | None = None
    """Sector to use on dates outside every role (``ELI`` for former office holders)."""

    def on(self, day: dt.date | None) -> Actor:
        """The actor this mention stands for on ``day``."""
        country, sector = self.country, self.sector
        if self.roles and day is not None:
            current = [r for r in self.roles if r.holds_on(day)]
            if current:
                best = _most_specific(current)
                country, sector = best.country, best.sector
            elif self.after_term is not None:
                earlier = [r for r in self.roles if r.end is not None and r.end < day]
                if earlier:
                    country = max(earlier, key=lambda r: r.end or dt.date.min).country
                    sector = self.after_term
                else:
                    # Before the first office: a known person, but not yet an official.
                    country = self.roles[0].country
                    sector = self.sector
        return Actor(self.text, self.start, self.end, country, sector, self.name)


def _most_specific(roles: list[Role]) -> Role:
    """Among roles holding on one day, prefer the one that started last."""
    return max(roles, key=lambda r: r.start or dt.date.min)


@dataclass(frozen=True, slots=True)
class Actor:
    """An event's source or target member, resolved for the event's date."""

    text: str
    start: int
    end: int
    country: str | None
    sector: str | None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "country": self.country,
            "sector": self.sector,
        }
        if self.name:
            out["name"] = self.name
        return out


@dataclass(frozen=True, slots=True)
class DateInterval:
    """When an event happened: the tightest interval the text and publication date allow.

    ``precision`` is ``day``, ``month``, ``year`` or ``window``; ``basis`` says what fixed it:
    ``text`` (a time expression), ``publication`` (no expression: the window before
    publication) or ``coding-date`` (no publication date: the day the article was coded).
    """

    value: dt.date
    earliest: dt.date
    latest: dt.date
    precision: str
    basis: str
    text: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision,
            "basis": self.basis,
        }
        if self.text is not None:
            out["expression"] = self.text.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, resolved against the gazetteer."""

    text: str
    start: int
    end: int
    country: str | None
    name: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event report: the shared event format, with provenance spans."""

    doc_id: str
    sentence: Sentence
    trigger: TextSpan
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    date: DateInterval
    confidence: float
    location: Place | None = None
    context: tuple[str, ...] = ()
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    """The event ended well before publication (a background mention, not news)."""
    rule: str = ""
    """Which lexicon entry or rule produced the event, so it can say why it exists."""
    published: dt.date | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        """Content-derived id: the same article coded twice gives the same ids."""
        key = "|".join(
            (
                self.doc_id,
                str(self.trigger.start),
                str(self.trigger.end),
                self.type,
                self.date.earliest.isoformat(),
                self.date.latest.isoformat(),
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence": self.sentence.to_dict(),
            "trigger": self.trigger.to_dict(),
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": self.date.to_dict(),
            "location": self.location.to_dict() if self.location else None,
            "confidence": round(self.confidence, 3),
            "historical": self.historical,
            "rule": self.rule,
        }
        if self.negated:
            out["negated"] = True
        if self.hypothetical:
            out["hypothetical"] = True
        return out


def event_from_dict(
    obj: dict[str, Any],
    *,
    confidence: float | None = None,
    published: dt.date | None = None,
    sentence_index: int = 0,
) -> Event:
    """An ``Event`` back from its ``to_dict()`` record (the shared event format).

    The record rounds the confidence to three decimals and leaves out the publication
    date and the sentence's index in its article; pass them to get the coded event back
    exactly (the Parquet partitions of ``tidings code --engine dask`` keep both).
    """
    sentence = obj["sentence"]
    when = obj["date"]
    expression = when.get("expression")
    location = obj.get("location")
    return Event(
        doc_id=obj["doc_id"],
        sentence=Sentence(
            obj["doc_id"], sentence_index, sentence["start"], sentence["end"], sentence["text"]
        ),
        trigger=_span(obj["trigger"]),
        type=obj["type"],
        mode=obj.get("mode"),
        cameo=obj["cameo"],
        goldstein=float(obj["goldstein"]),
        quad_class=int(obj["quad_class"]),
        source=tuple(_actor(a) for a in obj.get("source", ())),
        target=tuple(_actor(a) for a in obj.get("target", ())),
        date=DateInterval(
            value=dt.date.fromisoformat(when["value"]),
            earliest=dt.date.fromisoformat(when["earliest"]),
            latest=dt.date.fromisoformat(when["latest"]),
            precision=when["precision"],
            basis=when["basis"],
            text=_span(expression) if expression else None,
        ),
        confidence=float(obj["confidence"]) if confidence is None else confidence,
        location=Place(
            text=location["text"],
            start=location["start"],
            end=location["end"],
            country=location.get("country"),
            name=location.get("name"),
            admin1=location.get("admin1"),
            lat=location.get("lat"),
            lon=location.get("lon"),
            precision=location.get("precision"),
        )
        if location
        else None,
        context=tuple(obj.get("context", ())),
        negated=bool(obj.get("negated", False)),
        hypothetical=bool(obj.get("hypothetical", False)),
        historical=bool(obj.get("historical", False)),
        rule=obj.get("rule", ""),
        published=published,
    )


def _span(obj: dict[str, Any]) -> TextSpan:
    return TextSpan(obj["start"], obj["end"], obj["text"])


def _actor(obj: dict[str, Any]) -> Actor:
    return Actor(
        obj["text"],
        obj["start"],
        obj["end"],
        obj.get("country"),
        obj.get("sector"),
        obj.get("name"),
    )
