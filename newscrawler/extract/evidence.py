"""Is this page an article? Decided from all the evidence, not from a character count.

A short item on a small portal (two paragraphs, 450 characters) is an article when
the page says so in several independent ways: ``og:type=article``, article meta
dates, a ``<time>`` or dated line by the headline, a single-post body class, an
article-shaped URL, one text block dominating the page, a JSON-LD article object,
a structured copy of the text agreeing with the visible one. Card pages are
refused whatever they claim (some listings say ``og:type=article``): cut
summaries or as many headline links as paragraphs, a list container, link-heavy
text, several JSON-LD article objects.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

# Body classes of a single post/article view (WordPress ``single-post``, ``postid-12``).
SINGLE_CLASS_RE = re.compile(
    r"^(?:single|single-post|single-format-\w+|postid-\d+|post-template-\w+|article-page|"
    r"news-details?|details-page|article|story-page|node-type-article)$"
)
# A path segment that is an id (digits, or a long mixed token) or a slug of several words.
ID_SEGMENT_RE = re.compile(r"^(?:\d{4,}|[0-9a-z]{8,}\d[0-9a-z]*|[0-9a-f]{10,})(?:\.\w+)?$", re.I)
SLUG_SEGMENT_RE = re.compile(r"^[^/]+(?:-[^/-]+){2,}$")
DECLARES_ARTICLE_RE = re.compile(
    r"article:published_time|itemprop=[\"']?datePublished|\"@type\"\s*:\s*\"(?:News|Blog)?(?:Article|Posting)\"",
    re.I,
)
DECLARE_WINDOW = 200_000
MIN_CHARS = 500  # plenty of text alone, with two paragraphs, still makes an article
MIN_EVIDENCED_CHARS = 120  # the least text an evidenced article may have
ENOUGH_EVIDENCE = 3
STRONG_EVIDENCE = 5
OVERRULED = frozenset({"cards", "links"})
# Signals a listing page does not give; at least one is needed besides the text.
PAGE_LEVEL = frozenset(
    {"jsonld article", "article date", "single-post body", "article url",
     "agrees with structured text"}
)  # fmt: skip


@dataclass
class Evidence:
    """Signals for and against a page being one article, with their names (for debugging)."""

    points: int = 0
    reasons: list[str] = field(default_factory=list)
    veto: str | None = None

    def add(self, reason: str, points: int = 1) -> None:
        self.points += points
        self.reasons.append(reason)


def article_url(url: str) -> bool:
    """Whether a URL is shaped like one story's: an id or a several-word slug, not a section.

    >>> article_url("https://x.com/national/2023/03/20/868881"), article_url("https://x.com/national")
    (True, False)
    >>> article_url("https://x.com/bangladesh/6suuafru01"), article_url("https://x.com/ঢাকায়-আজ-বৃষ্টি")
    (True, True)
    """
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    if not segments:
        return False
    last = segments[-1]
    return bool(ID_SEGMENT_RE.match(last) or SLUG_SEGMENT_RE.match(last)) or (
        len(segments) >= 2 and bool(ID_SEGMENT_RE.match(segments[-2]))
    )


def single_post_body(classes: str) -> bool:
    """Whether ``<body class>`` names a single article view.

    >>> single_post_body("single single-post postid-12"), single_post_body("home")
    (True, False)
    """
    return any(SINGLE_CLASS_RE.match(t) for t in classes.lower().split())


def declares_article(html: str) -> bool:
    """A cheap look at a page's markup: does it declare itself one article?

    ``article:published_time``, an ``itemprop`` publication date, or a JSON-LD
    article type in the first 200 kB. Lets a crawler try extraction on a page
    whose URL does not look like an article's (the extractor still decides).

    >>> declares_article('<meta property="article:published_time" content="2026-01-01">')
    True
    >>> declares_article('<script type="application/ld+json">{"@type": "NewsArticle"}</script>')
    True
    >>> declares_article('<meta property="og:type" content="article">')
    False
    """
    return bool(DECLARES_ARTICLE_RE.search(html, 0, DECLARE_WINDOW))


def decide(evidence: Evidence, chars: int, paragraphs: int) -> bool:
    """The verdict: vetoes refuse; plenty of text or enough evidence accepts.

    A card-like or link-heavy wrapper is overruled by strong page-level evidence
    (an older template whose reader comments, each under a linked name, share the
    story's wrapper); several article objects or a list container never are.
    """
    strong = evidence.points >= STRONG_EVIDENCE and bool(set(evidence.reasons) & PAGE_LEVEL)
    if evidence.veto is not None and not (strong and evidence.veto in OVERRULED):
        return False
    if chars >= MIN_CHARS and paragraphs >= 2:
        return True
    if not set(evidence.reasons) & PAGE_LEVEL:
        return False  # headlines, dates and og:type alone: listings have them too
    return chars >= MIN_EVIDENCED_CHARS and evidence.points >= ENOUGH_EVIDENCE
