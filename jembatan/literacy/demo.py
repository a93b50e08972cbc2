"""Demo events: a training at a kelurahan hall with places reserved for KIM officers, and an online session."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jembatan.literacy import services
from jembatan.literacy.models import LiteracyEvent

EVENTS = [
    ("Pelatihan cek fakta untuk pengurus KIM", "pelatihan",
     "Cara memeriksa pesan berantai sebelum diteruskan: mencari sumber, memeriksa foto, dan menulis klarifikasi "
     "yang mudah dipahami warga.", "Pengurus KIM dan warga", 10, 30, 10, False),
    ("Sosialisasi keamanan digital: kata sandi dan kode OTP", "sosialisasi",
     "Mengenali penipuan lewat telepon dan WhatsApp yang meminta kode OTP, dan membuat kata sandi yang aman.",
     "Semua warga", 17, 100, 0, True),
]  # fmt: skip


def seed_literacy(regency_code: str = "19.71") -> int:
    from jembatan.regions.models import Village

    village = Village.objects.filter(district__regency_id=regency_code).order_by("code").first()
    created = 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for title, kind, description, audience, days, capacity, reserved, online in EVENTS:
        if LiteracyEvent.objects.filter(regency_id=regency_code, title=title).exists():
            continue
        starts = now + datetime.timedelta(days=days)
        data = services.EventData(
            title=title, kind=kind, description=description, audience=audience, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3), capacity=capacity, reserved_for_officers=reserved,
            registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=starts - datetime.timedelta(hours=12),
            online=online, online_url="https://meet.example.id/keamanan-digital" if online else "",
            village=None if online else village, address="" if online else f"Balai Kelurahan {village.name}",
        )  # fmt: skip
        services.event_save(actor=None, regency_code=regency_code, data=data, publish=True)
        created += 1
    return created
