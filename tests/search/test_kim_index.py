"""KIMs enter the site search when they become publicly listed and leave it when they stop being."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from jembatan.accounts.roles import Role
from jembatan.communities import services
from jembatan.search import selectors
from jembatan.search.models import SearchDocument
from tests.factories import MINIMAL_PDF, make_kim, make_staff

pytestmark = pytest.mark.django_db


def kim_titles(query: str) -> list[str]:
    return [result.title for result in selectors.search(query, kind="kim").results]


@pytest.fixture
def admin(db):
    return make_staff(Role.ADMIN)


def test_a_kim_is_searchable_once_legalised_and_not_while_applying(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kim = make_kim(
            status="diverifikasi", admin=admin, name="KIM Pelita Harapan", description="Warga peduli banjir."
        )
    assert kim_titles("pelita") == []

    with django_capture_on_commit_callbacks(execute=True):
        services.kim_legalise(
            actor=admin, kim=kim, sk_number="1/2025", sk_date=datetime.date(2025, 10, 1), sk_issuer="Lurah",
            sk_scan=ContentFile(MINIMAL_PDF, name="sk.pdf"),
        )  # fmt: skip

    result = selectors.search("kepedulian banjir", kind="kim").results[0]
    assert result.title == "KIM Pelita Harapan"
    assert result.url == f"/kim/{kim.slug}/"
    assert result.content_type == "KIM"
    assert "<mark>peduli</mark> <mark>banjir</mark>" in result.snippet_html


def test_a_kim_stays_searchable_while_active_or_lapsed_and_leaves_when_dissolved(
    admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kim = make_kim(status="aktif", admin=admin, name="KIM Cahaya Bersama")
    assert kim_titles("cahaya") == ["KIM Cahaya Bersama"]

    with django_capture_on_commit_callbacks(execute=True):
        services.kim_lapse(kim=kim)
    assert kim_titles("cahaya") == ["KIM Cahaya Bersama"]

    with django_capture_on_commit_callbacks(execute=True):
        services.kim_dissolve(actor=admin, kim=kim, reason="Bubar.")
    assert kim_titles("cahaya") == []
    assert not SearchDocument.objects.filter(kind="kim", key=str(kim.pk)).exists()


def test_nothing_is_indexed_when_the_transition_is_rolled_back(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kim = make_kim(status="aktif", admin=admin, name="KIM Rollback")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.TransitionNotAllowed),
    ):
        services.kim_activate(actor=admin, kim=kim)
    assert callbacks == []
    assert kim_titles("rollback") == ["KIM Rollback"]


def test_the_index_holds_only_public_fields(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kim = make_kim(status="aktif", admin=admin, name="KIM Rahasia", phone="081234567890")
    document = SearchDocument.objects.get(kind="kim", key=str(kim.pk))
    indexed = " ".join([document.title, document.summary, document.body])
    assert "081234567890" not in indexed and "1234567890" not in indexed
    assert kim.address in document.body


def test_search_reindex_rebuilds_the_kim_documents(admin):
    public = make_kim(status="aktif", admin=admin, name="KIM Tanpa Indeks")
    make_kim(status="diajukan", name="KIM Masih Diajukan", village_code="19.71.01.1006")
    SearchDocument.objects.create(kind="kim", key="999999", title="KIM Hantu", url="/kim/hantu/", regency_code="19.71")

    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(SearchDocument.objects.filter(kind="kim").values_list("key", flat=True)) == [str(public.pk)]
    assert kim_titles("indeks") == ["KIM Tanpa Indeks"]


def test_search_reindex_refuses_an_unknown_kind():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("search_reindex", "tidak-ada")


def test_the_demo_data_ends_up_searchable(db):
    from jembatan.communities.demo import seed_demo

    seed_demo("19.71")

    assert kim_titles("bacang") == ["KIM Bacang Bersinar"]
    assert "KIM Taman Bunga Mandiri" not in kim_titles("taman bunga mandiri")  # still an application


def test_a_kim_result_has_a_real_snippet(db, client, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    with django_capture_on_commit_callbacks(execute=True):  # indexed after the commit
        make_kim(status="aktif", admin=admin, name="KIM Pasir Putih Maju", village_code="19.71.01.1008")
    import re

    body = client.get("/cari/", {"q": "pasir putih"}).content.decode()
    text = re.sub(r"</?mark>", "", body)  # matched words are highlighted
    assert "KIM di Kelurahan Pasir Putih, Kecamatan Bukit Intan." in text
