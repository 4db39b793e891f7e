"""The nlp stage keeps sentences bounded: one over MAX_SENTENCE_CHARS is parsed again in
pieces, with offsets into the article text."""

from __future__ import annotations

from tidings.nlp import MAX_SENTENCE_CHARS, parse_articles
from tidings.records import Article


def test_an_over_long_sentence_is_parsed_in_bounded_pieces(nlp) -> None:  # type: ignore[no-untyped-def]
    sentence = ", ".join(["the army attacked the rebels near the border"] * 250) + "."
    assert len(sentence) > 5 * MAX_SENTENCE_CHARS
    text = "Talks began on Monday. " + sentence + " Talks ended on Friday."
    (parsed,) = parse_articles(nlp, [Article(id="long", text=text)])
    records = [ps.sentence for ps in parsed.sentences]
    assert all(len(r.text) <= MAX_SENTENCE_CHARS for r in records)
    assert [r.index for r in records] == list(range(len(records)))
    for ps in parsed.sentences:
        assert text[ps.sentence.start : ps.sentence.end] == ps.sentence.text
        # Token offsets, shifted by the sentence's offset, point into the article too.
        first = ps.span[0]
        assert text[ps.offset + first.idx : ps.offset + first.idx + len(first.text)] == first.text
    covered = "".join(r.text for r in records).replace(" ", "")
    assert covered == text.replace(" ", "")
    assert records[0].text == "Talks began on Monday."
    assert records[-1].text == "Talks ended on Friday."


def test_ordinary_text_is_parsed_as_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Police arrested ten men in Nairobi. They were released on Tuesday."
    (parsed,) = parse_articles(nlp, [Article(id="a", text=text)])
    assert [ps.sentence.text for ps in parsed.sentences] == [
        "Police arrested ten men in Nairobi.",
        "They were released on Tuesday.",
    ]


def test_a_headline_read_as_one_name_keeps_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    headline = "Putin Encourages American Tolerance Toward Moscow"
    article = Article(id="h", text=headline + "\n\nRussian troops entered Crimea.")
    (parsed,) = parse_articles(nlp, [article])
    for sentence in parsed.sentences:
        for ent in sentence.span.ents:
            assert not any(t.pos_ == "VERB" and t.tag_ in ("VBZ", "VBD", "VBP") for t in ent)
    assert any(ent.text == "Russian" for s in parsed.sentences for ent in s.span.ents)
