"""Which app rebuilds which kind of search document.

An app that indexes its content registers a rebuild callable in its ``AppConfig.ready``::

    from jembatan.search.registry import register
    register("berita", articles_reindex)

``rebuild()`` takes no arguments, replaces every document of its kind (usually through
``search.services.documents_replace``) and returns how many it indexed. ``manage.py search_reindex``
calls them all.
"""

from __future__ import annotations

from collections.abc import Callable

_REBUILDERS: dict[str, Callable[[], int]] = {}


def register(kind: str, rebuild: Callable[[], int]) -> None:
    _REBUILDERS[kind] = rebuild


def rebuilders() -> dict[str, Callable[[], int]]:
    return dict(_REBUILDERS)
