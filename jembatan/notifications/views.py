"""Staff pages: the outbox (filters, a message's history, send again, stop) and the message templates
(versions, preview, back to the built-in text, a test message to oneself). Regency administrators only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.core.pagination import CappedPaginator, paginate
from jembatan.notifications import catalogue, channels, selectors, services
from jembatan.notifications.api import send
from jembatan.notifications.forms import OutboxFilterForm, TemplateTextForm
from jembatan.notifications.models import Channel, Message, TemplateVersion
from jembatan.notifications.statuses import FAILURES, MessageStatus

PAGE_SIZE = 50


def _template_choices():
    return sorted(selectors.template_labels().items(), key=lambda choice: choice[1])


@require_access(Role.ADMIN)
def outbox(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    form = OutboxFilterForm(request.GET or None, templates=_template_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.outbox_list(
        regency_code=regency, status=filters.get("status", ""), channel=filters.get("channel", ""),
        template_key=filters.get("template", ""), broadcast_id=filters.get("siaran"),
    )  # fmt: skip
    page, query_string = paginate(request, found, PAGE_SIZE, paginator_class=CappedPaginator)
    labels = selectors.template_labels()
    rows = [
        {
            "message": m,
            "recipient": selectors.masked_recipient(m),
            "template": labels.get(m.template_key, m.template_key),
        }
        for m in page
    ]
    return render(request, "notifications/outbox.html", {
        "form": form, "page": page, "rows": rows, "query_string": query_string,
        "summary": selectors.daily_summary(regency_code=regency), "statuses": MessageStatus,
    })  # fmt: skip


def _message_for(request, pk: int) -> Message:
    regency = access_instance_regency(request.user, Role.ADMIN)
    return get_object_or_404(Message, pk=pk, regency_code=regency)


@require_access(Role.ADMIN)
def message_detail(request, pk: int):
    message = _message_for(request, pk)
    return render(request, "notifications/message.html", {
        "message": message, "recipient": selectors.masked_recipient(message),
        "template": selectors.template_labels().get(message.template_key, message.template_key), "text": selectors.readable_text(message),
        "events": message.events.all(), "can_retry": message.status in FAILURES,
        "can_cancel": message.sent_at is None and message.status in (MessageStatus.CREATED, MessageStatus.SENDING),
    })  # fmt: skip


def _act(request, pk: int, service, done: str):
    message = _message_for(request, pk)
    try:
        service(actor=request.user, message=message)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notifications:message", pk=message.pk)


@require_access(Role.ADMIN)
@require_POST
def message_retry(request, pk: int):
    return _act(request, pk, services.message_retry, _("The message will be sent again."))


@require_access(Role.ADMIN)
@require_POST
def message_cancel(request, pk: int):
    return _act(request, pk, services.message_cancel, _("The message will not be sent."))


def _channels() -> list[str]:
    """The channels templates are edited for: the switched-on ones (email always)."""
    return [name for name in Channel.values if name == Channel.EMAIL or name in channels.configured()]


@require_access(Role.ADMIN)
def template_list(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    edited = set(
        TemplateVersion.objects.filter(regency_code=regency).values_list("template_key", "channel", "language")
    )
    rows = []
    for key, label in _template_choices():
        rows.append({
            "key": key, "label": label,
            "texts": [
                {"channel": channel, "channel_label": Channel(channel).label, "language": code, "language_label": name,
                 "edited": (key, channel, code) in edited}
                for channel in _channels() for code, name in settings.LANGUAGES
            ],
        })  # fmt: skip
    return render(request, "notifications/templates.html", {"rows": rows})


@require_access(Role.ADMIN)
def template_edit(request, key: str, channel: str, language: str):
    regency = access_instance_regency(request.user, Role.ADMIN)
    spec = catalogue.templates().get(key)
    if spec is None or channel not in _channels() or language not in dict(settings.LANGUAGES):
        raise Http404
    current = catalogue.current_text(spec, channel=channel, language=language, regency_code=regency)
    with_subject = channel == Channel.EMAIL
    initial = {"subject": current.subject, "body": current.body}
    form = TemplateTextForm(request.POST or None, initial=initial, with_subject=with_subject)
    preview = None
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "reset":
                services.template_reset(actor=request.user, spec=spec, channel=channel, language=language,
                                        regency_code=regency)  # fmt: skip
                messages.success(request, _("The built-in text is used again."))
                return redirect("notifications:template", key=key, channel=channel, language=language)
            if action == "test":
                _send_test(request, spec, channel, language, regency)
                return redirect("notifications:template", key=key, channel=channel, language=language)
            if form.is_valid():
                subject, body = form.cleaned_data.get("subject", ""), form.cleaned_data["body"]
                catalogue.check_text(spec, subject, body)
                if action == "save":
                    version = services.template_save(
                        actor=request.user, spec=spec, channel=channel, language=language, regency_code=regency,
                        subject=subject, body=body,
                    )  # fmt: skip
                    messages.success(request, _("Saved as version %(version)s.") % {"version": version.version})
                    return redirect("notifications:template", key=key, channel=channel, language=language)
                preview = {
                    "subject": catalogue.fill(subject, spec.example) if with_subject else "",
                    "body": catalogue.fill(body, spec.example),
                }
        except DomainError as exc:
            form.add_error(None, exc.message)
    elif current:
        preview = {
            "subject": catalogue.fill(current.subject, spec.example) if with_subject else "",
            "body": catalogue.fill(current.body, spec.example),
        }
    versions = TemplateVersion.objects.filter(
        regency_code=regency, template_key=key, channel=channel, language=language
    ).select_related("created_by")[:20]
    return render(request, "notifications/template.html", {
        "spec": spec, "channel": Channel(channel), "language": dict(settings.LANGUAGES)[language], "form": form,
        "current": current, "preview": preview, "versions": versions,
        "placeholders": [f"(({name}))" for name in spec.placeholders],
    })  # fmt: skip


def _send_test(request, spec, channel: str, language: str, regency: str) -> None:
    """The template with its example values, to the administrator's own email address."""
    from django.db import transaction

    if channel != Channel.EMAIL or not request.user.email:
        messages.error(request, _("A test can be sent by email only, to your own address."))
        return
    with transaction.atomic():
        send(spec.key, channel=channel, to=request.user.email, values=spec.example, language=language,
             regency_code=regency)  # fmt: skip
    messages.success(request, _("A test message is on its way to %(email)s.") % {"email": request.user.email})


BROADCAST_ROLES = (Role.ADMIN, Role.EDITOR)


def _broadcast_channels() -> list[str]:
    """The channels a broadcast can use: email, and the chat channels that are switched on."""
    return [Channel.EMAIL] + [
        c for c in (Channel.WHATSAPP, Channel.TELEGRAM, Channel.SMS) if c in channels.configured()
    ]


@require_access(*BROADCAST_ROLES)
def broadcast_list(request):
    from jembatan.notifications.models import Broadcast

    regency = access_instance_regency(request.user, *BROADCAST_ROLES)
    page, query_string = paginate(request, Broadcast.objects.filter(regency_code=regency), PAGE_SIZE)
    return render(request, "notifications/broadcasts.html", {"page": page, "query_string": query_string,
                                                             "channels_on": _broadcast_channels()})  # fmt: skip


@require_access(*BROADCAST_ROLES)
def broadcast_new(request):
    from jembatan.notifications import broadcasts
    from jembatan.notifications.forms import BroadcastForm

    regency = access_instance_regency(request.user, *BROADCAST_ROLES)
    initial = {"title": request.GET.get("judul", "")[:200], "summary": request.GET.get("ringkasan", "")[:600],
               "link": request.GET.get("tautan", "")[:500], "channels": _broadcast_channels(),
               "topics": request.GET.getlist("topik")[:20]}  # fmt: skip
    form = BroadcastForm(request.POST or None, initial=initial, regency_code=regency, channels=_broadcast_channels())
    estimate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        segment = {"regency_code": regency, "channels_": data["channels"], "district_code": data["district"],
                   "village_code": data["village"], "topics": data.get("topics", []),
                   "emergency": data["emergency"]}  # fmt: skip
        if data["village"]:
            segment["district_code"] = ""
        try:
            if request.POST.get("action") == "send":
                broadcast = broadcasts.broadcast_start(
                    actor=request.user, title=data["title"], summary=data["summary"], link=data["link"], **segment
                )  # fmt: skip
                messages.success(request, _("The broadcast is on its way."))
                return redirect("notifications:broadcast", pk=broadcast.pk)
            broadcasts.check(title=data["title"], summary=data["summary"], link=data["link"],
                             channels_=data["channels"], regency_code=regency)  # fmt: skip
            per_channel = broadcasts.counts(**segment)
            estimate = {
                "per_channel": [(Channel(c).label, per_channel.get(c, 0)) for c in data["channels"]],
                "total": sum(per_channel.values()),
                "seconds": broadcasts.estimated_seconds(per_channel),
                "waits_for_morning": not data["emergency"] and broadcasts.quiet_until(timezone.now()) > timezone.now(),
            }
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "notifications/broadcast_new.html", {"form": form, "estimate": estimate,
                                                                "channels_on": _broadcast_channels()})  # fmt: skip


def _broadcast_for(request, pk: int):
    from jembatan.notifications.models import Broadcast

    regency = access_instance_regency(request.user, *BROADCAST_ROLES)
    return get_object_or_404(Broadcast, pk=pk, regency_code=regency)


@require_access(*BROADCAST_ROLES)
def broadcast_detail(request, pk: int):
    from jembatan.notifications import broadcasts

    broadcast = _broadcast_for(request, pk)
    progress = broadcasts.progress(broadcast)
    rows = [
        {"channel": Channel(channel).label,
         "statuses": [(MessageStatus(status).label, n) for status, n in sorted(by_status.items())]}
        for channel, by_status in sorted(progress["by_channel"].items())
    ]  # fmt: skip
    from jembatan.accounts.permissions import has_role
    from jembatan.core.registry import subscription_topics

    names = dict(subscription_topics(broadcast.regency_code))
    return render(request, "notifications/broadcast.html", {
        "broadcast": broadcast, "progress": progress, "rows": rows,
        "topic_names": [names.get(slug, slug) for slug in broadcast.topics],
        "perms_outbox": has_role(request.user, Role.ADMIN),
    })  # fmt: skip


@require_access(*BROADCAST_ROLES)
@require_POST
def broadcast_action(request, pk: int, action: str):
    from jembatan.notifications import broadcasts

    service = {"jeda": broadcasts.broadcast_pause, "lanjutkan": broadcasts.broadcast_resume,
               "batalkan": broadcasts.broadcast_cancel}.get(action)  # fmt: skip
    if service is None:
        raise Http404
    broadcast = _broadcast_for(request, pk)
    try:
        service(actor=request.user, broadcast=broadcast)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notifications:broadcast", pk=broadcast.pk)
