"""What the public pages and feeds derive from an item: image sources, absolute addresses, credits."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from jembatan.core import tenancy

OG_IMAGE_WIDTH = 1024


def absolute_url(path: str) -> str:
    """An address on the public site, from the site's public address (never from the request's Host header)."""
    return tenancy.base_url() + path


def rendition_path(item_pk: int, name: str) -> str:
    return reverse("newsroom:image", kwargs={"pk": item_pk, "name": name})


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: str
    jpeg: str


def renditions(item) -> list[Rendition]:
    """The item's image renditions, narrowest first, with their addresses; empty without an image."""
    data = item.image_renditions or {}
    width, height = data.get("width"), data.get("height")
    if not width or not height:
        return []
    prefix = rendition_path(item.pk, "x")[:-1]  # one reverse() for every name
    result = []
    for entry in sorted(data.get("sizes", []), key=lambda e: e[0]):
        target, webp, jpeg = entry
        result.append(Rendition(target, round(height * target / width), prefix + webp, prefix + jpeg))
    return result


def og_image(item) -> Rendition | None:
    """The JPEG shared by social networks: the 1024 px rendition, or the largest there is."""
    sizes = renditions(item)
    if not sizes:
        return None
    return next((r for r in sizes if r.width == OG_IMAGE_WIDTH), sizes[-1])


def author_name(item) -> str:
    """Who speaks in an item: the KIM for community news, else the agency, else the organisation."""
    if item.kim_id and item.kim is not None:
        return item.kim.name
    if item.agency_id and item.agency is not None:
        return item.agency.name
    return tenancy.organisation()
