"""Property tests (hypothesis) over the readers, the cleaner and the whole pipeline: any
input in, no exception out; spans always inside the text; dates always valid intervals.

The examples are derandomized (the same ones every run, so CI never flakes) and few;
``make fuzz`` explores at length (fuzz/fuzz_inputs.py).
"""

from __future__ import annotations

import contextlib
import io
import itertools
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tidings.clean import html_to_text, paragraph_spans, parse_view
from tidings.errors import InputError
from tidings.ingest.core import decode_text, repair_mojibake
from tidings.ingest.files import read_document, read_jsonl
from tidings.language import check_language
from tidings.pipeline import Coder
from tidings.records import Article, Event

FEW = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Words that make events, actors, places and dates, so that generated text exercises the
# coder and not only the tokenizer.
WORDS = (
    "Russia Russian Ukraine Ukrainian troops police rebels the President Putin Obama "
    "Kenya Nairobi Kharkiv Moscow government minister said attacked shelled arrested "
    "met talks sanctions imposed on with in and not will would if last week Tuesday "
    "March 2014 2015-07-05 yesterday on Monday in mid-March early 2020 10 twenty "
    "until by before after agreed to cooperate threatened killed"
)
VOCAB = [*WORDS.split(), ",", ".", ";", ":", '"', "'", "(", ")", "-", "—", "\n", "\n\n", "\u200b"]
news = st.lists(st.sampled_from(VOCAB), max_size=80).map(" ".join)
any_text = st.one_of(st.text(max_size=300), news, st.text(alphabet="!?.,;'\"()- \n", max_size=300))
published = st.one_of(
    st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)), st.dates()
)


def _inside(text: str, start: int, end: int, words: str) -> bool:
    return 0 <= start <= end <= len(text) and text[start:end] == words


def _check_event(text: str, event: Event) -> None:
    sentence, trigger = event.sentence, event.trigger
    assert _inside(text, sentence.start, sentence.end, sentence.text)
    assert _inside(text, trigger.start, trigger.end, trigger.text)
    assert sentence.start <= trigger.start <= trigger.end <= sentence.end
    for actor in (*event.source, *event.target):
        assert _inside(text, actor.start, actor.end, actor.text)
    day = event.date
    assert day.earliest <= day.value <= day.latest
    if day.text is not None:
        assert _inside(text, day.text.start, day.text.end, day.text.text)
    place = event.location
    if place is not None:
        assert _inside(text, place.start, place.end, place.text)
        if place.lat is not None and place.lon is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


@FEW
@given(text=any_text, day=published)
@example(text="RUSsIa\rA ATTACked", day=None)  # found: actor words from the parse view
@example(text="Russia attacked Ukraine last week.", day=date(1, 1, 3))  # found: overflow
def test_any_text_codes_without_error_with_spans_inside_and_valid_dates(
    coder: Coder, text: str, day: date | None
) -> None:
    for event in coder.code(Article(id="p", text=text, published=day)):
        _check_event(text, event)


@FEW
@given(texts=st.lists(news, min_size=1, max_size=6))
@example(texts=["\u200b", "\u200b", "Russia attacked Ukraine."])  # found: a KeyError
def test_batches_code_each_article_as_alone(coder: Coder, texts: list[str]) -> None:
    articles = [
        Article(id=f"a{i}", text=t, published=date(2015, 7, 5)) for i, t in enumerate(texts)
    ]
    together = [events for _, events in coder.code_many(articles, batch_size=4)]
    assert together == [coder.code(a) for a in articles]


@FEW
@given(text=st.text(max_size=2000))
def test_the_parse_view_keeps_length_and_paragraphs_stay_inside(text: str) -> None:
    view = parse_view(text)
    assert len(view) == len(text)
    spans = paragraph_spans(view, max_chars=200)
    assert all(0 <= s < e <= len(view) and e - s <= 200 for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@FEW
@given(data=st.binary(max_size=2000))
def test_readers_turn_any_bytes_into_articles_or_problems(data: bytes) -> None:
    for item in read_jsonl(io.BytesIO(data), "fuzz.jsonl"):
        assert isinstance(item, Article | InputError)
    for html in (False, True):
        for raw in read_document(data, "fuzz", html=html):
            assert raw is not None
    with contextlib.suppress(InputError):
        assert isinstance(decode_text(data, "fuzz"), str)


@FEW
@given(markup=st.text(alphabet="<>/=\"' abcdiv p&;#x1-\n", max_size=500))
def test_the_cleaner_takes_any_markup(markup: str) -> None:
    page = html_to_text(markup)
    assert isinstance(page.text, str)


@FEW
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200))
def test_mojibake_is_undone_exactly(text: str) -> None:
    mangled = "".join(
        repair_table_char(byte) for byte in text.encode("utf-8")
    )  # UTF-8 read as Windows-1252
    assert repair_mojibake(mangled) == text


def repair_table_char(byte: int) -> str:
    """The character Windows-1252 (Latin-1 for its five undefined bytes) reads a byte as."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


@FEW
@given(text=any_text)
def test_the_language_check_takes_any_text(text: str) -> None:
    verdict = check_language(text)
    assert isinstance(verdict.english, bool) and verdict.language
