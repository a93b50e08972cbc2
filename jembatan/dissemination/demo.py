"""Demo reach: a few KIMs shared the published demo news, people opened the links, meetings were held."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jembatan.accounts.models import User
from jembatan.communities.models import Kim, KimStatus
from jembatan.dissemination import services
from jembatan.dissemination.models import Dissemination
from jembatan.newsroom.models import Item

CHANNELS = ["whatsapp_group", "meeting", "radio", "banner"]


@transaction.atomic
def seed_reach(regency_code: str = "19.71") -> int:
    if Dissemination.objects.exists():
        return 0
    items = list(Item.objects.visible().filter(regency_id=regency_code).order_by("published_at")[:4])
    kims = list(
        Kim.objects.filter(status=KimStatus.AKTIF, regency_id=regency_code)
        .select_related("village__district")
        .order_by("name")[:3]
    )
    recorded = 0
    for k, kim in enumerate(kims):
        pengurus = User.objects.filter(role_assignments__kim=kim).first()
        for i, item in enumerate(items):
            link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
            for _ in range(3 + (k * 7 + i * 5) % 17):
                services.share_link_count_open(link=link)
            if (k + i) % 2 == 0:
                services.dissemination_record(
                    actor=pengurus, kim=kim, item=item,
                    data=services.DisseminationData(
                        channel=CHANNELS[(k + i) % len(CHANNELS)],
                        date=timezone.localdate(),
                        audience=15 + 10 * ((k + 2 * i) % 5),
                    ),
                )  # fmt: skip
                recorded += 1
    return recorded
