"""The parser's view keeps offsets; paragraphs split at blank lines and bounded length."""

from __future__ import annotations

from tidings.clean import MAX_RUN_CHARS, paragraph_spans, parse_view


def test_parse_view_keeps_length_and_offsets() -> None:
    text = "Putin called\u00a0President Obama.\r\nHe said “yes”.\n\nNew para\twith tab."
    view = parse_view(text)
    assert len(view) == len(text)
    assert view[12] == " "
    assert "\u201c" not in view and '"yes"' in view
    # A hard wrap becomes a space, a blank line stays a paragraph break.
    assert "\n\n" in view


def test_paragraphs_are_trimmed_and_bounded() -> None:
    view = "  First para.  \n\n\n Second one is here.\n \nThird."
    spans = paragraph_spans(view)
    assert [view[s:e] for s, e in spans] == ["First para.", "Second one is here.", "Third."]
    long = ("Word " * 50 + ". ") * 100
    pieces = paragraph_spans(long, max_chars=1000)
    assert all(e - s <= 1000 for s, e in pieces)
    assert "".join(long[s:e] for s, e in pieces).replace(" ", "") == long.replace(" ", "")


def test_long_runs_without_spaces_are_broken_for_the_tokenizer() -> None:
    # spaCy peels punctuation off a "word" one character at a time: 10,000 characters of
    # it took the tokenizer over ten seconds before the view broke such runs.
    text = "Talks. " + "!?$(" * 2500 + " end"
    view = parse_view(text)
    assert len(view) == len(text)
    assert max(len(run) for run in view.split(" ")) <= MAX_RUN_CHARS
    assert view.startswith("Talks. !?$(") and view.endswith(" end")
    normal = "See https://example.org/news/2024/03/04/police-arrest-protesters-in-nairobi today."
    assert parse_view(normal) == normal


def test_lone_surrogates_are_replaced_in_the_view() -> None:
    text = "Police arrested \ud800 ten men."
    view = parse_view(text)
    assert len(view) == len(text) and "\ufffd" in view and "\ud800" not in view
