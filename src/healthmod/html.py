"""HTML input: detection, a line-per-block rendering, and main-text extraction (trafilatura)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

HTML_SNIFF = re.compile(r"<(?:!doctype html|html|head|body|div|p|article|section|span|meta|title)\b", re.I)
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    ]
)
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head")


# Characters XML (and so lxml) refuses: C0 controls but tab and newlines, and lone surrogates.
UNPARSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parsable(html: str) -> str:
    """The markup with the characters no HTML parser here accepts taken out."""
    return UNPARSABLE.sub("", html)


def looks_like_html(text: str) -> bool:
    """True when the first few kilobytes carry document-level or several block-level tags."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(HTML_SNIFF.findall(text[:8192])) >= 3


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(parsable(html))
    except (etree.ParserError, ValueError):
        return None


def render_text(html: str) -> str:
    """All visible text, one line per block element, as a browser's 'save as text' would give."""
    root = _parse(html)
    if root is None:
        return ""
    for el in list(root.iter(*INVISIBLE_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# A precision-leaning extraction shorter than this (in words) may have settled on a teaser box instead
# of the article; such a page gets a second, balanced extraction and keeps the longer text.
SHORT_EXTRACTION_WORDS = 50


def extract_main_text(html: str, favor: str = "precision") -> str:
    """The article text trafilatura finds, or an empty string when it finds none.

    ``favor`` is the extractor's lean on blocks it is unsure of: "precision" leaves them out,
    "recall" keeps them, "balanced" is trafilatura's default.
    """
    text = _trafilatura(html, favor)
    if favor == "precision" and len(text.split()) < SHORT_EXTRACTION_WORDS:
        text = max(text, _trafilatura(html, "balanced"), key=len)
    return text


# A document's own element: markup without one is a fragment (a CMS export's "<p>...</p>").
DOCUMENT_TAG = re.compile(r"<(?:html|body)[\s>]", re.I)


def as_document(html: str) -> str:
    """``html`` as a whole document: a fragment is wrapped in <html><body>, since trafilatura finds no
    text at all in a fragment of one element."""
    return html if DOCUMENT_TAG.search(html) else f"<html><body>{html}</body></html>"


def _trafilatura(html: str, favor: str) -> str:
    import trafilatura

    lean = {"favor_precision": favor == "precision", "favor_recall": favor == "recall"}
    page = as_document(parsable(html))
    return trafilatura.extract(page, include_comments=False, include_tables=True, **lean) or ""
