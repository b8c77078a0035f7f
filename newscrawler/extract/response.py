"""From one page's HTML to an :class:`ArticleItem`, as the spider and ``extract`` both do."""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

from newscrawler.extract import extract_article
from newscrawler.items import ArticleItem
from newscrawler.profiles import SiteProfile
from newscrawler.text.urls import choose_canonical

# Declared charsets that old Bengali portals wrongly give to UTF-8 pages.
LATIN_CHARSETS = frozenset({"cp1252", "iso8859-1", "latin-1"})
BENGALI_RE = re.compile("[\u0980-\u09ff]")


def page_text(body: bytes, decoded: str, encoding: str) -> str:
    """The page's text: ``decoded`` (as its charset said), unless that charset is a
    Latin one while the bytes are valid UTF-8 holding Bengali; then the UTF-8 reading.

    >>> raw = "বাংলা".encode()
    >>> page_text(raw, raw.decode("cp1252", errors="replace"), "cp1252")
    'বাংলা'
    >>> page_text(b"caf\\xe9", "café", "cp1252")
    'café'
    """
    try:
        if codecs.lookup(encoding).name not in LATIN_CHARSETS:
            return decoded
        utf8 = body.decode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return decoded
    return utf8 if BENGALI_RE.search(utf8) else decoded


def make_article(
    html: str, url: str, profile: SiteProfile, status: int = 200
) -> ArticleItem | None:
    """Extract the article of a page, before pipelines; ``None`` when it holds none."""
    extracted = extract_article(html, url, profile=profile)
    if extracted is None:
        return None
    fields = extracted.item_fields()
    declared = fields.pop("canonical_url", None)
    return ArticleItem(
        url=url,
        # Chosen once here; the pipelines and the archive trust it.
        canonical_url=choose_canonical(url, declared) or url,
        site=profile.name,
        fetched_at=datetime.now(UTC),
        http_status=status,
        timezone=profile.timezone,
        **fields,
    )
