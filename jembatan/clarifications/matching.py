"""\"Cek pesan ini\": find the published clarifications a forwarded message is about.

1. **Normalise**: NFKC, case-folded; the "Diteruskan" / "Forwarded" headers, web addresses, emoji and
   punctuation removed; letters repeated for emphasis collapsed ("bangeeet"); common chat slang spelled
   out ("yg" → "yang", "gak" → "tidak").
2. **Exact**: the normalised text's SHA-256 against the library's.
3. **Candidates**: MinHash LSH (``datasketch``) on word 3-shingles finds near-duplicates among all claims
   without comparing to each; at most ``CANDIDATES`` are kept.
4. **Rank**: cosine of character n-grams (3-5, ``char_wb``, scikit-learn's hashing vectorizer, so nothing is
   fitted or kept per claim) between the message and each candidate, robust to typos and affixes without
   stemming. A message that is a shortened copy keeps
   a high score through its containment in the claim (the share of its n-grams the claim holds).

Above ``FACTCHECK_AUTO_THRESHOLD`` the answer is given at once; between that and
``FACTCHECK_SUGGEST_THRESHOLD`` the message is queued for an officer ("sedang kami periksa"). The
thresholds are settings, tuned on the labelled fixture in ``tests/fixtures/hoaks/``.

The index of the published claims is built once per process and rebuilt when the library changes (a
generation number in the cache, bumped on every publication).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2.0's hashing scheme of the kept signatures
LSH_THRESHOLD = 0.2
CANDIDATES = 500
GENERATION_KEY = "clarifications:index-generation"

FORWARDED = re.compile(
    r"^\s*\W*\s*(diteruskan( berkali-kali)?|forwarded( many times)?|pesan terusan)\s*\W*\s*$",
    re.IGNORECASE | re.MULTILINE,
)
URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
REPEATS = re.compile(r"(\w)\1{2,}")
SLANG = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "sdh": "sudah", "udh": "sudah", "udah": "sudah", "utk": "untuk",
    "tdk": "tidak", "gak": "tidak", "ga": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
    "krn": "karena", "karna": "karena", "dr": "dari", "jg": "juga", "aja": "saja", "tp": "tapi", "tpi": "tapi",
    "blm": "belum", "sy": "saya", "aku": "saya", "km": "kamu", "bs": "bisa", "bisa2": "bisa", "sm": "sama",
    "dlm": "dalam", "kl": "kalau", "kalo": "kalau", "klo": "kalau", "org": "orang", "hrs": "harus", "jgn": "jangan",
    "skrg": "sekarang", "skrang": "sekarang", "bgt": "banget", "pd": "pada", "spt": "seperti", "sbg": "sebagai",
    "thd": "terhadap", "lg": "lagi", "lgsg": "langsung", "tlg": "tolong", "info2": "info", "dpt": "dapat",
    "sampe": "sampai", "smpe": "sampai", "gimana": "bagaimana", "gmn": "bagaimana", "rb": "ribu", "jt": "juta",
}  # fmt: skip


IMAGE_SCALE = 32  # a perceptual-hash distance of d bits scores 1 - d / 32 (6 bits: 0.81; 12: 0.63)


def image_hash(data: bytes) -> str:
    """The perceptual hash (``imagehash.phash``, 64 bits) of an image: close for a copy re-compressed,
    resized or lightly cropped by the apps it went through."""
    import io

    import imagehash
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return str(imagehash.phash(image.convert("RGB")))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = FORWARDED.sub(" ", text)
    text = URL.sub(" ", text)
    text = re.sub(r"[^\w\s]|_", " ", text)  # emoji, punctuation and symbols
    words = [SLANG.get(word, word) for word in REPEATS.sub(r"\1", text).split()]
    return " ".join(words)


def text_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode()).hexdigest()


def shingles(normalised: str) -> set[str]:
    words = normalised.split()
    if len(words) < 3:
        return set(words)
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _minhash(normalised: str):
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([s.encode() for s in shingles(normalised)])
    return signature


def signature(text: str) -> bytes:
    """A claim's MinHash, kept with it so that building the index needs no hashing of every claim."""
    return _minhash(normalise(text)).hashvalues.astype("<u8").tobytes()


def _from_signature(data: bytes):
    import numpy
    from datasketch import LeanMinHash

    return LeanMinHash(seed=1, hashvalues=numpy.frombuffer(data, dtype="<u8"), scheme=SCHEME)


@dataclass(frozen=True)
class Match:
    claim_id: int
    score: float


class Index:
    """The published claims of a regency, ready to match."""

    def __init__(self, rows: list[tuple[int, str]], signatures: dict[int, bytes] | None = None,
                 images: dict[int, str] | None = None):  # fmt: skip
        from datasketch import MinHashLSH
        from sklearn.feature_extraction.text import HashingVectorizer

        self.texts = {pk: normalise(text) for pk, text in rows}
        self.images = {pk: int(value, 16) for pk, value in (images or {}).items() if value}
        self.by_hash = {text_hash(text): pk for pk, text in self.texts.items()}
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        with self.lsh.insertion_session() as session:
            for pk, text in self.texts.items():
                kept = (signatures or {}).get(pk)
                session.insert(pk, _from_signature(kept) if kept else _minhash(text))
        # Hashed character n-grams: nothing to fit or keep per claim, so the index stays small at any size.
        self.vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
                                            n_features=2**20)  # fmt: skip

    def add(self, pk: int, text: str, kept: bytes | None = None, image: str = "") -> None:
        self.remove(pk)
        if image:
            self.images[pk] = int(image, 16)
        self.texts[pk] = normalise(text)
        self.by_hash[text_hash(self.texts[pk])] = pk
        self.lsh.insert(pk, _from_signature(kept) if kept else _minhash(self.texts[pk]))

    def remove(self, pk: int) -> None:
        self.images.pop(pk, None)
        if pk in self.texts:
            self.by_hash.pop(text_hash(self.texts.pop(pk)), None)
            self.lsh.remove(pk)

    def match_image(self, hashed: str, *, limit: int = 3) -> list[Match]:
        """The claims whose image is closest to this one (Hamming distance of the perceptual hashes)."""
        value = int(hashed, 16)
        scored = [Match(pk, round(max(0.0, 1 - (value ^ other).bit_count() / IMAGE_SCALE), 3))
                  for pk, other in self.images.items()]  # fmt: skip
        return sorted((m for m in scored if m.score > 0), key=lambda m: -m.score)[:limit]

    def match(self, text: str, *, limit: int = 3) -> list[Match]:
        normalised = normalise(text)
        if not normalised or not self.texts:
            return []
        exact = self.by_hash.get(text_hash(normalised))
        if exact is not None:
            return [Match(exact, 1.0)]
        candidates = self.lsh.query(_minhash(normalised))[:CANDIDATES]
        if not candidates:
            return []
        matrix = self.vectorizer.transform([normalised] + [self.texts[pk] for pk in candidates])
        query, others = matrix[0], matrix[1:]
        cosine = (others @ query.T).toarray().ravel()
        # Containment: how much of the message the claim holds (a shortened forward is all in the claim).
        present = (query > 0).astype("float32")
        held = ((others > 0).astype("float32") @ present.T).toarray().ravel() / max(present.sum(), 1.0)
        scored = sorted(
            (Match(pk, round(float(max(c, 0.9 * h * (c ** 0.5))), 3)) for pk, c, h in zip(candidates, cosine, held,
                                                                                          strict=True)),
            key=lambda m: -m.score,
        )  # fmt: skip
        return scored[:limit]


_indexes: dict[str, tuple[int, datetime.datetime, Index]] = {}
_lock = threading.Lock()


def generation() -> int:
    return cache.get(GENERATION_KEY) or 0


def bump_generation() -> None:
    """After a publication (or a change to a published claim): the next match rebuilds the index."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def index_for(regency_code: str) -> Index:
    """The regency's index: built once per process, then brought up to date with the claims changed since
    (a publication adds one claim: the whole library is not read again)."""
    from django.utils import timezone

    from jembatan.clarifications.models import Claim, ClaimStatus

    current = generation()
    with _lock:
        cached = _indexes.get(regency_code)
        if cached is not None and cached[0] == current:
            return cached[2]
        started = timezone.now()
        if cached is None:
            rows = list(
                Claim.objects.filter(regency_id=regency_code, status=ClaimStatus.PUBLISHED)
                .order_by("id")
                .values_list("id", "circulated_text", "signature", "image_hash")
            )
            index = Index([(pk, text) for pk, text, _s, _i in rows], {pk: bytes(s) for pk, _t, s, _i in rows if s},
                          {pk: image for pk, _t, _s, image in rows if image})  # fmt: skip
        else:
            index = cached[2]
            changed = Claim.objects.filter(
                regency_id=regency_code, updated_at__gte=cached[1] - datetime.timedelta(seconds=5)
            ).values_list("id", "circulated_text", "signature", "status", "image_hash")
            for pk, text, kept, status, image in changed:
                if status == ClaimStatus.PUBLISHED:
                    index.add(pk, text, bytes(kept) if kept else None, image)
                else:
                    index.remove(pk)
        _indexes[regency_code] = (current, started, index)
        return index


def match(text: str, *, regency_code: str, limit: int = 3, image: bytes | None = None) -> list[Match]:
    """The best claims for a message's text and, when it has one, its image (a claim's best of the two)."""
    index = index_for(regency_code)
    found = index.match(text, limit=limit) if text.strip() else []
    if image is not None:
        found += index.match_image(image_hash(image), limit=limit)
    best: dict[int, float] = {}
    for item in found:
        best[item.claim_id] = max(best.get(item.claim_id, 0.0), item.score)
    return [Match(pk, score) for pk, score in sorted(best.items(), key=lambda pair: -pair[1])][:limit]


def decision(score: float) -> str:
    """``answer`` (at once), ``check`` (queued for an officer) or ``unknown``."""
    if score >= settings.FACTCHECK_AUTO_THRESHOLD:
        return "answer"
    if score >= settings.FACTCHECK_SUGGEST_THRESHOLD:
        return "check"
    return "unknown"
