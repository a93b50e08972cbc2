"""Logging filters used by ``settings.LOGGING``."""

from __future__ import annotations

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused request (403) is an expected outcome, not a fault: log one line, without the traceback.

    Django logs ``PermissionDenied`` on ``django.request`` with the exception attached, which prints a
    full traceback for every visitor who opens a page they may not see.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
