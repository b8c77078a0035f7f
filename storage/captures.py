"""Named queries about captures: which WARC record an article came from, which files hold them.

The capture columns (``warc_file``, ``warc_offset``, ``warc_record_id``) are
written by the upsert from the item's fields; these queries read them back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleRevision, Site


def find_article(session: Session, url: str, canonical: str | None = None) -> dict[str, Any] | None:
    """The stored article at ``url`` (or its canonical form), with its site and capture."""
    keys = {url, canonical or url}
    query = (
        select(Article, Site.key)
        .join(Site, Article.site_id == Site.id)
        .where(or_(Article.canonical_url.in_(keys), Article.url.in_(keys)))
        .order_by(Article.id)
        .limit(1)
    )
    row = session.execute(query).first()
    if row is None:
        return None
    article, site = row
    values = {c.key: getattr(article, c.key) for c in Article.__table__.columns}
    values["site"] = site
    values["revisions"] = revision_count(session, article.id)
    return values


def revision_count(session: Session, article_id: int) -> int:
    query = select(ArticleRevision.id).where(ArticleRevision.article_id == article_id)
    return len(session.scalars(query).all())


def capture_files(session: Session, site: str | None = None) -> list[str]:
    """The WARC files the archive's articles and revisions point at (of one site)."""
    files: set[str] = set()
    for model in (Article, ArticleRevision):
        query = select(model.warc_file).distinct().where(model.warc_file.is_not(None))
        if site is not None:
            if model is ArticleRevision:
                query = query.join(Article, ArticleRevision.article_id == Article.id)
            query = query.join(Site, Article.site_id == Site.id).where(Site.key == site)
        files.update(f for f in session.scalars(query) if f)
    return sorted(files)
