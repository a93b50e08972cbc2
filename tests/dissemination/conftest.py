import pytest

from jembatan.accounts.roles import Role
from tests.factories import make_item, make_kim, make_staff
from tests.factories import signed_in as sign_in


@pytest.fixture
def admin(db):
    return make_staff(Role.ADMIN)


@pytest.fixture
def kim(admin):
    return make_kim(status="aktif", admin=admin)


@pytest.fixture
def other_kim(admin):
    return make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")


@pytest.fixture
def pengurus(kim):
    return make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False, full_name="Rahmat Pengurus")


@pytest.fixture
def item(db):
    return make_item(
        summary="Dinas PUPR mulai memperbaiki jalan rusak pekan ini. Warga diminta berhati-hati. Kalimat ketiga."
    )


@pytest.fixture
def pengurus_client(client, pengurus):
    return sign_in(client, pengurus)
