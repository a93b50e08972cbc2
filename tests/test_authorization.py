"""Every URL in the URLconf against every role.

A view must declare who may open it (``require_access``); the Django admin and the public API are
classified by namespace. An unclassified view fails this test. Each URL is then requested as each
role and the outcome must match the declaration.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts.permissions import AUTHENTICATED, PUBLIC, SUPERUSER
from jembatan.accounts.roles import Role
from tests.factories import make_agency, make_kim, make_staff, make_user, signed_in

NAMESPACE_ACCESS = {"admin": frozenset({SUPERUSER}), "api": frozenset({PUBLIC})}
ROLES = ["anonymous", "warga", *[r.value for r in Role], "superuser"]


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def _all_urls():
    return list(_walk(get_resolver().url_patterns))


def _access_of(pattern: URLPattern, namespace: str | None):
    if namespace in NAMESPACE_ACCESS:
        return NAMESPACE_ACCESS[namespace]
    return getattr(pattern.callback, "access_roles", None)


def test_every_view_is_classified():
    unclassified = [route for route, pattern, namespace in _all_urls() if not _access_of(pattern, namespace)]
    assert unclassified == [], f"Views without an access declaration: {unclassified}"


@pytest.fixture
def world(db):
    admin = make_staff(Role.ADMIN)
    warga = make_user(full_name="Warga Pemohon")
    kim = make_kim(status="perlu_perbaikan", applicant=warga, admin=admin)
    active = make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")
    agency = make_agency()
    users = {
        "anonymous": None,
        "warga": warga,
        Role.ADMIN.value: admin,
        Role.EDITOR.value: make_staff(Role.EDITOR),
        Role.PIMPINAN.value: make_staff(Role.PIMPINAN),
        Role.PPID.value: make_staff(Role.PPID),
        Role.ATASAN_PPID.value: make_staff(Role.ATASAN_PPID),
        Role.PETUGAS_OPD.value: make_staff(Role.PETUGAS_OPD, agency=agency),
        Role.PPID_PELAKSANA.value: make_staff(Role.PPID_PELAKSANA, agency=agency),
        Role.PENGURUS_KIM.value: make_staff(Role.PENGURUS_KIM, kim=active, with_totp=False),
    }
    superuser = make_user(full_name="Super")
    superuser.is_superuser = True
    superuser.is_staff = True
    superuser.save()
    TOTPDevice.objects.create(user=superuser, name="uji", confirmed=True)
    users["superuser"] = superuser
    aspiration = _routed_aspiration(admin, agency, active)
    bystander = make_staff(Role.EDITOR)
    from jembatan.syndication.models import Feed, FeedEntry

    feed = Feed.objects.create(regency_id="19.71", title="Umpan", url="http://127.0.0.1:9/rss")
    feed_entry = FeedEntry.objects.create(
        feed=feed, guid="g1", title="Entri", summary="Ringkasan entri", fetched_at=feed.created_at
    )
    shared = _shared_item(active, users[Role.PENGURUS_KIM.value])
    news_item = _news_item_with_image()
    return {
        **shared,
        "feed": feed,
        "feed_entry": feed_entry,
        "users": users,
        "kim": kim,
        "active": active,
        "agency": agency,
        "aspiration": aspiration,
        "bystander_role": bystander.role_assignments.get(),
        "news_item": news_item,
    }


def _routed_aspiration(admin, agency, kim):
    """A public report relayed by the pengurus's KIM, routed to the officer's agency, with a photo."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from jembatan.aspirations import services as asp
    from jembatan.core.uploads import validate_image_or_pdf_attachment
    from tests.factories import make_category, submission

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="JPEG")
    photo = validate_image_or_pdf_attachment(SimpleUploadedFile("f.jpg", buffer.getvalue(), content_type="image/jpeg"))
    data = submission(category=make_category(agency=agency), relayed_by_kim=kim, attachments=[photo])
    aspiration, _created = asp.aspiration_submit(data=data)
    aspiration = asp.aspiration_verify(actor=admin, aspiration=aspiration)
    return asp.aspiration_dispose(actor=admin, aspiration=aspiration, agency=agency)


def _shared_item(kim, pengurus):
    """A published item shared by the pengurus's KIM, with a recorded dissemination (dissemination app)."""
    from django.utils import timezone

    from jembatan.dissemination import services as dissemination
    from tests.factories import make_item

    item = make_item()
    link = dissemination.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    record = dissemination.dissemination_record(
        actor=pengurus,
        kim=kim,
        item=item,
        data=dissemination.DisseminationData(channel="meeting", date=timezone.localdate(), audience=10),
    )
    return {"item": item, "share_link": link, "dissemination": record}


def _news_item_with_image():
    """A published news item with a topic and an image (its renditions are served by newsroom:image)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jembatan.newsroom import images
    from jembatan.newsroom import services as newsroom
    from tests.factories import make_item, photo_with_location

    topic = newsroom.topic_create(actor=make_staff(Role.ADMIN), regency_code="19.71", name="Kesehatan")
    photo = SimpleUploadedFile("foto.jpg", photo_with_location((700, 400)), content_type="image/jpeg")
    return make_item(image=images.validate_news_image(photo), image_alt="Jalan berlubang.", topics=[topic])


def _sample_slug(world, route):
    if route.startswith("kim/bagikan/") or route.startswith("berita/"):
        return world["item"].slug if route.startswith("kim/bagikan/") else world["news_item"].slug
    if route.startswith("feeds/topik/"):
        return world["news_item"].topics.get().slug
    return world["kim"].slug if "perbaiki" in route else world["active"].slug


def _sample_code(world, route):
    if route.startswith("bahasa"):
        return "en"
    if route.startswith("s/"):
        return world["share_link"].code
    if route.startswith("feeds/kecamatan/"):
        return "19.71.07"
    if route.startswith("kelurahan/"):
        return "19.71.07.1003"
    return world["aspiration"].code


SAMPLE = {
    "slug": _sample_slug,
    "number": lambda w, route: 1,
    "photo_pk": lambda w, route: 0,
    "pk": lambda w, route: _sample_pk(w, route),
    "token": lambda w, route: "tidak-sah",
    "uidb64": lambda w, route: "MQ",
    "action": lambda w, route: "verify",
    "what": lambda w, route: "tambah",
    "code": _sample_code,
    "name": lambda w, route: (
        "kim" if route.startswith("staf/unduhan") else w["news_item"].image_renditions["sizes"][0][2]
    ),
    "fmt": lambda w, route: "csv",
    "event": lambda w, route: 0,
    "correction_pk": lambda w, route: 0,
    "decision": lambda w, route: "terbitkan",
    "section": lambda w, route: "berita",
    "secret": lambda w, route: _secret(w["aspiration"]),
    "key": lambda w, route: "notifications.test",
    "channel": lambda w, route: "email",
    "language": lambda w, route: "id",
    "kind": lambda w, route: "pemberitahuan",
    "step": lambda w, route: "ajukan",
}


def _sample_pk(world, route):
    if route.startswith("staf/pesan/"):
        return 1
    if "gambar" in route:
        return world["news_item"].pk
    if "berita" in route:
        return world["item"].pk
    if "umpan/antrean" in route:
        return world["feed_entry"].pk
    if "umpan" in route:
        return world["feed"].pk
    if "opd" in route:
        return world["agency"].pk
    if "pengguna" in route:
        return world["bystander_role"].pk
    if "lampiran" in route:
        return world["aspiration"].attachments.first().pk
    if "jangkauan" in route:
        return world["item"].pk
    if "diseminasi" in route:
        return world["dissemination"].pk
    members = world["active"].members
    return (members.filter(role="anggota").first() or members.first()).pk


def _secret(aspiration):
    from jembatan.aspirations.services import aspiration_secret

    return aspiration_secret(aspiration)


def _expand(route: str, world) -> str | None:
    import re

    if route.startswith("admin/") and ("<" in route or "(?P" in route or route.endswith(("add/", "autocomplete/"))):
        return None  # the admin's own object, add and autocomplete URLs: its index and lists cover its access rule
    if "(?P" in route or "^" in route:
        route = route.replace("^", "").replace("$", "").replace("\\Z", "")
        if "(?P" in route:
            return None

    def fill(match):
        name = match.group(2)
        return str(SAMPLE[name](world, route))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _expected_allowed(access: frozenset[str], role: str) -> bool:
    if PUBLIC in access:
        return True
    if role == "anonymous":
        return False
    if SUPERUSER in access:
        return role == "superuser"
    if AUTHENTICATED in access:
        return True
    return role in access


def _denied(url: str, response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        if "/akun/masuk/?next=" in location or "/admin/login/?next=" in location:
            return True
        return "/akun/2fa/" in location and not url.startswith("/akun/2fa/")
    return False


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_access_declared(client, world, role):
    user = world["users"][role]
    client = signed_in(client, user)
    mismatches = []
    checked = 0
    for route, pattern, namespace in _all_urls():
        access = _access_of(pattern, namespace)
        url = _expand(route, world)
        if url is None or "logout" in route or "keluar" in route:
            continue
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        checked += 1
        allowed = _expected_allowed(access, role)
        if allowed and _denied(url, response):
            mismatches.append(
                f"{url}: expected access, got {response.status_code} {response.headers.get('Location', '')}"
            )
        if not allowed and not _denied(url, response):
            mismatches.append(f"{url}: expected denial, got {response.status_code}")
        assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
    assert checked > 20
    assert not mismatches, "\n".join(mismatches)


def test_staff_without_second_factor_are_sent_to_the_two_factor_page(client, db):
    admin = make_staff(Role.ADMIN)
    client.force_login(admin)
    response = client.get("/staf/kim/")
    assert response.status_code == 302
    assert "/akun/2fa/" in response.headers["Location"]


def test_admin_scope_is_the_regency(client, db):
    """An admin of another regency cannot open a Pangkalpinang KIM."""
    admin_here = make_staff(Role.ADMIN)
    kim = make_kim(admin=admin_here)
    from jembatan.regions.models import Province, Regency

    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    other = make_staff(Role.ADMIN, regency="19.01")
    signed_in(client, other)
    assert client.get(f"/staf/kim/{kim.slug}/").status_code == 404
    assert client.post(f"/staf/kim/{kim.slug}/aksi/verify/").status_code == 404
    kim.refresh_from_db()
    assert kim.status == "diajukan"


def test_a_pengurus_only_manages_their_own_kim(client, db):
    admin = make_staff(Role.ADMIN)
    mine = make_kim(status="aktif", admin=admin)
    theirs = make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=mine, with_totp=False)
    signed_in(client, pengurus)
    assert client.get(f"/staf/kim/{mine.slug}/anggota/").status_code == 200
    assert client.get(f"/staf/kim/{theirs.slug}/anggota/").status_code == 404
