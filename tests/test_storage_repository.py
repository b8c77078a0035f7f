"""Upsert outcomes, revisions, duplicates, filters and crawl runs, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import Article, ArticleRevision, CrawlRun
from storage.repository import (
    ArticleFilter,
    count,
    finish_run,
    iter_articles,
    iter_runs,
    start_run,
    upsert_articles,
)
from storage.upsert import diff_size
from tests.storage_support import DHAKA, db, db_url, make_item

__all__ = ["db", "db_url"]


def store(db: Database, items: list[dict[str, object]], run_id: int | None = None) -> list[str]:
    with db.session() as session:
        return [o.status for o in upsert_articles(session, items, run_id)]


def test_upsert_is_idempotent_and_records_revisions(db: Database) -> None:
    assert store(db, [make_item(1), make_item(2)]) == ["inserted", "inserted"]
    with db.read_session() as session:
        first_seen = session.scalars(select(Article.last_seen_at)).all()
    assert store(db, [make_item(1), make_item(2, body="সম্পাদিত নতুন লেখা")]) == [
        "unchanged",
        "revised",
    ]
    with db.read_session() as session:
        assert count(session) == 2
        articles = session.scalars(select(Article).order_by(Article.id)).all()
        assert articles[1].body == "সম্পাদিত নতুন লেখা"
        assert all(a.last_seen_at > seen for a, seen in zip(articles, first_seen, strict=True))
        assert articles[0].first_seen_at == first_seen[0]
        revision = session.scalars(select(ArticleRevision)).one()
        assert revision.article_id == articles[1].id
        assert revision.old_body == make_item(2)["body"]
        assert revision.diff_chars > 0


def test_repeated_url_inside_one_batch(db: Database) -> None:
    statuses = store(db, [make_item(1), make_item(1), make_item(1, body="বদলানো")])
    assert statuses == ["inserted", "unchanged", "revised"]


def test_url_is_the_key_when_there_is_no_canonical_url(db: Database) -> None:
    item = make_item(3, canonical_url=None)
    assert store(db, [item, item]) == ["inserted", "unchanged"]


def test_dates_keep_their_original_offset(db: Database) -> None:
    store(db, [make_item(1)])
    with db.read_session() as session:
        row = next(iter_articles(session, columns=["published_at", "fetched_at", "authors"]))
        stored = session.scalars(select(Article.published_at)).one()
    assert row["published_at"] == make_item(1)["published_at"]
    assert row["published_at"].utcoffset() == DHAKA.utcoffset(None)
    assert stored.tzinfo is not None and stored.utcoffset().total_seconds() == 0
    assert row["authors"] == ["নিজস্ব প্রতিবেদক"]


def test_near_duplicates_point_at_their_original(db: Database) -> None:
    original = make_item(1)
    copy = make_item(2, site="other.com", duplicate_of=original["canonical_url"], similarity=0.9)
    store(db, [original, copy])
    with db.read_session() as session:
        assert count(session) == 1
        assert count(session, ArticleFilter(include_duplicates=True)) == 2
        rows = list(iter_articles(session, ArticleFilter(include_duplicates=True)))
    assert [r["duplicate_of"] for r in rows] == [None, original["canonical_url"]]
    assert rows[1]["site"] == "other.com"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ArticleFilter(), [0, 1, 2, 3]),
        (ArticleFilter(site="b.com"), [2, 3]),
        (ArticleFilter(since=datetime(2024, 5, 3, tzinfo=UTC)), [2, 3]),
        (ArticleFilter(until=datetime(2024, 5, 3, tzinfo=UTC)), [0, 1]),
        (ArticleFilter(query="খবর"), [0, 1, 2, 3]),
    ],
)
def test_filters(db: Database, filters: ArticleFilter, expected: list[int]) -> None:
    items = [make_item(n, site="a.com" if n < 2 else "b.com") for n in range(4)]
    store(db, items)
    with db.read_session() as session:
        urls = [r["canonical_url"] for r in iter_articles(session, filters, ["canonical_url"])]
        assert count(session, filters) == len(expected)
    assert urls == [items[n]["canonical_url"] for n in expected]


def test_crawl_runs(db: Database) -> None:
    with db.session() as session:
        run_id = start_run(session, "a.com", {"max_articles": 5})
    store(db, [make_item(1)], run_id)
    stats = {
        "storage/inserted": 1,
        "storage/revised": 2,
        "response_received_count": 9,
        "validate/dropped/short_body": 4,
        "item_dropped_reasons_count/DropItem": 4,
        "start_time": datetime(2024, 1, 1, tzinfo=UTC),
    }
    with db.session() as session:
        finish_run(session, run_id, "finished", stats)
    with db.read_session() as session:
        run = next(iter_runs(session, site="a.com"))
        assert (run.status, run.pages_fetched, run.articles_stored, run.revisions) == (
            "finished",
            9,
            3,
            2,
        )
        assert run.dropped == {"validate/dropped/short_body": 4}
        assert run.stats["start_time"] == "2024-01-01T00:00:00+00:00"
        assert session.scalars(select(Article.crawl_run_id)).one() == run_id
        assert list(iter_runs(session, site="nobody")) == []
        assert session.get(CrawlRun, run_id) is not None


def test_unknown_run_status_is_refused(db: Database) -> None:
    with db.session() as session:
        run_id = start_run(session, "a.com")
        with pytest.raises(ValueError, match="unknown run status"):
            finish_run(session, run_id, "done")


@pytest.mark.parametrize(
    ("old", "new", "size"),
    [("এক\n\nদুই", "এক\n\nদুই", 0), ("এক", "এক\n\nদুই", 3), (None, "ক", 1)],
)
def test_diff_size(old: str | None, new: str | None, size: int) -> None:
    assert diff_size(old, new) == size
