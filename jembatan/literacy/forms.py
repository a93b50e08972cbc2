from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jembatan.core.forms import clean_optional_phone, require_email_or_phone
from jembatan.literacy.models import EventKind, Organiser
from jembatan.regions.forms import VillageChoiceField


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Telephone or WhatsApp"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))  # fmt: skip
    email = forms.EmailField(label=_("Email"), max_length=254, required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))  # fmt: skip
    village = VillageChoiceField(label=_("Your kelurahan"), required=False)
    kim = forms.ModelChoiceField(label=_("Your KIM, if any"), queryset=None, required=False,
                                 empty_label=_("— none —"))  # fmt: skip
    officer = forms.BooleanField(label=_("I am an officer (pengurus) of this KIM"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that the organiser stores my name and contact for this event and sends me its news."),
        error_messages={"required": _("Tick the box to agree; without it the registration cannot be stored.")},
    )

    def __init__(self, *args, regency_code: str, **kwargs):
        from jembatan.communities.selectors import kim_public_list

        super().__init__(*args, **kwargs)
        self.fields["village"].configure(regency_code)
        self.fields["kim"].queryset = kim_public_list(regency_code=regency_code)

    def clean_phone(self):
        return clean_optional_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        require_email_or_phone(self, cleaned, error_on="phone")
        if cleaned.get("officer") and not cleaned.get("kim"):
            self.add_error("kim", _("Choose your KIM to register as its officer."))
        return cleaned


LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> reads and sends


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    audience = forms.CharField(label=_("For whom"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    )
    online = forms.BooleanField(label=_("Online"), required=False)
    online_url = forms.URLField(label=_("Link to join (online)"), max_length=500, required=False, assume_scheme="https")
    village = VillageChoiceField(label=_("Kelurahan (at a place)"), required=False)
    address = forms.CharField(label=_("Place and address"), max_length=300, required=False)
    organiser = forms.ChoiceField(label=_("Organiser"), choices=Organiser.choices)
    kim = forms.ModelChoiceField(label=_("Organising KIM"), queryset=None, required=False, empty_label=_("— none —"))
    agency = forms.ModelChoiceField(label=_("Organising agency"), queryset=None, required=False,
                                    empty_label=_("— none —"))  # fmt: skip
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    reserved_for_officers = forms.IntegerField(label=_("Places reserved for KIM officers"), min_value=0, initial=0)
    registration_opens_at = forms.DateTimeField(label=_("Registration opens"),
                                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT))  # fmt: skip
    registration_closes_at = forms.DateTimeField(label=_("Registration closes"),
                                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT))  # fmt: skip
    publish = forms.BooleanField(label=_("Publish"), required=False)

    def __init__(self, *args, regency_code: str, **kwargs):
        from jembatan.agencies.models import Agency
        from jembatan.communities.selectors import kim_public_list

        super().__init__(*args, **kwargs)
        self.fields["village"].configure(regency_code)
        self.fields["kim"].queryset = kim_public_list(regency_code=regency_code)
        self.fields["agency"].queryset = Agency.objects.filter(regency_id=regency_code, is_active=True).order_by("name")

    def clean(self):
        cleaned = super().clean()
        reserved, capacity = cleaned.get("reserved_for_officers"), cleaned.get("capacity")
        if reserved and capacity is not None and reserved > capacity:
            raise ValidationError(_("The places reserved for KIM officers cannot exceed the places."))
        return cleaned
