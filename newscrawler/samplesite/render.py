"""Helpers shared by the sample site's page renderers."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import TRACKING, article_path
from newscrawler.samplesite.site import SampleSite

SITE_NAMES = {
    "wordpress": "নবআলো২৪",
    "daily": "দৈনিক প্রভাতকণ্ঠ",
    "mirror": "সমাচার",
    "app": "খবরধারা",
    "district": "জেলার খবর ২৪",
}
PORTAL_NAME = "বাংলা খবর নমুনা পোর্টাল"


@dataclass(frozen=True)
class Ctx:
    """What a renderer needs besides the story: the site and the URL it is served at."""

    site: SampleSite
    base: str  # "http://127.0.0.1:8123", no trailing slash

    def url(self, path: str) -> str:
        return self.base + path

    def article_url(self, story: Story) -> str:
        return self.url(article_path(story))

    def card_url(self, story: Story) -> str:
        """A card's link: mostly canonical, sometimes an old or tracking address."""
        kind = story.id % 5
        if kind == 1:
            return self.url(f"/news/{story.id}")
        if kind == 2:
            return self.article_url(story) + TRACKING
        return self.article_url(story)


def esc(text: str) -> str:
    """HTML-escape text and attribute values.

    >>> esc('"ক" <খ>')
    '&quot;ক&quot; &lt;খ&gt;'
    """
    return html.escape(text, quote=True)


def json_script(data: Any, script_type: str = "application/ld+json", attrs: str = "") -> str:
    """A ``<script>`` holding JSON (non-ASCII kept, ``</`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="{script_type}"{attrs}>\n{text}\n</script>'


def paragraphs_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


def tag_links(ctx: Ctx, tags: list[str], cls: str = "tag") -> str:
    return " ".join(
        f'<a class="{cls}" href="{ctx.url("/tags/" + t)}" rel="tag">{esc(t)}</a>' for t in tags
    )


def nav(ctx: Ctx, template: str) -> str:
    """The template area's section menu plus a link home."""
    from newscrawler.samplesite.paths import listing_path
    from newscrawler.samplesite.topics_more import TOPICS

    links = [f'<li><a href="{ctx.url("/")}">প্রচ্ছদ</a></li>']
    links += [
        f'<li><a href="{ctx.url(listing_path(template, t.slug))}">{esc(t.label)}</a></li>'
        for t in TOPICS
    ]
    return f'<nav class="main-menu"><ul>{"".join(links)}</ul></nav>'
