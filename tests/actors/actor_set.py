"""Scoring actor resolution on the project's actor test set (tests/data/actors.jsonl).

Each item is a sentence (with the article text before it) and one actor mention in it;
the mention's syntactic head is resolved as an event argument would be, on the item's
date, and compared with the annotated country and sector.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tidings.actors import ArticleActors, SentenceMatches
from tidings.nlp import parse_articles
from tidings.pipeline import Coder
from tidings.records import Article

ACTOR_SET = Path(__file__).resolve().parents[1] / "data" / "actors.jsonl"


@dataclass
class ActorScore:
    total: int = 0
    country: int = 0
    country_sector: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    country_by_category: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country / self.total if self.total else 0.0

    @property
    def sector_accuracy(self) -> float:
        return self.country_sector / self.total if self.total else 0.0


def load_items(path: Path = ACTOR_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score_actor_set(coder: Coder, items: list[dict]) -> ActorScore:
    result = ActorScore()
    articles = []
    for item in items:
        context = item.get("context") or ""
        prefix = context + ("\n\n" if context else "")
        articles.append(
            Article(
                id=item["id"],
                text=prefix + item["sentence"],
                published=date.fromisoformat(item["date"]),
            )
        )
    for item, parsed in zip(items, parse_articles(coder.nlp, articles), strict=True):
        day = date.fromisoformat(item["date"])
        text = parsed.article.text
        start = text.rindex(item["sentence"]) + item["sentence"].index(item["mention"])
        end = start + len(item["mention"])
        matches = [
            SentenceMatches(ps.span, ps.offset, coder.matcher.find(ps.span))
            for ps in parsed.sentences
        ]
        context = ArticleActors(matches, day)
        got = None
        for index, ps in enumerate(parsed.sentences):
            if not (ps.sentence.start <= start < ps.sentence.end):
                continue
            span = ps.span.doc.char_span(
                start - ps.offset, end - ps.offset, alignment_mode="expand"
            )
            if span is not None and len(span):
                mention = context.for_sentence(index).compose(span.root)
                got = mention.on(day) if mention is not None else None
        category = item.get("category", "")
        result.total += 1
        result.by_category[category] += 1
        country_ok = got is not None and got.country == item["country"]
        sector_ok = country_ok and got is not None and got.sector == item["sector"]
        result.country += country_ok
        result.country_sector += sector_ok
        result.country_by_category[category] += country_ok
        if not sector_ok:
            found = f"{got.country} {got.sector}" if got else "nothing"
            result.misses.append(
                f"{item['id']} [{category}] {item['mention']!r} on {item['date']}: "
                f"want {item['country']} {item['sector']}, got {found}"
            )
    return result
