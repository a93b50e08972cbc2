"""The Indonesian and English catalogues are complete, compiled, and in step with the source."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = {code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("id", "en")}


@pytest.mark.parametrize("code", ["id", "en"])
def test_catalogue_is_complete(code):
    po = polib.pofile(str(CATALOGUES[code]))
    untranslated = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []
    assert len(po) > 300


@pytest.mark.parametrize("code", ["id", "en"])
def test_compiled_catalogue_matches_the_source(code):
    po = polib.pofile(str(CATALOGUES[code]))
    with translation.override(code):
        stale = [
            e.msgid for e in po if not e.msgid_plural and not e.msgctxt and translation.gettext(e.msgid) != e.msgstr
        ]
    assert stale == [], "run `make messages` (compilemessages) and commit the .mo files"


def test_every_user_facing_string_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the source, finds no msgid that the committed catalogue lacks."""
    shutil.copytree(ROOT / "jembatan", tmp_path / "jembatan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0)
    fresh = {
        e.msgid for e in polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")) if not e.obsolete
    }
    committed = {e.msgid for e in polib.pofile(str(CATALOGUES["id"])) if not e.obsolete}
    assert sorted(fresh - committed) == [], "run `make translations` and translate the new strings"


def test_pages_speak_indonesian_by_default(client, db):
    body = client.get("/kim/").content.decode()
    assert "Direktori KIM" in body
    assert 'lang="id"' in body
