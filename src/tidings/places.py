"""Places stage: where an event happened, resolved against an offline gazetteer.

The gazetteer (``data/gazetteer.tsv.gz``, built from GeoNames by
``tools/build_gazetteer.py``) holds every city of 15,000 people or more, the first-level
administrative areas and the countries, with coordinates and population.

``Locator.locate`` reads the place of an event from the sentence — a locative phrase on
the event's words ("talks in Minsk, Belarus", "shelling in the eastern city of Donetsk",
"a raid near Kandahar") — and falls back to the article's dateline ("KABUL —"). Among
places of the same name it prefers the one the context supports: a country named with it
("Paris, Texas"), a state the article is about, then the most populous.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from tidings.errors import KnowledgeError
from tidings.records import Place
from tidings.tables import data_path

LOCATIVE = frozenset(
    {
        "in", "at", "near", "outside", "inside", "around", "across", "throughout", "through",
        "into", "over", "on", "along", "within",
    }
)  # fmt: skip
PLACE_WORDS = frozenset(
    {
        "city", "town", "village", "capital", "province", "region", "state", "district",
        "area", "port", "county", "governorate", "oblast", "territory", "enclave", "outskirts",
        "suburb", "border", "island", "centre", "center", "street", "streets", "neighbourhood",
        "neighborhood", "quarter", "heart", "part", "parts", "downtown", "edge", "north",
        "south", "east", "west",
    }
)  # fmt: skip
AREA_WORDS = frozenset(
    {"province", "region", "state", "district", "governorate", "oblast", "county", "territory"}
)
PRECISION = {"city": "city", "admin1": "admin1", "country": "country"}
# "KABUL, Afghanistan (Reuters) -", "NAIROBI —", "LAGOS, Nigeria, March 3 (AP) -"
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'’-]{1,40}[A-Z])"
    r"(?:,\s*(?P<where>[A-Z][A-Za-z .]{1,30}))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z .]{1,30}\))?\s*[-—–]+\s"
)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a place name."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("St. ", "Saint ").replace("St ", "Saint ")
    return " ".join(plain.casefold().replace("-", " ").split())


class Gazetteer:
    """Places by normalised name and alias."""

    def __init__(self, entries: Iterable[tuple[Entry, list[str]]]) -> None:
        index: dict[str, list[Entry]] = defaultdict(list)
        for entry, names in entries:
            for name in names:
                key = normalise(name)
                if key and entry not in index[key]:
                    index[key].append(entry)
        self._index = dict(index)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        path = path or data_path("gazetteer.tsv.gz")
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except OSError as exc:
            raise KnowledgeError(f"{path.name}: cannot read the gazetteer: {exc}") from exc
        rows = [line for line in lines if line and not line.startswith("#")]
        if not rows or rows[0].split("\t")[:3] != ["kind", "name", "aliases"]:
            raise KnowledgeError(f"{path.name}: not a gazetteer table")
        entries = []
        for number, line in enumerate(rows[1:], 2):
            cells = line.split("\t")
            if len(cells) != 8:
                raise KnowledgeError(f"{path.name}:{number}: expected 8 cells")
            kind, name, aliases, country, admin1, lat, lon, population = cells
            entry = Entry(
                kind, name, country, admin1 or None, float(lat), float(lon), int(population)
            )
            entries.append((entry, [name, *[a for a in aliases.split("|") if a]]))
        return cls(entries)

    def lookup(self, name: str) -> list[Entry]:
        return self._index.get(normalise(name), [])


@dataclass(frozen=True)
class Phrase:
    """A place name read from a sentence, with what the sentence says about it."""

    span: Span
    hint: str | None
    """A state named with it ("Minsk, Belarus", "the Syrian city of Homs")."""
    area: bool = False
    """Named as an area ("Helmand province"), not a city."""


@dataclass(frozen=True)
class Context:
    """What the article says that helps choose between places of one name."""

    countries: dict[str, int]
    """States the article names, with how often."""
    text: str = ""
    """The article, normalised, to see which first-level areas it names ("Texas")."""

    @classmethod
    def of(cls, countries: dict[str, int], text: str) -> Context:
        return cls(countries, f" {normalise(text)} ")

    def names(self, area: str | None) -> bool:
        return bool(area) and f" {normalise(area or '')} " in self.text


class Locator:
    def __init__(self, gazetteer: Gazetteer, country_names: dict[str, str]) -> None:
        self.gazetteer = gazetteer
        self.country_names = country_names
        """Lower-cased country names and adjectives → ISO alpha-3 (from the actors KB)."""

    def locate(
        self, sent: Span, offset: int, anchors: Iterable[Token], context: Context
    ) -> Place | None:
        """The place a sentence gives for an event anchored at ``anchors``."""
        found = [
            place
            for place in (self._resolve(p, offset, context) for p in self._phrases(sent, anchors))
            if place is not None
        ]
        # A place in a state the article is about beats a nearer namesake elsewhere
        # ("Independence Square in Kiev": Kiev, not Independence, Missouri).
        for place in found:
            if context.countries.get(place.country or ""):
                return place
        return found[0] if found else None

    def country_of_name(self, name: str, context: Context) -> str | None:
        """The country of a place name, for actors named by a city ("seized Goma")."""
        entry = self._choose(self.gazetteer.lookup(name), None, context)
        if entry is None or (entry.kind == "city" and entry.population < 50_000):
            return None
        return entry.country

    def dateline(self, text: str, context: Context) -> Place | None:
        """The place of an article's dateline, if it opens with one."""
        m = DATELINE.match(text)
        if m is None:
            return None
        name = m.group("place").title()
        hint = self._country_of(m.group("where") or "")
        entry = self._choose(self.gazetteer.lookup(name), hint, context)
        if entry is None:
            return None
        start, end = m.start("place"), m.end("place")
        return _place(entry, text[start:end], start, end)

    # --- finding place phrases ----------------------------------------------------------

    def _phrases(self, sent: Span, anchors: Iterable[Token]) -> list[Phrase]:
        """Candidate place names with a country hint, nearest to the event first: every
        locative phrase of the sentence, ordered by distance in the parse from the event's
        words ("officials said shelling hit a market in Donetsk": in Donetsk), then places
        the event acts on ("attacked the outskirts of Bangui", "an invasion of Ukraine")."""
        anchor_list = list(anchors) or [sent.root]
        preps = [
            t
            for t in sent
            if t.lower_ in LOCATIVE
            and (t.dep_ == "prep" or (t.dep_ == "conj" and t.head.dep_ == "prep"))
        ]
        preps.sort(key=lambda p: (min(_distance(p.head, a) for a in anchor_list), p.i))
        heads = [g for prep in preps for g in prep.children if g.dep_ == "pobj"]
        for anchor in anchor_list:
            objects = [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
            heads.extend(objects)
            for owner in (anchor, *objects):
                heads.extend(
                    g
                    for c in owner.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                )
        out: list[Phrase] = []
        seen: set[int] = set()
        for head in heads:
            if head.i not in seen:
                seen.add(head.i)
                out.extend(self._names_of(head))
        return out

    def _names_of(self, tok: Token) -> list[Phrase]:
        """Place names a phrase may give, best first: "Minsk, Belarus" → Minsk (BLR); "the
        eastern city of Donetsk" → Donetsk; "the Syrian city of Homs" → Homs (SYR);
        "Helmand province" → Helmand (an area); "Istanbul's Istiklal Avenue" → Istiklal
        Avenue, then Istanbul; "downtown Ottawa" → downtown Ottawa, then Ottawa."""
        hint = None
        for child in tok.children:
            if child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "PROPN", "NOUN"):
                hint = hint or self._country_of(child.text)
        lemma = tok.lemma_.lower()
        words = {lemma, tok.lower_}
        out: list[Phrase] = []
        if words & AREA_WORDS:
            names = [
                c
                for c in tok.children
                if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"
            ]
            if names:
                out.append(Phrase(_name_span(names[-1]), None, area=True))
        if words & PLACE_WORDS:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            out.extend(
                                Phrase(p.span, p.hint or hint, p.area) for p in self._names_of(g)
                            )
        for child in tok.children:
            # "Istanbul's Istiklal Avenue", "Damascus international airport"
            possessor = child.dep_ == "poss" and child.pos_ == "PROPN"
            modifier = (
                child.dep_ == "compound"
                and child.pos_ == "PROPN"
                and tok.pos_ == "NOUN"
                and not words & AREA_WORDS
            )
            if possessor or modifier:
                out.extend(self._names_of(child))
        if tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC"):
            for child in tok.children:
                if child.dep_ in ("appos", "npadvmod", "conj") and child.pos_ == "PROPN":
                    hint = self._country_of(_name_span(child).text) or hint
            span = _name_span(tok)
            out.insert(0, Phrase(span, hint))
        return out

    # --- resolving ----------------------------------------------------------------------

    def _resolve(self, found: Phrase, offset: int, context: Context) -> Place | None:
        span, hint = found.span, found.hint
        start = offset + span.start_char
        end = offset + span.end_char
        country = self._country_named(span.text)
        city_state = [
            e
            for e in self.gazetteer.lookup(span.text)
            if e.kind == "city"
            and e.country == country
            and normalise(e.name) == normalise(span.text)
        ]
        if country is not None and city_state:
            # "Hong Kong", "Singapore": the city is the place.
            return _place(max(city_state, key=lambda e: e.population), span.text, start, end)
        if country is not None:
            entry = self._choose(
                [e for e in self.gazetteer.lookup(span.text) if e.kind == "country"]
                or [e for e in self._capital_entries(country)],
                country,
                context,
            )
            if entry is not None:
                return _place(entry, span.text, start, end, kind="country")
        entry = self._choose(self.gazetteer.lookup(span.text), hint, context, found.area)
        return _place(entry, span.text, start, end) if entry is not None else None

    def _capital_entries(self, country: str) -> list[Entry]:
        return [
            e for e in self.gazetteer.lookup(self._country_name(country)) if e.kind == "country"
        ]

    def _country_name(self, code: str) -> str:
        return next((n for n, c in self.country_names.items() if c == code), code)

    def _country_named(self, text: str) -> str | None:
        """The state a name or adjective is ("Belarus", "Syrian"), if it is one."""
        return self.country_names.get(text.strip().lower().removeprefix("the "))

    def _country_of(self, text: str) -> str | None:
        """The state a word names: a country or its adjective, or the country of a
        first-level area ("Paris, Texas")."""
        key = text.strip().lower().removeprefix("the ")
        if key in self.country_names:
            return self.country_names[key]
        areas = {e.country for e in self.gazetteer.lookup(text) if e.kind == "admin1"}
        return areas.pop() if len(areas) == 1 else None

    def _choose(
        self, entries: list[Entry], hint: str | None, context: Context, area: bool = False
    ) -> Entry | None:
        if not entries:
            return None
        if hint is not None:
            hinted = [e for e in entries if e.country == hint]
            if hinted:
                entries = hinted
        if not area:
            # "Khartoum", "Basra": the city, not the province named after it.
            city_countries = {e.country for e in entries if e.kind == "city"}
            entries = [e for e in entries if e.kind != "admin1" or e.country not in city_countries]

        def score(e: Entry) -> float:
            mentioned = context.countries.get(e.country, 0)
            # "Donetsk" is the city, "Donetsk region" the area around it.
            kind_bonus = {"country": 3.0, "admin1": 4.0 if area else 0.5, "city": 1.0}[e.kind]
            # "Paris" in an article that names Texas is Paris, Texas.
            named_area = (
                e.kind == "city"
                and not area
                and context.names(e.admin1)
                and normalise(e.admin1 or "") != normalise(e.name)
            )
            area_bonus = 1e5 if named_area else 1.0
            return (1 + e.population) * kind_bonus * area_bonus * (1 + 100 * min(mentioned, 5))

        return max(entries, key=score)


def _distance(a: Token, b: Token) -> int:
    """Steps between two tokens in the dependency tree."""
    up_a = [a, *a.ancestors]
    depth_b = {t.i: d for d, t in enumerate([b, *b.ancestors])}
    for d, t in enumerate(up_a):
        if t.i in depth_b:
            return d + depth_b[t.i]
    return len(up_a) + len(depth_b)


def _name_span(tok: Token) -> Span:
    """A proper name with the words before it that belong to it ("Ho Chi Minh City",
    "Port-au-Prince", "Ciudad Juárez")."""
    left = tok.i
    start = tok.sent.start
    while left > start:
        prev = tok.doc[left - 1]
        joined = prev.whitespace_ == "" or prev.text == "-"
        part_of_name = prev.pos_ == "PROPN" and prev.head.i in range(left, tok.i + 1)
        connector = joined and (prev.text == "-" or prev.is_lower) and left - 1 > start
        if part_of_name or connector:
            left -= 1
        else:
            break
    while left < tok.i and not tok.doc[left].text[:1].isupper():
        left += 1
    return tok.doc[left : tok.i + 1]


def _place(entry: Entry, text: str, start: int, end: int, kind: str | None = None) -> Place:
    return Place(
        text=text,
        start=start,
        end=end,
        country=entry.country,
        name=entry.name,
        admin1=entry.admin1 if (kind or entry.kind) != "country" else None,
        lat=entry.lat,
        lon=entry.lon,
        precision=PRECISION[kind or entry.kind],
    )
