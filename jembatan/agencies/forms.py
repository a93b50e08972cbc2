from django import forms

from jembatan.agencies.models import Agency
from jembatan.core.forms import clean_optional_phone


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "email", "phone", "address", "is_active"]

    def clean_phone(self):
        return clean_optional_phone(self.cleaned_data.get("phone"))
