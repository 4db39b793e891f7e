"""Users' own actor dictionaries: YAML files of Tidings entries, and TABARI/PETRARCH
``.actors`` dictionaries as Phoenix users have them.

Entries from these files are added to the knowledge base and win over built-in entries
with the same name (``KnowledgeBase.override``).

YAML (``*.yaml``/``*.yml``)::

    actors:
      - name: Jane Doe                  # how the text names it
        aliases: [Doe, J. Doe]          # optional; one-word aliases are second mentions
        country: GBR                    # ISO alpha-3, or UNO EUR IGO NGO IMG MNC ISM MUL
        sector: GOV                     # optional
        roles:                          # optional dated roles instead of country/sector
          - {country: GBR, sector: GOV, start: 2020-01-01, end: 2022-06-30}
        after: ELI                      # optional sector outside every role
        kind: person                    # optional: person, organisation, state, metonym

PETRARCH/TABARI (any other name, usually ``*.actors.txt``)::

    VLADIMIR_PUTIN_  [RUSGOV]           # primary phrase and optional default code
    +PUTIN_                             # synonyms
        [RUSGOV 20000507-20080507]      # tab-indented dated codes: <date, >date, date-date
        [RUSELI >20080507]

Codes are a CAMEO country code followed by agent codes (``RUSGOV``, ``IGOUNO``,
``USAMILNAV``); the first agent code Tidings knows becomes the sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tidings.actors.kb import (
    COUNTRY,
    METONYM,
    ORGANISATION,
    PERSON,
    Alias,
    Entity,
)
from tidings.errors import KnowledgeError
from tidings.records import Role
from tidings.tables import SECTORS, SPECIAL_COUNTRIES

# CAMEO agent codes that Tidings spells differently.
CAMEO_AGENTS = {
    "INS": "REB",
    "SEP": "REB",
    "RAD": "REB",
    "HLH": "MED",
    "PKO": "MIL",
    "NAV": "MIL",
    "AIR": "MIL",
    "ENV": "CVL",
    "HRI": "CVL",
    "SET": "CVL",
    "MOD": "OPP",
    "DEV": "GOV",
    "UIS": "UNK",
}
# CAMEO international codes that name an organisation type, not a state.
CAMEO_INTERNATIONAL = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG", "MNC": "MNC", "NGM": "ISM"}
KINDS = {"person": PERSON, "organisation": ORGANISATION, "state": COUNTRY, "metonym": METONYM}


@dataclass(frozen=True)
class UserEntries:
    """The aliases a user file adds, and where they came from."""

    source: str
    aliases: list[Alias]


def load_user_file(path: Path, known_countries: set[str]) -> UserEntries:
    """Read a YAML or PETRARCH actor dictionary."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read actor file: {exc.strerror}") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        aliases = _from_yaml(text, path.name, known_countries)
    else:
        aliases = PetrarchReader(path.name, known_countries).read(text)
    return UserEntries(str(path), aliases)


# --- YAML ------------------------------------------------------------------------------


def _from_yaml(text: str, source: str, known: set[str]) -> list[Alias]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{source}: not valid YAML: {exc}") from exc
    entries = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise KnowledgeError(f"{source}: expected a list under 'actors'")
    aliases: list[Alias] = []
    for number, entry in enumerate(entries, 1):
        where = f"{source}: actor {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise KnowledgeError(f"{where}: each actor needs a 'name'")
        aliases.extend(_yaml_entry(entry, where, known))
    return aliases


def _yaml_entry(entry: dict[str, Any], where: str, known: set[str]) -> list[Alias]:
    name = entry["name"].strip()
    roles = tuple(_yaml_role(r, where, known) for r in entry.get("roles") or [])
    country = _country(entry.get("country"), where, known) if entry.get("country") else None
    sector = _sector(entry.get("sector"), where)
    if not roles and country is None:
        raise KnowledgeError(f"{where} ({name}): give a country or dated roles")
    kind = KINDS.get(str(entry.get("kind") or ("person" if roles else "organisation")))
    if kind is None:
        raise KnowledgeError(f"{where} ({name}): kind must be one of {', '.join(KINDS)}")
    after = _sector(entry.get("after"), where) or ("ELI" if kind == PERSON and roles else None)
    latest = max(roles, key=lambda r: (r.start is not None, r.start)) if roles else None
    entity = Entity(
        f"user:{name}",
        kind,
        name,
        country if country is not None else (latest.country if latest else None),
        sector if roles == () else None,
        roles,
        after,
    )
    texts = [name, *[str(a) for a in entry.get("aliases") or []]]
    return [
        Alias(t.strip(), entity, short=kind == PERSON and len(t.split()) == 1 and t != name)
        for t in texts
        if t.strip()
    ]


def _yaml_role(role: Any, where: str, known: set[str]) -> Role:
    if not isinstance(role, dict):
        raise KnowledgeError(f"{where}: each role is a mapping with country, sector, start, end")
    return Role(
        _country(role.get("country"), where, known),
        _sector(role.get("sector"), where),
        _date(role.get("start"), where),
        _date(role.get("end"), where),
        role.get("office"),
    )


# --- PETRARCH / TABARI -----------------------------------------------------------------

_CODE = re.compile(r"\[([^\]]*)\]")


class PetrarchReader:
    """Reads the actor dictionary format of TABARI 0.8 and PETRARCH."""

    def __init__(self, source: str, known_countries: set[str]) -> None:
        self.source = source
        self.known = known_countries

    def read(self, text: str) -> list[Alias]:
        aliases: list[Alias] = []
        block: list[str] = []
        default: str | None = None
        dated: list[tuple[str, date | None, date | None]] = []
        for number, raw in enumerate(_strip_comments(text).splitlines(), 1):
            if not raw.strip():
                continue
            line = raw.rstrip()
            where = f"{self.source}:{number}"
            if raw[:1] in (" ", "\t") and line.strip().startswith("["):
                dated.append(self._restriction(line.strip(), where))
            elif line.startswith("+"):
                block.append(_phrase(line[1:]))
            else:
                aliases.extend(self._entity(block, default, dated))
                phrase, _, rest = line.partition("[")
                block = [_phrase(phrase)]
                default = rest.split("]", 1)[0].strip() if rest else None
                dated = []
        aliases.extend(self._entity(block, default, dated))
        return aliases

    def _entity(
        self,
        names: list[str],
        default: str | None,
        dated: list[tuple[str, date | None, date | None]],
    ) -> list[Alias]:
        names = [n for n in names if n]
        if not names or (default is None and not dated):
            return []
        roles = tuple(Role(*self._code(code), start, end) for code, start, end in dated)
        base_country, base_sector = self._code(default) if default else (None, None)
        if base_country is None and roles:
            base_country = roles[-1].country
        kind = PERSON if roles else ORGANISATION
        entity = Entity(
            f"petrarch:{names[0]}",
            kind,
            names[0].title(),
            base_country,
            base_sector,
            roles,
            base_sector if roles and default else None,
        )
        return [Alias(n, entity, any_case=True) for n in names]

    def _code(self, code: str) -> tuple[str | None, str | None]:
        code = code.strip().upper()
        head, tail = code[:3], code[3:]
        if head in CAMEO_INTERNATIONAL:
            # "IGOUNO...": the second code says which international body, if it is ours.
            if tail[:3] in SPECIAL_COUNTRIES:
                return tail[:3], _agent(tail[3:])
            return CAMEO_INTERNATIONAL[head], _agent(tail)
        if head in self.known or head in SPECIAL_COUNTRIES:
            return head, _agent(tail)
        return None, _agent(code)

    def _restriction(self, text: str, where: str) -> tuple[str, date | None, date | None]:
        inner = _CODE.match(text)
        if inner is None:
            raise KnowledgeError(f"{where}: cannot read date restriction {text!r}")
        parts = inner.group(1).split()
        if not parts:
            raise KnowledgeError(f"{where}: empty code")
        code = parts[0]
        if len(parts) == 1:
            return code, None, None
        spec = parts[1]
        try:
            if spec.startswith("<"):
                return code, None, _petrarch_date(spec[1:])
            if spec.startswith(">"):
                return code, _petrarch_date(spec[1:]), None
            first, _, last = spec.partition("-")
            return code, _petrarch_date(first), _petrarch_date(last)
        except ValueError as exc:
            raise KnowledgeError(f"{where}: bad date in {text!r}: {exc}") from exc


def _strip_comments(text: str) -> str:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    return "\n".join(re.split(r"\s[#;]|^[#;]", line, maxsplit=1)[0] for line in text.splitlines())


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def _petrarch_date(text: str) -> date:
    """YYYYMMDD, or YYMMDD with years before 30 in the 2000s (TABARI's convention)."""
    text = text.strip()
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 6:
        yy = int(text[:2])
        return date(2000 + yy if yy < 30 else 1900 + yy, int(text[2:4]), int(text[4:]))
    raise ValueError(f"{text!r} is not YYYYMMDD or YYMMDD")


def _agent(codes: str) -> str | None:
    for i in range(0, len(codes) - 2, 3):
        code = codes[i : i + 3]
        code = CAMEO_AGENTS.get(code, code)
        if code in SECTORS:
            return code
    return None


# --- shared ----------------------------------------------------------------------------


def _country(value: Any, where: str, known: set[str]) -> str:
    code = str(value or "").strip().upper()
    if code in known or code in SPECIAL_COUNTRIES:
        return code
    raise KnowledgeError(f"{where}: unknown country code {value!r}")


def _sector(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    code = str(value).strip().upper()
    if code not in SECTORS:
        raise KnowledgeError(f"{where}: unknown sector {value!r}")
    return code


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise KnowledgeError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None
