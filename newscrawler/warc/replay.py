"""Run today's extraction and item pipelines over WARC records into the archive.

What ``reextract`` and ``import-warc`` share. A record becomes a Scrapy
response exactly as the crawl's spider saw it (same response class, same
charset detection), goes through the spider's own steps (bot-wall check,
article test, :func:`~newscrawler.crawling.offline.page_item`), is stamped with
its capture, and passes the crawl's item pipelines (dedupe included, storage
excluded); :class:`ArchiveSink` then stores it in batches, one crawl run per
command. Memory stays constant: one record and one batch at a time.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itemadapter import ItemAdapter
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawler.crawling.offline import offline_pipelines, page_item, run_pipelines
from newscrawler.discover.listing import is_article_url
from newscrawler.extract.response import page_text
from newscrawler.pipelines.storage import NOT_STORED
from newscrawler.profiles import SiteProfile, builtin_profiles, generic_profile
from newscrawler.text.language import is_bengali
from newscrawler.warc.capture import stamp
from newscrawler.warc.reader import Record
from storage.db import Database, open_archive
from storage.repository import finish_run, register_site, start_run, upsert_articles

logger = logging.getLogger(__name__)

# Response headers that describe the wire form, not the decoded body we hold.
WIRE_ONLY = {b"content-encoding", b"transfer-encoding", b"content-length"}
STORED = {"inserted": "added", "revised": "changed", "unchanged": "unchanged"}
INVISIBLE_RE = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
TAG_RE = re.compile(r"<[^>]*>")


def visible_text(html: str) -> str:
    """The text a reader sees, roughly: no scripts, styles, comments or tags.

    >>> visible_text("<p>ঢাকা<script>var x = 'Dhaka';</script></p>").strip()
    'ঢাকা'
    """
    return TAG_RE.sub(" ", INVISIBLE_RE.sub(" ", html))


def is_language(html: str, language: str) -> bool:
    """Whether a page's visible text is in ``language`` (only ``bn`` is known)."""
    if language != "bn":
        raise ValueError(f"unknown language {language!r}: only 'bn' is supported")
    return is_bengali(visible_text(html))


def to_response(record: Record) -> Response:
    """The response the spider would have been given for this record."""
    headers = Headers()
    for name, value in record.headers:
        if name.lower().encode() not in WIRE_ONLY:
            headers.appendlist(name, value)
    cls = responsetypes.from_args(headers=headers, url=record.url, body=record.body)
    return cls(url=record.url, status=record.status, headers=headers, body=record.body)


class Profiles:
    """Which site profile reads a record: one given by the user, the site the crawl
    recorded, a shipped profile for the host, else a generic one."""

    def __init__(self, given: list[SiteProfile] | None = None) -> None:
        self.given = given or []
        self.shipped = builtin_profiles()
        self.generic: dict[str, SiteProfile] = {}

    def __call__(self, record: Record) -> SiteProfile:
        for profile in self.given:
            if profile.allows(record.url) or profile.name == record.site:
                return profile
        if record.site in self.shipped:
            return self.shipped[record.site]
        for profile in self.shipped.values():
            if profile.allows(record.url):
                return profile
        home = record.url.split("/", 3)[:3]
        key = "/".join(home) + "/"
        if key not in self.generic:
            self.generic[key] = generic_profile(key)
        return self.generic[key]


@dataclass
class Extracted:
    """A record's item, or why it has none, and the profile that read it."""

    item: Any
    reason: str | None
    profile: SiteProfile | None = None


@dataclass
class Extractor:
    """Records in, cleaned items (or the reason there is none) out."""

    db_url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    profiles: Profiles = field(default_factory=Profiles)
    # An extra test a page's text must pass (import: is it Bengali?), with its drop reason.
    accept: Callable[[str], bool] | None = None
    reject_reason: str = "filtered"

    def __post_init__(self) -> None:
        settings = {**self.overrides, "STORAGE_DB_URL": self.db_url}
        self.pipelines, self.stats = offline_pipelines(settings, exclude=("StoragePipeline",))
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()

    def close(self) -> None:
        for pipeline in self.pipelines:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()

    def extract(self, record: Record) -> Extracted:
        """The stored-to-be item of a record, or ``None`` and a slash-named drop reason."""
        if not 200 <= record.status < 300:
            return Extracted(None, f"status_{record.status // 100}xx")
        response = to_response(record)
        if not isinstance(response, TextResponse):
            return Extracted(None, "not_html")
        html = page_text(response.body, response.text, response.encoding)
        if self.accept is not None and not self.accept(html):
            return Extracted(None, self.reject_reason)
        profile = self.profiles(record)
        if record.kind not in (None, "article") and not is_article_url(record.url, profile=profile):
            return Extracted(None, "listing", profile)
        item, reason = page_item(html, record.url, profile, record.status)
        if item is None:
            return Extracted(None, (reason or "not_article").split(":", 1)[0], profile)
        stamp(item, record.capture)
        cleaned, dropped = run_pipelines(item, self.pipelines)
        if cleaned is None:
            return Extracted(None, drop_reason(dropped), profile)
        return Extracted(cleaned, None, profile)


def drop_reason(message: str | None) -> str:
    """A pipeline's drop message as a short reason.

    >>> drop_reason("not_bengali: 12% Bengali letters")
    'not_bengali'
    """
    return (message or "dropped").split(":", 1)[0].strip().replace(" ", "_")


class ArchiveSink:
    """Store items in batches under one crawl run; count what became of each."""

    def __init__(
        self, db_url: str, kind: str, options: dict[str, Any], batch_size: int = 500
    ) -> None:
        self.db: Database = open_archive(db_url)
        self.kind = kind
        self.batch_size = batch_size
        self.buffer: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()
        self.sites: set[str] = set()
        with self.db.session() as session:
            self.run_id = start_run(session, options.get("site"), options)

    def add(self, item: Any, profile: SiteProfile | None = None) -> None:
        record = dict(ItemAdapter(item))
        for name in NOT_STORED:
            record.pop(name, None)
        if profile is not None and profile.name not in self.sites:
            self.sites.add(profile.name)
            with self.db.session() as session:
                register_site(session, profile.name, profile.home_url, profile.timezone)
        self.buffer.append(record)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        with self.db.session() as session:
            outcomes = upsert_articles(session, batch, self.run_id, revision_kind=self.kind)
        self.counts.update(STORED[o.status] for o in outcomes)

    def close(self, stats: dict[str, Any], status: str = "finished") -> None:
        self.flush()
        final = {**stats, **{f"storage/{k}": v for k, v in self.counts.items()}}
        with self.db.session() as session:
            finish_run(session, self.run_id, status, final)
        self.db.dispose()


def summary_line(verb: str, counts: Counter[str]) -> str:
    """One line: pages read, changed, added, unchanged, dropped by reason, damaged.

    >>> summary_line("reextract", Counter({"pages": 3, "added": 1, "dropped/listing": 2}))
    'reextract: 3 pages read, 0 changed, 1 added, 0 unchanged, 2 dropped (listing 2)'
    """
    dropped = {k.removeprefix("dropped/"): v for k, v in counts.items() if k.startswith("dropped/")}
    damaged = sum(v for k, v in counts.items() if k.startswith("damaged/"))
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items(), key=lambda kv: -kv[1]))
    line = (
        f"{verb}: {counts['pages']} pages read, {counts['changed']} changed, "
        f"{counts['added']} added, {counts['unchanged']} unchanged, "
        f"{sum(dropped.values())} dropped" + (f" ({reasons})" if reasons else "")
    )
    if damaged:
        line += f", {damaged} damaged records skipped"
    return line
