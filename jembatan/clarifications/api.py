"""``POST /api/v1/fact-checks/match``: the library's clarifications a message is about, best first."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jembatan.clarifications import services
from jembatan.core import tenancy
from jembatan.core.api_errors import MessageOut, ValidationErrorOut
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.ratelimit import allow

router = Router(tags=["fact checks"])
MATCHES_PER_HOUR = 600


class MatchIn(Schema):
    text: str = Field(..., max_length=services.MAX_MESSAGE, description="The message as received (forwarded text)")


class MatchOut(Schema):
    url: str
    verdict: str
    title: str
    score: float = Field(..., description="0–1; at or above the auto-answer threshold the match is certain enough")


class MatchesOut(Schema):
    matches: list[MatchOut]
    decision: str = Field(..., description="answer (matched), check (queued for an officer) or unknown")


@router.post(
    "/fact-checks/match",
    response={200: MatchesOut, 422: ValidationErrorOut, 429: MessageOut},
    summary="Check a message against the published hoax clarifications",
    description=(
        'Normalises the message (case, links, emoji, "Diteruskan" headers, chat slang), finds near-duplicates '
        "with MinHash LSH and ranks them by character n-gram similarity. `matches` lists the published "
        "clarifications it is probably about, best first. A message not answered at once is queued for the "
        "officers (no contact is stored through the API)."
    ),
)
def fact_check_match(request, payload: MatchIn, response: HttpResponse):
    if not allow(f"factcheck-api:{client_ip_from_request(request)}", limit=MATCHES_PER_HOUR, window_seconds=3600):
        response["Retry-After"] = "3600"
        return Status(
            429, {"detail": _("Too many requests from this connection in the last hour. Please try again later.")}
        )
    try:
        result = services.check_message(text=payload.text, regency_code=tenancy.regency_code(), source="api")
    except DomainError as exc:
        return Status(422, {"detail": [{"type": exc.code or "invalid", "loc": ["body", "payload", "text"],
                                        "msg": exc.message}]})  # fmt: skip
    response["Cache-Control"] = "no-store"
    return {
        "decision": result.decision,
        "matches": [
            {"url": request.build_absolute_uri(claim.get_absolute_url()), "verdict": claim.verdict.label,
             "title": claim.title, "score": score}
            for claim, score in result.matches
        ],
    }  # fmt: skip
