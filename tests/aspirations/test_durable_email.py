"""A confirmation email is stored with the report it confirms: nothing that happens after the commit
(the database dropping the connection, the process dying) can lose it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from jembatan.aspirations import services
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
        task for task in DBTaskResult.objects.filter(task_path__endswith="send_email_task")
        if task.args_kwargs["kwargs"]["to"] == ["pelapor@contoh.id"]
    ]  # fmt: skip
    assert len(emails) == 1
    assert aspiration.code in emails[0].args_kwargs["kwargs"]["body"]
    assert len(emails[0].args_kwargs["kwargs"]["delivery_key"]) == 32
    # A retry of the same submission finds the report and queues nothing more.
    again, created = services.aspiration_submit(
        data=submission(category=category, reporter_email="pelapor@contoh.id"), idempotency_key="kunci-tahan-1"
    )
    assert (again.pk, created) == (aspiration.pk, False)
    assert DBTaskResult.objects.filter(task_path__endswith="send_email_task").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_report_that_is_not_stored_queues_no_email(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    category = make_category()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.aspiration_submit(data=submission(category=category, reporter_email="pelapor@contoh.id"))
        raise RuntimeError("the request fails after the report was written")
    assert not DBTaskResult.objects.filter(task_path__endswith="send_email_task").exists()
