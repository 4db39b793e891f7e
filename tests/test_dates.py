"""Time expressions and their intervals against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.dates import Reference, event_interval, find_expressions, resolve

PUB = date(2015, 7, 5)  # a Sunday

CASES = [
    # sentence, expression, tense, earliest, latest
    ("Putin called Obama on June 25.", "June 25", "past", "2015-06-25", "2015-06-25"),
    ("They met at the end of June.", "the end of June", "past", "2015-06-20", "2015-06-30"),
    (
        "Moscow invaded Ukraine in mid-March 2014.",
        "mid-March 2014",
        "past",
        "2014-03-10",
        "2014-03-20",
    ),
    (
        "The deal expires on January 31, 2016.",
        "January 31, 2016",
        "future",
        "2016-01-31",
        "2016-01-31",
    ),
    ("It was signed on 3 May 2014.", "3 May 2014", "past", "2014-05-03", "2014-05-03"),
    ("The vote was on 2014-05-03.", "2014-05-03", "past", "2014-05-03", "2014-05-03"),
    ("Troops left in September 2014.", "September 2014", "past", "2014-09-01", "2014-09-30"),
    ("Talks began early last year.", "early last year", "past", "2014-01-01", "2014-04-30"),
    ("Relations soured this past year.", "this past year", "past", "2014-07-05", "2015-07-05"),
    ("Rebels attacked on Tuesday.", "on Tuesday", "past", "2015-06-30", "2015-06-30"),
    ("Ministers will meet on Tuesday.", "on Tuesday", "future", "2015-07-07", "2015-07-07"),
    ("The envoy arrived last week.", "last week", "past", "2015-06-22", "2015-06-28"),
    ("Police raided the office yesterday.", "yesterday", "past", "2015-07-04", "2015-07-04"),
    ("The army withdrew two days ago.", "two days ago", "past", "2015-07-03", "2015-07-03"),
    ("Protests were held in 2011.", "2011", "past", "2011-01-01", "2011-12-31"),
    ("The court ruled last month.", "last month", "past", "2015-06-01", "2015-06-30"),
    ("They clashed earlier this month.", "earlier this month", "past", "2015-07-01", "2015-07-05"),
    ("He resigned in March.", "March", "past", "2015-03-01", "2015-03-31"),
    ("He will visit in August.", "August", "future", "2015-08-01", "2015-08-31"),
    ("The strike began in late 2014.", "late 2014", "past", "2014-09-01", "2014-12-31"),
    ("Fighting in the 1990s killed thousands.", "the 1990s", "past", "1990-01-01", "1999-12-31"),
    ("Talks collapsed last year.", "last year", "past", "2014-01-01", "2014-12-31"),
    ("A raid took place last Sunday.", "last Sunday", "past", "2015-06-28", "2015-06-28"),
]


@pytest.mark.parametrize(("sentence", "text", "tense", "earliest", "latest"), CASES)
def test_expression_intervals(
    sentence: str, text: str, tense: str, earliest: str, latest: str
) -> None:
    found = [e for e in find_expressions(sentence) if text in e.text or e.text in text]
    assert found, f"no expression found in {sentence!r}"
    interval = resolve(found[0], PUB, tense)
    assert interval is not None
    assert (interval.earliest.isoformat(), interval.latest.isoformat()) == (earliest, latest)


def test_month_day_after_publication_means_last_year() -> None:
    (expr,) = find_expressions("They met on December 24.")
    interval = resolve(expr, PUB, "past")
    assert interval is not None and interval.earliest == date(2014, 12, 24)


def test_until_does_not_date_the_event() -> None:
    (expr,) = find_expressions("The EU extended the sanctions until January 31, 2016.")
    assert expr.relation == "until"
    assert event_interval(expr, Reference(PUB, "publication"), "past", None) is None


def test_since_opens_a_window_to_publication() -> None:
    (expr,) = find_expressions("Fighting has continued since 2011.")
    dated = event_interval(expr, Reference(PUB, "publication"), "past", None)
    assert dated is not None
    assert (dated.earliest, dated.latest, dated.precision) == (date(2011, 1, 1), PUB, "window")


def test_no_expression_is_the_week_before_publication() -> None:
    dated = event_interval(None, Reference(PUB, "publication"), "past", None)
    assert dated is not None
    assert (dated.earliest, dated.latest, dated.basis) == (date(2015, 6, 28), PUB, "publication")


def test_without_publication_date_the_basis_says_so() -> None:
    (expr,) = find_expressions("Police raided the office yesterday.")
    dated = event_interval(expr, Reference(date(2020, 1, 10), "coding-date"), "past", None)
    assert dated is not None and dated.basis == "coding-date"
    (absolute,) = find_expressions("It was signed on 3 May 2014.")
    dated = event_interval(absolute, Reference(date(2020, 1, 10), "coding-date"), "past", None)
    assert dated is not None and dated.basis == "text"


def test_modal_may_is_not_a_month() -> None:
    assert find_expressions("Russia may impose sanctions.") == []
    assert find_expressions("Protesters march on parliament.") == []
