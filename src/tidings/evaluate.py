"""Scoring coded events against gold annotations.

This is the project's implementation of the scoring rules in the shared formats spec, and
gives the same numbers as the reference scorer: predictions are matched to gold events one
to one inside the same article and sentence (a predicted sentence overlapping at least half
of the gold sentence), at three levels:

    type   same PLOVER type
    dyad   same type; source and target country sets intersect (a gold side naming no
           country matches anything)
    full   dyad, plus source (country, sector) pairs intersect and the date intervals overlap

Optional gold events neither count as misses nor turn a prediction into a false positive;
a gold document with ``"exhaustive": false`` counts no false positives at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

LEVELS = ("type", "dyad", "full")

Json = dict[str, Any]
Span = tuple[int, int]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return round(p, 4), round(r, 4), round(f, 4)

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.prf()
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Score:
    levels: dict[str, Counts] = field(default_factory=lambda: {lvl: Counts() for lvl in LEVELS})
    per_type: dict[Any, Counts] = field(default_factory=lambda: defaultdict(Counts))
    problems: list[str] = field(default_factory=list)
    unknown_doc_ids: int = 0

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {lvl: self.levels[lvl].as_dict() for lvl in LEVELS}
        out["per_type_dyad"] = {
            t: c.as_dict() for t, c in sorted(self.per_type.items(), key=lambda kv: str(kv[0]))
        }
        out["unknown_doc_ids"] = self.unknown_doc_ids
        out["problems"] = list(self.problems)
        return out

    def table(self) -> str:
        """The score as the reference scorer prints it."""
        lines = [f"{'level':<8}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for lvl in LEVELS:
            c = self.levels[lvl]
            p, r, f = c.prf()
            lines.append(f"{lvl:<8}{p:>8.3f}{r:>8.3f}{f:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
        lines.append("per type (dyad level):")
        for t, c in sorted(self.per_type.items(), key=lambda kv: str(kv[0])):
            p, r, f = c.prf()
            lines.append(f"  {t!s:<10}{p:>8.3f}{r:>8.3f}{f:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
        return "\n".join(lines)


def score(gold_docs: Iterable[Json], predictions: Iterable[Json]) -> Score:
    """Score predicted events (shared event format) against gold documents."""
    by_doc: dict[Any, list[Json]] = defaultdict(list)
    for pred in predictions:
        by_doc[pred.get("doc_id")].append(pred)
    result = Score()
    known = set()
    for doc in gold_docs:
        known.add(doc["id"])
        _score_document(doc, by_doc.get(doc["id"], []), result)
    result.unknown_doc_ids = len(set(by_doc) - known)
    return result


def _score_document(doc: Json, preds: list[Json], result: Score) -> None:
    text = doc["text"]
    gold_by_span: dict[Span, list[Json]] = {}
    for event in doc.get("events", []):
        span = _find(text, event["sentence"])
        if span is None:
            result.problems.append(
                f"{doc['id']}: gold sentence not in text: {event['sentence'][:60]!r}"
            )
            continue
        gold_by_span.setdefault(span, []).append(event)
    scoped = doc.get("scope") == "sentences"
    if scoped:
        for sentence in doc.get("sentences", []):
            span = _find(text, sentence)
            if span is not None:
                gold_by_span.setdefault(span, [])
    exhaustive = doc.get("exhaustive", True)

    preds_by_span: dict[Span | None, list[Json]] = defaultdict(list)
    for pred in preds:
        home = _home_sentence(_predicted_span(text, pred), gold_by_span)
        if home is None and scoped:
            continue
        preds_by_span[home].append(pred)

    for span in set(gold_by_span) | set(preds_by_span):
        gold = gold_by_span.get(span, []) if span is not None else []
        _score_sentence(gold, preds_by_span.get(span, []), exhaustive, result)


def _score_sentence(gold: list[Json], preds: list[Json], exhaustive: bool, result: Score) -> None:
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    for level in LEVELS:

        def ok(g: Json, p: Json, level: str = level) -> bool:
            return _matches(level, g, p)

        matched = _matching(required, preds, ok)
        leftover = [p for i, p in enumerate(preds) if i not in matched]
        excused = _matching(optional, leftover, ok)
        counts = result.levels[level]
        counts.tp += len(matched)
        counts.fn += len(required) - len(matched)
        if exhaustive:
            counts.fp += len(leftover) - len(excused)
        if level == "dyad":
            hit = set(matched.values())
            for i, p in enumerate(preds):
                if i in matched:
                    result.per_type[p.get("type")].tp += 1
            for i, p in enumerate(leftover):
                if exhaustive and i not in excused:
                    result.per_type[p.get("type")].fp += 1
            for gi, g in enumerate(required):
                if gi not in hit:
                    result.per_type[g.get("type")].fn += 1


def _matching(
    gold: list[Json], preds: list[Json], ok: Callable[[Json, Json], bool]
) -> dict[int, int]:
    """Maximum one-to-one matching, prediction index → gold index.

    Predictions are placed in order, each by an augmenting path over gold events in order;
    the order matters for which predictions stay unmatched, so it is the reference's.
    """
    holder: dict[int, int] = {}

    def place(pi: int, visited: set[int]) -> bool:
        for gi, g in enumerate(gold):
            if gi in visited or not ok(g, preds[pi]):
                continue
            visited.add(gi)
            if gi not in holder or place(holder[gi], visited):
                holder[gi] = pi
                return True
        return False

    for pi in range(len(preds)):
        place(pi, set())
    return {pi: gi for gi, pi in holder.items()}


def _matches(level: str, gold: Json, pred: Json) -> bool:
    if gold.get("type") != pred.get("type"):
        return False
    if level == "type":
        return True
    if not (
        _sides_match(gold.get("source"), pred.get("source"))
        and _sides_match(gold.get("target"), pred.get("target"))
    ):
        return False
    if level == "dyad":
        return True
    return _sectors_match(gold.get("source"), pred.get("source")) and _dates_match(gold, pred)


def _countries(side: list[Json] | None) -> set[str]:
    return {a["country"] for a in side or [] if a.get("country")}


def _sides_match(gold: list[Json] | None, pred: list[Json] | None) -> bool:
    wanted = _countries(gold)
    return not wanted or bool(wanted & _countries(pred))


def _sectors_match(gold: list[Json] | None, pred: list[Json] | None) -> bool:
    def pairs(side: list[Json] | None) -> set[tuple[str, Any]]:
        return {(a["country"], a.get("sector")) for a in side or [] if a.get("country")}

    wanted = pairs(gold)
    return not wanted or bool(wanted & pairs(pred))


def _day(value: Any) -> date | None:
    if not value:
        return None
    parts = str(value)[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1)
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], 1)
        return date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return None


def _interval(d: Json | None) -> tuple[date, date] | None:
    if not d:
        return None
    lo = _day(d.get("earliest") or d.get("value"))
    hi = _day(d.get("latest") or d.get("value"))
    if lo is None or hi is None:
        return None
    return min(lo, hi), max(lo, hi)


def _dates_match(gold: Json, pred: Json) -> bool:
    g, p = _interval(gold.get("date")), _interval(pred.get("date"))
    if g is None:
        return True
    if p is None:
        return False
    return p[0] <= g[1] and g[0] <= p[1]


def _find(text: str, sentence: str) -> Span | None:
    start = text.find(sentence)
    return None if start < 0 else (start, start + len(sentence))


def _predicted_span(text: str, pred: Json) -> Span | None:
    sentence = pred.get("sentence") or {}
    if isinstance(sentence, dict):
        start, end = sentence.get("start"), sentence.get("end")
        if isinstance(start, int) and isinstance(end, int):
            return start, end
        sentence = sentence.get("text")
    return _find(text, sentence) if sentence else None


def _home_sentence(span: Span | None, gold_spans: dict[Span, list[Json]]) -> Span | None:
    """The gold sentence a prediction belongs to: the one it overlaps most, by half or more."""
    if span is None:
        return None
    home, best = None, 0
    for gold in gold_spans:
        overlap = max(0, min(span[1], gold[1]) - max(span[0], gold[0]))
        if overlap * 2 >= gold[1] - gold[0] and overlap > best:
            home, best = gold, overlap
    return home
