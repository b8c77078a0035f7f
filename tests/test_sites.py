"""Shipped site profiles of real sites, checked against the saved real pages."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from newscrawler.crawling.offline import process_page
from newscrawler.discover.listing import listing_links
from newscrawler.profiles import builtin_profiles, profile_for


def corpus_rows(corpus: Path) -> list[dict[str, Any]]:
    lines = (corpus / "expected.jsonl").read_text("utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["domain"] and r["kind"] != "block"]


def read(corpus: Path, name: str) -> str:
    return (corpus / name).read_bytes().decode("utf-8-sig")


def test_every_real_site_in_the_corpus_has_a_profile(corpus_dir: Path) -> None:
    for row in corpus_rows(corpus_dir):
        url = row.get("url") or row.get("page_url") or f"https://{row['domain']}/"
        profile = profile_for(url)
        assert profile.name in builtin_profiles(), row["file"]
        assert profile.timezone == "Asia/Dhaka"


def test_listing_pages_give_the_expected_links_with_the_profile(corpus_dir: Path) -> None:
    for row in (r for r in corpus_rows(corpus_dir) if r["kind"] == "listing"):
        profile = profile_for(row["page_url"])
        links = listing_links(read(corpus_dir, row["file"]), row["page_url"], profile=profile)
        assert len(links.articles) == row["article_links"], row["file"]


def test_articles_extract_with_the_profile(corpus_dir: Path) -> None:
    def norm(s: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", s or "").split())

    for row in (r for r in corpus_rows(corpus_dir) if r["kind"] == "article"):
        profile = profile_for(row["url"])
        outcome = process_page(read(corpus_dir, row["file"]), row["url"], profile)
        assert outcome.item is not None, row["file"]
        assert norm(outcome.item.title) == norm(row["title"])
        assert outcome.item.site == profile.name


@pytest.mark.parametrize("name", sorted(builtin_profiles()))
def test_profile_names_crawl_by_name(name: str) -> None:
    profile = profile_for(name)
    assert profile.allows(profile.home_url)
