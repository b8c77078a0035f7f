"""On the saved real articles, the extractor's candidates give the hand-checked dates.

A date-only expectation (``YYYY-MM-DD``) is compared with the day in Bangladesh
time, as the corpus README says; ``null`` must stay ``None``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scrapy.utils.misc import build_from_crawler

from newscrawler.extract import extract_article
from newscrawler.items import ArticleItem
from newscrawler.pipelines.dates import DatesPipeline
from tests.corpus import ARTICLE_FILES as ARTICLES
from tests.scrapy_support import get_crawler

DHAKA = ZoneInfo("Asia/Dhaka")


def _same(got: datetime | None, expected: str | None) -> bool:
    if expected is None or got is None:
        return got is None and expected is None
    if len(expected) == 10:
        return got.astimezone(DHAKA).date().isoformat() == expected
    return got == datetime.fromisoformat(expected)


@pytest.mark.parametrize("name", ARTICLES)
def test_corpus_article_dates(corpus_dir: Path, name: str) -> None:
    rows = [
        json.loads(line) for line in (corpus_dir / "expected.jsonl").read_text("utf-8").splitlines()
    ]
    row = next(r for r in rows if r["file"] == name)
    html = (corpus_dir / name).read_bytes().decode("utf-8-sig", "replace")
    extracted = extract_article(html, row["url"] or f"https://example.invalid/{name}")
    candidates = extracted.date_candidates if extracted else []
    item = ArticleItem(
        url="u", date_candidates=candidates, fetched_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    build_from_crawler(DatesPipeline, get_crawler()).process_item(item)
    assert _same(item.published_at, row["published"]), candidates
    assert _same(item.updated_at, row["updated"]), candidates
