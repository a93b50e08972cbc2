from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.notifications.models import Channel
from jembatan.notifications.statuses import MessageStatus


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + MessageStatus.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All"))] + Channel.choices)
    template = forms.ChoiceField(label=_("Template"), required=False, choices=[("", _("All"))])
    siaran = forms.IntegerField(label=_("Broadcast number"), required=False, min_value=1)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("All"))] + list(templates)


class TemplateTextForm(forms.Form):
    subject = forms.CharField(label=_("Subject (email)"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, with_subject: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_subject:
            del self.fields["subject"]


class BroadcastForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=600, widget=forms.Textarea(attrs={"rows": 4}))
    link = forms.URLField(label=_("Link to read more"), max_length=500, assume_scheme="https")
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    village = forms.ChoiceField(label=_("Kelurahan (narrower than the kecamatan)"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("It reaches those subscribed to every topic and those subscribed to one of these."),
    )  # fmt: skip
    channels = forms.MultipleChoiceField(label=_("Channels"), widget=forms.CheckboxSelectMultiple)
    emergency = forms.BooleanField(
        label=_("Emergency announcement (serta-merta): send during the quiet hours too, to everyone in the area"),
        required=False,
    )

    def __init__(self, *args, regency_code: str, channels=(), **kwargs):
        from jembatan.core.registry import subscription_topics
        from jembatan.regions.selectors import district_list, village_list

        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = subscription_topics(regency_code)
        if not self.fields["topics"].choices:
            del self.fields["topics"]
        self.fields["district"].choices = [("", _("The whole regency"))] + [
            (d.code, d.name) for d in district_list(regency_code=regency_code)
        ]
        self.fields["village"].choices = [("", "—")] + [
            (v.code, f"{v.name} ({v.district.name})")
            for v in village_list(regency_code=regency_code).select_related("district")
        ]
        self.fields["channels"].choices = [(c, Channel(c).label) for c in channels]


class SubscribeForm(forms.Form):
    """A citizen's subscription from the web: by email or by WhatsApp/SMS number, for an area."""

    channel = forms.ChoiceField(label=_("Receive by"), widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Your email address or phone number"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    village = forms.ChoiceField(label=_("Kelurahan (narrower than the kecamatan)"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    consent = forms.BooleanField(
        label=_("I agree to receive news and announcements for this area, until I stop them (one click, or BERHENTI).")
    )

    def __init__(self, *args, regency_code: str, channels=(), **kwargs):
        from jembatan.core.registry import subscription_topics
        from jembatan.regions.selectors import district_list, village_list

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, Channel(c).label) for c in channels]
        topics = subscription_topics(regency_code)
        if topics:
            self.fields["topic"].choices = [("", _("Every topic"))] + topics
        else:
            del self.fields["topic"]
        self.fields["district"].choices = [("", _("The whole regency"))] + [
            (d.code, d.name) for d in district_list(regency_code=regency_code)
        ]
        self.fields["village"].choices = [("", "—")] + [
            (v.code, f"{v.name} ({v.district.name})")
            for v in village_list(regency_code=regency_code).select_related("district")
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        from jembatan.notifications import channels

        cleaned = super().clean()
        channel, address = cleaned.get("channel"), cleaned.get("address")
        adapter = channels.adapter(channel) if channel else None
        if adapter is not None and address:
            try:
                cleaned["address"] = adapter.normalise_recipient(address)
            except ValidationError as exc:
                self.add_error("address", exc)
        return cleaned
