"""The password reset form cannot be used to flood a mailbox, nor to learn which accounts exist."""

from __future__ import annotations

import pytest

from tests.factories import make_user


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a reset link; the email leaves the outbox once the request's transaction commits."""

    def post(email, ip="203.0.113.7"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/akun/sandi/lupa/", {"email": email}, REMOTE_ADDR=ip)

    return post


def test_one_account_gets_at_most_three_links_an_hour_and_the_answer_never_changes(ask, db, settings, mailoutbox):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 100
    make_user(email="korban@contoh.id")
    answers = [ask("korban@contoh.id", ip=f"203.0.113.{n}") for n in range(10)]
    assert [a.status_code for a in answers] == [302] * 10
    assert {a.headers["Location"] for a in answers} == {"/akun/sandi/terkirim/"}
    assert len(mailoutbox) == 3
    # The same answer for an address with no account: the limit reveals nothing.
    assert ask("tidak-ada@contoh.id").headers["Location"] == "/akun/sandi/terkirim/"


def test_the_limit_is_per_account_so_another_account_still_gets_its_link(ask, db, settings, mailoutbox):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 100
    make_user(email="korban@contoh.id")
    make_user(email="lain@contoh.id")
    for _ in range(5):
        ask("korban@contoh.id")
    ask("LAIN@contoh.id")
    assert [m.to for m in mailoutbox] == [["korban@contoh.id"]] * 3 + [["lain@contoh.id"]]


def test_one_connection_asking_for_many_accounts_is_asked_to_wait(ask, db, settings, mailoutbox):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 4
    for n in range(6):
        make_user(email=f"warga{n}@contoh.id")
    answers = [ask(f"warga{n}@contoh.id") for n in range(6)]
    assert [a.status_code for a in answers] == [302, 302, 302, 302, 200, 200]
    assert "Terlalu banyak permintaan" in answers[-1].content.decode()
    assert len(mailoutbox) == 4
    # Another connection is not affected.
    assert ask("warga5@contoh.id", ip="198.51.100.9").status_code == 302
    assert len(mailoutbox) == 5
