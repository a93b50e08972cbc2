"""The action forms of a news item on the desk, each tied to the workflow transition that must be open
(``core.actions``): publishing is offered only to an editor who may publish it (the two-person rule)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jembatan.core.actions import ActionForm
from jembatan.newsroom.forms import ArchiveForm, CorrectionForm, NotesForm, PublishForm

ACTIONS = [
    ActionForm("submit", _("Review"), _("Send for review"), help=_("When the item is ready, send it to a reviewer.")),
    ActionForm(
        "publish", _("Verify and publish"), _("Publish"), PublishForm, fields_template="newsroom/_publish_fields.html"
    ),
    ActionForm("send_back", _("Send back"), _("Send back to the author"), NotesForm, style="secondary"),
    # A correction note is for a published item, exactly when it could be archived.
    ActionForm("correct", _("Correction note only"), _("Publish the note"), CorrectionForm, when="archive"),
    ActionForm(
        "archive", _("Archive"), _("Archive"), ArchiveForm, style="danger",
        help=_(
            "The item leaves the lists, the feeds and the search; its address keeps working and says it is archived."
        ),
    ),
]  # fmt: skip
