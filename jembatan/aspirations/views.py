from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import PUBLIC, agencies_for, kims_for, require_access
from jembatan.accounts.roles import Role
from jembatan.agencies.models import Agency
from jembatan.aspirations import permissions as access
from jembatan.aspirations import presenter, selectors, services
from jembatan.aspirations.actions import ACTIONS
from jembatan.aspirations.forms import (
    AcceptForm,
    FollowForm,
    PublicFilterForm,
    PublicTextsForm,
    RateForm,
    StaffQueueFilterForm,
    SubmissionForm,
    TrackForm,
)
from jembatan.aspirations.models import PUBLIC_STATUSES, Aspiration, AspirationStatus, Attachment
from jembatan.communities.models import Kim
from jembatan.core import tenancy
from jembatan.core.actions import ActionForm, build_form, offered, spec_named
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.forms import ReasonForm
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.pagination import CappedPaginator, paginate
from jembatan.core.ratelimit import allow
from jembatan.regions.selectors import district_list

PAGE_SIZE = 20
FOLLOWS_PER_HOUR = 30  # one address following many reports (or subscribing others) is held back


def _pengurus_kims(user):
    ids = kims_for(user)
    return Kim.objects.filter(pk__in=ids) if ids else None


# --- Citizens ---------------------------------------------------------------------------------


@require_access(PUBLIC)
def submit_view(request):
    kims = _pengurus_kims(request.user) if request.user.is_authenticated else None
    # "Kirim aspirasi" from a kelurahan page arrives with ?kelurahan=<code>: that kelurahan is chosen.
    initial = {"village": request.GET["kelurahan"]} if request.GET.get("kelurahan") else None
    form = SubmissionForm(request.POST or None, request.FILES or None, kims=kims, initial=initial)
    duplicates = []
    if request.method == "POST":
        if form.is_spam:
            return render(request, "aspirations/submitted.html", {"aspiration": None})
        if not allow(
            f"aspiration-submit:{client_ip_from_request(request)}",
            limit=settings.ASPIRATION_FORM_SUBMISSIONS_PER_HOUR,
            window_seconds=3600,
        ):
            form.add_error(None, _("Too many reports from this connection in the last hour. Please try again later."))
        elif form.is_valid():
            data = form.to_data()
            if not form.cleaned_data.get("confirm_new"):
                duplicates = selectors.likely_duplicates(village=data.village, title=data.title)
            if not duplicates:
                try:
                    aspiration, _created = services.aspiration_submit(
                        data=data, actor=request.user, idempotency_key=form.cleaned_data["idempotency_key"]
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    request.session["submitted_aspiration"] = aspiration.pk
                    return redirect("aspirations:submitted")
            else:
                form.data = form.data.copy()
                form.data["confirm_new"] = "on"
    return render(
        request,
        "aspirations/submit.html",
        {"form": form, "duplicates": duplicates, "consent_text": services.CONSENT_TEXT},
    )


@require_access(PUBLIC)
@never_cache
def submitted_view(request):
    """Shown once: the private link does not stay in the session for the next person at a shared computer."""
    pk = request.session.pop("submitted_aspiration", None)
    aspiration = Aspiration.objects.filter(pk=pk).first() if pk else None
    if aspiration is None:
        return redirect("aspirations:submit")
    return render(
        request,
        "aspirations/submitted.html",
        {"aspiration": aspiration, "private_link": services.private_link(aspiration)},
    )


@require_POST
@require_access(PUBLIC)
def follow_view(request, code: str):
    aspiration = selectors.aspiration_public_detail(code=code)
    if aspiration is None:
        raise Http404
    form = FollowForm(request.POST)
    if not allow(f"aspiration-follow:{client_ip_from_request(request)}", limit=FOLLOWS_PER_HOUR, window_seconds=3600):
        messages.error(request, _("Too many requests from this connection in the last hour. Please try again later."))
    elif form.is_valid():
        services.aspiration_follow(aspiration=aspiration, email=form.cleaned_data["email"])
        messages.success(
            request,
            _("Check your email: open the link we sent to start receiving the updates of %(code)s.")
            % {"code": aspiration.code},
        )
    else:
        messages.error(request, _("Enter your email and tick the consent to follow this report."))
    return redirect("aspirations:public_detail", code=aspiration.code)


RESENDS_PER_HOUR = 5


@require_access(PUBLIC)
@require_POST
def resend_link_view(request, code: str):
    """ "Kirim ulang tautan saya": the same answer whether or not the contact matches; rate-limited."""
    code = code.strip().upper()[:20]
    contact = request.POST.get("kontak", "")[:254]
    if not allow(f"aspiration-resend:{client_ip_from_request(request)}", limit=RESENDS_PER_HOUR, window_seconds=3600):
        messages.error(request, _("Too many requests from this connection in the last hour. Please try again later."))
    else:
        services.aspiration_resend_private_link(code=code, contact=contact)
        messages.success(
            request,
            _(
                "If this email or phone number belongs to the report, its private link is on its way to the reporter's email."
            ),
        )
    return redirect("aspirations:track", code=code)


@require_access(PUBLIC)
@never_cache
def follow_confirm_view(request, token: str):
    aspiration = services.aspiration_follow_confirm(token=token[:60])
    if aspiration is None:
        raise Http404
    return render(request, "aspirations/follow_done.html", {"aspiration": aspiration, "confirmed": True})


@require_access(PUBLIC)
@never_cache
def unfollow_view(request, token: str):
    """One step: the link in every update opens this page; its single button stops the emails."""
    if request.method == "POST":
        aspiration = services.aspiration_unfollow(token=token[:60])
        if aspiration is None:
            raise Http404
        return render(request, "aspirations/follow_done.html", {"aspiration": aspiration, "confirmed": False})
    if not services.aspiration_is_followed_by(token[:60]):
        raise Http404
    return render(request, "aspirations/unfollow.html")


@require_access(PUBLIC)
def track_view(request):
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("aspirations:track", code=form.cleaned_data["code"])
    return render(request, "aspirations/track_form.html", {"form": form})


@require_access(PUBLIC)
def track_code_view(request, code: str):
    """The code alone shows the progress of any report: its status and dates. The content (title,
    text, answer, timeline) only when the report is public; a secret or not yet verified one shows
    nothing of it. The reporter's private link shows everything."""
    code = code.strip().upper()[:20]
    report = selectors.aspiration_public_report(code=code)
    progress = report or selectors.aspiration_progress_by_code(code=code)
    return render(
        request,
        "aspirations/track_public.html",
        {
            "aspiration": report,
            "public": report is not None,
            "events": report.events if report else [],
            "code": code,
            "progress": progress,
        },
    )


def _private(code: str, secret: str) -> Aspiration:
    aspiration = selectors.aspiration_by_private_link(code=code, secret=secret)
    if aspiration is None:
        raise Http404
    return aspiration


@require_access(PUBLIC)
@never_cache
def track_private_view(request, code: str, secret: str):
    aspiration = _private(code, secret)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                form = AcceptForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Choose a rating from 1 to 5, or no rating."))
                services.aspiration_accept(aspiration=aspiration, rating=form.cleaned_data.get("rating") or None)
                messages.success(request, _("Thank you. The report is closed."))
            elif action == "reject_answer":
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Say why the answer does not solve the problem."))
                services.aspiration_reject_answer(aspiration=aspiration, reason=form.cleaned_data["reason"])
                messages.success(request, _("Your reply has been sent back to the agency."))
            elif action == "rate":
                form = RateForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Choose a rating from 1 to 5."))
                services.aspiration_rate(aspiration=aspiration, rating=form.cleaned_data["rating"])
                messages.success(request, _("Thank you for your rating."))
            elif action in ("make_secret", "make_public"):
                services.aspiration_reporter_set_privacy(
                    aspiration=aspiration, privacy="rahasia" if action == "make_secret" else "anonim"
                )
                messages.success(request, _("The privacy of your report has been changed."))
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("aspirations:track_private", code=code, secret=secret)
    return render(
        request,
        "aspirations/track_private.html",
        {
            "aspiration": aspiration,
            "is_public": aspiration.is_publicly_visible,
            "events": _with_photos(aspiration, secret=secret),
            "attachments": aspiration.attachments.all(),
            "accept_form": AcceptForm(),
            "reason_form": ReasonForm(),
            "rate_form": RateForm(),
            "secret": secret,
        },
    )


@require_access(PUBLIC)
@public_page
def public_map_view(request):
    """The public reports on a map; without JavaScript, a link to the list."""
    return render(request, "aspirations/public_map.html")


@require_access(PUBLIC)
@public_page
def public_map_points_view(request):
    """GeoJSON of the public reports that have a place (the map page reads it)."""
    points = selectors.aspiration_map_points(regency_code=tenancy.regency_code())
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["longitude"], p["latitude"]]},
            "properties": {
                "code": p["code"],
                "title": f"{p['title']} ({p['status']})",
                "url": reverse("aspirations:public_detail", kwargs={"code": p["code"]}),
            },
        }
        for p in points
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


@require_access(PUBLIC)
@public_page
def public_list_view(request):
    regency = tenancy.regency_code()
    districts = list(district_list(regency_code=regency))
    categories = list(selectors.category_list(regency_code=regency))
    statuses = [(s, AspirationStatus(s).label) for s in PUBLIC_STATUSES]
    form = PublicFilterForm(request.GET or None, districts=districts, categories=categories, statuses=statuses)
    filters = form.cleaned_data if form.is_valid() else {}
    reports = selectors.aspiration_public_list(
        regency_code=regency, district=filters.get("kecamatan", ""), category=filters.get("kategori", ""),
        status=filters.get("status", ""), query=filters.get("q", ""),
    )  # fmt: skip
    page, query_string = paginate(request, reports, PAGE_SIZE, paginator_class=CappedPaginator)
    return render(request, "aspirations/public_list.html", {"form": form, "page": page, "query_string": query_string})


@require_access(PUBLIC)
@public_page
def public_detail_view(request, code: str):
    report = selectors.aspiration_public_report(code=code)
    if report is None:
        raise Http404
    from jembatan.notifications.channels import configured

    chat = " / ".join(
        label for name, label in (("whatsapp", "WhatsApp"), ("telegram", "Telegram")) if name in configured()
    )
    return render(
        request,
        "aspirations/public_detail.html",
        {"aspiration": report, "events": report.events, "follow_form": FollowForm(), "follow_by_chat": chat},
    )


@require_access(PUBLIC)
@public_page
def agency_figures_view(request):
    return render(
        request,
        "aspirations/agency_figures.html",
        {"figures": selectors.agency_figures(regency_code=tenancy.regency_code())},
    )


# --- Staff ------------------------------------------------------------------------------------

STAFF_ROLES = (Role.ADMIN, Role.PIMPINAN, Role.PETUGAS_OPD, Role.PENGURUS_KIM)


@require_access(*STAFF_ROLES)
def staff_queue_view(request):
    user = request.user
    today = timezone.localdate()
    regencies = access.viewer_regencies(user)
    form = StaffQueueFilterForm(request.GET or None, regency_codes=regencies or set())
    filters = form.filters()
    qs = selectors.aspiration_staff_queue(
        regency_codes=regencies, agency_ids=agencies_for(user), kim_ids=kims_for(user), today=today, **filters
    )
    page, query_string = paginate(request, qs, 50)
    return render(
        request,
        "aspirations/staff_queue.html",
        {"page": page, "form": form, "today": today, "query_string": query_string, "filtered": bool(request.GET)},
    )


@require_access(*STAFF_ROLES)
def staff_detail_view(request, code: str):
    aspiration = access.access_as_viewer(request.user, selectors.aspiration_for_staff(code=code))
    return _staff_detail(request, aspiration)


def _form_kwargs(aspiration):
    """What each action form needs besides the posted data: the region's categories and agencies."""
    regency = aspiration.regency_id

    def kwargs(spec: ActionForm) -> dict:
        if spec.name == "verify":
            return {"regency_code": regency, "initial": {
                "category": aspiration.category_id, "public_title": aspiration.public_title,
                "public_description": aspiration.public_description, "public_place": aspiration.public_place,
            }}  # fmt: skip
        if spec.name == "dispose":
            return {
                "agencies": Agency.objects.filter(regency_id=regency, is_active=True),
                "initial": {"agency": aspiration.category.agency_id},
            }
        return {}

    return kwargs


def _staff_detail(request, aspiration, *, bound: dict | None = None):
    """The staff page of a report. The actions offered are the transitions ``WORKFLOW.allowed`` opens to the
    viewer (``aspirations.actions``); a form that failed validation comes back bound, with its field errors
    and what was typed."""
    from jembatan.core.selectors import audit_for_object

    is_admin = aspiration.regency_id in access.admin_regencies(request.user)
    actions = offered(
        services.WORKFLOW, aspiration, request.user, ACTIONS, bound=bound, form_kwargs=_form_kwargs(aspiration),
        url=lambda name: reverse("aspirations:staff_action", kwargs={"code": aspiration.code, "action": name}),
    )  # fmt: skip
    return render(
        request,
        "aspirations/staff_detail.html",
        {
            "aspiration": aspiration,
            "is_admin": is_admin,
            "actions": actions,
            "events": _with_photos(aspiration),
            "attachments": aspiration.attachments.all(),
            "public_form": PublicTextsForm(
                initial={
                    "public_title": aspiration.public_title,
                    "public_description": aspiration.public_description,
                    "public_place": aspiration.public_place,
                }
            ),
            "duplicates": selectors.likely_duplicates(
                village=aspiration.village, title=aspiration.public_title, exclude_pk=aspiration.pk
            ),
            "history": audit_for_object(obj=aspiration)[:30],
            "followers": services.aspiration_follower_count(aspiration),
        },
    )


AGENCY_ACTIONS = {"answer", "return_to_admin", "progress"}


def _perform(request, aspiration, name: str, data: dict) -> str:
    """Run the service of action ``name`` with the validated ``data``; returns the message for the person."""
    user, agency_id = request.user, aspiration.agency_id
    if name == "progress":
        services.aspiration_progress_update(
            actor=user, aspiration=aspiration, note=data["note"], agency_id=agency_id,
            photos=data.get("photos") or [], photo_alt=data.get("photo_alt", ""),
        )  # fmt: skip
        return _("The progress has been sent to the reporter.")
    if name == "answer":
        services.aspiration_answer(actor=user, aspiration=aspiration, answer=data["answer"], agency_id=agency_id)
        return _("The answer has been sent to the reporter.")
    if name == "return_to_admin":
        services.aspiration_return_to_admin(
            actor=user, aspiration=aspiration, reason=data["reason"], agency_id=agency_id
        )
        return _("The report has been returned to Diskominfo for routing.")
    if name == "verify":
        services.aspiration_verify(actor=user, aspiration=aspiration, **data)
        return _("The report is verified.")
    if name == "dispose":
        services.aspiration_dispose(actor=user, aspiration=aspiration, agency=data["agency"])
        return _("The report has been passed to the agency.")
    if name == "reject":
        services.aspiration_reject(actor=user, aspiration=aspiration, reason=data["reason"])
        return _("Done. The reporter has been told.")
    if name == "not_competent":
        services.aspiration_not_competent(actor=user, aspiration=aspiration, explanation=data["reason"])
        return _("Done. The reporter has been told.")
    # duplicate
    original = Aspiration.objects.filter(code=data["original"], regency_id=aspiration.regency_id).first()
    if original is None:
        raise DomainError(_("Write the tracking code of an existing report in this region."))
    services.aspiration_mark_duplicate(actor=user, aspiration=aspiration, original=original)
    return _("The report has been merged; its followers now follow the original.")


@require_POST
@require_access(Role.ADMIN, Role.PETUGAS_OPD)
def staff_action_view(request, code: str, action: str):
    aspiration = selectors.aspiration_for_staff(code=code)
    spec = spec_named(ACTIONS, action)
    try:
        if spec is not None:
            if action in AGENCY_ACTIONS:
                aspiration = access.access_as_agency(request.user, aspiration)
            else:
                aspiration = access.access_as_admin(request.user, aspiration)
            form = build_form(spec, request.POST, request.FILES, **_form_kwargs(aspiration)(spec))
            if not form.is_valid():
                messages.error(request, _("Check the fields marked below."))
                return _staff_detail(request, aspiration, bound={action: form})
            messages.success(request, _perform(request, aspiration, action, form.cleaned_data))
        else:
            aspiration = access.access_as_admin(request.user, aspiration)
            if action == "edit_public":
                form = PublicTextsForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("The public title and description cannot be empty."))
                services.aspiration_edit_public_texts(actor=request.user, aspiration=aspiration, **form.cleaned_data)
                messages.success(request, _("The public texts have been saved."))
            elif action == "make_secret":
                services.aspiration_make_secret(actor=request.user, aspiration=aspiration)
                messages.success(request, _("The report is now secret."))
            else:
                raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("aspirations:staff_detail", code=code)


def _with_photos(aspiration, secret: str = "") -> list:
    """The whole timeline (staff and the reporter see every event) with each event's photos."""
    events = list(aspiration.events.prefetch_related("photos"))
    for event in events:
        event.photo_views = presenter.photo_views(aspiration.code, event, secret)
    return events


@require_access(PUBLIC)
def progress_photo_view(request, code: str, event: int, name: str):
    """A photo of a progress update, for whoever may read the report's timeline: the public when the report
    is public, its staff, or its reporter (the private link's secret in ``rahasia``)."""
    from jembatan.aspirations.models import EventPhoto
    from jembatan.aspirations.services.handling import PHOTO_PREFIX
    from jembatan.core.images import rendition_response

    aspiration = selectors.aspiration_public_detail(code=code)
    cache_control = "public, max-age=86400"
    if aspiration is None:
        secret = request.GET.get("rahasia", "")[:100]
        aspiration = selectors.aspiration_by_private_link(code=code, secret=secret) if secret else None
        if aspiration is None and request.user.is_authenticated:
            aspiration = access.access_as_viewer(request.user, selectors.aspiration_for_staff(code=code))
        cache_control = "private, no-store"
    if aspiration is None:
        raise Http404
    photos = EventPhoto.objects.filter(event_id=event, event__aspiration=aspiration, event__public=True)
    sizes = [entry for photo in photos for entry in photo.renditions.get("sizes", [])]
    return rendition_response(PHOTO_PREFIX, event, name, sizes, cache_control=cache_control)


@require_access(*STAFF_ROLES)
def staff_attachment_view(request, code: str, pk: int):
    aspiration = access.access_as_viewer(request.user, selectors.aspiration_for_staff(code=code))
    attachment = get_object_or_404(Attachment, pk=pk, aspiration=aspiration)
    # Photos (re-encoded on upload, so nothing but pixels) may be shown inline as thumbnails.
    inline = request.GET.get("lihat") == "1" and attachment.content_type.startswith("image/")
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=not inline, filename=attachment.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_access(PUBLIC)
@never_cache
def private_attachment_view(request, code: str, secret: str, pk: int):
    aspiration = _private(code, secret)
    attachment = get_object_or_404(Attachment, pk=pk, aspiration=aspiration)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )
