"""End to end on real text: the seed example's events, and exact provenance spans."""

from __future__ import annotations

import json
from datetime import date

from tidings.ingest import article_from_dict
from tidings.records import Article

from conftest import shared_file


def _seed(coder):  # type: ignore[no-untyped-def]
    doc = json.loads(shared_file("data/dev/seed.article.jsonl").read_text(encoding="utf-8"))
    return coder.code(article_from_dict(doc))


def test_seed_background_events_are_dated_from_the_text(coder) -> None:
    events = _seed(coder)
    invasion = [e for e in events if e.trigger.text == "invaded" and "mid-March" in e.sentence.text]
    assert len(invasion) == 1
    assert invasion[0].date.earliest >= date(2014, 3, 1)
    assert invasion[0].date.latest <= date(2014, 3, 31)
    extension = [e for e in events if e.type == "SANCTION" and "European Union" in e.sentence.text]
    assert len(extension) == 1
    assert (
        date(2015, 6, 1)
        <= extension[0].date.earliest
        <= extension[0].date.latest
        <= date(2015, 7, 31)
    )
    assert [a.country for a in extension[0].target] == ["RUS"]


def test_seed_actors(coder) -> None:
    events = _seed(coder)
    call = next(e for e in events if e.trigger.text == "called")
    assert (call.type, call.mode) == ("CONSULT", "phone")
    assert [(a.country, a.sector) for a in call.source] == [("RUS", "GOV")]
    assert [(a.country, a.sector) for a in call.target] == [("USA", "GOV")]
    signed = [e for e in events if e.trigger.text == "signed"]
    assert len(signed) == 2  # one per date: September 2014 and February 2015
    assert {e.date.earliest.month for e in signed} == {9, 2}


def test_spans_slice_the_article_text_on_all_demo_articles(coder, demo_articles) -> None:
    articles = [article_from_dict(d) for d in demo_articles]
    total = 0
    for article, events in coder.code_many(articles):
        for event in events:
            total += 1
            text = article.text
            assert text[event.sentence.start : event.sentence.end] == event.sentence.text
            assert text[event.trigger.start : event.trigger.end] == event.trigger.text
            assert (
                event.sentence.start
                <= event.trigger.start
                < event.trigger.end
                <= event.sentence.end
            )
            for actor in event.source + event.target:
                assert text[actor.start : actor.end] == actor.text
                assert event.sentence.start <= actor.start < actor.end <= event.sentence.end
            if event.date.text is not None:
                assert text[event.date.text.start : event.date.text.end] == event.date.text.text
            assert event.date.earliest <= event.date.value <= event.date.latest
    assert total > 20


def test_every_record_has_the_required_fields(coder) -> None:
    article = Article(
        id="t1",
        text="Kenyan police arrested 20 protesters in Nairobi on Monday.\n\nThe UN condemned it.",
        published=date(2023, 7, 5),
    )
    events = coder.code(article)
    assert {e.type for e in events} == {"COERCE", "ACCUSE"}
    for event in events:
        record = event.to_dict()
        for key in (
            "doc_id",
            "sentence",
            "trigger",
            "type",
            "source",
            "target",
            "date",
            "cameo",
            "goldstein",
            "quad_class",
            "confidence",
        ):
            assert key in record
        assert record["doc_id"] == "t1"


def test_articles_without_text_or_publication_date_do_not_crash(coder) -> None:
    assert coder.code(Article(id="e", text="   \n\n  ")) == []
    events = coder.code(Article(id="n", text="Rebels attacked the Nigerian army yesterday."))
    assert events and events[0].date.basis == "coding-date"
    assert events[0].date.earliest == date(2019, 12, 31)


def test_coding_is_deterministic(coder) -> None:
    article = Article(
        id="d",
        text="Iran and Iraq signed a treaty in Baghdad on Monday.",
        published=date(2019, 3, 6),
    )
    first = [e.to_dict() for e in coder.code(article)]
    second = [e.to_dict() for e in coder.code(article)]
    assert first == second and first
