"""The audit log speaks Indonesian: every verb has words, and the note a person wrote is shown."""

from __future__ import annotations

import contextlib
import importlib

from django.apps import apps

from jembatan.core.audit import AuditVerb
from jembatan.portal.audit_labels import VERB_LABELS


def _all_verbs() -> set[str]:
    for config in apps.get_app_configs():
        if config.name.startswith("jembatan."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.verbs")
    found, pending = set(), list(AuditVerb.__subclasses__())
    while pending:
        cls = pending.pop()
        found |= {member.value for member in cls}
        pending += cls.__subclasses__()
    return found


def test_every_audit_verb_has_words():
    verbs = _all_verbs()
    assert len(verbs) > 50
    assert sorted(verbs - set(VERB_LABELS)) == []


def test_the_audit_page_shows_the_words_and_the_note(client, db):
    from jembatan.accounts.roles import Role
    from jembatan.core.models import AuditLog
    from tests.factories import make_staff, signed_in

    signed_in(client, make_staff(Role.ADMIN))
    AuditLog.objects.create(
        actor_label="editor", verb="newsroom.corrected", object_type="newsroom.item", object_id="3",
        object_repr="Posyandu", after={"text": "Jam buka yang benar 07.30, bukan 08.00."},
    )  # fmt: skip
    page = client.get("/staf/audit/").content.decode()
    assert "Koreksi diterbitkan" in page
    assert "Jam buka yang benar 07.30, bukan 08.00." in page
