"""Wire copies: the district portal reprints stories of the daily, hours later (issue 10).

``/zilla/wire/`` lists them and ``/zilla/wire/<id>`` shows the copy of story
``<id>`` in the district template, with its own address, posted two hours after
the original; every second copy adds the agency's credit line, so copies are
exact or near duplicates. Nothing else links here: a crawl reaches them only
when given ``/zilla/wire/`` as a start URL, so the default site is unchanged.
Which copy a duplicate cluster shows must not depend on which arrives first:
the original is published earlier, so it is the one shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from newscrawler.samplesite import tpl_district
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.render import Ctx, esc
from newscrawler.samplesite.reply import Reply

PATH = "/zilla/wire/"
WIRE_RE = re.compile(r"^/zilla/wire/(?:(?P<id>\d+)/?)?$")
COUNT = 4  # copies: of the first stories of the daily template
DELAY = timedelta(hours=2)
CREDIT = "(বাসস)"


def originals(ctx: Ctx) -> list[Story]:
    """The stories the portal reprints."""
    return [s for s in ctx.site.stories if s.template == "daily"][:COUNT]


def copy_of(story: Story, index: int) -> Story:
    """The district portal's copy of ``story``: two hours later, sometimes with a credit line."""
    paragraphs = [*story.paragraphs, CREDIT] if index % 2 else list(story.paragraphs)
    return replace(
        story, template="district", published=story.published + DELAY, updated=None,
        paragraphs=paragraphs,
    )  # fmt: skip


def wire(ctx: Ctx, path: str) -> Reply | None:
    """The reply for a wire path, or ``None`` when ``path`` is not one."""
    match = WIRE_RE.match(path)
    if match is None:
        return None
    stories = originals(ctx)
    if match["id"] is None:
        links = "".join(
            f'<li><a href="{ctx.url(PATH + str(s.id))}">{esc(s.title)}</a></li>' for s in stories
        )
        return Reply.html(f"<html><body><h1>সংবাদ সংস্থার খবর</h1><ul>{links}</ul></body></html>")
    for index, story in enumerate(stories):
        if story.id == int(match["id"]):
            copy = copy_of(story, index)
            html = tpl_district.render(ctx, copy, url=ctx.url(PATH + str(story.id)))
            return Reply.html(html, last_modified=copy.published)
    return None
