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
        ({"home_url": "https://a.bd/", "feeds": 3}, "feeds must be a list of strings, not 3"),
        ({"home_url": "https://a.bd/", "prefer": {"titel": "x"}}, "prefer.titel; did you mean"),
        ({"home_url": "https://a.bd/", "prefer": {"title": "h1[["}}, "prefer.title = 'h1[['"),
        ({"home_url": "https://a.bd/", "remove": [".ad", "div >"]}, "remove = 'div >' is not"),
        ({"home_url": "https://a.bd/", "domains": "a.bd"}, "write domains = ['a.bd']"),
        ({"home_url": "https://a.bd/", "name": 3}, "name must be a string, not 3; write name"),
        ({"home_url": "https://a.bd/", "name": ["a"]}, "name must be a string, not ['a']"),
        ({"home_url": "https://a.bd/", "timezone": "Dhaka"}, "timezone = 'Dhaka' is not a"),
        ({"home_url": "ftp://a.bd/"}, "home_url = 'ftp://a.bd/' is not an http(s) URL"),
        ({"home_url": "a.bd"}, "home_url = 'a.bd' is not an http(s) URL"),
        ({"home_url": "https://a.bd/", "feeds": ["/feed"]}, "feeds = '/feed' is not an http(s)"),
        ({"home_url": "https://a.bd/", "home": "x"}, "key 'home'; did you mean 'home_url'?"),
        ({"home_url": "https://a.bd/", "colour": "x"}, "unknown key 'colour'; use one of name,"),
    ],
)
def test_bad_profiles_say_what_to_change(data: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=None) as info:
        profile_from_dict(data, source="site.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("site.toml:")
    assert "\n" not in str(info.value)


def test_a_bad_selector_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('home_url = "https://a.bd/"\n[prefer]\ntitle = "h1[["\n', encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert message.startswith(f"{path}: prefer.title = 'h1[['")
    assert "write one such as" in message


def test_profile_for_rejects_unknown_names() -> None:
    with pytest.raises(ProfileError, match=r"neither an http\(s\) URL nor a shipped profile"):
        profile_for("no-such-site")
    with pytest.raises(ProfileError, match=r"neither an http\(s\) URL"):
        profile_for("ftp://a.bd/")


def test_shipped_profiles_load() -> None:
    for name, profile in builtin_profiles().items():
        assert profile.name == name
        assert profile.domains


def test_a_bad_time_zone_is_refused_when_the_profile_loads() -> None:
    with pytest.raises(
        ProfileError, match=r"a\.toml: timezone = 'Asia/Dhka' is not a known time zone"
    ):
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
