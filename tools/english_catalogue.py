"""Keep the English catalogue complete: English is the source language, so each msgstr is its msgid.

Run after `manage.py makemessages -l en` (the `make translations` target does both).
"""

import sys
from pathlib import Path

import polib

path = Path(sys.argv[1] if len(sys.argv) > 1 else "locale/en/LC_MESSAGES/django.po")
catalogue = polib.pofile(str(path))
for entry in catalogue:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.metadata["Language"] = "en"
catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
catalogue.save()
print(f"{path}: {len(catalogue)} entries")
