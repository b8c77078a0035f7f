"""Generate a synthetic archive of Bengali articles for the storage benchmarks.

Articles have realistic lengths (150-700 words in 3-8 paragraphs), 20 sites
and publication dates spread over 5 years. Words are drawn from a Zipf-like
vocabulary of made-up Bengali words plus real news words (the search
benchmark's queries), each seen in several inflected forms.

    python bench/synthetic_archive.py --db /tmp/bench.sqlite --articles 200000

On PostgreSQL the articles are streamed with ``COPY`` and indexed for search in
one statement afterwards (the archive's own indexing SQL), which builds 200,000
articles in minutes rather than hours; SQLite goes through the pipeline's upsert.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

# Run from the repository root, not bench/ (bench/*.py must not shadow packages).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from storage.db import Database, dump_json, open_archive  # noqa: E402
from storage.repository import upsert_articles  # noqa: E402
from storage.search import PG_REINDEX, searchable  # noqa: E402
from storage.upsert import ensure_sites  # noqa: E402

CONSONANTS = [*"কখগঘচছজঝটঠডঢতথদধনপফবভমযরলশষসহ", "য়", "ড়", "ক্ষ", "প্র", "স্ত", "ন্ত"]
VOWEL_SIGNS = ["", "া", "ি", "ী", "ু", "ূ", "ে", "ৈ", "ো", "ৌ", "্র", "ং"]
NEWS_WORDS = [
    "পুতিন",
    "রাশিয়া",
    "নির্বাচন",
    "প্রধানমন্ত্রী",
    "সরকার",
    "বাজেট",
    "ঢাকা",
    "চট্টগ্রাম",
    "বন্যা",
    "বৃষ্টি",
    "আদালত",
    "পুলিশ",
    "শিক্ষা",
    "স্বাস্থ্য",
    "ডেঙ্গু",
    "করোনা",
    "অর্থনীতি",
    "ব্যাংক",
    "রপ্তানি",
    "পোশাক",
    "ক্রিকেট",
    "ফুটবল",
    "সাকিব",
    "মেট্রোরেল",
    "পদ্মা",
    "সেতু",
    "জ্বালানি",
    "বিদ্যুৎ",
    "গ্যাস",
    "চাল",
    "দাম",
    "মূল্যস্ফীতি",
    "রোহিঙ্গা",
    "মিয়ানমার",
    "ভারত",
    "চীন",
    "যুক্তরাষ্ট্র",
    "জাতিসংঘ",
    "সংসদ",
    "মন্ত্রী",
    "হাসপাতাল",
    "বিশ্ববিদ্যালয়",
    "পরীক্ষা",
    "কৃষি",
    "সড়ক",
    "দুর্ঘটনা",
    "আগুন",
    "ভূমিকম্প",
    "জলবায়ু",
    "নদী",
]
SUFFIXES = ["", "", "", "ের", "কে", "তে", "য়", "র", "রা", "দের", "ে"]
SITES = [f"site{n:02d}.example.com.bd" for n in range(20)]
START = datetime(2020, 1, 1, tzinfo=UTC)
DHAKA = timezone(timedelta(hours=6))


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        n = rng.choice((2, 2, 3, 3, 3, 4))
        words.add("".join(rng.choice(CONSONANTS) + rng.choice(VOWEL_SIGNS) for _ in range(n)))
    return sorted(words)


class Writer:
    """Random Bengali text with a Zipf-like word distribution."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        vocab = vocabulary(self.rng)
        self.words = vocab
        weights = [1.0 / (rank + 10) for rank in range(len(vocab))]
        self.cum_weights = list(itertools.accumulate(weights))

    def sentence(self) -> str:
        n = self.rng.randint(6, 16)
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=n)
        if self.rng.random() < 0.5:
            words[self.rng.randrange(n)] = self.rng.choice(NEWS_WORDS) + self.rng.choice(SUFFIXES)
        return " ".join(words) + "।"

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def article(self, n: int) -> dict[str, Any]:
        site = SITES[n % len(SITES)]
        published = START + timedelta(minutes=self.rng.randrange(5 * 365 * 24 * 60))
        body = "\n\n".join(self.paragraph() for _ in range(self.rng.randint(3, 8)))
        title = " ".join(self.sentence().split()[:7]).rstrip("।")
        return {
            "url": f"https://{site}/news/{n}",
            "canonical_url": f"https://{site}/news/{n}",
            "site": site,
            "title": title,
            "body": body,
            "authors": ["নিজস্ব প্রতিবেদক"],
            "section": self.rng.choice(["জাতীয়", "আন্তর্জাতিক", "খেলা", "অর্থনীতি"]),
            "tags": [self.rng.choice(NEWS_WORDS)],
            "published_at": published.astimezone(DHAKA),
            "language": "bn",
            "fetched_at": published + timedelta(hours=1),
            "http_status": 200,
            "word_count": len(body.split()),
            # Filled by the dedupe pipeline in a crawl; computed here the same way.
            "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        }

    def articles(self, count: int, start: int = 0) -> Iterator[dict[str, Any]]:
        for n in range(start, start + count):
            yield self.article(n)


# The articles columns the PostgreSQL loader fills, as the upsert would.
COPY_COLUMNS = (
    "site_id, published_at, published_offset_minutes, fetched_at, first_seen_at, "
    "last_seen_at, http_status, word_count, language, content_hash, section, "
    "canonical_url, url, authors, tags, title, body"
)


def copy_row(item: dict[str, Any], site_id: int, now: datetime) -> tuple[Any, ...]:
    """One ``articles`` row (``COPY_COLUMNS``) for a generated item."""
    for value in (item["title"], item["body"]):
        if searchable(value) != value:  # the index is built from the stored text in SQL
            raise SystemExit("generated text is not in normalised form: cannot COPY it")
    published = item["published_at"]
    return (
        site_id,
        published,
        int(published.utcoffset().total_seconds() // 60),
        item["fetched_at"],
        now,
        now,
        item["http_status"],
        item["word_count"],
        item["language"],
        item["content_hash"],
        item["section"],
        item["canonical_url"],
        item["url"],
        dump_json(item["authors"]),
        dump_json(item["tags"]),
        item["title"],
        item["body"],
    )


def load_postgresql(db: Database, writer: Writer, count: int) -> None:
    """COPY ``count`` articles, then index them all with the GIN indexes dropped meanwhile."""
    started = time.perf_counter()
    with db.session() as session:
        sites = ensure_sites(session, SITES)
    with db.session() as session:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        now = datetime.now(UTC)
        with cursor.copy(f"COPY articles ({COPY_COLUMNS}) FROM STDIN") as copy:
            for n, item in enumerate(writer.articles(count), 1):
                copy.write_row(copy_row(item, sites[item["site"]], now))
                if n % 20_000 == 0:
                    print(f"{n} articles copied, {n / (time.perf_counter() - started):.0f}/s")
    print(f"copied {count} articles in {time.perf_counter() - started:.1f} s", flush=True)
    with db.session() as session:
        reindex(session)
    # As autovacuum would in time (it may be off): statistics for the planner, hint bits
    # and the visibility map set once here rather than by the first searches.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) articles, articles_fts"))
    print(f"indexed for search in {time.perf_counter() - started:.1f} s in all")


def reindex(session: Session) -> None:
    """Fill ``articles_fts`` from ``articles``, building its GIN indexes once at the end."""
    indexes = session.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'articles_fts' AND indexdef LIKE '%USING gin%'"
        )
    ).all()
    for name, _ in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    session.execute(text(PG_REINDEX))
    for _, definition in indexes:
        session.execute(text(definition))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:///bench-archive.sqlite")
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    db = open_archive(args.db)
    writer = Writer()
    if db.dialect == "postgresql":
        load_postgresql(db, writer, args.articles)
        return
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    for n, item in enumerate(writer.articles(args.articles), 1):
        batch.append(item)
        if len(batch) == args.batch or n == args.articles:
            with db.session() as session:
                upsert_articles(session, batch)
            batch = []
        if n % 10_000 == 0:
            print(f"{n} articles, {n / (time.perf_counter() - started):.0f}/s", flush=True)
    print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
