"""From a page to an item: the canonical URL is chosen once, here."""

from __future__ import annotations

import pytest

from newscrawler.extract.response import make_article
from newscrawler.profiles import generic_profile
from tests.test_extract_article import URL, big_daily


def page(canonical: str) -> str:
    """A whole article page (the big-daily template) declaring ``canonical``."""
    return big_daily().replace(
        f'<link rel="canonical" href="{URL}">', f'<link rel="canonical" href="{canonical}">'
    )


@pytest.mark.parametrize(
    ("url", "declared", "expected"),
    [
        # A plausible declaration wins, made canonical.
        (
            "https://a.com/amp/n/1?utm_source=fb",
            "https://a.com/n/1?b=2&a=1",
            "https://a.com/n/1?a=1&b=2",
        ),
        # The home page declared for a deeper page is a template mistake: the page's own URL.
        ("https://a.com/n/2?fbclid=x", "https://a.com/", "https://a.com/n/2"),
        # A development server declared by a public page: the page's own URL.
        ("https://a.com/n/3", "http://127.0.0.1:8000/n/3", "https://a.com/n/3"),
    ],
)
def test_the_canonical_url_is_chosen_once_at_extraction(
    url: str, declared: str, expected: str
) -> None:
    item = make_article(page(declared), url, generic_profile("https://a.com/"))
    assert item is not None and item.canonical_url == expected
