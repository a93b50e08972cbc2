"""The KIM section of a person's own account page (``Capability.account_panels``)."""

from __future__ import annotations

from jembatan.communities.selectors import kim_list_for_applicant


def kims_panel(user) -> dict:
    """The KIMs the person applied for, with what Diskominfo asks of them; shown to everyone signed in."""
    return {"account_kims": True, "my_kims": list(kim_list_for_applicant(user=user))}
