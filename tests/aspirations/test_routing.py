"""Administrators keep the category → agency routing table."""

from jembatan.aspirations.models import Category
from jembatan.core.models import AuditLog
from tests.factories import PASSWORD, make_agency, make_staff, totp_token


def _admin_client(client):
    admin = make_staff("admin", email="admin-rute@contoh.id")
    client.post("/akun/masuk/", {"email": admin.email, "password": PASSWORD})
    client.post("/akun/2fa/", {"token": totp_token(admin)})
    return admin


def test_admin_adds_and_reroutes_a_category(client, db):
    _admin_client(client)
    first, second = make_agency(short_name="PU"), make_agency(short_name="DLH")
    response = client.post(
        "/staf/kategori/baru/", {"name": "Jalan", "code": "jalan", "agency": first.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    category = Category.objects.get(code="jalan")
    assert category.agency == first
    client.post(
        f"/staf/kategori/{category.pk}/", {"name": "Jalan", "code": "jalan", "agency": second.pk, "is_active": "on"}
    )
    category.refresh_from_db()
    assert category.agency == second
    assert AuditLog.objects.filter(verb="aspiration_category.updated", object_id=str(category.pk)).exists()
    assert "Jalan" in client.get("/staf/kategori/").content.decode()


def test_a_category_code_is_unique(client, db):
    _admin_client(client)
    client.post("/staf/kategori/baru/", {"name": "Jalan", "code": "jalan", "is_active": "on"})
    response = client.post("/staf/kategori/baru/", {"name": "Jalan lagi", "code": "jalan", "is_active": "on"})
    assert response.status_code == 200
    assert Category.objects.filter(code="jalan").count() == 1
