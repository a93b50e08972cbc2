"""Sign-in throttling per account and address behind a reverse proxy, and per address alone."""

from django.utils import translation

from tests.factories import PASSWORD, make_user


def _login(client, email, password, ip):
    return client.post(
        "/akun/masuk/",
        {"email": email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=ip,
    )


def test_an_attacker_behind_the_proxy_cannot_lock_the_owner_out(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    make_user(email="pemilik@contoh.id")
    for _attempt in range(4):
        _login(client, "pemilik@contoh.id", "salah-salah-salah", "203.0.113.66")
    assert _login(client, "pemilik@contoh.id", PASSWORD, "203.0.113.66").status_code == 429
    response = _login(client, "pemilik@contoh.id", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_one_address_trying_many_accounts_is_throttled(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ATTEMPTS_PER_IP = 5
    make_user(email="korban@contoh.id")
    for n in range(5):
        response = _login(client, f"tebakan{n}@contoh.id", "salah-salah-salah", "203.0.113.77")
        assert response.status_code == 200
    # Even the right password is not checked from that address now.
    response = _login(client, "korban@contoh.id", PASSWORD, "203.0.113.77")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    with translation.override("id"):
        expected = translation.gettext(
            "Too many sign-in attempts from your network. Wait %(minutes)s minutes and try again."
        ) % {"minutes": 10}
    assert expected in body
    assert 'name="email"' in body and "korban@contoh.id" in body
    # Another address is not affected.
    assert _login(client, "korban@contoh.id", PASSWORD, "198.51.100.21").status_code == 302
