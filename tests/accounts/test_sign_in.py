"""Signing in: passwords, email confirmation, mandatory second factor for staff, throttling."""

import base64
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts import services
from jembatan.accounts.roles import Role
from tests.factories import PASSWORD, make_staff, make_user, totp_token

ROOT = Path(__file__).resolve().parents[2]


def _login(client, email, password=PASSWORD):
    return client.post("/akun/masuk/", {"email": email, "password": password})


def test_passwords_shorter_than_12_characters_are_refused():
    with pytest.raises(ValidationError):
        validate_password("pendek-11ch")
    validate_password("cukup-panjang-12")


def test_passwords_are_hashed_with_argon2_outside_the_tests(settings, db):
    from jembatan.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    production = (ROOT / "jembatan" / "config" / "settings" / "production.py").read_text()
    assert "PASSWORD_HASHERS" not in production  # production keeps the base hashers
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = make_user()
    user.set_password("kata-sandi-yang-panjang")
    assert user.password.startswith("argon2")


def test_citizen_signs_in_without_second_factor(client, db):
    user = make_user(email="warga@contoh.id")
    response = _login(client, "warga@contoh.id")
    assert response.status_code == 302
    assert client.get("/akun/").status_code == 200
    assert user.pk == int(client.session["_auth_user_id"])


def test_unconfirmed_email_cannot_sign_in_and_gets_a_new_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(email="baru@contoh.id", confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = _login(client, "baru@contoh.id")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    link = re.search(r"/akun/konfirmasi/[^/\s]+/", mailoutbox[-1].body).group(0)
    client.get(link)
    assert _login(client, "baru@contoh.id").status_code == 302
    assert "_auth_user_id" in client.session


def test_staff_must_set_up_totp_then_gets_recovery_codes(client, db):
    make_staff(Role.ADMIN, email="admin@contoh.id", with_totp=False)
    response = _login(client, "admin@contoh.id")
    assert "/akun/2fa/" in response.headers["Location"]
    assert client.get("/staf/kim/").status_code == 302  # not yet verified
    page = client.get("/akun/2fa/siapkan/")
    secret = re.search(rb'data-testid="totp-secret">([A-Z2-7]+)<', page.content).group(1).decode()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    response = client.post("/akun/2fa/siapkan/", {"token": f"{totp(key):06d}", "next": "/staf/"})
    assert response.status_code == 200
    codes = re.findall(rb"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", response.content)
    assert len(codes) == 10
    assert client.get("/staf/kim/").status_code == 200


def test_staff_with_totp_enter_the_code(client, db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the next try
    admin = make_staff(Role.ADMIN, email="admin2@contoh.id")
    _login(client, "admin2@contoh.id")
    assert client.post("/akun/2fa/", {"token": "000000"}).status_code == 200
    assert client.get("/staf/kim/").status_code == 302
    response = client.post("/akun/2fa/", {"token": totp_token(admin), "next": "/staf/kim/"})
    assert response.headers["Location"] == "/staf/kim/"
    assert client.get("/staf/kim/").status_code == 200


def test_a_recovery_code_works_once(client, db):
    admin = make_staff(Role.ADMIN, email="admin3@contoh.id")
    codes = services.recovery_codes_regenerate(user=admin)
    _login(client, "admin3@contoh.id")
    assert client.post("/akun/2fa/", {"token": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    client.logout()
    _login(client, "admin3@contoh.id")
    assert client.post("/akun/2fa/", {"token": codes[0]}).status_code == 200


def test_repeated_failures_make_the_next_attempt_wait(client, db, settings):
    settings.LOGIN_FREE_FAILURES = 3
    make_user(email="sasaran@contoh.id")
    for _attempt in range(4):  # three free failures, then a wait
        _login(client, "sasaran@contoh.id", "salah-salah-salah")
    response = _login(client, "sasaran@contoh.id")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The way out is on the page: a new password by email.
    assert 'href="/akun/sandi/lupa/"' in response.content.decode()


def test_totp_setup_rejects_a_wrong_code(client, db):
    make_staff(Role.EDITOR, email="editor@contoh.id", with_totp=False)
    _login(client, "editor@contoh.id")
    client.get("/akun/2fa/siapkan/")
    response = client.post("/akun/2fa/siapkan/", {"token": "123456"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user__email="editor@contoh.id", confirmed=True).exists()


def test_open_redirects_are_refused_after_sign_in(client, db):
    make_user(email="w2@contoh.id")
    response = client.post(
        "/akun/masuk/", {"email": "w2@contoh.id", "password": PASSWORD, "next": "https://jahat.example/"}
    )
    assert response.headers["Location"] == "/staf/"


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, db):
    make_staff(Role.ADMIN, email="admin4@contoh.id")
    _login(client, "admin4@contoh.id")
    response = client.get("/akun/2fa/siapkan/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/2fa/?")
    assert TOTPDevice.objects.filter(user__email="admin4@contoh.id").count() == 1


def test_forgotten_password_can_be_reset_by_email(client, db, mailoutbox, django_capture_on_commit_callbacks):
    make_user(email="lupa@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/sandi/lupa/", {"email": "lupa@contoh.id"})
    assert response.headers["Location"] == "/akun/sandi/terkirim/"
    link = re.search(r"/akun/sandi/atur/\S+/", mailoutbox[-1].body).group(0)
    form_url = client.get(link).headers["Location"]
    response = client.post(
        form_url, {"new_password1": "sandi-baru-yang-panjang", "new_password2": "sandi-baru-yang-panjang"}
    )
    assert response.headers["Location"] == "/akun/sandi/selesai/"
    assert _login(client, "lupa@contoh.id", "sandi-baru-yang-panjang").status_code == 302
    assert "_auth_user_id" in client.session


def test_admin_invites_an_agency_officer_who_sets_a_password(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    from jembatan.accounts.models import User
    from tests.factories import make_agency

    admin = make_staff(Role.ADMIN, email="admin-undang@contoh.id")
    agency = make_agency(short_name="PUPR")
    _login(client, "admin-undang@contoh.id")
    client.post("/akun/2fa/", {"token": totp_token(admin)})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staf/pengguna/",
            {"full_name": "Oki Petugas", "email": "oki@pupr.contoh.id", "role": "petugas_opd", "agency": agency.pk},
        )
    assert response.status_code == 302
    officer = User.objects.get(email="oki@pupr.contoh.id")
    assert officer.role_assignments.get().agency == agency
    link = re.search(r"/akun/sandi/atur/\S+/", mailoutbox[-1].body).group(0)
    other = client.__class__()
    form_url = other.get(link).headers["Location"]
    other.post(form_url, {"new_password1": "sandi-petugas-baru-2026", "new_password2": "sandi-petugas-baru-2026"})
    assert (
        other.post("/akun/masuk/", {"email": "oki@pupr.contoh.id", "password": "sandi-petugas-baru-2026"}).status_code
        == 302
    )
    assignment = officer.role_assignments.get()
    client.post(f"/staf/pengguna/{assignment.pk}/cabut/")
    assert not officer.role_assignments.exists()


def test_an_agency_officer_needs_an_agency(client, db):
    admin = make_staff(Role.ADMIN, email="admin-undang2@contoh.id")
    _login(client, "admin-undang2@contoh.id")
    client.post("/akun/2fa/", {"token": totp_token(admin)})
    response = client.post("/staf/pengguna/", {"full_name": "X", "email": "x@contoh.id", "role": "petugas_opd"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_grant_role_command_bootstraps_the_first_administrator(db, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from jembatan.accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "grant_role",
            "kepala@diskominfo.contoh.id",
            "admin",
            "--name",
            "Kepala Bidang",
            stdout=io.StringIO(),
        )
    user = User.objects.get(email="kepala@diskominfo.contoh.id")
    assert user.role_assignments.get().role == "admin"
    assert "/akun/sandi/atur/" in mailoutbox[-1].body


def test_an_invited_person_whose_link_expired_can_ask_for_a_new_one(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    from jembatan.accounts.models import User
    from jembatan.regions.models import Regency

    services.staff_invite(
        actor=None,
        email="baru.diundang@contoh.id",
        full_name="Baru",
        role="editor",
        regency=Regency.objects.get(code="19.71"),
    )
    assert not User.objects.get(email="baru.diundang@contoh.id").has_usable_password()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/sandi/lupa/", {"email": "baru.diundang@contoh.id"})
    assert len(mailoutbox) == 1
    assert "/akun/sandi/atur/" in mailoutbox[0].body


def test_an_administrator_cannot_remove_their_own_administrator_role(db):
    from jembatan.core.errors import DomainError

    admin = make_staff(Role.ADMIN)
    with pytest.raises(DomainError):
        services.role_revoke(actor=admin, assignment=admin.role_assignments.get())
    assert admin.role_assignments.count() == 1


def test_staff_pages_of_the_instance_are_closed_to_an_administrator_of_another_regency(client, db):
    from jembatan.regions.models import Province, Regency
    from tests.factories import make_agency

    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    elsewhere = make_staff(Role.ADMIN, regency="19.01", email="admin-bangka@contoh.id")
    agency = make_agency()
    _login(client, "admin-bangka@contoh.id")
    client.post("/akun/2fa/", {"token": totp_token(elsewhere)})
    for url in [
        "/staf/audit/",
        "/staf/kalender/",
        "/staf/opd/",
        f"/staf/opd/{agency.pk}/",
        "/staf/kim/aturan/",
        "/staf/pengguna/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/staf/opd/{agency.pk}/", {"name": "Diretas", "short_name": "X"}).status_code == 404
    agency.refresh_from_db()
    assert agency.name != "Diretas"


def test_the_invitation_preselects_no_role(client, db):
    from jembatan.accounts.models import RoleAssignment

    admin = make_staff(Role.ADMIN, email="admin-undang3@contoh.id")
    _login(client, "admin-undang3@contoh.id")
    client.post("/akun/2fa/", {"token": totp_token(admin)})
    page = client.get("/staf/pengguna/").content.decode()
    assert '<option value="" selected>' in page
    response = client.post("/staf/pengguna/", {"full_name": "Y", "email": "y@contoh.id", "role": ""})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user__email="y@contoh.id").exists()
