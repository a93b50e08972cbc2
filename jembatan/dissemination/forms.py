from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from jembatan.core.images import validate_image
from jembatan.dissemination.models import MAX_AUDIENCE, NOTE_MAX, Channel
from jembatan.dissemination.services import DisseminationData


def _audience_message():
    return _("Enter the number of people reached, from 1 to %(max)s.") % {
        "max": number_format(MAX_AUDIENCE, force_grouping=True)
    }


class DisseminationForm(forms.Form):
    item = forms.ChoiceField(label=_("News item"), required=False)
    channel = forms.ChoiceField(label=_("How did you pass it on?"), choices=[("", _("— choose —")), *Channel.choices])
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.IntegerField(
        label=_("About how many people did it reach?"),
        help_text=_("Members of the WhatsApp group, people at the meeting, listeners you know of."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MAX_AUDIENCE}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
    )
    photo = forms.FileField(
        label=_("Photo as evidence (optional)"),
        help_text=_("JPEG, PNG or WebP. Only Diskominfo sees it; location data is removed."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, items=None, **kwargs):
        """``items``: the published items to choose from, or None when the item is already fixed."""
        super().__init__(*args, **kwargs)
        if items is None:
            del self.fields["item"]
        else:
            self.fields["item"].required = True
            self.fields["item"].choices = [("", _("— choose a news item —"))] + [
                (item.slug, item.title) for item in items
            ]
        self.fields["audience"].error_messages.update(
            {
                "invalid": _audience_message(),
                "min_value": _audience_message(),
                "max_value": _audience_message(),
                "required": _audience_message(),
            }
        )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_audience(self):
        value = self.cleaned_data["audience"]
        if not 1 <= value <= MAX_AUDIENCE:
            raise forms.ValidationError(_audience_message())
        return value

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return validate_image(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def to_data(self) -> DisseminationData:
        data = self.cleaned_data
        return DisseminationData(
            channel=data["channel"],
            date=data["date"],
            audience=data["audience"],
            note=data.get("note", ""),
            photo=data.get("photo"),
        )
