"""Actor resolution on hand-built parses: names, sector nouns, dates, context."""

from __future__ import annotations

from datetime import date

from helpers import article_actors, build_doc, parse_rows


def _compose(coder, spec: str, word: str, day: date = date(2015, 7, 5)):  # type: ignore[no-untyped-def]
    doc = build_doc(coder.nlp, parse_rows(spec))
    actors = article_actors(coder, doc, day)
    tok = next(t for t in doc if t.text == word)
    sent_index = next(i for i, s in enumerate(doc.sents) if s.start <= tok.i < s.end)
    return actors.for_sentence(sent_index).compose(tok)


SOLDIERS = """
Russian Russian ADJ amod 1
soldiers soldier NOUN nsubj 2
attacked attack VERB ROOT 2
the the DET det 4
town town NOUN dobj 2
. . PUNCT punct 2
"""


def test_country_adjective_and_sector_noun(coder) -> None:
    mention = _compose(coder, SOLDIERS, "soldiers")
    assert (mention.country, mention.sector, mention.text) == ("RUS", "MIL", "Russian soldiers")


KREMLIN = """
The the DET det 1
Kremlin Kremlin PROPN nsubj 2
rejected reject VERB ROOT 2
talks talk NOUN dobj 2
with with ADP prep 3
Washington Washington PROPN pobj 4
. . PUNCT punct 2
"""


def test_seats_of_power_and_capitals_stand_for_governments(coder) -> None:
    kremlin = _compose(coder, KREMLIN, "Kremlin")
    assert (kremlin.country, kremlin.sector, kremlin.text) == ("RUS", "GOV", "The Kremlin")
    washington = _compose(coder, KREMLIN, "Washington")
    assert (washington.country, washington.sector) == ("USA", "GOV")


PUTIN_OBAMA = """
Vladimir Vladimir PROPN compound 1
Putin Putin PROPN nsubj 2
met meet VERB ROOT 2
Barack Barack PROPN compound 4
Obama Obama PROPN dobj 2
. . PUNCT punct 2
"""


def test_people_are_coded_by_office_on_the_event_date(coder) -> None:
    putin = _compose(coder, PUTIN_OBAMA, "Putin")
    assert putin.on(date(2015, 7, 5)).sector == "GOV"
    assert putin.on(date(2009, 5, 1)).sector == "GOV"  # prime minister then
    assert putin.on(date(2009, 5, 1)).country == "RUS"
    obama = _compose(coder, PUTIN_OBAMA, "Obama")
    assert (obama.on(date(2015, 7, 5)).country, obama.on(date(2015, 7, 5)).sector) == ("USA", "GOV")
    assert obama.on(date(2018, 3, 1)).sector == "ELI"
    assert obama.name == "Barack Obama"


REBELS = """
Ukraine Ukraine PROPN nsubj 1
protested protest VERB ROOT 1
. . PUNCT punct 1
Russian Russian ADJ amod 4
soldiers soldier NOUN nsubj 10
and and CCONJ cc 4
pro pro ADJ amod 9
- - PUNCT punct 9
Russian Russian ADJ amod 9
rebels rebel NOUN conj 4
attacked attack VERB ROOT 10
Ukraine Ukraine PROPN dobj 10
. . PUNCT punct 10
"""


def test_rebels_are_coded_where_they_fight_not_by_sympathy(coder) -> None:
    doc = build_doc(coder.nlp, parse_rows(REBELS))
    actors = article_actors(coder, doc).for_sentence(1)
    soldiers = doc[4]
    members = actors.compose_all(soldiers)
    assert [(m.country, m.sector) for m in members] == [("RUS", "MIL"), ("UKR", "REB")]
    assert members[1].text == "pro-Russian rebels"


PRONOUN = """
Vladimir Vladimir PROPN compound 1
Putin Putin PROPN nsubj 2
spoke speak VERB ROOT 2
. . PUNCT punct 2
He he PRON nsubj 5
called call VERB ROOT 5
Merkel Merkel PROPN dobj 5
. . PUNCT punct 5
"""


def test_personal_pronouns_take_the_last_person_named(coder) -> None:
    he = _compose(coder, PRONOUN, "He")
    assert (he.country, he.name, he.text) == ("RUS", "Vladimir Putin", "He")


SECTORS = """
sanctions sanction NOUN nsubj 5
against against ADP prep 0
Moscow Moscow PROPN poss 4
's 's PART case 2
sectors sector NOUN pobj 1
hurt hurt VERB ROOT 5
. . PUNCT punct 5
"""


def test_an_ordinary_noun_falls_back_to_its_possessor(coder) -> None:
    mention = _compose(coder, SECTORS, "sectors")
    assert (mention.country, mention.sector, mention.text) == ("RUS", "GOV", "Moscow")


TALIBAN = """
The the DET det 1
Taliban Taliban PROPN nsubj 2
attacked attack VERB ROOT 2
Kabul Kabul PROPN dobj 2
. . PUNCT punct 2
"""


def test_groups_whose_role_changed_are_dated(coder) -> None:
    taliban = _compose(coder, TALIBAN, "Taliban")
    assert (taliban.on(date(2019, 6, 1)).country, taliban.on(date(2019, 6, 1)).sector) == (
        "AFG",
        "REB",
    )
    assert taliban.on(date(2022, 6, 1)).sector == "GOV"


US_LOWER = """
they they PRON nsubj 1
told tell VERB ROOT 1
us we PRON dobj 1
. . PUNCT punct 1
"""


def test_abbreviations_match_only_in_their_case(coder) -> None:
    assert _compose(coder, US_LOWER, "us") is None


TWO_COUNTRIES = """
Ethiopia Ethiopia PROPN nsubj 1
met meet VERB ROOT 1
Eritrea Eritrea PROPN dobj 1
. . PUNCT punct 1
The the DET det 6
two two NUM nummod 6
countries country NOUN nsubj 7
agreed agree VERB ROOT 7
. . PUNCT punct 7
"""


def test_the_two_countries_are_the_last_two_states_named(coder) -> None:
    doc = build_doc(coder.nlp, parse_rows(TWO_COUNTRIES))
    actors = article_actors(coder, doc).for_sentence(1)
    members = actors.compose_all(doc[6])
    assert [m.country for m in members] == ["ETH", "ERI"]
    assert members[0].text == "The two countries"


PRESIDENTS_OF = """
The the DET det 1
presidents president NOUN nsubj 7
of of ADP prep 1
Bosnia Bosnia PROPN pobj 2
, , PUNCT punct 3
Serbia Serbia PROPN conj 3
and and CCONJ cc 5
Croatia Croatia PROPN conj 5
initialed initial VERB ROOT 7
. . PUNCT punct 7
"""


def test_a_title_with_coordinated_countries_is_one_actor_each(coder) -> None:
    doc = build_doc(
        coder.nlp,
        parse_rows(
            PRESIDENTS_OF.replace("nsubj 7", "nsubj 8")
            .replace("ROOT 7", "ROOT 8")
            .replace("punct 7", "punct 8")
        ),
    )
    actors = article_actors(coder, doc).for_sentence(0)
    members = actors.compose_all(doc[1])
    assert [(m.country, m.sector) for m in members] == [
        ("BIH", "GOV"),
        ("SRB", "GOV"),
        ("HRV", "GOV"),
    ]


FARC_LEADER = """
The the DET det 1
leader leader NOUN nsubj 5
of of ADP prep 1
the the DET det 4
FARC FARC PROPN pobj 2
spoke speak VERB ROOT 5
. . PUNCT punct 5
"""


def test_a_member_role_takes_the_sector_of_its_body(coder) -> None:
    mention = _compose(coder, FARC_LEADER, "leader", date(2010, 1, 1))
    assert (mention.on(date(2010, 1, 1)).country, mention.on(date(2010, 1, 1)).sector) == (
        "COL",
        "REB",
    )


THEY = """
Russia Russia PROPN nsubj 3
and and CCONJ cc 0
China China PROPN conj 0
met meet VERB ROOT 3
. . PUNCT punct 3
They they PRON nsubj 6
signed sign VERB ROOT 6
a a DET det 8
treaty treaty NOUN dobj 6
. . PUNCT punct 6
"""


def test_they_refers_to_the_last_plural_subject(coder) -> None:
    doc = build_doc(coder.nlp, parse_rows(THEY))
    actors = article_actors(coder, doc).for_sentence(1)
    members = actors.compose_all(doc[5])
    assert [(m.country, m.text) for m in members] == [("RUS", "They"), ("CHN", "They")]


def test_peoples_are_coded_by_where_they_live(coder) -> None:  # type: ignore[no-untyped-def]
    from tidings.records import Article

    cases = {
        "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.": "SRB",
        "Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.": "IRQ",
    }
    for text, country in cases.items():
        (event,) = [e for e in coder.code(Article(id="p", text=text)) if e.type == "PROTEST"]
        assert [a.country for a in event.source] == [country], text


KOREAS = """
North North PROPN compound 1
Korea Korea PROPN nsubj 2
shelled shell VERB ROOT 2
South South PROPN compound 4
Korea Korea PROPN dobj 2
. . PUNCT punct 2
The the DET det 7
{south} south PROPN nsubj 8
retaliated retaliate VERB ROOT 8
into into ADP prep 8
the the DET det 11
{north} north NOUN pobj 9
. . PUNCT punct 8
"""


def test_the_north_and_the_south_are_the_halves_the_article_named(coder) -> None:  # type: ignore[no-untyped-def]
    spec = KOREAS.format(south="South", north="north")
    doc_south = _compose_at(coder, spec, 7)
    assert (doc_south.country, doc_south.text) == ("KOR", "The South")
    # Both halves were named, so even lower-case "into the north" is North Korea.
    assert _compose_at(coder, spec, 11).country == "PRK"


ONE_HALF = """
North North PROPN compound 1
Macedonia Macedonia PROPN nsubj 2
protested protest VERB ROOT 2
. . PUNCT punct 2
Troops troop NOUN nsubj 5
moved move VERB ROOT 5
into into ADP prep 5
the the DET det 8
north north NOUN pobj 6
. . PUNCT punct 5
"""


def test_a_lower_case_direction_is_not_a_state_when_one_half_was_named(coder) -> None:  # type: ignore[no-untyped-def]
    north = _compose_at(coder, ONE_HALF, 8)
    assert north is None or north.country != "MKD"


def _compose_at(coder, spec: str, index: int):  # type: ignore[no-untyped-def]
    doc = build_doc(coder.nlp, parse_rows(spec))
    actors = article_actors(coder, doc, date(2015, 7, 5))
    tok = doc[index]
    sent_index = next(i for i, s in enumerate(doc.sents) if s.start <= tok.i < s.end)
    return actors.for_sentence(sent_index).compose(tok)
