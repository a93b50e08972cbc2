"""Who signs a certificate. A regency may plug in the government's electronic signature service (BSrE) by
pointing ``CERTIFICATE_SIGNER`` at a class with this interface; the default signs nothing and says so on
the certificate and on its verification page, so nobody mistakes it for a signed document."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class Signer(Protocol):
    def label(self) -> str:
        """What the certificate and its verification page say about its signature."""

    def sign(self, pdf: bytes) -> bytes:
        """The PDF, signed (or unchanged)."""


class NoSigner:
    def label(self) -> str:
        return _("Not signed electronically: check it with its QR code.")

    def sign(self, pdf: bytes) -> bytes:
        return pdf


def signer() -> Signer:
    return import_string(settings.CERTIFICATE_SIGNER)()
