"""The parser's view keeps offsets; paragraphs split at blank lines and bounded length."""

from __future__ import annotations

from tidings.clean import paragraph_spans, parse_view


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
