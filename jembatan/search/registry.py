"""Which app rebuilds which kind of search document, and how each content type is labelled.

Each capability that indexes its content declares its ``SearchKind`` in its ``AppConfig``
(``core/registry.py``)::

    search=(SearchKind("berita", "jembatan.newsroom.indexing.rebuild", "jembatan.newsroom.indexing.search_labels"),)

``rebuild(progress=None)`` rewrites every document of its kind (through ``search.services.documents_rebuild``:
in batches, resumable, without taking search away) and returns how many it indexed; ``progress`` is called
with a ``search.services.Progress`` after each batch. ``manage.py search_reindex`` calls them all. Search itself names no capability.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

from jembatan.core.registry import search_kinds


def rebuilders() -> dict[str, Callable[..., int]]:
    return {kind.kind: import_string(kind.rebuild) for kind in search_kinds()}


def content_type_labels() -> dict[str, str]:
    """The label of every content type any kind indexes (``{"pengumuman": "Announcement", "kim": "KIM"}``)."""
    labels: dict[str, str] = {}
    for kind in search_kinds():
        labels.update(import_string(kind.labels)())
    return labels
