"""Users' actor dictionaries: YAML and PETRARCH formats, loaded and used."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.actors import KnowledgeBase
from tidings.actors.userfiles import load_user_file
from tidings.errors import KnowledgeError
from tidings.pipeline import Coder, CoderOptions
from tidings.records import Article

from conftest import DATA

PETRARCH = DATA / "actors" / "phoenix-sample.actors.txt"
YAML = DATA / "actors" / "custom.yaml"


@pytest.fixture()
def kb() -> KnowledgeBase:  # a fresh copy: these tests change it
    return KnowledgeBase.load()


def test_petrarch_dictionary_with_dated_codes(kb) -> None:  # type: ignore[no-untyped-def]
    entries = load_user_file(PETRARCH, set(kb.countries))
    by_text = {a.text: a.entity for a in entries.aliases}
    example = by_text["JOHN Q EXAMPLE"]
    assert by_text["EXAMPLE"] is example
    assert [(r.country, r.sector, r.start, r.end) for r in example.roles] == [
        ("FRA", "GOV", date(2010, 1, 1), date(2014, 12, 31)),
        ("FRA", "ELI", date(2014, 12, 31), None),
    ]
    vance = by_text["ZELMA ORTIZ VANCE"]
    assert vance.roles[0].start == date(2012, 3, 1) and vance.roles[0].end == date(2016, 6, 30)
    assert (vance.country, vance.sector) == ("ARG", "OPP")  # the default outside the term
    assert (by_text["NLB"].country, by_text["NLB"].sector) == ("COL", "REB")  # INS → REB
    assert (
        by_text["ARBITRARY NATIONS MISSION"].country,
        by_text["ARBITRARY NATIONS MISSION"].sector,
    ) == ("UNO", "MIL")


def test_yaml_entries_and_overrides(kb) -> None:  # type: ignore[no-untyped-def]
    kb.override(load_user_file(YAML, set(kb.countries)).aliases)
    kremlin = [a.entity for a in kb.aliases if a.text == "Kremlin"]
    assert [(e.country, e.sector) for e in kremlin] == [("RUS", "SPY")]
    league = next(a.entity for a in kb.aliases if a.text == "Coastal Defence League")
    assert (league.country, league.sector) == ("PER", "PRM")


def test_user_entries_are_used_when_coding(nlp, kb, ontology, lexicon) -> None:  # type: ignore[no-untyped-def]
    kb.override(load_user_file(PETRARCH, set(kb.countries)).aliases)
    kb.override(load_user_file(YAML, set(kb.countries)).aliases)
    coder = Coder(nlp, kb, ontology, lexicon, CoderOptions())
    text = (
        "John Q. Example met Chilean officials. Example criticized the Northern Light Brigade "
        "on Monday. Zelma Ortiz Vance condemned Marta Quillon."
    )
    events = coder.code(
        Article(id="u", text=text.replace("John Q.", "John Q"), published=date(2013, 5, 8))
    )
    accuse = [e for e in events if e.type == "ACCUSE"]
    assert [(a.country, a.sector) for a in accuse[0].source] == [("FRA", "GOV")]
    assert [(a.country, a.sector) for a in accuse[0].target] == [("COL", "REB")]
    assert [(a.country, a.sector) for a in accuse[1].source] == [("ARG", "GOV")]
    later = coder.code(
        Article(id="v", text=text.replace("John Q.", "John Q"), published=date(2020, 5, 8))
    )
    later_accuse = [e for e in later if e.type == "ACCUSE"]
    assert [(a.country, a.sector) for a in later_accuse[0].source] == [("FRA", "ELI")]
    quillon = later_accuse[-1].target[0]
    assert (quillon.country, quillon.sector) == ("CHL", "GOV")


def test_bad_user_files_name_the_place(tmp_path: Path, kb) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.actors.txt"
    bad.write_text("SOMEONE_\n\t[USAGOV 2010-2012]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.actors\.txt:2"):
        load_user_file(bad, set(kb.countries))
    yaml_bad = tmp_path / "bad.yaml"
    yaml_bad.write_text("actors:\n  - name: X\n    country: XYZ\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown country code"):
        load_user_file(yaml_bad, set(kb.countries))
