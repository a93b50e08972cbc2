"""The editorial desk: writing, reviewing, publishing, correcting and archiving; and community news from KIMs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import access_instance_regency, has_role, kims_for, require_access
from jembatan.accounts.roles import Role
from jembatan.communities.models import Kim
from jembatan.core.actions import build_form, offered, spec_named
from jembatan.core.errors import DomainError
from jembatan.core.pagination import paginate
from jembatan.newsroom import images, readability, selectors, services
from jembatan.newsroom.actions import ACTIONS
from jembatan.newsroom.diff import revision_changes
from jembatan.newsroom.forms import (
    CorrectionTextForm,
    DeclineForm,
    DeskFilterForm,
    ItemForm,
    JargonForm,
    PhotoForm,
    ReadabilityForm,
    SettingsForm,
    TopicForm,
)
from jembatan.newsroom.models import Correction, CorrectionStatus, Item, ItemImage, ItemStatus, JargonTerm, Topic
from jembatan.newsroom.presentation import absolute_url

EDITORS = (Role.ADMIN, Role.EDITOR)
PAGE_SIZE = 25
REVISION_FIELDS = [
    ("title", gettext_lazy("Title")),
    ("summary", gettext_lazy("Summary")),
    ("body", gettext_lazy("Body")),
    ("sources", gettext_lazy("Sources")),
    ("image_alt", gettext_lazy("Text alternative of the image")),
]


def _editor_item(request, pk: int) -> tuple[str, Item]:
    regency = access_instance_regency(request.user, *EDITORS)
    item = get_object_or_404(Item.objects.select_related("author", "kim", "agency", "district", "village"), pk=pk)
    if item.regency_id != regency:
        raise Http404
    return regency, item


def _report(regency_code: str, *texts: str) -> readability.Report:
    return readability.analyse("\n\n".join(t for t in texts if t), selectors.jargon_for(regency_code))


# --- The desk --------------------------------------------------------------------------------------


@require_access(*EDITORS)
def desk_view(request):
    regency = access_instance_regency(request.user, *EDITORS)
    form = DeskFilterForm(request.GET or None)
    items = selectors.desk_items(regency_code=regency)
    if form.is_valid():
        if form.cleaned_data["status"]:
            items = items.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            items = items.filter(title__icontains=form.cleaned_data["q"])
    page, query_string = paginate(request, items, PAGE_SIZE)
    return render(
        request,
        "newsroom/desk.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string,
            "counts": selectors.desk_counts(regency_code=regency),
        },
    )


@require_access(*EDITORS)
def create_view(request):
    regency = access_instance_regency(request.user, *EDITORS)
    form = ItemForm(request.POST or None, request.FILES or None, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, regency_code=regency, data=form.to_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("newsroom:item", pk=item.pk)
    report = _report(regency, form.data.get("title", ""), form.data.get("summary", ""), form.data.get("body", ""))
    return render(request, "newsroom/edit.html", {"form": form, "item": None, "report": report})


@require_access(*EDITORS)
def edit_view(request, pk):
    regency, item = _editor_item(request, pk)
    return _edit(request, regency, item, community=False, done=lambda: redirect("newsroom:item", pk=item.pk))


def _edit(request, regency, item, *, community: bool, done):
    if community and item.status != ItemStatus.DRAF:
        messages.error(
            request, _("The editors are reviewing this story: it can be changed again if they send it back.")
        )
        return done()
    if item.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("A published item is not edited any more: add a correction note, or archive it."))
        return done()
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        regency_code=regency,
        community=community,
        has_image=bool(item.image),
        initial=ItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, data=form.to_data(kim=item.kim), content_only=community)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes are saved."))
            return done()
    source = form.data if form.is_bound else {"title": item.title, "summary": item.summary, "body": item.body}
    report = _report(regency, source.get("title", ""), source.get("summary", ""), source.get("body", ""))
    return render(
        request,
        "newsroom/edit.html",
        {"form": form, "item": item, "report": report, "community": community, "kim": item.kim},
    )


@require_access(*EDITORS)
def item_view(request, pk):
    regency, item = _editor_item(request, pk)
    return _item_page(request, regency, item)


def _pending_correction(request, rules, item) -> dict:
    """A correction of the text waiting for review: its note, what it changes, and whether this editor
    may publish it (not its proposer under the two-person rule)."""
    pending = item.corrections.filter(status=CorrectionStatus.PROPOSED).select_related("created_by").first()
    if pending is None:
        return {"can_propose_correction": item.status == ItemStatus.TERBIT}
    return {
        "pending_correction": pending,
        "pending_changes": revision_changes(item, pending, REVISION_FIELDS[:4]),
        # Offered exactly when the correction workflow opens "publish" to this editor (the two-person rule).
        "can_publish_correction": any(
            t.name == "publish" for t in services.CORRECTION_WORKFLOW.allowed(pending, request.user)
        ),
        "decline_form": DeclineForm(),
    }


@require_access(*EDITORS)
def correction_propose_view(request, pk):
    """Correct the text of a published item: the proposal, with its note, waits for another editor."""
    regency, item = _editor_item(request, pk)
    if item.status != ItemStatus.TERBIT:
        raise Http404
    initial = {name: getattr(item, name) for name in services.CORRECTABLE_FIELDS}
    form = CorrectionTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_propose_correction(
                actor=request.user, item=item, data=services.CorrectionData(**form.cleaned_data)
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The correction is waiting for another editor's review."))
            return redirect("newsroom:item", pk=item.pk)
    return render(request, "newsroom/correction_propose.html", {"item": item, "form": form})


@require_access(*EDITORS)
@require_POST
def correction_review_view(request, pk, correction_pk, decision):
    _regency, item = _editor_item(request, pk)
    correction = get_object_or_404(Correction, pk=correction_pk, item=item)
    try:
        if decision == "terbitkan":
            services.item_publish_correction(actor=request.user, correction=correction)
            messages.success(request, _("The correction is published; the note links to the comparison."))
        elif decision == "tolak":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Write why the correction is declined; its author will read it."))
            services.item_decline_correction(
                actor=request.user, correction=correction, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The correction is declined."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("newsroom:item", pk=item.pk)


def _item_page(request, regency, item, *, bound: dict | None = None):
    """The desk page of an item. The actions offered are the transitions ``WORKFLOW.allowed`` opens to the
    editor (``newsroom.actions``); a form that failed validation comes back bound with its field errors."""
    rules = services.settings_for(regency)
    actions = offered(
        services.WORKFLOW, item, request.user, ACTIONS, bound=bound,
        form_kwargs=lambda spec: {"initial": {"publish_at": item.publish_at}} if spec.name == "publish" else {},
        url=lambda name: reverse("newsroom:action", kwargs={"pk": item.pk, "action": name}),
    )  # fmt: skip
    return render(
        request,
        "newsroom/item.html",
        {
            "item": item,
            "actions": actions,
            "events": item.events.select_related("actor"),
            "revisions": item.revisions.select_related("created_by")[:20],
            "corrections": item.corrections.filter(status=CorrectionStatus.PUBLISHED),
            **_pending_correction(request, rules, item),
            "report": _report(regency, item.title, item.summary, item.body),
            "own_work_blocked": item.status == ItemStatus.DITINJAU
            and rules.two_person_rule
            and item.author_id == request.user.pk,
            "gallery": list(item.gallery.all()),
            "photo_form": PhotoForm(),
            "max_photos": services.MAX_GALLERY_IMAGES,
            "broadcast_url": _broadcast_url(item),
        },
    )


def _broadcast_url(item) -> str:
    """The broadcast form, filled with a published item (editors send it to the subscribers of its area)."""
    from urllib.parse import urlencode

    if not item.is_visible:
        return ""
    query = {"judul": item.title, "ringkasan": item.summary[:600], "tautan": absolute_url(item.get_absolute_url()),
             "topik": [topic.slug for topic in item.topics.all()]}  # fmt: skip
    return reverse("notifications:broadcast_new") + "?" + urlencode(query, doseq=True)


def _run(action, request, item, data):
    actor = request.user
    if action == "submit":
        return services.item_submit(actor=actor, item=item), _("The item is sent for review.")
    if action == "send_back":
        return services.item_send_back(actor=actor, item=item, notes=data["notes"]), _(
            "The item is sent back to its author with your notes."
        )
    if action == "publish":
        published = services.item_publish(
            actor=actor, item=item, check_sources=data["check_sources"], check_facts=data["check_facts"],
            check_plain_language=data["check_plain_language"], publish_at=data.get("publish_at"),
        )  # fmt: skip
        if published.is_visible:
            return published, _("The item is published.")
        return published, _("The item is scheduled for publication.")
    if action == "discard":
        services.item_discard(actor=actor, item=item)
        return None, _("The draft is deleted.")
    if action == "archive":
        return services.item_archive(actor=actor, item=item, reason=data.get("reason", "")), _("The item is archived.")
    services.item_add_correction(actor=actor, item=item, text=data["text"])
    return item, _("The correction note is published.")


@require_access(*EDITORS)
@require_POST
def action_view(request, pk, action):
    regency, item = _editor_item(request, pk)
    spec = spec_named(ACTIONS, action)
    if spec is None and action != "discard":
        raise Http404
    form = build_form(spec, request.POST) if spec is not None else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Check the fields marked below."))
        return _item_page(request, regency, item, bound={action: form})
    try:
        result, message = _run(action, request, item, form.cleaned_data if form else {})
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
        if result is None:
            return redirect("newsroom:desk")
    return redirect("newsroom:item", pk=item.pk)


@require_access(*EDITORS)
@require_POST
def photo_add_view(request, pk):
    _regency, item = _editor_item(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("newsroom:item", pk=item.pk)
    try:
        services.item_image_add(
            actor=request.user, item=item, upload=form.cleaned_data["photo"], alt=form.cleaned_data["alt"],
            caption=form.cleaned_data["caption"],
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The photo is added."))
    return redirect("newsroom:item", pk=item.pk)


@require_access(*EDITORS)
@require_POST
def photo_remove_view(request, pk, photo_pk):
    _regency, item = _editor_item(request, pk)
    photo = get_object_or_404(ItemImage, pk=photo_pk, item=item)
    try:
        services.item_image_remove(actor=request.user, photo=photo)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The photo is removed."))
    return redirect("newsroom:item", pk=item.pk)


@require_access(*EDITORS)
def staff_image_view(request, pk, name):
    """A rendition of any item's images, for the editors' preview (drafts included); not cached publicly."""
    _regency, item = _editor_item(request, pk)
    sizes = (item.image_renditions or {}).get("sizes", []) + selectors.gallery_rendition_sizes(item.pk)
    return images.rendition_response(item.pk, name, sizes, cache_control="private, max-age=3600")


@require_access(*EDITORS)
def revision_view(request, pk, number):
    _regency, item = _editor_item(request, pk)
    newer = get_object_or_404(item.revisions.select_related("created_by"), number=number)
    older = item.revisions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "newsroom/revision.html",
        {"item": item, "newer": newer, "older": older, "changes": revision_changes(older, newer, REVISION_FIELDS)},
    )


@require_access(*EDITORS, Role.PENGURUS_KIM)
@require_POST
def readability_view(request):
    """The plain-language advice for the text being written, as an HTML fragment for the editor page."""
    if has_role(request.user, *EDITORS):
        regency = access_instance_regency(request.user, *EDITORS)
    else:
        kim = Kim.objects.filter(pk__in=kims_for(request.user)).select_related("village__district").first()
        if kim is None:
            raise Http404
        regency = kim.regency_id
    form = ReadabilityForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("The text cannot be checked: it is too long or contains characters that are not allowed."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    html = render_to_string(
        "newsroom/_readability.html",
        {"report": _report(regency, data["title"], data["summary"], data["body"])},
        request,
    )
    return HttpResponse(html)


# --- Settings: the two-person rule, topics, jargon ------------------------------------------------------


@require_access(*EDITORS)
def settings_view(request):
    regency = access_instance_regency(request.user, *EDITORS)
    rules = services.settings_for(regency)
    is_admin = has_role(request.user, Role.ADMIN)
    forms = {
        "settings": SettingsForm(initial={"two_person_rule": rules.two_person_rule}),
        "topic": TopicForm(),
        "jargon": JargonForm(),
    }
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "settings" and is_admin:
                forms["settings"] = bound = SettingsForm(request.POST)
                if bound.is_valid():
                    services.settings_update(
                        actor=request.user, regency_code=regency, two_person_rule=bound.cleaned_data["two_person_rule"]
                    )
                    messages.success(request, _("The settings are saved."))
                    return redirect("newsroom:settings")
            elif which == "topic":
                forms["topic"] = bound = TopicForm(request.POST)
                if bound.is_valid():
                    services.topic_create(actor=request.user, regency_code=regency, name=bound.cleaned_data["name"])
                    messages.success(request, _("The topic is added."))
                    return redirect("newsroom:settings")
            elif which == "jargon":
                forms["jargon"] = bound = JargonForm(request.POST)
                if bound.is_valid():
                    services.jargon_add(actor=request.user, regency_code=regency, **bound.cleaned_data)
                    messages.success(request, _("The term is saved."))
                    return redirect("newsroom:settings")
            elif which == "delete_topic":
                topic = get_object_or_404(Topic, pk=request.POST.get("pk") or 0, regency_id=regency)
                services.topic_delete(actor=request.user, topic=topic)
                messages.success(request, _("The topic is removed."))
                return redirect("newsroom:settings")
            elif which == "delete_jargon":
                entry = get_object_or_404(JargonTerm, pk=request.POST.get("pk") or 0, regency_id=regency)
                services.jargon_remove(actor=request.user, entry=entry)
                messages.success(request, _("The term is removed."))
                return redirect("newsroom:settings")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("The request could not be processed.")))
    return render(
        request,
        "newsroom/settings.html",
        {
            "rules": rules,
            "is_admin": is_admin,
            "forms": forms,
            "topics": selectors.topics_for(regency),
            "jargon": JargonTerm.objects.filter(regency_id=regency).order_by("term"),
        },
    )


# --- Community news from a KIM ----------------------------------------------------------------------------


def _my_kims(request):
    kims = list(Kim.objects.filter(pk__in=kims_for(request.user)).select_related("village__district"))
    if not kims:
        raise Http404
    return kims


def _community_item(request, pk) -> Item:
    item = get_object_or_404(
        Item.objects.select_related("kim__village__district"), pk=pk, kim__in=kims_for(request.user)
    )
    return item


@require_access(Role.PENGURUS_KIM)
def community_list_view(request):
    kims = _my_kims(request)
    items = Item.objects.filter(kim__in=kims).select_related("kim").order_by("-updated_at")
    page, _query = paginate(request, items, PAGE_SIZE)
    return render(request, "newsroom/community_list.html", {"page": page, "kims": kims})


@require_access(Role.PENGURUS_KIM)
def community_create_view(request):
    kims = _my_kims(request)
    kim = next((k for k in kims if str(k.pk) == request.GET.get("kim")), kims[0])
    regency = kim.regency_id
    form = ItemForm(request.POST or None, request.FILES or None, regency_code=regency, community=True)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, regency_code=regency, data=form.to_data(kim=kim), kim=kim)
            if request.POST.get("submit_for_review"):
                services.item_submit(actor=request.user, item=item)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your story is sent to the Diskominfo editors for review.")
                if request.POST.get("submit_for_review")
                else _("The draft is saved."),
            )
            return redirect("newsroom:community_list")
    report = _report(regency, form.data.get("title", ""), form.data.get("summary", ""), form.data.get("body", ""))
    return render(
        request, "newsroom/edit.html", {"form": form, "item": None, "report": report, "community": True, "kim": kim}
    )


@require_access(Role.PENGURUS_KIM)
def community_edit_view(request, pk):
    item = _community_item(request, pk)
    regency = item.kim.regency_id
    if request.method == "POST" and request.POST.get("submit_for_review") and item.status == ItemStatus.DRAF:
        response = _edit(request, regency, item, community=True, done=lambda: None)
        if response is None:
            try:
                services.item_submit(actor=request.user, item=item)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your story is sent to the Diskominfo editors for review."))
            return redirect("newsroom:community_list")
        return response
    return _edit(request, regency, item, community=True, done=lambda: redirect("newsroom:community_list"))
