"""Extraction cases: article pages in templates that broke extractors on unseen sites.

Each case is a story rendered in a template reproducing one category of miss
(``docs/extract.md``): a short WordPress item dated only in meta
(:mod:`.tpl_shortwp`), an older large daily with itemprop dates, an ad block
between paragraphs and comments below (:mod:`.tpl_olddaily`), a body split over
``.story-element`` siblings (:mod:`.tpl_quintype`), and a Next.js page whose data
lists related records first, whose visible text is interleaved with player and
ad markup, and whose JSON-LD names an uploader account (:mod:`.tpl_nextjs`).

They live under ``/cases/`` (an index page links them all), apart from the main
site: the home page does not link them, so crawls of ``/`` keep their counts.
Stories are generated from the site's seed with ids from 9001, so they are as
deterministic as the rest and never collide with the site's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from newscrawler.samplesite import tpl_nextjs, tpl_olddaily, tpl_quintype, tpl_shortwp
from newscrawler.samplesite.bangla import DHAKA, iso
from newscrawler.samplesite.model import Story, make_story
from newscrawler.samplesite.render import Ctx, esc

FIRST_ID = 9001
WHEN = datetime(2025, 11, 12, 9, 40, 11, tzinfo=DHAKA)


@dataclass(frozen=True)
class Case:
    """One case: its name, its template's renderer and URL, and how its story is shaped."""

    name: str
    path: Callable[[Story], str]
    render: Callable[[Ctx, Story], str]
    shape: Callable[[Story], Story]


CASES = (
    Case("shortwp", tpl_shortwp.path, tpl_shortwp.render, tpl_shortwp.shape),
    Case("olddaily", tpl_olddaily.path, tpl_olddaily.render, tpl_olddaily.shape),
    Case("quintype", tpl_quintype.path, tpl_quintype.render, tpl_quintype.shape),
    Case("nextjs", tpl_nextjs.path, tpl_nextjs.render, tpl_nextjs.shape),
)


def case_stories(seed: int, per_case: int = 2) -> list[tuple[Case, Story]]:
    """``per_case`` stories per case, deterministic for ``seed``."""
    out = []
    for index in range(len(CASES) * per_case):
        case = CASES[index % len(CASES)]
        story_id = FIRST_ID + index
        when = WHEN + timedelta(hours=7 * index, minutes=13 * index)
        story = make_story(seed, story_id, when, template="daily")
        out.append((case, case.shape(story)))
    return out


def index_page(ctx: Ctx) -> str:
    """``/cases/``: a plain listing linking every case article."""
    items = "".join(
        f'<li><a href="{esc(ctx.url(case.path(story)))}">{esc(story.title)}</a></li>'
        for case, story in case_stories(ctx.site.seed)
    )
    return (
        '<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8"><title>নমুনা খবর</title>'
        f"</head><body><h1>নমুনা খবর</h1><ul>{items}</ul></body></html>"
    )


def render_case(ctx: Ctx, path: str) -> str | None:
    """The page at ``path`` under ``/cases/``, or ``None``."""
    if path.rstrip("/") == "/cases":
        return index_page(ctx)
    for case, story in case_stories(ctx.site.seed):
        if case.path(story) == path:
            return case.render(ctx, story)
    return None


def expected_cases(seed: int, base: str) -> list[dict[str, Any]]:
    """What an extractor should find on each case page (from the model, not the pages)."""
    return [
        {
            "case": case.name,
            "url": base + case.path(story),
            "title": story.title,
            "first_paragraph": story.paragraphs[0],
            "last_paragraph": story.paragraphs[-1],
            "paragraph_count": len(story.paragraphs),
            "authors": story.authors,
            "published": iso(story.published),
            "updated": iso(story.updated),
            "section": story.topic.label,
        }
        for case, story in case_stories(seed)
    ]
