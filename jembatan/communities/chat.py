"""``KIM <kelurahan>`` by chat: the KIMs near a person (``notifications.chat``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.communities.selectors import kim_public_list
from jembatan.core import tenancy
from jembatan.notifications.chat import ChatCommand, Conversation, find_village

SHOWN = 5


def handle(conversation: Conversation) -> str | None:
    if conversation.command != "KIM":
        return None
    place = " ".join(conversation.words[1:])
    village = find_village(place)
    if village is None:
        return _("Write KIM and the name of your kelurahan, for example: KIM Bintang")
    regency = tenancy.regency_code()
    kims = list(kim_public_list(regency_code=regency, village=village.code)[:SHOWN])
    where = _("Kelurahan %(name)s") % {"name": village.name}
    if not kims:
        kims = list(kim_public_list(regency_code=regency, district=village.district_id)[:SHOWN])
        where = _("Kecamatan %(name)s") % {"name": village.district.name}
    if not kims:
        return _("There is no KIM in Kecamatan %(name)s yet. Ask your kelurahan office how to start one.") % {
            "name": village.district.name
        }
    lines = [
        f"• {kim.name}: {tenancy.absolute(reverse('communities:profile', kwargs={'slug': kim.slug}))}" for kim in kims
    ]
    return _("KIMs in %(where)s:\n%(list)s") % {"where": where, "list": "\n".join(lines)}


COMMAND = ChatCommand(menu=gettext_lazy("KIM <kelurahan>: the community information groups near you"), handle=handle,
                      choices=(("KIM", gettext_lazy("KIM near me")),))  # fmt: skip
