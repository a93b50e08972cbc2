"""Staff action forms generated from a workflow's table (``core.workflow``).

A capability lists its action forms once (:class:`ActionForm`: the URL segment, the transition that
must be open to the viewer, the heading, the button, the form). :func:`offered` keeps exactly those
whose transition ``Workflow.allowed`` opens to the person, and gives each its form: unbound, or the
bound one that failed validation, so the page shows the field errors and what was typed. The one
template ``core/_actions.html`` renders them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class ActionForm:
    name: str  # the action's URL segment (``…/aksi/<name>/``)
    heading: str
    button: str
    form: type[forms.Form] | None = None
    when: str = ""  # the transition that must be open to the viewer; defaults to ``name``
    help: str = ""
    style: str = ""  # "", "secondary" or "danger"
    multipart: bool = False
    fields_template: str = ""  # a template for the fields (``form`` in its context) instead of one after another

    @property
    def transition(self) -> str:
        return self.when or self.name


@dataclass
class OfferedAction:
    spec: ActionForm
    url: str
    form: forms.Form | None


def build_form(spec: ActionForm, data=None, files=None, **kwargs) -> forms.Form | None:
    """The spec's form; field ids are prefixed with the action's name (two reason fields on one page)."""
    if spec.form is None:
        return None
    return spec.form(data, files, auto_id=f"{spec.name.replace('_', '-')}-%s", **kwargs)


def offered(
    workflow,
    obj,
    user,
    specs: list[ActionForm],
    *,
    url: Callable[[str], str],
    form_kwargs: Callable[[ActionForm], dict] = lambda spec: {},
    bound: dict[str, forms.Form] | None = None,
) -> list[OfferedAction]:
    """The action forms ``user`` may use on ``obj`` now, in the order of ``specs``."""
    allowed = {transition.name for transition in workflow.allowed(obj, user)}
    bound = bound or {}
    return [
        OfferedAction(spec, url(spec.name), bound.get(spec.name) or build_form(spec, **form_kwargs(spec)))
        for spec in specs
        if spec.transition in allowed
    ]


def spec_named(specs: list[ActionForm], name: str) -> ActionForm | None:
    return next((spec for spec in specs if spec.name == name), None)
