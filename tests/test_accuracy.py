"""The accuracy gate: the coder on the project's development set, with floors pinned a
little below the measured scores, so accuracy cannot drop without a test failing.

The development set (tests/data/devset/, 164 news texts, 856 events, exhaustive) was
written for the project by the annotation guide; see tests/data/devset/README.md. Measured
when the floors were set: type P 0.896 R 0.771 F1 0.829; dyad P 0.765 R 0.662 F1 0.710;
full P 0.683 R 0.592 F1 0.634; the weakest frequent type COOPERATE at 0.56.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.evaluate import score
from tidings.ingest import article_from_dict

from conftest import DATA

FLOORS = {
    "type": {"precision": 0.88, "recall": 0.75, "f1": 0.81},
    "dyad": {"precision": 0.75, "recall": 0.65, "f1": 0.69},
    "full": {"precision": 0.66, "recall": 0.57, "f1": 0.61},
}
TYPE_F1_FLOOR = 0.5
"""No type with at least 10 gold events may fall below this dyad-level F1."""


@pytest.fixture(scope="module")
def dev_score(coder):  # type: ignore[no-untyped-def]
    docs = [
        json.loads(line)
        for path in sorted((DATA / "devset").glob("part-*.jsonl"))
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    articles = [article_from_dict(doc, origin=doc["id"]) for doc in docs]
    coded = [e.to_dict() for _, found in coder.code_many(articles) for e in found]
    return score(docs, coded)


@pytest.mark.parametrize("level", sorted(FLOORS))
def test_development_set_stays_above_its_floors(dev_score, level: str) -> None:  # type: ignore[no-untyped-def]
    measured = dev_score.levels[level].as_dict()
    for metric, floor in FLOORS[level].items():
        assert measured[metric] >= floor, f"{level} {metric} {measured[metric]:.3f} < {floor}"


def test_no_frequent_type_is_coded_badly(dev_score) -> None:  # type: ignore[no-untyped-def]
    weak = {
        t: c.prf()[2]
        for t, c in dev_score.per_type.items()
        if c.tp + c.fn >= 10 and c.prf()[2] < TYPE_F1_FLOOR
    }
    assert weak == {}
