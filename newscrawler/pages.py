"""From one page's HTML to an :class:`Article`, as the spider and ``extract`` both do."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawler.extract import extract_article
from newscrawler.items import Article
from newscrawler.profiles import SiteProfile
from newscrawler.text.urls import canonical_url


def make_article(html: str, url: str, profile: SiteProfile, status: int = 200) -> Article | None:
    """Extract the article of a page, before pipelines; ``None`` when it holds none."""
    extracted = extract_article(html, url, profile=profile)
    if extracted is None:
        return None
    fields = extracted.item_fields()
    canonical = fields.pop("canonical_url", None)
    return Article(
        url=url,
        canonical_url=canonical_url(canonical or url),
        site=profile.name,
        fetched_at=datetime.now(UTC),
        http_status=status,
        timezone=profile.timezone,
        **fields,
    )
