"""The staff action forms of a KIM, each tied to the workflow transition that must be open
(``core.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jembatan.communities.forms import LegaliseForm, NotesForm
from jembatan.core.actions import ActionForm
from jembatan.core.forms import ReasonForm

ACTIONS = [
    ActionForm("verify", _("Verify"), _("Verify the application"), help=_("The application is complete and meets the rules.")),
    ActionForm("request_correction", _("Ask for a correction"), _("Send back for correction"), NotesForm),
    ActionForm("legalise", _("Record the decree (SK)"), _("Record the decree"), LegaliseForm, multipart=True),
    ActionForm(
        "activate", _("Activate"), _("Activate the KIM"), help=_("The KIM starts its work and counts towards coverage.")
    ),
    ActionForm("reactivate", _("Reactivate"), _("Reactivate the KIM")),
    ActionForm("reject", _("Reject"), _("Reject the application"), ReasonForm, style="danger"),
    ActionForm("dissolve", _("Dissolve"), _("Dissolve the KIM"), ReasonForm, style="danger"),
]  # fmt: skip
