import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from jembatan.core.ratelimit import allow


class LoginForm(forms.Form):
    email = forms.EmailField(
        max_length=254, label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = (self.cleaned_data.get("email") or "").lower()
        password = self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise forms.ValidationError(
                    _("The email or password is not correct. Check both and try again."), code="invalid_login"
                )
            if not self.user_cache.is_active:
                raise forms.ValidationError(_("This account has been deactivated."), code="inactive")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "")


class TotpSetupForm(forms.Form):
    token = forms.RegexField(
        label=_("The 6-digit code shown in your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown in the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(max_length=254, label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))
    agency = forms.ModelChoiceField(label=_("Agency (only for agency officers)"), required=False, queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        from jembatan.accounts.roles import STAFF_ROLES, Role

        super().__init__(*args, **kwargs)
        # No role is preselected: the first one is the administrator's, the most powerful.
        self.fields["role"].choices = [
            ("", _("— choose a role —")),
            *[(r.value, r.label) for r in Role if r in STAFF_ROLES],
        ]
        self.fields["agency"].queryset = agencies

    def clean(self):
        from jembatan.accounts.roles import AGENCY_ROLES

        cleaned = super().clean()
        if cleaned.get("role") in AGENCY_ROLES and not cleaned.get("agency"):
            self.add_error("agency", _("Choose the agency of this officer."))
        return cleaned


class PasswordResetForm(DjangoPasswordResetForm):
    """Also reaches invited staff who have not chosen a password yet (Django's form skips them)."""

    email = forms.EmailField(max_length=254, label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        """The account to mail, unless it was sent ``PASSWORD_RESET_PER_ACCOUNT_PER_HOUR`` links this hour.

        Past the limit nothing is sent, and the visitor sees the same answer as always, so the limit
        tells nobody whether the account exists.
        """
        from jembatan.accounts.models import User

        users = User.objects.filter(email__iexact=email, is_active=True)
        bucket = "password-reset:account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
        if users.exists() and not allow(
            bucket, limit=settings.PASSWORD_RESET_PER_ACCOUNT_PER_HOUR, window_seconds=3600
        ):
            return User.objects.none()
        return users

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Through the notifications outbox, like every other message; the link uses the site's own address."""
        from django.db import transaction
        from django.urls import reverse
        from django.utils import translation

        from jembatan.core import tenancy
        from jembatan.notifications.api import send_email

        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            send_email(
                "accounts.password_reset", to=to_email,
                values={"site": settings.SITE_NAME, "link": tenancy.base_url() + path},
            )  # fmt: skip
