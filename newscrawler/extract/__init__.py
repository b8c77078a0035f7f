"""The site-agnostic extraction cascade: one page's HTML to article fields.

:func:`extract_article` reads JSON-LD (:mod:`.jsonld`), then OpenGraph/meta
(:mod:`.meta`), then the visible headline, byline and dateline
(:mod:`.title`, :mod:`.byline`, :mod:`.dateline`), then the main text with a
Bengali-aware extractor (:mod:`.body`). It is pure (parsel/lxml, no Scrapy): a
page that is not an article gives ``None``; bad parts of a page (unreadable or
too deeply nested JSON-LD, NUL bytes) are skipped. An unexpected failure is
not "not an article": it raises :class:`ExtractionError`, which callers count.
Dates stay raw strings (``date_candidates``); the dates pipeline parses them.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from newscrawler.extract.article import build
from newscrawler.items import DateCandidate
from newscrawler.profiles import SiteProfile

logger = logging.getLogger(__name__)

__all__ = ["Extracted", "ExtractionError", "extract_article"]


class ExtractionError(Exception):
    """Extraction failed on a page; ``kind`` names the error (``RecursionError`` ...)."""

    def __init__(self, url: str, cause: BaseException) -> None:
        super().__init__(f"extraction failed on {url}: {type(cause).__name__}: {cause}")
        self.url = url
        self.kind = type(cause).__name__


@dataclass
class Extracted:
    """What one article page says about itself, before any cleaning pipeline."""

    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    date_candidates: list[DateCandidate] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None

    def item_fields(self) -> dict[str, Any]:
        """The fields under their :class:`newscrawler.items.ArticleItem` names.

        ``published_raw``/``updated_raw`` are the first raw candidate of each kind.

        >>> candidate = {"source": "meta", "kind": "published", "value": "2026-01-01"}
        >>> Extracted(title="ঢাকা", date_candidates=[candidate]).item_fields()["published_raw"]
        '2026-01-01'
        """
        fields = asdict(self)
        fields["published_raw"] = _first_value(self.date_candidates, "published")
        fields["updated_raw"] = _first_value(self.date_candidates, "updated")
        return fields


def _first_value(candidates: list[DateCandidate], kind: str) -> str | None:
    return next((c["value"] for c in candidates if c["kind"] == kind), None)


def extract_article(
    html: str, url: str, *, profile: SiteProfile | None = None, second_opinion: bool = True
) -> Extracted | None:
    """Extract an article from a page, or ``None`` when the page holds no article.

    ``profile.prefer`` (field → CSS selector) and ``profile.remove`` (CSS
    selectors) are honoured when given; a malformed selector raises ``ValueError``.
    ``second_opinion`` lets a thin body give way to trafilatura's view of where the
    story is (:mod:`newscrawler.extract.second`).

    >>> page = ("<html><head><title>ঢাকায় বৃষ্টি | সাইট</title></head><body><h1>ঢাকায় বৃষ্টি</h1>"
    ...         "<div><p>" + "রাজধানীতে আজ সকাল থেকে বৃষ্টি হচ্ছে। " * 12 + "</p>"
    ...         "<p>" + "আবহাওয়া অফিস বলছে, বৃষ্টি চলবে। " * 6 + "</p></div></body></html>")
    >>> found = extract_article(page, "https://example.com/news/1")
    >>> found.title, found.language, len(found.body.split("\\n\\n"))
    ('ঢাকায় বৃষ্টি', 'bn', 2)
    >>> extract_article("", "https://example.com/") is None
    True
    """
    if profile is not None:
        _check_selectors(profile)
    try:
        fields = build(html, url, profile, second_opinion)
    except Exception as exc:  # a bug or a pathological page: the caller counts it
        raise ExtractionError(url, exc) from exc
    return Extracted(**fields) if fields is not None else None


def _check_selectors(profile: SiteProfile) -> None:
    from cssselect import GenericTranslator, SelectorError

    translator = GenericTranslator()
    for name, css in [*profile.prefer.items(), *(("remove", c) for c in profile.remove)]:
        try:
            translator.css_to_xpath(css)
        except SelectorError as exc:
            raise ValueError(
                f"site profile {profile.name!r}: bad CSS selector for {name!r}: {css!r} ({exc})"
            ) from None
