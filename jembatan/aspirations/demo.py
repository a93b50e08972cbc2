"""Demo categories (with the routing table) and reports in several states."""

from __future__ import annotations

from django.db import transaction

from jembatan.accounts.models import User
from jembatan.agencies.models import Agency
from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration, Category
from jembatan.regions.models import Village

CATEGORIES = [
    ("jalan", "Jalan dan jembatan", "Dinas PUPR"),
    ("drainase", "Drainase dan banjir", "Dinas PUPR"),
    ("kesehatan", "Layanan kesehatan", "Dinkes"),
    ("pendidikan", "Pendidikan", "Disdik"),
    ("sampah", "Sampah dan kebersihan", "DLH"),
    ("informasi", "Informasi publik dan hoaks", "Diskominfo"),
]

REPORTS = [
    (
        "pengaduan",
        "jalan",
        "19.71.01.1004",
        "Jalan berlubang di depan SD Negeri",
        "Lubang besar di jalan depan sekolah, sudah dua minggu, berbahaya bagi anak-anak.",
        "ditindaklanjuti",
    ),
    (
        "pengaduan",
        "sampah",
        "19.71.04.1002",
        "Sampah menumpuk di pasar",
        "Sampah tidak diangkut selama seminggu di sisi timur pasar.",
        "didisposisikan",
    ),
    (
        "aspirasi",
        "kesehatan",
        "19.71.02.1001",
        "Usul jadwal posyandu sore hari",
        "Banyak ibu bekerja; mohon posyandu juga dibuka sore hari.",
        "selesai",
    ),
    (
        "pengaduan",
        "drainase",
        "19.71.05.1001",
        "Saluran air tersumbat saat hujan",
        "Air meluap ke rumah warga setiap hujan deras.",
        "baru",
    ),
    (
        "aspirasi",
        "pendidikan",
        "19.71.07.1003",
        "Perpustakaan keliling ke kelurahan",
        "Usul perpustakaan keliling datang sebulan sekali.",
        "terverifikasi",
    ),
]


@transaction.atomic
def seed_aspirations(regency_code: str = "19.71") -> int:
    for code, name, agency_short in CATEGORIES:
        agency = Agency.objects.filter(regency_id=regency_code, short_name=agency_short).first()
        Category.objects.get_or_create(regency_id=regency_code, code=code, defaults={"name": name, "agency": agency})
    admin = User.objects.filter(email="admin@demo.jembatan.id").first()
    officer = User.objects.filter(email="opd@demo.jembatan.id").first()
    created = 0
    for index, (kind, category_code, village_code, title, description, state) in enumerate(REPORTS):
        key = f"demo-aspiration-{index}"
        if Aspiration.objects.filter(idempotency_key=key).exists():
            continue
        category = Category.objects.get(regency_id=regency_code, code=category_code)
        data = services.SubmissionData(
            kind=kind, title=title, description=description, category=category,
            village=Village.objects.get(code=village_code), reporter_email=f"warga{index + 1}@demo.jembatan.id",
        )  # fmt: skip
        aspiration, _created = services.aspiration_submit(data=data, idempotency_key=key)
        created += 1
        if state == "baru":
            continue
        aspiration = services.aspiration_verify(actor=admin, aspiration=aspiration)
        if state == "terverifikasi":
            continue
        aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=category.agency)
        if state == "didisposisikan":
            continue
        aspiration = services.aspiration_answer(
            actor=officer, aspiration=aspiration,
            answer="Terima kasih. Petugas sudah meninjau lokasi; perbaikan dijadwalkan minggu depan.",
        )  # fmt: skip
        if state == "selesai":
            services.aspiration_accept(aspiration=aspiration, rating=4)
    return created
