from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts import services, throttle
from jembatan.accounts.forms import LoginForm, PasswordResetForm, StaffInviteForm, TokenForm, TotpSetupForm
from jembatan.accounts.permissions import (
    AUTHENTICATED,
    PUBLIC,
    access_instance_regency,
    needs_second_factor,
    require_access,
)
from jembatan.accounts.roles import Role
from jembatan.accounts.selectors import role_assignments_in_regency
from jembatan.agencies.models import Agency
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.qr import qr_svg
from jembatan.core.ratelimit import allow
from jembatan.regions.models import Regency


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_access(PUBLIC)
def login_view(request):
    if request.user.is_authenticated and not needs_second_factor(request.user):
        return redirect(_safe_next(request, reverse("workspace:home")))
    if request.method == "POST" and not allow(
        f"login:{client_ip_from_request(request)}",
        limit=settings.LOGIN_ATTEMPTS_PER_IP,
        window_seconds=settings.LOGIN_ATTEMPTS_WINDOW_MINUTES * 60,
    ):
        # One address trying many accounts (the account throttle below slows each account separately).
        # The password is not checked at all while the address is throttled.
        messages.error(
            request,
            _("Too many sign-in attempts from your network. Wait %(minutes)s minutes and try again.")
            % {"minutes": settings.LOGIN_ATTEMPTS_WINDOW_MINUTES},
        )
        form = LoginForm(request, initial={"email": request.POST.get("email", "")})
        return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")}, status=429)
    email, address = request.POST.get("email", "")[:254], client_ip_from_request(request)
    if request.method == "POST":
        wait = throttle.wait_before_attempt(email, address)
        if wait is not None:  # the password is not checked while a wait runs
            return render(request, "accounts/locked_out.html", {"wait": wait}, status=429)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and not form.is_valid() and form.has_error("__all__", "invalid_login"):
        throttle.record_failure(email, address)
    if request.method == "POST" and form.is_valid():
        throttle.record_success(email, address)
        user = form.get_user()
        if user.email_confirmed_at is None:
            services.email_confirmation_send(user=user)
            messages.warning(
                request,
                _("Confirm your email address first. We have sent a new confirmation link to %(email)s.")
                % {"email": user.email},
            )
            return redirect("accounts:login")
        login(request, user)
        next_url = _safe_next(request, reverse("workspace:home"))
        if needs_second_factor(user):
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}")
        return HttpResponseRedirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")})


@require_POST
@require_access(PUBLIC)
def logout_view(request):
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("core:home")


@require_access(AUTHENTICATED, second_factor=False)
def two_factor_view(request):
    """Verify a second factor, or set one up first when the person has none yet."""
    next_url = _safe_next(request, reverse("workspace:home"))
    if request.user.is_verified():
        return HttpResponseRedirect(next_url)
    confirmed = list(devices_for_user(request.user, confirmed=True))
    if not any(isinstance(d, TOTPDevice) for d in confirmed):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': next_url})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in confirmed:
            if device.verify_token(token):
                otp_login(request, device)
                request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
                if device.__class__.__name__ == "StaticDevice":
                    messages.warning(request, _("You used a recovery code. Each code works only once."))
                return HttpResponseRedirect(next_url)
        form.add_error("token", _("The code is not correct. Enter the newest code from your app."))
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


@require_access(AUTHENTICATED, second_factor=False)
def two_factor_setup_view(request):
    next_url = _safe_next(request, reverse("workspace:home"))
    if not request.user.is_verified() and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        # Replacing an authenticator needs the current one: a password alone must not get past it.
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}")
    device = services.totp_device_for_setup(user=request.user)
    form = TotpSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_confirm(user=request.user, device=device, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = qr_svg(device.config_url, title=_("QR code for the authenticator app"))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr_svg": qr,
            "config_url": device.config_url,
            "next": next_url,
            "site_name": settings.SITE_NAME,
        },
    )


@require_access(PUBLIC)
def confirm_email_view(request, token: str):
    try:
        services.email_confirm(token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:login")
    messages.success(request, _("Your email address is confirmed. You can sign in now."))
    return redirect("accounts:login")


@require_access(AUTHENTICATED)
def account_view(request):
    """The person's own page: signing in, then what each capability shows them (``account_panels``)."""
    from django.utils.module_loading import import_string

    from jembatan.core.registry import account_panels

    context = {"has_authenticator": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()}
    templates = []
    for panel in account_panels():
        panel_context = import_string(panel.context)(request.user)
        if panel_context:
            context.update(panel_context)
            templates.append(panel.template)
    context["panel_templates"] = templates
    return render(request, "accounts/account.html", context)


class _LimitedPasswordResetView(auth_views.PasswordResetView):
    """At most ``PASSWORD_RESET_PER_ADDRESS_PER_HOUR`` requests from one client address per hour.

    The per-account limit lives in the form (it must not tell whether the account exists); this one
    stops one address from mailing many accounts, and says so.
    """

    def form_valid(self, form):
        if not allow(
            f"password-reset:ip:{client_ip_from_request(self.request)}",
            limit=settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
            window_seconds=3600,
        ):
            form.add_error(None, _("Too many password reset requests from this connection. Try again in an hour."))
            return self.form_invalid(form)
        return super().form_valid(form)


class _Reset:
    """Django's password reset views, declared public for the URL access test."""

    request = require_access(PUBLIC)(
        _LimitedPasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name="accounts/password_reset.html",
            success_url=reverse_lazy("accounts:password_reset_sent"),
        )
    )
    sent = require_access(PUBLIC)(
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
    )
    confirm = require_access(PUBLIC)(
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        )
    )
    done = require_access(PUBLIC)(
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_done.html")
    )


password_reset_view = _Reset.request
password_reset_sent_view = _Reset.sent
password_reset_confirm_view = _Reset.confirm
password_reset_done_view = _Reset.done


@require_access(Role.ADMIN)
def staff_people_view(request):
    """Administrators see who holds which role in their regency, invite staff and revoke roles."""
    regency_code = access_instance_regency(request.user, Role.ADMIN)
    agencies = Agency.objects.filter(regency_id=regency_code, is_active=True)
    form = StaffInviteForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                regency=Regency.objects.get(code=regency_code),
                agency=form.cleaned_data["agency"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The role has been given and an email has been sent."))
            return redirect("people:list")
    return render(
        request,
        "accounts/staff_people.html",
        {"form": form, "assignments": role_assignments_in_regency(regency_code=regency_code)},
    )


def _confirm_then_act(request, pk: int, *, template: str, context, act, done):
    """A role holder of the administrator's regency: GET shows what will happen, POST does it."""
    regency_code = access_instance_regency(request.user, Role.ADMIN)
    assignment = get_object_or_404(role_assignments_in_regency(regency_code=regency_code), pk=pk)
    if request.method != "POST":
        return render(request, template, context(assignment))
    try:
        act(assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done(assignment))
    return redirect("people:list")


@require_access(Role.ADMIN)
def staff_revoke_view(request, pk: int):
    """Removing a role asks first."""
    return _confirm_then_act(
        request,
        pk,
        template="accounts/staff_revoke_confirm.html",
        context=lambda assignment: {"assignment": assignment},
        act=lambda assignment: services.role_revoke(actor=request.user, assignment=assignment),
        done=lambda assignment: _("The role has been removed."),
    )


@require_access(Role.ADMIN)
def staff_two_factor_reset_view(request, pk: int):
    """An administrator resets the second step of a staff member of the regency (a lost phone)."""
    return _confirm_then_act(
        request,
        pk,
        template="accounts/staff_two_factor_reset_confirm.html",
        context=lambda assignment: {"person": assignment.user},
        act=lambda assignment: services.two_factor_reset(actor=request.user, user=assignment.user),
        done=lambda assignment: _("The second step of %(name)s has been reset.") % {"name": assignment.user.full_name},
    )


@require_access(AUTHENTICATED)
def password_change_view(request):
    """Change one's own password with the current one; the session stays signed in."""
    from django.contrib.auth import update_session_auth_hash
    from django.contrib.auth.forms import PasswordChangeForm

    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        services.password_changed(user=user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
@require_access(AUTHENTICATED)
def recovery_codes_view(request):
    """New recovery codes (the old ones stop working); only after the second step of this session."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': reverse('accounts:account')})}")
    codes = services.recovery_codes_regenerate(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:account")})
