"""Domain errors raised by services; views turn them into messages, never into a 500."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the operation. ``message`` is user-facing (translated)."""

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class TransitionNotAllowed(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="transition_not_allowed")
