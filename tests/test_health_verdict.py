"""Health verdicts on synthetic histories: a break fails, noise does not, recovery is ok."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newscrawler.health.figures import SiteFigures
from newscrawler.health.verdict import RunFigures, Thresholds, judge

START = datetime(2026, 1, 1, tzinfo=UTC)


def run(
    n: int,
    articles: int = 20,
    published: float = 1.0,
    median: float = 2400.0,
    blocked: float = 0.0,
    hours: float = 6.0,
) -> RunFigures:
    shares = {"title": 1.0, "body": 1.0, "authors": 0.9, "section": 1.0, "published": published}
    figures = SiteFigures(
        "site", pages=articles + 5, articles=articles, shares=shares,
        median_body_chars=median, dropped_share={"blocked": blocked} if blocked else {},
    )  # fmt: skip
    return RunFigures(n, START + timedelta(hours=hours * n), "finished", figures)


def good(count: int) -> list[RunFigures]:
    return [run(n) for n in range(count)]


def test_steady_site_is_ok() -> None:
    history = good(10)
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "ok", verdict.reasons


def test_lost_dates_fail_with_the_reason_in_words() -> None:
    history = [*good(14), run(14, published=0.12)]
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "fail"
    assert "published date on 12% of articles, was 100% (last 14 runs)" in verdict.reasons


def test_short_bodies_and_challenges_fail() -> None:
    history = [*good(8), run(8, median=300.0, blocked=0.5)]
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "fail"
    assert any("median body 300 characters, was 2400" in r for r in verdict.reasons)
    assert any("blocked or challenge pages: 50% of pages" in r for r in verdict.reasons)


@pytest.mark.parametrize(
    "noisy",
    [
        run(9, published=0.95, median=2000.0),  # a few short or undated pages
        run(9, articles=3, published=0.0),  # too few articles to judge
        run(9, blocked=0.05),  # one blocked page
    ],
)
def test_noise_does_not_trip(noisy: RunFigures) -> None:
    history = [*good(9), noisy]
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "ok", verdict.reasons


def test_one_bad_run_does_not_move_the_baseline() -> None:
    history = [*good(6), run(6, published=0.0), *[run(n) for n in range(7, 10)]]
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "ok"


def test_no_baseline_yet_is_ok() -> None:
    history = [run(0), run(1, published=0.0)]
    verdict = judge("site", history, Thresholds(), history[-1].started_at)
    assert verdict.level == "ok"
    assert "no baseline yet" in verdict.checks[0].reason


def test_stale_site_is_flagged() -> None:
    history = good(10)
    now = history[-1].started_at + timedelta(days=1.5)
    verdict = judge("site", history, Thresholds(), now)
    assert verdict.level == "warn"
    assert "no new articles for 1.5 days, usually every 6.0 hours" in verdict.reasons
    later = judge("site", history, Thresholds(), history[-1].started_at + timedelta(days=3))
    assert later.level == "fail"


def test_thresholds_per_site() -> None:
    history = [*good(8), run(8, published=0.8)]
    at = history[-1].started_at
    assert judge("site", history, Thresholds(), at).level == "warn"
    lenient = Thresholds.from_mapping({"warn_drop": 0.3}, source="test")
    assert judge("site", history, lenient, at).level == "ok"


@pytest.mark.parametrize(
    ("values", "message"),
    [({"nope": 1}, "unknown health setting 'nope'"), ({"window": "x"}, "must be a number")],
)
def test_bad_thresholds(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Thresholds.from_mapping(values, source="test")
