"""Reading the knowledge tables shipped under ``tidings/data``.

Every table is a tab-separated file: ``#`` comment lines (one of them ``# version: N``),
a header line naming the columns, then one row per line. This module reads one and checks
its shape; each stage has its own loader that turns rows into typed records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from tidings.errors import KnowledgeError

SECTORS = frozenset(
    {
        "GOV", "MIL", "COP", "SPY", "LEG", "JUD", "PTY", "OPP", "REB", "PRM", "UAF", "BUS", "CVL",
        "JRN", "LAB", "EDU", "MED", "REF", "REL", "ELI", "CRM", "SOC", "AGR", "PRE", "UNK",
    }
)  # fmt: skip
"""The sector codes of the annotation guide."""

SPECIAL_COUNTRIES = frozenset(["UNO", "EUR", "IGO", "NGO", "IMG", "MNC", "ISM", "MUL"])
"""Codes for actors that belong to no single state."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row, with the place it came from for error messages."""

    where: str
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def items(self, column: str) -> list[str]:
        """The ``|``-separated list in a cell, without empty items."""
        return [item.strip() for item in self.cells[column].split("|") if item.strip()]

    def optional_date(self, column: str) -> date | None:
        value = self.cells[column].strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise KnowledgeError(
                f"{self.where}: {column} is not a YYYY-MM-DD date: {value!r}"
            ) from None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    version: str
    rows: tuple[Row, ...]


def data_path(name: str) -> Path:
    """Path of a file or folder under the package's ``data`` folder."""
    return Path(str(resources.files("tidings") / "data" / name))


def read_table(path: Path, columns: tuple[str, ...]) -> Table:
    """Read one table, checking its header and the number of cells on each row."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read knowledge table: {exc.strerror}") from exc
    version = ""
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if line[1:].strip().startswith("version:"):
                version = line.split(":", 1)[1].strip()
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            if missing:
                raise KnowledgeError(f"{path.name}:{number}: header lacks columns {missing}")
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        elif len(cells) > len(header):
            raise KnowledgeError(
                f"{path.name}:{number}: {len(cells)} cells, the header has {len(header)}"
            )
        rows.append(Row(f"{path.name}:{number}", dict(zip(header, cells, strict=True))))
    if header is None:
        raise KnowledgeError(f"{path.name}: no header line")
    if not version:
        raise KnowledgeError(f"{path.name}: no '# version:' line")
    return Table(path.name, version, tuple(rows))


def table_files(path: Path) -> Iterator[Path]:
    """The ``.tsv`` files of a table that is split over a folder, in name order."""
    if path.is_dir():
        yield from sorted(p for p in path.iterdir() if p.suffix == ".tsv")
    else:
        yield path
