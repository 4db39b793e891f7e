"""The language check: its word lists load, English passes, other languages do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.errors import KnowledgeError
from tidings.language import Profiles, check_language, default_profiles

from conftest import DEMO

FOREIGN = {
    "de": "Die Bundesregierung hat am Dienstag neue Sanktionen gegen Russland beschlossen. "
    "Der Kanzler sagte, man werde die Ukraine weiter unterstützen, auch wenn das teuer sei.",
    "fr": "Le gouvernement français a annoncé mardi de nouvelles sanctions contre la Russie. "
    "Le président a déclaré que la France continuerait à soutenir l'Ukraine.",
    "es": "El gobierno español anunció el martes nuevas sanciones contra Rusia. El presidente "
    "dijo que España seguirá apoyando a Ucrania durante la guerra.",
    "nl": "De Nederlandse regering heeft dinsdag nieuwe sancties tegen Rusland aangekondigd. "
    "De premier zei dat het land Oekraïne zal blijven steunen.",
    "tr": "Türkiye hükümeti salı günü Rusya'ya karşı yeni yaptırımlar açıkladı. Cumhurbaşkanı, "
    "ülkenin Ukrayna'yı desteklemeye devam edeceğini söyledi ve bu konuda daha çok çalışma "
    "olacak.",
}
SCRIPTS = {
    "Cyrillic script": "Правительство России во вторник объявило о новых мерах против Украины.",
    "Arabic script": "أعلنت الحكومة يوم الثلاثاء عن عقوبات جديدة ضد روسيا وقال الرئيس",
    "CJK (Chinese/Japanese) script": "日本政府は火曜日、ロシアに対する新たな制裁を発表した。",
    "Greek script": "Η κυβέρνηση ανακοίνωσε την Τρίτη νέες κυρώσεις κατά της Ρωσίας.",
}


def test_the_profiles_load_with_a_version() -> None:
    profiles = default_profiles()
    assert profiles.version == "1"
    assert "the" in profiles.english.words and "said" in profiles.english.words
    codes = {p.code for p in profiles.others}
    assert {"de", "fr", "es", "it", "pt", "nl", "tr"} <= codes
    # No single letters: tables of figures are full of them.
    assert all(len(w) > 1 for p in (profiles.english, *profiles.others) for w in p.words)


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_other_languages_are_named(code: str) -> None:
    verdict = check_language(FOREIGN[code])
    assert not verdict.english and verdict.language == code


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_other_scripts_are_named(script: str) -> None:
    verdict = check_language(SCRIPTS[script])
    assert not verdict.english and verdict.language == script


def test_english_passes_with_foreign_quotes_and_tables() -> None:
    assert check_language(
        'The minister said in Paris: "Nous ne céderons pas", before he met the French '
        "president and his advisers to discuss the sanctions on Russia."
    ).english
    table = "Shr 43 cts vs 30 cts\nNet 10.6 mln vs 5,967,000\nRevs 62.9 mln vs 41.5 mln\n" * 5
    assert check_language(table).english  # no function words at all: doubt counts as English
    assert check_language("Rebels seize Goma").language == "undetermined"


def test_every_demo_article_is_english() -> None:
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        assert check_language(json.loads(line)["text"]).english


def test_a_malformed_profile_file_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "languages.tsv"
    bad.write_text("# version: 1\ncode\tname\twords\nde\tGerman\tder|x\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="single letters"):
        Profiles.load(bad)
    bad.write_text("# version: 1\ncode\tname\twords\nde\tGerman\tder|die\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="exactly one 'en' row"):
        Profiles.load(bad)
