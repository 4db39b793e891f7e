"""Actors stage: who acts and who is acted on (knowledge base, name matching, resolution)."""

from tidings.actors.kb import KnowledgeBase
from tidings.actors.match import PhraseMatcher
from tidings.actors.resolve import ArticleActors, SentenceActors, SentenceMatches

__all__ = ["ArticleActors", "KnowledgeBase", "PhraseMatcher", "SentenceActors", "SentenceMatches"]
