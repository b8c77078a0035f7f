"""Safe parsing of XML bodies (sitemaps, feeds): gzip, byte-order marks, no entities."""

from __future__ import annotations

import logging
import zlib

from lxml import etree

logger = logging.getLogger(__name__)

MAX_INFLATED = 100 * 1024 * 1024  # a sitemap may be 50 MB uncompressed; refuse gzip bombs


def inflate(body: bytes) -> bytes | None:
    """``body`` ungzipped when it is gzip, else as is; None when it is broken or too big.

    >>> import gzip
    >>> inflate(gzip.compress(b"<urlset/>"))
    b'<urlset/>'
    """
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_INFLATED)
    except zlib.error as exc:
        logger.debug("broken gzip body: %s", exc)
        return None
    if inflater.unconsumed_tail:
        logger.debug("gzip body inflates past %d bytes; ignored", MAX_INFLATED)
        return None
    return data


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=recover, huge_tree=False
    )


def parse_xml(body: bytes) -> etree._Element | None:
    """The root element of an XML body (gzip accepted), or None when it is not XML.

    A strict parse is tried first, then lxml's recovering parser for feeds
    with a stray bad character; callers check the root's name.

    >>> parse_xml(b"\\xef\\xbb\\xbf  <?xml version='1.0'?><rss/>").tag
    'rss'
    >>> parse_xml(b"") is None, parse_xml(b"\\x00\\x01binary") is None
    (True, True)
    """
    data = inflate(body or b"")
    if not data:
        return None
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not data.startswith(b"<"):
        return None
    for recover in (False, True):
        try:
            root = etree.fromstring(data, _parser(recover))
        except (etree.XMLSyntaxError, ValueError) as exc:
            logger.debug("XML parse failed (recover=%s): %s", recover, exc)
            continue
        if root is not None:
            return root
    return None


def local(element: etree._Element) -> str:
    """Tag name without namespace; '' for comments and processing instructions."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def child_text(element: etree._Element, *names: str, deep: bool = False) -> str | None:
    """Stripped text of the first child (or descendant) named one of ``names``, in that order."""
    for name in names:
        for child in element.iter() if deep else element:
            if local(child) == name:
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return None
