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
    channels = forms.MultipleChoiceField(label=_("Channels"), widget=forms.CheckboxSelectMultiple)
    emergency = forms.BooleanField(
        label=_("Emergency announcement (serta-merta): send during the quiet hours too"), required=False
    )

    def __init__(self, *args, regency_code: str, channels=(), **kwargs):
        from jembatan.regions.selectors import district_list, village_list

        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("The whole regency"))] + [
            (d.code, d.name) for d in district_list(regency_code=regency_code)
        ]
        self.fields["village"].choices = [("", "—")] + [
            (v.code, f"{v.name} ({v.district.name})")
            for v in village_list(regency_code=regency_code).select_related("district")
        ]
        self.fields["channels"].choices = [(c, Channel(c).label) for c in channels]
