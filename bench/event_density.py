"""Events per 1,000 words by type on real news: a check that no type floods the output.

Codes the first ``--articles`` (200) articles of ``../shared/corpora/news-bench.jsonl.gz``
(research use only: read in place, never copied into the project) and prints, per PLOVER
type, the events found, events per 1,000 words, and the type's share of all events. A type
above 30% of all events is flagged.

    python bench/event_density.py [--articles 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "news-bench.jsonl.gz"
FLOOD_SHARE = 0.30


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS.name} not found (it lives in ../shared/corpora)")
        return 0

    from tidings.ingest import article_from_dict
    from tidings.pipeline import Coder

    articles = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            articles.append(article_from_dict(json.loads(line)))
            if len(articles) >= args.articles:
                break
    words = sum(len(a.text.split()) for a in articles)
    coder = Coder.load()
    by_type: Counter[str] = Counter()
    for _, events in coder.code_many(articles):
        by_type.update(e.type for e in events)
    total = sum(by_type.values())
    print(
        f"{len(articles)} articles, {words:,} words, {total} events "
        f"({1000 * total / words:.2f} per 1,000 words)\n"
    )
    print(f"{'type':<10}{'events':>8}{'per 1k words':>14}{'share':>8}")
    for kind, count in by_type.most_common():
        share = count / total
        flag = "  <- above 30%" if share > FLOOD_SHARE else ""
        print(f"{kind:<10}{count:>8}{1000 * count / words:>14.2f}{share:>8.1%}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
