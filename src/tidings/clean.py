"""Clean stage: HTML to article text, and the parser's view of a text.

Offsets in every output record point into ``Article.text``. So cleaning never edits the
text of an article it was given as text; what the parser reads is ``parse_view(text)``,
a copy of the same length in which odd whitespace, hard line wraps and typographic
quotes are replaced one character for one, so that token offsets are article offsets.

The view also keeps the parser's cost bounded: a run of more than ``MAX_RUN_CHARS``
characters without a space gets one every ``MAX_RUN_CHARS`` characters (spaCy's tokenizer
peels punctuation off a "word" one character at a time, so 10,000 characters of "!?" or
emoji took it over ten seconds), and ``paragraph_spans`` cuts paragraphs of more than
``MAX_PARAGRAPH_CHARS`` at sentence ends, else at spaces (``safe_cuts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura

# One character in, one character out: the view must keep the text's length.
_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\r": " ",
        "\f": " ",
        "\v": " ",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ad": "-",  # soft hyphen
        "\u200b": " ",  # zero-width space
        "\ufeff": " ",
    }
)
_SINGLE_NEWLINE = re.compile(r"(?<=[^\n])\n(?=[^\n])")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")

MAX_RUN_CHARS = 100
"""Longest run of characters without a space that the parser sees whole: longer than
any word or most addresses; what is longer is junk, cut for the tokenizer's sake."""
MAX_PARAGRAPH_CHARS = 8000
"""Longest piece of text parsed as one document."""
_LONG_RUN = re.compile(f"[^ \n]{{{MAX_RUN_CHARS + 1},}}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def parse_view(text: str) -> str:
    """The text as the parser should see it, character for character aligned with it.

    A single line break inside a paragraph is a hard wrap, read as a space; blank lines
    stay paragraph breaks; over-long runs without a space are broken (module docstring).
    """
    view = text.translate(_SAME_LENGTH)
    view = _SINGLE_NEWLINE.sub(" ", view)
    if _SURROGATE.search(view):  # spaCy cannot hash them; the readers replace them too
        view = _SURROGATE.sub("\ufffd", view)
    return _LONG_RUN.sub(_break_run, view)


def _break_run(match: re.Match[str]) -> str:
    chars = list(match.group(0))
    for at in range(MAX_RUN_CHARS, len(chars), MAX_RUN_CHARS + 1):
        chars[at] = " "
    return "".join(chars)


def paragraph_spans(view: str, max_chars: int = MAX_PARAGRAPH_CHARS) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of a parse view, each at most ``max_chars`` long.

    Paragraphs are parsed as separate documents: a headline or a photo caption then never
    runs into the next sentence, and one huge paragraph cannot take the parser's memory.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _BLANK_LINES.finditer(view):
        spans.extend(safe_cuts(view, pos, brk.start(), max_chars))
        pos = brk.end()
    spans.extend(safe_cuts(view, pos, len(view), max_chars))
    return [(s, e) for s, e in spans if view[s:e].strip()]


def safe_cuts(view: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``view[start:end]`` as ranges of at most ``max_chars``, cut at the last sentence
    end, else semicolon, comma or space, in the second half of each window; surrounding
    whitespace trimmed."""
    # Trim surrounding whitespace so that offsets point at words.
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    out = []
    while end - start > max_chars:
        cut = _sentence_break(view, start, start + max_chars)
        out.append((start, cut))
        start = cut
        while start < end and view[start].isspace():
            start += 1
    out.append((start, end))
    return out


def _sentence_break(view: str, start: int, limit: int) -> int:
    """The last sentence end (or failing that, space) before ``limit``."""
    window = view[start:limit]
    for mark in (". ", "? ", "! ", "; ", ", ", " "):
        at = window.rfind(mark)
        if at > len(window) // 2:
            return start + at + len(mark) - 1
    return limit


@dataclass(frozen=True, slots=True)
class CleanedHtml:
    text: str
    title: str | None
    published: date | None
    url: str | None


def html_to_text(html: str, url: str | None = None) -> CleanedHtml:
    """Main text and metadata of a news page, without navigation, ads or comments."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
    )
    if doc is None:
        return CleanedHtml("", None, None, url)
    text = (getattr(doc, "text", None) or "").strip()
    # trafilatura separates paragraphs by single newlines; blank lines keep them paragraphs.
    text = re.sub(r"\n+", "\n\n", text)
    published = _parse_date(getattr(doc, "date", None))
    return CleanedHtml(
        text, getattr(doc, "title", None), published, getattr(doc, "url", None) or url
    )


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
