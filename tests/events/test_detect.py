"""Event detection on hand-built parses: roles, senses, modality, light verbs."""

from __future__ import annotations

from datetime import date

from helpers import article_actors, build_doc, parse_rows


def _detect(coder, spec: str):  # type: ignore[no-untyped-def]
    doc = build_doc(coder.nlp, parse_rows(spec))
    actors = article_actors(coder, doc, date(2015, 7, 5))
    return coder.detector.detect(actors.for_sentence(len(list(doc.sents)) - 1))


def _dyads(cands):  # type: ignore[no-untyped-def]
    return [
        (
            c.type,
            sorted({m.country for m in c.sources}),
            sorted({m.country for m in c.targets}),
            c.negated or c.hypothetical,
        )
        for c in cands
    ]


def test_passive_agent_is_the_source(coder) -> None:
    spec = """
    Turkish Turkish ADJ amod 1
    troops troop NOUN nsubjpass 3
    were be AUX auxpass 3
    attacked attack VERB ROOT 3
    by by ADP agent 3
    Syrian Syrian ADJ amod 6
    rebels rebel NOUN pobj 4
    . . PUNCT punct 3
    """
    (cand,) = _detect(coder, spec)
    assert cand.type == "ASSAULT"
    assert [(m.country, m.sector) for m in cand.sources] == [("SYR", "REB")]
    assert [(m.country, m.sector) for m in cand.targets] == [("TUR", "MIL")]


def test_control_verb_content_is_one_agree_event_aimed_at_the_partner(coder) -> None:
    spec = """
    Iran Iran PROPN nsubj 1
    agreed agree VERB ROOT 1
    to to PART aux 3
    cooperate cooperate VERB xcomp 1
    with with ADP prep 3
    Iraq Iraq PROPN pobj 4
    . . PUNCT punct 1
    """
    assert _dyads(_detect(coder, spec)) == [("AGREE", ["IRN"], ["IRQ"], False)]


def test_negated_events_are_flagged(coder) -> None:
    spec = """
    Russia Russia PROPN nsubj 3
    did do AUX aux 3
    not not PART neg 3
    attack attack VERB ROOT 3
    Ukraine Ukraine PROPN dobj 3
    . . PUNCT punct 3
    """
    (cand,) = _detect(coder, spec)
    assert cand.negated


def test_conditional_events_are_hypothetical(coder) -> None:
    spec = """
    If if SCONJ mark 2
    Russia Russia PROPN nsubj 2
    attacks attack VERB advcl 6
    Ukraine Ukraine PROPN dobj 2
    , , PUNCT punct 6
    NATO NATO PROPN nsubj 6
    responds respond VERB ROOT 6
    . . PUNCT punct 6
    """
    (cand,) = _detect(coder, spec)
    assert cand.type == "ASSAULT" and cand.hypothetical


def test_future_cooperation_becomes_agree(coder) -> None:
    spec = """
    Iran Iran PROPN nsubj 2
    will will AUX aux 2
    meet meet VERB ROOT 2
    Iraq Iraq PROPN dobj 2
    . . PUNCT punct 2
    """
    (cand,) = _detect(coder, spec)
    assert (cand.type, cand.cameo, cand.hypothetical) == ("AGREE", "036", False)


def test_future_force_becomes_threaten_and_refusal_becomes_reject(coder) -> None:
    attack = """
    Israel Israel PROPN nsubj 2
    will will AUX aux 2
    attack attack VERB ROOT 2
    Gaza Gaza PROPN dobj 2
    . . PUNCT punct 2
    """
    assert _dyads(_detect(coder, attack)) == [("THREATEN", ["ISR"], ["PSE"], False)]
    refuse = """
    Syria Syria PROPN nsubj 3
    will will AUX aux 3
    not not PART neg 3
    accept accept VERB ROOT 3
    the the DET det 5
    proposal proposal NOUN dobj 3
    . . PUNCT punct 3
    """
    assert [c.type for c in _detect(coder, refuse)] == ["REJECT"]


def test_light_verb_carries_a_noun_trigger(coder) -> None:
    spec = """
    The the DET det 1
    EU EU PROPN nsubj 2
    imposed impose VERB ROOT 2
    sanctions sanction NOUN dobj 2
    on on ADP prep 2
    Russia Russia PROPN pobj 4
    . . PUNCT punct 2
    """
    (cand,) = _detect(coder, spec)
    assert (cand.type, cand.cameo) == ("SANCTION", "163")
    assert [m.country for m in cand.sources] == ["EUR"]
    assert [m.country for m in cand.targets] == ["RUS"]


def test_senses_are_separated_by_their_arguments(coder) -> None:
    minister = """
    Turkey Turkey PROPN nsubj 1
    fired fire VERB ROOT 1
    the the DET det 3
    minister minister NOUN dobj 1
    . . PUNCT punct 1
    """
    assert _detect(coder, minister) == []
    missiles = """
    Turkey Turkey PROPN nsubj 1
    fired fire VERB ROOT 1
    missiles missile NOUN dobj 1
    at at ADP prep 1
    Syria Syria PROPN pobj 3
    . . PUNCT punct 1
    """
    assert _dyads(_detect(coder, missiles)) == [("ASSAULT", ["TUR"], ["SYR"], False)]
    deal = """
    Iran Iran PROPN nsubj 1
    struck strike VERB ROOT 1
    a a DET det 3
    deal deal NOUN dobj 1
    with with ADP prep 1
    Iraq Iraq PROPN pobj 4
    . . PUNCT punct 1
    """
    assert [c.type for c in _detect(coder, deal)] == ["AGREE"]


def test_reported_fact_is_coded_and_saying_is_not(coder) -> None:
    spec = """
    Officials official NOUN nsubj 1
    said say VERB ROOT 1
    Syrian Syrian ADJ amod 3
    troops troop NOUN nsubj 4
    shelled shell VERB ccomp 1
    Homs Homs PROPN dobj 4
    . . PUNCT punct 1
    """
    (cand,) = _detect(coder, spec)
    assert cand.type == "ASSAULT"
    assert [(m.country, m.sector) for m in cand.sources] == [("SYR", "MIL")]


def test_a_reported_obligation_is_a_request(coder) -> None:
    spec = """
    Russia Russia PROPN nsubj 1
    said say VERB ROOT 1
    Sudan Sudan PROPN nsubj 4
    must must AUX aux 4
    return return VERB ccomp 1
    the the DET det 6
    helicopter helicopter NOUN dobj 4
    . . PUNCT punct 1
    """
    assert _dyads(_detect(coder, spec)) == [("REQUEST", ["RUS"], ["SDN"], False)]


def test_reciprocal_events_list_all_parties_on_both_sides(coder) -> None:
    spec = """
    Russia Russia PROPN nsubj 3
    and and CCONJ cc 0
    Ukraine Ukraine PROPN conj 0
    signed sign VERB ROOT 3
    an a DET det 5
    agreement agreement NOUN dobj 3
    . . PUNCT punct 3
    """
    assert _dyads(_detect(coder, spec)) == [("SUPPORT", ["RUS", "UKR"], ["RUS", "UKR"], False)]


def test_no_target_is_invented(coder) -> None:
    spec = """
    Kenyan Kenyan ADJ amod 1
    police police NOUN nsubj 2
    raided raid VERB ROOT 2
    a a DET det 4
    house house NOUN dobj 2
    . . PUNCT punct 2
    """
    assert _dyads(_detect(coder, spec)) == [("COERCE", ["KEN"], [], False)]


def test_a_sense_marked_as_no_event_codes_nothing(coder) -> None:
    spec = """
    France France PROPN nsubj 1
    denied deny VERB ROOT 1
    the the DET det 3
    allegations allegation NOUN dobj 1
    . . PUNCT punct 1
    """
    assert _detect(coder, spec) == []


def test_a_clause_names_the_target_when_no_slot_does(coder) -> None:
    spec = """
    Germany Germany PROPN nsubj 1
    halted halt VERB ROOT 1
    approval approval NOUN dobj 1
    of of ADP prep 2
    Russia Russia PROPN poss 6
    's 's PART case 4
    pipeline pipeline NOUN pobj 3
    . . PUNCT punct 1
    """
    assert _dyads(_detect(coder, spec)) == [("SANCTION", ["DEU"], ["RUS"], False)]


def test_calling_an_act_illegal_accuses_whoever_did_it(coder) -> None:
    spec = """
    Britain Britain PROPN nsubj 1
    said say VERB ROOT 1
    Iran Iran PROPN poss 4
    's 's PART case 2
    seizure seizure NOUN nsubj 5
    was be AUX ccomp 1
    unlawful unlawful ADJ acomp 5
    . . PUNCT punct 1
    """
    assert _dyads(_detect(coder, spec)) == [("ACCUSE", ["GBR"], ["IRN"], False)]


def test_a_standing_state_in_the_present_is_no_event(coder) -> None:
    spec = """
    Thirteen thirteen NUM nummod 1
    countries country NOUN nsubj 2
    recognise recognise/VBP VERB ROOT 2
    Taiwan Taiwan PROPN dobj 2
    . . PUNCT punct 2
    """
    assert _detect(coder, spec) == []


ENCOURAGE = """
Putin Putin PROPN nsubj 1
encouraged encourage VERB ROOT 1
American American ADJ amod 3
{noun} {lemma} NOUN dobj 1
. . PUNCT punct 1
"""


def test_asking_needs_someone_to_ask(coder) -> None:  # type: ignore[no-untyped-def]
    asked = _detect(coder, ENCOURAGE.format(noun="officials", lemma="official"))
    assert [c.type for c in asked] == ["REQUEST"]
    # A country's adjective on a thing does not make the thing an actor.
    assert _detect(coder, ENCOURAGE.format(noun="tolerance", lemma="tolerance")) == []


def test_a_headline_tagged_as_one_name_is_not_an_actor(coder) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    from tidings.nlp import drop_names_holding_verbs

    spec = """
    Putin Putin PROPN nsubj 1
    Encourages encourage VERB ROOT 1
    Tolerance Tolerance PROPN dobj 1
    """
    doc = build_doc(coder.nlp, parse_rows(spec))
    doc.ents = [Span(doc, 0, 3, label="ORG")]  # as the tagger reads a title-case headline
    drop_names_holding_verbs(doc)
    actors = article_actors(coder, doc, date(2015, 7, 5))
    assert coder.detector.detect(actors.for_sentence(0)) == []
