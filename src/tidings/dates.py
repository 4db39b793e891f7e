"""Dates stage: time expressions in a sentence, resolved to intervals.

``find_expressions`` reads explicit, partial and relative expressions ("January 31, 2016",
"in mid-March 2014", "at the end of June", "last week", "on Tuesday", "two days ago",
"recently", "since 2011") with the word that relates them to the event ("since", "until",
"between ... and"). ``resolve`` turns one into an interval against a reference date
(the publication date) and the tense of the verb it modifies: a past-tense verb with
"Tuesday" means the Tuesday before.

Without any expression, an event of a news report happened in the week before publication
(annotation guide, section 5).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tidings.records import DateInterval, TextSpan

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "few": 3,
    "a few": 3,
}
# Words before an expression that say it does not date the event itself.
NOT_EVENT_DATE = frozenset({"until", "till", "til", "through", "by", "before", "to"})

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_PART = (
    r"(?P<{g}>(?i:early|earlier|mid|middle|late|later|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
    r"beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|"
    r"the\s+second\s+half\s+of))"
)
_WEEKDAY = r"(?P<{g}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = (
    r"(?P<{g}>\d{{1,3}}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|a\s+few)"
)


def _g(pattern: str, **groups: str) -> str:
    return pattern.format(g=groups["g"])


_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b"),
    (
        "mdy",
        rf"\b{_g(_MONTH, g='m1')}\s+{_g(_DAY, g='d1')},?\s+{_g(_YEAR, g='y1')}\b",
    ),
    (
        "dmy",
        rf"\b{_g(_DAY, g='d2')}\s+{_g(_MONTH, g='m2')},?\s+{_g(_YEAR, g='y2')}\b",
    ),
    (
        "month_year",
        rf"(?:\b{_g(_PART, g='p3')}[\s-]+)?\b{_g(_MONTH, g='m3')},?\s+{_g(_YEAR, g='y3')}\b",
    ),
    ("md", rf"\b{_g(_MONTH, g='m4')}\s+{_g(_DAY, g='d4')}\b(?![,.]?\d)(?!\s*(?:19|20)\d\d)"),
    ("dm", rf"\b{_g(_DAY, g='d5')}\s+{_g(_MONTH, g='m5')}\b(?!,?\s+(?:19|20)\d\d)"),
    ("part_month", rf"\b{_g(_PART, g='p6')}[\s-]+{_g(_MONTH, g='m6')}\b(?!\s+\d)"),
    (
        "rel_period",
        r"\b(?:(?P<p7>(?i:early|earlier|late|later|mid|the\s+end\s+of|end\s+of|"
        r"the\s+beginning\s+of))\s+)?(?P<w7>(?i:last|this\s+past|this|next|the\s+past|past|"
        r"the\s+coming|coming|previous|the\s+previous))\s+(?P<u7>week|weekend|month|year)\b",
    ),
    (
        "part_year",
        rf"\b{_g(_PART, g='p8')}[\s-]+{_g(_YEAR, g='y8')}\b",
    ),
    ("decade", r"\b(?:the\s+)?(?P<y9>(?:19|20)\d0)s\b"),
    (
        "weekday",
        rf"\b(?:(?P<w10>(?i:last|this|next|on|this\s+past|early|late))\s+)?{_g(_WEEKDAY, g='wd10')}"
        r"(?:\s+(?P<t10>morning|afternoon|evening|night))?\b",
    ),
    (
        "rel_day",
        r"\b(?P<r11>(?i:yesterday|today|tonight|last\s+night|this\s+morning|this\s+afternoon|"
        r"this\s+evening|earlier\s+today|overnight))\b",
    ),
    (
        "ago",
        rf"\b{_g(_NUM, g='n12')}\s+(?P<u12>day|days|week|weeks|month|months|year|years)\s+"
        r"(?:ago|earlier|before)\b",
    ),
    (
        "recent",
        r"\b(?P<r13>(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years)|"
        r"over\s+the\s+weekend|at\s+the\s+weekend))\b",
    ),
    (
        "cue_month",
        rf"\b(?i:in|during|since|until|by|of|from|through|and|or)\s+"
        rf"{_g(_MONTH, g='m14')}\b(?!\s+\d)",
    ),
    (
        "cue_year",
        r"\b(?P<c15>(?i:in|during|since|until|by|from|through|of|in\s+the\s+year|the))\s+"
        r"(?P<y15>(?:19|20)\d\d)\b(?!-?\d)",
    ),
]
_FINDER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS))
_RELATION = re.compile(
    r"(?:\b(?P<rel>since|until|till|through|by|before|after|from|between|and|to|as\s+of|"
    r"starting|beginning)\s+(?:(?:on|in|at|the)\s+)?)$",
    re.IGNORECASE,
)
_CUE_WORD = re.compile(
    r"^(?:in\s+the\s+year|in|during|since|until|by|of|from|through|the)\s+", re.IGNORECASE
)
_KINDS = frozenset(name for name, _ in _PATTERNS)
ABSOLUTE_KINDS = frozenset({"iso", "mdy", "dmy", "month_year", "part_year", "decade", "cue_year"})
"""Expressions that name their year: they need no reference date."""


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression found in a sentence, not yet resolved.

    ``start``/``end`` are offsets into the text searched; ``relation`` is the word that
    relates it to the event ("since", "until", ...) or "" for a plain "on/in/at".
    """

    start: int
    end: int
    text: str
    kind: str
    fields: tuple[tuple[str, str], ...]
    relation: str

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    @property
    def needs_reference(self) -> bool:
        return self.kind not in ABSOLUTE_KINDS


def find_expressions(text: str) -> list[TimeExpression]:
    """Every time expression in a text, left to right."""
    out: list[TimeExpression] = []
    for m in _FINDER.finditer(text):
        kind = m.lastgroup or ""
        fields = tuple((k, v) for k, v in m.groupdict().items() if v and k not in _KINDS)
        start, end = m.start(), m.end()
        if kind in ("cue_month", "cue_year"):
            # The cue word ("in", "since") is context, not part of the expression.
            cue = _CUE_WORD.match(m.group(0))
            start += cue.end() if cue else 0
        matched = text[start:end]
        relation = _relation(text[:start], kind, m)
        out.append(TimeExpression(start, end, matched, kind, fields, relation))
    return out


def _relation(before: str, kind: str, m: re.Match[str]) -> str:
    if kind == "cue_year" and m.group("c15") in ("since", "until", "by", "from", "through"):
        return m.group("c15")
    if kind == "cue_month":
        word = m.group(0).split()[0].lower()
        if word in ("since", "until", "by", "from", "through"):
            return word
    found = _RELATION.search(before[-24:])
    return found.group("rel").lower() if found else ""


@dataclass(frozen=True, slots=True)
class Interval:
    earliest: date
    latest: date


def resolve(expr: TimeExpression, reference: date, tense: str = "past") -> Interval | None:
    """The interval an expression names, against a reference date and a tense
    (``past``, ``present`` or ``future``). None when it cannot be read."""
    try:
        return _RESOLVERS[expr.kind](expr, reference, tense)
    except (ValueError, KeyError, OverflowError):
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _part_of_month(part: str, year: int, month: int) -> Interval:
    part = " ".join(part.lower().split()).removeprefix("the ")
    end = _month_end(year, month)
    if part in ("early", "beginning of", "start of"):
        return Interval(date(year, month, 1), date(year, month, 10))
    if part in ("mid", "middle of"):
        return Interval(date(year, month, 10), date(year, month, 20))
    if part in ("late", "end of"):
        return Interval(date(year, month, 20), end)
    if part == "first half of":
        return Interval(date(year, month, 1), date(year, month, 15))
    if part == "second half of":
        return Interval(date(year, month, 16), end)
    return Interval(date(year, month, 1), end)


def _part_of_year(part: str, year: int) -> Interval:
    part = " ".join(part.lower().split()).removeprefix("the ")
    spans = {
        "early": ((1, 1), (4, 30)),
        "earlier": ((1, 1), (4, 30)),
        "beginning of": ((1, 1), (2, 28)),
        "start of": ((1, 1), (2, 28)),
        "first half of": ((1, 1), (6, 30)),
        "mid": ((5, 1), (8, 31)),
        "middle of": ((5, 1), (8, 31)),
        "second half of": ((7, 1), (12, 31)),
        "late": ((9, 1), (12, 31)),
        "later": ((9, 1), (12, 31)),
        "end of": ((11, 1), (12, 31)),
    }
    (m1, d1), (m2, d2) = spans.get(part, ((1, 1), (12, 31)))
    return Interval(date(year, m1, d1), date(year, m2, d2))


def _year_for_month(month: int, day: int, reference: date, tense: str) -> int:
    year = reference.year
    candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if tense == "future":
        return year + 1 if candidate < reference - timedelta(days=31) else year
    if candidate > reference + timedelta(days=7):
        return year - 1
    return year


def _iso(e: TimeExpression, ref: date, tense: str) -> Interval:
    d = date(int(e.field("iy")), int(e.field("im")), int(e.field("id")))
    return Interval(d, d)


def _mdy(e: TimeExpression, ref: date, tense: str) -> Interval:
    if e.field("m1"):
        d = date(int(e.field("y1")), _month(e.field("m1")), int(e.field("d1")))
    else:
        d = date(int(e.field("y2")), _month(e.field("m2")), int(e.field("d2")))
    return Interval(d, d)


def _md(e: TimeExpression, ref: date, tense: str) -> Interval:
    month = _month(e.field("m4") or e.field("m5"))
    day = int(e.field("d4") or e.field("d5"))
    year = _year_for_month(month, day, ref, tense)
    d = date(year, month, day)
    return Interval(d, d)


def _month_year(e: TimeExpression, ref: date, tense: str) -> Interval:
    return _part_of_month(e.field("p3"), int(e.field("y3")), _month(e.field("m3")))


def _part_month(e: TimeExpression, ref: date, tense: str) -> Interval:
    month = _month(e.field("m6") or e.field("m14"))
    year = _year_for_month(month, 1, ref, tense)
    return _part_of_month(e.field("p6"), year, month)


def _part_year(e: TimeExpression, ref: date, tense: str) -> Interval:
    return _part_of_year(e.field("p8"), int(e.field("y8")))


def _cue_year(e: TimeExpression, ref: date, tense: str) -> Interval:
    year = int(e.field("y15"))
    return Interval(date(year, 1, 1), date(year, 12, 31))


def _decade(e: TimeExpression, ref: date, tense: str) -> Interval:
    start = int(e.field("y9"))
    return Interval(date(start, 1, 1), date(start + 9, 12, 31))


def _weekday(e: TimeExpression, ref: date, tense: str) -> Interval:
    target = WEEKDAYS[e.field("wd10").lower()]
    which = " ".join(e.field("w10").lower().split())
    if which == "next" or (tense == "future" and which != "last"):
        ahead = (target - ref.weekday()) % 7
        if which == "next" and ahead == 0:
            ahead = 7
        d = ref + timedelta(days=ahead)
    else:
        back = (ref.weekday() - target) % 7
        if which in ("last", "this past") and back == 0:
            back = 7
        d = ref - timedelta(days=back)
    return Interval(d, d)


def _rel_day(e: TimeExpression, ref: date, tense: str) -> Interval:
    word = " ".join(e.field("r11").lower().split())
    if word == "yesterday":
        d = ref - timedelta(days=1)
        return Interval(d, d)
    if word in ("last night", "overnight"):
        return Interval(ref - timedelta(days=1), ref)
    return Interval(ref, ref)


def _rel_period(e: TimeExpression, ref: date, tense: str) -> Interval:
    which = " ".join(e.field("w7").lower().split()).removeprefix("the ")
    unit = e.field("u7").lower()
    part = " ".join(e.field("p7").lower().split())
    if which in ("this past", "past"):
        days = {"week": 7, "weekend": 3, "month": 31, "year": 365}[unit]
        return Interval(ref - timedelta(days=days), ref)
    step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit in ("week", "weekend"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            if step == 0 and tense != "future":
                saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
                return Interval(saturday, min(saturday + timedelta(days=1), ref))
            return Interval(monday + timedelta(days=5), monday + timedelta(days=6))
        whole = Interval(monday, monday + timedelta(days=6))
    elif unit == "month":
        month_index = ref.year * 12 + ref.month - 1 + step
        year, month = divmod(month_index, 12)
        month += 1
        if part and not (step == 0 and part in ("earlier", "later")):
            # "earlier this month" runs to the publication date, handled below.
            whole = _part_of_month(
                part.replace("earlier", "early").replace("later", "late"), year, month
            )
        else:
            whole = Interval(date(year, month, 1), _month_end(year, month))
    else:
        year = ref.year + step
        whole = (
            _part_of_year(part, year) if part else Interval(date(year, 1, 1), date(year, 12, 31))
        )
    if step == 0:
        if part in ("earlier", "") and tense != "future":
            return Interval(whole.earliest, min(whole.latest, ref))
        if part == "later":
            return Interval(max(whole.earliest, ref), whole.latest)
    return whole


def _ago(e: TimeExpression, ref: date, tense: str) -> Interval:
    raw = " ".join(e.field("n12").lower().split())
    n = NUMBER_WORDS[raw] if raw in NUMBER_WORDS else int(raw)
    unit = e.field("u12").lower().rstrip("s")
    if unit == "day":
        d = ref - timedelta(days=n)
        return Interval(d, d)
    if unit == "week":
        d = ref - timedelta(weeks=n)
        return Interval(d - timedelta(days=3), d + timedelta(days=3))
    if unit == "month":
        month_index = ref.year * 12 + ref.month - 1 - n
        year, month = divmod(month_index, 12)
        return Interval(date(year, month + 1, 1), _month_end(year, month + 1))
    return Interval(date(ref.year - n, 1, 1), date(ref.year - n, 12, 31))


def _recent(e: TimeExpression, ref: date, tense: str) -> Interval:
    word = " ".join(e.field("r13").lower().split())
    days = {
        "in recent days": 7,
        "in recent weeks": 30,
        "in recent months": 180,
        "in recent years": 3 * 365,
        "over the weekend": 3,
        "at the weekend": 3,
    }.get(word, 30)
    return Interval(ref - timedelta(days=days), ref)


_RESOLVERS = {
    "iso": _iso,
    "mdy": _mdy,
    "dmy": _mdy,
    "md": _md,
    "dm": _md,
    "month_year": _month_year,
    "part_month": _part_month,
    "cue_month": _part_month,
    "part_year": _part_year,
    "cue_year": _cue_year,
    "decade": _decade,
    "weekday": _weekday,
    "rel_day": _rel_day,
    "rel_period": _rel_period,
    "ago": _ago,
    "recent": _recent,
}


def precision_of(earliest: date, latest: date) -> str:
    if earliest == latest:
        return "day"
    if earliest.day == 1 and latest == _month_end(earliest.year, earliest.month):
        return "month"
    if earliest == date(earliest.year, 1, 1) and latest == date(earliest.year, 12, 31):
        return "year"
    return "window"


def midpoint(earliest: date, latest: date) -> date:
    return earliest + (latest - earliest) / 2


@dataclass(frozen=True, slots=True)
class Reference:
    """The date relative expressions are read against, and what it is."""

    day: date
    basis: str
    """``publication`` when it is the article's date, ``coding-date`` otherwise."""


def event_interval(
    expr: TimeExpression | None,
    reference: Reference,
    tense: str,
    span: TextSpan | None,
    window_days: int = 7,
) -> DateInterval | None:
    """The DateInterval of an event dated by ``expr`` (or by nothing: the window before the
    reference date). None when the expression does not date the event ("until 2016")."""
    ref = reference.day
    if expr is None:
        earliest = ref - timedelta(days=window_days)
        basis = "publication" if reference.basis == "publication" else reference.basis
        return DateInterval(ref, earliest, ref, "window", basis, None)
    if expr.relation in NOT_EVENT_DATE:
        return None
    interval = resolve(expr, ref, tense)
    if interval is None:
        return None
    earliest, latest = interval.earliest, interval.latest
    if expr.relation in ("since", "after", "starting", "beginning"):
        earliest, latest = earliest, max(ref, earliest)
        precision = "window"
    else:
        precision = precision_of(earliest, latest)
    basis = (
        "text" if not expr.needs_reference or reference.basis == "publication" else reference.basis
    )
    return DateInterval(midpoint(earliest, latest), earliest, latest, precision, basis, span)
