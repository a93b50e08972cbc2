"""Write tests/fixtures/hoaks/fixture.json from claims.txt: each claim with the forwarded variants people
actually send (a typo or two, a "Diteruskan" header with emoji, a shortened copy, chat slang, several at
once), and a hundred unrelated everyday messages. Deterministic: the same input gives the same file.

Usage: python tools/hoax_fixture.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hoaks"
SLANG = {"yang": "yg", "dengan": "dgn", "sudah": "udah", "untuk": "utk", "tidak": "gak", "karena": "krn",
         "dari": "dr", "juga": "jg", "saja": "aja", "tetapi": "tp", "belum": "blm", "kalau": "klo", "orang": "org",
         "harus": "hrs", "jangan": "jgn", "sekarang": "skrg", "sampai": "sampe", "lagi": "lg"}  # fmt: skip
EMOJI = ["⚠️", "‼️", "🙏", "😱", "📢", "🔥", "👇"]
HEADERS = ["Diteruskan", "Diteruskan berkali-kali", "Forwarded", "*PENTING*", "Info dari grup sebelah"]
TAILS = ["Sebarkan!!", "Mohon dibagikan ke keluarga", "share ke grup lain ya", "Semoga bermanfaat 🙏", ""]


def typo(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(2):
        n = rng.randrange(len(words))
        word = words[n]
        if len(word) > 4:
            i = rng.randrange(1, len(word) - 2)
            words[n] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def forwarded(text: str, rng: random.Random) -> str:
    return f"{rng.choice(HEADERS)}\n{rng.choice(EMOJI)} {text.upper() if rng.random() < 0.3 else text} {rng.choice(EMOJI)}\n{rng.choice(TAILS)}"


def shortened(text: str, rng: random.Random) -> str:
    words = text.split()
    keep = max(6, int(len(words) * rng.uniform(0.55, 0.7)))
    return " ".join(words[:keep])


def slang(text: str, rng: random.Random) -> str:
    return " ".join(SLANG.get(w.lower(), w) for w in text.split()).replace("!", "!!!")


def mixed(text: str, rng: random.Random) -> str:
    return (
        forwarded(slang(typo(text, rng), rng), rng)
        + " https://bit.ly/"
        + "".join(rng.choice("abcdef123") for _ in range(6))
    )


UNRELATED_SUBJECTS = ["Rapat RT", "Arisan ibu-ibu", "Kerja bakti", "Pengajian", "Latihan voli", "Posyandu balita",
                      "Pertemuan karang taruna", "Senam lansia", "Lomba tujuh belasan", "Gotong royong masjid"]  # fmt: skip
UNRELATED_WHEN = ["Sabtu pagi jam 7", "Minggu sore jam 4", "nanti malam ba'da isya", "besok jam 9", "Jumat jam 2 siang"]
UNRELATED_WHERE = ["di balai RW", "di rumah Bu Ani", "di lapangan kelurahan", "di masjid Al-Ikhlas", "di pos ronda"]
UNRELATED_OTHER = [
    "Selamat pagi semua, semoga sehat selalu", "Terima kasih sudah hadir kemarin", "Ada yang mau beli kue lapis? pesan ke saya ya",
    "Dijual motor bekas tahun 2018 mulus, minat japri", "Mohon doanya untuk ibu saya yang sedang dirawat",
    "Selamat ulang tahun Pak RT, panjang umur", "Siapa yang lihat kucing oranye saya hilang sejak kemarin",
    "Jadwal piket kebersihan minggu ini sudah saya kirim di atas", "Foto-foto kegiatan kemarin ada di album grup",
    "Besok saya tidak bisa ikut, ada urusan keluarga", "Ada yang punya nomor tukang ledeng yang bagus?",
    "Alhamdulillah panen cabai tahun ini lumayan", "Anak saya juara lomba mewarnai tingkat kecamatan",
    "Toko kelontong Pak Budi buka lagi mulai hari ini", "Mohon maaf lahir dan batin semuanya",
    "Yang mau ikut jalan sehat minggu depan silakan daftar ke saya", "Iuran sampah bulan ini lima belas ribu ya",
    "Tolong yang parkir mobil di depan gang geser sedikit", "Resep rendang yang saya janjikan sudah saya kirim",
    "Hati-hati di jalan licin habis hujan",
]  # fmt: skip


def unrelated(rng: random.Random) -> list[str]:
    messages = list(UNRELATED_OTHER)
    for subject in UNRELATED_SUBJECTS:
        for n in range(8):
            messages.append(f"{subject} {rng.choice(UNRELATED_WHEN)} {rng.choice(UNRELATED_WHERE)}, "
                            f"{rng.choice(['mohon hadir', 'jangan lupa bawa air minum', 'ditunggu kehadirannya', 'konfirmasi ke saya ya'])}"
                            f"{' ' + rng.choice(EMOJI) if n % 2 else ''}")  # fmt: skip
    return sorted(set(messages))[:100]


def main() -> None:
    rng = random.Random(2026)
    claims = [line.strip() for line in (HERE / "claims.txt").read_text().splitlines() if line.strip()]
    rows = []
    for text in claims:
        variants = [typo(text, rng), forwarded(text, rng), shortened(text, rng), slang(text, rng), mixed(text, rng)]
        rows.append({"claim": text, "variants": variants})
    data = {"claims": rows, "unrelated": unrelated(rng)}
    (HERE / "fixture.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(rows)} claims, {sum(len(r['variants']) for r in rows)} variants, {len(data['unrelated'])} unrelated")


if __name__ == "__main__":
    main()
