"""Templates: every built-in text fits its declaration in every language, and what does not fit is refused
with nothing written."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from jembatan.notifications import catalogue, services
from jembatan.notifications.api import send, send_email
from jembatan.notifications.catalogue import TemplateError
from jembatan.notifications.models import Message, MessageEvent


def test_every_built_in_text_uses_only_its_placeholders_in_every_language_and_its_example_fills_them():
    found = catalogue.templates()
    assert {"accounts.password_reset", "aspirations.reporter_update", "newsroom.review_request"} <= set(found)
    for spec in found.values():
        assert set(spec.example) == set(spec.placeholders), spec.key
        for language, _name in settings.LANGUAGES:
            subject, body = catalogue.built_in_text(spec, language)
            used = catalogue.placeholders_in(subject, body)
            assert used <= set(spec.placeholders), (spec.key, language, used)
            # A translation that lost a placeholder would send a message without its link or code.
            assert used == catalogue.placeholders_in(*catalogue.built_in_text(spec, "en")), (spec.key, language)
            assert "((" not in catalogue.fill(body, spec.example), (spec.key, language)


def test_a_message_is_rendered_in_its_language_and_stored_encrypted(db):
    from django.db import connection

    message = send_email("notifications.test", to=" Siti@Contoh.id ", values={"name": "Siti", "site": "Jembatan"})
    assert message.subject == "Pesan uji coba dari Jembatan"
    assert message.body.startswith("Halo Siti,")
    assert message.recipient == "Siti@Contoh.id" and message.template_version == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, body FROM notifications_message WHERE id = %s", [message.pk])
        raw_recipient, raw_body = cursor.fetchone()
    assert "Siti" not in raw_recipient and "Siti" not in raw_body
    english = send_email("notifications.test", to="a@contoh.id", values={"name": "A", "site": "J"}, language="en")
    assert english.subject == "Test message from J"


@pytest.mark.parametrize(
    ("template", "values", "to", "expected"),
    [
        ("tidak.ada", {}, "a@contoh.id", "Tidak ada templat pesan"),
        ("notifications.test", {"name": "A"}, "a@contoh.id", "((site)) tidak punya nilai"),
        (
            "notifications.test",
            {"name": "A", "site": "J", "kode": "x"},
            "a@contoh.id",
            "Variabel templat tidak dikenal",
        ),
        ("notifications.test", {"name": "A", "site": "J"}, "bukan-email", "alamat email yang benar"),
    ],
)
def test_what_does_not_fit_is_refused_in_indonesian_and_nothing_is_written(db, template, values, to, expected):
    with pytest.raises(TemplateError) as refused:
        send_email(template, to=to, values=values)
    assert expected in refused.value.message
    assert not Message.objects.exists() and not MessageEvent.objects.exists()


def test_an_unknown_channel_is_refused(db):
    with pytest.raises(TemplateError, match="tidak dikenal"):
        send("notifications.test", channel="merpati", to="a", values={"name": "A", "site": "J"})


def test_a_message_exists_only_if_the_change_it_announces_commits(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email("notifications.test", to="a@contoh.id", values={"name": "A", "site": "J"})
        raise RuntimeError("the change fails")
    assert not Message.objects.exists()


def test_the_same_key_is_one_message(db):
    first = send_email("notifications.test", to="a@contoh.id", values={"name": "A", "site": "J"}, key="siaran-1-a")
    again = send_email("notifications.test", to="a@contoh.id", values={"name": "A", "site": "J"}, key="siaran-1-a")
    assert first.pk == again.pk and Message.objects.count() == 1


def test_an_administrators_version_is_used_then_the_built_in_text_again(db):
    spec = catalogue.template("notifications.test")
    values = {"name": "Siti", "site": "Jembatan"}
    services.template_save(
        actor=None, spec=spec, channel="email", language="id", regency_code="19.71",
        subject="Uji dari ((site))", body="Salam ((name)) dari Diskominfo.",
    )  # fmt: skip
    message = send_email("notifications.test", to="a@contoh.id", values=values)
    assert (message.template_version, message.subject, message.body) == (
        1,
        "Uji dari Jembatan",
        "Salam Siti dari Diskominfo.",
    )
    # Another regency of the same installation keeps the built-in text.
    other = send_email("notifications.test", to="a@contoh.id", values=values, regency_code="19.04")
    assert other.template_version == 0 and other.body.startswith("Halo Siti")
    services.template_reset(actor=None, spec=spec, channel="email", language="id", regency_code="19.71")
    reset = send_email("notifications.test", to="a@contoh.id", values=values)
    assert reset.template_version == 2 and reset.body.startswith("Halo Siti")


def test_an_edit_with_an_unknown_placeholder_is_refused(db):
    from jembatan.notifications.models import TemplateVersion

    spec = catalogue.template("notifications.test")
    with pytest.raises(TemplateError, match=r"\(\(kode\)\)"):
        services.template_save(
            actor=None, spec=spec, channel="email", language="id", regency_code="19.71", subject="", body="((kode))"
        )
    assert not TemplateVersion.objects.exists()
