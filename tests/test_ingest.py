"""Readers: every input kind, and one clear, located problem per bad item."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.ingest import article_from_dict, content_id, read_inputs, read_stream
from tidings.records import Article


def _split(items):  # type: ignore[no-untyped-def]
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, InputError)
    ]


def test_jsonl_lines_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "x1",
                "text": "Troops left.",
                "published": "2015-07-05T10:00:00Z",
                "title": "T",
                "url": "https://e.org/1",
                "outlet": "e.org",
            }
        )
        + "\n\n"
        + json.dumps({"text": "Police arrested ten people."})
        + "\n",
        encoding="utf-8",
    )
    articles, problems = _split(read_inputs([str(path)]))
    assert problems == []
    assert articles[0].id == "x1" and articles[0].published == date(2015, 7, 5)
    assert articles[0].outlet == "e.org"
    assert articles[1].id == content_id("Police arrested ten people.")
    assert articles[1].origin.endswith("a.jsonl:3")


def test_gzip_and_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with gzip.open(tmp_path / "sub" / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g", "text": "Rebels attacked a convoy."}) + "\n")
    (tmp_path / "c.txt").write_text("Russia expelled two diplomats.", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    articles, problems = _split(read_inputs([str(tmp_path)]))
    assert sorted(a.text for a in articles) == [
        "Rebels attacked a convoy.",
        "Russia expelled two diplomats.",
    ]
    assert problems == []


def test_html_is_cleaned(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = " ".join(["Police in Nairobi arrested twenty protesters on Monday."] * 3)
    page.write_text(
        f"<html><head><title>Arrests</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Arrests in Nairobi</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    articles, problems = _split(read_inputs([str(page)]))
    assert problems == []
    assert "arrested twenty protesters" in articles[0].text
    assert "Copyright" not in articles[0].text


def test_bad_items_are_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "mix.jsonl").write_text(
        '{"text": "Good one."}\nnot json\n{"id": "n"}\n[1, 2]\n{"text": 5}\n'
        '{"text": "Bad date.", "published": "yesterday"}\n{"text": "Another good one."}\n',
        encoding="utf-8",
    )
    articles, problems = _split(read_inputs([str(tmp_path), str(tmp_path / "missing.jsonl")]))
    assert [a.text for a in articles] == ["Good one.", "Another good one."]
    messages = [str(p) for p in problems]
    assert any(m.endswith("binary.txt: binary content, not text") for m in messages)
    assert any(m.endswith("empty.txt: empty file") for m in messages)
    assert any("mix.jsonl:2: not JSON" in m for m in messages)
    assert any("mix.jsonl:3: field 'text': missing" in m for m in messages)
    assert any("mix.jsonl:4: not a JSON object" in m for m in messages)
    assert any("mix.jsonl:5: field 'text': must be a string" in m for m in messages)
    assert any("mix.jsonl:6: field 'published': not an ISO date" in m for m in messages)
    assert any(m.endswith("missing.jsonl: no such file or folder") for m in messages)
    assert len(problems) == 8


def test_stdin_is_sniffed() -> None:
    jsonl = io.BytesIO(b'{"id": "s", "text": "Iran and Iraq signed a treaty."}\n')
    (article,) = read_stream(jsonl, "<stdin>")
    assert isinstance(article, Article) and article.id == "s"
    (plain,) = read_stream(io.BytesIO(b"Talks resumed in Geneva.\n"), "<stdin>")
    assert isinstance(plain, Article) and plain.text.startswith("Talks resumed")


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes("Côte d’Ivoire’s army said".encode("cp1252"))
    (tmp_path / "u.txt").write_bytes("Ukraine’s army".encode("utf-16"))
    articles, problems = _split(read_inputs([str(tmp_path)]))
    assert problems == []
    assert sorted(a.text for a in articles) == ["Côte d’Ivoire’s army said", "Ukraine’s army"]


def test_content_ids_are_stable() -> None:
    a = article_from_dict({"text": "Same text."})
    b = article_from_dict({"text": "Same text.", "title": "other"})
    assert a.id == b.id


@pytest.mark.parametrize("value", ["2015-07-05", "2015-07-05T23:59:00+02:00", "2015-07-05 10:00"])
def test_published_accepts_iso_dates_and_datetimes(value: str) -> None:
    assert article_from_dict({"text": "x", "published": value}).published == date(2015, 7, 5)
