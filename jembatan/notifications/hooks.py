"""Provider webhooks: ``/hooks/whatsapp/``, ``/hooks/telegram/``, ``/hooks/sms/``.

Each answers within a second: it checks the signature, stores the events and queues their handling.
A bad signature gets 403 and changes nothing; a body that is not JSON gets 400.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.notifications import channels, inbound

logger = logging.getLogger(__name__)


def _receive(request, channel: str):
    try:
        stored = inbound.receive(channel, request)
    except inbound.Rejected as refused:
        logger.warning("Webhook %s refused: %s", channel, refused.reason)
        return JsonResponse({"error": refused.reason}, status=refused.http_status)
    return JsonResponse({"ok": True, "stored": stored})


@require_access(PUBLIC)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request):
    if request.method == "GET":  # Meta's subscription check
        adapter = channels.adapter("whatsapp")
        if adapter is None:
            return HttpResponse("not configured", status=404, content_type="text/plain")
        if request.GET.get("hub.mode") != "subscribe":
            return HttpResponse("not a subscription request", status=400, content_type="text/plain")
        challenge = adapter.verify_subscription(request.GET)
        if challenge is None:
            return HttpResponse("forbidden", status=403, content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain")
    return _receive(request, "whatsapp")


@require_access(PUBLIC)
@csrf_exempt
@require_http_methods(["POST"])
def telegram(request):
    return _receive(request, "telegram")


@require_access(PUBLIC)
@csrf_exempt
@require_http_methods(["POST"])
def sms(request):
    return _receive(request, "sms")


app_name = "hooks"
urlpatterns = [
    path("whatsapp/", whatsapp, name="whatsapp"),
    path("telegram/", telegram, name="telegram"),
    path("sms/", sms, name="sms"),
]
