"""schema.org data for a page (``<script type="application/ld+json">``), escaped so that no value can close
the element or start markup."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308 - escaped above
