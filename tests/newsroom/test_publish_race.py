"""An author removes the sources while a reviewer publishes: the publish is refused or sees the sources,
never a published item without a source. PostgreSQL only (SQLite serialises writers, so there is no race).

Both services lock the item row: ``item_update`` before it saves, ``item_publish`` before its guard reads
the sources, so the two serialise and the guard reads what the other committed.
"""

import os
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import translation

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.newsroom import services
from jembatan.newsroom.models import Item, ItemStatus
from tests.factories import item_data, make_item, make_staff
from tests.markers import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

HOLD = 0.5  # seconds the first writer keeps its transaction open while the second one waits for the lock


def _setup():
    call_command("import_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115 - flushed before
    author, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    item = make_item(author=author, status="ditinjau")
    return author, reviewer, item


def _remove_sources(author, item):
    data = item_data(title=item.title, summary=item.summary, body=item.body, sources="")
    return services.item_update(actor=author, item=item, data=data)


def _publish(reviewer, item):
    return services.item_publish(
        actor=reviewer, item=item, check_sources=True, check_facts=True, check_plain_language=True
    )


def _run(first, second):
    """``first`` runs in a transaction held open for HOLD seconds; ``second`` starts while it is open."""
    outcome, started = {}, threading.Event()

    def hold():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                started.set()
                time.sleep(HOLD)
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["first"] = exc
            started.set()
        finally:
            connections.close_all()

    def follow():
        started.wait(10)
        begun = time.monotonic()
        try:
            with translation.override("en"):  # threads do not inherit the test's language
                outcome["second"] = second()
        except Exception as exc:  # noqa: BLE001 - the refusal is an outcome
            outcome["second"] = exc
        finally:
            outcome["waited"] = time.monotonic() - begun
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=follow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


def _never_published_without_a_source():
    assert not any(not item.source_lines for item in Item.objects.filter(status=ItemStatus.TERBIT))


def test_publish_waiting_for_the_authors_edit_sees_the_sources_removed_and_is_refused():
    author, reviewer, item = _setup()
    outcome = _run(lambda: _remove_sources(author, item), lambda: _publish(reviewer, item))
    assert isinstance(outcome["first"], Item)
    assert outcome["waited"] >= HOLD * 0.8  # the publish waited for the author's lock
    assert isinstance(outcome["second"], DomainError)
    assert str(outcome["second"]) == "Name at least one source before publishing."
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DITINJAU
    _never_published_without_a_source()


def test_an_edit_waiting_for_the_publish_finds_the_item_published_and_keeps_its_sources():
    author, reviewer, item = _setup()
    outcome = _run(lambda: _publish(reviewer, item), lambda: _remove_sources(author, item))
    assert outcome["first"].status == ItemStatus.TERBIT
    assert outcome["waited"] >= HOLD * 0.8
    assert isinstance(outcome["second"], TransitionNotAllowed)
    published = Item.objects.get(pk=item.pk)
    assert published.status == ItemStatus.TERBIT and published.source_lines
    _never_published_without_a_source()


def test_simultaneous_edits_and_publishes_never_publish_an_item_without_a_source():
    author, reviewer, _item = _setup()
    items = [make_item(author=author, status="ditinjau") for _ in range(8)]
    barrier = threading.Barrier(2 * len(items))
    errors = []

    def run(call):
        try:
            barrier.wait(10)
            call()
        except (DomainError, TransitionNotAllowed):
            pass
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = []
    for item in items:
        threads.append(threading.Thread(target=run, args=(lambda item=item: _remove_sources(author, item),)))
        threads.append(threading.Thread(target=run, args=(lambda item=item: _publish(reviewer, item),)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    _never_published_without_a_source()
    for item in Item.objects.filter(pk__in=[i.pk for i in items]):
        assert item.status == ItemStatus.TERBIT or not item.source_lines  # one of the two won, wholly
