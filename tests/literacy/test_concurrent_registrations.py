"""Registrations and cancellations racing for the last places on PostgreSQL: the event row's lock gives
each place once, and a freed place goes to exactly one person from the waiting list."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jembatan.literacy import services
from jembatan.literacy.models import Registration
from tests.literacy.test_events import _event
from tests.markers import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

PEOPLE = 12


def _race(work) -> None:
    barrier = threading.Barrier(len(work))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_twelve_people_race_for_three_places_then_two_cancel_at_once(settings):
    from django.core.management import call_command

    call_command("import_regions", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115 - flushed by the test
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = _event(capacity=3)

    def register(n):
        return lambda: services.registration_create(
            event=event, data=services.RegistrationData(name=f"Warga {n}", email=f"w{n}@contoh.id", consent=True)
        )

    _race([register(n) for n in range(PEOPLE)])
    statuses = list(Registration.objects.order_by("created_at", "id").values_list("status", flat=True))
    assert statuses.count("terdaftar") == 3 and statuses.count("menunggu") == PEOPLE - 3
    leaving = list(Registration.objects.filter(status="terdaftar")[:2])
    _race([lambda r=r: services.registration_cancel(token=r.token) for r in leaving])
    assert Registration.objects.filter(status="terdaftar").count() == 3  # two freed, two promoted, no more
    promoted = Registration.objects.filter(promoted_at__isnull=False).order_by("created_at", "id")
    waiting = Registration.objects.filter(status="menunggu").order_by("created_at", "id")
    assert promoted.count() == 2 and all(p.created_at <= w.created_at for p in promoted for w in waiting)
