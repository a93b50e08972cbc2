from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from jembatan.core import tenancy
from jembatan.pages.content import DEFAULTS
from jembatan.pages.models import Page


@dataclass(frozen=True)
class PageText:
    slug: str
    title: str
    body: str
    is_default: bool


def page_text(*, regency_code: str, slug: str) -> PageText:
    """The page as the regency wrote it, or the default text (one query)."""
    page = Page.objects.filter(regency_id=regency_code, slug=slug).only("title", "body").first()
    if page is not None:
        return PageText(slug, page.title, page.body, False)
    title, body = DEFAULTS[slug]
    values = {"organisation": tenancy.organisation(), "site": settings.SITE_NAME}
    return PageText(slug, str(title), str(body) % values, True)
