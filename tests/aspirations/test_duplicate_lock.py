"""Marking a report as a duplicate checks the original under a lock: a change to the original that commits
while the merge waits is what the merge sees. PostgreSQL only (SQLite serialises writers)."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.utils import translation
from django.utils.translation import gettext

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration, AspirationStatus
from jembatan.core.errors import DomainError
from tests.factories import make_aspiration, make_staff
from tests.markers import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def test_a_duplicate_waits_for_the_original_and_sees_it_made_secret():
    import os

    from django.core.management import call_command

    call_command("import_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115 - flushed before
    admin = make_staff("admin")
    original = make_aspiration(status="terverifikasi", admin=admin)
    copy = make_aspiration(admin=admin, reporter_email="pelapor2@contoh.id")
    locked, outcome = threading.Event(), {}

    def make_original_secret():
        try:
            with transaction.atomic():
                Aspiration.objects.select_for_update().get(pk=original.pk)
                locked.set()
                time.sleep(0.5)
                services.aspiration_make_secret(actor=admin, aspiration=original)
        finally:
            locked.set()
            connections.close_all()

    def merge():
        locked.wait(10)
        begun = time.monotonic()
        try:
            services.aspiration_mark_duplicate(actor=admin, aspiration=copy, original=original)
        except DomainError as exc:
            outcome["error"] = str(exc)
        finally:
            outcome["waited"] = time.monotonic() - begun
            connections.close_all()

    threads = [threading.Thread(target=make_original_secret), threading.Thread(target=merge)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["waited"] >= 0.4  # the merge waited for the lock on the original
    with translation.override(settings.LANGUAGE_CODE):  # the service speaks the instance's language
        expected = gettext("The original report is secret, so others cannot follow it. Handle this report on its own.")
    assert outcome["error"] == expected
    assert Aspiration.objects.get(pk=copy.pk).status == AspirationStatus.BARU
