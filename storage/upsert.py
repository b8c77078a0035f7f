"""The idempotent, batched article upsert keyed by canonical URL.

Each item is ``inserted`` (new canonical URL), ``unchanged`` (same content hash:
only ``last_seen_at`` moves) or ``revised`` (changed body: the old text goes to
``article_revisions`` and the article shows the new one).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.clusters import elect_representatives
from storage.models import Article, ArticleRevision, Site
from storage.search import index_articles
from storage.textform import plain_hash
from storage.types import utcnow

logger = logging.getLogger(__name__)
DEFAULT_PORTS = {"http": 80, "https": 443}

Status = Literal["inserted", "unchanged", "revised"]
# Item fields copied as they are into ``articles``.
COPIED_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "subtitle",
    "body",
    "section",
    "language",
    "image_url",
    "published_raw",
    "updated_raw",
    "fetched_at",
    "http_status",
    "content_hash",
    "word_count",
    "cluster_id",
    "similarity",
    "warc_file",
    "warc_offset",
    "warc_record_id",
)


# Where an article's text came from (a WARC response record); revisions keep the old one.
CAPTURE = (Article.warc_file, Article.warc_offset, Article.warc_record_id)


@dataclass(frozen=True)
class UpsertOutcome:
    """What happened to one item: its status and the article's id."""

    status: Status
    article_id: int
    canonical_url: str


def site_key(url: str) -> str:
    """The site key of a URL when the item names none (the crawler always names one).

    The same form as :func:`newscrawler.text.urls.site_key`, which ``storage``
    cannot import: the host without ``www.``, with ``:port`` unless default.

    >>> site_key("https://www.prothomalo.com/bangladesh/abc"), site_key("http://127.0.0.1:8123/1")
    ('prothomalo.com', '127.0.0.1:8123')
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    port = parts.port
    return (
        f"{host}:{port}" if port is not None and port != DEFAULT_PORTS.get(parts.scheme) else host
    )


def split_offset(value: datetime | None) -> tuple[datetime | None, int | None]:
    """A datetime and its UTC offset in minutes (``None`` for naive values).

    >>> from datetime import timedelta, timezone
    >>> split_offset(datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=6))))[1]
    360
    """
    if value is None:
        return None, None
    offset = value.utcoffset()
    return value, None if offset is None else int(offset.total_seconds() // 60)


def diff_size(old: str | None, new: str | None) -> int:
    """Characters in paragraphs present in only one of two bodies: the size of a change.

    >>> diff_size("এক\\n\\nদুই", "এক\\n\\nতিন")
    6
    """
    old_paras = Counter((old or "").split("\n\n"))
    new_paras = Counter((new or "").split("\n\n"))
    changed = (old_paras - new_paras) + (new_paras - old_paras)
    return sum(len(p) * n for p, n in changed.items())


def article_values(item: Mapping[str, Any], site_id: int, run_id: int | None) -> dict[str, Any]:
    """The ``articles`` column values for one item (``first_seen_at`` excluded)."""
    values = {name: item.get(name) for name in COPIED_FIELDS}
    values["canonical_url"] = item.get("canonical_url") or item["url"]
    values["authors"] = list(item.get("authors") or [])
    values["tags"] = list(item.get("tags") or [])
    if not values["content_hash"]:  # the crawler computes it; other writers may not
        values["content_hash"] = plain_hash(item.get("body") or "")
    published, values["published_offset_minutes"] = split_offset(item.get("published_at"))
    updated, values["updated_offset_minutes"] = split_offset(item.get("updated_at"))
    values.update(published_at=published, updated_at=updated, site_id=site_id)
    values.update(crawl_run_id=run_id, last_seen_at=utcnow())
    return values


def ensure_sites(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """Ids of the sites with these keys, creating the missing ones."""
    wanted = set(keys)
    found = dict(session.execute(select(Site.key, Site.id).where(Site.key.in_(wanted))).all())
    missing = wanted - found.keys()
    for key in sorted(missing):
        try:
            with session.begin_nested():
                session.add(Site(key=key, name=key))
        except IntegrityError:  # created meanwhile by a concurrent crawl
            logger.debug("site %s created concurrently", key)
    if missing:
        rows = session.execute(select(Site.key, Site.id).where(Site.key.in_(missing))).all()
        found.update(dict(rows))
    return found


def register_site(
    session: Session, key: str, home_url: str | None = None, timezone: str | None = None
) -> int:
    """Create or describe the site ``key`` (home URL, time zone); return its id."""
    site_id = ensure_sites(session, [key])[key]
    values = {k: v for k, v in (("home_url", home_url), ("timezone", timezone)) if v}
    if values:
        session.execute(update(Site).where(Site.id == site_id).values(**values))
    return site_id


def unique_rounds(items: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Split items into consecutive rounds in which no canonical URL repeats."""
    rounds: list[list[Mapping[str, Any]]] = [[]]
    seen: set[str] = set()
    for item in items:
        key = item.get("canonical_url") or item["url"]
        if key in seen:
            rounds.append([])
            seen = set()
        seen.add(key)
        rounds[-1].append(item)
    return [r for r in rounds if r]


def upsert_articles(
    session: Session,
    items: Sequence[Mapping[str, Any]],
    run_id: int | None = None,
    revision_kind: str = "crawl",
) -> list[UpsertOutcome]:
    """Store a batch of items (dicts with the ``Article`` item's keys) in the session's transaction.

    ``revision_kind`` marks the revisions written: ``crawl`` (the page changed) or
    ``reextract`` (a new extraction of the same capture changed; an unchanged
    result then touches nothing, not even ``last_seen_at``).
    Returns one outcome per item, in order.
    """
    sites = ensure_sites(session, (i.get("site") or site_key(i["url"]) for i in items))
    outcomes: list[UpsertOutcome] = []
    for batch in unique_rounds(items):
        rows = [
            article_values(i, sites[i.get("site") or site_key(i["url"])], run_id) for i in batch
        ]
        outcomes.extend(_upsert_round(session, rows, run_id, revision_kind))
        _link_duplicates(session, [i for i in batch if not i.get("cluster_id")])
        elect_representatives(session, (i.get("cluster_id") for i in batch))
    return outcomes


def _upsert_round(
    session: Session, rows: list[dict[str, Any]], run_id: int | None, revision_kind: str
) -> list[UpsertOutcome]:
    query = select(Article.id, Article.canonical_url, Article.content_hash)
    keys = [r["canonical_url"] for r in rows]
    existing = {
        a.canonical_url: a for a in session.execute(query.where(Article.canonical_url.in_(keys)))
    }
    status: dict[str, Status] = {}
    for r in rows:
        old = existing.get(r["canonical_url"])
        same = old is not None and old.content_hash == r["content_hash"]
        status[r["canonical_url"]] = (
            "inserted" if old is None else "unchanged" if same else "revised"
        )
    ids = {key: old.id for key, old in existing.items()}
    ids.update(_insert(session, [r for r in rows if status[r["canonical_url"]] == "inserted"]))
    unchanged = [ids[k] for k, s in status.items() if s == "unchanged"]
    if unchanged and revision_kind == "crawl":
        stamp = update(Article).where(Article.id.in_(unchanged)).values(last_seen_at=utcnow())
        session.execute(stamp)
    revised = [r for r in rows if status[r["canonical_url"]] == "revised"]
    old_texts = _revise(session, revised, existing, run_id, revision_kind)
    for kind in ("inserted", "revised"):
        fresh = [
            (ids[r["canonical_url"]], r["title"], r["body"])
            for r in rows
            if status[r["canonical_url"]] == kind
        ]
        index_articles(session, fresh, old=old_texts if kind == "revised" else None)
    return [UpsertOutcome(status[k], ids[k], k) for k in keys]


def _insert(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    if not rows:
        return {}
    for r in rows:
        r["first_seen_at"] = r["last_seen_at"]
    result = session.execute(insert(Article).returning(Article.id, Article.canonical_url), rows)
    return {url: id_ for id_, url in result.all()}


def _revise(
    session: Session,
    rows: list[dict[str, Any]],
    existing: Mapping[str, Any],
    run_id: int | None,
    kind: str = "crawl",
) -> dict[int, tuple[str | None, str | None]]:
    """Keep the old text of changed articles as revisions, then update the articles.

    Returns the old ``(title, body)`` by article id.
    """
    if not rows:
        return {}
    ids = [existing[r["canonical_url"]].id for r in rows]
    old_texts = {
        row.id: row
        for row in session.execute(
            select(Article.id, Article.title, Article.body, *CAPTURE).where(Article.id.in_(ids))
        )
    }
    revisions = []
    for r, id_ in zip(rows, ids, strict=True):
        old = old_texts[id_]
        revisions.append(
            {
                "article_id": id_,
                "seen_at": r["last_seen_at"],
                "crawl_run_id": run_id,
                "old_content_hash": existing[r["canonical_url"]].content_hash,
                "new_content_hash": r["content_hash"],
                "old_title": old.title,
                "old_body": old.body,
                "diff_chars": diff_size(old.body, r["body"]),
                "kind": kind,
                **{c.key: getattr(old, c.key) for c in CAPTURE},
            }
        )
    session.execute(insert(ArticleRevision), revisions)
    session.execute(update(Article), [{**r, "id": id_} for r, id_ in zip(rows, ids, strict=True)])
    return {id_: (row.title, row.body) for id_, row in old_texts.items()}


def _link_duplicates(session: Session, items: Sequence[Mapping[str, Any]]) -> None:
    """Point ``duplicate_of_id`` at the article an item names (items without a ``cluster_id``).

    Items with a cluster get their cluster's representative instead (:mod:`storage.clusters`).
    """
    links = {
        i.get("canonical_url") or i["url"]: i["duplicate_of"]
        for i in items
        if i.get("duplicate_of")
    }
    if not links:
        return
    wanted = set(links.values())
    ids = dict(
        session.execute(
            select(Article.canonical_url, Article.id).where(Article.canonical_url.in_(wanted))
        ).all()
    )
    for url, original in links.items():
        if original not in ids or original == url:
            logger.debug("duplicate_of %s of %s is not stored", original, url)
            continue
        session.execute(
            update(Article)
            .where(Article.canonical_url == url)
            .values(duplicate_of_id=ids[original])
        )
