"""Public reports are found by the site search; secret or unverified ones never are."""

from __future__ import annotations

import re

import pytest

from jembatan.aspirations import services
from tests.factories import make_aspiration, make_staff

pytestmark = pytest.mark.django_db


def _found(client, query: str) -> list[str]:
    body = client.get("/cari/", {"q": query}).content.decode()
    return re.findall(r'href="(/aspirasi/ASP-\d{4}-\d{6}/)"', body)


def test_a_verified_public_report_is_found_and_leaves_the_search_when_made_secret(
    client, django_capture_on_commit_callbacks
):
    admin = make_staff("admin")
    with django_capture_on_commit_callbacks(execute=True):
        public = make_aspiration(status="terverifikasi", admin=admin, title="Drainase tersumbat di pasar")
        make_aspiration(admin=admin, title="Drainase tersumbat belum diperiksa")  # not verified
        secret = make_aspiration(
            status="terverifikasi", admin=admin, title="Drainase tersumbat rahasia", privacy="rahasia"
        )
    assert _found(client, "drainase tersumbat") == [f"/aspirasi/{public.code}/"]
    assert secret.code not in client.get("/cari/", {"q": "rahasia"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_make_secret(actor=admin, aspiration=public)
    from jembatan.core.cache import bump_public_cache

    bump_public_cache()
    assert _found(client, "drainase tersumbat") == []


def test_search_reindex_rebuilds_the_reports_too(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from jembatan.search.models import SearchDocument

    admin = make_staff("admin")
    with django_capture_on_commit_callbacks(execute=True):
        make_aspiration(status="terverifikasi", admin=admin, title="Lampu taman mati")
    SearchDocument.objects.filter(kind="aspirasi").delete()
    call_command("search_reindex", verbosity=0)
    assert SearchDocument.objects.filter(kind="aspirasi").count() == 1


def test_a_new_report_queues_one_search_sync(db, regions, monkeypatch, django_capture_on_commit_callbacks):
    from jembatan.aspirations import tasks
    from tests.factories import make_aspiration

    queued = []

    class Recorder:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(tasks, "aspiration_search_sync_task", Recorder())
    with django_capture_on_commit_callbacks(execute=True):
        report = make_aspiration()
    assert queued == [{"aspiration_id": report.pk}]
