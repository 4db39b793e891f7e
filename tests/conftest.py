"""Shared fixtures: the loaded coder (once per session) and hand-built parses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy

from tidings.actors import KnowledgeBase
from tidings.events import Lexicon, Ontology
from tidings.pipeline import Coder, CoderOptions

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
DEMO = ROOT / "src" / "tidings" / "data" / "demo" / "wikinews-open.jsonl"


@pytest.fixture(scope="session")
def nlp() -> spacy.language.Language:
    from tidings.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return Ontology.load()


@pytest.fixture(scope="session")
def lexicon(ontology: Ontology) -> Lexicon:
    return Lexicon.load(ontology)


@pytest.fixture(scope="session")
def coder(nlp, kb, ontology, lexicon) -> Coder:  # type: ignore[no-untyped-def]
    return Coder(nlp, kb, ontology, lexicon, CoderOptions(today=date(2020, 1, 1)))


@pytest.fixture(scope="session")
def demo_articles() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]


def shared_file(relative: str) -> Path:
    """A file under ../shared, or a skip when the shared folder is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not available")
    return path
