"""The actor knowledge base: states, capitals, seats of power, organisations, office
holders and sector nouns, loaded from the tables under ``tidings/data``.

Tables (each documented in ``tidings/data/README.md``):

    countries.tsv      every ISO 3166-1 entry: names, historical names, adjectives, capitals
    metonyms.tsv       seats of power standing for a government branch ("the Kremlin")
    organisations.tsv  IGOs and their bodies, NGOs, armed groups, parties, companies, media
    leaders/*.tsv      office holders with dated terms
    agents.tsv         sector nouns and titles ("troops" MIL, "foreign minister" GOV)

Every name becomes an ``Alias`` pointing at an ``Entity``; ``actors.match`` indexes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import KnowledgeError
from tidings.records import Role
from tidings.tables import SECTORS, SPECIAL_COUNTRIES, Row, data_path, read_table, table_files

# Kinds of entity. Proper kinds are names and must be written with a capital letter.
COUNTRY = "country"
ADJECTIVE = "adjective"
CAPITAL = "capital"
METONYM = "metonym"
ORGANISATION = "organisation"
GROUP = "group"
PERSON = "person"
AGENT = "agent"
TITLE = "title"
MEMBER = "member"
"""A role in some body ("leader", "spokesman"): takes the sector of the body named with it."""

PROPER_KINDS = frozenset({COUNTRY, ADJECTIVE, CAPITAL, METONYM, ORGANISATION, GROUP, PERSON})


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    iso2: str
    fips: str
    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Entity:
    """Something a name can stand for."""

    key: str
    kind: str
    name: str
    country: str | None
    sector: str | None
    roles: tuple[Role, ...] = ()
    after_term: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing an entity's name.

    ``short`` marks a person's second-mention form ("Putin"), which is trusted only when the
    article introduced the person or when a single holder of that name is in office.
    """

    text: str
    entity: Entity
    short: bool = False
    any_case: bool = False
    """Match regardless of letter case (dictionaries written in capitals, as PETRARCH's)."""


@dataclass
class KnowledgeBase:
    countries: dict[str, Country]
    aliases: list[Alias]
    versions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> KnowledgeBase:
        """Load every actor table from ``data_dir`` (default: the package's data)."""
        base = data_dir or data_path("")
        kb = cls(countries={}, aliases=[])
        kb._load_countries(base / "countries.tsv")
        kb._load_metonyms(base / "metonyms.tsv")
        kb._load_organisations(base / "organisations.tsv")
        kb._load_leaders(base / "leaders")
        kb._load_agents(base / "agents.tsv")
        return kb

    def override(self, aliases: list[Alias]) -> None:
        """Add a user's entries; a name they define replaces the built-in entries for it."""
        names = {a.text.strip().lower().removeprefix("the ") for a in aliases}
        self.aliases = [
            a for a in self.aliases if a.text.strip().lower().removeprefix("the ") not in names
        ]
        self.aliases.extend(aliases)

    def country_code(self, code: str, where: str) -> str:
        code = code.strip().upper()
        if code in self.countries or code in SPECIAL_COUNTRIES:
            return code
        raise KnowledgeError(f"{where}: unknown country code {code!r}")

    def country_words(self) -> dict[str, str]:
        """Lower-cased names and adjectives of states → ISO alpha-3 ("belarus", "syrian")."""
        return {
            a.text.lower().removeprefix("the "): a.entity.country
            for a in self.aliases
            if a.entity.kind in (COUNTRY, ADJECTIVE) and a.entity.country
        }

    def entities(self) -> Iterable[Entity]:
        seen: set[str] = set()
        for alias in self.aliases:
            if alias.entity.key not in seen:
                seen.add(alias.entity.key)
                yield alias.entity

    # --- loaders, one per table -------------------------------------------------------

    def _load_countries(self, path: Path) -> None:
        cols = ("code", "iso2", "fips", "kind", "name", "names", "adjectives", "capitals")
        table = read_table(path, cols)
        self.versions[table.name] = table.version
        for row in table.rows:
            code = row["code"].strip().upper()
            self.countries[code] = Country(
                code, row["iso2"].strip(), row["fips"].strip(), row["kind"].strip(), row["name"]
            )
        for row in table.rows:
            code = row["code"].strip().upper()
            name = row["name"].strip()
            state = Entity(f"country:{code}", COUNTRY, name, code, None)
            self._add(state, [name, *row.items("names")])
            adjective = Entity(f"adjective:{code}", ADJECTIVE, name, code, None)
            self._add(adjective, row.items("adjectives"))
            capital = Entity(f"capital:{code}", CAPITAL, name, code, "GOV")
            self._add(capital, row.items("capitals"))

    def _load_metonyms(self, path: Path) -> None:
        table = read_table(path, ("text", "country", "sector"))
        self.versions[table.name] = table.version
        for row in table.rows:
            text = row["text"].strip()
            country = self.country_code(row["country"], row.where)
            sector = _sector(row, "sector")
            self._add(Entity(f"metonym:{text}", METONYM, text, country, sector), [text])

    def _load_organisations(self, path: Path) -> None:
        cols = ("name", "aliases", "country", "sector", "start", "end", "kind")
        table = read_table(path, cols)
        self.versions[table.name] = table.version
        grouped: dict[str, list[Row]] = defaultdict(list)
        for row in table.rows:
            grouped[row["name"].strip()].append(row)
        for name, rows in grouped.items():
            roles = tuple(
                Role(
                    self.country_code(r["country"], r.where),
                    _sector(r, "sector"),
                    r.optional_date("start"),
                    r.optional_date("end"),
                )
                for r in rows
            )
            kind = GROUP if rows[0]["kind"].strip() == "group" else ORGANISATION
            first = roles[0]
            dated = len(roles) > 1 or first.start is not None or first.end is not None
            entity = Entity(
                f"org:{name}",
                kind,
                name,
                _latest(roles).country,
                _latest(roles).sector,
                roles if dated else (),
            )
            texts = [name]
            for r in rows:
                texts.extend(r.items("aliases"))
            self._add(entity, _unique(texts))

    def _load_leaders(self, folder: Path) -> None:
        cols = ("name", "aliases", "country", "office", "sector", "start", "end")
        grouped: dict[str, list[Row]] = defaultdict(list)
        for path in table_files(folder):
            table = read_table(path, cols)
            self.versions[f"leaders/{table.name}"] = table.version
            for row in table.rows:
                grouped[row["name"].strip()].append(row)
        for name, rows in grouped.items():
            roles = tuple(
                sorted(
                    (
                        Role(
                            self.country_code(r["country"], r.where),
                            _sector(r, "sector") or "GOV",
                            r.optional_date("start"),
                            r.optional_date("end"),
                            r["office"].strip() or None,
                        )
                        for r in rows
                    ),
                    key=lambda role: (role.start is not None, role.start),
                )
            )
            person = Entity(
                f"person:{name}", PERSON, name, roles[-1].country, None, roles, after_term="ELI"
            )
            full, short = _person_names(name, rows)
            self._add(person, full)
            self._add(person, short, short=True)

    def _load_agents(self, path: Path) -> None:
        table = read_table(path, ("text", "sector", "kind"))
        self.versions[table.name] = table.version
        for row in table.rows:
            text = row["text"].strip().lower()
            kind = {"title": TITLE, "member": MEMBER}.get(row["kind"].strip(), AGENT)
            sector = _sector(row, "sector")
            self._add(Entity(f"{kind}:{text}", kind, text, None, sector), [text])

    def _add(self, entity: Entity, texts: Iterable[str], short: bool = False) -> None:
        for text in texts:
            text = text.strip()
            if text:
                self.aliases.append(Alias(text, entity, short))


def _sector(row: Row, column: str) -> str | None:
    value = row[column].strip().upper()
    if not value:
        return None
    if value not in SECTORS:
        raise KnowledgeError(f"{row.where}: unknown sector {value!r}")
    return value


def _latest(roles: tuple[Role, ...]) -> Role:
    return max(roles, key=lambda r: (r.start is not None, r.start))


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def _person_names(name: str, rows: list[Row]) -> tuple[list[str], list[str]]:
    """Split a person's names into full names and second-mention short forms.

    A one-word alias is a short form ("Putin", "Xi", "Lula"); longer ones are full names.
    """
    texts = [name]
    for row in rows:
        texts.extend(row.items("aliases"))
    full: list[str] = []
    short: list[str] = []
    for text in _unique(texts):
        (short if len(text.split()) == 1 else full).append(text)
    return full, short
