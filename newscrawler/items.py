"""The item every spider yields and every pipeline reads.

One flat dataclass, read and written through ``ItemAdapter`` by pipelines. The
field names are the archive's column names and the export's header, so a
researcher sees the same word everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from newscrawler.text.zones import DEFAULT_TIMEZONE


class DateCandidate(TypedDict):
    """One raw date string found on a page, before normalisation.

    ``source`` says where it was found, in falling order of trust: ``jsonld``,
    ``meta`` (OpenGraph/``article:*``/itemprop), ``pagedata`` (``__NEXT_DATA__``
    and similar scripts), ``time`` (a ``<time datetime>`` attribute), ``text``
    (the visible dateline near the headline). ``kind`` is ``published``,
    ``updated`` or ``unknown`` (the dates pipeline decides from labels).
    """

    source: str
    kind: str
    value: str


@dataclass
class ArticleItem:
    """A news article as extracted from one page.

    ``body`` holds paragraphs separated by one blank line. Datetimes are
    time-zone aware. Fields after ``http_status`` are filled by pipelines.
    """

    url: str
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    subtitle: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    published_raw: str | None = None
    updated_raw: str | None = None
    date_candidates: list[DateCandidate] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None
    fetched_at: datetime | None = None
    http_status: int | None = None
    timezone: str = DEFAULT_TIMEZONE
    # Filled by pipelines.
    content_hash: str | None = None
    word_count: int | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    cluster_id: str | None = None
    # The WARC response record the article was extracted from (WARC capture only).
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
