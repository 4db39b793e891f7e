"""The orchestrator: the one place that knows the order of the stages.

Stages, in order, each a plain function or object from typed records to typed records:

1. ingest   (``tidings.ingest``)   files, folders, stdin → ``Article``
2. clean    (``tidings.clean``)    HTML → text; the parser's length-preserving view of it
3. nlp      (``tidings.nlp``)      spaCy parse, paragraph by paragraph → ``Sentence``
4. actors   (``tidings.actors``)   names in each sentence, resolved in the article's
                                   context → ``Mention``
5. events   (``tidings.events``)   triggers, senses, source and target, modality,
                                   confidence → ``Candidate``
6. dates    (``tidings.dates``)    time expressions anchored to each event, resolved
                                   against the publication date → ``DateInterval``
7. records  (here)                 actors resolved on the event's date, CAMEO/Goldstein/
                                   quad class, provenance spans → ``Event``

The store (``tidings.store``) and exports take ``Event`` records from here. ``Coder`` holds
the loaded model and knowledge, built once per process or worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span, Token

from tidings.actors import ArticleActors, KnowledgeBase, PhraseMatcher, SentenceMatches
from tidings.actors.userfiles import load_user_file
from tidings.dates import Reference, TimeExpression, event_interval, find_expressions
from tidings.events import Candidate, EventDetector, Lexicon, Ontology
from tidings.nlp import ParsedArticle, ParsedSentence, load_pipeline, parse_articles
from tidings.places import Context, Gazetteer, Locator
from tidings.records import Actor, Article, DateInterval, Event, Mention, Place, TextSpan

VERB_TAGS = frozenset({"VERB", "AUX"})
SPLIT_RELATIONS = frozenset({"and", "or"})


@dataclass(frozen=True)
class CoderOptions:
    """How events are coded; the defaults are what the command line uses."""

    keep_negated: bool = False
    """Also emit negated and hypothetical events, flagged."""
    min_confidence: float = 0.0
    """Drop events whose confidence is below this."""
    window_days: int = 7
    """Without a time expression, an event falls in this many days before publication."""
    today: date = field(default_factory=date.today)
    """The coding date: the reference for articles without a publication date."""
    historical_days: int = 30
    """An event that ended more than this many days before publication is historical."""


class Coder:
    """Codes articles into events. Build once (loading takes seconds), then reuse."""

    def __init__(
        self,
        nlp: Language,
        kb: KnowledgeBase,
        ontology: Ontology,
        lexicon: Lexicon,
        options: CoderOptions | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.nlp = nlp
        self.kb = kb
        self.ontology = ontology
        self.lexicon = lexicon
        self.options = options or CoderOptions()
        self.matcher = PhraseMatcher(kb, self._tokenize)
        self.detector = EventDetector(lexicon, ontology)
        self.locator = Locator(gazetteer or Gazetteer.load(), kb.country_words())

    @classmethod
    def load(
        cls,
        options: CoderOptions | None = None,
        model: str | None = None,
        actor_files: Iterable[Path] = (),
    ) -> Coder:
        """The default coder: the packaged spaCy model and knowledge tables, plus the
        user's actor dictionaries (YAML or PETRARCH), which win over built-in entries."""
        nlp = load_pipeline(model) if model else load_pipeline()
        ontology = Ontology.load()
        kb = KnowledgeBase.load()
        for path in actor_files:
            kb.override(load_user_file(Path(path), set(kb.countries)).aliases)
        return cls(nlp, kb, ontology, Lexicon.load(ontology), options)

    def _tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.nlp.tokenizer(text)]

    # --- public API -----------------------------------------------------------------

    def code(self, article: Article) -> list[Event]:
        """The events of one article."""
        return next(self.code_many([article]))[1]

    def code_many(
        self, articles: Iterable[Article], batch_size: int = 64
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Each article with its events, in input order."""
        for parsed in parse_articles(self.nlp, articles, batch_size=batch_size):
            yield parsed.article, self.code_parsed(parsed)

    # --- stages 4-7 on one parsed article --------------------------------------------

    def code_parsed(self, parsed: ParsedArticle) -> list[Event]:
        article = parsed.article
        reference = self._reference(article)
        matches = [
            SentenceMatches(ps.span, ps.offset, self.matcher.find(ps.span))
            for ps in parsed.sentences
        ]
        places = _PlaceNames(self.locator, article.text)
        context = ArticleActors(matches, reference.day, places)
        where = Context.of(dict(context.country_counts), article.text)
        places.context = where
        dateline = self.locator.dateline(article.text, where)
        events: list[Event] = []
        earlier: dict[str, Candidate] = {}
        for index, ps in enumerate(parsed.sentences):
            candidates = self.detector.detect(context.for_sentence(index))
            for cand in candidates:
                self.detector.resolve_definite(cand, earlier)
            for cand in candidates:
                if cand.targets:
                    earlier[cand.type] = cand
            if candidates:
                events.extend(
                    self._sentence_events(article, ps, candidates, reference, where, dateline)
                )
        return events

    def _reference(self, article: Article) -> Reference:
        if article.published is not None:
            return Reference(article.published, "publication")
        return Reference(self.options.today, "coding-date")

    def _sentence_events(
        self,
        article: Article,
        ps: ParsedSentence,
        candidates: list[Candidate],
        reference: Reference,
        where: Context,
        dateline: Place | None,
    ) -> list[Event]:
        expressions = find_expressions(ps.span.text)
        anchors = {tok.i for cand in candidates for tok in cand.anchors}
        anchored = [(expr, _anchor(ps.span, expr, anchors)) for expr in expressions]
        events: list[Event] = []
        for cand in candidates:
            if (cand.negated or cand.hypothetical) and not self.options.keep_negated:
                continue
            if cand.confidence < self.options.min_confidence:
                continue
            place = self.locator.locate(ps.span, ps.offset, cand.anchors, where) or dateline
            for interval in self._intervals(ps, cand, anchored, reference):
                events.append(self._event(article, ps, cand, interval, place, reference))
        return _merge_duplicates(events)

    def _intervals(
        self,
        ps: ParsedSentence,
        cand: Candidate,
        anchored: list[tuple[TimeExpression, int | None]],
        reference: Reference,
    ) -> list[DateInterval]:
        own = _expressions_for(cand, anchored)
        tense = _tense(cand)
        dated: list[DateInterval] = []
        for expr in own:
            span = _expression_span(ps, expr)
            interval = _interval(expr, reference, tense, span, self.options.window_days)
            if interval is not None:
                dated.append(interval)
        if not dated:
            fallback = _interval(None, reference, tense, None, self.options.window_days)
            return [fallback] if fallback is not None else []
        if len(dated) > 1 and all(e.relation in SPLIT_RELATIONS for e in own[1:]):
            return dated  # "in September 2014 and February 2015": one event each
        return [min(dated, key=lambda d: (d.latest - d.earliest, d.earliest))]

    def _event(
        self,
        article: Article,
        ps: ParsedSentence,
        cand: Candidate,
        interval: DateInterval,
        place: Place | None,
        reference: Reference,
    ) -> Event:
        day = interval.value
        code = self.ontology.code(cand.cameo)
        first, last = cand.trigger_span
        start = ps.offset + ps.span[first].idx
        end_tok = ps.span[last - 1]
        end = ps.offset + end_tok.idx + len(end_tok.text)
        return Event(
            doc_id=article.id,
            sentence=ps.sentence,
            trigger=TextSpan(start, end, article.text[start:end]),
            type=cand.type,
            mode=cand.mode,
            cameo=cand.cameo,
            goldstein=code.goldstein,
            quad_class=code.quad_class,
            source=tuple(_words(article, m.on(day)) for m in _with_country(cand.sources)),
            target=tuple(_words(article, m.on(day)) for m in _with_country(cand.targets)),
            date=interval,
            confidence=cand.confidence,
            location=place,
            negated=cand.negated,
            hypothetical=cand.hypothetical,
            historical=(reference.day - interval.latest).days > self.options.historical_days,
            rule=cand.rule,
            published=article.published,
        )


class _PlaceNames:
    """Place name → country for the actors stage, in the article's context."""

    def __init__(self, locator: Locator, text: str) -> None:
        self.locator = locator
        self.context = Context.of({}, text)

    def __call__(self, name: str) -> str | None:
        return self.locator.country_of_name(name, self.context)


def _interval(
    expr: TimeExpression | None,
    reference: Reference,
    tense: str,
    span: TextSpan | None,
    window_days: int,
) -> DateInterval | None:
    """``event_interval``, or None when the interval would fall off the calendar (a
    reference date in year 1 or 9999, from a caller that did not check it): no date, no
    event, rather than an exception that stops the batch."""
    try:
        return event_interval(expr, reference, tense, span, window_days)
    except OverflowError:
        return None


def _with_country(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.country]


def _anchor(sent: Span, expr: TimeExpression, anchors: set[int]) -> int | None:
    """The token an expression dates: the nearest event anchor or verb above its head."""
    span = sent.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cur: Token = span.root
    for _ in range(10):
        if cur.i in anchors:
            return cur.i
        if cur.pos_ in VERB_TAGS and not (span.start <= cur.i < span.end):
            return cur.i
        if cur.head.i == cur.i:
            return cur.i
        cur = cur.head
    return None


def _expressions_for(
    cand: Candidate, anchored: list[tuple[TimeExpression, int | None]]
) -> list[TimeExpression]:
    """Time expressions that date a candidate: its own, else those of the verb it is
    coordinated with ("invaded Ukraine in March 2014 and annexed Crimea") or that governs
    it ("was forced in May to resign")."""
    keys = {tok.i for tok in cand.anchors}
    own = [e for e, at in anchored if at in keys]
    tok = cand.trigger
    hops = 0
    while not own and tok.dep_ in ("conj", "xcomp") and hops < 4:
        tok = tok.head
        own = [e for e, at in anchored if at == tok.i]
        hops += 1
    return own


def _expression_span(ps: ParsedSentence, expr: TimeExpression) -> TextSpan:
    start = ps.offset + ps.span.start_char + expr.start
    end = ps.offset + ps.span.start_char + expr.end
    # The words of the article, not of the parse view (which has a space for a "\r").
    sentence = ps.sentence
    return TextSpan(start, end, sentence.text[start - sentence.start : end - sentence.start])


def _words(article: Article, actor: Actor) -> Actor:
    """An actor with the article's own words: it was read from the parse view, which has
    a space where the article may have a line break or an odd space."""
    words = article.text[actor.start : actor.end]
    return actor if words == actor.text else replace(actor, text=words)


def _tense(cand: Candidate) -> str:
    for tok in cand.anchors:
        if tok.pos_ in VERB_TAGS:
            return _tense_of(tok)
    return "past"


def _tense_of(verb: Token) -> str:
    """past, present or future: how a verb places its event against publication."""
    if any(c.dep_ == "aux" and c.lemma_.lower() in ("will", "shall") for c in verb.children):
        return "future"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    return "present"


def _anchor_token_tense(sent: Span, expr: TimeExpression) -> str:
    """The tense of the verb a time expression modifies (for dating without an event)."""
    at = _anchor(sent, expr, set())
    if at is None:
        return "past"
    tok = sent.doc[at]
    return _tense_of(tok) if tok.pos_ in VERB_TAGS else "past"


def _merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per distinct act: the same type and date with compatible actors in one
    sentence ("called Obama ... and discussed Iran") is one event."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: -e.confidence):
        if not any(_same_act(event, k) for k in kept):
            kept.append(event)
    return sorted(kept, key=lambda e: (e.trigger.start, e.date.earliest))


def _same_act(a: Event, b: Event) -> bool:
    """Two reports of one act: same type and date and compatible actors."""
    if a.type != b.type or a.date.earliest != b.date.earliest or a.date.latest != b.date.latest:
        return False
    same_word = a.trigger.text.lower() == b.trigger.text.lower()
    if not same_word and (a.type != "CONSULT" or bool(a.target) == bool(b.target)):
        # Different trigger words are different acts ("imposed a curfew and banned
        # gatherings"), except in talks, where a second verb without a partner of its own
        # elaborates the first ("called Obama ... and discussed Iran").
        return False
    return _compatible(a.source, b.source) and _compatible(a.target, b.target)


def _compatible(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> bool:
    if not a or not b:
        return True
    return bool({x.country for x in a} & {x.country for x in b})
