"""Language check: keep articles that are not in English away from the coder.

The spaCy model, the trigger lexicon and the actor names are English; a German or Arabic
article would only give noise (or nothing), so ingest skips it and counts the reason. The
check needs no model and no dependency, and reads at most ``SAMPLE_CHARS`` characters:

1. **Script.** When most letters are not Latin (by their Unicode names), the text is not
   English, and its script names it ("Cyrillic script").
2. **Function words.** Each language in ``data/languages.tsv`` lists its most frequent
   function words; the share of a text's words that are in each list decides. The text is
   not English when another language has more of its words among them than
   English (and at least ``MIN_HITS`` of them, ``MIN_SHARE`` of its words: prose is
   about 40% function words, so a table of figures that happens to contain a few Italian
   words is not Italian).

Doubt counts as English: a text too short to judge (fewer than ``MIN_WORDS`` words), a
table of figures with no function words at all, or a language written in the Latin
script that has no profile is coded (and gives few events, if any).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tidings.errors import KnowledgeError
from tidings.tables import data_path, read_table

SAMPLE_CHARS = 20_000
"""Characters read: the start of an article says which language it is in."""
MIN_LETTERS = 20
"""Letters needed before the script decides."""
MIN_WORDS = 8
"""Words needed before function words decide; shorter texts count as English."""
MIN_HITS = 5
MIN_SHARE = 0.15
"""Function words another language needs to win: at least this many, and this share of
the words."""

_WORD = re.compile(r"[^\W\d_]+")
_SCRIPT_NAMES = {"CJK": "CJK (Chinese/Japanese)", "HANGUL": "Hangul (Korean)"}


@dataclass(frozen=True)
class Profile:
    """One language's function words."""

    code: str
    name: str
    words: frozenset[str]


@dataclass(frozen=True)
class Profiles:
    """Every profile of ``languages.tsv``; English is ``english``."""

    version: str
    english: Profile
    others: tuple[Profile, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> Profiles:
        table = read_table(path or data_path("languages.tsv"), ("code", "name", "words"))
        profiles = []
        for row in table.rows:
            words = frozenset(w.lower() for w in row.items("words"))
            if not row["code"] or not words:
                raise KnowledgeError(f"{row.where}: a language needs a code and words")
            if any(len(w) < 2 for w in words):
                raise KnowledgeError(f"{row.where}: single letters are not counted")
            profiles.append(Profile(row["code"], row["name"] or row["code"], words))
        english = [p for p in profiles if p.code == "en"]
        if len(english) != 1:
            raise KnowledgeError(f"{table.name}: needs exactly one 'en' row")
        return cls(table.version, english[0], tuple(p for p in profiles if p.code != "en"))


@cache
def default_profiles() -> Profiles:
    """The packaged profiles, loaded once per process."""
    return Profiles.load()


@dataclass(frozen=True)
class Verdict:
    """What the check found: ``english`` decides; ``language`` is an ISO 639-1 code, a
    script ("Cyrillic script") or ``undetermined`` (too short to tell);
    ``detail`` says why, for messages."""

    english: bool
    language: str
    detail: str = ""


def check_language(text: str, profiles: Profiles | None = None) -> Verdict:
    """Whether a text is in English; see the module docstring for how."""
    profiles = profiles or default_profiles()
    sample = text[:SAMPLE_CHARS]
    script = _dominant_other_script(sample)
    if script is not None:
        return Verdict(False, f"{script} script", f"most letters are {script}")
    # Single letters are left out: tables of figures are full of them ("877A").
    words = [w.lower() for w in _WORD.findall(sample) if len(w) > 1]
    if len(words) < MIN_WORDS:
        return Verdict(True, "undetermined", f"only {len(words)} words")
    english = sum(1 for w in words if w in profiles.english.words)
    best, hits = _best_other(words, profiles.others)
    share = english / len(words)
    if best is not None and hits > english and hits >= max(MIN_HITS, MIN_SHARE * len(words)):
        return Verdict(
            False,
            best.code,
            f"{best.name}: {hits / len(words):.0%} of words are {best.name} function "
            f"words, {share:.0%} English",
        )
    return Verdict(True, "en", f"{share:.0%} of words are English function words")


def _best_other(words: list[str], others: tuple[Profile, ...]) -> tuple[Profile | None, int]:
    counts = Counter(words)
    best: Profile | None = None
    most = 0
    for profile in others:
        hits = sum(n for word, n in counts.items() if word in profile.words)
        if hits > most:
            best, most = profile, hits
    return best, most


def _dominant_other_script(sample: str) -> str | None:
    """The script of most letters, when it is not Latin and there are enough letters."""
    scripts: Counter[str] = Counter(_script(ch) for ch in sample if ch.isalpha())
    letters = sum(scripts.values())
    if letters < MIN_LETTERS or scripts["LATIN"] * 2 >= letters:
        return None
    name = next(s for s, _ in scripts.most_common() if s != "LATIN")
    return _SCRIPT_NAMES.get(name, name.title())


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """The script of a letter: the first word of its Unicode name (LATIN, CYRILLIC, CJK,
    ARABIC ...); Hiragana and Katakana count as CJK, being read together with it."""
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0] if name else "UNKNOWN"
    if head in ("HIRAGANA", "KATAKANA"):
        return "CJK"
    if head in ("FULLWIDTH", "MODIFIER", "SMALL", "MATHEMATICAL") and "LATIN" in name:
        return "LATIN"
    return head
