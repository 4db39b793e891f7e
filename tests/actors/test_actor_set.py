"""The actor test set: at least 90% of countries and 80% of country+sector right."""

from __future__ import annotations

from actor_set import load_items, score_actor_set


def test_actor_resolution_accuracy(coder) -> None:  # type: ignore[no-untyped-def]
    items = load_items()
    assert len(items) >= 300
    result = score_actor_set(coder, items)
    report = "\n".join(result.misses[:40])
    assert result.country_accuracy >= 0.90, report
    assert result.sector_accuracy >= 0.80, report
