"""Addresses of the sample site: one home, four template areas, each with its own URL scheme.

| template  | article                          | listing                                   |
|-----------|----------------------------------|-------------------------------------------|
| wordpress | ``/wp/archives/<id>``            | ``/wp/category/<section>/page/<n>/``      |
| daily     | ``/daily/<section>/<id>``        | ``/daily/<section>?page=<n>``             |
| mirror    | ``/desh/<section>/<id>``         | ``/desh/<section>?page=<n>``              |
| app       | ``/app/news/<yyyy-mm-dd>/<code>``| ``/app/<section>?page=<n>``               |
| district  | ``/zilla/<section>/<id>``        | ``/zilla/<section>?page=<n>``             |

Other addresses of the same story: ``/news/<id>`` (301, the old scheme),
``/wp/?p=<id>`` (301, WordPress), ``/daily/amp/<section>/<id>`` (AMP copy),
and any of them with tracking parameters.
"""

from __future__ import annotations

from newscrawler.samplesite.model import Story

PREFIX = {
    "wordpress": "/wp/",
    "daily": "/daily/",
    "mirror": "/desh/",
    "app": "/app/",
    "district": "/zilla/",
}
TRACKING = "?utm_source=facebook&utm_medium=social&utm_campaign=share"
_ALPHABET = "23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
_SCRAMBLE, _OFFSET = 7919, 1_000_003


def app_code(story_id: int) -> str:
    """The case-sensitive short code of an app-template story.

    >>> app_code(7), app_decode(app_code(7))
    ('7GRr', 7)
    """
    n, out = story_id * _SCRAMBLE + _OFFSET, ""
    while n:
        n, r = divmod(n, len(_ALPHABET))
        out = _ALPHABET[r] + out
    return out


def app_decode(code: str) -> int | None:
    """The story id of an app code, or None when it is not one."""
    n = 0
    for ch in code:
        if ch not in _ALPHABET:
            return None
        n = n * len(_ALPHABET) + _ALPHABET.index(ch)
    story_id, rest = divmod(n - _OFFSET, _SCRAMBLE)
    return story_id if rest == 0 and story_id > 0 else None


def article_path(story: Story) -> str:
    """The canonical path of a story."""
    if story.template == "wordpress":
        return f"/wp/archives/{story.id}"
    if story.template == "app":
        return f"/app/news/{story.published:%Y-%m-%d}/{app_code(story.id)}"
    return f"{PREFIX[story.template]}{story.section}/{story.id}"


def amp_path(story: Story) -> str | None:
    """The AMP copy's path (daily template only)."""
    return f"/daily/amp/{story.section}/{story.id}" if story.template == "daily" else None


def alt_paths(story: Story) -> list[str]:
    """Other paths that reach the same story (redirects, AMP, tracking parameters)."""
    paths = [article_path(story) + TRACKING, f"/news/{story.id}"]
    if story.template == "wordpress":
        paths.append(f"/wp/?p={story.id}")
    amp = amp_path(story)
    if amp:
        paths.append(amp)
    return paths


def listing_path(template: str, section: str, page: int = 1) -> str:
    """A section listing page of one template area."""
    if template == "wordpress":
        base = f"/wp/category/{section}/"
        return base if page == 1 else f"{base}page/{page}/"
    base = f"{PREFIX[template]}{section}"
    return base if page == 1 else f"{base}?page={page}"
