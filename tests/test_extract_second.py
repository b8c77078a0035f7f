"""The second opinion (trafilatura) on a thin body, and when it is not asked."""

from __future__ import annotations

from newscrawler.extract import extract_article
from newscrawler.extract.second import is_thin, second_opinion

URL = "https://example.com/national/2026/03/04/123456"
TEASER = "অন্য একটি খবর: " + "জেলা শহরে নতুন সেতুর কাজ শুরু হয়েছে বলে জানিয়েছে সড়ক বিভাগ। " * 2
STORY = [
    f"রাজধানীতে আজ {n} নম্বর ঘটনাটি ঘটে। পুলিশ জানায়, তদন্ত চলছে এবং দ্রুত প্রতিবেদন দেওয়া হবে।"
    for n in ("প্রথম", "দ্বিতীয়", "তৃতীয়", "চতুর্থ", "পঞ্চম", "ষষ্ঠ")
]


def scattered_page() -> str:
    """Each paragraph wrapped apart, three levels deep, after a longer teaser card."""
    wrapped = "".join(
        f'<section class="s{i}"><div class="w{i}"><div class="x{i}"><p>{p}</p></div></div>'
        "</section>"
        for i, p in enumerate(STORY)
    )
    return (
        "<html><head><title>ঘটনা</title></head><body>"
        f'<div class="promo"><p>{TEASER}</p></div>'
        f"<h1>রাজধানীতে ছয়টি ঘটনা</h1><div class='story'>{wrapped}</div></body></html>"
    )


def test_a_thin_body_gives_way_to_the_container_of_trafilaturas_text() -> None:
    alone = extract_article(scattered_page(), URL, second_opinion=False)
    assert alone is None or alone.body != "\n\n".join(STORY)
    found = extract_article(scattered_page(), URL)
    assert found is not None
    assert found.body == "\n\n".join(STORY)


def test_no_second_opinion_on_a_page_that_is_not_one_article() -> None:
    assert extract_article(scattered_page(), "https://example.com/national") is None


def test_thin_and_opinion() -> None:
    assert is_thin(100, 1) and not is_thin(5000, 6)
    opinion = second_opinion(scattered_page(), URL)
    assert opinion is not None and opinion.source == "trafilatura"
    assert STORY[0] in opinion.text
