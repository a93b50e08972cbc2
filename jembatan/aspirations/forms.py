from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.agencies.models import Agency
from jembatan.aspirations.models import AspirationStatus, AspirationType, Category, Privacy
from jembatan.aspirations.services import SubmissionData
from jembatan.core import forms as core_forms
from jembatan.core import tenancy
from jembatan.core.forms import ReasonForm, clean_optional_phone
from jembatan.core.images import validate_image
from jembatan.core.uploads import validate_image_or_pdf_attachment
from jembatan.regions.forms import VillageChoiceField

MAX_ATTACHMENTS = 5
# A tracking code as it is given (ASP-2026-000123); people may type it in lower case.
TRACKING_CODE = re.compile(r"^ASP-\d{4}-\d{6,}$", re.IGNORECASE)


class MultipleFileField(core_forms.MultipleFileField):
    """Photos or PDFs attached to a report."""

    max_files = MAX_ATTACHMENTS
    accept = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf"
    extra_widget_attrs = {"data-resize-photos": "2560"}

    def validate_one(self, upload):
        return validate_image_or_pdf_attachment(upload)

    def explain(self, exc: ValidationError) -> list[str]:
        # The shared check speaks of the KIM decree scan; say what fits a report instead.
        if "invalid_type" in {error.code for error in exc.error_list}:
            return [str(_("This file is not a photo (JPEG, PNG, WebP) or a PDF. Choose another file or leave it out."))]
        return exc.messages


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"), choices=AspirationType.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("In a few words, for example: Streetlight off on Jl. Merdeka")
    )
    description = forms.CharField(
        label=_("Describe it"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, where exactly and since when. Do not write your ID number (NIK)."),
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=_("— choose a category —")
    )
    village = VillageChoiceField(label=_("Kelurahan/desa"))
    place = forms.CharField(
        label=_("Place (optional)"), max_length=300, required=False, help_text=_("Street, landmark, RT/RW")
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"), required=False, max_digits=9, decimal_places=6, min_value=-11, max_value=6,
        error_messages={
            "min_value": _("The place must be in Indonesia: latitude between -11 and 6."),
            "max_value": _("The place must be in Indonesia: latitude between -11 and 6."),
            "invalid": _("Enter the latitude as a number, for example -2.129100, or tap the map."),
            "max_decimal_places": _("Use at most 6 digits after the decimal point."),
            "max_digits": _("Enter the latitude as a number, for example -2.129100, or tap the map."),
        },
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"), required=False, max_digits=9, decimal_places=6, min_value=94, max_value=142,
        error_messages={
            "min_value": _("The place must be in Indonesia: longitude between 94 and 142."),
            "max_value": _("The place must be in Indonesia: longitude between 94 and 142."),
            "invalid": _("Enter the longitude as a number, for example 106.113300, or tap the map."),
            "max_decimal_places": _("Use at most 6 digits after the decimal point."),
            "max_digits": _("Enter the longitude as a number, for example 106.113300, or tap the map."),
        },
    )  # fmt: skip
    event_date = forms.DateField(
        label=_("Date it happened (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"), required=False,
        help_text=_(
            "Up to 5 files: photos (JPEG, PNG, WebP or HEIC, up to 20 MB each) or PDF documents (up to 5 MB). "
            "Large photos are reduced and their location data is removed."
        ),
    )  # fmt: skip
    privacy = forms.ChoiceField(
        label=_("Privacy"), choices=Privacy.choices, initial=Privacy.ANONIM, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(
        label=_("Your name (optional, never shown publicly)"), max_length=150, required=False
    )
    reporter_email = forms.EmailField(max_length=254, label=_("Email for updates (optional)"), required=False)
    reporter_phone = forms.CharField(
        label=_("WhatsApp number (optional, so Diskominfo can contact you)"), max_length=32, required=False
    )
    # The template shows CONSENT_TEXT (stored with the report) beside the box; this short label names
    # the field in the error summary.
    consent = forms.BooleanField(
        label=_("Consent to store the report"),
        error_messages={"required": _("Tick the box to agree; without it the report cannot be stored.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    confirm_new = forms.BooleanField(widget=forms.HiddenInput, required=False)
    # Honeypot: people never see or fill this field; simple bots do.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip

    def __init__(self, *args, regency_code: str | None = None, kims=None, **kwargs):
        super().__init__(*args, **kwargs)
        regency_code = regency_code or tenancy.regency_code()
        self.fields["category"].queryset = Category.objects.filter(regency_id=regency_code, is_active=True)
        self.fields["village"].configure(regency_code)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("kind", AspirationType.ASPIRASI)
        if kims:
            self.fields["relayed_by_kim"] = forms.ModelChoiceField(
                label=_("Relayed through KIM (when you pass on a citizen's message met offline)"),
                queryset=kims, required=False, empty_label=_("— no, this is my own report —"),
            )  # fmt: skip

    def clean_reporter_phone(self):
        return clean_optional_phone(self.cleaned_data.get("reporter_phone"))

    def clean_event_date(self):
        value = self.cleaned_data.get("event_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def to_data(self) -> SubmissionData:
        c = self.cleaned_data
        return SubmissionData(
            kind=c["kind"], title=c["title"], description=c["description"], category=c["category"], village=c["village"],
            privacy=c["privacy"], place=c.get("place", ""), latitude=c.get("latitude"), longitude=c.get("longitude"),
            event_date=c.get("event_date"), reporter_name=c.get("reporter_name", ""), reporter_email=c.get("reporter_email", ""),
            reporter_phone=c.get("reporter_phone", ""), relayed_by_kim=c.get("relayed_by_kim"), attachments=c.get("attachments") or [],
        )  # fmt: skip


class TrackForm(forms.Form):
    code = forms.RegexField(
        label=_("Tracking code"), regex=TRACKING_CODE, max_length=20, strip=True,  # a copied code may carry spaces
        error_messages={"invalid": _("Write the code as it was given, for example ASP-2026-000123.")},
    )  # fmt: skip

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254, label=_("Your email, to receive the updates of this report"))
    consent = forms.BooleanField(label=_("I agree that my email is stored only to send me updates on this report."))


class PublicFilterForm(forms.Form):
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kategori = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search in titles"), required=False, max_length=100)

    def __init__(self, *args, districts, categories, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("All kecamatan")), *[(d.code, str(d)) for d in districts]]
        self.fields["kategori"].choices = [("", _("All categories")), *[(c.code, c.name) for c in categories]]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the reporter (published)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


MAX_PROGRESS_PHOTOS = 3


class PhotosField(MultipleFileField):
    """Up to ``MAX_PROGRESS_PHOTOS`` photos, each checked by content and re-encoded without metadata."""

    max_files = MAX_PROGRESS_PHOTOS
    accept = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
    too_many = _("Add at most %(n)d photos.")

    def validate_one(self, upload):
        return validate_image(upload)

    def explain(self, exc: ValidationError) -> list[str]:
        return exc.messages


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress"), min_length=10, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(
        label=_("Photos of the work (optional)"), required=False,
        help_text=_("Up to 3 photos. They are published with the update; location data in them is removed."),
    )  # fmt: skip
    photo_alt = forms.CharField(
        label=_("What the photos show"), max_length=300, required=False,
        help_text=_("For people who cannot see the photos, for example “the road patched, seen from the mosque”."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photos") and len((cleaned.get("photo_alt") or "").strip()) < 5:
            self.add_error("photo_alt", _("Say in a few words what the photos show."))
        return cleaned


class ExplanationForm(ReasonForm):
    """Closing as outside the local government's authority: who is responsible instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Who is responsible instead")


class VerifyForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), empty_label=None)
    public_title = forms.CharField(label=_("Public title (redact personal data)"), max_length=150)
    public_description = forms.CharField(
        label=_("Public description (redact personal data)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    public_place = forms.CharField(label=_("Public place (no house numbers or names)"), max_length=300, required=False)

    def __init__(self, *args, regency_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(regency_id=regency_code, is_active=True)


class PublicTextsForm(forms.Form):
    public_title = forms.CharField(label=_("Public title (redact personal data)"), max_length=150)
    public_description = forms.CharField(
        label=_("Public description (redact personal data)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    public_place = forms.CharField(label=_("Public place (no house numbers or names)"), max_length=300, required=False)


class DisposeForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class DuplicateForm(forms.Form):
    original = forms.RegexField(
        label=_("Tracking code of the original report"), regex=TRACKING_CODE, max_length=20, strip=True
    )

    def clean_original(self):
        return self.cleaned_data["original"].upper()


class AcceptForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the result?"), coerce=int, required=False,
        choices=[("", _("— no rating —")), (5, _("5 — very satisfied")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — not satisfied"))],
    )  # fmt: skip


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the result?"), coerce=int,
        choices=[(5, _("5 — very satisfied")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — not satisfied"))],
    )  # fmt: skip


ALL_STATUSES = "semua"


class StaffQueueFilterForm(forms.Form):
    """The staff queue's filters (GET). Blank status: what needs action; "semua": every report."""

    q = forms.CharField(label=_("Search code or title"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    instansi = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All agencies")
    )
    kategori = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("All categories")
    )
    terlambat = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, regency_codes: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        from jembatan.regions.models import District

        self.fields["status"].choices = [
            ("", _("Needs action")),
            (ALL_STATUSES, _("All, closed ones too")),
            *AspirationStatus.choices,
        ]
        districts = District.objects.filter(regency_id__in=regency_codes).order_by("name")
        self.fields["kecamatan"].choices = [("", _("All kecamatan")), *((d.code, d.name) for d in districts)]
        self.fields["instansi"].queryset = Agency.objects.filter(regency_id__in=regency_codes).order_by("name")
        self.fields["kategori"].queryset = Category.objects.filter(regency_id__in=regency_codes).order_by("name")

    def filters(self) -> dict:
        """Keyword arguments for ``aspiration_staff_queue``; anything invalid is simply ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        return {
            "status": "" if status in ("", ALL_STATUSES) else status,
            "needs_action": status == "",
            "overdue_only": bool(data.get("terlambat")),
            "query": data.get("q", ""),
            "district_code": data.get("kecamatan", ""),
            "agency_id": data["instansi"].pk if data.get("instansi") else None,
            "category_id": data["kategori"].pk if data.get("kategori") else None,
        }
