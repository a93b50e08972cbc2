"""Public information requests in the REST API: submitting one (with an ``Idempotency-Key``) and reading
its public register entry. The register entry never carries the requester: no name, NIK, address,
contacts or their own words, only the subject as the PPID worded it, the dates and the decision."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Router, Schema, Status
from ninja.decorators import decorate_view

from jembatan.cases.intake import scoped_key
from jembatan.core import tenancy
from jembatan.core.api_errors import MessageOut, ValidationErrorOut
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.ratelimit import allow
from jembatan.information import services
from jembatan.information.models import InformationRequest

router = Router(tags=["information requests"])

NUMBER_PATTERN = r"^PPID-\d{4}-\d{6,12}$"
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_-]{8,80}$"
SUBMISSIONS_PER_HOUR = 30


class RequestIn(Schema):
    name: str = Field(..., max_length=150)
    nik: str = Field(..., max_length=40, description="16 digits (spaces and dots are ignored)")
    address: str = Field(..., max_length=500)
    occupation: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    information: str = Field(..., max_length=5000, description="The information requested")
    purpose: str = Field(..., max_length=2000, description="What it will be used for")
    obtain: Literal["melihat", "salinan_hardcopy", "salinan_softcopy"]
    delivery: Literal["ambil_langsung", "kurir", "pos", "faksimili", "email"]
    requester_kind: Literal["perorangan", "organisasi"] = "perorangan"
    organisation: str = Field("", max_length=200)
    consent: bool = Field(..., description="Agreement that the identity is stored to serve the request (UU 27/2022)")


class SubmittedOut(Schema):
    number: str
    received: str
    due: str
    status: str
    private_link: str = Field(
        ..., description="Keep it secret: the requester's own page (answer, clarification, objection)."
    )


class RegisterEventOut(Schema):
    status: str
    label: str
    date: str


class RegisterEntryOut(Schema):
    number: str
    subject: str
    status: str
    status_label: str
    received: str
    due: str | None
    extended: bool
    decision: str
    decision_label: str
    answered: str | None
    working_days: int | None
    forwarded_to: str
    forwarded_number: str | None
    events: list[RegisterEventOut]


def register_entry(request: InformationRequest) -> dict:
    """The public register entry of a request (no personal data)."""
    return {
        "number": request.code,
        "subject": request.subject or _("(subject not yet worded by the PPID)"),
        "status": request.status,
        "status_label": str(request.get_status_display()),
        "received": tenancy_date(request.received_at),
        "due": request.answer_due.isoformat() if request.answer_due else None,
        "extended": bool(request.extension_days),
        "decision": request.decision,
        "decision_label": str(request.get_decision_display()) if request.decision else "",
        "answered": tenancy_date(request.answered_at) if request.answered_at else None,
        "working_days": request.answer_working_days,
        "forwarded_to": request.forwarded_body,
        "forwarded_number": request.forwarded_to.code if request.forwarded_to_id else None,
        "events": [
            {"status": event.status, "label": str(event.get_status_display()), "date": tenancy_date(event.created_at)}
            for event in request.events.all()
            if event.public
        ],
    }


def tenancy_date(moment) -> str:
    from django.utils import timezone

    return timezone.localdate(moment).isoformat()


@router.post(
    "/information-requests",
    response={201: SubmittedOut, 200: SubmittedOut, 422: ValidationErrorOut, 429: MessageOut},
    summary="Submit a request for public information (UU 14/2008)",
    description=(
        "The Perki 1/2021 form as JSON. The `Idempotency-Key` header (8–80 characters of A–Z, a–z, 0–9, `-`, `_`) is "
        "required: a retry with the same key and body returns the same request with HTTP 200 and the same clock; "
        "the same key with another body gets 422. The answer is due 10 working days after receipt (`due`). The "
        "identity is stored encrypted and never published. Limited to 30 requests per hour per client address."
    ),
)
def information_request_submit(
    request,
    payload: RequestIn,
    response: HttpResponse,
    idempotency_key: str = Header(..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN),
):
    if not payload.consent:
        error = {"type": "consent", "loc": ["body", "payload", "consent"],
                 "msg": _("Send consent: true to agree that your identity is stored to serve the request (UU 27/2022).")}  # fmt: skip
        return Status(422, {"detail": [error]})
    key = scoped_key("api", idempotency_key)
    limited = not allow(f"information-api-submit:{client_ip_from_request(request)}", limit=SUBMISSIONS_PER_HOUR,
                        window_seconds=3600)  # fmt: skip
    if not InformationRequest.objects.filter(idempotency_key=key).exists() and limited:
        response["Retry-After"] = "3600"
        return Status(
            429, {"detail": _("Too many requests from this connection in the last hour. Please try again later.")}
        )
    data = services.RequestData(**payload.model_dump(exclude={"consent"}), regency_code=tenancy.regency_code())
    try:
        created_request, created = services.information_request_submit(data=data, idempotency_key=key)
    except DomainError as exc:
        return Status(
            422, {"detail": [{"type": exc.code or "invalid", "loc": ["body", "payload"], "msg": exc.message}]}
        )
    response["Cache-Control"] = "no-store"
    return Status(
        201 if created else 200,
        {
            "number": created_request.code,
            "received": tenancy_date(created_request.received_at),
            "due": created_request.answer_due.isoformat() if created_request.answer_due else "",
            "status": created_request.status,
            "private_link": services.private_link(created_request),
        },
    )


@router.get(
    "/information-requests/{number}",
    response=RegisterEntryOut,
    summary="A request's public register entry (no personal data)",
)
@decorate_view(public_page)
def information_request_detail(
    request, number: str = Path(..., pattern=NUMBER_PATTERN, description="Registration number")
):
    found = (
        InformationRequest.objects.filter(code=number, regency_id=tenancy.regency_code())
        .select_related("forwarded_to")
        .prefetch_related("events")
        .first()
    )
    if found is None:
        raise Http404
    return register_entry(found)
