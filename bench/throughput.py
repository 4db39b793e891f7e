"""Throughput of `tidings code` against the bare spaCy pipeline on the same texts.

Both run in this process, alternating, so that machine noise hits both alike; the ratio
tidings/bare-spaCy is the figure to track. Reads ``../shared/corpora/news-bench.jsonl.gz``
(research use only: never copied into the project) and skips with a message without it.

    python bench/throughput.py [--articles 1000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "news-bench.jsonl.gz"


def load_articles(limit: int) -> list[dict]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= limit:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS.name} not found (it lives in ../shared/corpora)")
        return 0

    from tidings.clean import paragraph_spans, parse_view
    from tidings.ingest import article_from_dict
    from tidings.pipeline import Coder

    docs = load_articles(args.articles)
    articles = [article_from_dict(d) for d in docs]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    coder = Coder.load()
    load_seconds = time.perf_counter() - started
    nlp = coder.nlp

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    def bare_paragraphs() -> None:
        paras = []
        for text in texts:
            view = parse_view(text)
            paras.extend(view[s:e] for s, e in paragraph_spans(view))
        for _ in nlp.pipe(paras, batch_size=args.batch_size):
            pass

    events = 0

    def tidings() -> None:
        nonlocal events
        events = sum(
            len(found) for _, found in coder.code_many(articles, batch_size=args.batch_size)
        )

    timings: dict[str, list[float]] = {"spacy": [], "spacy-paragraphs": [], "tidings": []}
    for _ in range(args.rounds):
        for name, run in (
            ("spacy", bare),
            ("spacy-paragraphs", bare_paragraphs),
            ("tidings", tidings),
        ):
            t0 = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - t0)

    rates = {name: words / statistics.median(ts) for name, ts in timings.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles            {len(articles)}")
    print(f"words               {words}")
    print(f"coder load          {load_seconds:.1f} s")
    print(f"bare spaCy          {rates['spacy']:,.0f} words/s (whole texts)")
    paragraphs = rates["spacy-paragraphs"]
    print(f"bare spaCy          {paragraphs:,.0f} words/s (paragraphs, as tidings parses)")
    print(f"tidings code        {rates['tidings']:,.0f} words/s, {events} events")
    print(f"ratio tidings/spaCy {rates['tidings'] / rates['spacy']:.2f}")
    print(f"peak memory         {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
