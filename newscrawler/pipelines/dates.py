"""Fill ``published_at``/``updated_at`` from the item's raw date candidates.

The choice itself is :func:`newscrawler.text.dates.choose.choose_dates`; this
pipeline reads settings, calls it, writes the fields and counts stats.

Settings: ``DATES_ENABLED`` (default ``True``), ``DATES_MIN_YEAR`` (1990),
``DATES_FUTURE_SLACK_MINUTES`` (60: how far past the fetch time a stamp may be),
``DATES_DEFAULT_TIMEZONE`` (``Asia/Dhaka``, for items whose ``timezone`` is
empty or unknown). Values a spider already set are kept.

Stats: ``dates/parsed`` and ``dates/unparsed`` (items with and without a
published time), ``dates/no_candidates``, ``dates/from_meta`` (JSON-LD or meta
tags), ``dates/from_pagedata``, ``dates/from_time``, ``dates/from_text``,
``dates/updated``, ``dates/date_only`` (midnight used), ``dates/bad_timezone``,
and one ``dates/<reason>`` per refused candidate stamp (``rejected_bogus``,
``rejected_future``, ``rejected_too_old``, ``rejected_printed``,
``rejected_clock``, ``candidate_unparsed``), and ``dates/zone_mislabelled`` (a
machine value that was a visible stamp's wall time under a wrong offset).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawler.text.dates.choose import FINE, choose_dates
from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of

logger = logging.getLogger(__name__)

SOURCE_STATS = {"jsonld": "from_meta", "meta": "from_meta", "pagedata": "from_pagedata"}


class DatesPipeline:
    """Normalise the dates of every article (see the module docstring for settings)."""

    def __init__(
        self,
        stats: StatsCollector,
        *,
        min_year: int = 1990,
        slack: timedelta = timedelta(hours=1),
        default_tz: str = DEFAULT_TIMEZONE,
    ) -> None:
        zone_of(default_tz)  # fail early, naming the bad setting's value
        self.stats = stats
        self.min_year = min_year
        self.slack = slack
        self.default_tz = default_tz

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        settings = crawler.settings
        if not settings.getbool("DATES_ENABLED"):
            raise NotConfigured("date normalisation is off (DATES_ENABLED = False)")
        assert crawler.stats is not None
        default_tz = settings.get("DATES_DEFAULT_TIMEZONE")
        try:
            zone_of(default_tz)
        except ValueError as exc:
            raise ValueError(f"DATES_DEFAULT_TIMEZONE: {exc}") from None
        return cls(
            crawler.stats,
            min_year=settings.getint("DATES_MIN_YEAR"),
            slack=timedelta(minutes=settings.getfloat("DATES_FUTURE_SLACK_MINUTES")),
            default_tz=default_tz,
        )

    def _zone(self, name: Any) -> str:
        if isinstance(name, str) and name:
            try:
                zone_of(name)
                return name
            except ValueError:
                pass
        if name:
            self.stats.inc_value("dates/bad_timezone")
        return self.default_tz

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        candidates = adapter.get("date_candidates") or []
        if not candidates:
            self.stats.inc_value("dates/no_candidates")
        fetched = adapter.get("fetched_at")
        now = fetched if isinstance(fetched, datetime) and fetched.tzinfo else datetime.now(UTC)
        tz = self._zone(adapter.get("timezone"))
        choice = choose_dates(candidates, tz=tz, now=now, min_year=self.min_year, slack=self.slack)
        for reason, count in choice.counts.items():
            self.stats.inc_value(f"dates/{reason}", count)
        for kind, pick in (("published", choice.published), ("updated", choice.updated)):
            if pick is None or adapter.get(f"{kind}_at") is not None:
                continue
            adapter[f"{kind}_at"] = pick.value
            adapter[f"{kind}_raw"] = pick.raw
            if pick.precision not in FINE:
                self.stats.inc_value("dates/date_only")
        if choice.updated is not None:
            self.stats.inc_value("dates/updated")
        if adapter.get("published_at") is None:
            self.stats.inc_value("dates/unparsed")
            logger.debug("no publication date for %s", adapter.get("url"))
        else:
            self.stats.inc_value("dates/parsed")
            if choice.published is not None:
                source = choice.published.source
                self.stats.inc_value("dates/" + SOURCE_STATS.get(source, f"from_{source}"))
        return item
