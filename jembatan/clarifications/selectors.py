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
