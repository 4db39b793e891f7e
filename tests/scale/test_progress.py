"""The run's counts: skipped items by reason, a capped number of lines, the summary."""

from __future__ import annotations

from tidings.errors import InputError
from tidings.records import Article
from tidings.scale.progress import Progress, Tally, wants_progress


def test_problems_are_counted_by_reason_and_shown_a_few_times() -> None:
    lines: list[str] = []
    tally = Tally(echo=lines.append, max_lines=2)
    for number in range(5):
        tally.problem(InputError(f"not JSON (detail {number})", source="a.jsonl", line=number))
    tally.problem(InputError("missing", source="a.jsonl", line=9, field="text"))
    tally.skip("already in the store", 3)
    tally.article(Article("x", "Troops left the city today."), 2)
    assert lines == [
        "tidings: skipped a.jsonl:0: not JSON (detail 0)",
        "tidings: skipped a.jsonl:1: not JSON (detail 1)",
        "tidings: more items skipped for 'not JSON' are counted, not shown",
        "tidings: skipped a.jsonl:9: field 'text': missing",
    ]
    summary = tally.summary(interrupted=True)
    assert summary[0] == (
        "tidings: read 10 item(s): coded 1 article(s), skipped 9 (not JSON: 5; "
        "already in the store: 3; field 'text': missing: 1); 2 event(s)"
    )
    assert "5 words in" in summary[1] and summary[-1].endswith(
        "run the same command again to resume"
    )


def test_the_bar_only_when_asked_or_on_a_terminal() -> None:
    assert wants_progress(True, quiet=False) and not wants_progress(True, quiet=True)
    assert not wants_progress(None, quiet=False)  # pytest's stderr is not a terminal
    with Progress(True) as bar:
        tally = Tally(echo=bar.write)
        tally.article(Article("x", "Troops left."), 1)
        bar.update(tally)
        assert bar.bar is not None and bar.bar.n == 1
