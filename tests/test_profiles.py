from __future__ import annotations

from pathlib import Path

import pytest

from newscrawler.profiles import (
    ProfileError,
    builtin_profiles,
    crawl_key,
    crawl_profiles,
    generic_profile,
    load_profile,
    profile_for,
    profile_from_dict,
)


def test_generic_profile_allows_subdomains_only_of_its_site() -> None:
    profile = generic_profile("https://www.example-news.com.bd/")
    assert profile.allows("https://example-news.com.bd/national/1")
    assert profile.allows("https://m.example-news.com.bd/a")
    assert not profile.allows("https://evil-example-news.com.bd/")
    assert profile.timezone == "Asia/Dhaka"


def test_profile_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(
        """
name = "anandabazar"
home_url = "https://www.anandabazar.com/"
timezone = "Asia/Kolkata"
feeds = ["https://www.anandabazar.com/feed"]
article_url_pattern = '/\\d{6,}$'
remove = [".ad", ".related"]
[prefer]
title = "h1.headline"
""",
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert profile.name == "anandabazar"
    assert profile.timezone == "Asia/Kolkata"
    assert profile.domains == ("anandabazar.com",)
    assert profile.prefer == {"title": "h1.headline"}
    assert profile.article_re is not None and profile.article_re.search("/news/1234567")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "missing required key 'home_url'"),
        ({"home_url": "https://a.bd/", "article_url_pattern": "(("}, "missing ), unterminated"),
        ({"home_url": "https://a.bd/", "feeds": 3}, "'feeds' must be a string or a list"),
        ({"home_url": "https://a.bd/", "prefer": {"colour": "x"}}, "unknown [prefer] fields"),
    ],
)
def test_bad_profiles_say_what_to_change(data: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=None) as info:
        profile_from_dict(data, source="site.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("site.toml:")


def test_profile_for_rejects_unknown_names() -> None:
    with pytest.raises(ProfileError, match="no site profile named"):
        profile_for("no-such-site")


def test_shipped_profiles_load() -> None:
    for name, profile in builtin_profiles().items():
        assert profile.name == name
        assert profile.domains


def test_a_bad_time_zone_is_refused_when_the_profile_loads() -> None:
    with pytest.raises(ProfileError, match=r"a\.toml: unknown time zone 'Asia/Dhka'"):
        profile_from_dict({"home_url": "https://a.bd/", "timezone": "Asia/Dhka"}, source="a.toml")


@pytest.mark.parametrize(
    ("start", "key"),
    [
        ("https://www.prothomalo.com/bangladesh", "prothomalo"),  # a shipped profile's host
        ("http://prothomalo.com/", "prothomalo"),  # the other scheme, default ports
        ("http://127.0.0.1:8000/", "samplesite"),  # the sample site's own host and port
        ("http://localhost:8000/", "samplesite"),
        ("http://127.0.0.1:8123/", "127.0.0.1:8123"),  # any other local server
        ("http://localhost:9000/x", "localhost:9000"),
        ("https://www.example-news.com.bd/", "example-news.com.bd"),
        ("samplesite", "samplesite"),
    ],
)
def test_the_site_key_of_a_start(start: str, key: str) -> None:
    assert crawl_key(crawl_profiles([start])) == key


def test_a_multi_site_crawl_has_one_key_whatever_the_order(tmp_path: Path) -> None:
    one = crawl_key(crawl_profiles(["https://b.com/", "https://a.com/", "https://b.com/x"]))
    assert one == crawl_key(crawl_profiles(["https://a.com/", "https://b.com/"])) == "a.com+b.com"
    path = tmp_path / "c.toml"
    path.write_text('name = "cee"\nhome_url = "https://c.com/"\n', encoding="utf-8")
    assert crawl_key(crawl_profiles(["https://a.com/"], path)) == "a.com+cee"
    with pytest.raises(ProfileError, match="give a home URL or profile"):
        crawl_profiles([" "])
