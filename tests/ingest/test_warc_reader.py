"""WARC reader: a crawl written by warcio, as crawlers write it (gzip per record)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.errors import InputError
from tidings.ingest import Page, finish, read_inputs, read_items

BODY = " ".join(["Police in Nairobi arrested twenty protesters on Monday, officials said."] * 3)


def news_page(title: str, extra_head: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title>{extra_head}</head><body>"
        f"<nav>Home | World | Sport</nav><article><h1>{title}</h1>"
        f"<p>{BODY}</p><p>{BODY}</p></article><footer>Copyright</footer></body></html>"
    ).encode()


def write_crawl(path: Path) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url: str, status: str, ctype: str, body: bytes, day: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": f"{day}T10:00:00Z"},
            )
            writer.write_record(record)

        request = writer.create_warc_record(
            "https://news.example.org/a",
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /a HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
            ),
        )
        writer.write_record(request)
        response(
            "https://www.news.example.org/a",
            "200 OK",
            "text/html; charset=utf-8",
            news_page("Arrests in Nairobi"),
            "2021-05-04",
        )
        response(
            "https://news.example.org/logo.png", "200 OK", "image/png", b"\x89PNG", "2021-05-04"
        )
        response(
            "https://news.example.org/gone",
            "404 Not Found",
            "text/html",
            b"<p>no</p>",
            "2021-05-04",
        )
        response(
            "https://news.example.org/b",
            "200 OK",
            "text/html",
            news_page(
                "Dated page", '<meta property="article:published_time" content="2020-01-02">'
            ),
            "2021-05-05",
        )


def test_html_responses_become_articles(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl)
    items = list(read_inputs([str(crawl)]))
    articles = [i for i in items if not isinstance(i, InputError)]
    problems = [str(i) for i in items if isinstance(i, InputError)]
    assert len(articles) == 2
    first, second = articles
    assert "arrested twenty protesters" in first.text and "Copyright" not in first.text
    assert first.published == date(2021, 5, 4)  # the page has none: the WARC-Date
    assert second.published == date(2020, 1, 2)  # the page's own date wins
    assert first.id.startswith("warc-") and first.id != second.id
    assert first.url == "https://www.news.example.org/a" and first.outlet == "news.example.org"
    assert first.title == "Arrests in Nairobi"
    assert any(p.endswith("crawl.warc.gz:4: not an HTML page (image/png)") for p in problems)
    assert any(p.endswith("crawl.warc.gz:5: HTTP status 404") for p in problems)
    assert len(problems) == 2  # warcinfo and request records are not articles


def test_uncompressed_warc_in_a_folder_is_read_and_cleaned_later(tmp_path: Path) -> None:
    write_crawl(tmp_path / "crawl.warc")
    pages = [i for i in read_items([str(tmp_path)]) if isinstance(i, Page)]
    assert len(pages) == 2
    article = finish(pages[0])
    assert not isinstance(article, InputError) and "Nairobi" in article.text


def test_a_truncated_crawl_keeps_what_came_before(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl)
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 200])
    items = list(read_inputs([str(crawl)]))
    assert sum(not isinstance(i, InputError) for i in items) >= 1
    assert isinstance(items[-1], InputError)
