"""Turning a fetched body into entries: JSON Feed 1.1 with ``json``, RSS and Atom with feedparser.

XML is decoded here (byte-order mark, then the XML declaration, then the HTTP charset, then UTF-8),
checked for a mislabelled encoding, and checked with defusedxml before feedparser sees it: a DTD or an
entity declaration is refused at once (the "billion laughs" bomb never expands), and malformed XML is
reported with its line. Every text is plain (markup stripped) and capped; content HTML is sanitised
with nh3; dates become aware datetimes in UTC.
"""

from __future__ import annotations

import calendar
import codecs
import datetime
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import feedparser
import nh3
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jembatan.core.errors import DomainError

TITLE_MAX = 300
SUMMARY_MAX = 2000
AUTHOR_MAX = 200
CONTENT_MAX = 200_000
GUID_MAX = 500
URL_MAX = 1000

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE | re.S)
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}


class ParseError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="feed_parse_error")


@dataclass
class ParsedEntry:
    guid: str
    url: str
    title: str
    summary: str
    content_html: str
    author: str = ""
    published_at: datetime.datetime | None = None


@dataclass
class ParsedFeed:
    kind: str  # "json", "rss" or "atom" (feedparser's version name for other XML dialects)
    title: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    total_entries: int = 0


# --- Text helpers -------------------------------------------------------------------------------


def plain_text(value: str, limit: int) -> str:
    """Markup stripped (script and style contents removed), entities decoded, whitespace collapsed."""
    if not value:
        return ""
    text = html.unescape(nh3.clean(str(value), tags=set()))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sanitise_html(value: str) -> str:
    """Content HTML with only harmless tags and attributes; links open safely and only http(s)/mailto."""
    if not value:
        return ""
    return nh3.clean(
        str(value)[:CONTENT_MAX],
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def web_url(value: str) -> str:
    """``value`` if it is an absolute http(s) URL of sensible length, otherwise ''."""
    value = (value or "").strip()
    if len(value) > URL_MAX:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.netloc else ""


def _guid(raw: str, url: str, title: str, published: datetime.datetime | None) -> str:
    """The entry's id, or its link, or a hash of title and date; hashed when too long for the column."""
    guid = (raw or "").strip() or url
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}|{published}".encode()).hexdigest()
    if len(guid) > GUID_MAX:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return guid


# --- Entry point --------------------------------------------------------------------------------


def parse_feed(body: bytes, content_type: str = "") -> ParsedFeed:
    """Parse a fetched body. Raises ParseError with a message for the editors."""
    stripped = body.lstrip(b" \t\r\n")
    if not stripped or not body.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError(_("The feed is empty: the server sent no content."))
    if _looks_like_json(stripped, content_type):
        return _parse_json_feed(body)
    text = _decode_xml(body, content_type)
    if _HTML_START.match(_XML_DECLARATION_TEXT.sub("", text, count=1)):  # XHTML may carry a declaration
        raise ParseError(
            _(
                "This address returns a web page (HTML), not a feed. Ask the publisher for the address of its "
                "RSS, Atom or JSON feed."
            )
        )
    return _parse_xml_feed(text)


def _looks_like_json(stripped: bytes, content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type.endswith("json"):
        return True
    if stripped.startswith(codecs.BOM_UTF8):
        stripped = stripped[len(codecs.BOM_UTF8) :].lstrip()
    return stripped[:1] in (b"{", b"[")


# --- JSON Feed ----------------------------------------------------------------------------------


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        data = json.loads(body)
    except UnicodeDecodeError as exc:
        raise ParseError(_("The JSON feed is not valid UTF-8 text.")) from exc
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("The JSON is not valid on line %(line)s, column %(column)s: %(detail)s.")
            % {"line": exc.lineno, "column": exc.colno, "detail": exc.msg}
        ) from exc
    except RecursionError as exc:
        raise ParseError(_("The JSON is nested too deeply to be a feed.")) from exc
    if not isinstance(data, dict):
        raise ParseError(_("This is not a JSON Feed: the document must be an object."))
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise ParseError(_('This is not a JSON Feed: the "version" field is missing or unknown.'))
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError(_('This is not a JSON Feed: the "items" list is missing.'))
    parsed = ParsedFeed(kind="json", title=plain_text(_str(data.get("title")), TITLE_MAX), total_entries=len(items))
    for position, item in enumerate(items[: settings.SYNDICATION_MAX_ENTRIES], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)) or item.get("id") == "":
            raise ParseError(_('This is not a valid JSON Feed: item %(number)s has no "id".') % {"number": position})
        url = web_url(_str(item.get("url")) or _str(item.get("external_url")))
        content = _str(item.get("content_html"))
        if not content and _str(item.get("content_text")):
            content = "<p>" + html.escape(_str(item.get("content_text"))) + "</p>"
        summary_source = _str(item.get("summary")) or content
        title = plain_text(_str(item.get("title")), TITLE_MAX) or plain_text(summary_source, 80)
        published = _json_date(item.get("date_published")) or _json_date(item.get("date_modified"))
        authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        author = ", ".join(_str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))
        parsed.entries.append(
            ParsedEntry(
                guid=_guid(str(item["id"]), url, title, published),
                url=url,
                title=title or _("(untitled)"),
                summary=plain_text(summary_source, SUMMARY_MAX),
                content_html=sanitise_html(content),
                author=plain_text(author, AUTHOR_MAX),
                published_at=published,
            )
        )
    return parsed


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _json_date(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed.astimezone(datetime.UTC)


# --- XML: encoding ------------------------------------------------------------------------------


def _decode_xml(body: bytes, content_type: str) -> str:
    """The document as text, honouring its declared encoding, refusing what cannot be decoded."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _decode(body[len(bom) :], encoding, source="bom")
    if body.startswith((b"<\x00", b"\x00<")):
        raise ParseError(
            _("The feed looks like UTF-16 text without a byte-order mark; ask the publisher to add one or use UTF-8.")
        )
    declared = _XML_DECLARATION.match(body)
    if declared:
        return _decode(body, declared.group(1).decode("ascii"), source="declaration")
    charset = _CHARSET.search(content_type or "")
    if charset:
        return _decode(body, charset.group(1), source="header")
    return _decode(body, "utf-8", source="default")


def _decode(body: bytes, encoding: str, *, source: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise ParseError(
            _('The feed declares an unknown character encoding "%(encoding)s".') % {"encoding": encoding[:40]}
        ) from exc
    if codec.startswith(("utf-16", "utf-32")) and source != "bom":
        raise ParseError(
            _("The feed says it is %(encoding)s but has no byte-order mark; ask the publisher to use UTF-8.")
            % {"encoding": encoding[:40]}
        )
    if codec in _SINGLE_BYTE and source != "bom" and _is_utf8_with_multibyte(body):
        # Labelled Latin-1 / Windows-1252 but really UTF-8: decoding as labelled would store "Ã©"
        # instead of "é". The bytes are valid UTF-8 with non-ASCII sequences, which Latin text is not.
        codec = "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise ParseError(
            _(
                "The feed is not valid %(encoding)s text: byte 0x%(byte)02X on line %(line)s cannot be read. "
                "Its encoding is probably declared wrongly; ask the publisher to fix it."
            )
            % {"encoding": encoding[:40].upper(), "byte": body[exc.start], "line": line}
        ) from exc


def _is_utf8_with_multibyte(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(byte >= 0x80 for byte in body)


# --- XML: structure -----------------------------------------------------------------------------


def _parse_xml_feed(text: str) -> ParsedFeed:
    # Re-declared as UTF-8 on the same first line, so the line numbers in errors are the publisher's.
    rest = text.lstrip()
    line_offset = text[: len(text) - len(rest)].count("\n")
    rest = _XML_DECLARATION_TEXT.sub("", rest, count=1)
    document = ('<?xml version="1.0" encoding="utf-8"?>' + rest).encode("utf-8")
    try:
        root = SafeET.fromstring(document, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(
            _(
                "The feed declares a DTD or XML entities, which are refused for safety "
                "(they can be used to overload the server)."
            )
        ) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        detail = str(exc).split(":")[0]
        raise ParseError(
            _("The XML is not valid on line %(line)s, column %(column)s: %(detail)s.")
            % {"line": line + line_offset, "column": column + 1, "detail": detail}
        ) from exc
    parsed = feedparser.parse(document, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version:
        tag = root.tag.rsplit("}", 1)[-1]
        raise ParseError(
            _("This XML document is not an RSS or Atom feed (its root element is <%(tag)s>).") % {"tag": tag[:40]}
        )
    if parsed.get("bozo") and not parsed.entries:
        raise ParseError(
            _("The feed could not be read: %(detail)s") % {"detail": str(parsed.get("bozo_exception"))[:200]}
        )
    kind = "atom" if version.startswith("atom") else "rss"
    result = ParsedFeed(
        kind=kind, title=plain_text(parsed.feed.get("title", ""), TITLE_MAX), total_entries=len(parsed.entries)
    )
    for entry in parsed.entries[: settings.SYNDICATION_MAX_ENTRIES]:
        result.entries.append(_xml_entry(entry))
    return result


def _xml_entry(entry) -> ParsedEntry:
    url = web_url(entry.get("link", ""))
    contents = entry.get("content") or []
    content = contents[0].get("value", "") if contents else ""
    summary_source = entry.get("summary", "") or content
    if not content:
        content = summary_source
    title = plain_text(entry.get("title", ""), TITLE_MAX) or plain_text(summary_source, 80)
    published = _struct_time(entry.get("published_parsed")) or _struct_time(entry.get("updated_parsed"))
    return ParsedEntry(
        guid=_guid(entry.get("id", ""), url, title, published),
        url=url,
        title=title or _("(untitled)"),
        summary=plain_text(summary_source, SUMMARY_MAX),
        content_html=sanitise_html(content),
        author=plain_text(entry.get("author", ""), AUTHOR_MAX),
        published_at=published,
    )


def _struct_time(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(value), tz=datetime.UTC)
    except (OverflowError, ValueError, TypeError):
        return None
