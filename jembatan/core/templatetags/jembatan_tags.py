from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if hasattr(mapping, "get") else 0


@register.filter
def deadline_status(due):
    """'3 hari kerja lagi', 'jatuh tempo hari ini' or 'terlambat 2 hari kerja' for a due date."""
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    from jembatan.core.workdays import working_days_between

    if not due:
        return ""
    if hasattr(due, "date"):
        due = timezone.localtime(due).date() if timezone.is_aware(due) else due.date()
    remaining = working_days_between(timezone.localdate(), due)
    if remaining > 0:
        return ngettext("%(n)d working day left", "%(n)d working days left", remaining) % {"n": remaining}
    if remaining == 0:
        return gettext("due today")
    late = -remaining
    return ngettext("%(n)d working day late", "%(n)d working days late", late) % {"n": late}


@register.simple_tag
def map_attributes():
    """The tile server, attribution and starting view of maps, as data attributes (none: maps are off)."""
    from django.conf import settings
    from django.utils.html import format_html

    if not settings.MAP_TILE_URL:
        return ""
    return format_html(
        'data-tile-url="{}" data-attribution="{}" data-center="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        settings.MAP_CENTER,
    )
