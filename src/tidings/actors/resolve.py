"""From noun phrases to actor mentions, in the context of the whole article.

``ArticleActors`` is built once per article from every sentence's name matches; it knows
which people the article introduced by full name, which states it talks about most, and
who was last named before any point. ``SentenceActors.compose(head)`` turns the head token
of an event argument into the ``Mention`` it names:

* the name covering the head ("Moscow" → RUS GOV, "Vladimir Putin" → his dated offices);
* a sector noun or title combined with the country words that modify it
  ("Russian soldiers" → RUS MIL, "the foreign minister of Iran" → IRN GOV);
* a phrase headed by an ordinary noun falls back to the actor that modifies it
  ("Moscow's financial sectors" → RUS GOV);
* "he"/"she" to the last person named, and sector nouns with no country to the state the
  article is about ("pro-Russian rebels" in an article about Ukraine → UKR REB).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Span, Token

from tidings.actors.kb import (
    ADJECTIVE,
    AGENT,
    CAPITAL,
    COUNTRY,
    GROUP,
    MEMBER,
    METONYM,
    ORGANISATION,
    PERSON,
    TITLE,
    Alias,
    Entity,
)
from tidings.actors.match import Match
from tidings.records import Mention

SECTOR_KINDS = frozenset({AGENT, TITLE, MEMBER})
STATE_KINDS = frozenset({COUNTRY, ADJECTIVE, CAPITAL, METONYM})
COMPASS_HALVES = frozenset({"north", "south"})
BODY_KINDS = frozenset({ORGANISATION, GROUP})
# When one name fits several entities, the earlier kind wins.
KIND_PREFERENCE = (
    PERSON, ORGANISATION, METONYM, CAPITAL, COUNTRY, ADJECTIVE, GROUP, TITLE, MEMBER, AGENT,
)  # fmt: skip
# "the two countries", "both leaders": nouns that refer back to states or to people.
STATE_GROUP_NOUNS = frozenset(
    {
        "country", "nation", "state", "side", "neighbour", "neighbor", "government", "capital",
        "republic", "power", "party",
    }
)  # fmt: skip
PERSON_GROUP_NOUNS = frozenset(
    {"leader", "man", "woman", "president", "minister", "premier", "head", "official"}
)
GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
# "the kingdom", "the island nation": a definite singular noun for the state last named.
STATE_NOUNS = frozenset(
    {"country", "nation", "kingdom", "republic", "emirate", "state", "island", "monarchy"}
)
# "the council", "the bloc": a definite noun naming an organisation mentioned before.
BODY_NOUNS = frozenset(
    {
        "council", "bloc", "alliance", "organisation", "organization", "union", "body",
        "movement", "group", "agency", "commission", "tribunal", "court", "front", "league",
        "party", "militia", "coalition", "army", "force", "forces", "junta", "assembly",
        "faction", "mission", "fund", "bank", "forum", "summit",
    }
)  # fmt: skip
LEFT_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "det", "nummod"})
STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
PLACE_PREPOSITIONS = ("of", "from", "in", "inside", "across")
LOCATING_PREPOSITIONS = frozenset({"in", "of", "near", "outside", "on", "around", "at", "across"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
RELATIONAL_NOUNS = frozenset(
    {"neighbour", "neighbor", "counterpart", "rival", "ally", "partner", "enemy", "foe",
     "adversary", "opponent", "host", "guest", "creditor", "debtor", "patron"}
)  # fmt: skip
# "the central town of Konna", "targets": places and objects that belong to the state the
# article is about when nothing in the phrase says otherwise.
PLACE_NOUNS = frozenset(
    {
        "town", "city", "village", "region", "province", "district", "area", "base", "camp",
        "position", "border", "territory", "capital", "outpost", "checkpoint", "stronghold",
        "neighbourhood", "neighborhood", "settlement", "enclave", "port", "airport",
        "palace", "building", "compound", "headquarters", "airfield", "target", "station",
        "island", "islands", "house", "street", "square", "market", "shop", "supermarket",
        "mall", "school", "hospital", "church", "mosque", "office", "exchange", "hotel",
        "refinery", "depot", "facility", "ministry", "parliament", "barracks",
    }
)  # fmt: skip
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam"})
LEADING_OFFICES = frozenset(
    {
        "president", "prime minister", "chancellor", "king", "queen", "emir", "sultan",
        "supreme leader", "head of state", "head of government", "grand duke", "prince",
    }
)  # fmt: skip
PRONOUN_REACH = 2
"""A pronoun refers to a person named at most this many sentences before."""
AFFILIATION_PREFIXES = frozenset({"pro", "anti", "pro-", "anti-"})
SPONSOR_WORDS = frozenset(
    {"backed", "allied", "aligned", "supported", "sponsored", "funded", "trained", "leaning",
     "friendly", "armed", "installed", "controlled", "held"}
)  # fmt: skip


@dataclass
class SentenceMatches:
    """One sentence's name matches, indexed by token."""

    sent: Span
    offset: int
    """Character offset of the sentence's doc in the article text."""
    matches: list[Match]
    by_token: dict[int, Match] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.matches:
            for i in range(m.start, m.end):
                self.by_token[self.sent.start + i] = m


@dataclass
class ArticleActors:
    """What the whole article says about actors, for resolving each sentence."""

    sentences: list[SentenceMatches]
    reference: date
    places: Callable[[str], str | None] | None = None
    """The country of a place name, from the gazetteer ("Goma" → COD)."""
    introduced: set[str] = field(default_factory=set)
    country_counts: Counter[str] = field(default_factory=Counter)
    people: list[tuple[int, int, Alias | None]] = field(default_factory=list)
    """People named, as (article offset, sentence index, alias); None for a person the
    knowledge base does not know, who still stands between a pronoun and earlier people."""

    states: list[tuple[int, str]] = field(default_factory=list)
    """States named, as (article offset, country code), in text order."""
    bodies: list[tuple[int, Entity]] = field(default_factory=list)
    """Organisations and groups named, in text order."""
    _subjects: dict[int, list[Mention]] = field(default_factory=dict)
    other_names: set[str] = field(default_factory=set)
    """Words of full names of people the knowledge base does not know ("Thomas Sam"): a
    surname alias equal to one of them means that person, not an office holder."""
    halves: dict[str, set[str]] = field(default_factory=dict)
    """States named as one half of a divided name ("north" → {"PRK"} after "North
    Korea"), for "the North" and "the South"."""

    def __post_init__(self) -> None:
        for index, sm in enumerate(self.sentences):
            known_tokens: set[int] = set()
            for m in sm.matches:
                for alias in m.aliases:
                    entity = alias.entity
                    if entity.kind == PERSON and not alias.short:
                        self.introduced.add(entity.key)
                        self.people.append((_char_start(sm, m), index, alias))
                        if entity.country:
                            self.country_counts[entity.country] += 1
                        known_tokens.update(range(sm.sent.start + m.start, sm.sent.start + m.end))
                        break
                if m.kinds & STATE_KINDS:
                    country = next(
                        a.entity.country for a in m.aliases if a.entity.kind in STATE_KINDS
                    )
                    if country and not _is_affiliation(sm.sent, m):
                        self.country_counts[country] += 1
                        self.states.append((_char_start(sm, m), country))
                        first_word = sm.sent[m.start].lower_
                        if first_word in COMPASS_HALVES and m.end - m.start > 1:
                            self.halves.setdefault(first_word, set()).add(country)
                elif m.kinds & BODY_KINDS:
                    body = next(a.entity for a in m.aliases if a.entity.kind in BODY_KINDS)
                    self.bodies.append((_char_start(sm, m), body))
            matched = {
                t for m in sm.matches for t in range(sm.sent.start + m.start, sm.sent.start + m.end)
            }
            for ent in sm.sent.ents:
                known = known_tokens.intersection(range(ent.start, ent.end))
                if (
                    ent.label_ == "PERSON"
                    and not known
                    and not matched.intersection(range(ent.start, ent.end))
                ):
                    self.people.append((sm.offset + ent.start_char, index, None))
                    if len(ent) > 1:
                        self.other_names.update(t.lower_ for t in ent)

    def for_sentence(self, index: int) -> SentenceActors:
        return SentenceActors(self, self.sentences[index], index)

    def main_country(self, exclude: frozenset[str] = frozenset()) -> str | None:
        for country, _ in self.country_counts.most_common():
            if country not in exclude:
                return country
        return None

    def subject_of(self, index: int) -> list[Mention]:
        """What the main subject of sentence ``index`` names (cached; for "they", "it")."""
        if index not in self._subjects:
            self._subjects[index] = []  # guards against pronoun chains referring to themselves
            sent = self.sentences[index].sent
            subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                self._subjects[index] = self.for_sentence(index).compose_all(subjects[0])
        return self._subjects[index]

    def last_states_before(self, position: int, count: int) -> list[str]:
        """The last ``count`` different states named before ``position``."""
        out: list[str] = []
        for _, country in sorted((s for s in self.states if s[0] < position), reverse=True):
            if country not in out:
                out.append(country)
            if len(out) == count:
                break
        return out[::-1] if len(out) == count else []

    def last_people_before(self, position: int, count: int) -> list[Alias]:
        out: list[Alias] = []
        for _, _, alias in sorted(
            (p for p in self.people if p[0] < position and p[2] is not None),
            key=lambda p: p[0],
            reverse=True,
        ):
            assert alias is not None
            if all(alias.entity.key != a.entity.key for a in out):
                out.append(alias)
            if len(out) == count:
                break
        return out[::-1] if len(out) == count else []

    def last_body_named(self, position: int, word: str) -> Entity | None:
        """The organisation "the council", "the bloc" or "the group" refers to: the last
        one named before ``position`` with that word in its name, else the last one of the
        matching kind (an international body for "the bloc", an armed group for "the
        group")."""
        earlier = sorted((b for b in self.bodies if b[0] < position), key=lambda b: -b[0])
        for _, body in earlier:
            if word in body.name.lower().split():
                return body
        wanted = _BODY_FALLBACK.get(word)
        for _, body in earlier:
            if wanted is not None and wanted(body):
                return body
        return None

    def last_holder_of(self, position: int, title: str) -> Alias | None:
        """The last person named before ``position`` who held an office called ``title``."""
        for _, _, alias in sorted(
            (p for p in self.people if p[0] < position and p[2] is not None),
            key=lambda p: -p[0],
        ):
            assert alias is not None
            if any(r.office and title in r.office for r in alias.entity.roles):
                return alias
        return None

    def last_person_before(self, position: int, sentence: int) -> Alias | None:
        """The person a pronoun at ``position`` refers to: the last one named, if known
        and named in this or the previous ``PRONOUN_REACH`` sentences."""
        best: tuple[int, int, Alias | None] | None = None
        for entry in self.people:
            if entry[0] < position and (best is None or entry[0] > best[0]):
                best = entry
        if best is None or best[2] is None or sentence - best[1] > PRONOUN_REACH:
            return None
        return best[2]

    def choose(self, aliases: Sequence[Alias], titled: bool = False) -> Entity | None:
        """The entity a name stands for in this article, or None when it stays ambiguous.

        A surname alone ("Putin", "Thomas") is trusted when the article introduced the
        person by full name, or when exactly one holder of it leads a state on the article's
        date; after a title ("President Thomas", "Mr Kim") any office holder qualifies.
        """
        full = [a for a in aliases if not a.short]
        if not full:
            word = aliases[0].text if aliases else ""
            return self._choose_short({a.entity.key: a.entity for a in aliases}, titled, word)
        entities = list({a.entity.key: a.entity for a in full}.values())
        if len(entities) == 1:
            return entities[0]
        people = [e for e in entities if e.kind == PERSON]
        if len(people) == len(entities):
            # "George Bush": the one in office on the article's date, if only one is.
            in_office = [e for e in people if any(r.holds_on(self.reference) for r in e.roles)]
            return in_office[0] if len(in_office) == 1 else None
        for kind in KIND_PREFERENCE:
            of_kind = [e for e in entities if e.kind == kind]
            if of_kind:
                return of_kind[0] if len(of_kind) == 1 or kind != PERSON else None
        return None

    def _choose_short(self, entities: dict[str, Entity], titled: bool, word: str) -> Entity | None:
        people = [e for e in entities.values() if e.kind == PERSON]
        introduced = [e for e in people if e.key in self.introduced]
        if introduced:
            return introduced[0] if len(introduced) == 1 else None
        if word.lower() in self.other_names:
            return None
        offices = None if titled else LEADING_OFFICES
        in_office = [
            e
            for e in people
            if any(
                r.holds_on(self.reference) and (offices is None or r.office in offices)
                for r in e.roles
            )
        ]
        if len(in_office) == 1:
            return in_office[0]
        if titled and not in_office and people:
            # "President Bush" after both Bushes left office: one state's former leaders,
            # the one whose term is nearest the article's date.
            countries = {e.country for e in people}
            if len(countries) == 1:
                return min(people, key=lambda e: self._years_from_office(e))
        return None

    def _years_from_office(self, person: Entity) -> int:
        gaps = [
            min(abs((d - self.reference).days) for d in (r.start, r.end) if d is not None)
            for r in person.roles
            if r.start is not None or r.end is not None
        ]
        return min(gaps, default=10**6)


def _international(body: Entity) -> bool:
    return body.country in ("UNO", "EUR", "IGO")


def _armed(body: Entity) -> bool:
    return (
        body.country == "IMG"
        or body.sector in ("REB", "PRM")
        or any(r.sector in ("REB", "PRM") for r in body.roles)
    )


_BODY_FALLBACK = {
    "mission": _international,
    "fund": _international,
    "bank": _international,
    "forum": _international,
    "bloc": _international,
    "alliance": _international,
    "union": _international,
    "organisation": _international,
    "organization": _international,
    "body": _international,
    "group": _armed,
    "militia": _armed,
    "movement": _armed,
    "faction": _armed,
    "insurgents": _armed,
}


class SentenceActors:
    """Turns argument heads of one sentence into mentions."""

    def __init__(self, article: ArticleActors, sm: SentenceMatches, index: int = 0) -> None:
        self.article = article
        self.sm = sm
        self.sent = sm.sent
        self.index = index
        self._resolving_subjects = False

    def compose_all(self, head: Token) -> list[Mention]:
        """The mentions a phrase names, one per coordinated member ("Russia and Ukraine",
        "the presidents of Bosnia, Serbia and Croatia", "the two countries")."""
        out: list[Mention] = []
        for member in [head, *_conjuncts(head)]:
            for mention in self._compose_list(member):
                if all((mention.start, mention.country) != (m.start, m.country) for m in out):
                    out.append(mention)
        return out

    def compose(self, head: Token) -> Mention | None:
        """The (first) mention a phrase's head names."""
        found = self._compose_list(head)
        return found[0] if found else None

    def _compose_list(self, head: Token) -> list[Mention]:
        found = self._compose_plain(head)
        if found and any(t.lower_ == "ethnic" for t in head.lefts):
            return [self._ethnic_residence(head, m) for m in found]
        home = self._home_of_people(head)
        if found and home is not None:
            return [replace(m, country=home, name=None, roles=()) for m in found]
        return found

    def _home_of_people(self, head: Token) -> str | None:
        """ "Bosnian Serbs", "Iraqi Kurds": a people named with another state's adjective
        lives in that state."""
        own = self.sm.by_token.get(head.i)
        people = self.article.choose(own.aliases) if own is not None else None
        if people is None or people.kind != ADJECTIVE or head.pos_ not in ("PROPN", "NOUN"):
            return None
        for child in head.lefts:
            if child.dep_ not in ("amod", "compound"):
                continue
            match = self.sm.by_token.get(child.i)
            entity = self.article.choose(match.aliases) if match is not None else None
            if (
                entity is not None
                and entity.kind == ADJECTIVE
                and entity.country
                and entity.country != people.country
            ):
                return entity.country
        return None

    def _ethnic_residence(self, head: Token, mention: Mention) -> Mention:
        """ "Ethnic Albanians in southern Serbia": an ethnic group belongs to the state it
        lives in: the place its phrase or sentence names, else the article's country."""
        country = self._located_in(head)
        if country is None or country == mention.country:
            places = [
                c
                for t in head.sent
                if t.ent_type_ in ("GPE", "LOC") and self.article.places is not None
                for c in [self.article.places(t.text)]
                if c and c != mention.country
            ]
            country = places[0] if places else None
        if country is None:
            country = self.article.main_country(exclude=frozenset({mention.country or ""}))
        if country is None or country == mention.country:
            return mention
        return replace(mention, country=country, name=None, roles=())

    def _compose_plain(self, head: Token) -> list[Mention]:
        back = self._back_reference(head)
        if back is not None:
            return back
        own = self.sm.by_token.get(head.i)
        own_entity = self.article.choose(own.aliases, self._titled(own)) if own else None
        if own is not None and own_entity is not None and own_entity.kind not in SECTOR_KINDS:
            mention = self._mention(own, own_entity)
            if own_entity.kind == ADJECTIVE and _bare_plural(head):
                # "Kenyans stormed parliament": people of the country, not the state.
                mention = replace(mention, sector="CVL")
            if own_entity.kind == PERSON:
                title = self._title_before(own)
                if title is not None:
                    # "Environment Minister John Baird": the title says what the person is
                    # when the table has no term for the date.
                    mention = replace(mention, sector=title.sector)
            return [mention]
        modifiers = self._modifiers(head, exclude=own)
        sector_entity = own_entity if own_entity is not None else None
        if sector_entity is None:
            sector_entity = next((e for _, e in modifiers if e.kind in SECTOR_KINDS), None)
        countries = [(m, e) for m, e in modifiers if e.kind not in SECTOR_KINDS]
        if not countries:
            owner = self._possessive_owner(head)
            if owner is not None:
                return [owner]
        if sector_entity is not None and (own is not None or countries or _is_name(head)):
            return self._sector_mentions(head, own, sector_entity, countries, modifiers)
        if countries:
            m, e = countries[0]
            mention = self._mention(m, e)
            if m.end <= head.i - self.sent.start and self.sent[m.end - 1].dep_ != "poss":
                # "the Ukrainian city": name the phrase up to its head, not the adjective.
                start, end = self._chars(m.first, head.i - self.sent.start + 1)
                mention = replace(mention, text=self._text(start, end), start=start, end=end)
            return [mention]
        if head.lower_ in PERSONAL_PRONOUNS:
            pronoun = self._pronoun(head)
            return [pronoun] if pronoun is not None else []
        if self.article.places is not None and _is_name(head) and head.ent_type_ in ("GPE", "LOC"):
            # "M23 rebels seized Goma", "Kherson was seized": a city or region.
            name = head.sent.doc[head.left_edge.i : head.i + 1]
            country = self.article.places(name.text) or self.article.places(head.text)
            if country:
                start = self.sm.offset + head.idx
                return [
                    Mention(head.text, start, start + len(head.text), country, None, None, COUNTRY)
                ]
        if head.lemma_.lower() in PLACE_NOUNS:
            # A place belongs to the state the article is about, unless that state is the
            # one acting ("Pakistani troops shelled villages along the Line of Control"),
            # or the phrase names where it is ("villages on the outskirts of Mosul").
            # Rebels and crowds act at home: "the militants captured the town of Konna".
            acting = frozenset(self._own_subject_countries(head, state_only=True))
            country = self._located_in(head) or self.article.main_country(exclude=acting)
            if country:
                start, end = self._phrase_chars(head)
                return [Mention(self._text(start, end), start, end, country, None, None, COUNTRY)]
        return []

    def _located_in(self, head: Token) -> str | None:
        """The country of a place named inside a place phrase ("a camp in central Bangkok",
        "villages on the outskirts of Mosul"), through at most two prepositions."""
        frontier = [head]
        for _ in range(2):
            pobjs = [
                g
                for tok in frontier
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in LOCATING_PREPOSITIONS
                for g in c.children
                if g.dep_ == "pobj"
            ]
            for pobj in pobjs:
                if pobj.ent_type_ in ("GPE", "LOC") and self.article.places is not None:
                    name = pobj.sent.doc[pobj.left_edge.i : pobj.i + 1]
                    country = self.article.places(name.text) or self.article.places(pobj.text)
                    if country:
                        return country
                match = self.sm.by_token.get(pobj.i)
                if match is not None:
                    entity = self.article.choose(match.aliases)
                    if entity is not None and entity.kind in (COUNTRY, CAPITAL) and entity.country:
                        return entity.country
            frontier = pobjs
        return None

    def owner_of(self, head: Token) -> Mention | None:
        """Who "its" or "their" in front of a phrase stands for ("its annexation of
        Crimea" after "Moscow ..."), as a mention spanning the pronoun."""
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ not in POSSESSIVE_PRONOUNS:
            return None
        owner = self._possessive_owner(head)
        if owner is None:
            return None
        start = self.sm.offset + poss.idx
        return replace(owner, text=poss.text, start=start, end=start + len(poss.text))

    def _possessive_owner(self, head: Token) -> Mention | None:
        """ "its aircraft", "their troops": the phrase belongs to the actor named last
        before it in the sentence, or the previous sentence's subject."""
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ not in POSSESSIVE_PRONOUNS:
            return None
        if head.lemma_.lower() in RELATIONAL_NOUNS:
            # "its northern neighbour", "their U.S. counterparts": someone else.
            return None
        own = self.sm.by_token.get(head.i)
        sector = None
        if own is not None:
            entity = self.article.choose(own.aliases)
            sector = entity.sector if entity is not None and entity.kind in SECTOR_KINDS else None
        if poss.lower_ == "their":
            # "Armenia and Azerbaijan ... their forces": all members of the subject.
            group = [m for m in self._speaker_of(poss) if m.country]
            if len(group) > 1:
                start, end = self._phrase_chars(head)
                return replace(
                    group[0],
                    text=self._text(start, end),
                    start=start,
                    end=end,
                    sector=sector or group[0].sector,
                )
        before = [m for m in self.sm.matches if self.sent.start + m.end <= poss.i]
        if poss.lower_ == "its":
            # "Western governments imposed sanctions over its annexation": not theirs.
            before = [m for m in before if self.sent[m.end - 1].tag_ not in ("NNS", "NNPS")]
        # "India has flown aid to Nepal, and its army helicopters ...": the subject first.
        before.sort(key=lambda m: (self.sent[m.end - 1].dep_ in ("nsubj", "nsubjpass"), m.start))
        for m in reversed(before):
            entity = self.article.choose(m.aliases)
            if entity is not None and entity.kind not in SECTOR_KINDS and entity.country:
                owner = self._mention(m, entity)
                break
        else:
            previous = self.article.subject_of(self.index - 1) if self.index else []
            if not previous or not previous[0].country:
                return None
            owner = previous[0]
        start, end = self._phrase_chars(head)
        return replace(
            owner,
            text=self._text(start, end),
            start=start,
            end=end,
            sector=sector or owner.sector,
            kind=AGENT if sector else owner.kind,
            name=None if sector else owner.name,
            roles=() if sector else owner.roles,
        )

    def _titled(self, m: Match) -> bool:
        if m.start == 0:
            return False
        before = self.sent[m.start - 1]
        return before.lower_ in HONORIFICS or self._title_before(m) is not None

    def _title_before(self, m: Match) -> Entity | None:
        """The title written just before a name ("President", "Foreign Minister")."""
        if m.start == 0:
            return None
        title = self.sm.by_token.get(self.sent.start + m.start - 1)
        if title is None:
            return None
        entity = self.article.choose(title.aliases)
        return entity if entity is not None and entity.kind in (TITLE, MEMBER) else None

    # --- references back into the article ---------------------------------------------

    def _half_of_divided_state(self, head: Token) -> str | None:
        """ "The South retaliated" in an article that named South Korea: the one state
        named with that compass word (North Korea, South Sudan), not a region elsewhere
        that the gazetteer knows as "South"."""
        word = head.lower_
        if word not in COMPASS_HALVES or not _bare_definite(head):
            return None
        named = self.article.halves.get(word, set())
        if len(named) != 1:
            return None
        # Lower-case "into the north" is a direction unless both halves were named.
        both = all(len(self.article.halves.get(w, ())) == 1 for w in COMPASS_HALVES)
        return next(iter(named)) if head.text[0].isupper() or both else None

    def _back_reference(self, head: Token) -> list[Mention] | None:
        """Phrases that name actors introduced earlier: "the two countries", "both
        leaders", "they", "it", "the council", "the president". None when the phrase is
        not such a reference; an empty list when it is but nothing fits."""
        lemma = head.lemma_.lower()
        position = self.sm.offset + head.idx
        text_start, text_end = self._phrase_chars(head)
        count = _group_count(head)
        if count and lemma in STATE_GROUP_NOUNS | PERSON_GROUP_NOUNS:
            # "The two leaders met": first the group a recent sentence's subject named.
            group = self._recent_subject_group(count)
            if group:
                text = self._text(text_start, text_end)
                return [replace(m, text=text, start=text_start, end=text_end) for m in group]
        if count and lemma in STATE_GROUP_NOUNS:
            states = self.article.last_states_before(position, count)
            states = states or self.article.last_states_before(position, 1)
            sector = "GOV" if lemma in ("government", "capital") else None
            return [
                Mention(self._text(text_start, text_end), text_start, text_end, c, sector)
                for c in states
            ]
        if count and lemma in PERSON_GROUP_NOUNS:
            people = self.article.last_people_before(position, count)
            return [
                _entity_mention(a.entity, self._text(text_start, text_end), text_start, text_end)
                for a in people
            ]
        if head.pos_ == "PRON" and head.dep_ in ("nsubj", "nsubjpass"):
            return self._pronoun_group(head)
        half = self._half_of_divided_state(head)
        if half is not None:
            text = self._text(text_start, text_end)
            return [Mention(text, text_start, text_end, half, None)]
        if _bare_definite(head) or (lemma in STATE_NOUNS and _definite(head)):
            if lemma in STATE_NOUNS and head.tag_ in ("NN", "NNP"):
                # "the Caribbean nation": a state other than the one acting in the sentence.
                acting = self._own_subject_countries(head)
                state = [
                    c
                    for c in self._recent_subject_state()
                    + self.article.last_states_before(position, 3)[::-1]
                    if c not in acting
                ][:1]
                if state:
                    text = self._text(text_start, text_end)
                    return [Mention(text, text_start, text_end, state[0], None)]
            if lemma == "power":
                powers = self.article.last_body_named(position, "powers")
                if powers is not None:
                    text = self._text(text_start, text_end)
                    return [_entity_mention(powers, text, text_start, text_end)]
            if lemma in BODY_NOUNS:
                body = self.article.last_body_named(position, head.lower_)
                if body is not None:
                    return [
                        _entity_mention(
                            body,
                            self._text(text_start, text_end),
                            text_start,
                            text_end,
                        )
                    ]
            own = self.sm.by_token.get(head.i)
            entity = self.article.choose(own.aliases) if own else None
            if entity is not None and entity.kind == AGENT and entity.sector in ("REB", "PRM"):
                # "the militants": the armed group named before.
                armed = self.article.last_body_named(position, "group")
                if armed is not None:
                    text = self._text(text_start, text_end)
                    found = _entity_mention(armed, text, text_start, text_end)
                    return [replace(found, sector=found.sector or entity.sector)]
            if entity is not None and entity.kind == TITLE:
                holder = self.article.last_holder_of(position, entity.name)
                if holder is not None:
                    return [
                        _entity_mention(
                            holder.entity, self._text(text_start, text_end), text_start, text_end
                        )
                    ]
        return None

    def _recent_subject_group(self, count: int) -> list[Mention]:
        """The members of a coordinated subject of the last two sentences, if there are
        ``count`` of them ("Gonzalez and his Portuguese counterpart ...")."""
        for back in range(1, PRONOUN_REACH + 1):
            index = self.index - back
            if index < 0:
                break
            members = [m for m in self.article.subject_of(index) if m.country]
            if len(members) >= count and len({m.country for m in members}) >= count:
                return members[:count]
        return []

    def _own_subject_countries(self, head: Token, state_only: bool = False) -> set[str]:
        """Countries of the subject of the clause a phrase belongs to (with ``state_only``,
        of subjects that act for a state: not rebels, crowds or companies)."""
        verb = head
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        for _ in range(3):
            # "Chavez promised to ship fuel to the Caribbean nation": the subject is above.
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                break
            if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
                break
            verb = verb.head
        subjects = [
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass") and not (c.left_edge.i <= head.i <= c.right_edge.i)
        ]
        out: set[str] = set()
        if self._resolving_subjects:
            return out
        self._resolving_subjects = True
        try:
            for subj in subjects:
                for m in self.compose_all(subj):
                    if m.country and not (state_only and m.sector not in STATE_SECTORS):
                        out.add(m.country)
        finally:
            self._resolving_subjects = False
        return out

    def _recent_subject_state(self) -> list[str]:
        """The state that was the subject of the previous sentence, if one was."""
        if self.index == 0:
            return []
        subjects = self.article.subject_of(self.index - 1)
        states = [m.country for m in subjects if m.kind in STATE_KINDS and m.country]
        return states[:1]

    def _speaker_of(self, head: Token) -> list[Mention]:
        """Who said the clause a pronoun is in: the subject of the reporting verb above it,
        when the pronoun's clause is that verb's complement."""
        clause = head.head
        for _ in range(4):
            if clause.dep_ in ("ccomp", "advcl", "conj") and clause.head.pos_ in ("VERB", "AUX"):
                main = clause.head
                subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects and subjects[0].i != head.i and subjects[0].pos_ != "PRON":
                    return self.compose_all(subjects[0])
                clause = main
            else:
                break
        return []

    def _pronoun_group(self, head: Token) -> list[Mention] | None:
        """ "They"/"it" as subject: the main clause's subject when the pronoun is in a
        clause under it ("China fired missiles as it began exercises"), else what the
        subject of a recent sentence named."""
        lower = head.lower_
        if lower not in ("they", "it"):
            return None
        start = self.sm.offset + head.idx
        speaker = [m for m in self._speaker_of(head) if m.country and m.kind != PERSON]
        if speaker:
            return [
                replace(m, text=head.text, start=start, end=start + len(head.text)) for m in speaker
            ]
        for back in range(1, PRONOUN_REACH + 1):
            index = self.index - back
            if index < 0:
                break
            found = [m for m in self.article.subject_of(index) if m.country]
            if not found:
                continue
            plural = len(found) > 1 or found[0].kind in SECTOR_KINDS
            if (lower == "they") != plural and not (
                lower == "they" and found[0].kind in BODY_KINDS
            ):
                return []
            return [
                replace(m, text=head.text, start=start, end=start + len(head.text)) for m in found
            ]
        return []

    def _phrase_chars(self, head: Token) -> tuple[int, int]:
        """The characters of a noun phrase up to its head ("The two leaders")."""
        left = min([head.i, *(c.left_edge.i for c in head.lefts)])
        rel_left = left - self.sent.start
        rel_head = head.i - self.sent.start
        return self._chars(rel_left, rel_head + 1)

    # --- building mentions -----------------------------------------------------------

    def _mention(self, m: Match, entity: Entity) -> Mention:
        start, end = self._chars(m.first, m.end)
        return _entity_mention(entity, self._text(start, end), start, end)

    def _sector_mentions(
        self,
        head: Token,
        own: Match | None,
        sector_entity: Entity,
        countries: list[tuple[Match, Entity]],
        modifiers: list[tuple[Match, Entity]],
    ) -> list[Mention]:
        head_at = head.i - self.sent.start
        used = [m for m, _ in modifiers if m.start < (own.start if own else head_at)]
        firsts = [_affiliation_start(self.sent, m) for m in used]
        first_tok = min([*firsts, own.first if own else head_at])
        last_tok = max(own.end if own else 0, head_at + 1)
        start, end = self._chars(first_tok, last_tok)
        sector = sector_entity.sector
        affiliations = frozenset(
            e.country for m, e in countries if e.country and _is_affiliation(self.sent, m)
        )
        real = [(m, e) for m, e in countries if not _is_affiliation(self.sent, m)]
        text = self._text(start, end)
        if not real:
            country = self.article.main_country(exclude=affiliations)
            return [Mention(text, start, end, country, sector, None, sector_entity.kind)]
        first_match, first = real[0]
        if sector_entity.kind == MEMBER:
            # "the leader of the FARC", "Hamas spokesman": a role in the body named.
            body_sector = _member_sector(first, modifiers)
            if first.kind in BODY_KINDS and first.roles:
                return [
                    Mention(
                        text,
                        start,
                        end,
                        first.country,
                        body_sector or sector,
                        None,
                        MEMBER,
                        first.roles,
                    )
                ]
            sector = body_sector or sector
        members = [first] + [e for m, e in real[1:] if _coordinated(self.sent, first_match, m)]
        out = []
        for entity in members:
            country = entity.country
            if entity.kind == PERSON and entity.roles:
                country = entity.roles[-1].country
            out.append(Mention(text, start, end, country, sector, None, sector_entity.kind))
        return out

    def _pronoun(self, head: Token) -> Mention | None:
        """ "he"/"she": the speaker when the pronoun is in what they said ("Zuma said he
        had spoken to Mugabe"), else the person who was the subject of the last sentence
        naming one, else the last person named."""
        start = self.sm.offset + head.idx
        for m in self._speaker_of(head):
            if m.kind == PERSON:
                return replace(m, text=head.text, start=start, end=start + len(head.text))
        for back in range(1, PRONOUN_REACH + 1):
            index = self.index - back
            if index < 0:
                break
            subjects = self.article.subject_of(index)
            people = [m for m in subjects if m.kind == PERSON]
            if people:
                return replace(people[0], text=head.text, start=start, end=start + len(head.text))
            if any(p[1] == index for p in self.article.people):
                break
        alias = self.article.last_person_before(start, self.index)
        if alias is None:
            return None
        return _entity_mention(alias.entity, head.text, start, start + len(head.text))

    # --- reading the phrase ----------------------------------------------------------

    def _modifiers(self, head: Token, exclude: Match | None) -> list[tuple[Match, Entity]]:
        """Names inside the phrase that modify its head, nearest kinds first."""
        ordered: list[Token] = []
        for child in head.lefts:
            if child.dep_ in LEFT_MODIFIERS:
                ordered.extend(child.subtree)
        for child in head.rights:
            if child.dep_ == "appos":
                ordered.extend(child.subtree)
        for prep in PLACE_PREPOSITIONS:
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ == prep:
                    ordered.extend(t for c in child.children if c.dep_ == "pobj" for t in c.subtree)
        out: list[tuple[Match, Entity]] = []
        seen: set[int] = set()
        for tok in ordered:
            m = self.sm.by_token.get(tok.i)
            if m is None or m is exclude or m.start in seen:
                continue
            seen.add(m.start)
            entity = self.article.choose(m.aliases)
            if entity is not None:
                out.append((m, entity))
        return out

    def _chars(self, first_tok: int, end_tok: int) -> tuple[int, int]:
        doc_first = self.sent[first_tok]
        doc_last = self.sent[end_tok - 1]
        return (
            self.sm.offset + doc_first.idx,
            self.sm.offset + doc_last.idx + len(doc_last.text),
        )

    def _text(self, start: int, end: int) -> str:
        doc = self.sent.doc
        return doc.text[start - self.sm.offset : end - self.sm.offset]


def _entity_mention(entity: Entity, text: str, start: int, end: int) -> Mention:
    return Mention(
        text,
        start,
        end,
        entity.country,
        entity.sector,
        entity.name if entity.kind in (PERSON, ORGANISATION, GROUP) else None,
        entity.kind,
        entity.roles,
        entity.after_term,
    )


def _member_sector(body: Entity, modifiers: list[tuple[Match, Entity]]) -> str | None:
    """The sector a member role takes from the body or agent named with it."""
    if body.kind in BODY_KINDS and body.sector:
        return body.sector
    agent = next((e for _, e in modifiers if e.kind == AGENT and e.sector), None)
    return agent.sector if agent else None


def _coordinated(sent: Span, a: Match, b: Match) -> bool:
    """Whether two names are members of one coordination ("US and British forces")."""
    first, second = sent[a.end - 1], sent[b.end - 1]
    return (second.head.i == first.i and second.dep_ == "conj") or (
        second.dep_ == "conj" and second.head.dep_ == "conj" and _in_chain(second, first)
    )


def _in_chain(tok: Token, root: Token) -> bool:
    cur = tok
    for _ in range(8):
        if cur.i == root.i:
            return True
        if cur.dep_ != "conj":
            return False
        cur = cur.head
    return False


def _group_count(head: Token) -> int:
    """2 for "the two countries" or "both leaders", 0 when the phrase is not a group."""
    if head.tag_ not in ("NNS", "NNPS") and head.lemma_.lower() == head.lower_:
        return 0
    for child in head.children:
        if child.dep_ in ("nummod", "det", "predet", "preconj") and child.lower_ in GROUP_NUMBERS:
            return GROUP_NUMBERS[child.lower_]
    return 0


def _bare_plural(head: Token) -> bool:
    """A plural noun with no determiner ("Kenyans", not "the Kenyans")."""
    return head.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss") for c in head.children
    )


def _definite(head: Token) -> bool:
    """Headed by "the" with at most adjectives between ("the island nation")."""
    lefts = list(head.lefts)
    return (
        bool(lefts)
        and lefts[0].lower_ == "the"
        and all(c.dep_ in ("amod", "compound") for c in lefts[1:])
        and not any(c.dep_ == "prep" for c in head.rights)
    )


def _bare_definite(head: Token) -> bool:
    """ "the council", "the president": the article and nothing else before the head."""
    lefts = list(head.lefts)
    return (
        len(lefts) == 1
        and lefts[0].lower_ == "the"
        and not any(c.dep_ == "prep" for c in head.rights)
    )


def _conjuncts(head: Token) -> list[Token]:
    out = []
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _is_name(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"


def _is_affiliation(sent: Span, m: Match) -> bool:
    """ "pro-Russian", "anti-American", "Russian-backed": the country word names a
    sympathy or a sponsor, not a member."""
    end = m.end
    if end + 1 < len(sent) and sent[end].text == "-" and sent[end + 1].lower_ in SPONSOR_WORDS:
        return True
    i = m.start
    if i >= 1 and sent[i - 1].lower_ in AFFILIATION_PREFIXES:
        return True
    return i >= 2 and sent[i - 1].text == "-" and sent[i - 2].lower_ in AFFILIATION_PREFIXES


def _affiliation_start(sent: Span, m: Match) -> int:
    """Where a modifier starts, including a "pro-"/"anti-" prefix."""
    if m.start >= 2 and sent[m.start - 1].text == "-" and _is_affiliation(sent, m):
        return m.start - 2
    if m.start >= 1 and _is_affiliation(sent, m):
        return m.start - 1
    return m.first


def _char_start(sm: SentenceMatches, m: Match) -> int:
    return sm.offset + sm.sent[m.start].idx
