"""The citizen's side of subscriptions: ask on the web, confirm from one's own inbox or chat, and stop
in one click (the link at the foot of every bulk email, also as RFC 8058 one-click POST)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.ratelimit import allow
from jembatan.notifications import channels, subscriptions
from jembatan.notifications.forms import SubscribeForm
from jembatan.notifications.models import Channel, Subscription

WEB_CHANNELS = (Channel.EMAIL, Channel.WHATSAPP, Channel.SMS)


def _web_channels() -> list[str]:
    return [c for c in WEB_CHANNELS if c == Channel.EMAIL or c in channels.configured()]


def _area(village_code: str, district_code: str) -> tuple[object, object, str]:
    from jembatan.regions.models import District, Village

    if village_code:
        village = Village.objects.select_related("district").get(pk=village_code)
        return village, None, _("Kelurahan %(name)s") % {"name": village.name}
    if district_code:
        district = District.objects.get(pk=district_code)
        return None, district, _("Kecamatan %(name)s") % {"name": district.name}
    return None, None, tenancy.organisation()


@require_access(PUBLIC)
def subscribe(request):
    regency = tenancy.regency_code()
    form = SubscribeForm(request.POST or None, regency_code=regency, channels=_web_channels(),
                         initial={"channel": Channel.EMAIL})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        ip = request.META.get("REMOTE_ADDR", "")
        if not allow(f"subscribe:{ip}", limit=10, window_seconds=3600):
            form.add_error(None, _("Too many requests from this connection. Try again in an hour."))
        else:
            data = form.cleaned_data
            village, district, name = _area(data["village"], "" if data["village"] else data["district"])
            topic = data.get("topic", "")
            if topic:
                name = _("%(area)s, topic %(topic)s") % {
                    "area": name,
                    "topic": dict(form.fields["topic"].choices)[topic],
                }
            subscriptions.request(channel=data["channel"], address=data["address"], village=village,
                                  district=district, topic=topic, area_name=name)  # fmt: skip
            return redirect("subscriptions:sent")
    return render(
        request, "notifications/subscribe.html", {"form": form, "telegram": "telegram" in channels.configured()}
    )


@require_access(PUBLIC)
def sent(request):
    return render(request, "notifications/subscribe_sent.html")


@require_access(PUBLIC)
def confirm(request, token: str):
    """A page with a button: mail scanners that open links must not confirm on anyone's behalf."""
    pending = Subscription.objects.filter(token=token[:40], subject="", ended_at__isnull=True).first()
    if request.method == "POST" and pending is not None:
        subscriptions.confirm(pending.token)
        return render(request, "notifications/subscribe_done.html", {"confirmed": True})
    return render(request, "notifications/subscribe_done.html", {"pending": pending, "confirmed": False},
                  status=200 if pending else 404)  # fmt: skip


@require_access(PUBLIC)
@csrf_exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" without a form of ours
def stop(request, token: str):
    if request.method == "POST":
        ended = subscriptions.stop_by_token(token)
        if ended is None:
            return render(request, "notifications/unsubscribed.html", {"invalid": True}, status=404)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("ok", content_type="text/plain")
        return render(request, "notifications/unsubscribed.html", {"stopped": True})
    return render(request, "notifications/unsubscribed.html", {"token": token})


app_name = "subscriptions"
urlpatterns = [
    path("", subscribe, name="subscribe"),
    path("terkirim/", sent, name="sent"),
    path("konfirmasi/<str:token>/", confirm, name="confirm"),
    path("berhenti/<str:token>/", stop, name="stop"),
]
