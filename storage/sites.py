"""Which sites the archive holds, and a one-line error for a site it does not."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, Site


class UnknownSite(ValueError):
    """A ``site`` filter naming no site of the archive (it would match nothing)."""


@dataclass(frozen=True)
class SiteCount:
    """A site of the archive: its key (the ``--site`` value), name and articles."""

    key: str
    name: str | None
    home_url: str | None
    articles: int


def site_counts(session: Session) -> list[SiteCount]:
    """Every site with its number of stored articles (duplicates included), by key."""
    query = (
        select(Site.key, Site.name, Site.home_url, func.count(Article.id))
        .outerjoin(Article, Article.site_id == Site.id)
        .group_by(Site.id, Site.key, Site.name, Site.home_url)
        .order_by(Site.key)
    )
    return [SiteCount(k, n, h, int(c)) for k, n, h, c in session.execute(query)]


def describe(sites: list[SiteCount], limit: int = 12) -> str:
    """Known sites with counts, for an error line.

    >>> describe([SiteCount("prothomalo", None, None, 1200), SiteCount("bbc", None, None, 3)])
    'prothomalo (1,200), bbc (3)'
    """
    shown = ", ".join(f"{s.key} ({s.articles:,})" for s in sites[:limit])
    more = f", and {len(sites) - limit} more" if len(sites) > limit else ""
    return (shown + more) or "none yet"


def require_site(session: Session, key: str | None) -> None:
    """Raise :class:`UnknownSite` when ``key`` is given and the archive has no such site."""
    if not key:
        return
    if session.scalar(select(Site.id).where(Site.key == key)) is not None:
        return
    sites = site_counts(session)
    close = [s.key for s in sites if s.key in key or key in s.key]
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise UnknownSite(f"no site {key!r} in the archive{hint}; known sites: {describe(sites)}")
