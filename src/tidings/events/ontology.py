"""The event ontology: CAMEO codes with their PLOVER type, Goldstein weight and quad
class (``data/cameo.tsv``), and how announced acts are recoded (``data/future.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tidings.errors import KnowledgeError
from tidings.tables import data_path, read_table

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    description: str
    plover_type: str | None
    plover_mode: str | None
    goldstein: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class FutureRule:
    type: str
    mode: str | None
    cameo: str | None
    """None: keep the trigger's own code (an announced sanction is coded as the sanction)."""


class Ontology:
    """CAMEO codes and the future-recoding rules."""

    def __init__(self, codes: dict[str, CameoCode], future: dict[str, FutureRule]) -> None:
        self.codes = codes
        self.future = future

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Ontology:
        base = data_dir or data_path("")
        cols = ("code", "description", "plover_type", "plover_mode", "goldstein", "quad_class")
        table = read_table(base / "cameo.tsv", cols)
        codes: dict[str, CameoCode] = {}
        for row in table.rows:
            try:
                goldstein = float(row["goldstein"])
                quad = int(row["quad_class"])
            except ValueError as exc:
                raise KnowledgeError(f"{row.where}: goldstein/quad_class: {exc}") from exc
            plover = row["plover_type"].strip() or None
            if plover is not None and plover not in PLOVER_TYPES:
                raise KnowledgeError(f"{row.where}: unknown PLOVER type {plover!r}")
            code = row["code"].strip()
            codes[code] = CameoCode(
                code,
                row["description"],
                plover,
                row["plover_mode"].strip() or None,
                goldstein,
                quad,
            )
        future_table = read_table(base / "future.tsv", ("type", "future_type", "mode", "cameo"))
        future: dict[str, FutureRule] = {}
        for row in future_table.rows:
            code = row["cameo"].strip()
            if code and code not in codes:
                raise KnowledgeError(f"{row.where}: unknown CAMEO code {code!r}")
            future[row["type"].strip()] = FutureRule(
                row["future_type"].strip(), row["mode"].strip() or None, code or None
            )
        return cls(codes, future)

    def code(self, code: str) -> CameoCode:
        """The CAMEO entry for a code, falling back to its parent codes."""
        probe = code
        while probe:
            if probe in self.codes:
                return self.codes[probe]
            probe = probe[:-1]
        raise KnowledgeError(f"unknown CAMEO code {code!r}")
