"""The web app over HTTP: search, filters, article, overview, downloads, API, safety."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newscrawler.web.app import create_app
from storage.db import open_archive
from tests.web_support import COPY_URL, HOSTILE_URL, REVISED_URL, SCRIPT_TITLE, crawled_archive

pytestmark = pytest.mark.slow
DHAKA = timezone(timedelta(hours=6))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def archive_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    if request.param == "sqlite":
        with crawled_archive(f"sqlite:///{folder / 'archive.sqlite'}", folder) as url:
            yield url
        return
    from tests.conftest import fresh_pg_database

    with fresh_pg_database() as pg, crawled_archive(pg, folder) as url:
        yield url


@pytest.fixture(scope="module")
def client(archive_url: str) -> Iterator[TestClient]:
    db = open_archive(archive_url, upgrade=False)
    with TestClient(create_app(db)) as test_client:
        yield test_client
    db.dispose()


def api(client: TestClient, **params: object) -> dict[str, object]:
    response = client.get("/api/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


def test_search_finds_inflected_forms(client: TestClient) -> None:
    data = api(client, q="বৃষ্টি")
    results = data["results"]
    assert isinstance(results, list) and results
    words = {w for r in results for w in r["snippet"].split() if "বৃষ্টি" in w}
    assert any(w.strip("[]…,।") != "বৃষ্টি" for w in words), words  # an inflected form matched
    page = client.get("/", params={"q": "বৃষ্টি"})
    assert page.status_code == 200
    assert "<mark>" in page.text


def test_site_and_date_filters(client: TestClient) -> None:
    everything = api(client, sort="date")
    sites = [s for s, _ in everything["facets"]["site"]]  # type: ignore[index]
    assert len(sites) >= 2
    one = api(client, site=sites[0], sort="date")
    assert {r["site"] for r in one["results"]} == {sites[0]}  # type: ignore[union-attr]
    assert one["total"] == dict(everything["facets"]["site"])[sites[0]]  # type: ignore[index]
    month = everything["facets"]["month"][0][0]  # type: ignore[index]
    since, until = f"{month}-05", f"{month}-20"
    windowed = api(client, since=since, until=until, sort="date")
    assert windowed["total"] <= everything["total"]  # type: ignore[operator]
    for result in windowed["results"]:  # type: ignore[union-attr]
        local = datetime.fromisoformat(result["published_at"]).astimezone(DHAKA)
        assert since <= local.date().isoformat() <= until


def test_pagination_keeps_filters(client: TestClient) -> None:
    page = client.get("/", params={"q": "বৃষ্টি", "sort": "date"})
    assert 'rel="next"' in page.text or "page=2" not in page.text
    if 'rel="next"' in page.text:
        assert "sort=date" in page.text.split('rel="next"')[1].split(">")[0]


def test_article_page_shows_copies_and_revisions(client: TestClient) -> None:
    found = api(client, q="বন্যার পূর্বাভাস")
    ids = [r["id"] for r in found["results"] if r["url"] == REVISED_URL]  # type: ignore[union-attr]
    assert ids
    page = client.get(f"/article/{ids[0]}")
    assert page.status_code == 200
    assert "<del>− পুরনো বাক্য।</del>" in page.text and "<ins>+ নতুন বাক্য।</ins>" in page.text
    assert f'href="{REVISED_URL}"' in page.text
    article = client.get(f"/api/articles/{ids[0]}").json()
    assert article["url"] == REVISED_URL and len(article["revisions"]) == 1


def test_duplicate_cluster_is_shown(client: TestClient) -> None:
    found = api(client, q="বন্যার পূর্বাভাস", dups="1")
    ids = {r["url"]: r["id"] for r in found["results"]}  # type: ignore[union-attr]
    assert {REVISED_URL, COPY_URL} <= set(ids)
    assert COPY_URL not in {r["url"] for r in api(client, q="বন্যার পূর্বাভাস")["results"]}  # type: ignore[union-attr]
    page = client.get(f"/article/{ids[REVISED_URL]}")
    assert f'href="/article/{ids[COPY_URL]}"' in page.text


def test_headline_with_script_is_escaped(client: TestClient) -> None:
    found = api(client, q="বৃষ্টির খবর")
    ids = [r["id"] for r in found["results"] if r["url"] == HOSTILE_URL]  # type: ignore[union-attr]
    assert ids
    for path in ("/?q=বৃষ্টির+খবর", f"/article/{ids[0]}"):
        page = client.get(path)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;" in page.text
        assert "<img src=x" not in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get(f"/api/articles/{ids[0]}").json()["title"] == SCRIPT_TITLE


def test_download_whole_result_set(client: TestClient) -> None:
    data = api(client, q="বৃষ্টি")
    response = client.get("/download.csv", params={"q": "বৃষ্টি"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == data["total"]
    assert {"url", "title", "body", "published_at"} <= set(rows[0])
    lines = client.get("/download.jsonl", params={"q": "বৃষ্টি"}).text.splitlines()
    assert len(lines) == data["total"]
    assert json.loads(lines[0])["url"]


def test_overview_has_sites_and_chart(client: TestClient) -> None:
    page = client.get("/overview")
    assert page.status_code == 200
    assert "<svg" in page.text and "<polyline" in page.text
    assert "hostile.example" in page.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "yesterday"}, "is not a date"),
        ({"since": "2024-05-02", "until": "2024-05-01"}, "after the end date"),
        ({"page": "0"}, "page"),
        ({"sort": "nope"}, "sort"),
        ({"q": "x" * 600}, "at most"),
        ({"q": "!!!"}, "nothing to search"),
    ],
)
def test_bad_input_is_a_message(client: TestClient, params: dict[str, str], message: str) -> None:
    page = client.get("/", params=params)
    assert page.status_code == 400
    assert message in page.text and 'role="alert"' in page.text
    assert "Traceback" not in page.text
    assert client.get("/api/search", params=params).status_code == 400


def test_unknown_pages_are_404(client: TestClient) -> None:
    assert client.get("/article/999999999").status_code == 404
    assert client.get("/api/articles/999999999").status_code == 404
    assert client.get("/nowhere").status_code == 404


def test_openapi_lists_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/articles/{id}"} <= set(schema["paths"])


def test_language_switch(client: TestClient) -> None:
    assert "খুঁজুন" in client.get("/").text
    english = client.get("/", params={"lang": "en", "q": "বৃষ্টি"})
    assert "Search" in english.text and 'lang="en"' in english.text


def test_token_is_required_when_set(archive_url: str, tmp_path: Path) -> None:
    db = open_archive(archive_url, upgrade=False)
    with TestClient(create_app(db, token="s3cret")) as guarded:
        assert guarded.get("/").status_code == 401
        assert guarded.get("/api/search", params={"q": "বৃষ্টি"}).status_code == 401
        assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert guarded.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert guarded.get("/", params={"token": "s3cret"}).status_code == 200
        assert guarded.get("/overview").status_code == 200  # the cookie set by ?token=
    db.dispose()
