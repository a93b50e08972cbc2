"""Message templates: the catalogue each capability declares, the administrators' versions, rendering.

A capability lists its templates (:class:`MessageTemplate`) in a module-level tuple and names it in its
``Capability.message_templates``. The built-in text is a translatable string with ``((placeholder))``
fields, as in GOV.UK Notify; a regency administrator may replace it per channel and language
(``TemplateVersion``), and the newest version is used. Rendering refuses a placeholder the template
does not declare, and a declared one without a value: a wrong message is never sent.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jembatan.core.errors import DomainError
from jembatan.core.registry import capabilities
from jembatan.notifications.models import Channel, Lane, TemplateVersion

PLACEHOLDER = re.compile(r"\(\(\s*([A-Za-z0-9_]+)\s*\)\)")


class TemplateError(DomainError):
    """A template or its personalisation does not fit: nothing is sent."""


@dataclass(frozen=True)
class MessageTemplate:
    """One kind of message. ``subject`` is used by email only; ``whatsapp_category`` is Meta's category
    (``utility`` for a person's own report, request or event; ``marketing`` for news broadcasts)."""

    key: str
    label: str | Promise
    placeholders: tuple[str, ...]
    subject: str | Promise
    body: str | Promise
    lane: int = Lane.TRANSACTIONAL
    whatsapp_category: str = "utility"
    example: dict[str, str] = field(default_factory=dict)
    # Bulk messages go only to people with a standing consent for this purpose (``ConsentPurpose``).
    consent_purpose: str = ""

    @property
    def provider_template(self) -> str:
        """The name of the matching WhatsApp template to have approved (``aspirations_reporter_update``)."""
        return self.key.replace(".", "_")


@functools.cache
def templates() -> dict[str, MessageTemplate]:
    """Every installed capability's templates, by key (read once: the installed apps do not change)."""
    found: dict[str, MessageTemplate] = {}
    for capability in capabilities():
        for path in capability.message_templates:
            for template in import_string(path):
                if template.key in found:
                    raise ValueError(f"Two message templates share the key {template.key!r}.")
                found[template.key] = template
    return found


def template(key: str) -> MessageTemplate:
    try:
        return templates()[key]
    except KeyError:
        raise TemplateError(_("There is no message template “%(key)s”.") % {"key": key}) from None


def placeholders_in(*texts: str) -> set[str]:
    return {match.group(1) for text in texts for match in PLACEHOLDER.finditer(text or "")}


def check_text(spec: MessageTemplate, *texts: str) -> None:
    """Refuse text that uses a placeholder the template does not have."""
    unknown = sorted(placeholders_in(*texts) - set(spec.placeholders))
    if unknown:
        raise TemplateError(
            _("Unknown placeholder: %(names)s. This template has: %(known)s.")
            % {
                "names": ", ".join(f"(({name}))" for name in unknown),
                "known": ", ".join(f"(({name}))" for name in spec.placeholders) or "-",
            }
        )


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``((name))`` with its value (every name must have one)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise TemplateError(_("No value for the placeholder ((%(name)s)).") % {"name": name})
        return str(values[name])

    return PLACEHOLDER.sub(replace, text or "")


@dataclass(frozen=True)
class CurrentText:
    version: int
    subject: str
    body: str
    built_in: bool


def built_in_text(spec: MessageTemplate, language: str) -> tuple[str, str]:
    with translation.override(language):
        return str(spec.subject), str(spec.body)


def current_text(spec: MessageTemplate, *, channel: str, language: str, regency_code: str) -> CurrentText:
    """The text in use for a template on a channel in a language: the newest version, else the built-in one."""
    latest = (
        TemplateVersion.objects.filter(
            regency_code=regency_code, template_key=spec.key, channel=channel, language=language
        )
        .order_by("-version")
        .first()
    )
    if latest is None or latest.built_in:
        subject, body = built_in_text(spec, language)
        return CurrentText(latest.version if latest else 0, subject, body, built_in=True)
    return CurrentText(latest.version, latest.subject, latest.body, built_in=False)


def render(
    spec: MessageTemplate, values: dict[str, object], *, channel: str, language: str, regency_code: str
) -> tuple[int, str, str]:
    """(version, subject, body) of a message; refuses extra or missing personalisation."""
    values = {name: "" if value is None else str(value) for name, value in values.items()}
    extra = sorted(set(values) - set(spec.placeholders))
    if extra:
        raise TemplateError(
            _("Unknown template variable: %(names)s.") % {"names": ", ".join(f"(({name}))" for name in extra)}
        )
    text = current_text(spec, channel=channel, language=language, regency_code=regency_code)
    subject = fill(text.subject, values) if channel == Channel.EMAIL else ""
    return text.version, " ".join(subject.split()), fill(text.body, values)
