"""Sanitised entry HTML to Markdown for a republished draft: paragraphs, line breaks, headings, lists,
emphasis and links survive; everything else becomes its text. The newsroom sanitises its Markdown again
when it renders, so this only has to keep the text readable and the structure."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "section", "article", "blockquote", "figure", "figcaption", "table", "tr", "pre"}
_HEADINGS = {"h1": "## ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "#### ", "h6": "#### "}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[str] = []
        self.skip = 0

    def _block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCKS:
            self._block()
        elif tag in _HEADINGS:
            self._block()
            self.out.append(_HEADINGS[tag])
        elif tag == "br":
            self.out.append("  \n")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self._block()
        elif tag == "li":
            self.out.append("\n" + ("1. " if self.lists and self.lists[-1] == "ol" else "- "))
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if href.startswith(("http://", "https://")) else None)
            if self.links[-1]:
                self.out.append("[")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCKS or tag in _HEADINGS:
            self._block()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._block()
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f"]({href.replace(')', '%29').replace(' ', '%20')})")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", data)))


def html_to_markdown(value: str, *, limit: int = 20000) -> str:
    converter = _Converter()
    converter.feed(value or "")
    converter.close()
    text = "".join(converter.out)
    text = re.sub(r"\n[ \t]+", "\n", text)  # no indentation (it would make a code block)
    text = re.sub(r"(?<! ) \n", "\n", text)  # a single trailing space is noise; two mean a line break
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
