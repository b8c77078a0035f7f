"""Repeated content inside one body: second copies, repeated runs, headline and byline lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector

from newscrawler.text.fingerprints import fold_text
from newscrawler.text.normalise import normalise_body
from newscrawler.text.repeats import remove_repeats

P1 = "দেশে সাড়ে ছয় বছরে মোটরসাইকেল দুর্ঘটনায় পনেরো হাজার মানুষ নিহত হয়েছেন।"
P2 = "শনিবার এক সংবাদ সম্মেলনে প্রতিবেদনটি প্রকাশ করা হয়।"
P3 = "চার চাকার যানবাহনের তুলনায় মোটরসাইকেল অনেক বেশি ঝুঁকিপূর্ণ বলে জানানো হয়েছে।"
LONG = "এটি একটি দীর্ঘ অনুচ্ছেদ যেখানে ছয়টির বেশি শব্দ আছে।"
TITLE = "মোটরসাইকেল দুর্ঘটনায় ৬ বছরে নিহত ১৫ হাজার"


def body(*paras: str) -> str:
    return "\n\n".join(paras)


@pytest.mark.parametrize(
    ("given_body", "expected", "removed", "bodies"),
    [
        (body(P1, P2, P3), body(P1, P2, P3), 0, 0),
        (body(P1, P2, P3, P1, P2, P3), body(P1, P2, P3), 3, 1),  # whole body twice
        (
            body(P1, P2, "জনপ্রিয় সংবাদ", "অন্য খবর", P1, P2),
            body(P1, P2, "জনপ্রিয় সংবাদ", "অন্য খবর"),
            2,
            1,
        ),
        (body(P1, P2, P3, P2, P3), body(P1, P2, P3), 2, 1),  # repeated run inside
        (body(P1, LONG, P2, LONG), body(P1, LONG, P2), 1, 0),  # one long paragraph repeated
        (body("***", P1, "***", P2), body("***", P1, "***", P2), 0, 0),  # short lines stay
        (body("প্রশ্ন:", P1, "প্রশ্ন:", P2), body("প্রশ্ন:", P1, "প্রশ্ন:", P2), 0, 0),
        # copies differing in spacing, punctuation and the form of য়
        (body(P1, P2, P1.replace("য়", "য\u09bc") + " ", P2.replace("।", "")), body(P1, P2), 2, 1),
        ("", "", 0, 0),
    ],
)
def test_remove_repeats(given_body: str, expected: str, removed: int, bodies: int) -> None:
    result = remove_repeats(given_body)
    assert result.body == expected
    assert (result.paragraphs_removed, result.bodies_removed) == (removed, bodies)


@pytest.mark.parametrize(
    ("paras", "authors", "expected", "titles", "bylines"),
    [
        ([TITLE, "যুগান্তর প্রতিবেদন", P1, P2], ["যুগান্তর প্রতিবেদন"], [P1, P2], 1, 1),
        (["নিজস্ব প্রতিবেদক, ঢাকা", P1], ["নিজস্ব প্রতিবেদক"], [P1], 0, 1),
        # a paragraph that merely starts with the author's name is text
        (["নিজস্ব প্রতিবেদক জানান, আজ সকালে শহরে বড় ধরনের যানজট দেখা দেয়।"], ["নিজস্ব প্রতিবেদক"],
         ["নিজস্ব প্রতিবেদক জানান, আজ সকালে শহরে বড় ধরনের যানজট দেখা দেয়।"], 0, 0),
        ([TITLE], [], [TITLE], 0, 0),  # never empties a body
    ],
)  # fmt: skip
def test_headline_and_byline_lines(
    paras: list[str], authors: list[str], expected: list[str], titles: int, bylines: int
) -> None:
    result = remove_repeats(body(*paras), title=TITLE, authors=authors)
    assert result.body == body(*expected)
    assert (result.title_lines_removed, result.byline_lines_removed) == (titles, bylines)


def _jugantor_copies(corpus_dir: Path) -> tuple[list[str], list[str]]:
    html = (corpus_dir / "jugantor_article_2.html").read_bytes().decode("utf-8")
    page = Selector(text=html)
    copies = []
    for css in ("div.desktopDetailBody p", "div.detailBody p"):
        texts = ["".join(p.css("::text").getall()) for p in page.css(css)]
        copies.append([p for p in (normalise_body(t) for t in texts) if p])
    return copies[0], copies[1]


def test_jugantor_body_printed_twice_keeps_one_copy(corpus_dir: Path) -> None:
    desktop, mobile = _jugantor_copies(corpus_dir)
    assert len(desktop) == 4 and desktop == mobile
    result = remove_repeats(body(*desktop, *mobile))
    assert result.body == body(*desktop)
    assert (result.bodies_removed, result.paragraphs_removed) == (1, 4)
    rows = [
        json.loads(line)
        for line in (corpus_dir / "expected.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    expected = next(r for r in rows if r["file"] == "jugantor_article_2.html")
    kept = result.body.split("\n\n")
    assert fold_text(kept[0]) == fold_text(expected["first_paragraph"])
    assert fold_text(kept[-1]) == fold_text(expected["last_paragraph"])


PARAS = st.lists(st.sampled_from([P1, P2, P3, LONG, "***", "ক", "খ গ"]), max_size=12)


@given(PARAS)
def test_never_removes_a_paragraph_that_occurs_once(paras: list[str]) -> None:
    kept = remove_repeats(body(*paras)).body.split("\n\n")
    for para in paras:
        if paras.count(para) == 1:
            assert para in kept


@given(PARAS)
def test_keeps_first_copies_in_order_and_is_idempotent(paras: list[str]) -> None:
    result = remove_repeats(body(*paras))
    kept = [p for p in result.body.split("\n\n") if p]
    assert list(dict.fromkeys(kept)) == list(dict.fromkeys(paras))  # first occurrences, in order
    again = remove_repeats(result.body)  # a second pass finds nothing more to remove
    assert again.body == result.body
    assert (again.paragraphs_removed, again.bodies_removed) == (0, 0)


@given(PARAS, PARAS)
def test_deterministic_in_either_order(first: list[str], second: list[str]) -> None:
    a, b = body(*first), body(*second)
    forward = (remove_repeats(a), remove_repeats(b))
    backward = (remove_repeats(b), remove_repeats(a))
    assert forward == backward[::-1]
