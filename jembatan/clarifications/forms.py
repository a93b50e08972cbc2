from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.clarifications.services import MAX_MESSAGE


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("The message you received"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Paste it as it is, with the “Diteruskan” header and the links if you like."),
        error_messages={"max_length": _("The message is too long to check (at most %(limit_value)s characters). "
                                        "Paste the part that matters.")},
    )  # fmt: skip
    image = forms.FileField(
        label=_("Or the image you received (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    email = forms.EmailField(label=_("Your email, to hear when it is clarified (optional)"), required=False)
    consent = forms.BooleanField(
        label=_("Tell me once, by email, when the clarification of this message is published."), required=False
    )

    def __init__(self, *args, kims=(), **kwargs):
        super().__init__(*args, **kwargs)
        if kims:  # a KIM officer, signed in: the message may be sent on behalf of their KIM
            self.fields["kim"] = forms.TypedChoiceField(
                label=_("Sent on behalf of"), coerce=int, required=False, empty_value=None,
                choices=[(kim.pk, kim.name) for kim in kims] + [("", _("Myself, not a KIM"))], initial=kims[0].pk,
                help_text=_("Messages a KIM sends for checking count on its scorecard."),
            )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("image") and not self.errors:
            self.add_error("text", _("Paste the message you want to check."))
        return cleaned
