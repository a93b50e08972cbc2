from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.search.models import DocumentKind
from jembatan.search.text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters: a few keywords find more than a long sentence.")
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    jenis = forms.ChoiceField(label=_("Show"), required=False, choices=[("", _("Everything")), *DocumentKind.choices])
