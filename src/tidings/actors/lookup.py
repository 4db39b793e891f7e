"""What a name resolves to on a date: ``tidings actors lookup``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tidings.actors.kb import Entity
from tidings.actors.resolve import ArticleActors, SentenceMatches
from tidings.records import Actor

if TYPE_CHECKING:
    from tidings.pipeline import Coder


@dataclass(frozen=True)
class Lookup:
    """The resolver's reading of a name in context-free text, and every entity the
    name matches in the knowledge base."""

    resolved: Actor | None
    candidates: list[Entity]


def lookup(coder: Coder, name: str, day: date) -> Lookup:
    doc = coder.nlp(name)
    sentences = [SentenceMatches(sent, 0, coder.matcher.find(sent)) for sent in doc.sents]
    context = ArticleActors(sentences, day)
    resolved = None
    if sentences:
        root = sentences[0].sent.root
        mention = context.for_sentence(0).compose(root)
        resolved = mention.on(day) if mention is not None else None
    candidates: dict[str, Entity] = {}
    for sm in sentences:
        for match in sm.matches:
            for alias in match.aliases:
                candidates.setdefault(alias.entity.key, alias.entity)
    return Lookup(resolved, list(candidates.values()))
