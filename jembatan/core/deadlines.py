"""Open legal deadlines across capabilities, recomputed whenever the working-day calendar changes.

Each capability that keeps deadlines declares a function (``Capability.deadline_recomputers`` in its
AppConfig) that recomputes the open deadlines of one regency with that regency's calendar, read fresh,
and returns how many changed: ``recompute(regency_code) -> int``.
``register_recomputer`` adds one at run time (tests).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

from jembatan.core.registry import capabilities

_recomputers: dict[str, Callable[[str], int]] = {}


def register_recomputer(name: str, recompute: Callable[[str], int]) -> None:
    _recomputers[name] = recompute


def unregister_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


def recomputers() -> dict[str, Callable[[str], int]]:
    declared = {
        f"{capability.label}.{path.rsplit('.', 1)[1]}": import_string(path)
        for capability in capabilities()
        for path in capability.deadline_recomputers
    }
    return {**declared, **_recomputers}


def recompute_all(regency_code: str) -> dict[str, int]:
    return {name: recompute(regency_code) for name, recompute in sorted(recomputers().items())}
