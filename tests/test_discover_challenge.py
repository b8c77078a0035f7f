"""Bot walls: the three saved Cloudflare pages are recognised, real pages are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.discover.challenge import detect_block


def corpus_rows(corpus: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (corpus / "expected.jsonl").read_text("utf-8").splitlines()]


def test_corpus_block_pages(corpus_dir: Path) -> None:
    blocks = [r for r in corpus_rows(corpus_dir) if r["kind"] == "block"]
    assert len(blocks) == 3
    for row in blocks:
        html = (corpus_dir / str(row["file"])).read_bytes().decode("utf-8-sig")
        assert detect_block(html) == row["block"], row["file"]
        assert detect_block(html, status=403) == row["block"], row["file"]


def test_corpus_articles_and_listings_are_not_blocks(corpus_dir: Path) -> None:
    for row in corpus_rows(corpus_dir):
        if row["kind"] in ("article", "listing"):
            html = (corpus_dir / str(row["file"])).read_bytes().decode("utf-8-sig")
            assert detect_block(html) is None, row["file"]
            assert detect_block(html, status=200) is None, row["file"]


@pytest.mark.parametrize(
    ("html", "status", "expected"),
    [
        (
            "<title>Just a moment...</title><script>window._cf_chl_opt={cType: 'managed'}</script>",
            None,
            "cloudflare-managed-challenge",
        ),
        (
            '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>',
            503,
            "cloudflare-managed-challenge",
        ),
        (
            "<title>Attention Required! | Cloudflare</title><div id='cf-error-details'>",
            None,
            "cloudflare-waf-block",
        ),
        ("<title>DDoS-Guard</title>", 403, "ddos-guard"),
        (
            "<html><title>Access Denied</title>Reference errors.edgesuite.net/x</html>",
            403,
            "akamai-access-denied",
        ),
        ("<p>Incapsula incident ID: 123</p>", 403, "imperva-incapsula"),
        ("<title>Bot verification</title><div>captcha</div>", 429, "captcha-wall"),
        ("<article><p>Cloudflare said: Sorry, you have been blocked</p></article>", None, None),
        ("<p>Just a moment...</p>", 200, None),
        ("", 403, None),
        ("\x00\x01binary", None, None),
    ],
)
def test_detect_block(html: str, status: int | None, expected: str | None) -> None:
    assert detect_block(html, status) == expected


@given(st.text(max_size=500), st.sampled_from([None, 200, 403, 503]))
def test_detect_block_never_raises(html: str, status: int | None) -> None:
    assert detect_block(html, status) is None or isinstance(detect_block(html, status), str)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<TITLE>DDoS-GUARD</TITLE>", "ddos-guard"),
        ("<script src='https://SUCURI.NET/x.js'></script>", "sucuri-firewall"),
        # letters re.IGNORECASE matched to ASCII ones, as before
        ("<script src='https://\u017fucuri.net/x.js'></script>", "sucuri-firewall"),
        ("<p>\u0130ncapsula incident ID: 1</p>", "imperva-incapsula"),
        ("<title>Are You A Robot?</title>", "captcha-wall"),
        ("<p>sucuri net</p>", None),
    ],
)
def test_other_walls_ignore_case(html: str, expected: str | None) -> None:
    assert detect_block(html, status=403) == expected
