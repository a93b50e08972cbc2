"""Language helpers for messages that leave the request: emails to citizens and officers."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.utils import formats, translation


def in_default_language(func):
    """Run a service in the instance's language (Bahasa Indonesia), whatever the actor's interface language.

    The emails a service composes go to citizens and officers whose language choice is unknown; they
    read the platform's own language. Messages shown back to the actor use it too.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


def long_date(value: datetime.date | None) -> str:
    """'Jumat, 28 November 2025' in the active language."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""
