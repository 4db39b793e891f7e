"""One exception hierarchy for everything Tidings raises on purpose.

    TidingsError
     ├── InputError        an article or input file that cannot be read (names file/line/field)
     ├── KnowledgeError    a knowledge data file that is malformed (names file/line)
     ├── ModelError        the spaCy pipeline is missing or broken
     ├── StoreError        the DuckDB store cannot be opened, migrated or written
     └── ConfigError       an option or setting that makes no sense

The command line turns any of these into one line on stderr; a traceback is a bug.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class of every error Tidings raises on purpose."""


class InputError(TidingsError):
    """An input item that cannot be read. Says where: file, line and field."""

    def __init__(
        self, message: str, *, source: str = "", line: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.message}"


class KnowledgeError(TidingsError):
    """A knowledge data file (countries, leaders, triggers ...) that cannot be loaded."""


class ModelError(TidingsError):
    """The spaCy pipeline cannot be loaded."""


class StoreError(TidingsError):
    """The event store cannot be opened, migrated or written."""


class ConfigError(TidingsError):
    """An option or setting that cannot be used."""
