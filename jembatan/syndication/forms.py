from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.syndication.models import FEED_URL_SCHEMES


class FeedForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the source"),
        max_length=200,
        help_text=_("Shown to editors and used as the attribution when an entry is republished."),
    )
    url = forms.URLField(
        label=_("Feed address"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("The address of an RSS 2.0, Atom or JSON Feed, starting with https:// or http://."),
    )
    is_active = forms.BooleanField(label=_("Fetch this feed"), required=False, initial=True)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url.split(":", 1)[0].lower() not in FEED_URL_SCHEMES:
            raise forms.ValidationError(_("The feed address must start with http:// or https://."))
        return url
