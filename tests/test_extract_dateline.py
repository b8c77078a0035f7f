"""Visible datelines and ``<time>`` values: which strings are this article's dates."""

from __future__ import annotations

import pytest

from newscrawler.extract.body import best_container
from newscrawler.extract.dateline import has_date, label_kind, text_candidates, time_candidates
from newscrawler.extract.dom import parse
from newscrawler.extract.title import headline_element

BODY = (
    "<div class='story'>"
    + "<p>রাজধানীতে আজ সকাল থেকে টানা বৃষ্টি হচ্ছে, সড়কে জমেছে পানি।</p>" * 4
    + "</div>"
)


def candidates(inner: str) -> list[tuple[str, str]]:
    selector = parse(f"<html><body>{inner}</body></html>")
    assert selector is not None
    root = selector.root
    body = best_container(root)
    found = text_candidates(root, headline_element(root, body), body)
    return [(c["kind"], c["value"]) for c in found]


def test_header_clock_is_not_a_candidate() -> None:
    clock = "<div class='top'>ঢাকা ১১:৪৬ পূর্বাহ্ন, বুধবার, ১২ নভেম্বর ২০২৫, ২৮ কার্তিক ১৪৩২ বঙ্গাব্দ</div>"
    stamp = "<p>আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১</p>"
    found = candidates(f"{clock}<h1>শিরোনাম</h1>{stamp}{BODY}")
    assert found == [("updated", "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১")]


def test_hidden_print_stamp_is_not_a_candidate_and_labels_split() -> None:
    hidden = "<div style='display: none'><p>প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম</p></div>"
    visible = "<p>প্রকাশ: ০৯ আগস্ট ২০২৬, ০৯:০৫ পিএম | আপডেট: ১০ আগস্ট ২০২৬, ০১:০০ এএম</p>"
    found = candidates(f"{hidden}<h1>শিরোনাম</h1>{visible}{BODY}")
    assert found == [
        ("published", "প্রকাশ: ০৯ আগস্ট ২০২৬, ০৯:০৫ পিএম"),
        ("updated", "আপডেট: ১০ আগস্ট ২০২৬, ০১:০০ এএম"),
    ]


def test_related_cards_and_comments_keep_their_dates() -> None:
    related = "<div class='related-news'><a>অন্য খবর</a><span>প্রকাশ: ০১ জানুয়ারি ২০২৪</span></div>"
    comments = "<div id='comments'><p>লিখেছেন ২০১২-০৭-২৩</p><span>2012-07-23 00:25:41</span></div>"
    found = candidates(f"<h1>শিরোনাম</h1><p>২২ ফেব্রুয়ারি ২০২৬</p>{BODY}{related}{comments}")
    assert found == [("unknown", "২২ ফেব্রুয়ারি ২০২৬")]


def test_dates_inside_body_paragraphs_are_not_candidates() -> None:
    body = "<div>" + "<p>গত ৩০ জুন ২০১২ বিশ্বব্যাংক অর্থায়ন বাতিল করে, জানা গেছে।</p>" * 4 + "</div>"
    assert candidates(f"<h1>শিরোনাম</h1>{body}") == []


def test_time_elements_outside_related_cards() -> None:
    html = (
        "<time datetime='2020-10-09 10:32:52'>১০:৩২ এএম</time>"
        "<time itemprop='dateModified' datetime='2020-10-10T08:00:00+06:00'>পরে</time>"
        "<div class='popular-news'><time datetime='2019-01-01'>পুরোনো</time></div>"
    )
    selector = parse(f"<html><body>{html}</body></html>")
    assert selector is not None
    assert [(c["kind"], c["value"]) for c in time_candidates(selector.root)] == [
        ("unknown", "2020-10-09 10:32:52"),
        ("updated", "2020-10-10T08:00:00+06:00"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম", True),
        ("প্রকাশিত : ২৯ মার্চ ২০২৬, ০২:৫১ PM", True),
        ("তারিখ: ১৬-০৭-২০১২", True),
        ("Oct 9, 2020", True),
        ("১০ মিনিট আগে", False),
        ("২৪ আশ্বিন ১৪২৭", False),
        ("১০ মেয়র প্রার্থী", False),
    ],
)
def test_has_date(text: str, expected: bool) -> None:
    assert has_date(text) is expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("প্রকাশ: ০৯ আগস্ট", "published"), ("সর্বশেষ আপডেট: ১০ আগস্ট", "updated"),
     ("প্রিন্ট: ১০ আগস্ট", "printed"), ("প্রিন্ট সংস্করণ", None), ("০৯ আগস্ট", None)],
)  # fmt: skip
def test_label_kind(text: str, kind: str | None) -> None:
    assert label_kind(text) == kind


# -- issue 10, category 5: the stamp sits with a copy of the headline -------------------------

TITLE = "<h1 class='entry-title'>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, দুর্ভোগে নগরবাসী</h1>"
STAMP = "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১"
PRINT_COPY = (
    "<div class='print-section' style='display:none'>"
    "<h2>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, দুর্ভোগে নগরবাসী</h2>"
    f"<div class='print-date'>{STAMP}</div>{BODY}</div>"
)


def test_stamp_beside_a_hidden_print_copy_after_the_footer() -> None:
    page = f"<div class='main'>{TITLE}{BODY}</div><footer>© সাইট</footer>{PRINT_COPY}"
    assert candidates(page) == [("updated", STAMP)]


def test_stamp_beside_an_inline_copy_of_the_headline() -> None:
    copy = (
        "<div class='print'><p><b>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, দুর্ভোগে নগরবাসী</b></p>"
        "<p>প্রকাশিত: ২৯ ডিসেম্বর ২০২১, ১২:১৮</p></div>"
    )
    page = f"<div class='main'>{TITLE}{BODY}</div><aside>{copy}</aside>"
    assert candidates(page) == [("published", "প্রকাশিত: ২৯ ডিসেম্বর ২০২১, ১২:১৮")]


def test_a_labelled_stamp_in_the_article_area_wins_over_copies() -> None:
    own = "<p class='meta'>প্রকাশ: ২৮ ডিসেম্বর ২০২১, ১০:০০</p>"
    page = f"<div class='main'>{TITLE}{own}{BODY}</div>{PRINT_COPY}"
    assert candidates(page) == [("published", "প্রকাশ: ২৮ ডিসেম্বর ২০২১, ১০:০০")]


def test_a_related_card_with_another_headline_lends_no_stamp() -> None:
    other = PRINT_COPY.replace("ঢাকায় টানা", "চট্টগ্রামে টানা")
    page = f"<div class='main'>{TITLE}{BODY}</div>{other}"
    assert candidates(page) == []


def test_a_print_label_beside_a_copy_is_not_a_stamp() -> None:
    page = f"<div class='main'>{TITLE}{BODY}</div>" + PRINT_COPY.replace(
        STAMP, "প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম"
    )
    assert candidates(page) == []
