"""The staff action forms of a report, each tied to the workflow transition that must be open
(``core.actions``): Diskominfo's and the agency's forms appear exactly when ``WORKFLOW.allowed`` opens
their transition to the viewer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jembatan.aspirations.forms import AnswerForm, DisposeForm, DuplicateForm, ExplanationForm, ProgressForm, VerifyForm
from jembatan.core.actions import ActionForm
from jembatan.core.forms import ReasonForm

ACTIONS = [
    ActionForm("verify", _("Verify"), _("Verify the report"), VerifyForm),
    ActionForm("dispose", _("Pass to an agency"), _("Pass to the agency"), DisposeForm),
    ActionForm("reject", _("Reject"), _("Reject"), ReasonForm, style="danger"),
    ActionForm(
        "not_competent", _("Outside our authority"), _("Close with this explanation"), ExplanationForm,
        style="secondary",
    ),
    ActionForm("duplicate", _("Duplicate"), _("Merge into the original"), DuplicateForm, style="secondary"),
    ActionForm(
        "progress", _("Report progress"), _("Send the progress"), ProgressForm, when="answer", style="secondary",
        multipart=True,
        help=_(
            "Not finished yet? Tell the reporter what has been done and what comes next (for example “the repair "
            "is scheduled for 14 December”). The report stays with your agency."
        ),
    ),
    ActionForm(
        "answer", _("Final answer"), _("Send the answer"), AnswerForm,
        help=_(
            "When the problem is dealt with. The report closes by itself 10 working days later unless the reporter "
            "replies."
        ),
    ),
    ActionForm("return_to_admin", _("Not for our agency"), _("Return to Diskominfo"), ReasonForm, style="secondary"),
]  # fmt: skip
