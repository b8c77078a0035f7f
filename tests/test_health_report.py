"""Prometheus output parses with prometheus_client's own parser."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from newscrawler.health.figures import SiteFigures
from newscrawler.health.report import prometheus, row
from newscrawler.health.verdict import Check, RunFigures, Verdict


def verdict(site: str, level: str) -> Verdict:
    figures = SiteFigures(
        site, pages=12, articles=10, shares={"published": 0.5, "body": 1.0},
        median_body_chars=1800.0, dropped_share={"blocked": 0.25},
    )  # fmt: skip
    latest = RunFigures(7, datetime(2026, 3, 1, tzinfo=UTC), "finished", figures)
    return Verdict(site, level, [Check("published", level, "published date on 50%")], latest, 9)


def test_prometheus_text_parses() -> None:
    text = prometheus([verdict("a", "fail"), verdict('we"ird\\site', "ok")])
    families = {f.name: f for f in text_string_to_metric_families(text)}
    health = {s.labels["site"]: s.value for s in families["newscrawler_site_health"].samples}
    assert health == {"a": 2.0, 'we"ird\\site': 0.0}
    shares = families["newscrawler_site_field_share"].samples
    assert {(s.labels["field"], s.value) for s in shares if s.labels["site"] == "a"} == {
        ("body", 1.0), ("published", 0.5),
    }  # fmt: skip


def test_row_says_why() -> None:
    data = row(verdict("a", "fail"))
    assert data["health"] == "fail" and data["why"] == "published date on 50%"
