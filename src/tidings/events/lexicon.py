"""The trigger lexicon (``data/triggers*.tsv``) and the modality cues (``data/modality.tsv``).

The lexicon is every ``triggers*.tsv`` file of the data folder, read in name order
(``triggers.tsv``, then ``triggers-extended.tsv`` ...), as one table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import KnowledgeError
from tidings.events.ontology import PLOVER_TYPES, Ontology
from tidings.tables import Row, data_path, read_table

CONDITION_KEYS = frozenset({"prt", "prep", "obj", "subj", "gov", "mod", "not-mod", "not-prep"})
FLAGS = frozenset({"recip", "governs", "weak", "promise", "objsource"})
MODALITY_ROLES = frozenset(
    {
        "negation",
        "hypothetical",
        "future",
        "condition",
        "intention",
        "obligation",
        "report",
        "support",
        "reverse",
        "cancel",
        "object-control",
        "censure",
        "calling",
        "stative",
    }
)
ACTOR_OBJECT = "@actor"
NO_OBJECT = "-"


NOT_AN_EVENT = "-"
"""The type of a sense that is no event ("denied the allegations", "took office"): when its
conditions hold, the word codes nothing."""


@dataclass(frozen=True, slots=True)
class Condition:
    key: str
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One sense of a trigger word."""

    lemma: str
    pos: str
    conditions: tuple[Condition, ...]
    type: str
    mode: str | None
    cameo: str
    targets: tuple[str, ...]
    flags: frozenset[str]
    where: str

    @property
    def rule(self) -> str:
        return f"lexicon:{self.where}"

    def has(self, flag: str) -> bool:
        return flag in self.flags


class Lexicon:
    """Trigger senses by (lemma, pos), and modality cue words by role."""

    def __init__(self, triggers: list[Trigger], cues: dict[str, frozenset[str]]) -> None:
        by_word: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for trigger in triggers:
            by_word[(trigger.lemma, trigger.pos)].append(trigger)
        # Specific senses (with conditions) first, each group in file order.
        self._senses = {
            key: tuple(sorted(senses, key=lambda t: not t.conditions))
            for key, senses in by_word.items()
        }
        self.verbs = frozenset(lemma for lemma, pos in self._senses if pos == "verb")
        self.nouns = frozenset(lemma for lemma, pos in self._senses if pos == "noun")
        self._cues = cues

    @classmethod
    def load(cls, ontology: Ontology, data_dir: Path | None = None) -> Lexicon:
        base = data_dir or data_path("")
        cols = ("lemma", "pos", "requires", "type", "mode", "cameo", "target", "flags")
        triggers = [
            _trigger(row, ontology)
            for path in sorted(base.glob("triggers*.tsv"), key=_lexicon_order)
            for row in read_table(path, cols).rows
        ]
        cue_table = read_table(base / "modality.tsv", ("word", "role"))
        cues: dict[str, set[str]] = defaultdict(set)
        for row in cue_table.rows:
            role = row["role"].strip()
            if role not in MODALITY_ROLES:
                raise KnowledgeError(f"{row.where}: unknown modality role {role!r}")
            cues[role].add(row["word"].strip().lower())
        return cls(triggers, {role: frozenset(words) for role, words in cues.items()})

    def senses(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self._senses.get((lemma, pos), ())

    def cue(self, role: str) -> frozenset[str]:
        return self._cues.get(role, frozenset())

    def __len__(self) -> int:
        return sum(len(s) for s in self._senses.values())


def _trigger(row: Row, ontology: Ontology) -> Trigger:
    pos = row["pos"].strip()
    if pos not in ("verb", "noun"):
        raise KnowledgeError(f"{row.where}: pos must be verb or noun, not {pos!r}")
    type_ = row["type"].strip()
    if type_ not in PLOVER_TYPES and type_ != NOT_AN_EVENT:
        raise KnowledgeError(f"{row.where}: unknown PLOVER type {type_!r}")
    cameo = row["cameo"].strip()
    if type_ == NOT_AN_EVENT:
        cameo = NOT_AN_EVENT
    elif cameo not in ontology.codes:
        raise KnowledgeError(f"{row.where}: unknown CAMEO code {cameo!r}")
    flags = frozenset(f.strip() for f in row["flags"].split(",") if f.strip())
    if flags - FLAGS:
        raise KnowledgeError(f"{row.where}: unknown flags {sorted(flags - FLAGS)}")
    targets = tuple(t.strip() for t in row["target"].split(",") if t.strip())
    return Trigger(
        row["lemma"].strip().lower(),
        pos,
        _conditions(row),
        type_,
        row["mode"].strip() or None,
        cameo,
        targets,
        flags,
        row.where,
    )


def _conditions(row: Row) -> tuple[Condition, ...]:
    out = []
    for part in row["requires"].split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, values = part.partition("=")
        if not sep or key not in CONDITION_KEYS:
            raise KnowledgeError(f"{row.where}: cannot read condition {part!r}")
        out.append(Condition(key, frozenset(v.strip().lower() for v in values.split("|"))))
    return tuple(out)


def _lexicon_order(path: Path) -> tuple[bool, str]:
    """The core table first, then the others by name."""
    return path.name != "triggers.tsv", path.name
