"""The knowledge tables load, are versioned, and agree with each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import KnowledgeError
from tidings.events.lexicon import NOT_AN_EVENT
from tidings.events.ontology import PLOVER_TYPES
from tidings.tables import SECTORS, data_path, read_table


def test_every_table_has_a_version(kb, ontology, lexicon) -> None:
    for name in ("countries.tsv", "metonyms.tsv", "organisations.tsv", "agents.tsv"):
        assert kb.versions[name]
    assert any(name.startswith("leaders/") for name in kb.versions)


def test_all_iso_states_are_known(kb) -> None:
    pycountry = pytest.importorskip("pycountry")
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in kb.countries]
    assert missing == []


def test_country_metonyms_resolve(kb) -> None:
    by_text = {a.text: a.entity for a in kb.aliases}
    assert (by_text["Kremlin"].country, by_text["Kremlin"].sector) == ("RUS", "GOV")
    assert (by_text["White House"].country, by_text["White House"].sector) == ("USA", "GOV")
    assert (by_text["Pentagon"].country, by_text["Pentagon"].sector) == ("USA", "MIL")
    assert (by_text["Moscow"].country, by_text["Moscow"].sector) == ("RUS", "GOV")
    assert by_text["Russian"].country == "RUS"


def test_sector_nouns(kb) -> None:
    sectors = {a.text: a.entity.sector for a in kb.aliases if a.entity.kind in ("agent", "title")}
    assert sectors["troops"] == "MIL"
    assert sectors["rebels"] == "REB"
    assert sectors["police"] == "COP"
    assert sectors["protesters"] == "CVL"
    assert set(sectors.values()) <= SECTORS


def test_leaders_have_dated_roles(kb) -> None:
    putin = next(a.entity for a in kb.aliases if a.entity.key == "person:Vladimir Putin")
    assert any(r.office == "prime minister" for r in putin.roles)
    assert putin.after_term == "ELI"


def test_every_plover_type_has_triggers(lexicon) -> None:
    types = {
        s.type
        for lemma in lexicon.verbs | lexicon.nouns
        for pos in ("verb", "noun")
        for s in lexicon.senses(lemma, pos)
    }
    assert types - {NOT_AN_EVENT} == set(PLOVER_TYPES)


def test_trigger_types_agree_with_cameo(lexicon, ontology) -> None:
    """A trigger's CAMEO code maps to its PLOVER type, except where the guide says otherwise."""
    deviations = []
    for lemma in lexicon.verbs | lexicon.nouns:
        for pos in ("verb", "noun"):
            for sense in lexicon.senses(lemma, pos):
                if sense.type == NOT_AN_EVENT:
                    continue
                expected = ontology.code(sense.cameo).plover_type
                if expected != sense.type:
                    deviations.append((sense.where, sense.type, sense.cameo, expected))
    # The guide codes resignations as RETREAT (CAMEO 0831 is CONCEDE in the table) and
    # court verdicts as SANCTION convict (CAMEO 116 is ACCUSE in the table).
    allowed = {("RETREAT", "0831"), ("SANCTION", "116")}
    unexpected = [d for d in deviations if (d[1], d[2]) not in allowed]
    assert unexpected == []


def test_cameo_table_overrides_follow_the_guide(ontology) -> None:
    assert ontology.code("163").plover_type == "SANCTION"
    assert ontology.code("192").plover_type == "ASSAULT"
    assert ontology.code("041").plover_mode == "phone"
    assert ontology.code("0411").code == "041"  # unknown sub-codes fall back to the parent
    assert {c.quad_class for c in ontology.codes.values()} == {1, 2, 3, 4}


def test_table_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# version: 1\na\tb\n1\t2\t3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad.tsv:3"):
        read_table(bad, ("a", "b"))
    unversioned = tmp_path / "u.tsv"
    unversioned.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="version"):
        read_table(unversioned, ("a", "b"))


def test_data_path_points_into_the_package() -> None:
    assert data_path("countries.tsv").exists()


def _data_rows(path: Path) -> int:
    if path.suffix != ".gz":
        return len(read_table(path, ()).rows)
    import gzip

    # The gazetteer's loader builds a name index, not rows: count its lines.
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return len(lines) - 1  # the header


def test_the_data_readme_counts_every_table_row() -> None:
    """The row counts in data/README.md are what the files hold, so the docs stay true."""
    readme = data_path("README.md").read_text(encoding="utf-8")
    documented = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 3 and cells[1].startswith("`") and cells[2].replace(",", "").isdigit():
            documented[cells[1].strip("`")] = int(cells[2].replace(",", ""))
    for name, count in documented.items():
        if name.endswith(".jsonl"):
            continue
        paths = sorted(data_path(".").glob(name))
        assert paths, f"data/README.md names {name}, which is not in the package"
        assert sum(_data_rows(p) for p in paths) == count, f"data/README.md: {name}"
    tables = {p.name for p in data_path(".").glob("*.tsv*")}
    missing = tables - set(documented)
    assert not missing, f"tables missing from data/README.md: {missing}"
