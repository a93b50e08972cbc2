"""A deployment's ``collectstatic`` (WhiteNoise's compressed manifest storage) completes.

The production storage rewrites every reference inside CSS and JavaScript to a hashed name and fails on
a reference to a file that is not there (a vendored library's source map, for instance).
"""

from __future__ import annotations

from django.core.management import call_command


def test_collectstatic_with_the_production_storage_succeeds(tmp_path, settings):
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/leaflet-1.9.4/leaflet.js" in manifest and "css/" in manifest
