from django import forms
from django.core.exceptions import ValidationError

from jembatan.agencies.models import Agency
from jembatan.core.privacy import normalize_phone


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "email", "phone", "address", "is_active"]

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
