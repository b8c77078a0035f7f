"""What a correct extractor should find on each sample page, for tests and the demo.

The values come from the site model, never from parsing the rendered pages,
so a test comparing an extractor against them checks the extractor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from newscrawler.samplesite import tpl_district, tpl_wordpress
from newscrawler.samplesite.bangla import iso, minute
from newscrawler.samplesite.feeds import years
from newscrawler.samplesite.model import TEMPLATES, Story
from newscrawler.samplesite.pages import DEAD_LINK, PAGE_SIZE
from newscrawler.samplesite.paths import PREFIX, alt_paths, listing_path
from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.site import SampleSite
from newscrawler.samplesite.topics_more import TOPICS
from newscrawler.samplesite.traps import TRAP_KINDS


def shown_updated(story: Story) -> str | None:
    """The updated time the page declares (the WordPress theme without metadata shows none)."""
    if story.template == "wordpress" and not tpl_wordpress.has_meta(story):
        return None
    if story.template == "district":  # its one stamp is the publication time
        return None
    return iso(story.updated)


def has_iso_metadata(story: Story) -> bool:
    """Whether the page carries the published time as ISO 8601 in JSON-LD or meta tags."""
    if story.template == "wordpress":
        return tpl_wordpress.has_meta(story)
    if story.template == "mirror":
        return story.style.variant < 2
    if story.template == "district":
        return tpl_district.has_meta(story)
    return story.template == "daily"


def decoys(ctx: Ctx, story: Story) -> list[str]:
    """Dates on the page that are not the story's: clocks, print times, related cards."""
    related = ctx.site.related(story)
    if story.template == "app":
        related = related[1:]
    found = [iso(minute(s.published)) or "" for s in related]
    if story.template == "daily":
        found = [iso(s.published) or "" for s in related]
        found.append(f"{ctx.site.clock:%Y-%m-%d}")
    if story.template in ("wordpress", "mirror", "district"):
        found.append(iso(minute(ctx.site.clock)) or "")
    return found


def article(ctx: Ctx, story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "url": ctx.article_url(story),
        "alt_urls": [ctx.url(p) for p in alt_paths(story)],
        "template": story.template,
        "title": story.title,
        "first_paragraph": story.paragraphs[0],
        "last_paragraph": story.paragraphs[-1],
        "paragraph_count": len(story.paragraphs),
        "authors": list(story.authors),
        "section": story.topic.label,
        "tags": list(story.tags),
        "published": iso(story.published),
        "updated": shown_updated(story),
        "lastmod": iso(story.lastmod),
        "has_iso_metadata": has_iso_metadata(story),
        "body_printed_twice": story.template in ("wordpress", "mirror", "district"),
        "decoy_dates": decoys(ctx, story),
    }


def expected_articles(site: SampleSite, base_url: str) -> list[dict[str, Any]]:
    """One dict per story, in id order (see docs/samplesite.md for the keys)."""
    ctx = Ctx(site, base_url.rstrip("/"))
    with site.lock:
        return [article(ctx, s) for s in site.stories]


def expected_non_articles(site: SampleSite, base_url: str) -> list[dict[str, str]]:
    """Every non-article address of the site with its ``kind``."""
    ctx = Ctx(site, base_url.rstrip("/"))
    rows = [("/", "home"), ("/about/", "page"), ("/contact/", "page"), ("/robots.txt", "robots")]
    rows += [("/feed.xml", "feed"), ("/sitemap.xml", "sitemap-index")]
    rows += [("/news-sitemap.xml", "sitemap"), ("/sitemaps/pages.xml", "sitemap")]
    with site.lock:
        rows += [(f"/sitemaps/articles-{y}.xml", "sitemap") for y in years(ctx)]
        for template in TEMPLATES:
            fronts = max(1, -(-len(site.newest(template)) // PAGE_SIZE))
            rows.append((PREFIX[template], "listing"))
            rows += [(f"{PREFIX[template]}?page={n}", "listing") for n in range(2, fronts + 1)]
            for topic in TOPICS:
                count = len(site.newest(template, topic.slug))
                for page in range(1, max(1, -(-count // PAGE_SIZE)) + 1):
                    rows.append((listing_path(template, topic.slug, page), "listing"))
        tags = sorted({t for s in site.stories for t in s.tags})
    rows += [(f"/tags/{quote(t)}", "tag") for t in tags]  # pages link them raw
    rows += list(TRAP_KINDS.items())
    rows += [(DEAD_LINK, "not-found"), ("/private/drafts/", "disallowed")]
    return [{"url": ctx.url(path), "kind": kind} for path, kind in rows]
