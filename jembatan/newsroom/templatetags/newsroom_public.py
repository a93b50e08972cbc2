"""Template helpers of the public newsroom pages."""

from __future__ import annotations

from django import template

from jembatan.newsroom.presentation import renditions

register = template.Library()


@register.inclusion_tag("newsroom/_picture.html")
def news_picture(item, sizes: str, *, alt: str = "", eager: bool = False, fallback_width: int = 640):
    """A responsive ``<picture>``: WebP sources with a JPEG fallback, sized to avoid layout shift."""
    sizes_list = renditions(item)
    if not sizes_list:
        return {"sizes_list": []}
    fallback = next((r for r in reversed(sizes_list) if r.width <= fallback_width), sizes_list[0])
    return {
        "sizes_list": sizes_list,
        "sizes": sizes,
        "alt": alt,
        "eager": eager,
        "fallback": fallback,
        "webp_srcset": ", ".join(f"{r.webp} {r.width}w" for r in sizes_list),
        "jpeg_srcset": ", ".join(f"{r.jpeg} {r.width}w" for r in sizes_list),
    }
