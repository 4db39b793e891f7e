"""Event detection over the dependency parse.

For each sentence:

1. find trigger words (verbs and nouns in the lexicon) and pick the sense whose
   conditions hold ("fire a missile" vs "fire a minister");
2. read the source and target from syntactic roles, not positions: subjects (through
   coordination, control and relative clauses), passive agents, objects and the
   prepositions each sense names; nouns take their possessor or country modifier
   ("Russia's invasion", "U.S. sanctions") or the subject of a light verb ("held talks");
3. decide modality: negated, hypothetical (modals, conditionals, wishes) or future
   (recoded by ``data/future.tsv``); complements of governing triggers ("agreed to
   meet", "threatened to attack") are their content, not separate events;
4. score a confidence.

The output is one ``Candidate`` per act, still undated: the dates stage anchors time
expressions to ``Candidate.anchors`` and the pipeline resolves actors on that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.actors.kb import ADJECTIVE, CAPITAL
from tidings.actors.resolve import SentenceActors
from tidings.events.lexicon import ACTOR_OBJECT, NO_OBJECT, NOT_AN_EVENT, Lexicon, Trigger
from tidings.events.ontology import Ontology
from tidings.records import Mention

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_DEPS = ("nsubjpass", "auxpass", "csubjpass")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
NAMED_ENTITY_ACTORS = frozenset({"PERSON", "GPE", "ORG", "NORP"})
HEDGE_MODIFIERS = frozenset({"possible", "potential", "planned", "proposed", "future", "new"})
CONTENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "advcl"})
DEFINITE = frozenset({"the", "these", "those", "this"})
ASPECTUAL_VERBS = frozenset({"keep", "continue", "begin", "start", "resume", "go", "stop"})
ARMED_SECTORS = frozenset({"MIL", "REB", "PRM", "UAF", "COP"})
OFFICIAL_SECTORS = frozenset({None, "GOV", "LEG", "ELI", "JUD", "OPP", "PTY"})
CIVILIAN_SECTORS = frozenset({"CVL", "LAB", "EDU", "AGR", "OPP", "REL", "REF", "JRN", "MED", "PTY"})
MEASURE_NOUNS = frozenset(
    {
        "ton", "tonne", "kg", "kilogram", "million", "billion", "thousand", "dollar", "euro",
        "pound", "part", "worth", "amount", "lot", "number", "batch", "shipment",
        "consignment", "bag", "load", "package", "share", "half", "third", "some",
    }
)  # fmt: skip
CONTENT_PREPOSITIONS = ("to", "with", "for", "against", "on", "from", "into", "in", "of")
SERIES_NOUNS = frozenset({"series", "wave", "spate", "string", "round", "campaign", "barrage"})
QUANTITY_NOUNS = frozenset(
    {
        "hundred", "hundreds", "thousand", "thousands", "ten", "tens", "dozen", "dozens",
        "score", "scores", "million", "millions", "number", "group", "crowd", "some", "many",
        "most", "all", "several", "both", "part", "majority", "minority", "handful", "one",
        "two", "three", "few", "rest", "remnant", "bunch", "band", "contingent", "unit",
        "batch",
    }
)  # fmt: skip
COERCIVE_TYPES = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"})
COOPERATIVE_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
)
CLAUSE_TARGET_SKIP = frozenset(
    {"nsubj", "nsubjpass", "csubj", "expl", "conj", "cc", "advcl", "relcl", "parataxis",
     "punct", "mark", "aux", "auxpass", "neg", "agent", "npadvmod", "dep", "intj"}
)  # fmt: skip
ACCIDENT_CUES = frozenset(
    {"accident", "crash", "collapse", "collapsed", "earthquake", "quake", "flood", "storm",
     "hurricane", "typhoon", "cyclone", "landslide", "avalanche", "fire", "blaze", "disease",
     "virus", "outbreak", "epidemic", "heat", "heatwave", "derail", "capsize", "sink",
     "stampede", "explosion", "lightning", "tornado", "wildfire", "eruption", "drown"}
)  # fmt: skip
READINESS_ADJECTIVES = frozenset(
    {"willing", "ready", "prepared", "due", "set", "committed", "determined", "eager", "keen",
     "poised"}
)  # fmt: skip
VIOLENCE_CUES = frozenset(
    {"bomb", "bombing", "bomber", "gunman", "gunmen", "militant", "attack", "attacker",
     "suicide", "shooting", "sniper", "shelling", "airstrike", "grenade", "explosive", "ied",
     "mine", "minefield", "landmine", "rocket", "mortar", "assassination", "ambush", "raid"}
)  # fmt: skip
GENERIC_EVENT_HEADS = frozenset(
    {"effort", "mission", "process", "initiative", "bid", "campaign", "drive", "programme",
     "program", "attempt"}
)  # fmt: skip
GRIEVANCE_TYPES = frozenset({"SANCTION", "ACCUSE", "REQUEST", "THREATEN", "REJECT"})
BACKGROUND_PREPOSITIONS = frozenset(
    {"since", "after", "before", "during", "until", "till", "following", "amid", "despite"}
)


@dataclass
class Candidate:
    """One detected act, before dating."""

    trigger: Token
    sense: Trigger
    type: str
    mode: str | None
    cameo: str
    sources: list[Mention]
    targets: list[Mention]
    anchors: tuple[Token, ...]
    """Tokens whose time expressions date this act: the trigger and its clause verb."""
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    rule: str = ""
    trigger_span: tuple[int, int] = (0, 0)
    """Sentence-relative token range of the trigger words (light verb + noun, verb + particle)."""
    extras: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    conditional: bool = False
    """Hypothetical because of "if"/"unless": with a future act of force or pressure, a
    threat ("would impose sanctions if ...")."""


class EventDetector:
    def __init__(self, lexicon: Lexicon, ontology: Ontology) -> None:
        self.lex = lexicon
        self.ontology = ontology
        self._negation = lexicon.cue("negation")
        self._hypothetical = lexicon.cue("hypothetical")
        self._future = lexicon.cue("future")
        self._condition = lexicon.cue("condition")
        self._intention = lexicon.cue("intention")
        self._obligation = lexicon.cue("obligation")
        self._report = lexicon.cue("report")
        self._censure = lexicon.cue("censure")
        self._calling = lexicon.cue("calling")
        self._stative = lexicon.cue("stative")
        self._support = lexicon.cue("support")
        self._reverse = lexicon.cue("reverse")
        self._cancel = lexicon.cue("cancel")
        self._control = lexicon.cue("object-control")

    # --- entry point --------------------------------------------------------------------

    def detect(self, actors: SentenceActors) -> list[Candidate]:
        sent = actors.sent
        senses: dict[int, Trigger] = {}
        for tok in sent:
            sense = self._sense(tok, actors)
            if sense is not None:
                senses[tok.i] = sense
        out: list[Candidate] = []
        for i, sense in senses.items():
            tok = sent.doc[i]
            if self._inside_governed_content(tok, senses):
                continue
            if sense.pos == "verb":
                corroborated = any(
                    other.type == sense.type and j != i and not other.has("weak")
                    for j, other in senses.items()
                )
                cand = self._verbal(tok, sense, actors, corroborated)
            else:
                cand = self._nominal(tok, sense, actors, senses)
            if cand is not None:
                out.append(cand)
        out = _fold_nouns_into_verbs(out)
        out.extend(self._reported_demands(actors, senses))
        censures = self._censures(actors, senses, out)
        if censures:
            # "called the extradition illegal" is neither a phone call nor an extradition.
            judging = {c.trigger.i for c in censures}
            out = [c for c in out if not judging & {a.i for a in c.anchors}]
            out.extend(censures)
        for cand in out:
            if cand.sense.has("governs"):
                self._read_content(cand, senses, actors)
        self._inherit_targets(out, actors)
        for cand in out:
            alone = cand.sense.pos == "noun" and len(cand.anchors) == 1
            # Only for an act someone known did: a target alone would make an event of
            # "economists agreed that the report painted a bleak picture".
            known = any(m.country for m in cand.sources)
            if not cand.targets and cand.sense.targets and not alone and known:
                # The light verb of "staged a protest outside the British embassy" holds
                # the clause.
                clause = cand.anchors[-1]
                cand.targets = self._clause_target(clause, cand.sense, cand.sources, actors)
        return [c for c in out if _has_actor(c)]

    # --- senses -------------------------------------------------------------------------

    def _sense(self, tok: Token, actors: SentenceActors) -> Trigger | None:
        if tok.pos_ == "VERB" and tok.dep_ == "amod":
            # "threatening moves", "the attacking planes": a verb used as an adjective.
            return None
        if tok.pos_ == "VERB":
            pos = "verb"
        elif tok.pos_ in ("NOUN", "PROPN"):
            pos = "noun"
        else:
            return None
        lemma = tok.lemma_.lower()
        if tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).whitespace_ == "":
            # "test-fired": the prefixed verb is its own sense, when the lexicon has it.
            prefixed = f"{tok.nbor(-2).lower_}-{lemma}"
            if self.lex.senses(prefixed, pos):
                lemma = prefixed
        for sense in self.lex.senses(lemma, pos):
            if self._conditions_hold(tok, sense, actors):
                return None if sense.type == NOT_AN_EVENT else sense
        return None

    def _conditions_hold(self, tok: Token, sense: Trigger, actors: SentenceActors) -> bool:
        for cond in sense.conditions:
            if cond.key == "prt":
                ok = any(
                    c.dep_ in ("prt", "advmod", "prep") and c.lower_ in cond.values
                    for c in tok.children
                )
            elif cond.key == "prep":
                ok = any(
                    c.dep_ in ("prep", "agent")
                    and c.lower_ in cond.values
                    and not _temporal_prep(c)
                    for c in tok.children
                )
            elif cond.key == "not-prep":
                ok = not any(c.dep_ == "prep" and c.lower_ in cond.values for c in tok.children)
            elif cond.key == "obj":
                ok = self._object_matches(tok, cond.values, actors)
            elif cond.key == "subj":
                ok = self._subject_matches(tok, cond.values, actors)
            elif cond.key == "gov":
                # "lodged a protest": the verb a noun trigger is the object of.
                ok = tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in cond.values
            elif cond.key == "mod":
                ok = any(_is_modifier(c) and c.lemma_.lower() in cond.values for c in tok.children)
            elif cond.key == "not-mod":
                ok = not any(
                    _is_modifier(c) and c.lemma_.lower() in cond.values for c in tok.children
                )
            else:
                ok = False
            if not ok:
                return False
        return True

    def _subject_matches(self, tok: Token, values: frozenset[str], actors: SentenceActors) -> bool:
        """``subj=@civilian``: the subject is people, not the state ("protesters blocked
        roads" is a protest, "police blocked roads" is not)."""
        sectors = {m.sector for m in self._mentions(self._subjects(tok), actors)}
        civilian = bool(sectors & CIVILIAN_SECTORS)
        if "@civilian" in values:
            return civilian
        if "@state" in values:
            return bool(sectors) and not civilian
        if "@military" in values:
            return bool(sectors) and sectors <= ARMED_SECTORS
        if "@official" in values:
            # A visit is made by officials or states, not by troops or crowds.
            return bool(sectors) and sectors <= OFFICIAL_SECTORS
        return False

    def _object_matches(self, tok: Token, values: frozenset[str], actors: SentenceActors) -> bool:
        obj = _object(tok)
        if NO_OBJECT in values:
            return obj is None
        if obj is None:
            return False
        if ACTOR_OBJECT in values:
            if obj.ent_type_ in NAMED_ENTITY_ACTORS:
                return True
            mention = actors.compose(obj)
            # "encouraged American tolerance": a country's adjective on a thing does not
            # make the thing someone to be asked; "encouraged American officials" does.
            return mention is not None and not (mention.kind == ADJECTIVE and not mention.sector)
        if "@place" in values and (obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.pos_ == "PROPN"):
            return True
        for thing in _what_object_carries(obj):
            if thing.lemma_.lower() in values:
                return True
            # "aid deliveries", "a military aid program": the modifier carries the sense.
            if any(c.dep_ == "compound" and c.lemma_.lower() in values for c in thing.children):
                return True
        return False

    # --- verbal triggers ----------------------------------------------------------------

    def _verbal(
        self, verb: Token, sense: Trigger, actors: SentenceActors, corroborated: bool
    ) -> Candidate | None:
        if verb.lemma_.lower() in self._stative and _simple_present(verb):
            # "13 countries still recognise Taiwan": a standing state, not an act.
            return None
        sources = self._mentions(self._subjects(verb), actors)
        if (
            sense.has("weak")
            and not corroborated
            and not any(m.country for m in sources)
            and not self._violence_done_to(verb, sense, actors)
        ):
            # "The team arrived in Washington", "76 people were killed when the hotel
            # collapsed": a weak sense needs a known actor doing it, or another trigger of
            # its type in the sentence ("were killed in a suicide bombing").
            return None
        targets = self._target_mentions(verb, sense, actors)
        if sense.has("objsource") and not sources:
            # "French troops were deployed to Bamako": the forces moved are the actor.
            obj = _object(verb)
            sources = self._mentions([obj], actors) if obj is not None else []
            targets = [t for t in targets if all(_key(t) != _key(s) for s in sources)]
        modality = self._modality(verb)
        start, end = _trigger_extent(verb)
        return self._candidate(
            verb, sense, sources, targets, (verb,), modality, (start, end), nominal=False
        )

    def _subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        if depth > 4:
            return []
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subj = subjects[0]
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            return [subj]
        if _is_passive(verb):
            return _prep_objects(verb, "by", deps=("agent", "prep"))
        dep = verb.dep_
        if dep == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            head = verb.head
            if (
                verb.tag_ in ("VBD", "VBZ", "VBP")
                and head.tag_ in ("VBG", "VB", "VBN")
                and head.dep_ in ("ccomp", "xcomp", "advcl")
            ):
                # "said Moscow was not honouring the truce and demanded ...": a finite verb
                # coordinated with a clause inside it belongs with the clause's governor.
                return self._subjects(head.head, depth + 1)
            return self._subjects(head, depth + 1)
        if (
            dep == "xcomp"
            and verb.head.dep_ == "acomp"
            and verb.head.lemma_.lower() in READINESS_ADJECTIVES
        ):
            # "France is ready to contribute troops", "is due to join the talks".
            return self._subjects(verb.head, depth + 1)
        if dep == "xcomp" and verb.head.pos_ == "ADJ":
            # "easier to supply", "obliged to extradite": no act of the subject's.
            return []
        if dep == "xcomp":
            head = verb.head
            if head.lemma_.lower() in self._control:
                obj = _object(head)
                if obj is not None:
                    return [obj]
            return self._subjects(head, depth + 1)
        if dep == "advcl" and (
            verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            # "to ask for ...", "..., killing one person": the main clause's subject acts.
            return self._subjects(verb.head, depth + 1)
        if dep == "pcomp" and verb.head.dep_ == "prep":
            # "responded by recalling its ambassadors": the main clause's subject acts.
            return self._subjects(verb.head.head, depth + 1)
        if dep == "acomp" and verb.head.pos_ in ("VERB", "AUX"):
            # "France is ready to contribute troops": the adjective's subject is the verb's.
            return self._subjects(verb.head, depth + 1)
        if dep == "relcl":
            return [verb.head]
        if dep == "acl" and verb.tag_ != "VBN":
            return [verb.head]
        if dep == "acl":
            # "the talks, mediated by Norway": the agent of the participle.
            agents = _prep_objects(verb, "by", deps=("agent", "prep"))
            if not agents and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
                # "Spanish riot police charged at crowds", parsed with no finite verb: the
                # noun the participle hangs on is its subject.
                return [verb.head]
            return agents
        return []

    def _target_mentions(
        self, verb: Token, sense: Trigger, actors: SentenceActors
    ) -> list[Mention]:
        """The target actors: the first slot of the sense that names any ("lifted
        restrictions on exports to South Korea": not exports, South Korea)."""
        for slot in sense.targets:
            tokens = self._targets(verb, sense, only=slot)
            found = [m for m in self._mentions(tokens, actors) if m.country]
            if not found:
                nested = [
                    g
                    for tok in tokens
                    for prep in ("to", "against", "on", "with", "of", "from")
                    for g in _prep_objects(tok, prep)
                ]
                found = [m for m in self._mentions(nested, actors) if m.country]
            if not found:
                # "condemned the court's decision", "tariffs on Australian barley": the
                # thing acted on belongs to the actor named in front of it.
                owners = [
                    c
                    for tok in tokens + nested
                    for c in tok.children
                    if c.dep_ == "poss" or (_is_modifier(c) and c.i in actors.sm.by_token)
                ]
                found = [m for m in self._mentions(owners, actors) if m.country]
                found += [
                    m
                    for tok in tokens + nested
                    if (m := actors.owner_of(tok)) is not None and m.country
                ]
            if found:
                return found
        if sense.type in GRIEVANCE_TYPES:
            # "imposed sanctions over its annexation of Crimea", "condemned the killings
            # over Iran's role": whose act the measure answers.
            holders = [verb, *([obj] if (obj := _object(verb)) is not None else [])]
            reasons = [g for h in holders for p in ("over", "for") for g in _prep_objects(h, p)]
            owners = [c for r in reasons for c in r.children if c.dep_ == "poss"]
            found = [m for m in self._mentions(owners, actors) if m.country]
            found += [m for r in reasons if (m := actors.owner_of(r)) is not None and m.country]
            return found
        return []

    def _violence_done_to(self, verb: Token, sense: Trigger, actors: SentenceActors) -> bool:
        """ "More than 300 people have been killed in ethnic violence": a passive act of force
        against people the article places, in a sentence that names no accident."""
        if sense.type != "ASSAULT" or not _is_passive(verb):
            return False
        lemmas = {t.lemma_.lower() for t in verb.sent}
        if lemmas & ACCIDENT_CUES and not lemmas & VIOLENCE_CUES:
            return False
        victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
        return any(m.country for m in self._mentions(victims, actors))

    def _clause_target(
        self, verb: Token, sense: Trigger, sources: list[Mention], actors: SentenceActors
    ) -> list[Mention]:
        """When no slot of the sense names the target, the first other actor named in the
        trigger's own clause ("handed the pilot back to India", "halted approval of Russia's
        pipeline", "demanded that the military hand over power"), never one from the
        subject, a coordinated clause or an adverbial clause."""
        own = {_key(s) for s in sources}
        own_countries = {s.country for s in sources if s.country}
        # "discussed Iran": an object the sense does not aim at is a topic, not a side.
        topical = sense.type == "CONSULT" and "obj" not in sense.targets
        skip = CLAUSE_TARGET_SKIP | {"dobj"} if topical else CLAUSE_TARGET_SKIP
        heads = [
            tok
            for child in verb.children
            if child.dep_ not in skip
            for tok in child.subtree
            if not _is_modifier(tok) or tok.dep_ == "poss" or tok.i in actors.sm.by_token
        ]
        for tok in sorted(heads, key=lambda t: (t.i < verb.i, abs(t.i - verb.i))):
            if tok.ent_type_ in ("DATE", "TIME"):
                continue
            mention = actors.compose(tok) if tok.pos_ in ("NOUN", "PROPN", "ADJ") else None
            if mention is None and tok.dep_ == "poss":
                mention = actors.owner_of(tok.head)
            if mention is None or not mention.country or _key(mention) in own:
                continue
            if mention.country in own_countries and mention.sector is None:
                continue
            return [mention]
        return []

    def _targets(self, verb: Token, sense: Trigger, only: str | None = None) -> list[Token]:
        out: list[Token] = []
        for slot in (only,) if only is not None else sense.targets:
            if slot == "obj":
                obj = _object(verb)
                if obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
                    obj = verb.head
                if obj is not None:
                    out.append(obj)
            elif slot == "dative":
                out.extend(c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP")
                for c in verb.children:
                    if c.dep_ == "dative" and c.pos_ == "ADP":
                        out.extend(g for g in c.children if g.dep_ == "pobj")
            else:
                out.extend(_prep_objects(verb, slot))
                obj = _object(verb)
                if not out and obj is not None:
                    # "broke off relations with Washington": the preposition hangs on the object.
                    out.extend(_prep_objects(obj, slot))
                if not out:
                    # "spoke by telephone with Putin": or on a prepositional object.
                    for pobj in (g for c in verb.children if c.dep_ == "prep" for g in c.children):
                        if pobj.dep_ == "pobj":
                            out.extend(_prep_objects(pobj, slot))
            if out:
                break
        return out

    # --- nominal triggers ---------------------------------------------------------------

    def _nominal(
        self, noun: Token, sense: Trigger, actors: SentenceActors, senses: dict[int, Trigger]
    ) -> Candidate | None:
        if sense.type == "CONSULT" and noun.dep_ == "pobj" and noun.head.lower_ == "at":
            # "said at a NATO summit in Brussels": the meeting is where something else
            # happened.
            return None
        own_sources = self._noun_sources(noun, actors)
        own_targets = self._mentions(self._noun_targets(noun, sense), actors)
        governor, role = self._governor(noun, senses)
        if role == "cancel" or role == "content":
            return None
        sources, targets = list(own_sources), list(own_targets)
        anchors: tuple[Token, ...] = (noun,)
        modality = self._noun_modality(noun)
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
            # "air strikes could resume": the verb's modality holds for its subject event.
            verb_modality = self._modality(noun.head)
            modality = _Modality(
                modality.negated or verb_modality.negated,
                modality.hypothetical or verb_modality.hypothetical,
            )
        span = (noun.i, noun.i + 1)
        if governor is not None and role == "under":
            anchors = (noun, governor)
            modality = _combine(modality, self._modality(governor))
            sources = sources or self._mentions(self._subjects(governor), actors)
            obj = _object(governor)
            targets = targets or (self._mentions([obj], actors) if obj is not None else [])
            role = "support"
        elif governor is not None and role in ("support", "reverse"):
            anchors = (noun, governor)
            modality = _combine(modality, self._modality(governor))
            subjects = self._mentions(self._subjects(governor), actors)
            if role == "support":
                sources = sources or subjects
                targets = targets or self._mentions(self._targets(governor, sense), actors)
                if governor.i < noun.i:
                    span = (governor.i, noun.i + 1)
            else:
                targets = targets or subjects
                # "received military aid from the United States"
                giver = _prep_objects(governor, "from") + _prep_objects(governor, "by")
                sources = sources or self._mentions(giver, actors)
        elif governor is not None and role == "intention":
            modality = _combine(modality, _Modality(hypothetical=True))
        meeting_verb = _temporal_pp(noun) if sense.type == "CONSULT" else None
        if not sources and meeting_verb is not None:
            # "announced the decision after two days of talks with Kohl": the announcer
            # took part in the talks.
            sources = self._mentions(self._subjects(meeting_verb), actors)
        # Alone, a noun is an event only when it names its own actors ("the attack on the
        # convoy"), and weak nouns ("agreement", "meeting") never are.
        alone = governor is None or role not in ("support", "reverse")
        if alone and (sense.has("weak") or not (own_sources or own_targets)):
            return None
        rel = noun.sent.start
        return self._candidate(
            noun,
            sense,
            sources,
            targets,
            anchors,
            modality,
            (span[0] - rel, span[1] - rel),
            nominal=role not in ("support", "reverse"),
        )

    def _noun_sources(self, noun: Token, actors: SentenceActors) -> list[Mention]:
        out: list[Mention] = []
        owner = actors.owner_of(noun)
        if owner is not None and owner.country:
            # "its annexation of Crimea": the state named before.
            out.append(owner)
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ in ("its", "their"):
                continue
            if child.dep_ == "poss" or (
                child.dep_ in ("compound", "amod", "nmod") and child.i in actors.sm.by_token
            ):
                mention = actors.compose(child)
                if mention is None or not mention.country:
                    continue
                # "the Minsk agreement", "the Paris talks": a city names where, not who.
                if child.dep_ != "poss" and mention.kind == CAPITAL:
                    continue
                out.append(mention)
        out.extend(self._mentions(_prep_objects(noun, "by"), actors))
        return out

    def _noun_targets(self, noun: Token, sense: Trigger) -> list[Token]:
        out: list[Token] = []
        heads = [noun]
        if noun.dep_ == "compound" and noun.head.lemma_.lower() in GENERIC_EVENT_HEADS:
            heads.append(noun.head)
        for slot in sense.targets:
            if slot in ("obj", "dative"):
                continue
            for head in heads:
                out.extend(_prep_objects(head, slot))
            if out:
                break
        return out

    def _governor(self, noun: Token, senses: dict[int, Trigger]) -> tuple[Token | None, str]:
        """The verb a noun trigger depends on, and how it bears on the noun's event."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            quantity = noun.head.head
            if quantity.lemma_.lower() in QUANTITY_NOUNS | SERIES_NOUNS:
                # "launched dozens of air strikes", "a wave of arrests"
                return self._governor(quantity, senses)
        dep = noun.dep_
        head = noun.head
        if dep == "pobj" and head.lower_ in self._reverse:
            # "came under attack", "is under siege"; not "under the accord".
            verb = head.head
            noun_senses = self.lex.senses(noun.lemma_.lower(), "noun")
            forceful = any(s.type in ("ASSAULT", "COERCE") for s in noun_senses)
            if verb.pos_ not in ("VERB", "AUX") or not forceful:
                return None, ""
            # "placed Mugabe under house arrest" acts on the object; "came under attack"
            # happens to the subject.
            return (verb, "under") if _object(verb) is not None else (verb, "reverse")
        if dep == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "called for talks", "engaged in ethnic cleansing": the preposition joins them.
            verb = head.head
            sense = senses.get(verb.i)
            if sense is not None and sense.has("governs"):
                return verb, "content"
            if (
                sense is None
                and verb.lemma_.lower() in self._support
                and head.lower_ in ("in", "into")
            ):
                return verb, "support"
            return None, ""
        if dep == "conj":
            return self._governor(head, senses) if head.pos_ in ("NOUN", "PROPN") else (None, "")
        if dep == "compound" and head.lemma_.lower() in GENERIC_EVENT_HEADS:
            # "launched a mediation effort", "undertook a mediation mission": the act is the
            # modifier's, carried by the generic noun.
            return self._governor(head, senses)
        if dep not in ("dobj", "nsubjpass", "attr", "oprd"):
            return None, ""
        if head.pos_ not in ("VERB", "AUX"):
            return None, ""
        lemma = head.lemma_.lower()
        sense = senses.get(head.i)
        if sense is not None:
            return head, ("content" if sense.has("governs") else "trigger")
        if lemma in self._cancel or any(
            c.dep_ == "prt" and c.lower_ == "off" for c in head.children
        ):
            return head, "cancel"
        if lemma in self._reverse:
            return head, "reverse"
        own = senses.get(noun.i)
        if lemma in self._support or (
            own is not None and any(c.key == "gov" for c in own.conditions)
        ):
            # "lodged a protest": a sense that names its verb makes it the light verb.
            return head, "support"
        if lemma in self._intention:
            return head, "intention"
        return None, ""

    # --- reported demands ("Russia said Sudan must return the helicopter") --------------

    def _reported_demands(
        self, actors: SentenceActors, senses: dict[int, Trigger]
    ) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in actors.sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in self._report:
                continue
            for comp in tok.children:
                if comp.dep_ != "ccomp":
                    continue
                if not any(
                    c.dep_ == "aux" and c.lemma_.lower() in self._obligation for c in comp.children
                ):
                    continue
                sources = self._mentions(self._subjects(tok), actors)
                targets = self._mentions(self._subjects(comp), actors)
                if not sources or not targets:
                    continue
                cand = self._rule_candidate(
                    tok, ("REQUEST", None, "020"), sources, targets, "reported-obligation"
                )
                if cand is not None:
                    out.append(cand)
        return out

    # --- censure ("said the seizure was unacceptable") ------------------------------------

    def _censures(
        self, actors: SentenceActors, senses: dict[int, Trigger], found: list[Candidate]
    ) -> list[Candidate]:
        """A speaker who calls an act unacceptable, illegal or a provocation accuses whoever
        did it: "Britain said Iran's seizure of the ship was unlawful", "Lavrov called the
        extradition illegal"."""
        out: list[Candidate] = []
        taken = {c.trigger.i for c in found if c.type == "ACCUSE"}
        for tok in actors.sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or tok.i in taken:
                continue
            if lemma in self._calling:
                judged = _object(tok)
                verdicts = [
                    c for c in tok.children if c.dep_ in ("oprd", "xcomp", "acomp", "ccomp")
                ]
                verdicts += [
                    g
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ == "as"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                if judged is None and verdicts and verdicts[0].dep_ == "ccomp":
                    judged = next((c for c in verdicts[0].children if c.dep_ in SUBJECT_DEPS), None)
            elif lemma in self._report:
                clauses = [c for c in tok.children if c.dep_ == "ccomp"]
                judged = next(
                    (c for cl in clauses for c in cl.children if c.dep_ in SUBJECT_DEPS), None
                )
                verdicts = [
                    c for cl in clauses for c in cl.children if c.dep_ in ("acomp", "attr")
                ] + [cl for cl in clauses if cl.pos_ == "ADJ"]
            else:
                continue
            if not any(self._censuring(v) for v in verdicts):
                continue
            sources = self._mentions(self._subjects(tok), actors)
            if not any(m.country for m in sources):
                continue
            targets: list[Mention] = []
            if judged is not None:
                owners = [c for c in judged.children if c.dep_ == "poss"]
                targets = [m for m in self._mentions([*owners, judged], actors) if m.country]
                if not targets and (owner := actors.owner_of(judged)) is not None:
                    targets = [owner]
            cand = self._rule_candidate(
                tok, ("ACCUSE", "disapprove", "111"), sources, targets, "censure"
            )
            if cand is not None:
                out.append(cand)
        return out

    def _rule_candidate(
        self,
        verb: Token,
        coding: tuple[str, str | None, str],
        sources: list[Mention],
        targets: list[Mention],
        rule: str,
    ) -> Candidate | None:
        """An event a parse rule found rather than a lexicon row: ``coding`` is its type,
        mode and CAMEO code, ``rule`` names the rule in the record."""
        kind, mode, cameo = coding
        sense = Trigger(verb.lemma_.lower(), "verb", (), kind, mode, cameo, (), frozenset(), "rule")
        rel = verb.sent.start
        cand = self._candidate(
            verb,
            sense,
            sources,
            targets,
            (verb,),
            self._modality(verb),
            (verb.i - rel, verb.i - rel + 1),
            nominal=False,
        )
        if cand is not None:
            cand.rule = f"rule:{rule}"
        return cand

    def _censuring(self, verdict: Token) -> bool:
        """A complement that condemns: "unacceptable", "a blatant interference", "politically
        motivated" — and is not negated ("not illegal")."""
        words = [t for t in verdict.subtree if t.i - verdict.i < 6]
        if any(t.dep_ == "neg" for t in words) or any(
            c.dep_ == "neg" for c in verdict.head.children
        ):
            return False
        return any(t.lemma_.lower() in self._censure or t.lower_ in self._censure for t in words)

    # --- modality -----------------------------------------------------------------------

    def _modality(self, verb: Token) -> _Modality:
        negated, hypothetical, future = self._own_modality(verb)
        cur = verb
        for _ in range(4):
            if cur.dep_ != "xcomp":
                break
            governor = cur.head
            lemma = governor.lemma_.lower()
            if lemma in self._negation:
                negated = True
            elif lemma in self._future:
                future = True
            elif lemma in self._intention:
                hypothetical = True
            elif lemma == "go" and any(c.lemma_ == "be" for c in governor.children):
                future = True
            g_neg, g_hyp, g_fut = self._own_modality(governor)
            negated, hypothetical, future = negated or g_neg, hypothetical or g_hyp, future or g_fut
            cur = governor
        if self._conditional(verb):
            return _Modality(negated, True, future)
        if self._consequent(verb) and (hypothetical or future):
            # "would impose sanctions if ...", "will meet him if ...": an offer or a threat
            # on a condition, coded as the future act it promises.
            return _Modality(negated, False, True, True)
        return _Modality(negated, hypothetical, future)

    def _own_modality(self, verb: Token) -> tuple[bool, bool, bool]:
        negated = hypothetical = future = False
        for child in verb.children:
            dep = child.dep_
            lower = child.lower_
            if dep == "neg" or (dep in ("advmod", "preconj") and lower in self._negation):
                negated = True
            elif dep in ("aux", "auxpass"):
                lemma = child.lemma_.lower()
                if lemma in self._future or lower in self._future:
                    future = True
                elif lemma in self._hypothetical or lemma in self._obligation:
                    if lemma == "would" and self._in_report(verb):
                        future = True
                    else:
                        hypothetical = True
            elif dep == "advmod" and lower in self._hypothetical:
                hypothetical = True
        return negated, hypothetical, future

    def _noun_modality(self, noun: Token) -> _Modality:
        negated = any(
            c.dep_ in ("det", "neg") and c.lower_ in self._negation for c in noun.children
        )
        if noun.dep_ == "pobj" and noun.head.lower_ in self._negation:
            negated = True
        hypothetical = any(
            c.dep_ == "amod" and c.lemma_.lower() in HEDGE_MODIFIERS - {"new"}
            for c in noun.children
        )
        return _Modality(negated, hypothetical, False)

    def _conditional(self, verb: Token) -> bool:
        cur = verb
        for _ in range(4):
            if any(c.dep_ == "mark" and c.lower_ in self._condition for c in cur.children):
                return True
            if cur.dep_ not in ("conj", "xcomp"):
                return False
            cur = cur.head
        return False

    def _consequent(self, verb: Token) -> bool:
        """Whether a clause has an "if"/"unless" clause attached: it is the consequence."""
        return any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in self._condition for m in c.children)
            for c in verb.children
        )

    def _in_report(self, verb: Token) -> bool:
        return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self._report

    def _inside_governed_content(self, tok: Token, senses: dict[int, Trigger]) -> bool:
        """True for acts that are the content of a governing trigger ("agreed to meet",
        "agreed to open talks", "called for sanctions")."""
        cur = tok
        if cur.pos_ in ("NOUN", "PROPN") and cur.dep_ in ("dobj", "nsubjpass", "attr", "conj"):
            while cur.dep_ == "conj" and cur.head.pos_ in ("NOUN", "PROPN"):
                cur = cur.head
            if cur.dep_ in ("dobj", "nsubjpass", "attr") and cur.head.pos_ in ("VERB", "AUX"):
                cur = cur.head
        for _ in range(5):
            dep = cur.dep_
            through_prep = dep in ("pobj", "pcomp") and cur.head.dep_ == "prep"
            if through_prep and cur.head.lower_ in BACKGROUND_PREPOSITIONS:
                # "asked for weapons since Russia's invasion": when, not what was asked.
                return False
            if dep in CONTENT_DEPS or through_prep:
                head = cur.head.head if through_prep else cur.head
                if dep == "advcl" and not any(c.lower_ == "to" for c in cur.children):
                    return False
                sense = senses.get(head.i)
                if sense is not None and sense.has("governs"):
                    return True
                if head.lemma_.lower() in self._report:
                    return False
                cur = head
            elif dep == "conj":
                cur = cur.head
            else:
                return False
        return False

    # --- assembling ---------------------------------------------------------------------

    def _candidate(
        self,
        trigger: Token,
        sense: Trigger,
        sources: list[Mention],
        targets: list[Mention],
        anchors: tuple[Token, ...],
        modality: _Modality,
        span: tuple[int, int],
        nominal: bool,
    ) -> Candidate | None:
        type_, mode, cameo = sense.type, sense.mode, sense.cameo
        hypothetical = modality.hypothetical
        negated = modality.negated
        if modality.conditional and not negated and type_ in COERCIVE_TYPES | {"RETREAT"}:
            # "would impose sanctions if ...", "will withdraw unless ...": a conditional
            # promise of force or pressure is a threat.
            type_, mode, cameo, hypothetical = "THREATEN", None, "130", False
        elif modality.future and negated and type_ in COOPERATIVE_TYPES:
            # "will not accept refugees", "would not meet their demands": a refusal.
            type_, mode, cameo, negated = "REJECT", None, "120", False
        elif modality.future and not negated:
            rule = self.ontology.future.get(type_)
            if rule is None:
                hypothetical = True
            elif rule.type != type_ and rule.cameo is not None:
                type_, mode, cameo = rule.type, rule.mode, rule.cameo
        targets = [t for t in targets if all(_key(t) != _key(s) for s in sources)]
        if _names_each_other(trigger) and len(sources) >= 2:
            # "accused each other": both sides act on both.
            targets = list(sources)
        if sense.has("recip"):
            if not targets and len(sources) >= 2:
                targets = list(sources)
            elif targets and sources:
                everyone = sources + [
                    t for t in targets if all(_key(t) != _key(s) for s in sources)
                ]
                sources, targets = everyone, list(everyone)
            elif len(targets) >= 2 and not sources:
                # "clashes between police and students": both sides act.
                sources = list(targets)
        confidence = _confidence(sense, sources, targets, nominal)
        return Candidate(
            trigger=trigger,
            sense=sense,
            type=type_,
            mode=mode,
            cameo=cameo,
            sources=sources,
            targets=targets,
            anchors=anchors,
            confidence=confidence,
            negated=negated,
            hypothetical=hypothetical,
            rule=sense.rule,
            trigger_span=span,
        )

    def _mentions(self, heads: list[Token], actors: SentenceActors) -> list[Mention]:
        out: list[Mention] = []
        for head in heads:
            head = _through_quantity(head)
            found = actors.compose_all(head)
            if not found and head.dep_ == "appos":
                # "Boko Haram, the Islamist group that has killed ...": the group named.
                found = actors.compose_all(head.head)
            for mention in found:
                if all(_key(mention) != _key(m) for m in out):
                    out.append(mention)
        return out

    def _read_content(
        self, cand: Candidate, senses: dict[int, Trigger], actors: SentenceActors
    ) -> None:
        """A governing trigger's content says whom it aims at ("demanded that the US
        cancel ...", "promised to continue aid to Mozambique") and, for promises, what
        kind of act is promised ("vowed to attack" is a threat)."""
        content = _content_of(cand.trigger)
        if content is None:
            return
        inner = senses.get(content.i)
        if cand.sense.has("promise") and inner is not None and not cand.negated:
            rule = self.ontology.future.get(inner.type)
            if rule is not None:
                cand.type = rule.type
                cand.mode, cand.cameo = (
                    (rule.mode, rule.cameo) if rule.cameo else (inner.mode, inner.cameo)
                )
        recip_filled = bool(cand.targets) and [m.start for m in cand.targets] == [
            m.start for m in cand.sources
        ]
        if cand.targets and not recip_filled:
            return
        source_starts = {m.start for m in cand.sources}
        heads: list[Token] = []
        if content.pos_ in ("VERB", "AUX"):
            subjects = [c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and content.dep_ == "ccomp":
                heads = subjects
            elif inner is not None and inner.pos == "verb":
                heads = self._targets(content, inner)
            if not heads:
                heads = _argument_heads(content)
        else:
            heads = _argument_heads(content)
        source_keys = {(m.country, m.sector) for m in cand.sources}
        mentions = [
            m
            for m in self._mentions(heads, actors)
            if m.start not in source_starts and (m.country, m.sector) not in source_keys
        ]
        if not mentions and content.pos_ not in ("VERB", "AUX"):
            mentions = [
                m for m in self._noun_sources(content, actors) if m.start not in source_starts
            ]
        found = [m for m in mentions if m.country]
        if found or not recip_filled:
            cand.targets = found

    def _inherit_targets(self, candidates: list[Candidate], actors: SentenceActors) -> None:
        """A purpose clause with no target of its own aims at its main verb's target
        ("reached out to Obama ... to ask for more dialogue"); an act of force with no
        target aims at what its purpose clause names ("launched an offensive to drive
        Islamic State militants out of Mosul")."""
        by_trigger = {c.trigger.i: c for c in candidates}
        for cand in candidates:
            if cand.targets:
                continue
            if cand.type in COERCIVE_TYPES | {"PROTEST"}:
                purpose = next(
                    (p for p in (_purpose_clause(t) for t in cand.anchors) if p is not None), None
                )
                if purpose is not None:
                    found = self._mentions(_argument_heads(purpose), actors)
                    own = {(m.country, m.sector) for m in cand.sources}
                    cand.targets = [
                        m for m in found if m.country and (m.country, m.sector) not in own
                    ]
                    if cand.targets:
                        continue
            tok = cand.trigger
            in_purpose = tok.dep_ in ("xcomp", "advcl") or (
                tok.dep_ == "conj"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            )
            main = by_trigger.get(tok.head.i)
            if in_purpose and main is not None and main.targets:
                cand.targets = list(main.targets)
            elif tok.dep_ == "advcl" and tok.tag_ == "VBG" and main is None:
                # "had written to Obama personally asking for help"
                heads = _prep_objects(tok.head, "to") + [
                    c for c in tok.head.children if c.dep_ == "dative"
                ]
                own = {(m.country, m.sector) for m in cand.sources}
                cand.targets = [
                    m
                    for m in self._mentions(heads, actors)
                    if m.country and (m.country, m.sector) not in own
                ]

    def resolve_definite(self, cand: Candidate, earlier: dict[str, Candidate]) -> None:
        """ "extended the sanctions": a definite event noun with no target of its own refers
        back to the last event of its type in the article, and takes that event's target."""
        if cand.targets or cand.trigger.pos_ not in ("NOUN", "PROPN"):
            return
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in cand.trigger.children):
            return
        previous = earlier.get(cand.type)
        if previous is not None and previous.targets:
            cand.targets = list(previous.targets)


def _confidence(
    sense: Trigger, sources: list[Mention], targets: list[Mention], nominal: bool
) -> float:
    score = 0.5
    if any(m.country for m in sources):
        score += 0.25
    if any(m.country for m in targets):
        score += 0.15
    if sense.has("weak"):
        score -= 0.15
    if nominal:
        score -= 0.1
    return max(0.05, min(0.99, score))


def _key(m: Mention) -> tuple[int, str | None, str | None]:
    """Mentions are the same actor when they share a span, country and sector; one span
    can name several ("the two leaders")."""
    return (m.start, m.country, m.sector)


def _names_each_other(trigger: Token) -> bool:
    return any(
        (t.lower_ == "other" and any(c.lower_ in ("each", "one") for c in t.children))
        or (t.lower_ == "another" and t.i > 0 and t.nbor(-1).lower_ == "one")
        for t in trigger.subtree
    )


def _temporal_prep(prep: Token) -> bool:
    """ "on Sunday", "in March", "at midnight": a preposition that says when, not whom."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _temporal_pp(noun: Token) -> Token | None:
    """The verb of "after/during/following [talks with X]", if the noun sits in one."""
    cur = noun
    if cur.dep_ == "pobj" and cur.head.lower_ == "of":
        cur = cur.head.head
    if cur.dep_ == "pobj" and cur.head.lower_ in ("after", "during", "following", "at", "before"):
        verb = cur.head.head
        return verb if verb.pos_ in ("VERB", "AUX") else None
    return None


def _purpose_clause(tok: Token) -> Token | None:
    """ "launched an offensive to retake the region": the clause saying what for."""
    for child in tok.children:
        if child.dep_ in ("advcl", "xcomp", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return child
    return None


def _fold_nouns_into_verbs(candidates: list[Candidate]) -> list[Candidate]:
    """ "imposed sanctions on Iran": a noun trigger that is the object of a verb trigger of
    the same type is one act; the verb's event takes the actors only the noun names."""
    by_token = {c.trigger.i: c for c in candidates}
    kept: list[Candidate] = []
    for cand in candidates:
        tok = cand.trigger
        verb = by_token.get(tok.head.i) if tok.dep_ in ("dobj", "nsubjpass", "attr") else None
        if tok.pos_ in ("NOUN", "PROPN") and verb is not None and verb.type == cand.type:
            if not verb.targets:
                verb.targets = list(cand.targets)
            if not verb.sources:
                verb.sources = list(cand.sources)
            continue
        kept.append(cand)
    return kept


def _content_of(trigger: Token) -> Token | None:
    """The clause or noun a governing trigger governs: "agreed [to meet]", "demanded
    [that ...]", "demanded [the removal of ...]", "called for [sanctions]", "vowed to
    keep [fighting]"."""
    for child in trigger.children:
        if child.dep_ in ("xcomp", "ccomp"):
            inner = child
            while inner.lemma_.lower() in ASPECTUAL_VERBS:
                deeper = next((c for c in inner.children if c.dep_ in ("xcomp", "dobj")), None)
                if deeper is None:
                    break
                inner = deeper
            return inner
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    for child in trigger.children:
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    return grand
    return None


def _argument_heads(tok: Token) -> list[Token]:
    """Objects and prepositional objects of a word, and of its object: who a content
    clause is about ("promised to negotiate a constitution with black leaders")."""
    out: list[Token] = []
    objects = [c for c in tok.children if c.dep_ in ("dobj", "dative", "attr") and c.pos_ != "ADP"]
    out.extend(objects)
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        # "to demand that the government do more": who is asked
        out.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        # "to demand that the government do more": who is asked
        out.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    for prep in CONTENT_PREPOSITIONS:
        out.extend(_prep_objects(tok, prep))
    for obj in objects:
        for prep in CONTENT_PREPOSITIONS:
            out.extend(_prep_objects(obj, prep))
    return out


def _combine(a: _Modality, b: _Modality) -> _Modality:
    return _Modality(
        a.negated or b.negated,
        a.hypothetical or b.hypothetical,
        a.future or b.future,
        a.conditional or b.conditional,
    )


def _has_actor(c: Candidate) -> bool:
    return any(m.country for m in c.sources) or any(m.country for m in c.targets)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def _object(verb: Token) -> Token | None:
    """The logical direct object, looking through measures ("tons of aid", "part of")."""
    obj = None
    for child in verb.children:
        if child.dep_ == "dobj":
            obj = child
            break
    if obj is None and _is_passive(verb):
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if obj is not None and obj.lemma_.lower() in MEASURE_NOUNS:
        inner = _prep_objects(obj, "of")
        if inner:
            return inner[0]
    return obj


def _simple_present(verb: Token) -> bool:
    """ "recognises", "is recognised": present tense with no other auxiliary."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP"):
        return not auxes
    return (
        verb.tag_ == "VBN"
        and len(auxes) == 1
        and auxes[0].dep_ == "auxpass"
        and auxes[0].tag_ in ("VBZ", "VBP")
    )


def _what_object_carries(obj: Token) -> list[Token]:
    """An object and what it is made of or carries: "teams of doctors", "a cargo plane
    loaded with food", "doctors and nurses"."""
    out = [obj, *(c for c in obj.children if c.dep_ == "conj")]
    for head in list(out):
        out.extend(_prep_objects(head, "of"))
        for clause in (c for c in head.children if c.dep_ in ("acl", "relcl")):
            out.extend(c for c in clause.children if c.dep_ == "dobj")
            out.extend(_prep_objects(clause, "with"))
    return out


def _prep_objects(tok: Token, prep: str, deps: tuple[str, ...] = ("prep",)) -> list[Token]:
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in deps and child.lower_ == prep:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def _through_quantity(tok: Token) -> Token:
    """ "Hundreds of FARC rebels", "tens of thousands of people": the people counted."""
    for _ in range(3):
        if tok.lemma_.lower() not in QUANTITY_NOUNS and tok.pos_ != "NUM":
            return tok
        inner = _prep_objects(tok, "of")
        if not inner:
            return tok
        tok = inner[0]
    return tok


def _is_modifier(tok: Token) -> bool:
    return tok.dep_ in ("compound", "amod", "nmod", "nn")


def _trigger_extent(verb: Token) -> tuple[int, int]:
    """Sentence-relative token range of a verb with its particle ("reached out")."""
    rel = verb.sent.start
    end = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return verb.i - rel, end - rel
