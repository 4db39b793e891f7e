"""Places: the located-sentence set (tests/data/locations.jsonl) and the gazetteer."""

from __future__ import annotations

import json
import math

from tidings.actors import ArticleActors, SentenceMatches
from tidings.nlp import parse_articles
from tidings.places import Context, normalise
from tidings.records import Article, Place

from conftest import DATA

LOCATIONS = DATA / "locations.jsonl"


def _locate(coder, item) -> Place | None:  # type: ignore[no-untyped-def]
    article = Article(id=item["id"], text=item["text"])
    (parsed,) = list(parse_articles(coder.nlp, [article]))
    matches = [
        SentenceMatches(ps.span, ps.offset, coder.matcher.find(ps.span)) for ps in parsed.sentences
    ]
    context = Context.of(
        dict(ArticleActors(matches, coder.options.today).country_counts), item["text"]
    )
    start = item["text"].index(item["sentence"])
    for index, ps in enumerate(parsed.sentences):
        if not ps.sentence.start <= start < ps.sentence.end:
            continue
        actors = ArticleActors(matches, coder.options.today).for_sentence(index)
        anchors = [t for c in coder.detector.detect(actors) for t in c.anchors] or [ps.span.root]
        place = coder.locator.locate(ps.span, ps.offset, anchors, context)
        if place is not None:
            return place
    return coder.locator.dateline(item["text"], context)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def test_located_sentences(coder) -> None:  # type: ignore[no-untyped-def]
    items = [
        json.loads(line) for line in LOCATIONS.read_text(encoding="utf-8").splitlines() if line
    ]
    assert len(items) >= 100
    country_ok = place_ok = 0
    misses = []
    for item in items:
        place = _locate(coder, item)
        if place is not None and place.country == item["country"]:
            country_ok += 1
            same_name = normalise(place.name or "") == normalise(item["name"])
            near = (
                place.lat is not None
                and _km((place.lat, place.lon), (item["lat"], item["lon"])) < 50
            )
            if (same_name or near) and place.precision == item["precision"]:
                place_ok += 1
                continue
        got = f"{place.name} {place.country} {place.precision}" if place else "nothing"
        misses.append(
            f"{item['id']} {item['place']!r}: want {item['name']} {item['country']} "
            f"{item['precision']}, got {got}"
        )
    report = "\n".join(misses)
    assert country_ok / len(items) >= 0.95, report
    assert place_ok / len(items) >= 0.85, report


def test_gazetteer_prefers_context_and_size(coder) -> None:  # type: ignore[no-untyped-def]
    gazetteer = coder.locator.gazetteer
    assert {e.country for e in gazetteer.lookup("Paris")} >= {"FRA", "USA"}
    assert gazetteer.lookup("Bombay")[0].name == "Mumbai"
    texan = coder.locator._choose(
        gazetteer.lookup("Paris"), None, Context.of({"USA": 1}, "Storms hit north Texas.")
    )
    assert texan is not None and texan.country == "USA"
    french = coder.locator._choose(gazetteer.lookup("Paris"), None, Context.of({}, ""))
    assert french is not None and french.country == "FRA"
