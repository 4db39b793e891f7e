"""Helpers for tests that run one stage on a hand-built parse."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import spacy
from spacy.tokens import Doc

from tidings.actors import ArticleActors, SentenceMatches
from tidings.pipeline import Coder


def article_actors(coder: Coder, doc: Doc, day: date = date(2015, 7, 5)) -> ArticleActors:
    """The actors stage over every sentence of a doc (offset 0)."""
    matches = [SentenceMatches(sent, 0, coder.matcher.find(sent)) for sent in doc.sents]
    return ArticleActors(matches, day)


def parse_rows(spec: str) -> list[tuple[str, str, str, str, int]]:
    """Parse rows from a compact spec: one token per line, "word lemma POS dep head"."""
    rows = []
    for line in spec.strip().splitlines():
        word, lemma, pos, dep, head = line.split()
        rows.append((word, lemma, pos, dep, int(head)))
    return rows


def build_doc(
    nlp: spacy.language.Language,
    rows: Sequence[tuple[str, str, str, str, int]],
) -> Doc:
    """A Doc from hand-written parse rows: (word, lemma, pos, dep, head index).

    The head of the root points at itself. Tag is derived from pos for verbs (VBD) so that
    tense rules see a past-tense verb; write the tag into the lemma as "lemma/TAG" to set it.
    """
    words, lemmas, pos, deps, heads, tags = [], [], [], [], [], []
    for word, lemma, p, dep, head in rows:
        lemma, _, tag = lemma.partition("/")
        words.append(word)
        lemmas.append(lemma)
        pos.append(p)
        deps.append(dep)
        heads.append(head)
        tags.append(tag or {"VERB": "VBD", "PROPN": "NNP", "NOUN": "NNS"}.get(p, "XX"))
    # Written as text would be: no space before punctuation and around hyphens.
    spaces = [
        not (i + 1 < len(words) and words[i + 1] in {".", ",", "-", "'s", "n't", ";", ":"})
        and word != "-"
        for i, word in enumerate(words)
    ]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        deps=deps,
        heads=heads,
        tags=tags,
    )
