"""Page-data dates: fields whose name says GMT/UTC are UTC (issue 10)."""

from __future__ import annotations

import json

from parsel import Selector

from newscrawler.extract.pagedata import date_fields, pagedata_candidates


def test_gmt_field_is_marked_utc() -> None:
    post = {"id": 7, "date": "2024-03-03T20:02:33", "date_gmt": "2024-03-03T14:02:33"}
    assert date_fields({"post": post}) == {"published": "2024-03-03T14:02:33Z"}


def test_gmt_field_with_an_offset_keeps_it() -> None:
    assert date_fields({"modified_gmt": "2024-03-03T20:02:33+06:00"}) == {
        "updated": "2024-03-03T20:02:33+06:00"
    }


def test_utc_marked_names_in_camel_case() -> None:
    found = date_fields({"publishedAtUTC": "2024-03-03 14:02:33", "updatedAt": "x"})
    assert found == {"published": "2024-03-03 14:02:33Z", "updated": "x"}


def test_plain_date_key_is_not_a_date_field() -> None:
    assert date_fields({"date": "2024-03-03T20:02:33"}) == {}


def test_wordpress_rest_data_in_a_page() -> None:
    post = {
        "date": "2024-03-03T20:02:33",
        "date_gmt": "2024-03-03T14:02:33",
        "modified": "2024-03-04T09:00:00",
        "modified_gmt": "2024-03-04T03:00:00",
    }
    data = {"post": post}
    html = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    found = pagedata_candidates(Selector(text=html))
    assert {"source": "pagedata", "kind": "published", "value": "2024-03-03T14:02:33Z"} in found
    assert {"source": "pagedata", "kind": "updated", "value": "2024-03-04T09:00:00"} in found
