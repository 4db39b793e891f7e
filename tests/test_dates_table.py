"""The time-expression table (tests/data/time_expressions.jsonl): at least 95% exact."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tidings.dates import Reference, event_interval, find_expressions
from tidings.pipeline import _anchor_token_tense

from conftest import DATA

TABLE = DATA / "time_expressions.jsonl"


def _interval(coder, row):  # type: ignore[no-untyped-def]
    published = date.fromisoformat(row["published"])
    reference = Reference(published, "publication")
    sentence = coder.nlp(row["sentence"])
    wanted = row["expression"]
    expressions = [e for e in find_expressions(sentence.text)]
    if wanted is not None:
        start = row["sentence"].index(wanted)
        end = start + len(wanted)
        expressions = [e for e in expressions if e.start < end and start < e.end]
    else:
        expressions = []
    for expr in expressions:
        tense = _anchor_token_tense(sentence[:], expr)
        dated = event_interval(expr, reference, tense, None)
        if dated is not None:
            return dated.earliest, dated.latest
    # No expression, or one that does not date the event: the week before publication.
    return published - timedelta(days=7), published


def test_time_expression_table(coder) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 150
    failures = []
    for row in rows:
        got = _interval(coder, row)
        want = (date.fromisoformat(row["earliest"]), date.fromisoformat(row["latest"]))
        if got != want:
            failures.append(
                f"{row['id']} [{row['pattern']}] {row['expression']!r}: {got} != {want}"
            )
    share = 1 - len(failures) / len(rows)
    assert share >= 0.95, f"{share:.1%} right\n" + "\n".join(failures)
