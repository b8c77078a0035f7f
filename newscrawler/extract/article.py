"""The cascade itself: run every field extractor on one parsed page.

:func:`build` returns plain field values for :class:`newscrawler.extract.Extracted`
or ``None`` when the page is not an article (see :mod:`.evidence`). Each field
goes from the most trusted source to the least: the site profile's selector,
JSON-LD, meta, then the visible page. The body must agree with a structured copy
of the story when the page has one (:mod:`.reference`).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from newscrawler.extract import byline, dateline, evidence, jsonld
from newscrawler.extract.body import (
    BodyResult,
    best_container,
    extract_body,
    letters,
    link_density,
    looks_like_listing,
    merge_split_body,
)
from newscrawler.extract.dom import (
    Element,
    lines_of,
    parse,
    remove_css,
    tag_of,
    text_of,
)
from newscrawler.extract.meta import PUBLISHED_KEYS, UPDATED_KEYS, Meta, link_href, read_meta
from newscrawler.extract.pagedata import page_data_objects, pagedata_candidates
from newscrawler.extract.reference import (
    AGREE_SHARE,
    Reference,
    agreeing_container,
    agrees,
    held_letters,
    make_reference,
    matched_letters,
)
from newscrawler.extract.second import MUCH_LARGER, is_thin, second_opinion
from newscrawler.extract.section import extract_section
from newscrawler.extract.story import PageIdentity, record_text, story_record
from newscrawler.extract.tags import extract_tags
from newscrawler.extract.title import (
    choose_title,
    headline_element,
    headline_text,
    is_logo,
    is_placeholder,
    strip_site_suffix,
    subtitle_after,
)
from newscrawler.items import DateCandidate
from newscrawler.profiles import SiteProfile
from newscrawler.text.language import is_bengali
from newscrawler.text.urls import site_key

logger = logging.getLogger(__name__)

MAX_LINK_DENSITY = 0.35
# A page-data record's text must be this long to stand for the story (not a blurb).
MIN_RECORD_LETTERS = 200
LIST_TAGS = frozenset({"ul", "ol", "table", "tbody", "tr", "nav", "menu"})


class Page:
    """One parsed page with its structured data read once."""

    def __init__(self, selector: Selector, url: str, profile: SiteProfile | None) -> None:
        self.selector = selector
        self.root: Element = selector.root
        self.url = url
        self.profile = profile
        self.objects = jsonld.page_objects(selector)
        self.article = jsonld.find_article(self.objects)
        # Several article objects may describe a listing's cards, not this page.
        self.single_article = jsonld.article_count(self.objects) <= 1
        self.meta: Meta = read_meta(selector)
        self.data = page_data_objects(selector)
        self.identity = PageIdentity.of(self._own_urls(), self._titles())
        self.reference = self._reference()
        self._matched: dict[Element, int] | None = None

    def agrees(self, container: Element | None) -> bool:
        """Whether ``container`` holds the visible copy of the reference.

        Cheap first: a container holding most of the reference's text agrees
        without a pass over the whole page.
        """
        reference = self.reference
        if reference is None or container is None:
            return False
        if held_letters(container, reference) >= AGREE_SHARE * reference.letters:
            return True
        return agrees(container, self.matched())

    def matched(self) -> dict[Element, int]:
        """Letters of the reference found under each element (computed once)."""
        if self._matched is None:
            reference = self.reference
            self._matched = matched_letters(self.root, reference) if reference else {}
        return self._matched

    def _own_urls(self) -> list[str | None]:
        return [self.url, link_href(self.selector, "canonical"), self.meta.first("og:url")]

    def _titles(self) -> list[str | None]:
        raw = [jsonld.clean(self.ld("headline")), self.meta.first("og:title"),
               self.meta.first("twitter:title"), self.selector.xpath("string(//title)").get(),
               *(text_of(h) for h in self.root.iter("h1") if not is_logo(h))]  # fmt: skip
        names = self.site_names()
        titles = [*raw, *(strip_site_suffix(t, names) for t in raw if t)]
        return [t for t in titles if t and not is_placeholder(t, names)]

    def _reference(self) -> Reference | None:
        """The story text as structured data holds it: ``articleBody``, else the page record."""
        body = self.ld("articleBody")
        found = make_reference(body if isinstance(body, str) else None, "jsonld")
        if found is not None or not evidence.article_url(self.url):
            return found  # a section page's record is a collection, not a story
        for data in self.data:
            record = story_record(data, self.identity)
            text = record_text(record) if record is not None else ""
            if letters(text) >= MIN_RECORD_LETTERS:
                return make_reference(text, "pagedata")
        return None

    def prefer(self, name: str) -> list[Element]:
        """Elements matching the profile's preferred selector for a field."""
        css = self.profile.prefer.get(name) if self.profile else None
        return [s.root for s in self.selector.css(css)] if css else []

    def ld(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def site_names(self) -> list[str]:
        publisher = self.ld("publisher")
        names = [
            self.meta.first("og:site_name"),
            self.meta.first("application-name"),
            jsonld.clean(publisher) if isinstance(publisher, dict | str) else None,
        ]
        return [n for n in names if n]


def build(
    html: str, url: str, profile: SiteProfile | None, second: bool = True
) -> dict[str, Any] | None:
    """Field values of the article on the page, or ``None`` when there is none.

    ``second``: ask trafilatura for a second opinion on a thin body (:mod:`.second`).
    """
    selector = parse(html, url)
    if selector is None:
        return None
    for css in profile.remove if profile else ():
        remove_css(selector, css)
    page = Page(selector, url, profile)
    body = _body(page)
    if second and page.reference is None and not page.prefer("body"):
        body = _second_opinion(page, html, body)
    headline = _headline(page, body.container)
    if headline is not None and body.container is not None and _holds(body.container, headline):
        body = extract_body(page.root, body.container, after=headline)
    area = article_area(page.root, headline, body.container)
    text_dates = dateline.text_candidates(area, headline, body.container)
    text = body.text or _reference_body(page)
    if not _is_article(page, body, text, headline, bool(text_dates)):
        return None
    title = _title(page, headline)
    authors = _authors(page, headline)
    text = _without_credit_lines(text, authors)
    return {
        "canonical_url": _canonical(page),
        "title": title,
        "subtitle": _subtitle(page, headline),
        "body": text or None,
        "authors": authors,
        "section": _section(page, title),
        "tags": _tags(page, headline),
        "date_candidates": _dates(page, text_dates),
        "language": _language(page, title, text),
        "image_url": _image(page),
    }


def article_area(root: Element, headline: Element | None, body: Element | None) -> Element:
    """The parent of the smallest element holding both headline and body (else the page).

    Datelines sit beside the headline or the body, seldom further away; reading
    only this area keeps a 5 MB page of cards fast and their dates out.
    """
    if headline is None or body is None:
        return root
    ancestors = set(headline.iterancestors()) | {headline}
    common = next((el for el in [body, *body.iterancestors()] if el in ancestors), None)
    if common is None:
        return root
    parent = common.getparent()
    return parent if parent is not None else common


def _body(page: Page) -> BodyResult:
    """The profile's body, else the best container, else the one agreeing with the reference."""
    preferred = page.prefer("body")
    if preferred:
        return extract_body(page.root, preferred[0])
    chosen = best_container(page.root)
    reference = page.reference
    if reference is not None and not page.agrees(chosen):
        container, _ = agreeing_container(page.matched())
        if container is not None:
            logger.debug("body from the container agreeing with %s text", reference.source)
            chosen = merge_split_body(container)
        elif not reference.truncated and _visible_letters(chosen) < reference.letters // 2:
            return BodyResult(None, [])  # the visible text is something else: use the reference
    return extract_body(page.root, chosen)


def _second_opinion(page: Page, html: str, body: BodyResult) -> BodyResult:
    """A thin body gives way to the container holding trafilatura's much larger text.

    Asked only on a page that says it is one article (an article URL, JSON-LD or
    meta date): on listings trafilatura finds "text" in the cards.
    """
    if not is_thin(letters(body.text), len(body.paragraphs)) or not _says_article(page):
        return body
    opinion = second_opinion(html, page.url)
    if opinion is None:
        return body
    container, found = agreeing_container(matched_letters(page.root, opinion))
    if container is None or found < MUCH_LARGER * max(letters(body.text), 1):
        return body
    logger.debug("body from the container of trafilatura's text (%d letters)", found)
    return extract_body(page.root, merge_split_body(container))


def _says_article(page: Page) -> bool:
    if page.article is not None and page.single_article:
        return True
    return evidence.article_url(page.url) or any(page.meta.first(k) for k in PUBLISHED_KEYS)


def _holds(container: Element, el: Element) -> bool:
    return any(a is container for a in el.iterancestors())


def _without_credit_lines(text: str, authors: list[str]) -> str:
    """The body without leading lines that are only the byline (a credit above the story)."""
    paragraphs = text.split("\n\n")
    credits = {" ".join(a.split()) for a in authors}
    while len(paragraphs) > 1 and " ".join(paragraphs[0].split()) in credits:
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def _reference_body(page: Page) -> str:
    """The structured copy as the body, when no visible copy was found and it is whole."""
    reference = page.reference
    return reference.body if reference is not None and not reference.truncated else ""


def _visible_letters(container: Element | None) -> int:
    return letters(text_of(container)) if container is not None else 0


def _is_article(
    page: Page, body: BodyResult, text: str, headline: Element | None, dated: bool
) -> bool:
    """Decided from all the evidence (see :mod:`.evidence`)."""
    found = _evidence(page, body, headline, dated)
    paragraphs = text.split("\n\n") if text else []
    verdict = evidence.decide(found, len(text.replace("\n\n", "")), len(paragraphs))
    logger.debug("article=%s for %s: %s %s", verdict, page.url, found.points, found.reasons)
    return verdict


def _evidence(
    page: Page, body: BodyResult, headline: Element | None, dated: bool
) -> evidence.Evidence:
    found = evidence.Evidence()
    container = body.container
    if not page.single_article:
        found.veto = "several article objects"
    elif container is not None and tag_of(container) in LIST_TAGS:
        found.veto = "list container"
    elif container is not None and looks_like_listing(container, body.paragraphs, body.blocks):
        found.veto = "cards"
    elif container is not None and link_density(container, body.blocks) > MAX_LINK_DENSITY:
        found.veto = "links"
    if page.article is not None:
        found.add("jsonld article", 2)
    if (page.meta.first("og:type") or "").lower() == "article":
        found.add("og:type")
    if any(page.meta.first(k) for k in PUBLISHED_KEYS) or page.ld("datePublished"):
        found.add("article date")
    if dated or page.root.find(".//time") is not None:
        found.add("dated line")
    body_el = page.root.find(".//body")
    if body_el is not None and evidence.single_post_body(body_el.get("class") or ""):
        found.add("single-post body")
    if evidence.article_url(page.url):
        found.add("article url")
    if headline is not None and container is not None:
        found.add("headline")
    if page.reference is not None and page.agrees(container):
        found.add("agrees with structured text", 2)
    return found


def _headline(page: Page, container: Element | None) -> Element | None:
    preferred = page.prefer("title")
    return preferred[0] if preferred else headline_element(page.root, container)


def _title(page: Page, headline: Element | None) -> str | None:
    visible = headline_text(headline) if headline is not None else None
    structured = [
        jsonld.clean(page.ld("headline")),
        page.meta.first("og:title"),
        page.meta.first("twitter:title"),
        page.selector.xpath("string(//title)").get(),
    ]
    return choose_title(visible, structured, page.site_names())


def _subtitle(page: Page, headline: Element | None) -> str | None:
    preferred = page.prefer("subtitle")
    if preferred:
        return text_of(preferred[0]) or None
    structured = jsonld.clean(page.ld("alternativeHeadline"))
    if structured or headline is None:
        return structured
    return subtitle_after(headline, None)


def _authors(page: Page, headline: Element | None) -> list[str]:
    preferred = page.prefer("authors")
    if preferred:
        return [n for el in preferred for n in byline.byline_authors(el)]
    sites = {n.casefold() for n in page.site_names()}
    structured = [n for n in jsonld.names(page.ld("author")) if n.casefold() not in sites]
    names = [n for raw in structured for n in byline.split_byline(raw)]
    if any(byline.is_account_name(n) for n in names):
        body = page.root.find(".//body")
        names = byline.credited(names, text_of(body if body is not None else page.root))
    return names or byline.visible_authors(page.root, headline)


def _section(page: Page, title: str | None) -> str | None:
    preferred = page.prefer("section")
    if preferred:
        return text_of(preferred[0]) or None
    meta_section = page.meta.first("article:section")
    return extract_section(page.article, page.objects, page.root, title, meta_section)


def _tags(page: Page, headline: Element | None) -> list[str]:
    preferred = page.prefer("tags")
    if preferred:
        return [t for el in preferred for t in lines_of(el)]
    return extract_tags(page.article, page.root, page.meta.all("article:tag"), headline)


def _dates(page: Page, text_dates: list[DateCandidate]) -> list[DateCandidate]:
    out: list[DateCandidate] = []
    for kind in ("published", "updated"):
        for el in page.prefer(kind):
            value = text_of(el) or el.get("datetime") or el.get("content") or ""
            out.append(DateCandidate(source="text", kind=kind, value=value))
    for key, kind in (("datePublished", "published"), ("dateCreated", "published"),
                      ("dateModified", "updated")):  # fmt: skip
        value = jsonld.clean(page.ld(key))
        if value:
            out.append(DateCandidate(source="jsonld", kind=kind, value=value))
    for keys, kind in ((PUBLISHED_KEYS, "published"), (UPDATED_KEYS, "updated")):
        for key in keys:
            out.extend(DateCandidate(source="meta", kind=kind, value=v) for v in page.meta.all(key))
    out.extend(pagedata_candidates(page.selector, page.identity, page.data))
    out.extend(dateline.time_candidates(page.root))
    out.extend(text_dates)
    unique: list[DateCandidate] = []
    for candidate in out:
        if candidate["value"] and candidate not in unique:
            unique.append(candidate)
    return unique


def _language(page: Page, title: str | None, body: str) -> str | None:
    if is_bengali(f"{title or ''} {body[:4000]}"):
        return "bn"
    lang = (page.root.get("lang") or page.root.get("xml:lang") or "").strip().lower()
    return lang.split("-")[0] or (page.profile.language if page.profile else None)


def _image(page: Page) -> str | None:
    image = page.ld("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    found = page.meta.first("og:image", "og:image:url", "twitter:image") or jsonld.clean(image)
    return urljoin(page.url, found) if found else None


def _canonical(page: Page) -> str | None:
    """``rel=canonical``, else ``og:url`` on the page's own host; percent-encoding kept."""
    canonical = link_href(page.selector, "canonical")
    if canonical and not is_placeholder(canonical):
        return urljoin(page.url, canonical)
    og_url = page.meta.first("og:url")
    if og_url and site_key(urljoin(page.url, og_url)) == site_key(page.url):
        return urljoin(page.url, og_url)
    return None
