from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import access_instance_regency, regencies_for, require_access
from jembatan.accounts.roles import Role
from jembatan.agencies import services
from jembatan.agencies.forms import AgencyForm
from jembatan.agencies.models import Agency
from jembatan.agencies.selectors import agency_list
from jembatan.core.errors import DomainError
from jembatan.regions.selectors import regency_configured


@require_access(Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
def agency_list_view(request):
    regency = access_instance_regency(request.user, Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
    return render(
        request,
        "agencies/list.html",
        {"agencies": agency_list(regency_code=regency), "can_edit": regency in regencies_for(request.user, Role.ADMIN)},
    )


@require_access(Role.ADMIN)
def agency_edit_view(request, pk: int | None = None):
    regency = access_instance_regency(request.user, Role.ADMIN)
    agency = get_object_or_404(Agency, pk=pk, regency_id=regency) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in form.Meta.fields}
        try:
            if agency is None:
                services.agency_create(actor=request.user, regency=regency_configured(), **values)
            else:
                services.agency_update(actor=request.user, agency=agency, **values)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The agency has been saved."))
            return redirect("agencies:list")
    return render(request, "agencies/edit.html", {"form": form, "agency": agency})
