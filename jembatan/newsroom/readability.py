"""A plain-language aid for Indonesian text: advice for the writer, never a gate.

It looks at what plain-language guides for government writing ask for: short sentences, short
words, active rather than passive verbs, no unexplained jargon or abbreviations. The checks are
heuristics (Indonesian has no standard readability formula); each finding names the words so the
writer can decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LONG_SENTENCE_WORDS = 25
TARGET_AVERAGE_WORDS = 20
LONG_WORD_SYLLABLES = 6
MAX_LISTED = 8

# Plain alternatives for common government jargon; each instance can add its own (JargonTerm).
DEFAULT_JARGON = {
    "implementasi": "pelaksanaan",
    "sosialisasi": "penyampaian informasi, pengenalan",
    "optimalisasi": "peningkatan",
    "revitalisasi": "perbaikan, penataan kembali",
    "koordinasi": "kerja sama, rapat bersama",
    "akselerasi": "percepatan",
    "stakeholder": "pihak terkait",
    "pemangku kepentingan": "pihak terkait",
    "terkait": "tentang, mengenai",
    "dalam rangka": "untuk",
    "sehubungan dengan": "karena, tentang",
    "adapun": "(hapus saja)",
    "merupakan": "adalah",
    "berdasarkan": "menurut",
    "efektivitas": "hasil, manfaat",
    "efisiensi": "penghematan",
    "sinergi": "kerja sama",
    "Pemkot": "Pemerintah Kota",
    "OPD": "dinas atau badan (Organisasi Perangkat Daerah)",
    "Musrenbang": "musyawarah perencanaan pembangunan (Musrenbang)",
    "Dukcapil": "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)",
    "Diskominfo": "Dinas Komunikasi dan Informatika (Diskominfo)",
}

# Words that start with "di" but are not passive verbs.
_NOT_PASSIVE = frozenset(
    [
        "dia",
        "diam",
        "diamkan",
        "dian",
        "dinas",
        "dini",
        "diri",
        "dirinya",
        "digital",
        "direktur",
        "direktorat",
        "diskusi",
        "disiplin",
        "distrik",
        "dialog",
        "dinamis",
        "dinamika",
        "diagnosis",
        "diesel",
        "dimensi",
        "diet",
        "dilema",
        "diploma",
        "diplomat",
        "dirgahayu",
        "diskon",
        "distribusi",
        "divisi",
        "diare",
        "disabilitas",
        "dirjen",
        "diskominfo",
        "dinkes",
        "dishub",
        "disdik",
        "dispora",
        "disnaker",
        "dispendukcapil",
        "dikbud",
        "dibanding",
        "dibandingkan",
        "dimana",
        "disana",
        "disini",
        "diantara",
        "diatas",
        "dibawah",
        "didalam",
        "diluar",
        "dingin",
        "dinding",
        "dini",
        "dirut",
    ]
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|\n{2,}")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
_EXPLAINED = "({})"
_DIPHTHONG = re.compile(r"ai|au|oi|ei", re.IGNORECASE)
_VOWEL = re.compile(r"[aiueo]", re.IGNORECASE)
_MARKDOWN = re.compile(r"[#>*_`|\[\]]|\(https?://[^)]*\)")
_ROMAN_OR_COMMON = frozenset(
    {"RT", "RW", "WIB", "WITA", "WIT", "KIM", "NIK", "KTP", "KK", "SD", "SMP", "SMA", "II", "III", "IV", "VI"}
)


def syllables(word: str) -> int:
    return max(1, len(_VOWEL.findall(word)) - len(_DIPHTHONG.findall(word)))


def is_passive(word: str) -> bool:
    lowered = word.lower()
    if not lowered.startswith("di") or len(lowered) < 6 or "-" in lowered or lowered in _NOT_PASSIVE:
        return False
    return word[0].islower()


@dataclass
class Finding:
    level: str  # "ok" | "advice"
    message: str
    words: list[str] = field(default_factory=list)


@dataclass
class Report:
    sentences: int
    words: int
    average_sentence_words: float
    long_sentences: list[str]
    long_words: list[str]
    passive_words: list[str]
    jargon: list[tuple[str, str]]
    abbreviations: list[str]

    @property
    def level(self) -> str:
        problems = sum(
            [
                self.average_sentence_words > TARGET_AVERAGE_WORDS,
                bool(self.long_sentences),
                len(self.long_words) > max(2, self.words // 50),
                len(self.passive_words) > max(2, self.sentences // 2),
                bool(self.jargon),
                bool(self.abbreviations),
            ]
        )
        if self.words == 0:
            return "empty"
        return "easy" if problems == 0 else ("fair" if problems <= 2 else "hard")


def _unique(items) -> list:
    seen, result = set(), []
    for item in items:
        key = item.lower() if isinstance(item, str) else item
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def analyse(text: str, jargon: dict[str, str] | None = None) -> Report:
    text = _MARKDOWN.sub(" ", text or "")
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and _WORD.search(s)]
    counts = [len(_WORD.findall(s)) for s in sentences]
    words = [w for s in sentences for w in _WORD.findall(s)]
    long_sentences = [
        s if len(s) <= 160 else s[:157] + "…" for s, n in zip(sentences, counts, strict=True) if n > LONG_SENTENCE_WORDS
    ]
    long_words = _unique(w for w in words if syllables(w) >= LONG_WORD_SYLLABLES)
    passive = _unique(w for w in words if is_passive(w))
    found_jargon = []
    lowered = f" {text.lower()} "
    for term, plain in sorted((jargon or DEFAULT_JARGON).items(), key=lambda kv: kv[0].lower()):
        if re.search(rf"(?<![\w-]){re.escape(term.lower())}(?![\w-])", lowered):
            found_jargon.append((term, plain))
    jargon_terms = {term.lower() for term, _plain in found_jargon}
    abbreviations = []
    for match in _ABBREVIATION.finditer(text):
        token = match.group(0)
        if token in _ROMAN_OR_COMMON or token.lower() in jargon_terms or token.isdigit():
            continue
        first = text.find(token)
        window = text[max(0, first - 3) : first + len(token) + 3]
        if _EXPLAINED.format(token) in window or text[first + len(token) : first + len(token) + 2] == " (":
            continue
        abbreviations.append(token)
    return Report(
        sentences=len(sentences),
        words=len(words),
        average_sentence_words=round(sum(counts) / len(counts), 1) if counts else 0.0,
        long_sentences=long_sentences[:MAX_LISTED],
        long_words=long_words[:MAX_LISTED],
        passive_words=passive[:MAX_LISTED],
        jargon=found_jargon[:MAX_LISTED],
        abbreviations=_unique(abbreviations)[:MAX_LISTED],
    )
