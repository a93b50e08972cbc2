"""Open311 GeoReport v2 at /open311/v2/, so existing Open311 clients can read and file reports.

Mapping: a category is a service (``service_code`` = the category code); a public report is a service
request (``service_request_id`` = the tracking code). Statuses ``baru``, ``terverifikasi``,
``didisposisikan`` and ``ditindaklanjuti`` are ``open``, the others ``closed``; ``status_notes`` come
from the latest public timeline event. Only what the public list shows is ever returned: anonymous
reports in a public status, with their redacted public texts. Reporters' identities, the raw text and
secret reports never leave through Open311.

Filing needs two attributes the GeoReport core lacks (both in each service definition, so clients
that read definitions ask for them): ``attribute[kelurahan]`` (the Kemendagri village code) and
``attribute[persetujuan]=ya`` (consent to the data use statement, UU 27/2022). ``attribute[privasi]``
may be ``rahasia`` (the report is then never public). Attachments and ``media_url`` are not accepted.
Errors use Open311's format: ``[{"code": 400, "description": "..."}]`` or ``<errors><error>…``.
"""

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405 - used to build documents, never to parse input
from decimal import Decimal, InvalidOperation

from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.aspirations import presenter, selectors, services
from jembatan.aspirations.api import (
    CODE_RE,
    IDEMPOTENCY_KEY_PATTERN,
    ApiSubmissionForm,
    public_place,
    rate_limited,
    scoped_idempotency_key,
    status_label,
    too_many_message,
)
from jembatan.aspirations.models import OPEN_STATUSES, Aspiration, Category, Event, Privacy
from jembatan.cases.presenter import public_point
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.regions.models import Village

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-28T00:00:00+07:00"
FORMATS = ["text/xml", "application/json"]
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
MAX_IDS = 200
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")
TITLE_CHARS = 80
# Characters XML 1.0 cannot carry at all (escaping does not help): dropped from every text.
XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Open311 field names for the submission form's fields, so errors speak the client's language.
FIELD_NAMES = {
    "title": "description", "description": "description", "category": "service_code",
    "village": "attribute[kelurahan]", "privacy": "attribute[privasi]", "place": "address_string",
    "latitude": "lat", "longitude": "long", "reporter_name": "first_name", "reporter_email": "email",
    "reporter_phone": "phone", "consent": "attribute[persetujuan]", "kind": "service_code",
}  # fmt: skip
LIST_TAGS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}


# --- Rendering --------------------------------------------------------------------------------


def _xml_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return XML_INVALID.sub("", str(value))


def _xml_fill(element: ET.Element, data: dict) -> None:
    for key, value in data.items():
        if value is None:
            continue
        child = ET.SubElement(element, key)
        if isinstance(value, dict):
            _xml_fill(child, value)
        elif isinstance(value, list):
            for item in value:
                grandchild = ET.SubElement(child, LIST_TAGS[key])
                if isinstance(item, dict):
                    _xml_fill(grandchild, item)
                else:
                    grandchild.text = _xml_text(item)
        else:
            child.text = _xml_text(value)


def render(fmt: str, data, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    """JSON as it is; XML under ``root`` (each list entry as ``item``), built with ElementTree (escaped)."""
    if fmt == "json":
        return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    element = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml_fill(ET.SubElement(element, item), entry)
    else:
        _xml_fill(element, data)
    body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    return render(
        fmt, [{"code": status, "description": d} for d in descriptions], root="errors", item="error", status=status
    )


def _iso(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat(timespec="seconds")


def _regency() -> str:
    return tenancy.regency_code()


# --- Discovery and services -------------------------------------------------------------------


@require_access(PUBLIC)
def discovery_view(request, fmt: str):
    base = tenancy.base_url()
    data = {
        "changeset": CHANGESET,
        "contact": tenancy.organisation(),
        "key_service": _("No API key is needed."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base + reverse("open311:discovery_json").rsplit("/", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": FORMATS,
            }
        ],
    }
    return render(fmt, data, root="discovery")


def _categories():
    return selectors.category_list(regency_code=_regency()).select_related("agency")


def _keywords(category: Category) -> str:
    words = [w.strip(".,;:()").lower() for w in f"{category.name} {category.code.replace('-', ' ')}".split()]
    return ",".join(dict.fromkeys(w for w in words if len(w) >= 3))


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": _keywords(category),
        "group": category.agency.short_name if category.agency_id else "",
    }


@require_access(PUBLIC)
@public_page
def services_view(request, fmt: str):
    return render(fmt, [_service(c) for c in _categories()], root="services", item="service")


def _attributes() -> list[dict]:
    villages = Village.objects.filter(district__regency_id=_regency()).select_related("district")
    villages = villages.order_by("district__code", "name")
    return [
        {
            "variable": True,
            "code": "kelurahan",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": _("The Kemendagri code of the kelurahan/desa, for example 19.71.01.1004."),
            "order": 1,
            "description": _("Kelurahan/desa where the problem is"),
            "values": [{"key": v.code, "name": f"{v.name}, {v.district.name}"} for v in villages],
        },
        {
            "variable": True,
            "code": "persetujuan",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": _("Send ya to agree."),
            "order": 2,
            "description": services.CONSENT_TEXT,
            "values": [{"key": "ya", "name": _("I agree")}],
        },
        {
            "variable": True,
            "code": "privasi",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("anonim (default) or rahasia."),
            "order": 3,
            "description": _("Privacy"),
            "values": [{"key": value, "name": str(label)} for value, label in Privacy.choices],
        },
    ]


@require_access(PUBLIC)
@public_page
def service_definition_view(request, fmt: str, code: str):
    category = _categories().filter(code=code).first() if SLUG_RE.fullmatch(code) else None
    if category is None:
        return error(fmt, 404, _("No service has the code %(code)s.") % {"code": code[:40]})
    return render(fmt, {"service_code": category.code, "attributes": _attributes()}, root="service_definition")


# --- Service requests -------------------------------------------------------------------------


def _with_latest_event(qs):
    latest = Event.objects.filter(aspiration=OuterRef("pk"), public=True).order_by("-created_at", "-id")
    return qs.annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_note=Subquery(latest.values("note")[:1]),
        last_event_at=Subquery(latest.values("created_at")[:1]),
    )


def _status_notes(a: Aspiration) -> str:
    note = presenter.masker(a).text(a.last_note or (a.answer if a.answered_at else "") or a.closing_note)
    label = status_label(a.last_status or a.status)
    return f"{label}: {note}" if note else label


def _request(a: Aspiration) -> dict:
    data = {
        "service_request_id": a.code,
        "status": "open" if a.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(a),
        "service_name": a.category.name,
        "service_code": a.category.code,
        "description": a.public_description,
        "agency_responsible": a.agency.name if a.agency_id else "",
        "service_notice": "",
        "requested_datetime": _iso(a.received_at),
        "updated_datetime": _iso(max(filter(None, [a.received_at, a.last_event_at]))),
        "address": public_place(a),
    }
    point = public_point(a.latitude, a.longitude)
    if point:
        data["lat"], data["long"] = point
    return data


def _public_requests():
    return _with_latest_event(
        selectors.aspiration_public_list(regency_code=_regency())
        .select_related(None)
        .select_related("category", "agency")
        .only(
            "code",
            "status",
            "public_description",
            "public_place",
            "reporter_name",
            "latitude",
            "longitude",
            "received_at",
            "answer",
            "answered_at",
            "closing_note",
            "category__code",
            "category__name",
            "agency__name",
        )
    )


def _parse_datetime(value: str) -> datetime.datetime:
    # An unencoded "+07:00" arrives as " 07:00".
    parsed = datetime.datetime.fromisoformat(re.sub(r" (\d{2}:?\d{2})$", r"+\1", value.strip()))
    if not 1900 <= parsed.year <= 2999:  # far-off years overflow when converted to UTC
        raise ValueError(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _list(request, fmt: str):
    params = request.GET
    qs = _public_requests()
    ids = _split(params.get("service_request_id", ""))
    if ids:
        codes = [c.upper() for c in ids[:MAX_IDS] if CODE_RE.fullmatch(c.upper())]
        qs = qs.filter(code__in=codes)
    else:
        service_codes = _split(params.get("service_code", ""))
        if service_codes:
            qs = qs.filter(category__code__in=[c for c in service_codes if SLUG_RE.fullmatch(c)])
        statuses = set(_split(params.get("status", "").lower()))
        if statuses - {"open", "closed"}:
            return error(fmt, 400, _("status must be open or closed (comma-separated for both)."))
        if statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
        bounds = {}
        for name in ("start_date", "end_date"):
            if params.get(name):
                try:
                    bounds[name] = _parse_datetime(params[name])
                except ValueError:
                    return error(
                        fmt, 400, _("%(name)s must be an ISO 8601 date and time, for example %(example)s.")
                        % {"name": name, "example": "2026-03-01T00:00:00+07:00"},
                    )  # fmt: skip
        if "start_date" in bounds:
            qs = qs.filter(received_at__gte=bounds["start_date"])
        if "end_date" in bounds:
            qs = qs.filter(received_at__lte=bounds["end_date"])
        if not bounds:
            qs = qs.filter(received_at__gte=timezone.now() - datetime.timedelta(days=DEFAULT_DAYS))
    rows = [_request(a) for a in qs.order_by("-received_at", "-id")[:MAX_REQUESTS]]
    return render(fmt, rows, root="service_requests", item="request")


@require_access(PUBLIC)
@public_page
def request_detail_view(request, fmt: str, code: str):
    code = code.upper()
    aspiration = _public_requests().filter(code=code).first() if CODE_RE.fullmatch(code) else None
    if aspiration is None:
        return error(fmt, 404, _("No public service request has the id %(code)s.") % {"code": code[:20]})
    return render(fmt, [_request(aspiration)], root="service_requests", item="request")


# --- Filing -----------------------------------------------------------------------------------


def _title_from(description: str) -> str:
    words = description.split()
    title = ""
    for word in words:
        candidate = f"{title} {word}".strip()
        if len(candidate) > TITLE_CHARS:
            return (title or word[:TITLE_CHARS]) + "…"
        title = candidate
    return title


def _coordinate(value: str):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return str(Decimal(value).quantize(Decimal("0.000001")))
    except (InvalidOperation, ValueError):
        return value  # the form says what is wrong with it


def _form_errors(form) -> list[str]:
    descriptions = []
    for field, items in form.errors.get_json_data().items():
        for item in items:
            name = FIELD_NAMES.get(field)
            descriptions.append(f"{name}: {item['message']}" if name else item["message"])
    return list(dict.fromkeys(descriptions))  # title and description both come from the description


def _create(request, fmt: str):
    params = request.POST
    raw_key = request.headers.get("Idempotency-Key", "")
    if raw_key and not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, raw_key):
        return error(fmt, 400, _("Send an Idempotency-Key header of 8 to 80 characters: letters, digits, '-' or '_'."))
    service_code = params.get("service_code", "").strip()
    if not service_code:
        return error(fmt, 400, _("service_code is required: choose a service from services.json."))
    category = _categories().filter(code=service_code).first() if SLUG_RE.fullmatch(service_code) else None
    if category is None:
        return error(fmt, 400, _("No service has the code %(code)s.") % {"code": service_code[:40]})
    problems = []
    if not params.get("attribute[kelurahan]", "").strip():
        problems.append(
            _(
                "attribute[kelurahan] is required: the Kemendagri code of the kelurahan/desa where the problem is, "
                "for example 19.71.01.1004 (the list is in the service definition)."
            )
        )
    if params.get("attribute[persetujuan]", "").strip().lower() != "ya":
        problems.append(
            _("attribute[persetujuan] must be ya: the reporter agrees to this statement: %(text)s")
            % {"text": services.CONSENT_TEXT}
        )
    if problems:
        return error(fmt, 400, *problems)
    description = params.get("description", "").strip()
    first_last = [params.get("first_name", "").strip(), params.get("last_name", "").strip()]
    form = ApiSubmissionForm(
        {
            "kind": "pengaduan",
            "title": _title_from(description) or category.name,
            "description": description or category.name,
            "category": category.code,
            "village": params.get("attribute[kelurahan]", "").strip(),
            "privacy": params.get("attribute[privasi]", "").strip().lower() or Privacy.ANONIM,
            "place": params.get("address_string", "").strip(),
            "latitude": _coordinate(params.get("lat", "")),
            "longitude": _coordinate(params.get("long", "")),
            "reporter_name": " ".join(part for part in first_last if part),
            "reporter_email": params.get("email", "").strip(),
            "reporter_phone": params.get("phone", "").strip(),
            "consent": True,
        }
    )
    if not form.is_valid():
        return error(fmt, 400, *_form_errors(form))
    key = scoped_idempotency_key("open311", raw_key) if raw_key else None
    replay = key is not None and Aspiration.objects.filter(idempotency_key=key).exists()
    if not replay and rate_limited(request, "open311"):
        response = error(fmt, 429, too_many_message())
        response["Retry-After"] = "3600"
        return response
    try:
        aspiration, created = services.aspiration_submit(data=form.to_data(), actor=None, idempotency_key=key)
    except DomainError as exc:
        return error(fmt, 400, exc.message)
    notice = _(
        "Received as %(code)s. It appears publicly once Diskominfo has verified it (by %(date)s); the "
        "reporter's identity is never shown. If an email was given, the private link to follow it was sent there."
    ) % {"code": aspiration.code, "date": aspiration.verify_due.isoformat()}
    body = [{"service_request_id": aspiration.code, "service_notice": notice, "account_id": None}]
    return render(fmt, body, root="service_requests", item="request", status=201 if created else 200)


@csrf_exempt  # Open311 clients are machines without a CSRF cookie; nothing here relies on a session.
@require_access(PUBLIC)
@public_page
def requests_view(request, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    if request.method not in ("GET", "HEAD"):
        response = error(fmt, 405, _("Use GET to list service requests or POST to file one."))
        response["Allow"] = "GET, HEAD, POST"
        return response
    return _list(request, fmt)


def _both(route: str, view, name: str) -> list:
    return [
        path(f"{route}.json", view, {"fmt": "json"}, name=f"{name}_json"),
        path(f"{route}.xml", view, {"fmt": "xml"}, name=f"{name}_xml"),
    ]


app_name = "open311"
urlpatterns = [
    *_both("discovery", discovery_view, "discovery"),
    *_both("services", services_view, "services"),
    *_both("services/<str:code>", service_definition_view, "service"),
    *_both("requests", requests_view, "requests"),
    *_both("requests/<str:code>", request_detail_view, "request"),
]
