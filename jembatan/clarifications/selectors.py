from __future__ import annotations

from jembatan.clarifications.models import Claim, ClaimStatus


def public_claims(*, regency_code: str, verdict: str = "", query: str = ""):
    rows = Claim.objects.filter(regency_id=regency_code, status=ClaimStatus.PUBLISHED).select_related("verdict")
    if verdict:
        rows = rows.filter(verdict__code=verdict)
    if query:
        rows = rows.filter(title__icontains=query[:100])
    return rows.order_by("-published_at", "-id")


def public_claim(*, regency_code: str, slug: str) -> Claim | None:
    return (
        Claim.objects.filter(regency_id=regency_code, slug=slug, status=ClaimStatus.PUBLISHED)
        .select_related("verdict", "agency")
        .first()
    )


def officer_kims(user) -> list:
    """The legal KIMs this signed-in person is an officer of, by name (none for anyone else): those a
    message to check may be sent on behalf of."""
    if not user.is_authenticated:
        return []
    from django.apps import apps

    from jembatan.accounts.permissions import kims_for

    ids = kims_for(user)
    if not ids:
        return []
    kim_model = apps.get_model("communities", "Kim")
    return list(
        kim_model.objects.filter(pk__in=ids, status__in=kim_model.PUBLIC_STATUSES)
        .only("pk", "name")
        .order_by("name", "pk")
    )
