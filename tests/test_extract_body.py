"""The Bengali-aware body extractor on small hand-written pages."""

from __future__ import annotations

import pytest

from newscrawler.extract.body import extract_body, is_signoff
from newscrawler.extract.dom import parse

P1 = "রাজধানীতে আজ সকাল থেকে টানা বৃষ্টি হচ্ছে, সড়কে জমেছে পানি।"
P2 = "আবহাওয়া অফিস জানিয়েছে, আগামী দুই দিন বৃষ্টি চলতে পারে।"
P3 = "নগরবাসীকে সাবধানে চলাচলের পরামর্শ দিয়েছে সিটি করপোরেশন।"


def body_of(html: str) -> list[str]:
    selector = parse(html)
    assert selector is not None
    return extract_body(selector.root).paragraphs


def page(inner: str) -> str:
    nav = "<nav><ul>" + "<li><a href='/s'>জাতীয় রাজনীতি অর্থনীতি খেলা</a></li>" * 8 + "</ul></nav>"
    footer = "<footer>সম্পাদক ও প্রকাশক: কেউ একজন। সর্বস্বত্ব সংরক্ষিত।</footer>"
    return f"<html><body>{nav}<h1>শিরোনাম</h1>{inner}{footer}</body></html>"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (f"<div><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>", [P1, P2, P3]),
        (f"<div>{P1}<br>{P2}<br><br>{P3}</div>", [P1, P2, P3]),  # <br>-separated text
        (f"<div>{P1}<br>&nbsp;<br>{P2}</div>", [P1, P2]),  # an NBSP-only line is no paragraph
        (f"<article><p>{P1}</p>{P2}</p><p>{P3}</p></article>", [P1, P2, P3]),  # bare text node
        (
            f"<div><p>{P1}<p>{P2}<div class='ad'><script>g()</script></div><p>{P3}</div>",
            [P1, P2, P3],
        ),
    ],
)
def test_paragraph_shapes(inner: str, expected: list[str]) -> None:
    assert body_of(page(inner)) == expected


@pytest.mark.parametrize(
    "noise",
    [
        "<p>আরও পড়ুন: <a href='/x'>অন্য একটি খবরের শিরোনাম</a></p>",
        "<p><strong>আরও পড়ুন</strong></p>",
        "<p>বিজ্ঞাপন</p>",
        "<div class='ads'>বিজ্ঞাপন দিন, ব্যবসা বাড়ান। এখনই যোগাযোগ করুন।</div>",
        "<p>/এনএ</p>",
        "<p>বিডি প্রতিদিন/জুনাইদ আহমেদ&nbsp;</p>",
        "<div class='share-buttons'>শেয়ার করুন ফেসবুকে, টুইটারে এবং হোয়াটসঅ্যাপে এখনই</div>",
        "<figure><img src='a.jpg'><figcaption>ছবির ক্যাপশন, অন্য ঘটনার ছবি।</figcaption></figure>",
        "<div id='comments'><p>পাঠকের মন্তব্য: খুব ভালো লেখা হয়েছে, ধন্যবাদ আপনাদের।</p></div>",
        "<div class='related-news'><p>সম্পর্কিত আরেকটি লম্বা খবরের সারাংশ এখানে থাকে।</p></div>",
        "<script>var x = 'রাজধানীতে';</script>",
    ],
)
def test_noise_inside_the_article_is_dropped(noise: str) -> None:
    inner = f"<div class='story'><p>{P1}</p>{noise}<p>{P2}</p><p>{P3}</p>{noise}</div>"
    assert body_of(page(inner)) == [P1, P2, P3]


def test_body_printed_twice_gives_the_first_copy_once() -> None:
    copy = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
    inner = (
        f"<div class='desktop'><div class='body'>{copy}</div></div>"
        f"<div class='mobile'><div class='body'>{copy}</div></div>"
    )
    assert body_of(page(inner)) == [P1, P2, P3]


def test_listing_cards_do_not_beat_a_body() -> None:
    cards = "".join(f"<div class='card'><a href='/n/{i}'>{P1}</a></div>" for i in range(20))
    inner = f"<div class='list'>{cards}</div><div class='story'><p>{P2}</p><p>{P3}</p></div>"
    assert body_of(page(inner)) == [P2, P3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/এনএ", True), ("/এমএইচ/জিকেএস", True), ("বিডি প্রতিদিন/জুনাইদ আহমেদ", True),
     ("সংস্থাটি বলছে, ২৪/৭ সেবা চালু থাকবে।", False), ("https://example.com/a", False)],
)  # fmt: skip
def test_is_signoff(text: str, expected: bool) -> None:
    assert is_signoff(text) is expected


def test_body_split_into_sibling_wrappers_is_read_whole() -> None:
    long = [f"{P1} {P2} ({i})" for i in range(4)]
    inner = (
        "<div class='story-content'>"
        f"<div class='story-element'><p>{long[0]}</p><p>{long[1]}</p><p>{long[2]}</p></div>"
        "<div class='story-element'><figure><img src='x.jpg'></figure></div>"
        f"<div class='story-element'><p>{long[3]}</p></div></div>"
    )
    assert body_of(page(inner)) == long
