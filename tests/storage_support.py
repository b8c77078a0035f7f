"""Fixtures and sample items shared by the storage tests (imported by them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from storage.db import open_archive
from tests.conftest import db, db_url

__all__ = ["DHAKA", "FILLER", "db", "db_url", "filled_archive", "make_item", "module_db_url"]

DHAKA = timezone(timedelta(hours=6))
# 30 distinct made-up words sharing no 3-character beginning with the tests' real words.
FILLER = [f"ক{c}ি" for c in "কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশস"]


def make_item(n: int, **overrides: Any) -> dict[str, Any]:
    """A plausible stored item, number ``n``."""
    item: dict[str, Any] = {
        "url": f"https://www.example-news.com.bd/national/{n}?utm_source=x",
        "canonical_url": f"https://www.example-news.com.bd/national/{n}",
        "site": "example-news.com.bd",
        "title": f"ঢাকায় বৃষ্টি, খবর {n}",
        "subtitle": None,
        "body": f'আজ ঢাকায় ভারী বৃষ্টি হয়েছে। খবর নম্বর {n}.\n\nদ্বিতীয়, "উদ্ধৃতি" অনুচ্ছেদ',
        "authors": ["নিজস্ব প্রতিবেদক"],
        "section": "জাতীয়",
        "tags": ["আবহাওয়া", "ঢাকা"],
        "published_at": datetime(2024, 5, 1, 10, 30, tzinfo=DHAKA) + timedelta(days=n),
        "updated_at": None,
        "published_raw": "১ মে ২০২৪, ১০:৩০",
        "language": "bn",
        "fetched_at": datetime(2024, 6, 1, tzinfo=UTC),
        "http_status": 200,
    }
    item.update(overrides)
    return item


def filled_archive(url: str) -> str:
    """Store a few articles on two sites (one a near duplicate) at ``url``; return ``url``."""
    items = [
        make_item(1, title="প্রেসিডেন্ট পুতিনের সফর", body="মস্কোতে পুতিন বললেন।\n\nদ্বিতীয়"),
        make_item(2, site="b.com", canonical_url="https://b.com/2", title="রাশিয়ার নির্বাচনে ভোট"),
        make_item(
            3,
            site="b.com",
            canonical_url="https://b.com/3",
            title="প্রেসিডেন্ট পুতিনের সফর",
            duplicate_of=make_item(1)["canonical_url"],
        ),
        make_item(4, published_at=None, title="তারিখ ছাড়া"),
    ]
    from storage.repository import upsert_articles

    database = open_archive(url)
    with database.session() as session:
        upsert_articles(session, items)
    database.dispose()
    return url


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like ``db_url`` but shared by a module's read-only tests (one database per backend)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('archive') / 'archive.sqlite'}"
        return
    from tests.conftest import fresh_pg_database

    with fresh_pg_database() as url:
        yield url
