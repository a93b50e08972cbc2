"""Indonesian text for search: words, stems and highlighted snippets.

A *word* is a run of Unicode letters and digits (``[^\\W_]+``), lower-cased. Each word is reduced to
its stem by the Snowball Indonesian stemmer (``pembangunan`` and ``membangun`` both become ``bangun``;
the same algorithm as PostgreSQL's ``indonesian`` text search configuration, see ADR 0013). The index stores
one stem per original word, in the same order, separated by single spaces; that alignment lets the
snippet mark the original words whose stem matched without stemming the text again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 40  # longer "words" are kept as they are, not stemmed
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12
# Words so common in Indonesian that requiring them in a query only hides results. They are still
# indexed, and a query made only of them searches for them.
QUERY_STOPWORDS = frozenset({
    "yang", "di", "ke", "dari", "dan", "atau", "untuk", "dengan", "ini", "itu", "pada", "dalam", "adalah",
    "akan", "oleh", "juga", "sebagai", "bagi", "para", "serta", "tentang", "kepada",
})  # fmt: skip


@functools.cache
def _stemmer():
    """Snowball's Indonesian stemmer (BSD licence, rules only, no dictionary): built once per process."""
    import snowballstemmer

    return snowballstemmer.stemmer("indonesian")


@functools.lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """The stem of one lower-case word; the word itself when the stemmer has nothing better."""
    if len(word) > MAX_WORD_LENGTH or not word.isalpha():
        return word
    return _stemmer().stemWord(word) or word


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


def stem_text(text: str) -> str:
    """The stems of ``text``'s words, one per word, in order, joined by spaces."""
    return " ".join(stem_word(word) for word in words(text))


def query_terms(query: str) -> list[str]:
    """The distinct stems a query must all match, in query order (bounded in length and number)."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    stems = list(dict.fromkeys(stem_word(word) for word in words(query)))
    meaningful = [stem for stem in stems if stem not in QUERY_STOPWORDS]
    return (meaningful or stems)[:MAX_QUERY_TERMS]


def _aligned_stems(text: str, stemmed: str | None, spans: list[re.Match]) -> list[str]:
    stems = stemmed.split(" ") if stemmed else []
    if len(stems) != len(spans):  # stored with another tokenisation (or not at all): stem again
        stems = [stem_word(match.group().lower()) for match in spans]
    return stems


def highlight(text: str, terms: Iterable[str], *, stemmed: str | None = None) -> SafeString:
    """The whole ``text``, HTML-escaped, with the words whose stem is in ``terms`` in ``<mark>``."""
    text = text or ""
    spans = list(WORD.finditer(text))
    stems = _aligned_stems(text, stemmed, spans)
    return _render(text, spans, stems, set(terms), 0, len(spans), ellipses=False)


def snippet(
    text: str, terms: Iterable[str], *, stemmed: str | None = None, words_before: int = 8, length: int = 30
) -> SafeString | None:
    """About ``length`` words of ``text`` around its first matching word, escaped, matches in ``<mark>``.

    None when no word of ``text`` matches.
    """
    text = text or ""
    wanted = set(terms)
    spans = list(WORD.finditer(text))
    stems = _aligned_stems(text, stemmed, spans)
    first = next((index for index, stem in enumerate(stems) if stem in wanted), None)
    if first is None:
        return None
    start = max(0, first - words_before)
    end = min(len(spans), start + length)
    return _render(text, spans, stems, wanted, start, end, ellipses=True)


def opening(text: str, *, length: int = 30) -> SafeString:
    """The first ``length`` words of ``text``, escaped (a snippet for a result matched elsewhere)."""
    text = text or ""
    spans = list(WORD.finditer(text))
    return _render(text, spans, [""] * len(spans), set(), 0, min(len(spans), length), ellipses=True)


def _render(text, spans, stems, wanted, start, end, *, ellipses: bool) -> SafeString:
    if not spans:
        return mark_safe(escape(text.strip()) if not ellipses else "")  # noqa: S308 - escaped
    begin = 0 if start == 0 else spans[start].start()
    finish = len(text) if end >= len(spans) else spans[end - 1].end()
    parts = ["… " if ellipses and start > 0 else ""]
    position = begin
    for index in range(start, end):
        match = spans[index]
        parts.append(escape(text[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if stems[index] in wanted else word)
        position = match.end()
    parts.append(escape(text[position:finish]))
    if ellipses and end < len(spans):
        parts.append(" …")
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece of text is escaped above
