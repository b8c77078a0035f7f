"""A second opinion on the body from a general extractor (trafilatura), asked only when needed.

Our extractor is strong on what Bengali pages share (kickers, sign-offs, desk
credits, bodies printed twice) and can be fooled by a layout it has not seen;
trafilatura generalises across layouts but keeps kickers, sign-offs and teasers.
So trafilatura's text is used the way a structured copy is (:mod:`.reference`):
as evidence of *where* the story is. When a page has no structured copy and our
body is thin, and trafilatura's text is found, much larger, in another visible
container, that container is read with our own paragraph rules. Trafilatura is
never asked on pages with a structured copy or a substantial body, so most pages
cost nothing extra.
"""

from __future__ import annotations

import logging

from newscrawler.extract.reference import Reference, make_reference

logger = logging.getLogger(__name__)

# Our body is thin below this many letters or paragraphs: ask for a second opinion.
THIN_LETTERS = 600
THIN_PARAGRAPHS = 3
# The other container must hold this many times our body's matched letters.
MUCH_LARGER = 2.0


def is_thin(letters: int, paragraphs: int) -> bool:
    """Whether a body is thin enough to ask for a second opinion.

    >>> is_thin(300, 2), is_thin(2000, 2), is_thin(700, 5)
    (True, True, False)
    """
    return letters < THIN_LETTERS or paragraphs < THIN_PARAGRAPHS


def second_opinion(html: str, url: str) -> Reference | None:
    """Trafilatura's main text of the page as a :class:`Reference`, or ``None``.

    ``None`` as well when trafilatura is not installed or fails on the page.
    """
    try:
        import trafilatura
    except ImportError:  # optional at run time: the cascade works without it
        logger.debug("trafilatura not installed: no second opinion")
        return None
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=False, fast=True
        )
    except Exception as exc:  # a third-party parser failing on a bad page is not ours to raise
        logger.debug("trafilatura failed on %s: %r", url, exc)
        return None
    return make_reference(text, "trafilatura")
