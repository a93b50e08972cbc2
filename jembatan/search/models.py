"""The search index: one row per searchable public item, whatever app owns it.

Apps never write here directly: they call ``search.services.document_upsert`` / ``document_remove``.
The ``stemmed_*`` columns hold the Indonesian stems of the original words, one stem per word in the
same order (see ``search.text``), which is what both backends match against. ``search_vector`` is
only filled on PostgreSQL (GIN-indexed by migration 0002); SQLite keeps an FTS5 table instead.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    BERITA = "berita", _("News")
    KIM = "kim", _("KIM")
    ASPIRASI = "aspirasi", _("Public report")


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    key = models.CharField(_("key"), max_length=100)
    regency_code = models.CharField(_("regency code"), max_length=13)
    district_code = models.CharField(_("kecamatan code"), max_length=13, blank=True)
    village_code = models.CharField(_("kelurahan/desa code"), max_length=13, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=50, blank=True)

    stemmed_title = models.TextField(blank=True)
    stemmed_summary = models.TextField(blank=True)
    stemmed_body = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The rebuild (SearchRebuild) that last wrote this document; a rebuild's last step removes the documents of
    # its kind that it did not write and nothing changed since it began (no longer public).
    rebuild_run = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_document_kind_key_unique")]
        indexes = [models.Index(fields=["kind", "published_at"]), models.Index(fields=["district_code"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class SearchRebuild(models.Model):
    """One run of ``manage.py search_reindex`` for one kind: where it has got to, so that it can resume."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last source row written (rows are read in primary-key order).
    position = models.BigIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search rebuild")
        verbose_name_plural = _("search rebuilds")
        indexes = [models.Index(fields=["kind", "finished_at"])]

    def __str__(self) -> str:
        return f"rebuild {self.kind} {self.pk}"
