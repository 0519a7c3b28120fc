"""An article's text from an HTML page: trafilatura's main-content extraction, else a plain lxml text dump."""
import logging
import re

import lxml.etree
import lxml.html

log = logging.getLogger(__name__)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe", "form", "nav", "footer")
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header",
              "blockquote", "tr", "table", "ul", "ol", "pre", "figcaption", "main", "aside", "dd", "dt")


def paragraphs(text):
    """Non-empty lines, trimmed and joined by blank lines: one paragraph each, as the geoparser reads them."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in (text or "").splitlines())
    return "\n\n".join(line for line in lines if line)


def trafilatura_text(html):
    """The page's main text (headline first) by trafilatura, or "" when it finds none or is unavailable."""
    try:
        import trafilatura  # imported here: a broken optional dependency must not break the site
    except ImportError as exc:
        log.warning("trafilatura unavailable, using the lxml fallback: %s", exc)
        return ""
    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # a third-party parser on arbitrary pages: any failure means "use the fallback"
        log.exception("trafilatura failed on an uploaded page")
        return ""
    if document is None or not (document.text or "").strip():
        return ""
    body = paragraphs(document.text)
    title = (document.title or "").strip()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body


def lxml_text(html):
    """Every visible text of the page, one block element a paragraph; "" for a page lxml cannot read."""
    html = XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares its own encoding
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*DROPPED_TAGS)):
        if element is not root and element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.text is not None or len(element):
            element.text = "\n" + (element.text or "")
    return paragraphs(root.text_content())


def html_to_text(html):
    """The article text of an HTML page: trafilatura's extraction, else the lxml fallback."""
    return trafilatura_text(html) or lxml_text(html)
