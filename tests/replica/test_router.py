"""The read-replica router against a real PostgreSQL streaming replica (tools/replica_tests.py makes it).

The replica's replay is paused where a test needs the replica to be behind: a row written on the
primary is then invisible on the replica, which shows exactly where each read went.
"""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client, override_settings

from jembatan.accounts.roles import Role
from jembatan.core import replicas
from jembatan.newsroom.models import Item
from jembatan.regions.models import Village
from tests.factories import make_item, make_staff, signed_in

REPLICA = "replica_1"
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(autouse=True)
def _regions_and_replay():
    """Regions present (a transactional test empties the tables after it), replay running, health asked anew."""
    if not Village.objects.exists():
        with open("/dev/null", "w") as devnull:
            call_command("import_regions", verbosity=0, stdout=devnull)
    replicas.forget_health()
    yield
    resume_replay()
    replicas.forget_health()


def on_replica(statement: str):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()


def pause_replay() -> None:
    wait_for_replica()
    on_replica("SELECT pg_wal_replay_pause()")


def resume_replay() -> None:
    on_replica("SELECT pg_wal_replay_resume()")


def wait_for_replica(timeout: float = 20) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (done,) = on_replica(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")  # noqa: S608 - an LSN
        if done:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def test_the_replica_is_a_real_streaming_replica():
    assert on_replica("SELECT pg_is_in_recovery()") == (True,)
    assert replicas.replica_aliases() == [REPLICA]
    assert replicas.measure_lag(REPLICA) is not None


def test_read_only_work_reads_from_the_replica_and_other_work_from_the_primary():
    item = make_item()
    pause_replay()
    Item.objects.filter(pk=item.pk).update(title="Judul baru di primer")
    with replicas.reading_from_replica():
        assert Item.objects.get(pk=item.pk).title != "Judul baru di primer"  # the replica, behind
        with replicas.reading_from_primary():
            assert Item.objects.get(pk=item.pk).title == "Judul baru di primer"
    assert Item.objects.get(pk=item.pk).title == "Judul baru di primer"  # not read-only work: the primary


def test_writes_never_go_to_the_replica():
    item = make_item()
    with replicas.reading_from_replica():
        fetched = Item.objects.get(pk=item.pk)
        fetched.title = "Disimpan dari pekerjaan baca"
        fetched.save(update_fields=["title"])  # read on the replica, written on the primary
        Item.objects.filter(pk=item.pk).update(summary="Diubah dari pekerjaan baca")
    item.refresh_from_db(using="default")
    assert (item.title, item.summary) == ("Disimpan dari pekerjaan baca", "Diubah dari pekerjaan baca")


def test_reads_inside_a_transaction_stay_on_the_primary():
    item = make_item()
    pause_replay()
    with replicas.reading_from_replica(), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(title="Dalam transaksi")
        assert Item.objects.get(pk=item.pk).title == "Dalam transaksi"


@override_settings(REPLICA_MAX_LAG_SECONDS=3600)
def test_lag_within_the_limit_is_tolerated_and_beyond_it_reads_go_to_the_primary():
    item = make_item()
    pause_replay()
    Item.objects.filter(pk=item.pk).update(title="Baru")
    with replicas.reading_from_replica():
        assert Item.objects.get(pk=item.pk).title != "Baru"  # behind, but within an hour: tolerated
    time.sleep(1.2)
    replicas.forget_health()
    with override_settings(REPLICA_MAX_LAG_SECONDS=1), replicas.reading_from_replica():
        assert Item.objects.get(pk=item.pk).title == "Baru"  # more than a second behind: the primary
    resume_replay()
    wait_for_replica()
    replicas.forget_health()
    with override_settings(REPLICA_MAX_LAG_SECONDS=1), replicas.reading_from_replica():
        assert replicas.usable_replicas() == [REPLICA]
        assert Item.objects.get(pk=item.pk).title == "Baru"


@override_settings(REPLICA_MAX_LAG_SECONDS=5, REPLICA_CHECK_SECONDS=1, REPLICA_PIN_SECONDS=60)
def test_whoever_wrote_reads_their_write_and_others_see_it_once_the_replica_has_it():
    from django.core.cache import cache

    from jembatan.core.cache import CHANGED_AT_KEY

    author, publisher = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    item = make_item(author=author, status="ditinjau")
    reader = Client()
    assert item.title not in reader.get("/berita/").content.decode()
    pause_replay()

    editor = signed_in(Client(), publisher)
    published = editor.post(
        f"/staf/berita/{item.pk}/aksi/publish/",
        {"check_sources": "on", "check_facts": "on", "check_plain_language": "on"},
    )
    assert published.status_code == 302
    assert replicas.READ_YOUR_WRITES_COOKIE in published.cookies
    assert Item.objects.get(pk=item.pk).status == "terbit"

    # The publisher's own next reads are pinned to the primary: the item is on the public list.
    assert item.title in editor.get("/berita/").content.decode()
    # Another visitor reads from the replica, which has not replayed the publication yet (but is less
    # than REPLICA_MAX_LAG_SECONDS behind, so it is still used).
    assert item.title not in reader.get("/berita/").content.decode()
    # A read that wrote nothing leaves no cookie.
    assert replicas.READ_YOUR_WRITES_COOKIE not in reader.get("/berita/").cookies

    resume_replay()
    wait_for_replica()
    # The page the visitor was given from the lagging replica is kept only until the replica must have
    # caught up (REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS after the change), not for the cache's
    # five minutes: after that the visitor sees the publication.
    time.sleep(max(0.0, cache.get(CHANGED_AT_KEY) + 5 + 1 + 0.2 - time.time()))
    assert item.title in reader.get("/berita/").content.decode()


def test_a_replica_that_does_not_answer_is_left_out():
    item = make_item()
    replica = connections[REPLICA]
    real_port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        replicas.forget_health()
        with replicas.reading_from_replica():
            assert Item.objects.get(pk=item.pk).pk == item.pk  # from the primary, no error
        assert replicas.usable_replicas() == []
        assert Client().get("/berita/").status_code == 200
    finally:
        replica.close()
        replica.settings_dict["PORT"] = real_port


def test_a_replica_failing_mid_request_is_retried_on_the_primary(monkeypatch):
    make_item()
    calls = []

    @replicas.replica_reads
    def view(request):
        alias = Item.objects.all().db
        calls.append(alias)
        if alias == REPLICA:
            from django.db import OperationalError

            raise OperationalError("server closed the connection unexpectedly")
        from django.http import HttpResponse

        return HttpResponse(str(Item.objects.count()))

    from django.test import RequestFactory

    response = view(RequestFactory().get("/berita/"))
    assert response.status_code == 200 and response.content == b"1"
    assert calls == [REPLICA, "default"]
    assert replicas.usable_replicas() == []  # left out until it is asked again
