"""Factories for tests: build real rows through the services where a rule applies."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts import services as account_services
from jembatan.accounts.models import User
from jembatan.accounts.roles import Role
from jembatan.agencies.models import Agency
from jembatan.communities import services
from jembatan.communities.demo import MINIMAL_PDF, build_pdf  # noqa: F401 - shared with the demo
from jembatan.communities.models import Kim, MemberRole
from jembatan.regions.models import Regency, Village

PASSWORD = "kata-sandi-uji-panjang-2026"
_counter = itertools.count(1)


def make_user(
    *, email: str | None = None, full_name: str = "Warga Uji", confirmed: bool = True, password: str = PASSWORD
) -> User:
    n = next(_counter)
    return account_services.user_create(
        email=email or f"user{n}@contoh.id", full_name=full_name, password=password, confirmed=confirmed
    )


def make_staff(
    role: str,
    *,
    regency: str = "19.71",
    agency: Agency | None = None,
    kim: Kim | None = None,
    with_totp: bool = True,
    **kwargs,
) -> User:
    user = make_user(**kwargs)
    if role in (Role.PETUGAS_OPD, Role.PPID_PELAKSANA):
        account_services.role_grant(actor=None, user=user, role=role, agency=agency or make_agency())
    elif role == Role.PENGURUS_KIM:
        account_services.role_grant(actor=None, user=user, role=role, kim=kim)
    else:
        account_services.role_grant(actor=None, user=user, role=role, regency=Regency.objects.get(code=regency))
    if with_totp:
        TOTPDevice.objects.create(user=user, name="uji", confirmed=True)
    return user


def totp_token(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def make_agency(*, short_name: str | None = None, regency: str = "19.71") -> Agency:
    n = next(_counter)
    return Agency.objects.create(regency_id=regency, name=f"Dinas Uji {n}", short_name=short_name or f"DU{n}")


def application_data(*, village_code: str = "19.71.07.1003", name: str | None = None, members: int = 3, **overrides):
    village = Village.objects.select_related("district").get(code=village_code)
    roles = [MemberRole.KETUA, MemberRole.SEKRETARIS, MemberRole.BENDAHARA]
    people = [
        services.MemberData(
            full_name=f"Anggota {i + 1}",
            role=roles[i] if i < 3 else MemberRole.ANGGOTA,
            phone=f"+6281234500{i:03d}",
            village=village,
            consent_contact=True,
        )
        for i in range(members)
    ]
    values = {
        "name": name or f"KIM Uji {next(_counter)}",
        "village": village,
        "address": "Jl. Merdeka 1",
        "members": people,
        "phone": "+6281299990777",
    }
    values.update(overrides)
    return services.KimApplicationData(**values)


def make_kim(*, status: str = "diajukan", applicant: User | None = None, admin: User | None = None, **kwargs) -> Kim:
    applicant = applicant or make_user()
    kim = services.kim_apply(actor=applicant, data=application_data(**kwargs))
    if status == "diajukan":
        return kim
    if status == "perlu_perbaikan":
        return services.kim_request_correction(actor=admin, kim=kim, notes="Lengkapi alamat.")
    if status == "ditolak":
        return services.kim_reject(actor=admin, kim=kim, reason="Tidak memenuhi syarat.")
    kim = services.kim_verify(actor=admin, kim=kim)
    if status == "diverifikasi":
        return kim
    kim = services.kim_legalise(
        actor=admin,
        kim=kim,
        sk_number="100/1/KEL/2025",
        sk_date=datetime.date(2025, 10, 1),
        sk_issuer="Lurah Uji",
        sk_scan=ContentFile(MINIMAL_PDF, name="sk.pdf"),
    )
    if status == "dikukuhkan":
        return kim
    kim = services.kim_activate(actor=admin, kim=kim)
    if status == "aktif":
        return kim
    if status == "tidak_aktif":
        return services.kim_lapse(kim=kim)
    if status == "dibubarkan":
        return services.kim_dissolve(actor=admin, kim=kim, reason="Bubar.")
    raise ValueError(status)


def make_category(*, code: str = "jalan", agency: Agency | None = None, regency: str = "19.71"):
    from jembatan.aspirations.models import Category

    category, _created = Category.objects.get_or_create(
        regency_id=regency, code=code, defaults={"name": f"Kategori {code}", "agency": agency or make_agency()}
    )
    return category


def submission(**overrides):
    from jembatan.aspirations.services import SubmissionData

    values = {
        "kind": "pengaduan",
        "title": "Lampu jalan padam di Jalan Merdeka",
        "description": "Sudah seminggu lampu jalan padam, rawan kecelakaan.",
        "category": overrides.pop("category", None) or make_category(),
        "village": Village.objects.get(code=overrides.pop("village_code", "19.71.01.1004")),
        "reporter_name": "Siti Rahmawati",
        "reporter_email": "siti.rahmawati@contoh.id",
        "reporter_phone": "+6281377778888",
    }
    values.update(overrides)
    return SubmissionData(**values)


def make_aspiration(*, status: str = "baru", admin: User | None = None, officer: User | None = None, **overrides):
    from jembatan.aspirations import services as asp

    data = submission(**overrides)
    aspiration, _created = asp.aspiration_submit(data=data)
    if status == "baru":
        return aspiration
    if status in ("ditolak", "bukan_wewenang", "duplikat"):
        if status == "ditolak":
            return asp.aspiration_reject(actor=admin, aspiration=aspiration, reason="Bukan laporan.")
        if status == "bukan_wewenang":
            return asp.aspiration_not_competent(actor=admin, aspiration=aspiration, explanation="Wewenang provinsi.")
        original, _c = asp.aspiration_submit(data=submission(title="Laporan asli yang sama"))
        return asp.aspiration_mark_duplicate(actor=admin, aspiration=aspiration, original=original)
    aspiration = asp.aspiration_verify(actor=admin, aspiration=aspiration)
    if status == "terverifikasi":
        return aspiration
    aspiration = asp.aspiration_dispose(actor=admin, aspiration=aspiration, agency=aspiration.category.agency)
    if status == "didisposisikan":
        return aspiration
    aspiration = asp.aspiration_answer(
        actor=officer, aspiration=aspiration, answer="Sudah diperbaiki oleh petugas kemarin."
    )
    if status == "ditindaklanjuti":
        return aspiration
    if status == "selesai":
        return asp.aspiration_accept(aspiration=aspiration, rating=5)
    raise ValueError(status)


def photo_with_location(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG as a phone takes it: camera make and model, and the GPS position of the house."""
    import io

    from PIL import ExifTags, Image

    image = Image.new("RGB", size, (120, 110, 100))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    exif[ExifTags.Base.Model] = "Ponsel X1"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (2.0, 7.0, 42.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 7.0, 12.25)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really has GPS
    return data


def item_data(**overrides):
    from jembatan.newsroom.services import ItemData

    values = {
        "kind": "berita",
        "title": f"Perbaikan jalan di Bukit Intan dimulai {next(_counter)}",
        "summary": "Dinas PUPR mulai memperbaiki jalan rusak di Kelurahan Bukit Intan pekan ini.",
        "body": "Perbaikan jalan dimulai hari Senin.\n\nWarga diminta berhati-hati saat melintas.",
        "sources": "Dinas PUPR Kota Pangkalpinang, siaran pers 1 Desember 2026",
    }
    values.update(overrides)
    return ItemData(**values)


def make_item(
    *,
    author: User | None = None,
    publisher: User | None = None,
    status: str = "terbit",
    kim=None,
    regency_code: str = "19.71",
    **overrides,
):
    """A news item brought to ``status`` through the services (author and publisher are editors)."""
    from jembatan.newsroom import services as newsroom

    author = author or make_staff(Role.EDITOR, regency=regency_code)
    item = newsroom.item_create(actor=author, regency_code=regency_code, data=item_data(**overrides), kim=kim)
    if status == "draf":
        return item
    item = newsroom.item_submit(actor=author, item=item)
    if status == "ditinjau":
        return item
    publisher = publisher or make_staff(Role.EDITOR, regency=regency_code)
    item = newsroom.item_publish(
        actor=publisher, item=item, check_sources=True, check_facts=True, check_plain_language=True
    )
    newsroom.items_sync_listing(items=[item.pk])  # what the commit hook does outside a test transaction
    if status == "terbit":
        return item
    if status == "diarsipkan":
        item = newsroom.item_archive(actor=publisher, item=item)
        newsroom.items_sync_listing(items=[item.pk])
        return item
    raise ValueError(status)


def signed_in(client, user):
    """Sign ``user`` in on a test client, with the second factor already passed when they have one."""
    if user is None:
        return client
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def form_posting_to(page: str, action: str) -> str:
    """The HTML of the form on ``page`` whose action is ``action``."""
    form = page[page.index(f'action="{action}"') :]
    return form[: form.index("</form>")]
