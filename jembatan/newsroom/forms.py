from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.agencies.models import Agency
from jembatan.core.forms import NotesForm as CoreNotesForm
from jembatan.newsroom.images import validate_news_image
from jembatan.newsroom.models import ItemKind, ItemStatus
from jembatan.newsroom.selectors import topics_for
from jembatan.newsroom.services import ItemData
from jembatan.regions.forms import VillageChoiceField
from jembatan.regions.models import District

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class ItemForm(forms.Form):
    """The editor's form. ``community=True`` is the shorter form a KIM officer uses for community news."""

    kind = forms.ChoiceField(label=_("Type"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150, help_text=_("Short and concrete: who does what, where."))
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences; shown in lists, feeds and when the link is shared."),
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-readability": "body"}),
        help_text=_(
            "Markdown: a blank line starts a paragraph, **bold**, - list, ## subheading, [text](https://link)."
        ),
    )
    sources = forms.CharField(
        label=_("Sources"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: who said or published it, and where (a link if there is one)."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=None, required=False, empty_label=_("— none —")
    )
    district = forms.ModelChoiceField(
        label=_("Target kecamatan"), queryset=None, required=False, empty_label=_("— whole city —")
    )
    village = VillageChoiceField(label=_("Target kelurahan"), required=False)
    image = forms.FileField(
        label=_("Image"), required=False, help_text=_("JPEG, PNG or WebP. Location data is removed on upload.")
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Text alternative of the image"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the image shows or says, for readers who cannot see it. For an infographic, write out its content."
        ),
    )
    event_starts_at = DateTimeLocalField(label=_("Event starts (agenda)"))
    event_ends_at = DateTimeLocalField(label=_("Event ends (agenda)"))
    event_place = forms.CharField(label=_("Event place (agenda)"), max_length=300, required=False)
    publish_at = DateTimeLocalField(
        label=_("Publish at (optional)"), help_text=_("Leave empty to publish as soon as the reviewer approves.")
    )
    expires_at = DateTimeLocalField(
        label=_("Expires at (optional)"), help_text=_("After this time the item leaves the lists and the feeds.")
    )

    COMMUNITY_FIELDS = ("title", "summary", "body", "sources", "image", "remove_image", "image_alt")

    def __init__(self, *args, regency_code: str, community: bool = False, has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        if community:
            for name in list(self.fields):
                if name not in self.COMMUNITY_FIELDS:
                    del self.fields[name]
        else:
            self.fields["topics"].queryset = topics_for(regency_code)
            self.fields["agency"].queryset = Agency.objects.filter(regency_id=regency_code).order_by("name")
            self.fields["district"].queryset = District.objects.filter(regency_id=regency_code).order_by("code")
            self.fields["village"].configure(regency_code)
            self.fields["village"].choices = [
                ("", _("— whole kecamatan or city —")),
                *self.fields["village"].choices[1:],
            ]
        if not has_image:
            del self.fields["remove_image"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return validate_news_image(upload) if upload else None

    @classmethod
    def initial_for(cls, item) -> dict:
        values = {
            name: getattr(item, name)
            for name in ("kind", "title", "summary", "body", "sources", "agency", "district", "village", "image_alt",
                         "event_starts_at", "event_ends_at", "event_place", "publish_at", "expires_at")
        }  # fmt: skip
        values["topics"] = list(item.topics.all())
        return values

    def to_data(self, kim=None) -> ItemData:
        data = self.cleaned_data
        if self.community:
            return ItemData(
                kind=ItemKind.BERITA, title=data["title"], summary=data["summary"], body=data.get("body", ""),
                sources=data.get("sources", ""), image=data.get("image"), remove_image=data.get("remove_image", False),
                image_alt=data.get("image_alt", ""), village=kim.village if kim is not None else None,
            )  # fmt: skip
        return ItemData(
            kind=data["kind"], title=data["title"], summary=data["summary"], body=data.get("body", ""),
            sources=data.get("sources", ""), topics=list(data.get("topics") or []), agency=data.get("agency"),
            district=data.get("district"), village=data.get("village"), image=data.get("image"),
            remove_image=data.get("remove_image", False), image_alt=data.get("image_alt", ""),
            event_starts_at=data.get("event_starts_at"), event_ends_at=data.get("event_ends_at"),
            event_place=data.get("event_place", ""), publish_at=data.get("publish_at"), expires_at=data.get("expires_at"),
        )  # fmt: skip


class PublishForm(forms.Form):
    check_sources = forms.BooleanField(label=_("The sources are named in the item."), required=False)
    check_facts = forms.BooleanField(
        label=_("I checked the facts (names, numbers, dates, places) against the sources."), required=False
    )
    check_plain_language = forms.BooleanField(
        label=_("The text is in plain language a resident understands."), required=False
    )
    publish_at = DateTimeLocalField(label=_("Publish at (optional)"), help_text=_("Leave empty to publish now."))


class NotesForm(CoreNotesForm):
    label = _("What must the author change?")


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what was wrong and what is right. It is shown with its date at the top of the item."),
    )  # fmt: skip


class CorrectionTextForm(forms.Form):
    """A correction of a published item's text, with the dated note readers will see."""

    note = forms.CharField(
        label=_("Correction note (shown with its date above the item)"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what was wrong and what is right, for example “The event starts at 07.30, not 08.00.”"),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=150)
    summary = forms.CharField(label=_("Summary"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("Body"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))
    sources = forms.CharField(label=_("Sources"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is declined (its author reads this)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class DeskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ItemStatus.choices], required=False)
    q = forms.CharField(label=_("Title contains"), max_length=100, required=False)


class TopicForm(forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=60)


class JargonForm(forms.Form):
    term = forms.CharField(label=_("Term or abbreviation"), max_length=60)
    plain = forms.CharField(label=_("Plain alternative"), max_length=200)


class SettingsForm(forms.Form):
    two_person_rule = forms.BooleanField(
        label=_("Two-person rule: the publisher must not be the author"), required=False
    )


class ReadabilityForm(forms.Form):
    title = forms.CharField(required=False, max_length=1000)
    summary = forms.CharField(required=False, max_length=3000)
    body = forms.CharField(required=False, max_length=40000)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP. Location data is removed on upload."))
    alt = forms.CharField(
        label=_("Text alternative"),
        max_length=1000,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)

    def clean_photo(self):
        return validate_news_image(self.cleaned_data["photo"])
