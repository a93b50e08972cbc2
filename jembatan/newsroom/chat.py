"""``BERITA <kelurahan>`` by chat: the latest news for a kelurahan (``notifications.chat``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.newsroom.presentation import absolute_url
from jembatan.newsroom.selectors import village_items
from jembatan.notifications.chat import ChatCommand, Conversation, find_village

SHOWN = 3


def handle(conversation: Conversation) -> str | None:
    if conversation.command != "BERITA":
        return None
    village = find_village(" ".join(conversation.words[1:]))
    if village is None:
        return _("Write BERITA and the name of your kelurahan, for example: BERITA Bintang")
    items = village_items(village=village, limit=SHOWN)
    if not items:
        return _("No news for Kelurahan %(name)s yet.") % {"name": village.name}
    lines = [f"• {item.title}\n  {absolute_url(item.get_absolute_url())}" for item in items]
    return _("The latest news for Kelurahan %(name)s:\n%(list)s") % {"name": village.name, "list": "\n".join(lines)}


COMMAND = ChatCommand(menu=gettext_lazy("BERITA <kelurahan>: the latest news for your kelurahan"), handle=handle,
                      choices=(("BERITA", gettext_lazy("Latest news")),))  # fmt: skip
