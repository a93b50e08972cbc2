from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.notifications.models import Channel
from jembatan.notifications.statuses import MessageStatus


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + MessageStatus.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All"))] + Channel.choices)
    template = forms.ChoiceField(label=_("Template"), required=False, choices=[("", _("All"))])

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
