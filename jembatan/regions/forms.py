from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.regions.models import Village


class VillageChoiceField(forms.ModelChoiceField):
    """Kelurahan grouped by kecamatan; the kecamatan is derived from the kelurahan."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Village.objects.none(), **kwargs)

    def configure(self, regency_code: str):
        self.queryset = (
            Village.objects.filter(district__regency_id=regency_code)
            .select_related("district")
            .order_by("district__code", "name")
        )
        groups: dict[str, list] = {}
        for village in self.queryset:
            label = _("Kecamatan %(name)s") % {"name": village.district}
            groups.setdefault(str(label), []).append((village.pk, str(village)))
        self.choices = [("", _("— choose a kelurahan/desa —")), *groups.items()]
