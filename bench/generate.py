"""Bulk-generated KIM data for the benchmark and the scale tests.

``generate_kims(n)`` inserts ``n`` KIMs spread over the villages of a regency, each with a few
members, through ``bulk_create`` (no services, no audit rows: this is load data, not a journey).
The data are deterministic: the same ``n`` and ``prefix`` give the same rows.

``generate_aspirations(n)`` does the same for reports (aspirations and complaints) in mixed states,
``generate_items(n)`` for published news items and ``generate_information(n, m)`` for public information
requests and entries of the Daftar Informasi Publik.

Run as a script (``python bench/generate.py --kims 10000 --aspirations 100000``) it sets Django up
from the environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...), inserts the KIMs and then the
reports, refreshes PostgreSQL's planner statistics (``VACUUM (ANALYZE)``, what autovacuum does
shortly after a bulk load anyway) and prints a JSON summary with the time each step took.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

STATUS_CYCLE = (
    # 20 slots: 17 aktif, 1 tidak_aktif, 1 dikukuhkan, 1 diajukan.
    ["aktif"] * 17 + ["tidak_aktif", "dikukuhkan", "diajukan"]
)
LEGAL_STATUSES = {"dikukuhkan", "aktif", "tidak_aktif"}
ROLES = ["ketua", "sekretaris", "bendahara"]
FIRST_NAMES = ["Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lukman"]
LAST_NAMES = ["Saputra", "Lestari", "Pratama", "Wulandari", "Hidayat", "Kurniawan", "Sari", "Setiawan", "Rahman"]
WORDS = ["Bersinar", "Informatif", "Peduli", "Terang", "Bersatu", "Madani", "Cerdas", "Mandiri", "Sejahtera", "Maju"]


def copy_insert(model, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Insert ``rows`` (dicts of field attnames and values; other fields take their defaults) into ``model``'s
    table and return their ids when ``ids`` is set.

    On PostgreSQL with ``COPY … FROM STDIN`` (ids drawn from the table's sequence first, so that related rows
    can point at them): several times faster than ``bulk_create``'s INSERT statements, which Django compiles
    and psycopg converts row by row. Values go through the field's own preparation where a field has one
    (encryption, JSON); elsewhere as they are. Load data only: no signals, no ``save()``.
    """
    from django.db import connection, models
    from django.utils import timezone

    if not rows:
        return []
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return [obj.pk for obj in created]
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults, prepare = {}, {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = "" if field.empty_strings_allowed else None
        # Django's own fields take Python values as psycopg adapts them; JSON and the project's own fields
        # (encrypted text) prepare theirs.
        if isinstance(field, models.JSONField) or not type(field).__module__.startswith("django."):
            prepare[field.attname] = field
    columns = [field.attname for field in fields]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        new_ids: list[int] = []
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
            )
            new_ids = [row[0] for row in cursor.fetchall()]
            columns = ["id", *columns]
        names = ", ".join(connection.ops.quote_name(name) for name in columns)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            for index, row in enumerate(rows):
                values = {**defaults, **row}
                for name, field in prepare.items():
                    values[name] = field.get_db_prep_save(values[name], connection)
                out = [values[field.attname] for field in fields]
                copy.write_row([new_ids[index], *out] if ids else out)
    return new_ids


def _person(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"


def generate_kims(
    n: int,
    *,
    regency_code: str = "19.71",
    members_per_kim: int = 5,
    prefix: str = "bench",
    start: int = 0,
    batch_size: int = 5000,
) -> dict:
    """Insert KIMs number ``start`` .. ``start + n - 1`` with ``members_per_kim`` members each.

    Slugs are ``{prefix}-{number:06d}-...`` so several calls with different ``start`` (or prefix) do
    not collide. Returns {"kims": ..., "members": ..., "villages": ..., "sample_slug": ...}.
    """
    from django.db import transaction

    from jembatan.communities.models import Kim, KimMember
    from jembatan.regions.models import Village

    villages = list(
        Village.objects.filter(district__regency_id=regency_code).select_related("district").order_by("code")
    )
    if not villages:
        raise RuntimeError(f"No villages for regency {regency_code}: run `manage.py import_regions` first.")
    members_total = 0
    sample_slug = ""
    with transaction.atomic():
        for batch_start in range(start, start + n, batch_size):
            batch_end = min(batch_start + batch_size, start + n)
            kims = []
            for i in range(batch_start, batch_end):
                village = villages[i % len(villages)]
                status = STATUS_CYCLE[i % len(STATUS_CYCLE)]
                word = WORDS[i % len(WORDS)]
                legal = status in LEGAL_STATUSES
                kims.append({
                    "name": f"KIM {village.name} {word} {i + 1}",
                    "slug": f"{prefix}-{i + 1:06d}-{village.code.replace('.', '')}",
                    "village_id": village.code,
                    "regency_id": village.district.regency_id,
                    "address": f"Jl. {village.name} No. {i % 200 + 1}, RT {i % 15 + 1:03d}",
                    "phone": f"+62812{7000000 + i:07d}",
                    "description": f"Komunitas informasi warga {village.name}. Data uji beban nomor {i + 1}.",
                    "status": status,
                    "sk_number": f"100.3.3/{i + 1}/KEL/2025" if legal else "",
                    "sk_date": datetime.date(2025, 1 + i % 12, 1 + i % 28) if legal else None,
                    "sk_issuer": f"Lurah {village.name}" if legal else "",
                })  # fmt: skip
            kim_ids = copy_insert(Kim, kims, ids=True)
            members = []
            for offset, (kim_id, kim) in enumerate(zip(kim_ids, kims, strict=True)):
                i = batch_start + offset
                for position in range(members_per_kim):
                    members.append({
                        "kim_id": kim_id,
                        "full_name": _person(i * members_per_kim + position),
                        "role": ROLES[position] if position < len(ROLES) else "anggota",
                        "village_id": kim["village_id"],
                        "phone": f"+62813{(i * members_per_kim + position) % 10_000_000:07d}",
                        "consent_contact": position % 2 == 0,
                    })  # fmt: skip
            copy_insert(KimMember, members)
            members_total += len(members)
            if not sample_slug:
                sample_slug = next((k["slug"] for k in kims if k["status"] == "aktif"), "")
    from jembatan.communities.counts import refresh_all

    refresh_all(regency_code=regency_code)  # the per-village counts the workflow keeps for KIMs made one by one
    return {"kims": n, "members": members_total, "villages": len(villages), "sample_slug": sample_slug}


ASPIRATION_STATES = ["selesai"] * 8 + ["ditindaklanjuti", "didisposisikan", "terverifikasi", "baru"]
TOPICS = ["Jalan berlubang", "Lampu jalan padam", "Sampah menumpuk", "Saluran tersumbat", "Posyandu", "Sekolah"]


def generate_aspirations(n: int, *, regency_code: str = "19.71", start: int = 0, batch_size: int = 10000) -> dict:
    """Insert reports ``start`` .. ``start + n - 1`` in mixed states (load data: no services, no audit).

    One in ten is secret; answered ones carry an answer and the working days it took. Categories
    ``beban-0`` … ``beban-5`` are created, each routed to an agency ``BEBAN-k``.
    """
    from django.db import transaction
    from django.utils import timezone

    from jembatan.agencies.models import Agency
    from jembatan.aspirations.models import Aspiration, Category
    from jembatan.regions.models import Village

    villages = list(
        Village.objects.filter(district__regency_id=regency_code).select_related("district").order_by("code")
    )
    categories = []
    for k in range(len(TOPICS)):
        agency, _created = Agency.objects.get_or_create(
            regency_id=regency_code, short_name=f"BEBAN-{k}", defaults={"name": f"Dinas Beban {k}"}
        )
        category, _created = Category.objects.get_or_create(
            regency_id=regency_code, code=f"beban-{k}", defaults={"name": TOPICS[k], "agency": agency}
        )
        categories.append(category)
    now = timezone.now()
    sample_code = ""
    with transaction.atomic():
        for batch_start in range(start, start + n, batch_size):
            rows = []
            for i in range(batch_start, min(batch_start + batch_size, start + n)):
                state = ASPIRATION_STATES[i % len(ASPIRATION_STATES)]
                category = categories[i % len(categories)]
                received = now - datetime.timedelta(days=1 + i % 700, minutes=i % 1440)
                routed = state in ("didisposisikan", "ditindaklanjuti", "selesai")
                answered = state in ("ditindaklanjuti", "selesai")
                title = f"{TOPICS[i % len(TOPICS)]} di lokasi {i + 1}"
                rows.append({
                    "code": f"ASP-2025-{900_000_000 + i + 1}",  # the public format, beyond real ids
                    "secret_salt": f"{i:032x}",
                    "kind": "pengaduan",
                    "title": title,
                    "description": f"Laporan uji beban nomor {i + 1}.",
                    "public_title": title,
                    "public_description": f"Laporan uji beban nomor {i + 1}.",
                    "category_id": category.pk,
                    "village_id": villages[i % len(villages)].code,
                    "regency_id": villages[i % len(villages)].district.regency_id,
                    "privacy": "rahasia" if i % 10 == 9 else "anonim",
                    "reporter_email": f"pelapor{i}@contoh.id",
                    "status": state,
                    "received_at": received,
                    "verify_due": received.date(),
                    "agency_id": category.agency_id if routed else None,
                    "verified_at": received if state != "baru" else None,
                    "disposed_at": received if routed else None,
                    "answered_at": received if answered else None,
                    "answer": "Sudah ditindaklanjuti oleh petugas." if answered else "",
                    "answer_working_days": (i % 9) if answered else None,
                    "closed_at": received if state == "selesai" else None,
                })  # fmt: skip
            copy_insert(Aspiration, rows)
            if not sample_code:
                sample_code = next(r["code"] for r in rows if r["privacy"] == "anonim" and r["status"] == "selesai")
    from jembatan.aspirations.figures import refresh_all

    refresh_all(regency_code=regency_code)  # the per-agency counts the workflow keeps for reports moved one by one
    return {"aspirations": n, "sample_code": sample_code}


NEWS_COMMON = "warga kota kelurahan kecamatan pemerintah program kegiatan masyarakat informasi pelayanan".split()  # noqa: SIM905
NEWS_WORDS = (  # noqa: SIM905 - a sentence of words reads better than 130 list items
    "pembangunan membangun jalan rusak perbaikan jembatan banjir kebakaran posyandu vaksinasi sekolah pendidikan "
    "kesehatan puskesmas pasar pedagang sampah kebersihan lingkungan drainase saluran air bersih listrik lampu "
    "penerangan taman olahraga pemuda perempuan anak lansia bantuan sosial beras sembako pelatihan usaha mikro "
    "koperasi nelayan petani perkebunan lada timah pariwisata pantai festival budaya musik tari lomba gotong royong "
    "kerja bakti rapat musyawarah perencanaan anggaran laporan pengaduan aspirasi keamanan ketertiban lalu lintas "
    "parkir angkutan bus terminal pelabuhan bandara perizinan administrasi kependudukan kartu keluarga akta "
    "kelahiran digital internet aplikasi layanan daring sosialisasi penyuluhan kampanye hidup sehat gizi stunting "
    "imunisasi demam berdarah nyamuk fogging cuaca hujan angin kemarau panas bencana evakuasi pengungsi relawan"
).split()
NEWS_KINDS = ["berita"] * 6 + ["pengumuman"] * 2 + ["agenda", "infografis"]
BODY_POOL = 5000


def generate_items(n: int, *, regency_code: str = "19.71", start: int = 0, batch_size: int = 5000) -> dict:
    """Insert published news items number ``start`` .. ``start + n - 1`` (about 150 words each, drawn from an
    Indonesian vocabulary where a few words are very common and most are not), a tenth targeted at a
    kecamatan and a tenth at a kelurahan, then rebuild the news part of the search index."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from jembatan.newsroom import indexing
    from jembatan.newsroom.models import Item, Topic
    from jembatan.newsroom.rendering import markdown_to_html
    from jembatan.regions.models import Village

    rng = random.Random(start + 7)
    villages = list(Village.objects.filter(district__regency_id=regency_code).select_related("district"))
    topics = [
        Topic.objects.get_or_create(regency_id=regency_code, slug=f"topik-{i}", defaults={"name": f"Topik {i}"})[0]
        for i in range(5)
    ]
    now = timezone.now()
    sample_slug = ""
    # The texts come from a pool of generated bodies (each rendered once): drawing 120 words and rendering
    # Markdown for every one of a million items took longer than inserting them.
    pool = []
    for _ in range(min(n, BODY_POOL)):
        words = [rng.choice(NEWS_COMMON) if rng.random() < 0.2 else rng.choice(NEWS_WORDS) for _ in range(120)]
        body = f"{' '.join(words[:60]).capitalize()}.\n\n{' '.join(words[60:]).capitalize()}."
        pool.append((body, markdown_to_html(body), " ".join(words[:25]).capitalize() + "."))
    through = Item.topics.through
    with transaction.atomic():
        for batch_start in range(start, start + n, batch_size):
            rows = []
            for i in range(batch_start, min(batch_start + batch_size, start + n)):
                body, body_html, summary = pool[rng.randrange(len(pool))]
                title = " ".join(rng.choice(NEWS_WORDS) for _ in range(6)).capitalize() + f" {i + 1}"
                village = villages[i % len(villages)]
                target = i % 10
                kind = NEWS_KINDS[i % len(NEWS_KINDS)]
                rows.append({
                    "regency_id": regency_code, "kind": kind, "status": "terbit", "listed": True,
                    "title": title, "slug": f"bench-{i + 1:07d}", "summary": summary,
                    "body": body, "body_html": body_html, "sources": "Data uji beban",
                    "district_id": village.district_id if target in (1, 2) else None,
                    "village_id": village.code if target == 2 else None,
                    "published_at": now - datetime.timedelta(minutes=i + 1),
                    "image_alt": "Infografis uji beban." if kind == "infografis" else "",
                })  # fmt: skip
            ids = copy_insert(Item, rows, ids=True)
            copy_insert(through, [{"item_id": pk, "topic_id": topics[pk % len(topics)].pk} for pk in ids])
            sample_slug = sample_slug or rows[0]["slug"]
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh planner statistics before the rebuild reads the items in order
            cursor.execute("ANALYZE newsroom_item")
    started = datetime.datetime.now()
    indexed = indexing.rebuild()
    return {
        "items": n,
        "indexed": indexed,
        "index_s": round((datetime.datetime.now() - started).total_seconds(), 2),
        "sample_item_slug": sample_slug,
    }


REQUEST_STATES = ["dijawab"] * 7 + ["diterima", "diperpanjang", "klarifikasi", "diteruskan", "ditarik"]
REQUEST_SUBJECTS = ["Rencana kerja dan anggaran", "Laporan keuangan", "Daftar penerima bantuan", "Izin lingkungan",
                    "Data stunting per kelurahan", "Kontrak pengadaan jalan", "Jadwal pengangkutan sampah"]  # fmt: skip
DIP_CATEGORIES = ["berkala"] * 4 + ["setiap_saat"] * 4 + ["serta_merta", "dikecualikan"]


def generate_information(requests: int, entries: int, *, regency_code: str = "19.71", start: int = 0,
                         batch_size: int = 2000) -> dict:  # fmt: skip
    """Insert information requests ``start`` .. ``start + requests - 1`` in mixed states (the identity
    encrypted as the model does), one public timeline event each, and ``entries`` lines of the Daftar
    Informasi Publik over the four categories (load data: no services, no audit)."""
    from django.db import transaction
    from django.utils import timezone

    from jembatan.information.models import InformationRequest, RegisterEntry, RequestEvent

    now = timezone.now()
    sample_number = ""
    with transaction.atomic():
        for batch_start in range(start, start + requests, batch_size):
            rows = []
            for i in range(batch_start, min(batch_start + batch_size, start + requests)):
                state = REQUEST_STATES[i % len(REQUEST_STATES)]
                received = now - datetime.timedelta(days=1 + i % 700, minutes=i % 1440)
                answered = state == "dijawab"
                subject = f"{REQUEST_SUBJECTS[i % len(REQUEST_SUBJECTS)]} {2020 + i % 6}"
                rows.append(
                    InformationRequest(
                        code=f"PPID-2025-{900_000_000 + i + 1}",
                        secret_salt=f"{i:032x}",
                        regency_id=regency_code,
                        name=_person(i),
                        nik=f"1971{i % 10**12:012d}",
                        address=f"Jl. Uji Beban {i + 1}",
                        email=f"pemohon{i}@contoh.id",
                        information=f"{subject}, permohonan uji beban {i + 1}.",
                        purpose="Uji beban.",
                        obtain="salinan_softcopy",
                        delivery="email",
                        subject=subject,
                        status=state,
                        received_at=received,
                        answer_due=received.date() + datetime.timedelta(days=14),
                        extension_days=7 if state == "diperpanjang" else 0,
                        decision=("dikabulkan", "sebagian", "ditolak", "tidak_dikuasai")[i % 4] if answered else "",
                        answer="Terlampir." if answered else "",
                        answered_at=received if answered else None,
                        answer_working_days=(i % 10) if answered else None,
                        closed_at=received if state in ("dijawab", "diteruskan", "ditarik") else None,
                    )  # fmt: skip
                )
            created = InformationRequest.objects.bulk_create(rows, batch_size=batch_size)
            RequestEvent.objects.bulk_create(
                [RequestEvent(request_id=r.pk, status=r.status, note="", public=True) for r in created],
                batch_size=batch_size,
            )
            sample_number = sample_number or next(r.code for r in created if r.status == "dijawab")
        dip = []
        for j in range(entries):
            category = DIP_CATEGORIES[j % len(DIP_CATEGORIES)]
            published = (now - datetime.timedelta(days=j % 400)).date()
            subject = REQUEST_SUBJECTS[j % len(REQUEST_SUBJECTS)]
            number, title = f"DIP-{start + j + 1:06d}", f"{subject} {2015 + j % 11}"
            summary = f"{subject}: ringkasan isi entri uji beban {j + 1}."
            dip.append(
                RegisterEntry(
                    regency_id=regency_code,
                    number=number,
                    title=title,
                    summary=summary,
                    holder=f"Dinas Beban {j % 6}",
                    responsible="PPID Pelaksana",
                    made=str(2015 + j % 11),
                    form="Elektronik",
                    retention="5 tahun",
                    category=category,
                    published_on=published,
                    consequence_test="Uji konsekuensi: membahayakan proses hukum."
                    if category == "dikecualikan"
                    else "",
                    next_due=published + datetime.timedelta(days=182) if category == "berkala" else None,
                    search_text=RegisterEntry.searchable(number, title, summary),
                )  # fmt: skip
            )
        RegisterEntry.objects.bulk_create(dip, batch_size=batch_size)
    return {"information_requests": requests, "register_entries": entries, "sample_number": sample_number}


def generate_literacy(events: int, claims: int, *, regency_code: str = "19.71") -> dict:
    """Published events (each with a checked-in registration and its certificate) and published hoax
    clarifications, for the event list, a claim page and a certificate's rendering."""
    import secrets

    from django.utils import timezone

    from jembatan.clarifications.matching import signature
    from jembatan.clarifications.models import Claim, Verdict
    from jembatan.literacy.models import Certificate, LiteracyEvent, Registration
    from jembatan.regions.models import Village

    now = timezone.now()
    village = Village.objects.filter(district__regency_id=regency_code).order_by("code").first()
    for n in range(events):
        start = now + datetime.timedelta(days=1 + n % 60, hours=n % 8)
        event = LiteracyEvent.objects.create(
            regency_id=regency_code, slug=f"bench-kegiatan-{n + 1}", title=f"Pelatihan literasi digital {n + 1}",
            kind="pelatihan", description="Uji beban.", audience="Warga", starts_at=start,
            ends_at=start + datetime.timedelta(hours=3), capacity=50, registration_opens_at=now - datetime.timedelta(days=1),
            registration_closes_at=start, village=village, address="Balai uji beban", status="terbit",
        )  # fmt: skip
        registration = Registration.objects.create(
            event=event, code=f"Z{n:06d}".translate(str.maketrans("01", "AB")),  # no 0/O/1/I, unique
            token=secrets.token_urlsafe(24), name=_person(n), email=f"peserta{n}@contoh.id", contact_hash=f"{n:064d}",
            status="terdaftar", consent_at=now, checked_in_at=now,
        )  # fmt: skip
        Certificate.objects.create(registration=registration, token=secrets.token_urlsafe(24))
    verdicts = list(Verdict.objects.all())
    rows = []
    for n in range(claims):
        text = " ".join(NEWS_WORDS[(n * 7 + k) % len(NEWS_WORDS)] for k in range(25))
        rows.append(Claim(
            regency_id=regency_code, slug=f"bench-klaim-{n + 1}", title=f"Klaim uji beban {n + 1}", circulated_text=text,
            seen_where="Grup WhatsApp", first_seen=now.date(), verdict=verdicts[n % len(verdicts)],
            explanation="Penjelasan uji beban.", sources=[{"url": "https://example.go.id/", "title": "Uji", "archived_url": ""}],
            status="terbit", published_at=now - datetime.timedelta(minutes=n), signature=signature(text),
        ))  # fmt: skip
    Claim.objects.bulk_create(rows, batch_size=1000)
    return {"events": events, "claims": claims, "sample_claim_slug": "bench-klaim-1" if claims else ""}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import os
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kims", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=5, help="members per KIM")
    parser.add_argument("--aspirations", type=int, default=0, help="reports to generate after the KIMs")
    parser.add_argument(
        "--aspirations-start", type=int, default=0, help="number of the first report (to add to an earlier call)"
    )
    parser.add_argument("--items", type=int, default=0, help="published news items to generate")
    parser.add_argument(
        "--items-start", type=int, default=0, help="number of the first item (to add to an earlier call)"
    )
    parser.add_argument("--information-requests", type=int, default=0, help="public information requests")
    parser.add_argument(
        "--information-start", type=int, default=0, help="number of the first request (to add to an earlier call)"
    )
    parser.add_argument("--register-entries", type=int, default=0, help="entries of the Daftar Informasi Publik")
    parser.add_argument("--events", type=int, default=0, help="published events, each with a certificate")
    parser.add_argument("--claims", type=int, default=0, help="published hoax clarifications")
    parser.add_argument("--regency", default="19.71")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jembatan.config.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from jembatan.communities.services import rules_for
    from jembatan.regions.models import Village

    rules_for(args.regency)
    summary: dict = {}
    if args.kims:
        started = time.monotonic()
        summary.update(generate_kims(args.kims, regency_code=args.regency, members_per_kim=args.members))
        summary["kims_s"] = round(time.monotonic() - started, 2)
    if args.aspirations:
        started = time.monotonic()
        reports = generate_aspirations(args.aspirations, regency_code=args.regency, start=args.aspirations_start)
        summary["aspirations_s"] = round(time.monotonic() - started, 2)
        summary.update(reports)
        # What a submission in the benchmark may use: a generated category and a village of the regency.
        summary["category_code"] = "beban-0"
        summary["village_code"] = (
            Village.objects.filter(district__regency_id=args.regency).order_by("code").values_list("code", flat=True)[0]
        )
    if args.items:
        started = time.monotonic()
        summary.update(generate_items(args.items, regency_code=args.regency, start=args.items_start))
        summary["items_s"] = round(time.monotonic() - started, 2)
    if args.information_requests or args.register_entries:
        started = time.monotonic()
        summary.update(generate_information(args.information_requests, args.register_entries,
                                            regency_code=args.regency, start=args.information_start))  # fmt: skip
        summary["information_s"] = round(time.monotonic() - started, 2)
    if args.events or args.claims:
        started = time.monotonic()
        summary.update(generate_literacy(args.events, args.claims, regency_code=args.regency))
        summary["literacy_s"] = round(time.monotonic() - started, 2)
    if connection.vendor == "postgresql" and (
        args.kims
        or args.aspirations
        or args.items
        or args.information_requests
        or args.register_entries
        or args.events
        or args.claims
    ):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        summary["analyze_s"] = round(time.monotonic() - started, 2)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
