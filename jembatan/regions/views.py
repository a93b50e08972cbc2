from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.validators import validate_official_name
from jembatan.regions import services
from jembatan.regions.models import Regency, display_name


class OfficialNameForm(forms.Form):
    official_name = forms.CharField(
        label=gettext_lazy("Official name"),
        max_length=120,
        required=False,
        validators=[validate_official_name],
        help_text=gettext_lazy(
            "As the regency writes it, for example “Kota Pangkalpinang”. Empty: the region data's name."
        ),
    )


@require_access(Role.ADMIN)
def regency_settings_view(request):
    """Administrators set how their regency's name is written on every page and share text."""
    regency = get_object_or_404(Regency, code=access_instance_regency(request.user, Role.ADMIN))
    form = OfficialNameForm(request.POST or None, initial={"official_name": regency.official_name})
    if request.method == "POST" and form.is_valid():
        services.regency_official_name_set(actor=request.user, regency=regency, **form.cleaned_data)
        messages.success(request, _("The name has been saved."))
        return redirect("regions:settings")
    return render(
        request,
        "regions/settings.html",
        {"form": form, "regency": regency, "data_name": display_name(regency.name)},
    )
