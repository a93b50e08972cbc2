"""The KIM pages over HTTP: applying, correcting, staff actions with uploads, directory and coverage."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jembatan.accounts.roles import Role
from jembatan.communities.models import Kim
from tests.factories import MINIMAL_PDF, PASSWORD, form_posting_to, make_kim, make_staff, make_user, totp_token

FORM = {
    "name": "KIM Sriwijaya Maju",
    "village": "19.71.07.1004",
    "address": "Jl. Sriwijaya No. 5",
    "phone": "0812-7000-1111",
    "ketua_name": "Rahmat Hidayat",
    "ketua_phone": "0812-7000-2222",
    "sekretaris_name": "Siti Aminah",
    "bendahara_name": "Yusuf Pratama",
    "members_text": "Dewi Lestari, 0813-1111-2222\nAgus Salim",
    "account_email": "rahmat@contoh.id",
    "account_password": "kata-sandi-ketua-2026",
    "account_password2": "kata-sandi-ketua-2026",
    "consent": "on",
}


def _verified_staff_client(client, user):
    client.post("/akun/masuk/", {"email": user.email, "password": PASSWORD})
    client.post("/akun/2fa/", {"token": totp_token(user)})
    return client


def test_citizen_applies_and_the_kecamatan_is_derived(client, db):
    response = client.post("/kim/daftar/", FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    kim = Kim.objects.get(name="KIM Sriwijaya Maju")
    assert kim.village.district.name == "Girimaya"
    assert kim.status == "diajukan"
    assert kim.phone == "+6281270001111"
    assert kim.members.count() == 5
    assert kim.members.get(full_name="Dewi Lestari").phone == "+6281311112222"
    assert kim.applicant.email == "rahmat@contoh.id"


def test_bad_application_shows_indonesian_messages_and_writes_nothing(client, db):
    bad = {**FORM, "ketua_phone": "12345", "account_password2": "lain", "members_text": "Budi, bukan-nomor"}
    response = client.post("/kim/daftar/", bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Baris 1" in body or "Line 1" in body
    assert not Kim.objects.exists()


def test_too_few_members_is_explained(client, db):
    from jembatan.communities import services

    services.rules_update(actor=None, regency_code="19.71", min_members=6)
    response = client.post("/kim/daftar/", FORM)  # three pengurus and two members: five
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body and "6" in body
    assert not Kim.objects.exists()
    response = client.post("/kim/daftar/", {**FORM, "members_text": FORM["members_text"] + "\nAnggota Keenam"})
    assert response.status_code == 302


def test_applicant_corrects_and_resubmits(client, db):
    admin = make_staff(Role.ADMIN)
    applicant = make_user(email="pemohon@contoh.id")
    kim = make_kim(status="perlu_perbaikan", applicant=applicant, admin=admin)
    client.post("/akun/masuk/", {"email": "pemohon@contoh.id", "password": PASSWORD})
    page = client.get("/akun/").content.decode()
    assert "Lengkapi alamat." in page
    form = client.get(f"/kim/{kim.slug}/perbaiki/")
    assert form.status_code == 200
    data = {**FORM, "name": kim.name, "village": kim.village_id, "address": "Alamat yang sudah diperbaiki"}
    for key in ("account_email", "account_password", "account_password2"):
        data.pop(key)
    response = client.post(f"/kim/{kim.slug}/perbaiki/", data)
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.status == "diajukan"
    assert kim.address == "Alamat yang sudah diperbaiki"


def test_someone_else_cannot_open_the_correction_form(client, db):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="perlu_perbaikan", admin=admin)
    make_user(email="orang-lain@contoh.id")
    client.post("/akun/masuk/", {"email": "orang-lain@contoh.id", "password": PASSWORD})
    assert client.get(f"/kim/{kim.slug}/perbaiki/").status_code == 404


def test_admin_records_the_decree_with_a_pdf_and_activates(client, db):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    kim = make_kim(status="diverifikasi", admin=admin)
    _verified_staff_client(client, admin)
    scan = SimpleUploadedFile("sk.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        f"/staf/kim/{kim.slug}/aksi/legalise/",
        {"sk_number": "100/7/KEL/2025", "sk_date": "2025-11-03", "sk_issuer": "Lurah Bukit Besar", "sk_scan": scan},
    )
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.status == "dikukuhkan"
    assert kim.sk_scan.name.endswith(".pdf")
    client.post(f"/staf/kim/{kim.slug}/aksi/activate/")
    kim.refresh_from_db()
    assert kim.status == "aktif"
    assert kim.name in client.get("/kim/").content.decode()


def _post_scan(client, kim, content, name):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        f"/staf/kim/{kim.slug}/aksi/legalise/",
        {"sk_number": "1/2025", "sk_date": "2025-11-03", "sk_issuer": "Lurah", "sk_scan": upload},
        follow=True,
    )


def test_disguised_and_unsafe_uploads_are_refused(client, db):
    admin = make_staff(Role.ADMIN, email="admin5@contoh.id")
    kim = make_kim(status="diverifikasi", admin=admin)
    _verified_staff_client(client, admin)
    executable = b"MZ\x90\x00" + b"\x00" * 200
    for content, name in [
        (executable, "sk.pdf"),
        (b"", "kosong.pdf"),
        (
            MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
            "js.pdf",
        ),
        (b"%PDF-1.4\nterpotong", "rusak.pdf"),
        (b"GIF89a" + b"\x00" * 50, "gambar.pdf"),
    ]:
        response = _post_scan(client, kim, content, name)
        assert response.status_code == 200
        assert 'class="message message-error"' in response.content.decode(), name
        kim.refresh_from_db()
        assert kim.status == "diverifikasi", name


def test_image_scans_are_reencoded_without_exif(client, db):
    admin = make_staff(Role.ADMIN, email="admin6@contoh.id")
    kim = make_kim(status="diverifikasi", admin=admin)
    _verified_staff_client(client, admin)
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("sk.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(
        f"/staf/kim/{kim.slug}/aksi/legalise/",
        {"sk_number": "2/2025", "sk_date": "2025-11-03", "sk_issuer": "Lurah", "sk_scan": upload},
    )
    kim.refresh_from_db()
    assert kim.status == "dikukuhkan"
    stored = kim.sk_scan.open("rb").read()
    assert b"KameraRahasia" not in stored
    assert Image.open(io.BytesIO(stored)).getexif().get(0x010F) is None


def test_decompression_bomb_is_refused(client, db):
    admin = make_staff(Role.ADMIN, email="admin7@contoh.id")
    kim = make_kim(status="diverifikasi", admin=admin)
    _verified_staff_client(client, admin)
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG", optimize=True)
    response = _post_scan(client, kim, buffer.getvalue(), "bom.png")
    assert 'class="message message-error"' in response.content.decode()
    kim.refresh_from_db()
    assert kim.status == "diverifikasi"


def test_directory_filters_by_kecamatan_status_and_name_and_paginates(client, db):
    from jembatan.communities import services

    services.rules_update(actor=None, regency_code="19.71", one_kim_per_village=False)
    admin = make_staff(Role.ADMIN)
    for index in range(25):
        make_kim(status="aktif", admin=admin, village_code="19.71.01.1004", name=f"KIM Bukit Intan {index:02d}")
    make_kim(status="aktif", admin=admin, village_code="19.71.02.1001", name="KIM Taman Sari Satu")
    page1 = client.get("/kim/?kecamatan=19.71.01").content.decode()
    assert "KIM Bukit Intan 00" in page1
    assert "KIM Taman Sari Satu" not in page1
    assert 'rel="next"' in page1
    page2 = client.get("/kim/?kecamatan=19.71.01&halaman=2").content.decode()
    assert "KIM Bukit Intan 24" in page2
    assert "KIM Taman Sari Satu" in client.get("/kim/?q=taman").content.decode()
    assert client.get("/kim/?kecamatan=bukan-kode&halaman=999").status_code == 200


def test_coverage_shows_the_gap_per_kecamatan(client, db):
    admin = make_staff(Role.ADMIN)
    make_kim(status="aktif", admin=admin, village_code="19.71.01.1004")
    make_kim(status="dikukuhkan", admin=admin, village_code="19.71.02.1001")
    data = client.get("/api/v1/coverage").json()
    by_code = {d["code"]: d for d in data["districts"]}
    assert by_code["19.71.01"]["active_kim"] == 1 and by_code["19.71.01"]["target_met"] is True
    assert by_code["19.71.02"]["active_kim"] == 0 and by_code["19.71.02"]["target_met"] is False
    assert data["summary"] == {
        "districts_total": 7,
        "districts_met": 1,
        "villages_total": 42,
        "villages_covered": 1,
        "active_kim": 1,
    }
    page = client.get("/cakupan/").content.decode()
    assert "<svg" in page and "<table" in page


def test_public_pages_are_cached_and_publishing_invalidates_them(client, db, django_capture_on_commit_callbacks):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="dikukuhkan", admin=admin)
    assert kim.name in client.get("/kim/").content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/kim/")
    assert len(queries) == 0  # served from the cache
    from jembatan.communities import services

    with django_capture_on_commit_callbacks(execute=True):
        services.kim_dissolve(actor=admin, kim=kim, reason="Bubar.")
    assert kim.name not in client.get("/kim/").content.decode()


def test_a_new_member_is_an_ordinary_member_by_default(client, db):
    applicant = make_user()
    kim = make_kim(status="aktif", admin=make_staff(Role.ADMIN), applicant=applicant)
    client.post("/akun/masuk/", {"email": applicant.email, "password": PASSWORD})
    page = client.get(f"/staf/kim/{kim.slug}/anggota/baru/").content.decode()
    assert '<option value="anggota" selected>' in page
    assert '<option value="ketua">' in page


def test_a_dissolved_kim_shows_the_reason_and_no_empty_actions(client, db):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="dibubarkan", admin=admin)
    page = _verified_staff_client(client, admin).get(f"/staf/kim/{kim.slug}/").content.decode()
    assert "Bubar." in page
    assert "actions-grid" not in page


def test_a_checkbox_label_has_no_colon(db):
    from jembatan.communities.forms import MemberForm

    form = MemberForm(regency_code="19.71")
    assert form["consent_contact"].label_tag().endswith("Diskominfo</label>")
    assert form["full_name"].label_tag().endswith(":</label>")


def test_an_official_name_with_emoji_or_symbols_is_refused_in_indonesian(client, db):
    for name in ("KIM Bacang 🚀 Bersinar", "KIM Bacang ★", "KIM Bacang\u200bBersinar"):
        response = client.post("/kim/daftar/", {**FORM, "name": name})
        assert response.status_code == 200
        assert "Gunakan hanya huruf, angka, spasi" in response.content.decode()
    assert not Kim.objects.exists()
    # Names with the punctuation and letters of real names are accepted.
    response = client.post("/kim/daftar/", {**FORM, "name": "KIM Al-Ikhlas (Sriwijaya) & Ma'rifat"})
    assert response.status_code == 302
    assert Kim.objects.get().name == "KIM Al-Ikhlas (Sriwijaya) & Ma'rifat"


def test_an_administrator_gives_the_pengurus_role_and_hands_the_kim_to_a_new_ketua(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    from jembatan.accounts.models import RoleAssignment, User
    from jembatan.core.models import AuditLog

    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    previous = kim.applicant
    assert RoleAssignment.objects.filter(user=previous, kim=kim, role=Role.PENGURUS_KIM).exists()
    _verified_staff_client(client, admin)
    assert "/pengurus/serahkan/" in client.get(f"/staf/kim/{kim.slug}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staf/kim/{kim.slug}/pengurus/tambah/", {"full_name": "Sri Sekretaris", "email": "sri@contoh.id"})
    sri = User.objects.get(email="sri@contoh.id")
    assert RoleAssignment.objects.filter(user=sri, kim=kim, role=Role.PENGURUS_KIM).exists()
    assert mailoutbox[-1].to == ["sri@contoh.id"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staf/kim/{kim.slug}/pengurus/serahkan/", {"full_name": "Bayu Ketua", "email": "bayu@contoh.id"})
    kim.refresh_from_db()
    bayu = User.objects.get(email="bayu@contoh.id")
    assert kim.applicant == bayu
    assert RoleAssignment.objects.filter(user=bayu, kim=kim, role=Role.PENGURUS_KIM).exists()
    assert not RoleAssignment.objects.filter(user=previous, kim=kim, role=Role.PENGURUS_KIM).exists()
    assert RoleAssignment.objects.filter(user=sri, kim=kim).exists()  # other pengurus keep their role
    entry = AuditLog.objects.get(verb="kim.handed_over")
    assert entry.before == {"applicant": previous.pk} and entry.after == {"applicant": bayu.pk}


def test_an_application_has_no_pengurus_accounts_to_give(client, db):
    from jembatan.accounts.models import User

    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="diajukan", admin=admin)
    _verified_staff_client(client, admin)
    assert "/pengurus/tambah/" not in client.get(f"/staf/kim/{kim.slug}/").content.decode()
    response = client.post(
        f"/staf/kim/{kim.slug}/pengurus/tambah/", {"full_name": "X", "email": "x@contoh.id"}, follow=True
    )
    assert "Hanya KIM yang sudah dikukuhkan" in response.content.decode()
    assert not User.objects.filter(email="x@contoh.id").exists()


def test_a_decree_form_with_errors_comes_back_bound_with_its_field_errors(client, db):
    admin = make_staff(Role.ADMIN, email="admin-bound@contoh.id")
    kim = make_kim(status="diverifikasi", admin=admin)
    _verified_staff_client(client, admin)
    response = client.post(
        f"/staf/kim/{kim.slug}/aksi/legalise/", {"sk_number": "", "sk_date": "2025-11-03", "sk_issuer": "Lurah Baru"}
    )
    assert response.status_code == 200  # no redirect: the page shows the form as it was sent
    form = form_posting_to(response.content.decode(), f"/staf/kim/{kim.slug}/aksi/legalise/")
    assert 'class="errorlist' in form and 'value="Lurah Baru"' in form
    assert 'aria-invalid="true"' in form
    kim.refresh_from_db()
    assert kim.status == "diverifikasi"
