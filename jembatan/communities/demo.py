"""Deterministic demo data for `make run`: active KIMs in some kecamatan and not others."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from jembatan.accounts import services as account_services
from jembatan.accounts.models import User
from jembatan.accounts.roles import Role
from jembatan.agencies import services as agency_services
from jembatan.agencies.models import Agency
from jembatan.communities import services
from jembatan.communities.models import Kim, MemberRole
from jembatan.communities.search_index import kims_search_rebuild
from jembatan.regions.models import Regency, Village

DEMO_PASSWORD = "demo-jembatan-2026"  # noqa: S105 - demo accounts on a local instance only
DEMO_DOMAIN = "demo.jembatan.id"


def build_pdf(*objects: bytes) -> bytes:
    """A well-formed PDF (cross-reference table, startxref) whose objects 1, 2, … are ``objects``."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# A one-page blank PDF that passes the upload checks (demo decree scans and tests).
MINIMAL_PDF = build_pdf(
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
)

AGENCIES = [
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Lingkungan Hidup", "DLH"),
]

STAFF = [
    ("admin", "Rina Admin", Role.ADMIN),
    ("editor", "Eko Editor", Role.EDITOR),
    ("pimpinan", "Pak Wali Demo", Role.PIMPINAN),
    ("ppid", "Putri PPID", Role.PPID),
    ("atasan-ppid", "Agus Atasan PPID", Role.ATASAN_PPID),
]

# (name, village code, final state, members)
KIMS = [
    ("KIM Bacang Bersinar", "19.71.01.1006", "aktif", 6),
    ("KIM Air Itam Informatif", "19.71.01.1007", "aktif", 5),
    ("KIM Opas Indah Peduli", "19.71.02.1001", "aktif", 4),
    ("KIM Bintang Terang", "19.71.04.1002", "aktif", 8),
    ("KIM Bukit Besar Bersatu", "19.71.07.1003", "aktif", 5),
    ("KIM Masjid Jamik Madani", "19.71.04.1005", "tidak_aktif", 4),
    ("KIM Semabung Baru Cerdas", "19.71.07.1005", "dikukuhkan", 3),
    ("KIM Taman Bunga Mandiri", "19.71.05.1001", "diajukan", 4),
    ("KIM Selindung Sejahtera", "19.71.06.1001", "perlu_perbaikan", 3),
]
FIRST_NAMES = ["Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko"]
LAST_NAMES = ["Saputra", "Lestari", "Pratama", "Wulandari", "Hidayat", "Kurniawan", "Sari", "Setiawan"]


def _person(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 3) % len(LAST_NAMES)]}"


def _phone(index: int) -> str:
    return f"+62812{7100000 + index * 137:07d}"


def _user(local: str, full_name: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = account_services.user_create(email=email, full_name=full_name, password=DEMO_PASSWORD, confirmed=True)
    return user


@transaction.atomic
def seed_demo(regency_code: str = "19.71") -> dict[str, int]:
    regency = Regency.objects.get(code=regency_code)
    services.rules_for(regency_code)
    for name, short in AGENCIES:
        if not Agency.objects.filter(regency=regency, short_name=short).exists():
            agency_services.agency_create(
                actor=None, regency=regency, name=name, short_name=short, email="", phone="", address="", is_active=True
            )
    admin = None
    for local, full_name, role in STAFF:
        user = _user(local, full_name)
        account_services.role_grant(actor=None, user=user, role=role, regency=regency)
        if role == Role.ADMIN:
            admin = user
    opd_user = _user("opd", "Oki Petugas PUPR")
    account_services.role_grant(
        actor=None,
        user=opd_user,
        role=Role.PETUGAS_OPD,
        agency=Agency.objects.get(regency=regency, short_name="Dinas PUPR"),
    )
    created = 0
    person = 0
    for index, (name, village_code, state, member_count) in enumerate(KIMS):
        village = Village.objects.select_related("district").get(code=village_code)
        if Kim.objects.filter(name=name, village=village).exists():
            continue
        members = []
        for position in range(member_count):
            role = (
                [MemberRole.KETUA, MemberRole.SEKRETARIS, MemberRole.BENDAHARA][position]
                if position < 3
                else MemberRole.ANGGOTA
            )
            members.append(
                services.MemberData(
                    full_name=_person(person), role=role, phone=_phone(person), village=village, consent_contact=True
                )
            )
            person += 1
        applicant = _user(f"ketua{index + 1}", members[0].full_name)
        data = services.KimApplicationData(
            name=name,
            village=village,
            address=f"Jl. {village.name} No. {index + 1}, Pangkalpinang",
            members=members,
            phone=_phone(900 + index),
            description="Komunitas informasi warga kelurahan.",
        )
        kim = services.kim_apply(actor=applicant, data=data)
        created += 1
        if state == "diajukan":
            continue
        if state == "perlu_perbaikan":
            services.kim_request_correction(
                actor=admin, kim=kim, notes="Lengkapi alamat sekretariat dan nomor telepon sekretaris."
            )
            continue
        services.kim_verify(actor=admin, kim=kim)
        services.kim_legalise(
            actor=admin,
            kim=kim,
            sk_number=f"100.3.3/{index + 1:02d}/KEL/2025",
            sk_date=datetime.date(2025, 10, 1 + index),
            sk_issuer=f"Lurah {village.name}",
            sk_scan=ContentFile(MINIMAL_PDF, name="sk.pdf"),
        )
        if state == "dikukuhkan":
            continue
        services.kim_activate(actor=admin, kim=kim)
        if state == "tidak_aktif":
            services.kim_lapse(kim=kim)
    kims_search_rebuild()  # also when the KIMs were seeded before the search existed
    return {"kims_created": created}
