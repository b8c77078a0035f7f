"""The notebook API: ``from storage import Archive``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from storage import Archive
from tests.storage_support import filled_archive, module_db_url

__all__ = ["module_db_url"]


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> Iterator[Archive]:
    with Archive(filled_archive(module_db_url)) as opened:
        yield opened


def test_count_articles_search(archive: Archive) -> None:
    assert archive.count() == 3
    assert archive.count(include_duplicates=True) == 4
    assert archive.count(site="b.com") == 1
    assert archive.count(since=date(2024, 5, 3)) == 1
    assert archive.count(until="2024-05-02") == 1
    assert archive.count(query="পুতিন") == 1
    titles = [a["title"] for a in archive.articles(site="b.com")]
    assert titles == ["রাশিয়ার নির্বাচনে ভোট"]
    hits = archive.search("রাশিয়া")
    assert hits[0]["title"] == "রাশিয়ার নির্বাচনে ভোট" and hits[0]["snippet"]


def test_to_pandas(archive: Archive) -> None:
    frame = archive.to_pandas(columns=["url", "title", "published_at"])
    assert list(frame.columns) == ["url", "title", "published_at"]
    assert len(frame) == 3
    assert str(frame["published_at"].dtype).startswith("datetime64")


def test_bad_date_says_what_to_write(archive: Archive) -> None:
    with pytest.raises(ValueError, match="2024-05-01"):
        archive.count(since="last week")
