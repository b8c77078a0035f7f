"""A duplicate cluster's representative does not depend on arrival order or database (issue 10).

The earliest published member is shown; undated members come last; equal times
go to the smaller canonical URL; better evidence moves the representative.
Exports of the same articles stored in different orders, into SQLite and into
PostgreSQL, are byte for byte the same (bookkeeping columns aside).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from newscrawler.dedupe import Signer
from newscrawler.pipelines.dedupe import DedupePipeline
from storage.db import Database, open_archive
from storage.export import export
from storage.repository import ArticleFilter, default_columns, iter_articles, upsert_articles
from tests.storage_support import DHAKA, db, db_url, make_item

__all__ = ["db", "db_url"]

WIRE_BODY = (
    "রাজধানীতে আজ সকাল থেকে টানা বৃষ্টিতে বিভিন্ন সড়কে জলাবদ্ধতা তৈরি হয়েছে। অফিসগামী মানুষ "
    "দুর্ভোগে পড়েছেন।\n\nআবহাওয়া অধিদপ্তর জানিয়েছে, আগামী দুই দিন বৃষ্টি চলতে পারে। "
    "নগরবাসীকে সতর্ক থাকতে বলা হয়েছে।"
)
# Columns a crawl's timing sets (when it ran) or whose value names the cluster's first
# arrival; everything else must match.
TIMING_COLUMNS = {"fetched_at", "first_seen_at", "last_seen_at", "cluster_id", "similarity"}


def member(n: int, published: datetime | None, **extra: Any) -> dict[str, Any]:
    values = {"cluster_id": "c1", "published_at": published, "body": WIRE_BODY, **extra}
    return make_item(n, **values)


def representative(database: Database) -> str:
    with database.read_session() as session:
        rows = list(iter_articles(session, ArticleFilter(), ["canonical_url"]))
    assert len(rows) == 1
    return str(rows[0]["canonical_url"])


def stored(database: Database, items: list[dict[str, Any]]) -> None:
    with database.session() as session:
        upsert_articles(session, items)


ORIGINAL = member(1, None)  # the original, dated nowhere on its page
WIRE = member(2, datetime(2024, 3, 3, 20, 2, tzinfo=DHAKA))
LATER = member(3, datetime(2024, 3, 4, 9, 0, tzinfo=DHAKA))


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_earliest_published_is_shown_in_any_order(db: Database, order: tuple[int]) -> None:
    items = [ORIGINAL, WIRE, LATER]
    for i in order:  # one batch per item, as a crawl stores them
        stored(db, [items[i]])
    assert representative(db) == WIRE["canonical_url"]


def test_one_batch_in_any_order_gives_the_same(db: Database) -> None:
    stored(db, [LATER, ORIGINAL, WIRE])
    assert representative(db) == WIRE["canonical_url"]


def test_equal_times_go_to_the_smaller_url(db: Database) -> None:
    when = datetime(2024, 3, 3, 20, 2, tzinfo=DHAKA)
    b = member(5, when, canonical_url="https://b.example/5")
    a = member(6, when, canonical_url="https://a.example/6")
    stored(db, [b])
    stored(db, [a])
    assert representative(db) == "https://a.example/6"


def test_better_evidence_moves_the_representative(db: Database) -> None:
    stored(db, [WIRE, ORIGINAL])
    assert representative(db) == WIRE["canonical_url"]
    dated = member(1, datetime(2024, 3, 3, 14, 0, tzinfo=DHAKA), body=WIRE_BODY + "\n\nসংশোধিত")
    stored(db, [dated])  # a re-crawl of the original finds its date
    assert representative(db) == ORIGINAL["canonical_url"]


def test_every_member_points_at_the_representative(db: Database) -> None:
    stored(db, [LATER, ORIGINAL, WIRE])
    with db.read_session() as session:
        rows = list(
            iter_articles(
                session, ArticleFilter(include_duplicates=True), ["canonical_url", "duplicate_of"]
            )
        )
    links = {r["canonical_url"]: r["duplicate_of"] for r in rows}
    assert links == {
        WIRE["canonical_url"]: None,
        ORIGINAL["canonical_url"]: WIRE["canonical_url"],
        LATER["canonical_url"]: WIRE["canonical_url"],
    }


def crawl_items() -> list[dict[str, Any]]:
    """Articles of two sites: one story printed by three of them, and distinct stories."""
    items = [
        make_item(1, published_at=None, body=WIRE_BODY),
        make_item(2, canonical_url="https://b.example/2", site="b.example", body=WIRE_BODY),
        make_item(
            3,
            canonical_url="https://c.example/3",
            site="c.example",
            body=WIRE_BODY + "\n\n(বাসস)",
            published_at=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        ),
    ]
    items += [make_item(n, body=f"{n} নম্বর আলাদা খবর। " * (n + 3)) for n in range(4, 9)]
    return items


def crawl_into(url: str, order: list[int]) -> None:
    """Run the dedupe pipeline and the upsert over ``crawl_items`` in ``order``, one at a time."""
    stats = get_crawler().stats
    assert stats is not None
    pipeline = DedupePipeline(stats, Signer(), store="memory")
    pipeline.open_spider()
    items = crawl_items()
    database = open_archive(url)
    try:
        for i in order:
            item = pipeline.process_item(dict(items[i]))
            item["fetched_at"] = datetime(2024, 6, 1, tzinfo=UTC) + timedelta(minutes=i)
            stored(database, [item])
    finally:
        database.dispose()


def exported(url: str, out: Path, include_duplicates: bool) -> bytes:
    filters = ArticleFilter(include_duplicates=include_duplicates)
    columns = [c for c in default_columns(filters) if c not in TIMING_COLUMNS]
    database = open_archive(url)
    try:
        with database.read_session() as session:
            rows = sorted(
                iter_articles(session, filters, columns), key=lambda r: str(r["canonical_url"])
            )
            export(rows, "csv", out, columns)
    finally:
        database.dispose()
    return out.read_bytes()


@pytest.mark.parametrize("include_duplicates", [False, True])
def test_exports_agree_across_orders_and_databases(
    db_url: str, tmp_path: Path, include_duplicates: bool
) -> None:
    reference = tmp_path / "reference.sqlite"
    crawl_into(f"sqlite:///{reference}", list(range(8)))
    crawl_into(db_url, [7, 2, 5, 1, 0, 6, 3, 4])
    want = exported(f"sqlite:///{reference}", tmp_path / "want.csv", include_duplicates)
    got = exported(db_url, tmp_path / "got.csv", include_duplicates)
    assert got == want
    assert b"https://c.example/3" in want  # the earliest published copy is the one shown
    for copy in (b"https://b.example/2", b"/national/1?utm_source"):
        assert (copy in want) is include_duplicates


def test_election_repoints_only_members_that_point_elsewhere(db: Database) -> None:
    from sqlalchemy import text

    from storage.clusters import elect_representatives

    stored(db, [LATER, ORIGINAL, WIRE])
    with db.session() as session:
        assert elect_representatives(session, ["c1", None, "unknown"]) == 0
        later = text("UPDATE articles SET duplicate_of_id = NULL WHERE canonical_url = :u")
        session.execute(later, {"u": LATER["canonical_url"]})  # a stray pointer
        assert elect_representatives(session, ["c1"]) == 1
        assert elect_representatives(session, ["c1"]) == 0
    assert representative(db) == WIRE["canonical_url"]
