from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.communities.models import PENGURUS_ROLES, CommunityRules, KimStatus, MemberRole
from jembatan.communities.services import KimApplicationData, MemberData
from jembatan.core import tenancy
from jembatan.core.forms import NotesForm as CoreNotesForm
from jembatan.core.privacy import normalize_phone
from jembatan.core.uploads import validate_document_or_image
from jembatan.core.validators import validate_official_name
from jembatan.regions.forms import VillageChoiceField

TEXT_MAX = {"maxlength": 150}


def _clean_phone(value: str, required: bool = False) -> str:
    if not value:
        if required:
            raise forms.ValidationError(_("Enter a phone number."))
        return ""
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc


class KimApplicationForm(forms.Form):
    name = forms.CharField(
        label=_("KIM name"),
        max_length=150,
        help_text=_("For example: KIM Bukit Besar Bersatu"),
        validators=[validate_official_name],
    )
    village = VillageChoiceField(label=_("Kelurahan/desa"), help_text=_("The kecamatan follows from the kelurahan."))
    address = forms.CharField(label=_("Secretariat address"), max_length=300)
    email = forms.EmailField(max_length=254, label=_("KIM email (optional)"), required=False)
    phone = forms.CharField(label=_("KIM phone or WhatsApp (optional)"), max_length=32, required=False)
    description = forms.CharField(
        label=_("What does the KIM do? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kimid_number = forms.CharField(label=_("KIM.id number (optional)"), max_length=40, required=False)
    sk_number = forms.CharField(
        label=_("Decree (SK) number, if already issued (optional)"), max_length=100, required=False
    )
    sk_date = forms.DateField(
        label=_("Decree date (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sk_issuer = forms.CharField(label=_("Decree issued by (optional)"), max_length=150, required=False)

    ketua_name = forms.CharField(label=_("Name of the ketua"), max_length=150)
    ketua_phone = forms.CharField(label=_("Phone/WhatsApp of the ketua"), max_length=32)
    ketua_is_asn = forms.BooleanField(label=_("The ketua is a civil servant (ASN)"), required=False)
    sekretaris_name = forms.CharField(label=_("Name of the sekretaris"), max_length=150)
    sekretaris_phone = forms.CharField(
        label=_("Phone/WhatsApp of the sekretaris (optional)"), max_length=32, required=False
    )
    sekretaris_is_asn = forms.BooleanField(label=_("The sekretaris is a civil servant (ASN)"), required=False)
    bendahara_name = forms.CharField(label=_("Name of the bendahara"), max_length=150)
    bendahara_phone = forms.CharField(
        label=_("Phone/WhatsApp of the bendahara (optional)"), max_length=32, required=False
    )
    bendahara_is_asn = forms.BooleanField(label=_("The bendahara is a civil servant (ASN)"), required=False)
    members_text = forms.CharField(
        label=_("Other members (optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One member per line: name, then a comma and the phone number if they agree to be contacted."),
    )
    # Honeypot: people never see or fill this field; simple bots do.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    consent = forms.BooleanField(
        label=_(
            "The people named here agree that Diskominfo stores their names and phone numbers to register and "
            "coach this KIM, and that the names of the ketua, sekretaris and bendahara appear on the KIM's public "
            "profile, as required by the Personal Data Protection Law (UU PDP). Phone numbers are never published."
        )
    )

    def __init__(self, *args, regency_code: str | None = None, with_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.regency_code = regency_code or tenancy.regency_code()
        self.fields["village"].configure(self.regency_code)
        self.with_account = with_account
        if with_account:
            self.fields["account_email"] = forms.EmailField(
                max_length=254,
                label=_("Email of the ketua (for the account)"),
                help_text=_("We send a confirmation link to this address."),
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
            self.fields["account_password"] = forms.CharField(
                label=_("Password (at least 12 characters)"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )
            self.fields["account_password2"] = forms.CharField(
                label=_("Password again"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean_ketua_phone(self):
        return _clean_phone(self.cleaned_data.get("ketua_phone", ""), required=True)

    def clean_sekretaris_phone(self):
        return _clean_phone(self.cleaned_data.get("sekretaris_phone", ""))

    def clean_bendahara_phone(self):
        return _clean_phone(self.cleaned_data.get("bendahara_phone", ""))

    def clean_sk_date(self):
        value = self.cleaned_data.get("sk_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The decree date cannot be in the future."))
        return value

    def clean_members_text(self):
        members = []
        lines = [line.strip() for line in (self.cleaned_data.get("members_text") or "").splitlines() if line.strip()]
        if len(lines) > 500:
            raise forms.ValidationError(_("At most 500 members can be entered here."))
        for number, line in enumerate(lines, start=1):
            name, _sep, phone = line.partition(",")
            name = name.strip()
            if not name or len(name) > 150:
                raise forms.ValidationError(
                    _("Line %(n)d: write the member's name (at most 150 characters).") % {"n": number}
                )
            try:
                normalized = _clean_phone(phone.strip())
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)}
                ) from exc
            members.append(
                MemberData(full_name=name, role=MemberRole.ANGGOTA, phone=normalized, consent_contact=bool(normalized))
            )
        return members

    def clean(self):
        cleaned = super().clean()
        if self.with_account:
            password = cleaned.get("account_password")
            if password and password != cleaned.get("account_password2"):
                self.add_error("account_password2", _("The two passwords are not the same."))
            elif password:
                from jembatan.accounts.models import User

                candidate = User(email=cleaned.get("account_email") or "", full_name=cleaned.get("ketua_name") or "")
                try:
                    validate_password(password, candidate)
                except ValidationError as exc:
                    self.add_error("account_password", exc)
        return cleaned

    def to_data(self) -> KimApplicationData:
        c = self.cleaned_data
        village = c["village"]
        members = [
            MemberData(
                full_name=c[f"{office}_name"],
                role=office,
                phone=c.get(f"{office}_phone", ""),
                is_asn=c.get(f"{office}_is_asn", False),
                consent_contact=bool(c.get(f"{office}_phone")),
                village=village,
            )
            for office in PENGURUS_ROLES
        ]
        members += [MemberData(**{**m.__dict__, "village": village}) for m in c["members_text"]]
        return KimApplicationData(
            name=c["name"].strip(),
            village=village,
            address=c["address"].strip(),
            email=c.get("email", ""),
            phone=c.get("phone", ""),
            description=c.get("description", ""),
            kimid_number=c.get("kimid_number", "").strip(),
            sk_number=c.get("sk_number", "").strip(),
            sk_date=c.get("sk_date"),
            sk_issuer=c.get("sk_issuer", "").strip(),
            members=members,
        )

    def account(self) -> dict | None:
        if not self.with_account:
            return None
        return {
            "email": self.cleaned_data["account_email"],
            "password": self.cleaned_data["account_password"],
            "full_name": self.cleaned_data["ketua_name"],
            "phone": self.cleaned_data["ketua_phone"],
        }

    @classmethod
    def initial_from_kim(cls, kim) -> dict:
        members = list(kim.members.all())
        initial = {
            "name": kim.name,
            "village": kim.village_id,
            "address": kim.address,
            "email": kim.email,
            "phone": kim.phone,
            "description": kim.description,
            "kimid_number": kim.kimid_number,
            "sk_number": kim.sk_number,
            "sk_date": kim.sk_date,
            "sk_issuer": kim.sk_issuer,
            "consent": True,
        }
        for member in members:
            if member.role in PENGURUS_ROLES:
                initial[f"{member.role}_name"] = member.full_name
                initial[f"{member.role}_phone"] = member.phone
                initial[f"{member.role}_is_asn"] = member.is_asn
        initial["members_text"] = "\n".join(
            f"{m.full_name}, {m.phone}" if m.phone else m.full_name for m in members if m.role == MemberRole.ANGGOTA
        )
        return initial


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan/desa"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, districts, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("All kecamatan")), *[(d.code, str(d)) for d in districts]]
        self.fields["kelurahan"].choices = [("", _("All kelurahan")), *[(v.code, str(v)) for v in villages]]
        self.fields["status"].choices = [
            ("", _("All statuses")),
            (KimStatus.AKTIF, KimStatus.AKTIF.label),
            (KimStatus.DIKUKUHKAN, KimStatus.DIKUKUHKAN.label),
            (KimStatus.TIDAK_AKTIF, KimStatus.TIDAK_AKTIF.label),
        ]


class NotesForm(CoreNotesForm):
    label = _("What must be corrected")


class LegaliseForm(forms.Form):
    sk_number = forms.CharField(label=_("Decree (SK) number"), max_length=100)
    sk_date = forms.DateField(label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"}))
    sk_issuer = forms.CharField(label=_("Issued by (name and title of the lurah/kepala desa)"), max_length=150)
    sk_scan = forms.FileField(label=_("Scan of the decree (PDF up to 5 MB, or a photo: JPEG, PNG, WebP or HEIC)"))

    def clean_sk_date(self):
        value = self.cleaned_data["sk_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The decree date cannot be in the future."))
        return value

    def clean_sk_scan(self):
        try:
            return validate_document_or_image(self.cleaned_data["sk_scan"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    # Most people added later are ordinary members; the ketua is named when the KIM applies.
    role = forms.ChoiceField(label=_("Position"), choices=MemberRole.choices, initial=MemberRole.ANGGOTA)
    village = VillageChoiceField(label=_("Kelurahan/desa of residence"), required=False)
    phone = forms.CharField(label=_("Phone/WhatsApp (optional)"), max_length=32, required=False)
    consent_contact = forms.BooleanField(label=_("Agrees to be contacted by Diskominfo"), required=False)
    is_asn = forms.BooleanField(label=_("Civil servant (ASN)"), required=False)

    def __init__(self, *args, regency_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].configure(regency_code)

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def to_data(self) -> MemberData:
        return MemberData(**self.cleaned_data)


class RulesForm(forms.ModelForm):
    class Meta:
        model = CommunityRules
        fields = [
            "min_members",
            "asn_may_be_pengurus",
            "one_kim_per_village",
            "target_per_district",
            "lapse_after_days",
        ]


class OfficerForm(forms.Form):
    """A person to give the KIM's pengurus role to, or to hand the KIM over to."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)


_INVITE_LINK = re.compile(r"^https://(chat\.whatsapp\.com/[A-Za-z0-9]{10,40}|wa\.me/\d{8,15})/?$")


class PublicContactForm(forms.Form):
    contact = forms.CharField(
        label=_("WhatsApp number or group invite link"),
        max_length=200,
        required=False,
        help_text=_("For example 0812-3456-7890 or https://chat.whatsapp.com/…  Leave empty to show no contact."),
    )
    ketua_consents = forms.BooleanField(
        label=_("The ketua agrees that this contact is shown on the KIM's public page."), required=False
    )

    def clean_contact(self):
        value = self.cleaned_data.get("contact", "").strip()
        if not value:
            return ""
        if value.startswith("http"):
            if not _INVITE_LINK.match(value):
                raise forms.ValidationError(
                    _("Give a WhatsApp group link (https://chat.whatsapp.com/…) or a phone number.")
                )
            return value.rstrip("/")
        return _clean_phone(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact") and not cleaned.get("ketua_consents"):
            self.add_error("ketua_consents", _("The ketua must agree before a contact is published."))
        return cleaned


class KimMessageForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    reply_to = forms.CharField(
        label=_("Your email or WhatsApp number, for the answer"),
        max_length=120,
        help_text=_("Only the KIM's pengurus see it."),
    )
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    website = forms.CharField(required=False, label=_("Leave this empty"))
