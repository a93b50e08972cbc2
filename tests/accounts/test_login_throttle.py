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
    settings.LOGIN_FREE_FAILURES = 3
    make_user(email="pemilik@contoh.id")
    for _attempt in range(4):
        _login(client, "pemilik@contoh.id", "salah-salah-salah", "203.0.113.66")
    assert _login(client, "pemilik@contoh.id", PASSWORD, "203.0.113.66").status_code == 429
    response = _login(client, "pemilik@contoh.id", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_one_address_trying_many_accounts_is_throttled(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
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


def test_the_waits_grow_with_each_failure_and_a_success_clears_them(db, settings):
    from jembatan.accounts import throttle

    settings.LOGIN_FREE_FAILURES = 3
    settings.LOGIN_MAX_DELAY_MINUTES = 15
    now = 1_000_000.0
    waits = []
    for _failure in range(10):
        throttle.record_failure("Sasaran@Contoh.id ", "203.0.113.9", now=now)
        wait = throttle.wait_before_attempt("sasaran@contoh.id", "203.0.113.9", now=now)
        waits.append(wait.seconds if wait else 0)
    assert waits == [0, 0, 0, 30, 60, 120, 240, 480, 900, 900]  # then it stays at the cap
    assert throttle.wait_before_attempt("sasaran@contoh.id", "203.0.113.9", now=now + 901) is None
    throttle.record_success("sasaran@contoh.id", "203.0.113.9")
    throttle.record_failure("sasaran@contoh.id", "203.0.113.9", now=now)
    assert throttle.wait_before_attempt("sasaran@contoh.id", "203.0.113.9", now=now) is None


def test_guessing_one_account_from_many_addresses_is_slowed_but_never_for_long(db, settings):
    from jembatan.accounts import throttle

    settings.LOGIN_ACCOUNT_FREE_FAILURES = 10
    settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS = 60
    now = 2_000_000.0
    for n in range(30):
        throttle.record_failure("pemilik@contoh.id", f"198.51.100.{n}", now=now)
    wait = throttle.wait_before_attempt("pemilik@contoh.id", "192.0.2.1", now=now)
    assert wait is not None and wait.seconds == 60  # the owner, anywhere, waits a minute at most
    assert throttle.wait_before_attempt("pemilik@contoh.id", "192.0.2.1", now=now + 61) is None


def test_the_wait_page_says_how_long_and_offers_a_new_password(client, db, settings):
    settings.LOGIN_FREE_FAILURES = 1
    make_user(email="sasaran2@contoh.id")
    _login(client, "sasaran2@contoh.id", "salah-salah-salah", "203.0.113.5")
    _login(client, "sasaran2@contoh.id", "salah-salah-salah", "203.0.113.5")
    response = _login(client, "sasaran2@contoh.id", PASSWORD, "203.0.113.5")
    body = response.content.decode()
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert "30 detik" in body and 'href="/akun/sandi/lupa/"' in body
