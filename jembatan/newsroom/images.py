"""News images: the shared renditions (``core.images``) stored under ``newsroom/r/<item>/``."""

from __future__ import annotations

from jembatan.core import images as core_images
from jembatan.core.images import validate_image as validate_news_image

PREFIX = "newsroom/r"
WIDTHS = core_images.WIDTHS

__all__ = ["build_renditions", "delete_renditions", "rendition_file", "rendition_response", "validate_news_image"]


def rendition_file(item_pk: int, name: str) -> str:
    return core_images.rendition_file(PREFIX, item_pk, name)


def build_renditions(item_pk: int, source) -> dict:
    return core_images.build_renditions(PREFIX, item_pk, source)


def delete_renditions(item_pk: int, renditions: dict) -> None:
    core_images.delete_renditions(PREFIX, item_pk, renditions)


def rendition_response(item_pk: int, name: str, sizes: list, *, cache_control: str):
    return core_images.rendition_response(PREFIX, item_pk, name, sizes, cache_control=cache_control)
