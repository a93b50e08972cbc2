from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if hasattr(mapping, "get") else 0
