"""Keeps the search index in step with what the public sees (see ``services.items_sync_listing``)."""

from __future__ import annotations


def index_item(item) -> None:
    """Put a visible item in the search index."""


def unindex_item(item) -> None:
    """Remove an item that is no longer visible from the search index."""
