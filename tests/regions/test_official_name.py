"""The regency is named as it names itself ("Kota Pangkalpinang"), not as the region data spells it."""

from __future__ import annotations

from jembatan.accounts.roles import Role
from jembatan.core.cache import bump_public_cache
from jembatan.regions.models import Regency
from tests.factories import PASSWORD, make_staff, totp_token


def test_the_import_sets_the_shipped_official_name_and_keeps_one_set_by_the_administrators(db):
    from django.core.management import call_command

    regency = Regency.objects.get(code="19.71")
    assert regency.name == "KOTA PANGKAL PINANG"
    assert regency.official_name == "Kota Pangkalpinang"
    assert str(regency) == "Kota Pangkalpinang"
    Regency.objects.filter(code="19.71").update(official_name="Kota Pangkalpinang (uji)")
    call_command("import_regions", verbosity=0)
    assert Regency.objects.get(code="19.71").official_name == "Kota Pangkalpinang (uji)"


def test_pages_use_the_official_name(client, db):
    body = client.get("/cakupan/").content.decode()
    assert "Kota Pangkalpinang" in body
    assert "Pangkal Pinang" not in body


def test_an_administrator_sets_the_official_name(client, db):
    admin = make_staff(Role.ADMIN)
    client.post("/akun/masuk/", {"email": admin.email, "password": PASSWORD})
    client.post("/akun/2fa/", {"token": totp_token(admin)})
    assert "KOTA PANGKAL PINANG" not in client.get("/staf/daerah/").content.decode()
    refused = client.post("/staf/daerah/", {"official_name": "Kota 🌴 Pangkalpinang"})
    assert "tanpa emoji" in refused.content.decode()
    client.post("/staf/daerah/", {"official_name": "Kota Pangkalpinang Baru"})
    bump_public_cache()
    assert "Kota Pangkalpinang Baru" in client.__class__().get("/cakupan/").content.decode()
