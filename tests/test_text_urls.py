"""Canonical URLs: tracking parameters, variants, percent-encoding, Bengali letter forms."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text.urls import (
    canonical_url,
    choose_canonical,
    is_tracking_param,
    same_site,
    site_key,
)

YA_PRECOMPOSED = "%E0%A7%9F"  # য় U+09DF
YA_NUKTA = "%E0%A6%AF%E0%A6%BC"  # য + ় (the canonical form)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.com/news/1?utm_source=fb&utm_medium=x", "https://a.com/news/1"),
        ("https://a.com/news/1?fbclid=IwAR0&gclid=1&mc_cid=2&_ga=3", "https://a.com/news/1"),
        ("https://a.com/n?id=5&ref=home", "https://a.com/n?id=5&ref=home"),  # ref is kept
        ("https://a.com/n?b=2&a=1&a=0", "https://a.com/n?a=0&a=1&b=2"),
        ("https://a.com/n?", "https://a.com/n"),
        ("https://a.com/n#comments", "https://a.com/n"),
        ("HTTPS://WWW.A.COM:443/N", "https://www.a.com/N"),
        ("http://a.com:80/", "http://a.com/"),
        ("http://a.com:8080/x", "http://a.com:8080/x"),
        ("https://a.com", "https://a.com/"),
        ("https://a.com./x", "https://a.com/x"),
        # AMP, print and mobile variants
        ("https://a.com/news/1/amp", "https://a.com/news/1"),
        ("https://a.com/news/1/amp/", "https://a.com/news/1/"),
        ("https://a.com/amp/news/1", "https://a.com/news/1"),
        ("https://a.com/news/1?amp=1", "https://a.com/news/1"),
        ("https://a.com/news/1?amp", "https://a.com/news/1"),
        ("https://a.com/news/1?outputType=amp", "https://a.com/news/1"),
        ("https://amp.a.com/news/1", "https://a.com/news/1"),
        ("https://m.a.com/news/1", "https://a.com/news/1"),
        ("https://a.com/print/news/1", "https://a.com/news/1"),
        ("https://a.com/daily/amp/weather/1", "https://a.com/daily/weather/1"),
        ("https://a.com/daily/print-edition/1", "https://a.com/daily/print-edition/1"),
        ("https://a.com/news/amp-story", "https://a.com/news/amp-story"),
        ("https://m.com/x", "https://m.com/x"),  # a host that is only "m."+TLD stays
        # percent-encoding
        ("https://a.com/%7euser/a%2fb", "https://a.com/~user/a%2Fb"),
        ("https://a.com/x%e0%a6%96", "https://a.com/x%E0%A6%96"),
        ("https://a.com/খবর/১", "https://a.com/%E0%A6%96%E0%A6%AC%E0%A6%B0/%E0%A7%A7"),
        ("https://a.com/topic/সাবিলা নূর", "https://a.com/topic/%E0%A6%B8%E0%A6%BE%E0%A6%AC%E0%A6%BF%E0%A6%B2%E0%A6%BE%20%E0%A6%A8%E0%A7%82%E0%A6%B0"),
        ("https://a.com/50%", "https://a.com/50%25"),
        ("https://a.com/%ff", "https://a.com/%FF"),  # not UTF-8: kept as a byte
        (f"https://a.com/{YA_PRECOMPOSED}", f"https://a.com/{YA_NUKTA}"),
        (f"https://a.com/s?q={YA_PRECOMPOSED}", f"https://a.com/s?q={YA_NUKTA}"),
        ("https://a.com/x?__cf_chl_tk=abc", "https://a.com/x"),
    ],
)  # fmt: skip
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["", "/relative", "mailto:a@b.c", "ftp://a.com/x", "http://[::1", "http://a.com:99999/"]
)
def test_not_a_url_gives_none(url: str) -> None:
    assert canonical_url(url) is None


def test_variants_can_be_switched_off_and_site_patterns_added() -> None:
    assert canonical_url("https://m.a.com/x/amp", variants=False) == "https://m.a.com/x/amp"
    patterns = [(re.compile(r"/amp-(\d+)\.html$"), r"/\1")]
    assert canonical_url("https://a.com/amp-12.html", amp_patterns=patterns) == "https://a.com/12"


@pytest.mark.parametrize(
    ("page", "declared", "expected"),
    [
        ("https://a.com/amp/n/1", "https://a.com/n/1", "https://a.com/n/1"),
        ("https://a.com/n/1?utm_source=x", None, "https://a.com/n/1"),
        ("https://a.com/n/1", "https://a.com/", "https://a.com/n/1"),  # home page: not trusted
        ("https://a.com/n/1", "http://127.0.0.1:8000/n/1", "https://a.com/n/1"),
        ("https://a.com/n/1", "/n/1", "https://a.com/n/1"),  # relative: not trusted
        ("https://www.a.com/x/1", "https://a.com/x/1", "https://a.com/x/1"),
    ],
)
def test_choose_canonical(page: str, declared: str | None, expected: str) -> None:
    assert choose_canonical(page, declared) == expected


def test_tracking_params_and_same_site() -> None:
    assert is_tracking_param("UTM_Campaign") and not is_tracking_param("page")
    assert same_site("https://m.prothomalo.com/a", "https://www.prothomalo.com/b")
    assert not same_site("https://a.com/", "not a url")


def _samakal_links(corpus_dir: Path) -> list[str]:
    html = (corpus_dir / "samakal_listing_opinion.html").read_text("utf-8")
    return sorted(set(re.findall(r'href="(https://samakal\.com/opinion/article/[^"]+)"', html)))


def test_samakal_slugs_in_both_forms_meet(corpus_dir: Path) -> None:
    links = _samakal_links(corpus_dir)
    assert any(YA_PRECOMPOSED in u for u in links) and any(YA_NUKTA in u for u in links)
    for url in links:
        canon = canonical_url(url)
        assert canon is not None and YA_PRECOMPOSED not in canon
        assert unquote(canon) == unicodedata.normalize("NFC", unquote(url))
        swapped = url.replace(YA_PRECOMPOSED, "\0").replace(YA_NUKTA, YA_PRECOMPOSED)
        assert canonical_url(swapped.replace("\0", YA_NUKTA)) == canon


URLS = st.builds(
    lambda host, path, query: f"https://{host}/{path}?{query}",
    st.sampled_from(["a.com", "M.a.com", "amp.b.org", "www.c.net:443"]),
    st.text(max_size=20),
    st.text(max_size=20),
)


@given(URLS)
def test_canonical_url_is_idempotent(url: str) -> None:
    canon = canonical_url(url)
    assert canon is None or canonical_url(canon) == canon


@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    canonical_url(text)
    canonical_url("https://a.com/" + quote(text, safe="%/?&=#"))


def test_sample_site_variants_meet_their_article() -> None:
    from newscrawler.samplesite.expected import expected_articles
    from newscrawler.samplesite.site import SampleSite

    rows = expected_articles(SampleSite(count=12), "http://127.0.0.1:8123")
    checked = 0
    for row in rows:
        # Tracking and AMP variants; the other alternatives are redirects, which
        # Scrapy follows to the article's own address.
        for alt in row["alt_urls"]:
            if "utm_" in alt or "/amp/" in alt:
                assert canonical_url(alt) == canonical_url(row["url"]), alt
                checked += 1
    assert checked >= len(rows)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.prothomalo.com/bangladesh", "prothomalo.com"),
        ("https://WWW.Jugantor.com:443/x", "jugantor.com"),  # the default port is no part of it
        ("http://jugantor.com:80/x", "jugantor.com"),
        ("https://jugantor.com:8443/x", "jugantor.com:8443"),
        ("http://127.0.0.1:8123/", "127.0.0.1:8123"),
        ("http://user@example.bd./a", "example.bd"),
        ("http://[::1]:8000/", "[::1]:8000"),
        ("http://h:99999/", ""),
        ("/relative", ""),
    ],
)
def test_site_key(url: str, key: str) -> None:
    assert site_key(url) == key
