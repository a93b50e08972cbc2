from tests.factories import make_kim, make_staff


def test_admin_can_take_kim_to_active(db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin)
    assert kim.status == "aktif"
