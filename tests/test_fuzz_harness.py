"""The fuzzing harness (fuzz/fuzz_inputs.py, run by ``make fuzz``) runs every target on
the hostile corpus without a crash, so that it keeps working between fuzzing runs. What
fuzzing found is in the hostile corpus itself (tests/data/hostile/build.py)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from conftest import ROOT


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_inputs", ROOT / "fuzz" / "fuzz_inputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_target_takes_the_hostile_corpus() -> None:
    harness = _harness()
    seeds = harness.seed_inputs()
    assert len(seeds) >= 60
    for seed in seeds:
        harness.one_input(seed)  # its own reader
    targets = len(harness.TARGETS)
    for number, seed in enumerate(seeds[:: max(1, len(seeds) // 20)]):
        for shift in range(1, targets):
            harness.one_input(bytes([(seed[0] + shift + number) % targets]) + seed[1:2000])
