from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import AUTHENTICATED, PUBLIC, access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.communities import permissions as access
from jembatan.communities import selectors, services
from jembatan.communities.actions import ACTIONS
from jembatan.communities.forms import (
    DirectoryFilterForm,
    KimApplicationForm,
    KimMessageForm,
    MemberForm,
    OfficerForm,
    PublicContactForm,
    RulesForm,
)
from jembatan.communities.models import KimMember, KimStatus, MemberRole
from jembatan.core import tenancy
from jembatan.core.actions import build_form, offered, spec_named
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.pagination import paginate
from jembatan.core.ratelimit import allow
from jembatan.regions.selectors import district_list, village_list

PAGE_SIZE = 20
APPLICATIONS_PER_HOUR = 10


# --- Public ---------------------------------------------------------------------------------


@require_access(PUBLIC)
@public_page
def directory_view(request):
    regency = tenancy.regency_code()
    districts = list(district_list(regency_code=regency))
    villages = list(village_list(regency_code=regency))
    form = DirectoryFilterForm(request.GET or None, districts=districts, villages=villages)
    filters = form.cleaned_data if form.is_valid() else {}
    kims = selectors.kim_public_list(
        regency_code=regency,
        district=filters.get("kecamatan", ""),
        village=filters.get("kelurahan", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    page, query_string = paginate(request, kims, PAGE_SIZE)
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string,
            "filtered": bool(filters and any(filters.values())),
        },
    )


@require_access(PUBLIC)
@public_page
def profile_view(request, slug: str):
    kim = selectors.kim_public_detail(slug=slug)
    if kim is None:
        raise Http404
    from django.utils.module_loading import import_string

    from jembatan.core.registry import kim_profile_panels
    from jembatan.dissemination.selectors import reach_for_kim

    sections = []
    for panel in kim_profile_panels():
        context = import_string(panel.context)(kim)
        if context:
            sections.append((panel.template, context))
    return render(request, "communities/profile.html", {"kim": kim, "reach": reach_for_kim(kim), "sections": sections})


@require_access(PUBLIC)
@public_page
def coverage_view(request):
    coverage = selectors.coverage_for_regency(regency_code=tenancy.regency_code())
    if coverage is None:
        raise Http404
    return render(request, "communities/coverage.html", {"coverage": coverage})


@require_access(PUBLIC)
def apply_view(request):
    with_account = not request.user.is_authenticated
    form = KimApplicationForm(request.POST or None, with_account=with_account)
    if request.method == "POST" and request.POST.get("website"):
        return redirect("communities:apply_done")  # a bot filled the honeypot: store nothing
    if request.method == "POST" and not allow(
        f"kim-apply:{client_ip_from_request(request)}", limit=APPLICATIONS_PER_HOUR, window_seconds=3600
    ):
        form.add_error(None, _("Too many applications from this connection in the last hour. Please try again later."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.kim_apply(actor=request.user, data=form.to_data(), account=form.account())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("communities:apply_done")
    return render(request, "communities/apply.html", {"form": form, "with_account": with_account})


@require_access(PUBLIC)
def apply_done_view(request):
    return render(request, "communities/apply_done.html", {"signed_in": request.user.is_authenticated})


# --- Applicant --------------------------------------------------------------------------------


@require_access(AUTHENTICATED)
def application_edit_view(request, slug: str):
    kim = access.access_kim_as_applicant(request.user, slug)
    if kim.status != KimStatus.PERLU_PERBAIKAN:
        messages.info(request, _("This application cannot be changed in its current status."))
        return redirect("accounts:account")
    form = KimApplicationForm(request.POST or None, initial=KimApplicationForm.initial_from_kim(kim))
    if request.method == "POST" and form.is_valid():
        try:
            services.kim_resubmit(actor=request.user, kim=kim, data=form.to_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. The corrected application has been sent to Diskominfo."))
            return redirect("accounts:account")
    return render(request, "communities/application_edit.html", {"form": form, "kim": kim})


# --- Staff: administrators --------------------------------------------------------------------


@require_access(Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
def staff_list_view(request):
    regencies = access.viewer_regencies(request.user)
    status = request.GET.get("status", "")
    if status not in KimStatus.values:
        status = ""
    query = request.GET.get("q", "")[:100]
    kims = selectors.kim_staff_list(regency_codes=regencies, status=status, query=query)
    page, _query = paginate(request, kims, 50)
    return render(
        request,
        "communities/staff_list.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": KimStatus.choices,
            "counts": selectors.kim_status_counts(regency_codes=regencies),
        },
    )


@require_access(Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
def staff_detail_view(request, slug: str):
    return _staff_detail(request, access.access_kim_as_viewer(request.user, slug))


def _legalise_initial(kim):
    def kwargs(spec):
        if spec.name == "legalise":
            return {"initial": {"sk_number": kim.sk_number, "sk_date": kim.sk_date, "sk_issuer": kim.sk_issuer}}
        return {}

    return kwargs


def _staff_detail(request, kim, *, bound: dict | None = None):
    """The staff page of a KIM. The actions offered are the transitions ``WORKFLOW.allowed`` opens to the
    viewer (``communities.actions``); a form that failed validation comes back bound, with its field errors
    and what was typed."""
    from jembatan.core.selectors import audit_for_object

    can_act = kim.regency_id in access.admin_regencies(request.user)
    actions = (
        offered(
            services.WORKFLOW,
            kim,
            request.user,
            ACTIONS,
            bound=bound,
            form_kwargs=_legalise_initial(kim),
            url=lambda name: reverse("communities:staff_action", kwargs={"slug": kim.slug, "action": name}),
        )  # fmt: skip
        if can_act
        else []
    )
    return render(
        request,
        "communities/staff_detail.html",
        {
            "kim": kim,
            "members": selectors.kim_members_in_office_order(kim=kim),
            "can_act": can_act,
            "actions": actions,
            "history": audit_for_object(obj=kim)[:30],
        },
    )


DONE = {
    "verify": gettext_lazy("The KIM has been verified."),
    "activate": gettext_lazy("The KIM is now active."),
    "reactivate": gettext_lazy("The KIM is active again."),
    "request_correction": gettext_lazy("The applicant has been asked to correct the application."),
    "reject": gettext_lazy("Done. The reason has been recorded."),
    "dissolve": gettext_lazy("Done. The reason has been recorded."),
    "legalise": gettext_lazy("The decree has been recorded; the KIM is legalised."),
}


def _perform(user, kim, name: str, data: dict) -> None:
    if name in ("verify", "activate", "reactivate"):
        {"verify": services.kim_verify, "activate": services.kim_activate, "reactivate": services.kim_reactivate}[name](
            actor=user, kim=kim
        )
    elif name == "request_correction":
        services.kim_request_correction(actor=user, kim=kim, notes=data["notes"])
    elif name in ("reject", "dissolve"):
        (services.kim_reject if name == "reject" else services.kim_dissolve)(actor=user, kim=kim, reason=data["reason"])
    else:
        services.kim_legalise(actor=user, kim=kim, **data)


@require_POST
@require_access(Role.ADMIN)
def staff_action_view(request, slug: str, action: str):
    kim = access.access_kim_as_admin(request.user, slug)
    spec = spec_named(ACTIONS, action)
    if spec is None:
        raise Http404
    try:
        form = build_form(spec, request.POST, request.FILES)
        if form is not None and not form.is_valid():
            messages.error(request, _("Check the fields marked below."))
            return _staff_detail(request, kim, bound={action: form})
        _perform(request.user, kim, action, form.cleaned_data if form is not None else {})
        messages.success(request, DONE[action])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("communities:staff_detail", slug=kim.slug)


@require_access(Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
def staff_decree_view(request, slug: str):
    kim = access.access_kim_as_viewer(request.user, slug)
    if not kim.sk_scan:
        raise Http404
    from django.http import FileResponse

    return FileResponse(kim.sk_scan.open("rb"), as_attachment=True, filename=kim.sk_scan.name.rsplit("/", 1)[-1])


@require_access(Role.ADMIN)
def rules_view(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    rules = services.rules_for(regency)
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.rules_update(actor=request.user, regency_code=regency, **form.cleaned_data)
        messages.success(request, _("The rules have been saved."))
        return redirect("communities:rules")
    return render(request, "communities/rules.html", {"form": form})


# --- Pengurus: members ------------------------------------------------------------------------


@require_access(Role.PENGURUS_KIM)
def members_view(request, slug: str):
    kim = access.access_kim_as_pengurus(request.user, slug)
    return render(
        request, "communities/members.html", {"kim": kim, "members": selectors.kim_members_in_office_order(kim=kim)}
    )


@require_access(Role.PENGURUS_KIM)
def member_edit_view(request, slug: str, pk: int | None = None):
    kim = access.access_kim_as_pengurus(request.user, slug)
    member = get_object_or_404(KimMember, pk=pk, kim=kim) if pk else None
    regency = kim.regency_id
    initial = (
        {
            "full_name": member.full_name,
            "role": member.role,
            "village": member.village_id,
            "phone": member.phone,
            "consent_contact": member.consent_contact,
            "is_asn": member.is_asn,
        }
        if member
        # A new member is an ordinary member unless the pengurus chooses an office: appointing a ketua
        # by default would quietly demote the current one.
        else {"village": kim.village_id, "role": MemberRole.ANGGOTA}
    )
    form = MemberForm(request.POST or None, initial=initial, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        try:
            services.kim_member_save(actor=request.user, kim=kim, data=form.to_data(), member=member)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The member has been saved."))
            return redirect("communities:members", slug=kim.slug)
    return render(request, "communities/member_edit.html", {"form": form, "kim": kim, "member": member})


@require_POST
@require_access(Role.PENGURUS_KIM)
def member_remove_view(request, slug: str, pk: int):
    kim = access.access_kim_as_pengurus(request.user, slug)
    member = get_object_or_404(KimMember, pk=pk, kim=kim)
    try:
        services.kim_member_remove(actor=request.user, kim=kim, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The member has been removed."))
    return redirect("communities:members", slug=kim.slug)


@require_POST
@require_access(Role.ADMIN)
def staff_officer_view(request, slug: str, what: str):
    """Administrators give a legalised KIM's pengurus role to a person, or hand the KIM to a new ketua."""
    kim = access.access_kim_as_admin(request.user, slug)
    if what not in ("tambah", "serahkan"):
        raise Http404
    form = OfficerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("communities:staff_detail", slug=kim.slug)
    try:
        if what == "tambah":
            services.kim_officer_add(actor=request.user, kim=kim, **form.cleaned_data)
            messages.success(request, _("The pengurus role has been given and a sign-in email has been sent."))
        else:
            services.kim_hand_over(actor=request.user, kim=kim, **form.cleaned_data)
            messages.success(request, _("The KIM has been handed over to its new ketua."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("communities:staff_detail", slug=kim.slug)


MESSAGES_PER_HOUR = 5


@require_access(PUBLIC)
def contact_view(request, slug: str):
    """A citizen writes to a KIM; the message is relayed by email to its pengurus, who stay private."""
    kim = selectors.kim_public_detail(slug=slug)
    if kim is None:
        raise Http404
    form = KimMessageForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("website"):
            return render(request, "communities/contact_sent.html", {"kim": kim})  # a bot: relay nothing
        if not allow(f"kim-message:{client_ip_from_request(request)}", limit=MESSAGES_PER_HOUR, window_seconds=3600):
            form.add_error(None, _("Too many messages from this connection in the last hour. Try again later."))
        elif form.is_valid():
            data = form.cleaned_data
            sent = services.kim_message_relay(
                kim=kim, sender_name=data["name"], reply_to=data["reply_to"], message=data["message"]
            )
            if sent:
                return render(request, "communities/contact_sent.html", {"kim": kim})
            form.add_error(None, _("This KIM cannot receive messages here yet. Try the contact on its page."))
    return render(request, "communities/contact.html", {"kim": kim, "form": form})


@require_access(Role.ADMIN, Role.PENGURUS_KIM)
def public_contact_view(request, slug: str):
    """The pengurus (or an administrator) choose the contact shown on the KIM's public page."""
    kim = _kim_for_pengurus_or_admin(request.user, slug)
    form = PublicContactForm(
        request.POST or None,
        initial={"contact": kim.public_contact, "ketua_consents": bool(kim.public_contact_consent_at)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.kim_public_contact_set(actor=request.user, kim=kim, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The KIM's public contact has been saved."))
            return redirect("communities:profile", slug=kim.slug)
    return render(request, "communities/public_contact.html", {"kim": kim, "form": form})


def _kim_for_pengurus_or_admin(user, slug: str):
    try:
        return access.access_kim_as_pengurus(user, slug)
    except Http404:
        return access.access_kim_as_admin(user, slug)
