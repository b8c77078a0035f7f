"""Which sites the archive holds, and a one-line error for a site it does not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.tables import articles, sites

if TYPE_CHECKING:
    from storage.db import Reader


class UnknownSite(ValueError):
    """A ``site`` filter naming no site of the archive (it would match nothing)."""


@dataclass(frozen=True)
class SiteCount:
    """A site of the archive: its key (the ``--site`` value), name and articles."""

    key: str
    name: str | None
    home_url: str | None
    articles: int


def site_counts(session: Reader) -> list[SiteCount]:
    """Every site with its number of stored articles (duplicates included), by key."""
    query = (
        select(sites.c.key, sites.c.name, sites.c.home_url, func.count(articles.c.id))
        .outerjoin(articles, articles.c.site_id == sites.c.id)
        .group_by(sites.c.id, sites.c.key, sites.c.name, sites.c.home_url)
        .order_by(sites.c.key)
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


def require_site(session: Reader, key: str | None) -> None:
    """Raise :class:`UnknownSite` when ``key`` is given and the archive has no such site."""
    if not key:
        return
    if session.scalar(select(sites.c.id).where(sites.c.key == key)) is not None:
        return
    known = site_counts(session)
    close = [s.key for s in known if s.key in key or key in s.key]
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise UnknownSite(f"no site {key!r} in the archive{hint}; known sites: {describe(known)}")
