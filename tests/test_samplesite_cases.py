"""The sample site's extraction cases (``/cases/``): each category of miss, extracted right."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest

from newscrawler.extract import Extracted, extract_article
from newscrawler.samplesite.cases import CASES, expected_cases
from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.routes import route
from newscrawler.samplesite.site import SampleSite
from newscrawler.samplesite.tpl_nextjs import ACCOUNT
from newscrawler.text.dates.choose import choose_dates

BASE = "http://127.0.0.1:8123"
SITE = SampleSite(count=8)
ROWS = expected_cases(SITE.seed, BASE)


def same(text: str | None) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def page(row: dict[str, Any]) -> str:
    reply = route(Ctx(SITE, BASE), row["url"][len(BASE) :])
    assert reply.status == 200
    return reply.body.decode("utf-8")


def extracted(row: dict[str, Any]) -> Extracted:
    found = extract_article(page(row), row["url"])
    assert found is not None, f"{row['case']}: refused as not an article"
    return found


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['case']}-{r['url'][-6:]}")
def test_case_fields(row: dict[str, Any]) -> None:
    found = extracted(row)
    paragraphs = (found.body or "").split("\n\n")
    assert same(found.title) == same(row["title"])
    assert [same(p) for p in paragraphs[:1]] == [same(row["first_paragraph"])]
    assert same(paragraphs[-1]) == same(row["last_paragraph"])
    assert len(paragraphs) == row["paragraph_count"]
    assert found.authors == row["authors"]
    assert same(found.section) == same(row["section"])
    choice = choose_dates(found.date_candidates, now=datetime.now(UTC))
    assert choice.published is not None
    assert choice.published.value.isoformat() == row["published"]


def test_every_case_is_served_and_indexed() -> None:
    index = route(Ctx(SITE, BASE), "/cases/").body.decode("utf-8")
    assert {r["case"] for r in ROWS} == {c.name for c in CASES}
    assert all(r["url"] in index for r in ROWS)
    assert route(Ctx(SITE, BASE), "/cases/nothing-here").status == 404


def test_short_wordpress_item_is_short_and_has_no_jsonld() -> None:
    for row in (r for r in ROWS if r["case"] == "shortwp"):
        html = page(row)
        assert "ld+json" not in html
        assert len(same(row["first_paragraph"]) + same(row["last_paragraph"])) < 500


def test_uploader_account_is_not_a_byline() -> None:
    for row in (r for r in ROWS if r["case"] == "nextjs"):
        assert ACCOUNT in page(row)
        assert ACCOUNT not in extracted(row).authors


def test_related_records_come_first_in_page_data() -> None:
    for row in (r for r in ROWS if r["case"] == "nextjs"):
        html = page(row)
        story_at = html.index(f'"headline": "{row["title"]}"', html.index("__NEXT_DATA__"))
        assert html.index('"creationTime"', html.index("__NEXT_DATA__")) < story_at
