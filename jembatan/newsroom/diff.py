"""Word-level comparison of two revisions, as escaped HTML with <del> and <ins>."""

from __future__ import annotations

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append("".join(before[a1:a2]))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(after[b1:b2])))
    return format_html_join("", "{}", ((part,) for part in parts))  # plain parts are escaped here


def revision_changes(older, newer, fields: list[tuple[str, str]]) -> list[dict]:
    """``fields`` is [(attribute, label)]; returns the changed ones with their diff."""
    changes = []
    for name, label in fields:
        old, new = getattr(older, name, "") if older else "", getattr(newer, name, "")
        if old != new:
            changes.append({"label": label, "diff": word_diff(old, new)})
    return changes
