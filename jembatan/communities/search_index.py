"""The KIM directory in the site search: publicly listed KIMs, with their public fields only.

``kim_search_sync`` runs after a KIM's status or public fields change (``services._transition``
enqueues ``tasks.kim_search_sync_task`` after commit); ``kims_search_rebuild`` is declared in
the app's ``SearchKind`` for ``manage.py search_reindex`` and run by the demo seed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jembatan.communities.models import PUBLIC_STATUSES, Kim
from jembatan.core.i18n import in_default_language
from jembatan.search import services as search
from jembatan.search.models import DocumentKind

KIND = DocumentKind.KIM


_kim_url = search.url_maker("communities:profile", "slug")


def _document(kim: Kim) -> dict:
    """What the search shows of a KIM: its own description, or a sentence saying where it works."""
    village = kim.village
    where = _("KIM in Kelurahan %(village)s, Kecamatan %(district)s.") % {
        "village": village.name,
        "district": village.district.name,
    }
    return {
        "key": str(kim.pk),
        "title": kim.name,
        "summary": f"{kim.description} {where}".strip() if kim.description else where,
        "body": _("Secretariat: %(address)s") % {"address": kim.address},
        "url": _kim_url(kim.slug),
        "published_at": kim.legalised_at,
        "regency_code": village.district.regency_id,
        "district_code": village.district_id,
        "village_code": village.pk,
        "content_type": "KIM",
    }


def _public_kims():
    return Kim.objects.filter(status__in=PUBLIC_STATUSES).select_related("village__district")


@in_default_language
def kim_search_sync(*, kim_id: int) -> None:
    """Index the KIM if it is publicly listed, take it out of the index otherwise (idempotent)."""
    kim = _public_kims().filter(pk=kim_id).first()
    if kim is None:
        search.document_remove(kind=KIND, key=str(kim_id))
    else:
        search.document_upsert(kind=KIND, **_document(kim))


@in_default_language
def kims_search_rebuild(progress=None) -> int:
    return search.documents_rebuild(
        kind=KIND, rows=lambda after, limit: list(_public_kims().filter(pk__gt=after).order_by("pk")[:limit]),
        document=_document, total=_public_kims().count, progress=progress,
    )  # fmt: skip


def search_labels() -> dict[str, str]:
    return {KIND: "KIM"}
