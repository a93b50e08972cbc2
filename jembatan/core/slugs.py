"""Web addresses from titles: the title's slug, numbered when another row of the same regency has it."""

from __future__ import annotations

from django.utils.text import slugify


def free_slug(model, *, regency_code: str, title: str, fallback: str, max_length: int = 80) -> str:
    base = slugify(title)[:max_length].strip("-") or fallback
    slug, n = base, 2
    while model.objects.filter(regency_id=regency_code, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
