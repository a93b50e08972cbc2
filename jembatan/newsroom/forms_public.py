"""Forms of the public pages: the list filters and the kelurahan picker (both GET forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jembatan.newsroom.models import ItemKind


class NewsFilterForm(forms.Form):
    """``?topik=<slug>&kecamatan=<code>&jenis=<kind>``; an unknown value is named and then ignored."""

    topik = forms.ChoiceField(label=_("Topic"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    jenis = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, topics, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {topic.slug: topic for topic in topics}
        self.districts = {district.code: district for district in districts}
        self.fields["topik"].choices = [("", _("All topics")), *[(t.slug, t.name) for t in topics]]
        self.fields["kecamatan"].choices = [("", _("All kecamatan")), *[(d.code, str(d)) for d in districts]]
        self.fields["jenis"].choices = [("", _("All types")), *ItemKind.choices]
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” is not on the list: it was ignored. Choose from the list."
            )

    def filters(self) -> dict:
        """The valid filters only: a wrong value in one field does not drop the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "topic": self.topics.get(data.get("topik") or ""),
            "district": self.districts.get(data.get("kecamatan") or ""),
            "kind": data.get("jenis") or "",
        }


class VillagePickForm(forms.Form):
    """ "Pilih kelurahan Anda": kelurahan grouped by kecamatan, sent to ``/kelurahan/?kode=<code>``."""

    kode = forms.ChoiceField(
        label=_("Choose your kelurahan"),
        error_messages={
            "required": _("Choose your kelurahan from the list."),
            "invalid_choice": _("We do not know the kelurahan “%(value)s”. Choose your kelurahan from the list."),
        },
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for village in villages:
            label = str(_("Kecamatan %(name)s") % {"name": village.district})
            groups.setdefault(label, []).append((village.code, str(village)))
        self.fields["kode"].choices = [("", _("— choose a kelurahan —")), *groups.items()]
