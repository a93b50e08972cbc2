"""Template tags for other apps' pages: ``{% load dissemination %}``.

``{% item_reach item as reach %}`` gives the editors' item page the reach figures of one item
(``selectors.reach_for_item``: three queries); the partial ``dissemination/_reach_item.html`` calls it.
``{% can_share_news user as can_share %}`` is true for a signed-in pengurus KIM (no query beyond the
user's roles, which are loaded once per request).
"""

from django import template

from jembatan.accounts.permissions import kims_for
from jembatan.dissemination import selectors

register = template.Library()


@register.simple_tag
def item_reach(item):
    return selectors.reach_for_item(item)


@register.simple_tag
def can_share_news(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and kims_for(user))
