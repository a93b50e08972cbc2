"""Markdown to safe HTML, and plain text for summaries, feeds and search.

Markdown is rendered with markdown-it-py (raw HTML in the source is *not* passed through), then
the result is sanitised with nh3 against a small allow-list, so nothing an author (or a feed)
writes can run in a reader's browser.
"""

from __future__ import annotations

import html as html_module
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False}).enable("table")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    """Headings are shifted down one level: the page title is the only <h1>."""
    html = _markdown.render(text or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return sanitise_html(html)


def html_to_text(html: str) -> str:
    text = nh3.clean(html or "", tags=set())
    return _SPACES.sub(" ", html_module.unescape(_TAGS.sub(" ", text))).strip()


def markdown_to_text(text: str) -> str:
    return html_to_text(markdown_to_html(text))
