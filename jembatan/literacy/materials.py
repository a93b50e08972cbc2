"""Learning materials: saved by staff (audited), the upload checked like every upload, and an image never
published without its text alternative."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.slugs import free_slug
from jembatan.core.uploads import validate_document_or_image
from jembatan.literacy.models import Material, MaterialKind
from jembatan.literacy.verbs import LiteracyVerb

AUDITED = ["title", "topic", "kind", "summary", "video_url", "file", "alt_text", "published"]


@dataclass
class MaterialData:
    title: str
    topic: str
    kind: str
    summary: str
    body: str = ""
    video_url: str = ""
    alt_text: str = ""
    published: bool = False
    events: tuple = ()


def material_save(*, actor, regency_code: str, data: MaterialData, material: Material | None = None,
                  upload=None) -> Material:  # fmt: skip
    problems = []
    if not data.title.strip() or not data.summary.strip():
        problems.append(_("Write the title and the summary."))
    if data.kind == MaterialKind.VIDEO and not data.video_url:
        problems.append(_("A video needs its link."))
    if data.kind == MaterialKind.PANDUAN and not data.body.strip():
        problems.append(_("A guide needs its text."))
    has_file = upload is not None or (material is not None and material.file)
    if data.kind in (MaterialKind.SLIDE, MaterialKind.POSTER) and not has_file:
        problems.append(_("A slide deck or a poster needs its file (PDF or image)."))
    checked = None
    if upload is not None:
        try:
            checked = validate_document_or_image(upload)
        except ValidationError as exc:
            problems.extend(exc.messages)
    is_image = checked.content_type.startswith("image/") if checked is not None else bool(
        material and material.file_is_image
    )  # fmt: skip
    if is_image and not data.alt_text.strip():
        problems.append(_("Describe the image in words (its text alternative) for those who cannot see it."))
    if problems:
        raise DomainError(" ".join(problems), code="invalid_material")
    with transaction.atomic():
        before = snapshot(material, AUDITED) if material is not None else None
        if material is None:
            material = Material(regency_id=regency_code, slug=_free_slug(regency_code, data.title))
        for name in ("title", "topic", "kind", "summary", "body", "video_url", "alt_text"):
            setattr(material, name, getattr(data, name).strip())
        material.published = data.published
        if checked is not None:
            material.file.save(checked.name, checked, save=False)
            material.file_is_image = is_image
        material.save()
        material.events.set(data.events)
        audit_record(actor=actor, verb=LiteracyVerb.MATERIAL_SAVED, obj=material, before=before,
                     after=snapshot(material, AUDITED))  # fmt: skip
    return material


def _free_slug(regency_code: str, title: str) -> str:
    return free_slug(Material, regency_code=regency_code, title=title, fallback="materi")
