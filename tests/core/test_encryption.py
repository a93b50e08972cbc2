"""Contact data at rest (ADR 0012): the raw rows hold no email or phone in clear, masked and staff
displays read as before, keys rotate without loss, and a missing key is a clear error."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from jembatan.accounts.roles import Role
from jembatan.aspirations import services as aspiration_services
from jembatan.aspirations.models import Aspiration
from jembatan.communities.models import Kim, KimMember
from jembatan.core.crypto import DecryptionError, decrypt, encrypt
from jembatan.notifications import subscriptions
from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Consent, Subscription
from tests.factories import make_aspiration, make_kim, make_staff, signed_in

REPORTER_EMAIL = "siti.rahmawati@contoh.id"
REPORTER_PHONE = "+6281377778888"
FOLLOWER_EMAIL = "tetangga.baik@contoh.id"
KIM_EMAIL = "kim.sekretariat@contoh.id"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()

CONTACT_TABLES = {
    Aspiration: ["reporter_email", "reporter_phone"],
    Subscription: ["address"],
    Kim: ["email", "phone"],
    KimMember: ["phone"],
}


def _contact_data():
    aspiration = make_aspiration(reporter_email=REPORTER_EMAIL, reporter_phone=REPORTER_PHONE)
    aspiration_services.aspiration_follow(aspiration=aspiration, email=FOLLOWER_EMAIL)
    kim = make_kim(email=KIM_EMAIL)
    return aspiration, kim


def _raw_rows():
    rows = []
    with connection.cursor() as cursor:
        for model in CONTACT_TABLES:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            rows += [" ".join(str(value) for value in row) for row in cursor.fetchall()]
    return rows


def _clear_values(kim):
    phones = [m.phone for m in KimMember.objects.filter(kim=kim)]
    return [REPORTER_EMAIL, REPORTER_PHONE, FOLLOWER_EMAIL, KIM_EMAIL, kim.phone, *phones]


def _phone_digits(value):
    return value.lstrip("+")[2:]  # the national part, so "0812…" forms are caught as well


def test_raw_rows_hold_no_email_or_phone_in_clear(db):
    _aspiration, kim = _contact_data()
    values = _clear_values(kim)
    assert len(values) >= 7 and all(values)
    rows = _raw_rows()
    assert len(rows) >= 1 + 1 + 1 + 3  # a report, its follower, a KIM, its three members
    for row in rows:
        for value in values:
            assert value not in row
            assert _phone_digits(value) not in row or "@" in value


def test_the_models_read_the_clear_values(db):
    aspiration, kim = _contact_data()
    aspiration = Aspiration.objects.get(pk=aspiration.pk)
    assert (aspiration.reporter_email, aspiration.reporter_phone) == (REPORTER_EMAIL, REPORTER_PHONE)
    follower = Subscription.objects.get(address_hash=recipient_hash("email", FOLLOWER_EMAIL.upper()))
    assert follower.address == FOLLOWER_EMAIL
    assert Kim.objects.get(pk=kim.pk).email == KIM_EMAIL
    assert {m.phone for m in KimMember.objects.filter(kim=kim)} == {
        "+6281234500000",
        "+6281234500001",
        "+6281234500002",
    }


def test_following_twice_with_the_same_email_keeps_one_follower(db):
    aspiration = make_aspiration()
    aspiration_services.aspiration_follow(aspiration=aspiration, email=FOLLOWER_EMAIL)
    aspiration_services.aspiration_follow(aspiration=aspiration, email=FOLLOWER_EMAIL.upper())
    assert Subscription.objects.filter(subject__endswith=aspiration.code).count() == 1


def test_comparing_an_encrypted_column_by_value_is_refused(db):
    with pytest.raises(FieldError, match="hash"):
        list(Subscription.objects.filter(address=FOLLOWER_EMAIL))
    with pytest.raises(FieldError, match="hash"):
        list(Aspiration.objects.filter(reporter_email__icontains="siti"))
    assert not Aspiration.objects.exclude(reporter_email="").exists()


def test_masked_display_on_the_public_page_is_unchanged(client, db):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin, phone="+6281299990777")
    body = client.get(f"/kim/{kim.slug}/").content.decode()
    assert "+62 8**-****-*777" in body
    assert "+6281299990777" not in body


def test_staff_still_read_the_reporter_contact(client, db):
    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(reporter_email=REPORTER_EMAIL, reporter_phone=REPORTER_PHONE)
    body = signed_in(client, admin).get(f"/staf/aspirasi/{aspiration.code}/").content.decode()
    assert REPORTER_EMAIL in body and REPORTER_PHONE in body


def test_rotation_re_encrypts_without_loss(db, settings):
    settings.JEMBATAN_ENCRYPTION_KEYS = [KEY_A]
    aspiration, kim = _contact_data()
    before = _raw_rows()
    settings.JEMBATAN_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(_raw_rows()).isdisjoint(before)
    settings.JEMBATAN_ENCRYPTION_KEYS = [KEY_B]
    aspiration = Aspiration.objects.get(pk=aspiration.pk)
    assert (aspiration.reporter_email, aspiration.reporter_phone) == (REPORTER_EMAIL, REPORTER_PHONE)
    assert Subscription.objects.get(address_hash=recipient_hash("email", FOLLOWER_EMAIL)).address == FOLLOWER_EMAIL
    assert Kim.objects.get(pk=kim.pk).email == KIM_EMAIL
    assert all(m.phone for m in KimMember.objects.filter(kim=kim))


def test_a_new_lookup_key_is_applied_by_the_rotation(db, settings):
    aspiration = make_aspiration()
    aspiration_services.aspiration_follow(aspiration=aspiration, email=FOLLOWER_EMAIL)
    subscriptions.subscribe(channel="whatsapp", address="+6281234567890", source="whatsapp")
    settings.JEMBATAN_LOOKUP_KEY = "a-new-lookup-key"
    assert not Subscription.objects.filter(address_hash=recipient_hash("email", FOLLOWER_EMAIL)).exists()
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Subscription.objects.filter(address_hash=recipient_hash("email", FOLLOWER_EMAIL)).exists()
    # The channel-scoped hashes and the consent ledger (which holds only hashes) follow the new key:
    # BERHENTI still finds the subscription and withdraws its consent.
    assert Consent.objects.get().recipient_hash == recipient_hash("whatsapp", "+6281234567890")
    assert subscriptions.stop_all(channel="whatsapp", address="+6281234567890", source="whatsapp") == 1
    assert Consent.objects.get().withdrawn_at is not None


def test_a_dropped_key_is_a_clear_error_not_garbage(db, settings):
    settings.JEMBATAN_ENCRYPTION_KEYS = [KEY_A]
    aspiration = make_aspiration(reporter_email=REPORTER_EMAIL)
    settings.JEMBATAN_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(DecryptionError, match="JEMBATAN_ENCRYPTION_KEYS"):
        Aspiration.objects.get(pk=aspiration.pk)


def test_without_configured_keys_a_development_key_is_derived_from_the_secret_key(settings):
    settings.JEMBATAN_ENCRYPTION_KEYS = []
    token = encrypt(REPORTER_EMAIL)
    assert token != REPORTER_EMAIL and decrypt(token) == REPORTER_EMAIL
    settings.SECRET_KEY = "another-secret-key-0123456789abcdef-0123456789"
    with pytest.raises(DecryptionError):
        decrypt(token)


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_encrypt_existing_rows_and_reverse_decrypts():
    from django.db.migrations.executor import MigrationExecutor

    call_command("import_regions", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115  (flushed by earlier tests)

    before = [("aspirations", "0006_contact_columns_as_text"), ("communities", "0004_contact_columns_as_text")]
    # The latest state of every app: going back unapplies what depends on these apps too (role scopes, for one).
    after = MigrationExecutor(connection).loader.graph.leaf_nodes()
    aspiration = make_aspiration(reporter_email="x@contoh.id")  # the current model, then turned plain below
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    OldAspiration, OldFollower = old.get_model("aspirations", "Aspiration"), old.get_model("aspirations", "Follower")
    OldAspiration.objects.filter(pk=aspiration.pk).update(reporter_email=REPORTER_EMAIL, reporter_phone=REPORTER_PHONE)
    OldFollower.objects.create(aspiration_id=aspiration.pk, email=FOLLOWER_EMAIL)
    OldFollower.objects.create(aspiration_id=aspiration.pk, email=REPORTER_EMAIL)  # the reporter's own: not a follow
    assert any(REPORTER_EMAIL in row for row in _raw_rows())

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    assert not any(value in row for row in _raw_rows() for value in (REPORTER_EMAIL, REPORTER_PHONE, FOLLOWER_EMAIL))
    aspiration = Aspiration.objects.get(pk=aspiration.pk)
    assert (aspiration.reporter_email, aspiration.reporter_phone) == (REPORTER_EMAIL, REPORTER_PHONE)
    # Followers became subscriptions to the report (0013), with their consent and their link's token.
    [follow] = Subscription.objects.all()
    assert (follow.address, follow.subject) == (FOLLOWER_EMAIL, f"aspirasi:{aspiration.code}")
    assert follow.confirmed_at is not None and len(follow.token) >= 32
    assert follow.consent.purpose == "updates" and follow.address_hash == recipient_hash("email", FOLLOWER_EMAIL)

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert any(REPORTER_EMAIL in row for row in _raw_rows())
    MigrationExecutor(connection).migrate(after)
