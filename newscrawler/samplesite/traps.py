"""Bad input the sample site serves on purpose, so that a crawl meets it.

Each trap is linked from the home page and the pages sitemap. A crawler must
go on past every one of them without storing it as an article.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

import random
from functools import lru_cache

from newscrawler.samplesite.reply import Reply

HUGE_BYTES = 5 * 1024 * 1024
OFFSITE = "http://offsite.invalid/news/1"

TRAP_LINKS: tuple[tuple[str, str], ...] = (
    ("/bad/malformed", "ভাঙা পাতা"),
    ("/bad/empty", "ফাঁকা পাতা"),
    ("/bad/charset", "ভুল অক্ষরসংকেতের পাতা"),
    ("/bad/huge", "বিশাল পাতা"),
    ("/bad/report.pdf", "বার্ষিক প্রতিবেদন (পিডিএফ)"),
    ("/bad/loop-a", "ঘূর্ণায়মান লিংক"),
    ("/bad/offsite", "অন্য সাইটের লিংক"),
    ("/bad/reset", "সংযোগ বিচ্ছিন্ন"),
)
# path -> kind, as listed by SampleSite.expected_non_articles().
TRAP_KINDS = {
    "/bad/malformed": "malformed-html",
    "/bad/empty": "empty",
    "/bad/charset": "wrong-charset",
    "/bad/huge": "huge",
    "/bad/report.pdf": "binary",
    "/bad/loop-a": "redirect-loop",
    "/bad/loop-b": "redirect-loop",
    "/bad/offsite": "offsite-redirect",
    "/bad/reset": "connection-reset",
    "/sitemap-video.xml": "sitemap-not-xml",
}

MALFORMED = """<html><head><title>ভাঙা পাতা<title></head>
<body><div class="content"><h1>অসম্পূর্ণ শিরোনাম
<p>এই অনুচ্ছেদটি শেষ হয়নি <b>মোটা লেখা <i>বাঁকা লেখা</b></i>
<table><tr><td>ঘর<p>আরেকটি অনুচ্ছেদ <a href="/bad/empty>ভাঙা লিংক</a>
</div></div></span><script>var x = "<p>";</body>"""

WRONG_CHARSET = """<!DOCTYPE html>
<html lang="bn"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>ভুল অক্ষরসংকেতে লেখা নোটিশ</title></head>
<body><h1>ভুল অক্ষরসংকেতে লেখা নোটিশ</h1>
<p>এই পাতার বাইটগুলো ইউনিকোড ইউটিএফ-৮ এ লেখা, কিন্তু সার্ভার ও পাতা দুটোই বলছে আইএসও-৮৮৫৯-১। সঠিকভাবে না পড়লে লেখাগুলো অর্থহীন চিহ্নে পরিণত হয়।</p>
<p>বাস্তবের কয়েকটি পুরোনো বাংলা সংবাদ পোর্টালেও এমন ভুল ঘোষণা দেখা যায়; ক্রলারকে তা সামলাতে হয়।</p>
</body></html>"""

NOT_XML_SITEMAP = """<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8"><title>ভিডিও</title></head>
<body><h1>ভিডিও সাইটম্যাপ শিগগিরই আসছে</h1><p>এই ঠিকানায় এখন কোনো এক্সএমএল নেই।</p></body></html>"""


@lru_cache(maxsize=1)
def huge_page() -> bytes:
    """A 5 MB HTML page of repeated Bengali paragraphs (built once)."""
    para = "<p>" + "বিশাল পাতার পরীক্ষামূলক লেখা, যা বারবার ফিরে আসে। " * 20 + "</p>\n"
    head = b'<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8">'
    head += "<title>বিশাল পাতা</title></head><body>\n".encode()
    tail = b"</body></html>\n"
    chunk = para.encode("utf-8")
    count = (HUGE_BYTES - len(head) - len(tail)) // len(chunk)
    body = head + chunk * count
    return body + b" " * (HUGE_BYTES - len(body) - len(tail)) + tail


@lru_cache(maxsize=1)
def binary_file() -> bytes:
    rng = random.Random("samplesite:pdf")
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(64 * 1024) + b"\n%%EOF\n"


def trap(path: str) -> Reply | None:
    """The reply for a trap path, or None when ``path`` is not one."""
    if path == "/bad/malformed":
        return Reply.html(MALFORMED)
    if path == "/bad/empty":
        return Reply(200, b"", "text/html; charset=utf-8")
    if path == "/bad/charset":
        return Reply(200, WRONG_CHARSET.encode("utf-8"), "text/html; charset=iso-8859-1")
    if path == "/bad/huge":
        return Reply(200, huge_page(), "text/html; charset=utf-8")
    if path == "/bad/report.pdf":
        return Reply(200, binary_file(), "application/pdf")
    if path in ("/bad/loop-a", "/bad/loop-b"):
        return Reply.redirect("/bad/loop-b" if path.endswith("a") else "/bad/loop-a", 302)
    if path == "/bad/offsite":
        return Reply.redirect(OFFSITE, 301)
    if path == "/bad/reset":
        return Reply(reset=True)
    if path == "/sitemap-video.xml":
        return Reply(200, NOT_XML_SITEMAP.encode("utf-8"), "text/html; charset=utf-8")
    return None
