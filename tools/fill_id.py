"""Apply Indonesian translations from a JSON file {msgid: msgstr} to locale/id/LC_MESSAGES/django.po.

Usage: python tools/fill_id.py translations.json — then `manage.py compilemessages`.
Prints the msgids that are still untranslated or fuzzy.
"""

import json
import sys

import polib

with open(sys.argv[1], encoding="utf-8") as source:
    translations = json.load(source)
catalogue = polib.pofile("locale/id/LC_MESSAGES/django.po")
for entry in catalogue:
    if entry.obsolete or entry.msgid not in translations:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: translations[entry.msgid]}
    else:
        entry.msgstr = translations[entry.msgid]
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save()
missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
print(json.dumps(missing, ensure_ascii=False, indent=1))
