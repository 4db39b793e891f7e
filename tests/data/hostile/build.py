"""The hostile input corpus: files that break readers, written into a folder.

    python tests/data/hostile/build.py OUT_DIR

Every input is made here, from code, so that the corpus is small in the repository and the
same on every machine; ``expected.tsv`` beside this file lists each input (``file`` or
``file:line``), its kind and its documented outcome (docs/robustness.md), and
``tests/ingest/test_hostile.py`` checks both. Inputs of 10 MB and more are made by the test
itself, in a temporary folder. The fuzzing harness (``fuzz/fuzz_inputs.py``) starts from
these files too.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# English paragraphs with events in them, and the same kind of news in other languages.
EN = (
    "Police in Nairobi arrested twenty protesters on Monday, officials said. The "
    "protesters had marched on parliament to demand lower food prices."
)
EN2 = (
    "Russian troops shelled the Ukrainian city of Kharkiv on Tuesday, officials said. "
    "The European Union imposed new sanctions on Moscow last week."
)
EN_ACCENTS = (
    "Police in Bogotá arrested twenty protesters on Monday, officials said. The mayor of "
    "São Paulo met Colombia’s president in Zürich to discuss the crisis – and aid."
)
DE = (
    "Die Bundesregierung hat am Dienstag neue Sanktionen gegen Russland beschlossen. Der "
    "Kanzler sagte, man werde die Ukraine weiter unterstützen, auch wenn das teuer sei. "
    "Die Opposition kritisierte den Beschluss und forderte eine Debatte im Bundestag."
)
FR = (
    "Le gouvernement français a annoncé mardi de nouvelles sanctions contre la Russie. Le "
    "président a déclaré que la France continuerait à soutenir l'Ukraine, et les députés "
    "de l'opposition ont demandé un débat au parlement sur le coût de cette aide."
)
ES = (
    "El gobierno español anunció el martes nuevas sanciones contra Rusia. El presidente "
    "dijo que España seguirá apoyando a Ucrania durante la guerra, y la oposición pidió "
    "un debate en el parlamento sobre el coste de la ayuda."
)
RU = (
    "Правительство России во вторник объявило о новых мерах против Украины. Президент "
    "заявил, что страна продолжит операцию, несмотря на санкции Запада."
)
AR = (
    "أعلنت الحكومة يوم الثلاثاء عن عقوبات جديدة ضد روسيا وقال الرئيس إن البلاد ستواصل "
    "دعم أوكرانيا خلال الحرب"
)
ZH = (
    "中国政府周二宣布对俄罗斯实施新的制裁。"
    "总统表示，中国将继续支持乌克兰的和平进程，并呼吁各方保持克制。"
)


def page(body: str, head: str = "", title: str = "Protesters arrested") -> str:
    """A news page: navigation, the article, a footer."""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>© 2024 The Daily Example. All rights reserved.</footer></body></html>"
    )


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def gzip_members(*parts: bytes) -> bytes:
    """Each part as its own gzip member: a cut inside one member leaves the members
    before it readable, whatever zlib version compressed them."""
    return b"".join(gzip.compress(p, mtime=0) for p in parts)


def warc_record(kind: str, url: str, http: bytes, number: int) -> bytes:
    """One WARC record (a response with its HTTP message, or a request)."""
    headers = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2024-03-{number:02d}T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000{number}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return headers + http + b"\r\n\r\n"


def http_response(status: str, ctype: str, body: bytes) -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def warc_gz(*records: bytes) -> bytes:
    return gzip_members(*records)


def mojibake(text: str) -> str:
    """UTF-8 read once as Windows-1252: "’" becomes "â€™"."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def _files() -> dict[str, bytes]:
    rng = random.Random(9)
    out: dict[str, bytes] = {}
    add: Callable[[str, bytes], None] = out.__setitem__

    # --- plain text ------------------------------------------------------------------
    add("txt/empty.txt", b"")
    add("txt/blank.txt", b"  \n\n\t \r\n")
    add("txt/binary-random.txt", bytes(rng.randrange(256) for _ in range(4000)) + b"\x00")
    add("txt/png-renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    add("txt/control-characters.txt", bytes(rng.choice(range(1, 9)) for _ in range(500)))
    add("txt/latin-1.txt", EN_ACCENTS.replace("’", "'").replace("–", "-").encode("latin-1"))
    add("txt/windows-1252.txt", EN_ACCENTS.encode("cp1252"))
    add("txt/utf-16-le-bom.txt", EN_ACCENTS.encode("utf-16"))
    add("txt/utf-16-be-bom.txt", codecs.BOM_UTF16_BE + EN_ACCENTS.encode("utf-16-be"))
    add("txt/utf-16-le-no-bom.txt", EN_ACCENTS.encode("utf-16-le"))
    add("txt/utf-8-bom.txt", codecs.BOM_UTF8 + EN_ACCENTS.encode("utf-8"))
    add("txt/utf-8-truncated.txt", (EN + " Damage in Zürich was €5m.").encode("utf-8")[:-2])
    add("txt/mojibake.txt", mojibake(EN_ACCENTS).encode("utf-8"))
    add("txt/utf-8-with-stray-bytes.txt", EN_ACCENTS.encode("utf-8") + b" \xe9\xff " + b"end.")
    add("txt/utf-8-encoded-surrogate.txt", EN.encode() + b" \xed\xa0\x80 end.")
    add("txt/windows-1252-undefined-bytes.txt", EN.encode() + b" \x81\x8d\x8f\x90\x9d end.")
    add("txt/crlf.txt", (EN + "\r\n\r\n" + EN2).encode())
    add("txt/cr-only.txt", (EN + "\r\r" + EN2).encode())
    add("txt/hard-wrapped.txt", "\n".join(EN2[i : i + 30] for i in range(0, len(EN2), 30)).encode())
    add("txt/german.txt", DE.encode())
    add("txt/french.txt", FR.encode())
    add("txt/spanish.txt", ES.encode())
    add("txt/russian.txt", RU.encode())
    add("txt/arabic.txt", AR.encode())
    add("txt/chinese.txt", ZH.encode())
    add(
        "txt/english-quoting-others.txt",
        (EN2 + ' The minister said: "Nous ne céderons pas" and «Мы не уступим».').encode(),
    )
    add("txt/headline-only.txt", b"Rebels seize Goma")
    add("txt/figures-only.txt", b"Shr 43 cts vs 30 cts\nNet 10.6 mln vs 5,967,000\n" * 10)
    add("txt/punctuation-only.txt", b"!!! ??? ... --- *** ;;; ,,, ((( )))")
    add("txt/no-spaces.txt", ("!?$'\"(" * 800).encode())
    add("txt/emoji-run.txt", ("🔥" * 2000).encode())
    sentence = ", ".join(["the army attacked the rebels near the border"] * 250) + "."
    add("txt/one-long-sentence.txt", sentence.encode())
    add("txt/many-paragraphs.txt", "\n\n".join(["Talks."] * 600).encode())
    odd = "Police\u200b in\u200d Nairobi\u202e arrested\u00ad twenty protesters\u2028on Monday 🎉 "
    add("txt/invisible-and-bidi-characters.txt", (odd + "e\u0301\u0301\u0301 " + EN).encode())
    add("txt/markup-in-a-text-file.txt", page(paragraphs(EN)).encode())
    add("txt/name with spaces é.txt", EN2.encode())

    # --- HTML ----------------------------------------------------------------------------
    add("html/empty.html", b"")
    full = page(paragraphs(EN, EN2, EN_ACCENTS))
    add("html/truncated.html", full.encode()[: full.index("Tuesday") + 3])
    links = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(40))
    add(
        "html/boilerplate-only.html",
        (
            "<html><head><title>Home</title></head><body><nav><ul>"
            f"{links}</ul></nav><div class='cookie'>We use cookies. Accept?</div>"
            "<footer>© 2024 The Daily Example</footer></body></html>"
        ).encode(),
    )
    add(
        "html/script-and-style-only.html",
        b"<html><head><style>p{color:red}</style></head><body><script>var x = '"
        + b"a" * 3000
        + b"';</script></body></html>",
    )
    add(
        "html/windows-1252-meta.html",
        page(paragraphs(EN_ACCENTS, EN), head='<meta charset="windows-1252">').encode("cp1252"),
    )
    add(
        "html/koi8-r-meta.html",
        page(paragraphs(RU, RU), head='<meta http-equiv="Content-Type" '
             'content="text/html; charset=koi8-r">', title="Новости").encode("koi8-r"),
    )  # fmt: skip
    add("html/utf-16-bom.html", page(paragraphs(EN, EN_ACCENTS)).encode("utf-16"))
    add("html/german.html", page(paragraphs(DE, DE), title="Nachrichten").encode())
    add("html/deep-nesting.html", ("<div>" * 5000 + f"<p>{EN}</p>" + "</div>" * 5000).encode())
    add("html/gzip-bytes.html", gzip.compress(full.encode(), mtime=0))
    add("html/plain-text.html", (EN + "\n\n" + EN2).encode())
    add(
        "html/entities.html",
        page(
            "<p>Police &amp; soldiers in Nairobi arrested twenty protesters on Monday, "
            "officials said &#8212; the &#x201C;largest&#x201D; sweep this year.</p><p>"
            + EN2.replace("'", "&#39;")
            + "</p>"
        ).encode(),
    )
    bomb = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    add(
        "html/entity-expansion-bomb.html",
        (
            f'<?xml version="1.0"?><!DOCTYPE lolz [{bomb}]><html><body><p>&lol9;</p></body></html>'
        ).encode(),
    )
    add(
        "html/unclosed-tags.html",
        f"<html><body><div class=story <p>{EN}<p>{EN2}<p><b><i>{EN_ACCENTS}".encode(),
    )
    add("html/mojibake.html", page(paragraphs(mojibake(EN_ACCENTS), EN)).encode())

    # --- JSON Lines ------------------------------------------------------------------------
    add("jsonl/empty.jsonl", b"")
    text = EN
    broken = [
        line({"id": "b1", "text": text, "published": "2024-03-04"}),
        b'{"id": "b2", "text": "Police arr\n',
        b"[1, 2]\n",
        line({"id": "b4", "text": 42}),
        line({"id": "b5", "title": "no text"}),
        line({"id": "b6", "text": "   \n  "}),
        line({"id": "b7", "text": text, "published": "2015-02-30"}),
        line({"id": {"nested": 1}, "text": text}),
        b"null\n",
        line({"id": "b10", "text": text})[:-1] + b" trailing\n",
        b"[" * 100_000 + b"]" * 100_000 + b"\n",
        b'{"id": "b12", "text": ' + b"7" * 5000 + b"}\n",
        line({"id": "b13", "text": text, "published": "0001-01-01"}),
        b'{"id": "b14", "text": "Police in Nairobi arrested \\ud800 twenty protesters on '
        b'Monday, officials said."}\n',
        b'{"id": "b15", "text": "Police in Nairobi arrested\\u0000 twenty protesters on '
        b'Monday, officials said."}\n',
        line({"id": "b1", "text": text, "published": "2024-03-04"}),
        line({"id": True, "text": text}),
        line({"id": "b18", "text": DE}),
        b"\n",
        line({"id": "b20", "text": EN2, "title": 5, "extra": {"nested": [1, 2]}}),
        b'{"id": "b21", "text": NaN}\n',
        b"\x00\xff\xfe\x01garbage\x00\n",
        line({"id": "b23", "text": EN2, "published": "2015-07-05T10:00:00+02:00"}),
        line({"id": "b24", "text": EN2, "published": 20150705}),
        json.dumps({"id": "b25", "text": EN_ACCENTS}, ensure_ascii=False).encode("cp1252") + b"\n",
        # Found by the property tests: two articles in a row without a paragraph (nothing
        # but invisible characters) stopped the parse of the whole batch.
        line({"id": "b26", "text": "\u200b\u200b"}),
        line({"id": "b27", "text": "\ufeff \u200b"}),
    ]
    add("jsonl/broken-lines.jsonl", b"".join(broken))
    add("jsonl/utf-8-bom.jsonl", codecs.BOM_UTF8 + line({"id": "bom1", "text": EN}))
    utf16 = (
        json.dumps({"id": "u16-1", "text": EN_ACCENTS}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "u16-2", "text": EN2})
        + "\n"
    )
    add("jsonl/utf-16-bom.jsonl", utf16.encode("utf-16"))
    add(
        "jsonl/crlf.jsonl",
        line({"id": "crlf1", "text": EN})[:-1] + b"\r\n" + line({"id": "crlf2", "text": EN2}),
    )
    two = line({"id": "cut1", "text": EN}) + line({"id": "cut2", "text": EN2})
    add("jsonl/truncated-last-line.jsonl", two[: len(two) - 40])
    members = [line({"id": f"gz{i}", "text": EN2 if i % 2 else EN}) for i in range(1, 4)]
    whole = gzip_members(*members)
    last = len(gzip.compress(members[2], mtime=0))
    add("jsonl/truncated.jsonl.gz", whole[: len(whole) - last // 2])
    add("jsonl/not-gzip.jsonl.gz", line({"id": "plain", "text": EN}))
    # Found by fuzzing: a corrupt deflate stream raised zlib.error, which nothing caught.
    corrupt = bytearray(gzip.compress(line({"id": "z", "text": EN}) * 20, mtime=0))
    corrupt[10:14] = b"\xff\xff\xff\xff"
    add("jsonl/corrupt-gzip.jsonl.gz", bytes(corrupt))
    add("jsonl/gzip-bomb.jsonl.gz", gzip.compress(b"a" * 50_000_000, mtime=0))
    add(
        "jsonl/windows-1252.jsonl",
        json.dumps({"id": "w1", "text": EN_ACCENTS}, ensure_ascii=False).encode("cp1252") + b"\n",
    )

    # --- Parquet ---------------------------------------------------------------------------
    add("parquet/empty.parquet", b"")
    good = parquet_bytes(pa.table({"id": ["p1", "p2"], "text": [EN, EN2]}))
    add("parquet/truncated.parquet", good[: len(good) // 2])
    add("parquet/no-text-column.parquet", parquet_bytes(pa.table({"body": [EN]})))
    add(
        "parquet/rows.parquet",
        parquet_bytes(
            pa.table(
                {
                    "id": ["r1", "r2", "r3", "r4", "r5"],
                    "text": [EN, None, "", DE, EN2],
                    "published": ["2024-03-04", None, None, None, "yesterday"],
                }
            )
        ),
    )
    # Found by fuzzing: a string column that is not UTF-8 stopped the reader.
    not_utf8 = pa.array([EN_ACCENTS.encode("cp1252")], pa.binary()).view(pa.string())
    add("parquet/not-utf-8.parquet", parquet_bytes(pa.table({"id": ["n1"], "text": not_utf8})))
    # Found by fuzzing: a column name that is not UTF-8 made Arrow raise UnicodeDecodeError.
    named = parquet_bytes(pa.table({"text": [EN], "\u00e9col": ["x"]}))
    add("parquet/column-name-not-utf-8.parquet", named.replace(b"\xc3\xa9col", b"\xe9\xf1col"))
    binary = pa.array([(EN2 + " Filed from Kyiv.").encode("utf-16")], pa.binary())
    add("parquet/binary-text-column.parquet", parquet_bytes(pa.table({"text": binary})))
    add(
        "parquet/zero-rows.parquet",
        parquet_bytes(pa.table({"text": pa.array([], pa.string())})),
    )

    # --- WARC ------------------------------------------------------------------------------
    add("warc/empty.warc", b"")
    add("warc/not-a-crawl.warc", b"this is not a crawl\n" * 20)
    add(
        "warc/no-target-uri.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
    )
    html = page(paragraphs(EN, EN2)).encode()
    records = [
        warc_record("request", "https://news.example.org/a", b"GET /a HTTP/1.1\r\n\r\n", 1),
        warc_record(
            "response", "https://news.example.org/a", http_response("200 OK", "text/html", html), 2
        ),
        warc_record(
            "response",
            "https://news.example.org/logo.png",
            http_response("200 OK", "image/png", b"\x89PNG\r\n"),
            3,
        ),
        warc_record(
            "response",
            "https://news.example.org/missing",
            http_response("404 Not Found", "text/html", b"<p>gone</p>"),
            4,
        ),
        warc_record(
            "response",
            "https://news.example.org/de",
            http_response("200 OK", "text/html; charset=utf-8", page(paragraphs(DE)).encode()),
            5,
        ),
        warc_record(
            "response",
            "https://news.example.org/empty",
            http_response("200 OK", "text/html", b"  "),
            6,
        ),
    ]
    add("warc/mixed.warc.gz", warc_gz(*records))
    second = warc_record(
        "response",
        "https://news.example.org/b",
        http_response("200 OK", "text/html", page(paragraphs(EN2, EN)).encode()),
        7,
    )
    first = warc_record(
        "response", "https://news.example.org/c", http_response("200 OK", "text/html", html), 8
    )
    cut = warc_gz(first, second)
    add("warc/truncated.warc.gz", cut[: len(cut) - 200])
    return out


def build(folder: Path) -> list[str]:
    """Write the corpus into ``folder``; returns the files written, relative, sorted."""
    files = _files()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(files)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build.py OUT_DIR")
    written = build(Path(sys.argv[1]))
    print(f"{len(written)} files written to {sys.argv[1]}")
