"""Random input to the editorial forms: a clear answer (200 with errors or a redirect), never a 500,
and nothing half-written."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jembatan.accounts.roles import Role
from jembatan.newsroom.models import Item, Revision
from tests.factories import make_staff, signed_in

text = st.text(max_size=400)
fields = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["berita", "pengumuman", "infografis", "agenda", "x", ""]),
        "title": text,
        "summary": text,
        "body": st.text(max_size=2000),
        "sources": text,
        "image_alt": text,
        "district": st.sampled_from(["", "19.71.01", "99.99.99", "x"]),
        "village": st.sampled_from(["", "19.71.01.1004", "19.71.02.1001", "zz"]),
        "event_starts_at": st.sampled_from(["", "2026-12-01T09:00", "bukan tanggal", "2026-13-45T99:99"]),
        "publish_at": st.sampled_from(["", "2020-01-01T00:00", "besok"]),
        "expires_at": st.sampled_from(["", "2020-01-01T00:00", "2030-01-01T00:00"]),
        "topics": st.sampled_from(["", "1", "abc", "999999"]),
    }
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=fields)
def test_the_editor_form_never_fails_and_never_half_writes(client, regions, data):
    signed_in(client, make_staff(Role.EDITOR))
    before = (Item.objects.count(), Revision.objects.count())
    response = client.post("/staf/berita/baru/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (Item.objects.count(), Revision.objects.count()) == before
    else:
        assert Item.objects.count() == before[0] + 1 and Revision.objects.count() == before[1] + 1


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text, summary=text, body=st.text(max_size=5000))
def test_the_plain_language_check_answers_any_text(client, regions, title, summary, body):
    signed_in(client, make_staff(Role.EDITOR))
    response = client.post("/staf/berita/keterbacaan/", {"title": title, "summary": summary, "body": body})
    assert response.status_code == (400 if "\x00" in title + summary + body else 200)
