"""An archive for the web tests: the sample site crawled for real, plus hostile rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newscrawler.samplesite.server import serve
from storage.db import open_archive
from storage.repository import upsert_articles
from tests.crawl_support import crawl

DHAKA = timezone(timedelta(hours=6))
SCRIPT_TITLE = '<script>alert("x")</script> ঢাকায় বৃষ্টির খবর'
HOSTILE_URL = "https://hostile.example/1"
REVISED_URL = "https://revised.example/1"
COPY_URL = "https://copy.example/1"
CLUSTER = "cluster-of-revised"


def extra_items() -> list[dict[str, Any]]:
    """A headline holding a script tag, and an article that is revised later."""
    base: dict[str, Any] = {
        "subtitle": None, "authors": ["নিজস্ব প্রতিবেদক"], "section": "জাতীয়", "tags": [],
        "updated_at": None, "published_raw": None, "language": "bn",
        "fetched_at": datetime(2026, 1, 1, tzinfo=UTC), "http_status": 200,
    }  # fmt: skip
    hostile = {
        **base, "url": HOSTILE_URL, "canonical_url": HOSTILE_URL, "site": "hostile.example",
        "title": SCRIPT_TITLE, "body": "বৃষ্টি <b>নামল</b> <img src=x onerror=alert(1)>\n\nশেষ",
        "published_at": datetime(2025, 6, 1, 10, 0, tzinfo=DHAKA),
    }  # fmt: skip
    revised = {
        **base, "url": REVISED_URL, "canonical_url": REVISED_URL, "site": "revised.example",
        "title": "বন্যার পূর্বাভাস", "body": "প্রথম অনুচ্ছেদ।\n\nপুরনো বাক্য।\n\nশেষ অনুচ্ছেদ।",
        "published_at": datetime(2025, 6, 2, 10, 0, tzinfo=DHAKA),
    }  # fmt: skip
    copy = {
        **revised, "url": COPY_URL, "canonical_url": COPY_URL, "site": "copy.example",
        "duplicate_of": REVISED_URL, "cluster_id": CLUSTER, "similarity": 0.9,
        # published later: the cluster's representative is its earliest article
        "published_at": datetime(2025, 6, 2, 14, 0, tzinfo=DHAKA),
    }  # fmt: skip
    return [hostile, {**revised, "cluster_id": CLUSTER}, copy]


def revised_item() -> dict[str, Any]:
    item = extra_items()[1]  # the same cluster, a changed body
    return {**item, "body": "প্রথম অনুচ্ছেদ।\n\nনতুন বাক্য।\n\nশেষ অনুচ্ছেদ।"}


@contextmanager
def crawled_archive(db_url: str, folder: Path) -> Iterator[str]:
    """Crawl the sample site into ``db_url``, add the extra rows, yield the URL."""
    with serve() as site:
        profile = site.write_profile(folder)
        crawl(profile, db_url, folder / "data")
    db = open_archive(db_url)
    try:
        with db.session() as session:
            upsert_articles(session, extra_items())
        with db.session() as session:
            upsert_articles(session, [revised_item()])
    finally:
        db.dispose()
    yield db_url
