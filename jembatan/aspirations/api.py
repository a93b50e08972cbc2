"""Aspirations in the public REST API: the public list and detail, categories, agency figures, submitting
(with an Idempotency-Key) and the reporter's private view for holders of the secret.

Public operations return only what the public pages show: reports that are anonymous (never secret)
and in a public status, with their redacted public title and description. The reporter's name, email,
phone and the raw text never leave through a public operation.
"""

import datetime
import math
import re
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from jembatan.aspirations import presenter, selectors, services
from jembatan.aspirations.forms import SubmissionForm
from jembatan.aspirations.models import PUBLIC_STATUSES, Aspiration
from jembatan.cases.intake import scoped_key
from jembatan.cases.presenter import public_point
from jembatan.core import tenancy
from jembatan.core.api_errors import MessageOut, ValidationErrorOut
from jembatan.core.api_pagination import Keyset, KeysetPagination
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.ratelimit import allow

router = Router(tags=["aspirations"])

CODE_PATTERN = r"^ASP-\d{4}-\d{6,12}$"
CODE_RE = re.compile(CODE_PATTERN)
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_-]{8,80}$"
# Free text in query parameters: no control characters (PostgreSQL refuses NUL in a query).
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
SUBMISSIONS_PER_HOUR = 60


def submissions_per_hour() -> int:
    return getattr(settings, "ASPIRATION_API_SUBMISSIONS_PER_HOUR", SUBMISSIONS_PER_HOUR)


scoped_idempotency_key = scoped_key


status_label = presenter.status_label


def public_place(aspiration: Aspiration) -> str:
    """The place as the public may read it: personal data masked like the public texts."""
    return aspiration.public_place


# --- Shapes -----------------------------------------------------------------------------------


class AspirationOut(Schema):
    code: str
    kind: str
    title: str = Field(..., description="The public title (personal data masked).")
    status: str
    status_label: str
    category_code: str
    category_name: str
    village_code: str
    village_name: str
    district_code: str
    district_name: str
    agency_name: str
    received_at: datetime.datetime


class PhotoOut(Schema):
    alt: str = Field(..., description="What the photo shows (its text alternative).")
    url: str = Field(..., description="The photo (JPEG, about 640 px wide, no location data).")


class EventOut(Schema):
    status: str
    status_label: str
    note: str
    created_at: datetime.datetime
    photos: list[PhotoOut] = Field(default_factory=list, description="Photos of the work, with a progress update.")


class AspirationDetailOut(AspirationOut):
    description: str = Field(..., description="The public description (personal data masked).")
    place: str
    latitude: float | None
    longitude: float | None
    answer: str
    closing_note: str
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    events: list[EventOut]


class AttachmentOut(Schema):
    url: str
    content_type: str
    size: int


class AspirationPrivateOut(AspirationOut):
    """The reporter's own view: the text as written, deadlines, the answer and the whole timeline."""

    public_title: str
    description: str
    public_description: str
    place: str
    latitude: float | None
    longitude: float | None
    event_date: datetime.date | None
    privacy: str
    answer: str
    closing_note: str
    answer_rejected_reason: str
    rating: int | None
    verify_due: datetime.date | None
    answer_due: datetime.date | None
    close_due: datetime.date | None
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    public_url: str | None
    attachments: list[AttachmentOut]
    events: list[EventOut]


class CategoryOut(Schema):
    code: str
    name: str
    description: str


class AgencyFiguresOut(Schema):
    agency_id: int
    name: str
    short_name: str
    received: int
    answered: int
    answered_on_time: int
    due: int = Field(description="Reports answered or past their answer deadline: what on_time_percent counts")
    not_yet_due: int = Field(description="Reports still within their answer deadline")
    on_time_percent: int | None = Field(description="answered_on_time of due, in percent; null while none is due")
    median_working_days: float | None


class AspirationFilter(Schema):
    kecamatan: str = Field("", pattern=r"^(\d{2}\.\d{2}\.\d{2})?$", description="Kemendagri kecamatan code")
    kategori: str = Field("", pattern=r"^([-a-zA-Z0-9_]{1,40})?$", description="Category code")
    status: str = Field("", pattern="^(" + "|".join(PUBLIC_STATUSES) + ")?$")
    q: str = Field("", max_length=100, pattern=TEXT_PATTERN, description="Words in the public title")


class SubmissionIn(Schema):
    kind: Literal["aspirasi", "pengaduan"]
    title: str = Field(..., max_length=150)
    description: str = Field(..., max_length=5000)
    category: str = Field(..., max_length=40, description="Category code (GET /aspirations/categories)")
    village: str = Field(..., max_length=13, description="Kemendagri kelurahan/desa code, e.g. 19.71.01.1004")
    privacy: Literal["anonim", "rahasia"] = Field(
        "anonim", description="anonim: public without the reporter's identity; rahasia: not public at all"
    )
    place: str = Field("", max_length=300)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    event_date: datetime.date | None = None
    reporter_name: str = Field("", max_length=150)
    reporter_email: str = Field("", max_length=254)
    reporter_phone: str = Field("", max_length=32)
    consent: bool = Field(..., description="Must be true: agreement with the data use statement (UU 27/2022).")


class SubmittedOut(Schema):
    code: str
    status: str
    verify_due: datetime.date
    private_link: str = Field(..., description="Keep it secret: it carries the reporter's secret (256 bits).")
    tracking_url: str


# --- Public reads -----------------------------------------------------------------------------


def _events(events) -> list[dict]:
    return [
        {"status": e.status, "status_label": status_label(e.status), "note": e.note, "created_at": e.created_at}
        for e in events
    ]


@router.get(
    "/aspirations",
    response=list[AspirationOut],
    summary="Public aspirations and complaints",
    description="Anonymous reports in a public status, newest first. Secret reports and reporters' identities "
    "never appear.",
)
@paginate(KeysetPagination)
@decorate_view(public_page)
def aspiration_list(request, filters: Query[AspirationFilter]):
    qs = selectors.aspiration_public_list(
        regency_code=tenancy.regency_code(),
        district=filters.kecamatan,
        category=filters.kategori,
        status=filters.status,
        query=filters.q,
    ).only(*presenter.SUMMARY_FIELDS)
    return Keyset(qs, order=("-received_at", "-id"), mapper=lambda a: presenter.summary(a).api())


@router.get("/aspirations/categories", response=list[CategoryOut], summary="Categories a report can be filed under")
@decorate_view(public_page)
def aspiration_categories(request):
    return [
        {"code": c.code, "name": c.name, "description": c.description}
        for c in selectors.category_list(regency_code=tenancy.regency_code())
    ]


@router.get(
    "/aspirations/figures",
    response=list[AgencyFiguresOut],
    summary="Per agency: reports received, answered on time (≤ 5 working days) and the median working days",
)
@decorate_view(public_page)
def aspiration_figures(request):
    return [
        {
            "agency_id": f.agency_id,
            "name": f.name,
            "short_name": f.short_name,
            "received": f.received,
            "answered": f.answered,
            "answered_on_time": f.answered_on_time,
            "due": f.due,
            "not_yet_due": f.not_yet_due,
            "on_time_percent": f.on_time_percent,
            "median_working_days": f.median_working_days,
        }
        for f in selectors.agency_figures(regency_code=tenancy.regency_code())
    ]


@router.get(
    "/aspirations/{code}",
    response=AspirationDetailOut,
    summary="One public report with its official answer and public timeline",
)
@decorate_view(public_page)
def aspiration_detail(request, code: str = Path(..., pattern=CODE_PATTERN, description="Tracking code")):
    report = selectors.aspiration_public_report(code=code)
    if report is None:
        raise Http404
    return report.api()


@router.get(
    "/aspirations/{code}/private",
    response=AspirationPrivateOut,
    summary="The reporter's view of a report (needs the secret of the private link)",
    description="Give the secret (the last part of the private link) as the `secret` query parameter or, better, "
    "in the `X-Tracking-Secret` header. A wrong secret gets 404, like an unknown code.",
)
def aspiration_private(
    request,
    response: HttpResponse,
    code: str = Path(..., pattern=CODE_PATTERN, description="Tracking code"),
    secret: str = Query("", max_length=100),
    x_tracking_secret: str = Header("", alias="X-Tracking-Secret", max_length=100),
):
    given = x_tracking_secret or secret
    aspiration = selectors.aspiration_by_private_link(code=code, secret=given) if SECRET_RE.fullmatch(given) else None
    if aspiration is None:
        raise Http404
    response["Cache-Control"] = "no-store"  # the reporter's data: no shared cache may keep it
    base = tenancy.base_url()
    is_public = aspiration.is_publicly_visible
    point = public_point(aspiration.latitude, aspiration.longitude)
    return {
        **presenter.summary(aspiration).api(),
        "title": aspiration.title,
        "public_title": aspiration.public_title,
        "description": aspiration.description,
        "public_description": aspiration.public_description,
        "place": aspiration.place,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "event_date": aspiration.event_date,
        "privacy": aspiration.privacy,
        "answer": aspiration.answer,
        "closing_note": aspiration.closing_note,
        "answer_rejected_reason": aspiration.answer_rejected_reason,
        "rating": aspiration.rating,
        "verify_due": aspiration.verify_due,
        "answer_due": aspiration.answer_due,
        "close_due": aspiration.close_due,
        "answered_at": aspiration.answered_at,
        "closed_at": aspiration.closed_at,
        "public_url": base + reverse("aspirations:public_detail", kwargs={"code": aspiration.code})
        if is_public
        else None,
        "attachments": [
            {
                "url": base
                + reverse(
                    "aspirations:private_attachment",
                    kwargs={"code": aspiration.code, "secret": given, "pk": attachment.pk},
                ),
                "content_type": attachment.content_type,
                "size": attachment.size,
            }
            for attachment in aspiration.attachments.all()
        ],
        "events": _events(aspiration.events.all()),
    }


# --- Submitting -------------------------------------------------------------------------------


class ApiSubmissionForm(SubmissionForm):
    """The web form's rules (phone, email, dates, coordinates, consent), with the category given by its code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("attachments", "website", "confirm_new", "idempotency_key"):
            del self.fields[name]
        self.fields["category"].to_field_name = "code"
        self.fields["consent"].error_messages["required"] = _(
            "Send consent: true to agree that the report and contact are stored to handle it (UU 27/2022)."
        )


def form_errors(form, prefix: tuple[str, ...]) -> list[dict]:
    errors = []
    for field, items in form.errors.get_json_data().items():
        loc = [*prefix] if field == "__all__" else [*prefix, field]
        errors.extend({"type": item["code"] or "invalid", "loc": loc, "msg": item["message"]} for item in items)
    return errors


def submission_form_data(payload: dict) -> dict:
    """JSON values as a form expects them: coordinates rounded to the 6 decimals stored."""
    data = {key: value for key, value in payload.items() if value is not None}
    for name in ("latitude", "longitude"):
        value = data.get(name)
        if isinstance(value, float) and math.isfinite(value):
            data[name] = f"{value:.6f}"
    if data.get("consent") is False:
        del data["consent"]
    return data


def too_many_message() -> str:
    return _("Too many reports from this connection in the last hour. Please try again later.")


def rate_limited(request, channel: str) -> bool:
    return not allow(
        f"aspiration-{channel}-submit:{client_ip_from_request(request)}",
        limit=submissions_per_hour(),
        window_seconds=3600,
    )


@router.post(
    "/aspirations",
    response={201: SubmittedOut, 200: SubmittedOut, 422: ValidationErrorOut, 429: MessageOut},
    summary="Submit an aspiration or complaint",
    description=(
        "JSON only: attachments (photos, PDF) are not part of the API; send them through the web form "
        "(/aspirasi/kirim/) if needed. The `Idempotency-Key` header (8–80 characters of A–Z, a–z, 0–9, `-`, `_`) "
        "is required: a retry with the same key and the same body returns the same report with HTTP 200 (the "
        "first request gets 201); the same key with a different body gets 422. Keep `private_link` secret: it "
        "opens the reporter's view. Limited to 60 submissions per hour per client address (then 429)."
    ),
)
def aspiration_submit(
    request,
    payload: SubmissionIn,
    response: HttpResponse,
    idempotency_key: str = Header(..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN),
):
    form = ApiSubmissionForm(submission_form_data(payload.model_dump()))
    if not form.is_valid():
        return Status(422, {"detail": form_errors(form, ("body", "payload"))})
    key = scoped_idempotency_key("api", idempotency_key)
    if not Aspiration.objects.filter(idempotency_key=key).exists() and rate_limited(request, "api"):
        response["Retry-After"] = "3600"
        return Status(429, {"detail": too_many_message()})
    try:
        aspiration, created = services.aspiration_submit(data=form.to_data(), actor=None, idempotency_key=key)
    except DomainError as exc:
        error = {"type": exc.code, "loc": ["header", "Idempotency-Key"], "msg": exc.message}
        return Status(422, {"detail": [error]})
    response["Cache-Control"] = "no-store"  # carries the private link
    return Status(201 if created else 200, submitted_out(aspiration))


def submitted_out(aspiration: Aspiration) -> dict:
    return {
        "code": aspiration.code,
        "status": aspiration.status,
        "verify_due": aspiration.verify_due,
        "private_link": services.private_link(aspiration),
        "tracking_url": tenancy.base_url() + reverse("aspirations:track", kwargs={"code": aspiration.code}),
    }
