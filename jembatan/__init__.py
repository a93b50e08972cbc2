"""Jembatan: the platform a Diskominfo uses to run its Komunitas Informasi Masyarakat programme."""

__version__ = "0.1.0"
