"""A report as the public may read it, built once for the pages, the API, Open311 and the map.

The public title, description and place were masked when staff set them; the official answer, the
explanation and the timeline notes are written by staff, who may address the reporter by name or quote
a phone number, so they are masked here on the way out (``cases.presenter.Masker``). Coordinates are
rounded here. Every public channel reads reports through :func:`summary` or :func:`detail`; none of
them touches the model's raw fields.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from jembatan.aspirations.models import OPEN_STATUSES, Aspiration, AspirationStatus, AspirationType
from jembatan.cases.presenter import Masker, public_point
from jembatan.core import tenancy

# The columns :func:`summary` reads: a list query loads only these.
SUMMARY_FIELDS = [
    "code", "kind", "public_title", "status", "received_at", "category__code", "category__name", "village__name",
    "village__district__name", "agency__name", "agency__short_name",
]  # fmt: skip


def status_label(status: str) -> str:
    return str(AspirationStatus(status).label)


@dataclass(frozen=True)
class PhotoView:
    """One photo as a page shows it: the JPEG for ``src`` and both formats by width for ``srcset``."""

    alt: str
    src: str
    webp_srcset: str
    jpeg_srcset: str
    width: int
    height: int


def photo_views(code: str, event, secret: str = "") -> list[PhotoView]:
    """The photos of a timeline event, with addresses on the report's photo view (``?rahasia=`` for the
    reporter's private page of a report that is not public)."""
    from django.urls import reverse

    query = f"?rahasia={secret}" if secret else ""
    views = []
    for photo in event.photos.all():
        sizes = photo.renditions.get("sizes", [])
        if not sizes:
            continue

        def url(name, event_pk=event.pk):
            return reverse("aspirations:progress_photo", kwargs={"code": code, "event": event_pk, "name": name}) + query

        width, height = photo.renditions.get("width", 0), photo.renditions.get("height", 0)
        shown = min(width, sizes[-1][0])
        views.append(
            PhotoView(
                alt=photo.alt,
                src=url(next((s[2] for s in sizes if s[0] >= 640), sizes[-1][2])),
                webp_srcset=", ".join(f"{url(webp)} {w}w" for w, webp, _jpg in sizes),
                jpeg_srcset=", ".join(f"{url(jpg)} {w}w" for w, _webp, jpg in sizes),
                width=shown,
                height=round(height * shown / width) if width else 0,
            )  # fmt: skip
        )
    return views


@dataclass(frozen=True)
class PublicEvent:
    status: str
    note: str
    created_at: datetime.datetime
    photo_views: tuple[PhotoView, ...] = ()

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def get_status_display(self) -> str:  # the shared timeline template
        return self.status_label


@dataclass(frozen=True)
class PublicSummary:
    code: str
    kind: str
    title: str
    status: str
    category_code: str
    category_name: str
    village_code: str
    village_name: str
    district_code: str
    district_name: str
    agency_name: str
    agency_short_name: str
    received_at: datetime.datetime

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def kind_label(self) -> str:
        return str(AspirationType(self.kind).label)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def get_status_display(self) -> str:  # the shared status badge template
        return self.status_label

    def api(self) -> dict:
        return {
            "code": self.code, "kind": self.kind, "title": self.title, "status": self.status,
            "status_label": self.status_label, "category_code": self.category_code,
            "category_name": self.category_name, "village_code": self.village_code, "village_name": self.village_name,
            "district_code": self.district_code, "district_name": self.district_name, "agency_name": self.agency_name,
            "received_at": self.received_at,
        }  # fmt: skip


@dataclass(frozen=True)
class PublicReport(PublicSummary):
    description: str
    place: str
    point: tuple[float, float] | None
    answer: str
    closing_note: str
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    relayed_by_kim_name: str
    relayed_by_kim_slug: str
    events: tuple[PublicEvent, ...]

    @property
    def latitude(self) -> float | None:
        return self.point[0] if self.point else None

    @property
    def longitude(self) -> float | None:
        return self.point[1] if self.point else None

    def api(self) -> dict:
        return {
            **super().api(), "description": self.description, "place": self.place, "latitude": self.latitude,
            "longitude": self.longitude, "answer": self.answer, "closing_note": self.closing_note,
            "answered_at": self.answered_at, "closed_at": self.closed_at,
            "events": [
                {
                    "status": e.status, "status_label": e.status_label, "note": e.note, "created_at": e.created_at,
                    "photos": [{"alt": p.alt, "url": tenancy.absolute(p.src)} for p in e.photo_views],
                }
                for e in self.events
            ],
        }  # fmt: skip


def _summary_fields(a: Aspiration) -> dict:
    agency = a.agency if a.agency_id else None
    return {
        "code": a.code, "kind": a.kind, "title": a.public_title, "status": a.status,
        "category_code": a.category.code, "category_name": a.category.name, "village_code": a.village_id,
        "village_name": a.village.name, "district_code": a.village.district_id,
        "district_name": a.village.district.name, "agency_name": agency.name if agency else "",
        "agency_short_name": agency.short_name if agency else "", "received_at": a.received_at,
    }  # fmt: skip


def summary(a: Aspiration) -> PublicSummary:
    """A list row: public title, status, place names and dates (reads only ``SUMMARY_FIELDS``)."""
    return PublicSummary(**_summary_fields(a))


def masker(a: Aspiration) -> Masker:
    return Masker(names=(a.reporter_name,))


def detail(a: Aspiration, events=None) -> PublicReport:
    """The whole public report with its public timeline (``events``: the public events, or read here)."""
    mask = masker(a)
    if events is None:
        events = a.events.filter(public=True).only("status", "note", "created_at").prefetch_related("photos")
    kim = a.relayed_by_kim if a.relayed_by_kim_id else None
    return PublicReport(
        **_summary_fields(a),
        description=a.public_description, place=a.public_place, point=public_point(a.latitude, a.longitude),
        answer=mask.text(a.answer), closing_note=mask.text(a.closing_note), answered_at=a.answered_at,
        closed_at=a.closed_at, relayed_by_kim_name=kim.name if kim else "", relayed_by_kim_slug=kim.slug if kim else "",
        events=tuple(
            PublicEvent(e.status, mask.text(e.note), e.created_at, tuple(photo_views(a.code, e))) for e in events
        ),
    )  # fmt: skip
