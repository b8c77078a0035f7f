"""The crawl context: what one crawl's components share, in one explicit object.

The spider builds a :class:`CrawlContext` when it is created (the news spider
from its arguments) and keeps it as ``spider.context``; components reach it
with :func:`context_of` (given ``crawler.spider``, or the spider a signal
carries), never through other spider attributes. What each part reads and writes:

* ``site``, the site key the crawl run is recorded, locked and kept under
  (:func:`newscrawler.profiles.crawl_key`): read by the storage pipeline (the
  run's site) and the resume extension (which dead runs of the site to reap);
* ``profiles``: the storage pipeline registers their sites;
* ``window`` and ``max_articles``: the validate pipeline drops articles outside
  the window; the incremental middleware keeps per-page state only after an
  unbounded crawl;
* ``refresh``: the incremental middleware re-fetches stored articles;
* ``run_id``: written once by the storage pipeline when it opens the crawl run,
  read by the resume extension when the crawl closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy import Spider

from newscrawler.profiles import SiteProfile
from newscrawler.spiders.window import CrawlWindow


@dataclass
class CrawlContext:
    """One crawl's shared facts (see the module docstring for who reads what)."""

    site: str
    profiles: tuple[SiteProfile, ...] = ()
    window: CrawlWindow = field(default_factory=CrawlWindow)
    max_articles: int | None = None
    refresh: bool = False
    run_id: int | None = None

    @property
    def bounded(self) -> bool:
        """True when the crawl may leave pages unfetched on purpose (a window or a budget).

        >>> CrawlContext("a.com").bounded, CrawlContext("a.com", max_articles=5).bounded
        (False, True)
        """
        return self.max_articles is not None or not self.window.open


def context_of(spider: Spider) -> CrawlContext:
    """The crawl context of ``spider``.

    A spider that built none (any spider but ``news``) gets a plain one named
    after it, kept on the spider so that every component shares it.

    >>> context_of(Spider("other")).site
    'other'
    """
    context = spider.__dict__.get("context")
    if not isinstance(context, CrawlContext):
        context = CrawlContext(site=spider.name)
        spider.context = context  # type: ignore[attr-defined]
    return context
