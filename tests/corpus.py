"""The saved real pages of ``../shared/corpus`` by kind, named once for every test.

The lists are spelled out (rather than read from ``expected.jsonl``) so that
tests can be parametrised when the folder is absent; a test in
``test_discover_listing.py`` checks them against ``expected.jsonl``.
"""

from __future__ import annotations

ARTICLE_FILES = [
    "jugantor_article_2.html",
    "barta24_article_1.html",
    "bd-pratidin_article_1.html",
    "livenews24-student_article_1.html",
    "livenews24-student_article_2.html",
    "livenews24-student_article_3.html",
]
LISTING_FILES = [
    "prothomalo_home.html",
    "prothomalo_listing_bangladesh.html",
    "prothomalo_listing_opinion.html",
    "ittefaq_home.html",
    "jugantor_listing_firstpage.html",
    "jugantor_listing_todays_paper.html",
    "bd-pratidin_listing_1.html",
    "bdnews24_listing_archive.html",
    "somoynews_home.html",
    "kalerkantho_listing_latest.html",
    "barta24_listing_1.html",
    "samakal_listing_opinion.html",
    "livenews24-student_listing_1.html",
]
BLOCK_FILES = [
    "jagonews24_block_cloudflare_1.html",
    "kalerkantho_block_cloudflare.html",
    "jamuna_block_cloudflare.html",
]
