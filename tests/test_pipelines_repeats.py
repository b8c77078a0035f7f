"""RepeatsPipeline: one copy of a body printed twice, counted in stats."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured

from newscrawler.items import ArticleItem
from newscrawler.pipelines.repeats import RepeatsPipeline
from tests.scrapy_support import get_crawler

P1 = "দেশে সাড়ে ছয় বছরে মোটরসাইকেল দুর্ঘটনায় পনেরো হাজার মানুষ নিহত হয়েছেন।"
P2 = "শনিবার এক সংবাদ সম্মেলনে প্রতিবেদনটি প্রকাশ করা হয়।"
TITLE = "মোটরসাইকেল দুর্ঘটনায় নিহত ১৫ হাজার"


def make_pipeline(**settings: object) -> RepeatsPipeline:
    return RepeatsPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_body_printed_twice_keeps_one_copy_and_counts() -> None:
    pipeline = make_pipeline()
    body = "\n\n".join([TITLE, "যুগান্তর প্রতিবেদন", P1, P2, TITLE, "যুগান্তর প্রতিবেদন", P1, P2])
    item = ArticleItem(url="https://a.com/1", title=TITLE, authors=["যুগান্তর প্রতিবেদন"], body=body)
    pipeline.process_item(item)
    assert item.body == f"{P1}\n\n{P2}"
    stats = pipeline.stats.get_stats()
    assert stats["repeats/items_changed"] == 1
    assert stats["repeats/bodies_removed"] == 1
    assert stats["repeats/paragraphs_removed"] == 2
    assert stats["repeats/title_lines_removed"] == 2
    assert stats["repeats/byline_lines_removed"] == 2


@pytest.mark.parametrize("body", [None, "", f"{P1}\n\n{P2}"])
def test_clean_or_missing_body_is_untouched(body: str | None) -> None:
    pipeline = make_pipeline()
    item = ArticleItem(url="https://a.com/1", body=body)
    pipeline.process_item(item)
    assert item.body == body
    assert pipeline.stats.get_value("repeats/items_changed") is None
    assert pipeline.stats.get_value("repeats/items") == 1


def test_dict_items_work_too() -> None:
    item = {"url": "https://a.com/1", "body": f"{P1}\n\n{P1}"}
    make_pipeline().process_item(item)
    assert item["body"] == P1


def test_same_page_in_either_order_gives_identical_output() -> None:
    pages = [f"{P1}\n\n{P2}\n\n{P1}\n\n{P2}", f"{P2}\n\n{P2}\n\n{P1}"]
    outputs = []
    for order in (pages, pages[::-1]):
        pipeline = make_pipeline()
        items = [ArticleItem(url=f"https://a.com/{n}", body=b) for n, b in enumerate(order)]
        outputs.append({i.body for i in (pipeline.process_item(i) for i in items)})
        # the same page twice through one pipeline: the same result, no state kept
        again = ArticleItem(url="https://a.com/x", body=order[0])
        assert pipeline.process_item(again).body == items[0].body
    assert outputs[0] == outputs[1]


def test_switched_off() -> None:
    with pytest.raises(NotConfigured, match="REPEATS_ENABLED"):
        make_pipeline(REPEATS_ENABLED=False)


def _sample_pages(count: int = 12) -> list[tuple[dict[str, object], dict[str, object]]]:
    """(expected values, extracted fields) of every sample-site story, rendered without a server."""
    from urllib.parse import urlsplit

    from newscrawler.extract.article import build
    from newscrawler.samplesite.expected import expected_articles
    from newscrawler.samplesite.render import Ctx
    from newscrawler.samplesite.routes import route
    from newscrawler.samplesite.site import SampleSite

    site, base = SampleSite(count=count), "http://127.0.0.1:8123"
    ctx = Ctx(site, base)
    pages = []
    for row in expected_articles(site, base):
        html = route(ctx, urlsplit(row["url"]).path).body.decode("utf-8")
        fields = build(html, row["url"], None)
        assert fields is not None
        pages.append((row, fields))
    return pages


def test_sample_site_bodies_printed_twice_yield_one_copy() -> None:
    from newscrawler.pipelines.normalise import NormalisePipeline
    from newscrawler.text.fingerprints import fold_text

    crawler = get_crawler()
    normalise, repeats = (
        NormalisePipeline.from_crawler(crawler),
        RepeatsPipeline.from_crawler(crawler),
    )
    twice = [(row, fields) for row, fields in _sample_pages() if row["body_printed_twice"]]
    assert twice
    for row, fields in twice:
        for doubled in (False, True):  # as extracted, and as an extractor taking both copies
            body = str(fields["body"])
            item = ArticleItem(
                url=str(row["url"]),
                title=fields["title"],  # type: ignore[arg-type]
                authors=list(fields["authors"]),  # type: ignore[call-overload]
                body=f"{body}\n\n{body}" if doubled else body,
            )
            repeats.process_item(normalise.process_item(item))
            paragraphs = (item.body or "").split("\n\n")
            assert len(paragraphs) == row["paragraph_count"]
            assert fold_text(paragraphs[0]) == fold_text(str(row["first_paragraph"]))
            assert fold_text(paragraphs[-1]) == fold_text(str(row["last_paragraph"]))
