"""Near-duplicate detection: token-set Jaccard similarity, with MinHash bands as the index.

The text (title and summary) is normalised — lowercase, punctuation removed, whitespace collapsed — and
split into a set of words. A MinHash signature of ``BANDS`` × ``ROWS`` values estimates the Jaccard
similarity; entries that share any band (an indexed ``EntryBand.key``) are the candidates, and only
those from the last ``SYNDICATION_DUPLICATE_WINDOW_DAYS`` days are compared exactly. With 6 bands of 3
rows, two texts of similarity 0.9 share a band with probability 0.9996; at 0.5 about half the time,
which the exact comparison then rejects. The work per entry is bounded by ``CANDIDATE_LIMIT``.
"""

from __future__ import annotations

import hashlib
import re
import struct

BANDS = 6
ROWS = 3
THRESHOLD = 0.9
MIN_TOKENS = 8  # shorter texts are too alike by chance ("Pengumuman", "Agenda hari ini")
CANDIDATE_LIMIT = 50

_PUNCTUATION = re.compile(r"[^\w\s]+", re.UNICODE)
_MERSENNE = (1 << 61) - 1
# Fixed, reproducible hash parameters (a, b) for h(x) = (a·x + b) mod p.
_PARAMS = [
    (
        int.from_bytes(hashlib.sha256(f"a{i}".encode()).digest()[:8], "big") % (_MERSENNE - 1) + 1,
        int.from_bytes(hashlib.sha256(f"b{i}".encode()).digest()[:8], "big") % _MERSENNE,
    )
    for i in range(BANDS * ROWS)
]


def normalise(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", (text or "").lower()).replace("_", " ").split())


def tokens(text: str) -> frozenset[str]:
    return frozenset(normalise(text).split())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(words: frozenset[str]) -> list[int]:
    """The MinHash signature of a set of words (empty for texts too short to compare)."""
    if len(words) < MIN_TOKENS:
        return []
    hashed = [struct.unpack(">Q", hashlib.blake2b(w.encode(), digest_size=8).digest())[0] for w in words]
    return [min((a * x + b) % _MERSENNE for x in hashed) for a, b in _PARAMS]


def band_keys(sig: list[int]) -> list[str]:
    keys = []
    for band in range(BANDS if sig else 0):
        values = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def fingerprint(sig: list[int]) -> str:
    return " ".join(f"{value:x}" for value in sig)


def comparable_text(title: str, summary: str) -> str:
    return f"{title} {summary}"
