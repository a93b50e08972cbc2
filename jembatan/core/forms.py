import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _


class BoundField(forms.BoundField):
    """Django's bound field, without the colon after a checkbox's label.

    The stylesheet puts a checkbox's label beside the box, as a statement ("Agrees to be contacted
    by Diskominfo"), where a trailing colon reads as if something were missing.
    """

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None and self.widget_type == "checkbox":
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(DjangoTemplates):
    """Django's renderer, with each ``field.as_field_group`` wrapped in its own ``<div class="field">``.

    Templates render fields one by one with ``as_field_group``; Django's own field template has no
    wrapper, which left labels, help texts, inputs and the next field's label run together (and a
    consent checkbox sitting next to the submit button). The stylesheet spaces ``.field`` blocks.
    Its fields are ``BoundField``s (no colon after a checkbox's label).
    """

    field_template_name = "forms/field_group.html"
    bound_field_class = BoundField


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=100)
    verb = forms.CharField(label=_("Action"), required=False, max_length=80)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All")), *[(t, t) for t in object_types]]


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("The day becomes"))
    reason = forms.CharField(label=_("Reason (for example the decree number)"), max_length=300)

    def __init__(self, *args, **kwargs):
        from jembatan.core.models import CalendarOverride

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CalendarOverride.Kind.choices


class CalendarSettingsForm(forms.Form):
    cuti_bersama_is_holiday = forms.BooleanField(
        label=_("Joint leave days (cuti bersama) stop the legal clocks"), required=False
    )


class DeadlineCalculatorForm(forms.Form):
    """The public working-day calculator (GET)."""

    mulai = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day of receipt itself is not counted."),
    )
    hari = forms.IntegerField(label=_("Working days"), min_value=0, max_value=365)

    def clean_mulai(self):
        day = self.cleaned_data["mulai"]
        if not datetime.date(1990, 1, 1) <= day <= datetime.date(2090, 12, 31):
            raise forms.ValidationError(_("Choose a date between 1990 and 2090."))
        return day


class NotesForm(forms.Form):
    """What a staff member asks someone to change before a step is taken again (an applicant, an author).

    A capability names the question in ``label``; the notes are kept with the step and shown to the person.
    """

    label = _("What must be changed")
    notes = forms.CharField(label=_("Notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].label = self.label


class ReasonForm(forms.Form):
    """The reason a staff member gives for a refusal, a rejection or a closing (shown in the audit and timeline)."""

    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


def clean_optional_phone(value: str) -> str:
    """A form's optional phone number in E.164 (``""`` when empty); a wrong one is the field's error."""
    from django.core.exceptions import ValidationError

    from jembatan.core.privacy import normalize_phone

    if not value:
        return ""
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads in one field, each checked by ``validate_one``; at most ``max_files``."""

    max_files = 5
    accept = ""
    extra_widget_attrs: dict = {}
    too_many = _("Attach at most %(n)d files.")

    def __init__(self, *args, **kwargs):
        attrs = {**({"accept": self.accept} if self.accept else {}), **self.extra_widget_attrs}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def validate_one(self, upload):
        return upload

    def explain(self, exc: ValidationError) -> list[str]:
        return exc.messages

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(self.too_many % {"n": self.max_files})
        cleaned = []
        for upload in files:
            try:
                cleaned.append(self.validate_one(upload))
            except ValidationError as exc:
                raise forms.ValidationError(
                    _("%(name)s: %(error)s") % {"name": upload.name[:60], "error": " ".join(self.explain(exc))}
                ) from exc
        return cleaned


def require_email_or_phone(form: forms.Form, cleaned: dict, *, error_on: str) -> None:
    """A way to reach the person: at least one of ``email`` and ``phone`` (each already checked)."""
    if (
        not (cleaned.get("email") or cleaned.get("phone"))
        and not form.has_error("email")
        and not form.has_error("phone")
    ):
        form.add_error(error_on, _("Give a telephone number or an email address."))
