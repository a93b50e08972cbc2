from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jembatan.core import tenancy
from jembatan.core.forms import clean_optional_phone, require_email_or_phone
from jembatan.core.uploads import validate_document_or_image
from jembatan.information.models import DeliveryMethod, ObtainMethod, RequesterKind
from jembatan.information.nik import clean_nik
from jembatan.information.services import RequestData


class RequestForm(forms.Form):
    """The Perki 1/2021 request form."""

    requester_kind = forms.ChoiceField(
        label=_("You ask as"), choices=RequesterKind.choices, widget=forms.RadioSelect, initial=RequesterKind.PERORANGAN
    )
    name = forms.CharField(label=_("Full name"), max_length=150)
    nik = forms.CharField(
        label=_("NIK (the 16-digit number on your KTP)"), max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Only the PPID sees it. It is never published."),
    )  # fmt: skip
    address = forms.CharField(label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False)
    organisation = forms.CharField(
        label=_("Name of the organisation (when you ask for one)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telephone or WhatsApp"), max_length=32, required=False)
    information = forms.CharField(
        label=_("What information do you need?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("As precisely as you can: the document, the period, the agency."),
    )  # fmt: skip
    purpose = forms.CharField(
        label=_("What will you use it for?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    obtain = forms.ChoiceField(label=_("How do you want to obtain it?"), choices=ObtainMethod.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    delivery = forms.ChoiceField(
        label=_("How should a copy reach you?"), widget=forms.RadioSelect,
        choices=[(value, label) for value, label in DeliveryMethod.choices if value != DeliveryMethod.CHAT],
    )  # fmt: skip
    ktp = forms.FileField(
        label=_("Scan or photo of your KTP (optional)"), required=False,
        help_text=_("PDF or image. Stored encrypted; only the PPID sees it."),
    )  # fmt: skip
    deed = forms.FileField(
        label=_("Deed of the organisation (when you ask for one)"), required=False,
        help_text=_("PDF or image: the deed or decree that establishes the organisation."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("Consent to store the request"),
        error_messages={"required": _("Tick the box to agree; without it the request cannot be stored.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    # Honeypot: people never see or fill this field; simple bots do.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_nik(self):
        try:
            return clean_nik(self.cleaned_data["nik"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean_phone(self):
        return clean_optional_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        require_email_or_phone(self, cleaned, error_on="email")
        if cleaned.get("delivery") == DeliveryMethod.EMAIL and not cleaned.get("email") and not self.has_error("email"):
            self.add_error("email", _("Give an email address to receive the copy by email."))
        if cleaned.get("requester_kind") == RequesterKind.ORGANISASI:
            if not cleaned.get("organisation"):
                self.add_error("organisation", _("Give the organisation's name."))
            if not cleaned.get("deed") and not self.has_error("deed"):
                self.add_error("deed", _("An organisation asks with its deed: attach it (PDF or image)."))
        for name in ("ktp", "deed"):
            upload = cleaned.get(name)
            if upload is not None:
                try:
                    cleaned[name] = validate_document_or_image(upload)
                except ValidationError as exc:
                    self.add_error(name, exc.messages)
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def to_data(self) -> RequestData:
        c = self.cleaned_data
        return RequestData(
            name=c["name"], nik=c["nik"], address=c["address"], information=c["information"], purpose=c["purpose"],
            obtain=c["obtain"], delivery=c["delivery"], regency_code=tenancy.regency_code(),
            occupation=c.get("occupation", ""), email=c.get("email", ""), phone=c.get("phone", ""),
            requester_kind=c["requester_kind"], organisation=c.get("organisation", ""),
            ktp=c.get("ktp"), deed=c.get("deed"),
        )  # fmt: skip
