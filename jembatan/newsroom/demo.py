"""Demo newsroom content: published items of every type, community news, one in review, one draft."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jembatan.accounts.models import User
from jembatan.agencies.models import Agency
from jembatan.communities.models import Kim
from jembatan.newsroom import services
from jembatan.newsroom.images import validate_news_image
from jembatan.newsroom.models import Item, Topic
from jembatan.regions.models import District, Village

TOPICS = ["Infrastruktur", "Kesehatan", "Pendidikan", "Literasi digital", "Lingkungan"]

# (kind, title, summary, body, sources, topics, agency short name, district code, village code, final status)
ITEMS = [
    (
        "berita",
        "Perbaikan Jalan Depati Hamzah dimulai pekan depan",
        "Dinas PUPR memperbaiki 1,2 km Jalan Depati Hamzah mulai Senin. Pengendara diminta memakai jalur alternatif.",
        "Dinas Pekerjaan Umum dan Penataan Ruang (PUPR) mulai memperbaiki Jalan Depati Hamzah pada Senin pagi. "
        "Jalan yang rusak dan berlubang sejak musim hujan lalu dilapisi aspal baru, dan Dinas PUPR juga membangun "
        "trotoar di sisi jalan. Pekerjaan berlangsung sekitar tiga minggu.\n\n## Jalur alternatif\n\n- Jalan Soekarno Hatta\n- Jalan Kampung Bintang\n\n"
        "Petugas berjaga di kedua ujung jalan setiap hari pukul 07.00–17.00 WIB.",
        "Dinas PUPR Kota Pangkalpinang, siaran pers 20 November 2026",
        ["Infrastruktur"],
        "Dinas PUPR",
        "",
        "",
        "terbit",
    ),
    (
        "pengumuman",
        "Posyandu di Kecamatan Gerunggang buka sore hari",
        "Mulai Desember, posyandu di Kecamatan Gerunggang juga buka Sabtu sore pukul 15.00–17.00 WIB.",
        "Banyak ibu bekerja pada pagi hari. Karena itu Dinas Kesehatan membuka posyandu juga pada Sabtu sore.\n\n"
        "Bawa buku KIA (Kesehatan Ibu dan Anak) saat datang.",
        "Dinas Kesehatan, surat edaran 440/118/2026",
        ["Kesehatan"],
        "Dinkes",
        "19.71.05",
        "",
        "terbit",
    ),
    (
        "agenda",
        "Pelatihan cek fakta untuk pengurus KIM",
        "Diskominfo mengajak pengurus KIM belajar memeriksa kabar bohong (hoaks) sebelum membagikannya.",
        "Pelatihan gratis untuk dua orang dari setiap KIM. Daftar lewat ketua KIM masing-masing.",
        "Diskominfo Kota Pangkalpinang",
        ["Literasi digital"],
        "Diskominfo",
        "",
        "",
        "terbit",
    ),
    (
        "infografis",
        "Cara memilah sampah di rumah",
        "Tiga wadah untuk sampah rumah tangga: organik, anorganik, dan berbahaya.",
        "Pilah sampah sejak dari rumah supaya lebih mudah didaur ulang.",
        "Dinas Lingkungan Hidup, panduan pemilahan sampah 2026",
        ["Lingkungan"],
        "DLH",
        "",
        "",
        "terbit",
    ),
    (
        "berita",
        "Kerja bakti membersihkan saluran air di Bacang",
        "Warga dan KIM Bacang Bersinar membersihkan saluran air sepanjang 300 meter menjelang musim hujan.",
        "Sebanyak 40 warga ikut kerja bakti pada Minggu pagi agar kampung tidak banjir lagi saat hujan deras. "
        "Lurah Bacang hadir dan membantu mengangkut sampah.",
        "Laporan KIM Bacang Bersinar; keterangan Lurah Bacang",
        ["Lingkungan"],
        "",
        "",
        "19.71.01.1006",
        "terbit",
    ),
    (
        "berita",
        "Pendaftaran beasiswa pelajar berprestasi dibuka",
        "Pelajar SMP berprestasi dari keluarga kurang mampu dapat mendaftar beasiswa sampai 15 Desember.",
        "Syarat dan formulir tersedia di kantor kelurahan.",
        "Dinas Pendidikan",
        ["Pendidikan"],
        "Disdik",
        "",
        "",
        "ditinjau",
    ),
    (
        "pengumuman",
        "Jadwal pemadaman listrik bergilir",
        "Dalam rangka implementasi pemeliharaan jaringan, listrik dipadamkan bergilir.",
        "Dalam rangka implementasi program pemeliharaan jaringan yang dilaksanakan oleh PLN bersama OPD terkait, "
        "pemadaman dilakukan secara bergilir di beberapa kelurahan sehingga masyarakat diharapkan dapat melakukan "
        "penyesuaian terhadap aktivitas sehari-hari.",
        "",
        [],
        "",
        "",
        "",
        "draf",
    ),
]

INFOGRAPHIC_ALT = (
    "Infografis cara memilah sampah. Wadah hijau: sampah organik seperti sisa makanan dan daun. "
    "Wadah kuning: sampah anorganik seperti plastik, kertas dan kaleng. "
    "Wadah merah: sampah berbahaya seperti baterai dan lampu bekas."
)


def _infographic() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1200, 800), (247, 247, 242))
    draw = ImageDraw.Draw(image)
    heading, label, small = (ImageFont.load_default(size=size) for size in (56, 40, 26))
    draw.rectangle((0, 0, 1200, 140), fill=(18, 73, 112))
    draw.text((600, 70), "CARA MEMILAH SAMPAH DI RUMAH", font=heading, fill="white", anchor="mm")
    boxes = [
        ((46, 125, 50), "ORGANIK", ["sisa makanan", "daun"]),
        ((249, 168, 37), "ANORGANIK", ["plastik, kertas", "kaleng"]),
        ((198, 40, 40), "BERBAHAYA", ["baterai", "lampu bekas"]),
    ]
    for index, (colour, name, examples) in enumerate(boxes):
        left = 90 + index * 360
        draw.rounded_rectangle((left, 220, left + 300, 680), radius=28, fill=colour)
        ink = (28, 37, 33) if index == 1 else "white"  # dark text on the light amber box
        draw.text((left + 150, 300), name, font=label, fill=ink, anchor="mm")
        for line, example in enumerate(examples):
            draw.text((left + 150, 420 + line * 50), example, font=small, fill=ink, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return validate_news_image(SimpleUploadedFile("infografis.png", buffer.getvalue(), content_type="image/png"))


@transaction.atomic
def seed_newsroom(regency_code: str = "19.71") -> int:
    editor = User.objects.filter(email="editor@demo.jembatan.id").first()
    admin = User.objects.filter(email="admin@demo.jembatan.id").first()
    if editor is None or admin is None:
        return 0
    services.settings_for(regency_code)
    topics = {}
    for name in TOPICS:
        topics[name] = Topic.objects.filter(regency_id=regency_code, name=name).first() or services.topic_create(
            actor=admin, regency_code=regency_code, name=name
        )
    kim = Kim.objects.filter(name="KIM Bacang Bersinar").first()
    created = 0
    for kind, title, summary, body, sources, topic_names, agency, district, village, status in ITEMS:
        if Item.objects.filter(regency_id=regency_code, title=title).exists():
            continue
        community = kim is not None and village == "19.71.01.1004"
        starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=10)
        data = services.ItemData(
            kind=kind, title=title, summary=summary, body=body, sources=sources,
            topics=[topics[name] for name in topic_names],
            agency=Agency.objects.filter(regency_id=regency_code, short_name=agency).first() if agency else None,
            district=District.objects.get(code=district) if district else None,
            village=Village.objects.get(code=village) if village else None,
            image=_infographic() if kind == "infografis" else None,
            image_alt=INFOGRAPHIC_ALT if kind == "infografis" else "",
            event_starts_at=starts if kind == "agenda" else None,
            event_ends_at=starts + datetime.timedelta(hours=3) if kind == "agenda" else None,
            event_place="Aula Diskominfo, Jl. Merdeka No. 4" if kind == "agenda" else "",
        )  # fmt: skip
        author = editor
        if community:
            author = User.objects.filter(role_assignments__kim=kim).first() or editor
        item = services.item_create(actor=author, regency_code=regency_code, data=data, kim=kim if community else None)
        created += 1
        if status == "draf":
            continue
        item = services.item_submit(actor=author, item=item)
        if status == "ditinjau":
            continue
        services.item_publish(actor=admin, item=item, check_sources=True, check_facts=True, check_plain_language=True)
    transaction.on_commit(services.items_sync_listing)
    return created
