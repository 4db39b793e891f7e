"""De-duplication: copies of articles counted once, reports of one event clustered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings import store
from tidings.ingest import article_from_dict
from tidings.records import Article
from tidings.store.dedup import NEAR_JACCARD, likeness, minhash

from store_helpers import Coded, code_all, edited_copy


@pytest.fixture(scope="module")
def demo_coded(coder, demo_articles) -> Coded:  # type: ignore[no-untyped-def]
    return code_all(coder, [article_from_dict(a) for a in demo_articles])


@pytest.fixture(scope="module")
def copies_coded(coder, demo_coded: Coded) -> Coded:  # type: ignore[no-untyped-def]
    originals = [article for article, _ in demo_coded]
    copies = [edited_copy(originals[i % len(originals)], i, seed=i) for i in range(20)]
    return code_all(coder, copies)


def test_edited_copies_are_alike_and_other_articles_are_not(demo_coded: Coded) -> None:
    originals = [article for article, _ in demo_coded]
    for number, article in enumerate(originals[:10]):
        copy = edited_copy(article, number, seed=number)
        assert likeness(minhash(article.text), minhash(copy.text)) >= NEAR_JACCARD
    assert likeness(minhash(originals[0].text), minhash(originals[1].text)) < 0.2


def test_near_duplicate_copies_count_once_and_events_do_not_multiply(
    tmp_path: Path, demo_coded: Coded, copies_coded: Coded
) -> None:
    alone = store.connect(tmp_path / "alone.duckdb")
    store.store_batch(alone, demo_coded)
    with_copies = store.connect(tmp_path / "copies.duckdb")
    store.store_batch(with_copies, copies_coded[:7])  # copies first, originals later
    store.store_batch(with_copies, demo_coded)
    store.store_batch(with_copies, copies_coded[7:])

    totals = store.totals(with_copies)
    assert totals["articles"] == len(demo_coded) + 20
    assert totals["distinct_articles"] == len(demo_coded)
    assert totals["events"] == store.totals(alone)["events"]
    # Every event counts each original once, however many copies carried it.
    per_event = with_copies.execute(
        "SELECT max(num_articles), max(num_mentions) FROM events"
    ).fetchone()
    assert per_event is not None and per_event[0] == 1 and per_event[1] >= 2
    # Copies add outlets but not belief: they are not independent reports.
    confidence = "SELECT block, date, round(confidence, 6) FROM events ORDER BY ALL"
    assert with_copies.execute(confidence).fetchall() == alone.execute(confidence).fetchall()
    assert with_copies.execute("SELECT max(num_sources) FROM events").fetchone() == (2,)
    alone.close()
    with_copies.close()


def test_the_same_text_under_another_id_is_a_copy(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Kenyan police arrested twenty protesters in Nairobi."
    coded = code_all(
        coder,
        [
            Article(id="b", text=text, published=date(2023, 7, 7), outlet="One"),
            Article(id="a", text=text, published=date(2023, 7, 7), outlet="Two"),
        ],
    )
    con = store.connect(tmp_path / "s.duckdb")
    store.store_batch(con, coded)
    assert con.execute("SELECT DISTINCT canonical_id FROM articles").fetchall() == [("a",)]
    assert con.execute("SELECT num_articles, num_sources FROM events").fetchall() == [(1, 2)]
    con.close()


def _report(coder, article_id: str, text: str, day: date, outlet: str) -> Coded:  # type: ignore[no-untyped-def]
    return code_all(coder, [Article(id=article_id, text=text, published=day, outlet=outlet)])


def test_independent_reports_of_one_event_join_and_raise_confidence(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    con = store.connect(tmp_path / "s.duckdb")
    first = _report(
        coder, "r1", "Russian troops attacked Ukrainian positions.", date(2022, 3, 10), "A"
    )
    store.store_batch(con, first)
    ((alone,),) = con.execute("SELECT confidence FROM events").fetchall()
    second = _report(
        coder,
        "r2",
        "Ukraine said Russian forces attacked its positions near Kharkiv.",
        date(2022, 3, 10),
        "B",
    )
    store.store_batch(con, second)
    rows = con.execute(
        "SELECT num_mentions, num_articles, num_sources, confidence FROM events "
        "WHERE type = 'ASSAULT'"
    ).fetchall()
    assert len(rows) == 1
    mentions, articles, sources, joined = rows[0]
    assert (mentions, articles, sources) == (2, 2, 2)
    assert joined > alone
    con.close()


def test_reports_a_week_apart_are_two_events(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    con = store.connect(tmp_path / "s.duckdb")
    text = "Russian troops attacked Ukrainian positions."
    store.store_batch(con, _report(coder, "w1", text, date(2022, 3, 1), "A"))
    store.store_batch(con, _report(coder, "w2", text + " ", date(2022, 3, 8), "B"))
    assert con.execute("SELECT count(*) FROM events").fetchone() == (2,)
    con.close()


def test_a_background_mention_joins_the_event_on_its_own_date(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    con = store.connect(tmp_path / "s.duckdb")
    then = _report(coder, "t1", "Russia annexed Crimea.", date(2014, 3, 18), "A")
    later = _report(
        coder,
        "t2",
        "Russia annexed Crimea in March 2014, officials recalled.",
        date(2015, 7, 1),
        "B",
    )
    store.store_batch(con, then + later)
    rows = con.execute(
        "SELECT num_mentions, date, historical FROM events WHERE source_country = 'RUS'"
    ).fetchall()
    assert len(rows) == 1
    mentions, day, historical = rows[0]
    assert mentions == 2 and day.year == 2014 and day.month == 3
    assert historical is False  # one report was news when it was written
    con.close()
