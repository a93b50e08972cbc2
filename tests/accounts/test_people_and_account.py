"""People and roles for administrators, and "My account" for everyone who signs in."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts.models import RoleAssignment
from jembatan.accounts.roles import Role
from jembatan.core.models import AuditLog
from tests.factories import PASSWORD, make_agency, make_staff, make_user, totp_token


def _as_staff(client, user):
    client.post("/akun/masuk/", {"email": user.email, "password": PASSWORD})
    client.post("/akun/2fa/", {"token": totp_token(user)})
    return client


def test_removing_a_role_asks_first(client, db):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    editor = make_staff(Role.EDITOR, email="editor@contoh.id", full_name="Eko Editor")
    assignment = editor.role_assignments.get()
    _as_staff(client, admin)
    people = client.get("/staf/pengguna/").content.decode()
    assert f'href="/staf/pengguna/{assignment.pk}/cabut/"' in people
    confirm = client.get(f"/staf/pengguna/{assignment.pk}/cabut/")
    assert confirm.status_code == 200
    assert "Eko Editor" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()  # looking is not removing
    client.post(f"/staf/pengguna/{assignment.pk}/cabut/")
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_giving_a_role_someone_holds_says_so_and_sends_nothing(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    agency = make_agency(short_name="PUPR")
    make_staff(Role.PETUGAS_OPD, agency=agency, email="oki@contoh.id", full_name="Oki Petugas")
    _as_staff(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staf/pengguna/",
            {"full_name": "Oki Petugas", "email": "OKI@contoh.id", "role": "petugas_opd", "agency": agency.pk},
        )
    assert response.status_code == 200
    assert "sudah memegang peran ini" in response.content.decode()
    assert mailoutbox == []
    assert RoleAssignment.objects.filter(user__email="oki@contoh.id").count() == 1


def test_an_administrator_resets_a_lost_second_step_and_the_person_enrols_again(client, db):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    officer = make_staff(Role.EDITOR, email="editor@contoh.id", full_name="Eko Editor")
    assignment = officer.role_assignments.get()
    _as_staff(client, admin)
    assert "Eko Editor" in client.get(f"/staf/pengguna/{assignment.pk}/atur-ulang-2fa/").content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()  # looking changes nothing
    client.post(f"/staf/pengguna/{assignment.pk}/atur-ulang-2fa/")
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    entry = AuditLog.objects.get(verb="user.two_factor_reset")
    assert (entry.actor_id, entry.object_id) == (admin.pk, str(officer.pk))
    # At the next sign-in the officer is sent to set up an authenticator again.
    other = client.__class__()
    response = other.post("/akun/masuk/", {"email": officer.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/akun/2fa/siapkan/")


def test_an_administrator_cannot_reset_their_own_second_step_from_the_people_page(client, db):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    own = admin.role_assignments.get()
    _as_staff(client, admin)
    client.post(f"/staf/pengguna/{own.pk}/atur-ulang-2fa/")
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_a_person_changes_their_password_and_stays_signed_in(client, db):
    user = make_user(email="warga@contoh.id")
    client.post("/akun/masuk/", {"email": "warga@contoh.id", "password": PASSWORD})
    assert 'href="/akun/sandi/ubah/"' in client.get("/akun/").content.decode()
    wrong = client.post(
        "/akun/sandi/ubah/",
        {
            "old_password": "bukan-sandinya",
            "new_password1": "sandi-baru-panjang-26",
            "new_password2": "sandi-baru-panjang-26",
        },
    )
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()
    response = client.post(
        "/akun/sandi/ubah/",
        {"old_password": PASSWORD, "new_password1": "sandi-baru-panjang-26", "new_password2": "sandi-baru-panjang-26"},
    )
    assert response.headers["Location"] == "/akun/"
    assert client.get("/akun/").status_code == 200  # still signed in
    user.refresh_from_db()
    assert user.check_password("sandi-baru-panjang-26")
    assert AuditLog.objects.filter(verb="user.password_changed", object_id=str(user.pk)).exists()


def test_staff_make_new_recovery_codes_and_the_old_ones_stop_working(client, db):
    admin = make_staff(Role.ADMIN, email="admin@contoh.id")
    from jembatan.accounts import services

    old_codes = services.recovery_codes_regenerate(user=admin)
    _as_staff(client, admin)
    account = client.get("/akun/").content.decode()
    assert 'action="/akun/2fa/kode-pemulihan/"' in account
    assert 'href="/akun/2fa/siapkan/"' in account
    page = client.post("/akun/2fa/kode-pemulihan/").content.decode()
    tokens = set(StaticDevice.objects.get(user=admin).token_set.values_list("token", flat=True))
    assert len(tokens) == 10 and not tokens & set(old_codes)
    assert all(token in page for token in tokens)
