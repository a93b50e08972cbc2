"""Demo clarifications: messages of the kind that circulate in a city's WhatsApp groups, with the facts."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jembatan.clarifications import services
from jembatan.clarifications.models import Claim, Verdict

SOURCE = "https://pangkalpinangkota.go.id/"

CLAIMS = [
    ("Bantuan tunai Rp2,5 juta lewat tautan pendaftaran di WhatsApp", "hoaks",
     "Segera daftar! Pemerintah bagi bantuan tunai Rp2.500.000 untuk semua KK. Klik tautan ini dan isi NIK serta kode OTP Anda sebelum kuota habis.",
     "Tidak ada bantuan tunai yang didaftarkan lewat tautan WhatsApp. Pemerintah tidak pernah meminta kode OTP. Tautan itu mencuri data dan akun WhatsApp Anda."),
    ("Air PDAM tercemar zat kimia berbahaya minggu ini", "hoaks",
     "Info dari orang dalam: air PDAM minggu ini tercemar zat kimia, jangan dipakai masak dan minum sampai Senin.",
     "Hasil uji laboratorium air minggu ini memenuhi baku mutu. Tidak ada pencemaran."),
    ("Vaksin imunisasi anak menyebabkan kemandulan", "disinformasi",
     "Hati-hati! Vaksin yang diberikan di posyandu bulan ini bikin anak mandul saat dewasa. Sebarkan ke grup ibu-ibu.",
     "Tidak ada bukti ilmiah bahwa imunisasi menyebabkan kemandulan. Vaksin yang dipakai sudah diizinkan BPOM."),
    ("Pemadaman listrik total tiga hari di seluruh kota", "hoaks",
     "Besok listrik padam total 3 hari di seluruh kota karena perbaikan gardu induk. Siapkan lilin dan air.",
     "PLN hanya menjadwalkan pemeliharaan 4 jam di dua kelurahan. Tidak ada pemadaman total."),
    ("Razia kendaraan tanpa surat di semua jalan mulai besok", "misinformasi",
     "Mulai besok ada razia besar-besaran di semua jalan kota, motor tanpa STNK langsung disita.",
     "Yang dijadwalkan adalah operasi keselamatan lalu lintas rutin di beberapa titik, bukan penyitaan massal."),
    ("Pendaftaran sekolah negeri ditutup lebih cepat", "menyesatkan",
     "PPDB SD negeri sudah ditutup hari ini, yang belum daftar tidak bisa sekolah tahun ini.",
     "Tahap pertama PPDB ditutup, tetapi tahap kedua dibuka minggu depan dan masih ada kuota."),
    ("Ada penculikan anak dengan mobil putih di sekitar sekolah", "hoaks",
     "Waspada! Mobil putih tanpa pelat menculik anak SD di depan sekolah, sudah 3 korban minggu ini.",
     "Polres memastikan tidak ada laporan penculikan anak. Foto yang beredar berasal dari kota lain tahun lalu."),
    ("Gratis sembako di kantor kelurahan hari Sabtu", "klarifikasi",
     "Sabtu ini ada pembagian sembako gratis untuk semua warga di kantor kelurahan, bawa KTP saja.",
     "Pembagian sembako hanya untuk penerima yang sudah terdata dan menerima undangan dari kelurahan."),
    ("Jembatan Jalan Merdeka akan ditutup permanen", "misinformasi",
     "Jembatan di Jalan Merdeka ditutup permanen mulai bulan depan, kendaraan harus memutar jauh.",
     "Jembatan ditutup sementara selama dua minggu untuk perbaikan lantai, lalu dibuka kembali."),
    ("Obat herbal menyembuhkan demam berdarah dalam sehari", "disinformasi",
     "Minum rebusan daun ini 3 kali sehari, demam berdarah sembuh dalam 1 hari, tidak perlu ke rumah sakit.",
     "Demam berdarah memerlukan pemeriksaan dan perawatan tenaga kesehatan. Segera ke puskesmas bila demam tinggi."),
    ("Pelayanan KTP elektronik gratis di Disdukcapil", "benar",
     "Pembuatan dan penggantian KTP-el di Disdukcapil gratis, tidak dipungut biaya apa pun.",
     "Benar. Pelayanan administrasi kependudukan tidak dipungut biaya. Laporkan bila ada yang meminta uang."),
]  # fmt: skip


def seed_clarifications(regency_code: str = "19.71") -> int:
    from jembatan.accounts.models import User
    from jembatan.clarifications.vocabulary import ensure_default_verdicts

    ensure_default_verdicts()
    writer = User.objects.filter(email="editor@demo.jembatan.id").first()
    reviewer = User.objects.filter(email="admin@demo.jembatan.id").first()
    created = 0
    today = timezone.localdate()
    for n, (title, verdict, text, explanation) in enumerate(CLAIMS):
        if Claim.objects.filter(regency_id=regency_code, title=title).exists():
            continue
        data = services.ClaimData(
            title=title, circulated_text=text, seen_where="Grup WhatsApp warga", first_seen=today - datetime.timedelta(days=n + 2),
            verdict=Verdict.objects.get(code=verdict), explanation=explanation,
            sources=[{"url": SOURCE, "title": "Pemerintah Kota", "archived_url": ""}],
        )  # fmt: skip
        claim = services.claim_save(actor=writer, regency_code=regency_code, data=data)
        services.claim_submit(actor=writer, claim=claim)
        services.claim_publish(actor=reviewer, claim=claim)
        created += 1
    _seed_kim_report(regency_code)
    return created


def _seed_kim_report(regency_code: str) -> None:
    """A doubtful message an active KIM sent for checking (it counts on the KIM scorecard)."""
    from django.apps import apps

    from jembatan.clarifications.models import CheckRequest

    kim = (
        apps.get_model("communities", "Kim")
        .objects.filter(regency_id=regency_code, status="aktif")
        .order_by("pk")
        .first()
    )
    if kim is None or CheckRequest.objects.filter(kim=kim).exists():
        return
    services.check_message(
        text="Beredar pesan: pendaftaran bantuan tunai lewat tautan pendek, isi data KTP dan nomor rekening Anda.",
        regency_code=regency_code, source="web", kim_id=kim.pk,
    )  # fmt: skip
