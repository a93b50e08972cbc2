from __future__ import annotations

from django.db import transaction

from jembatan.core.audit import audit_record
from jembatan.core.cache import bump_public_cache
from jembatan.pages.models import Page
from jembatan.pages.verbs import PageVerb


def page_save(*, actor, regency_code: str, slug: str, title: str, body: str) -> Page:
    """Write a trust page of a regency (the first save replaces the default text). Audited."""
    with transaction.atomic():
        page = Page.objects.select_for_update().filter(regency_id=regency_code, slug=slug).first()
        before = {"title": page.title, "body": page.body} if page else None
        if page is None:
            page = Page(regency_id=regency_code, slug=slug)
        page.title, page.body, page.updated_by = title.strip(), body.strip(), actor
        page.save()
        audit_record(actor=actor, verb=PageVerb.SAVED, obj=page, before=before, after={"title": page.title})
    transaction.on_commit(bump_public_cache)
    return page
