"""A run's stats -> per-site health figures."""

from __future__ import annotations

from newscrawler.health.figures import figures, median_from_histogram


def test_figures_of_a_one_site_run() -> None:
    stats = {
        "health/s/pages": 30, "health/s/articles": 10,
        "health/s/with/title": 10, "health/s/with/body": 10, "health/s/with/authors": 4,
        "health/s/with/section": 9, "health/s/published/jsonld": 6, "health/s/published/text": 2,
        "health/s/body_chars/1917": 5, "health/s/body_chars/2300": 5,
        "health/s/missing/published/1": "http://x/1",
        "pages/dropped/blocked/cloudflare-managed-challenge": 3, "pages/failed/http_404": 2,
        "pages/dropped/max_articles": 7, "repeats/items": 10, "repeats/items_changed": 1,
    }  # fmt: skip
    found = figures(stats)["s"]
    assert found.articles == 10 and found.pages == 30
    assert found.shares == {
        "title": 1.0, "body": 1.0, "authors": 0.4, "section": 0.9, "published": 0.8,
    }  # fmt: skip
    assert found.published_from == {"jsonld": 0.6, "text": 0.2}
    assert found.median_body_chars == 1917.0
    assert found.dropped_share == {"blocked": 0.1, "http_error": round(2 / 30, 4)}
    assert "max_articles" not in found.dropped  # stopping early is not a drop
    assert found.repeats_share == 0.1
    assert found.examples == {"published": ["http://x/1"]}


def test_two_sites_keep_their_own_counts() -> None:
    stats = {"health/a/articles": 2, "health/b/articles": 3, "pages/failed/http_404": 9}
    found = figures(stats)
    assert (found["a"].articles, found["b"].articles) == (2, 3)
    assert not found["a"].dropped and not found["b"].dropped  # not attributable


def test_median_of_empty_histogram() -> None:
    assert median_from_histogram({}) is None
