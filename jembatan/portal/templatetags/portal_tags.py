from django import template

from jembatan.portal.audit_labels import verb_label as _verb_label

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    """``{{ entry.verb|verb_label }}``: what an audit verb means, in the reader's language."""
    return _verb_label(verb)


@register.filter
def audit_note(entry) -> str:
    """The note a person wrote with the change (a reason, correction or send-back notes), if any."""
    for values in (entry.after or {}, entry.before or {}):
        if isinstance(values, dict):
            for key in ("text", "notes", "reason", "explanation", "note"):
                if isinstance(values.get(key), str) and values[key].strip():
                    return values[key]
    return ""
