"""Incremental crawling: fetch only what is new or changed (the ``INCREMENTAL_*`` settings).

``middleware`` (downloader side: skips, conditional GET, back-off), ``spider``
(spider side: listing bounds, outcomes), ``failures`` (the failure log),
``freshness`` (pure decisions, no Scrapy and no database).
"""
