"""Public reports in the site search: only what the public page shows (the masked public texts).

A report is indexed while it is public (anonymous, verified, in a public status) and taken out as
soon as it is not (made secret, rejected). Every save of a report syncs its document after the commit
(``apps.AspirationsConfig.ready`` connects the signal), so no transition can forget it.
"""

from __future__ import annotations

from jembatan.aspirations.models import PUBLIC_STATUSES, Aspiration, Privacy
from jembatan.core.i18n import in_default_language
from jembatan.search import services as search
from jembatan.search.models import DocumentKind

KIND = DocumentKind.ASPIRASI


def _public_reports():
    return Aspiration.objects.filter(
        privacy=Privacy.ANONIM, status__in=PUBLIC_STATUSES, verified_at__isnull=False
    ).select_related("village__district", "category")


_report_url = search.url_maker("aspirations:public_detail", "code")


def _document(aspiration: Aspiration) -> dict:
    village = aspiration.village
    return {
        "key": str(aspiration.pk),
        "title": aspiration.public_title,
        "summary": aspiration.public_description,
        "body": " ".join(
            filter(None, [aspiration.public_place, village.name, village.district.name, aspiration.category.name])
        ),
        "url": _report_url(aspiration.code),
        "published_at": aspiration.verified_at,
        "regency_code": village.district.regency_id,
        "district_code": village.district_id,
        "village_code": village.pk,
        "content_type": aspiration.get_kind_display(),
    }


@in_default_language
def aspiration_search_sync(*, aspiration_id: int) -> None:
    """Index the report while it is public, take it out otherwise (idempotent)."""
    aspiration = _public_reports().filter(pk=aspiration_id).first()
    if aspiration is None:
        search.document_remove(kind=KIND, key=str(aspiration_id))
    else:
        search.document_upsert(kind=KIND, **_document(aspiration))


@in_default_language
def aspirations_search_rebuild(progress=None) -> int:
    return search.documents_rebuild(
        kind=KIND, rows=lambda after, limit: list(_public_reports().filter(pk__gt=after).order_by("pk")[:limit]),
        document=_document, total=_public_reports().count, progress=progress,
    )  # fmt: skip


def search_labels() -> dict[str, str]:
    from django.utils.translation import gettext

    return {KIND: gettext("Public report")}
