"""Finding actor names in a sentence: a longest-match phrase index over spaCy tokens.

Aliases are tokenised with the same spaCy tokenizer as the text, so "al-Qaeda" or "U.S."
split the same way in both. Keys are lower-cased; the case rules below decide whether a
match in the text is really the name (``US`` the state vs ``us`` the pronoun).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.actors.kb import AGENT, MEMBER, PROPER_KINDS, TITLE, Alias, KnowledgeBase

NOUN_TAGS = frozenset({"NOUN", "PROPN"})
CALENDAR_WORDS = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }
)  # fmt: skip
ARTICLES = frozenset({"the"})


@dataclass(frozen=True, slots=True)
class Match:
    """A run of tokens ``[start, end)`` (sentence-relative indices) naming one or more
    candidate entities; ``first`` includes a leading "the" that is part of the name."""

    first: int
    start: int
    end: int
    aliases: tuple[Alias, ...]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(a.entity.kind for a in self.aliases)


@dataclass(frozen=True, slots=True)
class _Key:
    alias: Alias
    exact: tuple[str, ...] | None
    """Token texts that must match exactly (short upper-case abbreviations: US, UN, EU)."""


class PhraseMatcher:
    """Index of every alias in the knowledge base, keyed by lower-cased token texts."""

    def __init__(self, kb: KnowledgeBase, tokenize: Callable[[str], list[str]]) -> None:
        phrases: dict[tuple[str, ...], list[_Key]] = defaultdict(list)
        longest: dict[str, int] = {}
        for alias in kb.aliases:
            if alias.short and alias.text.lower() in CALENDAR_WORDS:
                continue  # "Friday", "May": surnames that are mostly dates
            words = tokenize(alias.text)
            if words and words[0].lower() in ARTICLES and len(words) > 1:
                words = words[1:]
            if not words:
                continue
            key = tuple(w.lower() for w in words)
            exact = tuple(words) if _is_abbreviation(alias.text) and not alias.any_case else None
            phrases[key].append(_Key(alias, exact))
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        self._phrases = dict(phrases)
        self._longest = longest

    def find(self, sent: Span) -> list[Match]:
        """All longest, non-overlapping matches in a sentence, left to right."""
        tokens: Sequence[Token] = list(sent)
        lowers = [t.lower_ for t in tokens]
        matches: list[Match] = []
        i, n = 0, len(tokens)
        while i < n:
            width = self._longest.get(lowers[i], 0)
            found = None
            for length in range(min(width, n - i), 0, -1):
                keys = self._phrases.get(tuple(lowers[i : i + length]))
                if keys:
                    aliases = _accepted(keys, tokens, i, length)
                    if aliases:
                        found = (length, aliases)
                        break
            if found is None:
                i += 1
                continue
            length, aliases = found
            first = i - 1 if i > 0 and lowers[i - 1] in ARTICLES else i
            matches.append(Match(first, i, i + length, aliases))
            i += length
        return matches


def _is_abbreviation(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def _accepted(keys: list[_Key], tokens: Sequence[Token], i: int, length: int) -> tuple[Alias, ...]:
    words = tokens[i : i + length]
    texts = tuple(t.text for t in words)
    capitalised = any(t.text[:1].isupper() for t in words)
    last = words[-1]
    accepted = []
    for key in keys:
        kind = key.alias.entity.kind
        if key.exact is not None and key.exact != texts:
            continue
        if kind in PROPER_KINDS and not key.alias.text.islower():
            # Names are capitalised; lower-case names ("world powers") match as written.
            if not capitalised:
                continue
        elif kind in (AGENT, TITLE, MEMBER) and last.pos_ not in NOUN_TAGS:
            continue
        if kind in PROPER_KINDS and key.alias.text.islower() and last.pos_ not in NOUN_TAGS:
            continue
        accepted.append(key.alias)
    return tuple(accepted)
