"""A confirmation email is stored with the report it confirms: nothing that happens after the commit
(the database dropping the connection, the process dying) can lose it."""

from __future__ import annotations

import pytest
from django.db import transaction

from jembatan.aspirations import services
from jembatan.notifications.models import Message
from tests.factories import make_category, submission


@pytest.fixture(autouse=True)
def regions(transactional_db):
    """Transactional tests flush every table afterwards, the regions too: load them for each test."""
    import io

    from django.core.management import call_command

    call_command("import_regions", verbosity=0, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_email_is_written_in_the_reports_own_transaction(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    category = make_category()
    # Whatever runs after the commit is lost, as when the connection drops between commit and enqueue.
    monkeypatch.setattr(transaction, "on_commit", lambda *args, **kwargs: None)

    aspiration, created = services.aspiration_submit(
        data=submission(category=category, reporter_email="pelapor@contoh.id"), idempotency_key="kunci-tahan-1"
    )

    assert created
    emails = [
        message for message in Message.objects.filter(channel="email") if message.recipient == "pelapor@contoh.id"
    ]
    assert len(emails) == 1
    assert aspiration.code in emails[0].body
    assert emails[0].template_key == "aspirations.reporter_update"
    assert len(emails[0].key) == 32 and emails[0].next_attempt_at is not None  # due for the outbox worker
    # A retry of the same submission finds the report and queues nothing more.
    again, created = services.aspiration_submit(
        data=submission(category=category, reporter_email="pelapor@contoh.id"), idempotency_key="kunci-tahan-1"
    )
    assert (again.pk, created) == (aspiration.pk, False)
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_report_that_is_not_stored_queues_no_email(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    category = make_category()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.aspiration_submit(data=submission(category=category, reporter_email="pelapor@contoh.id"))
        raise RuntimeError("the request fails after the report was written")
    assert not Message.objects.exists()
