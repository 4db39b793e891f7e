"""The scorer on small hand-made cases (agreement with the reference is in test_cli)."""

from __future__ import annotations

from tidings.evaluate import score

TEXT = "Russia invaded Ukraine. The EU sanctioned Russia."


def _gold(events, **extra):  # type: ignore[no-untyped-def]
    return {"id": "d", "text": TEXT, "events": events, **extra}


def _event(sentence, type_, src, tgt, optional=False):  # type: ignore[no-untyped-def]
    return {
        "sentence": sentence,
        "type": type_,
        "source": [{"text": s, "country": s, "sector": None} for s in src],
        "target": [{"text": t, "country": t, "sector": None} for t in tgt],
        "date": {"earliest": "2014-03-01", "latest": "2014-03-31"},
        "optional": optional,
    }


def _pred(start, end, type_, src, tgt, day="2014-03-10"):  # type: ignore[no-untyped-def]
    return {
        "doc_id": "d",
        "sentence": {"start": start, "end": end},
        "type": type_,
        "source": [{"country": s, "sector": None} for s in src],
        "target": [{"country": t, "sector": None} for t in tgt],
        "date": {"earliest": day, "latest": day},
    }


def test_levels_and_counts() -> None:
    gold = _gold(
        [
            _event("Russia invaded Ukraine.", "ASSAULT", ["RUS"], ["UKR"]),
            _event("The EU sanctioned Russia.", "SANCTION", ["EUR"], ["RUS"]),
        ]
    )
    preds = [
        _pred(0, 23, "ASSAULT", ["RUS"], ["UKR"]),
        _pred(24, 49, "SANCTION", ["USA"], ["RUS"], day="2015-01-01"),
        _pred(24, 49, "COERCE", ["EUR"], ["RUS"]),
    ]
    result = score([gold], preds)
    assert (result.levels["type"].tp, result.levels["type"].fp, result.levels["type"].fn) == (
        2,
        1,
        0,
    )
    assert (result.levels["dyad"].tp, result.levels["dyad"].fp, result.levels["dyad"].fn) == (
        1,
        2,
        1,
    )
    assert result.levels["full"].tp == 1
    assert result.per_type["SANCTION"].fn == 1 and result.per_type["COERCE"].fp == 1


def test_optional_events_and_non_exhaustive_documents() -> None:
    gold = _gold([_event("Russia invaded Ukraine.", "ASSAULT", ["RUS"], ["UKR"], optional=True)])
    preds = [_pred(0, 23, "ASSAULT", ["RUS"], ["UKR"]), _pred(24, 49, "PROTEST", ["RUS"], [])]
    result = score([gold], preds)
    assert (result.levels["dyad"].tp, result.levels["dyad"].fp, result.levels["dyad"].fn) == (
        0,
        1,
        0,
    )
    partial = score([_gold([], exhaustive=False)], preds)
    assert partial.levels["dyad"].fp == 0


def test_a_gold_side_without_country_matches_anything() -> None:
    gold = _gold([_event("Russia invaded Ukraine.", "ASSAULT", ["RUS"], [])])
    result = score([gold], [_pred(0, 23, "ASSAULT", ["RUS"], ["UKR"])])
    assert result.levels["dyad"].tp == 1
    assert "dyad" in result.table() and result.summary()["dyad"]["f1"] == 1.0
