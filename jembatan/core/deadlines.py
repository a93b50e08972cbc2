"""Open legal deadlines across capabilities, recomputed whenever the working-day calendar changes.

Each capability that keeps deadlines registers a function (in its AppConfig.ready) that recomputes
its open deadlines with the current calendar and returns how many changed.
"""

from __future__ import annotations

from collections.abc import Callable

_recomputers: dict[str, Callable[[], int]] = {}


def register_recomputer(name: str, recompute: Callable[[], int]) -> None:
    _recomputers[name] = recompute


def unregister_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


def recompute_all() -> dict[str, int]:
    return {name: recompute() for name, recompute in sorted(_recomputers.items())}
