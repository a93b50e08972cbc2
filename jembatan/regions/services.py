"""Writes for regions: importing the idn-area-data CSV layout in one transaction."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from jembatan.core.cache import bump_public_cache
from jembatan.regions.models import District, Province, Regency, Village

# (file name, accepted headers, code pattern, model, parent field name)
LEVELS = [
    ("provinces.csv", [["code", "name"]], re.compile(r"^\d{2}$"), Province, None),
    (
        "regencies.csv",
        [["code", "province_code", "name"], ["code", "parent_code", "name"]],
        re.compile(r"^\d{2}\.\d{2}$"),
        Regency,
        "province_id",
    ),
    (
        "districts.csv",
        [["code", "regency_code", "name"], ["code", "parent_code", "name"]],
        re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
        District,
        "regency_id",
    ),
    (
        "villages.csv",
        [["code", "district_code", "name"], ["code", "parent_code", "name"]],
        re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
        Village,
        "district_id",
    ),
]
BATCH_SIZE = 2000
PROGRESS_EVERY = 20000


class RegionImportError(Exception):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RegionImportError(
            path.name, line, _("the file is not UTF-8 text. Save it as CSV UTF-8 and try again.")
        ) from exc


def _read_rows(path: Path, headers: list[list[str]], pattern: re.Pattern, has_parent: bool):
    text = _decode(path)
    if not text.strip():
        raise RegionImportError(path.name, None, _("the file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse(path, reader, headers, pattern, has_parent)
    except csv.Error as exc:
        raise RegionImportError(
            path.name, reader.line_num or None, _("the CSV is malformed (%(error)s).") % {"error": exc}
        ) from exc


def _parse(path: Path, reader, headers: list[list[str]], pattern: re.Pattern, has_parent: bool):
    header = [column.strip().lower() for column in next(reader)]
    if header not in headers:
        raise RegionImportError(
            path.name,
            1,
            _("unexpected header %(found)s; expected %(expected)s.")
            % {"found": ",".join(header), "expected": ",".join(headers[0])},
        )
    width = len(header)
    rows = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise RegionImportError(
                path.name, line, _("expected %(n)d columns, found %(m)d.") % {"n": width, "m": len(row)}
            )
        code = row[0].strip()
        name = row[-1].strip()
        parent = row[1].strip() if has_parent else None
        if not pattern.match(code):
            raise RegionImportError(
                path.name, line, _("code %(code)r is not a valid Kemendagri code.") % {"code": code}
            )
        if not name:
            raise RegionImportError(path.name, line, _("the name is empty."))
        if len(name) > 120:
            raise RegionImportError(path.name, line, _("the name is longer than 120 characters."))
        if code in seen:
            raise RegionImportError(path.name, line, _("code %(code)s appears twice.") % {"code": code})
        if has_parent and not code.startswith(parent + "."):
            raise RegionImportError(
                path.name,
                line,
                _("code %(code)s does not belong under parent %(parent)s.") % {"code": code, "parent": parent},
            )
        seen.add(code)
        rows.append((line, code, parent, name))
    if not rows:
        raise RegionImportError(path.name, None, _("the file has a header but no rows."))
    return rows


def _in_scope(code: str, regency: str | None) -> bool:
    if regency is None:
        return True
    if len(code) == 2:
        return regency.startswith(code + ".")
    if len(code) == 5:
        return code == regency
    return code.startswith(regency + ".")


def regions_import(
    *, directory: Path, regency: str | None = None, progress: Callable[[str], None] | None = None
) -> ImportResult:
    """Import provinces, regencies, districts and villages from ``directory``.

    Files are read and checked one level at a time (provinces first); the whole import is one
    transaction, so an error anywhere leaves the database as it was. ``regency`` (e.g. "19.71")
    limits the import to that regency, its province, and what lies beneath it.
    """
    directory = Path(directory)
    say = progress or (lambda message: None)
    if not directory.is_dir():
        raise RegionImportError(str(directory), None, _("the folder does not exist."))
    if regency is not None and not LEVELS[1][2].match(regency):
        raise RegionImportError(
            str(directory), None, _("%(code)r is not a regency code such as 19.71.") % {"code": regency}
        )
    present = [level for level in LEVELS if (directory / level[0]).exists()]
    if not present:
        raise RegionImportError(
            str(directory), None, _("no provinces.csv, regencies.csv, districts.csv or villages.csv found.")
        )
    result = ImportResult()
    with transaction.atomic():
        known_parents: set[str] = set()
        for index, (filename, headers, pattern, model, parent_field) in enumerate(LEVELS):
            path = directory / filename
            if not path.exists():
                known_parents = set()
                continue
            rows = [r for r in _read_rows(path, headers, pattern, parent_field is not None) if _in_scope(r[1], regency)]
            say(_("%(file)s: %(n)s rows checked") % {"file": filename, "n": f"{len(rows):,}".replace(",", ".")})
            if parent_field is not None:
                parent_model = LEVELS[index - 1][3]
                missing = {r[2] for r in rows} - known_parents
                if missing:
                    existing = set(parent_model.objects.filter(pk__in=missing).values_list("pk", flat=True))
                    for line, code, parent, _name in rows:
                        if parent not in known_parents and parent not in existing:
                            raise RegionImportError(
                                filename,
                                line,
                                _("parent code %(parent)s of %(code)s is unknown.") % {"parent": parent, "code": code},
                            )
            objects = []
            for _line, code, parent, name in rows:
                values = {"code": code, "name": name}
                if parent_field:
                    values[parent_field] = parent
                objects.append(model(**values))
            update_fields = ["name"] + ([parent_field.removesuffix("_id")] if parent_field else [])
            for start in range(0, len(objects), BATCH_SIZE):
                model.objects.bulk_create(
                    objects[start : start + BATCH_SIZE],
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=update_fields,
                )
                written = min(start + BATCH_SIZE, len(objects))
                if written % PROGRESS_EVERY < BATCH_SIZE or written == len(objects):
                    say(_("%(file)s: %(n)s rows written") % {"file": filename, "n": f"{written:,}".replace(",", ".")})
            known_parents = {r[1] for r in rows}
            result.counts[filename] = len(rows)
        _apply_official_names()
        if regency is not None and not Regency.objects.filter(code=regency).exists():
            raise RegionImportError(
                str(directory), None, _("regency %(code)s is not in the files or the database.") % {"code": regency}
            )
        transaction.on_commit(bump_public_cache)
    return result


OFFICIAL_NAMES = Path(__file__).resolve().parent / "data" / "official_names.csv"


def _apply_official_names() -> None:
    """Official spellings shipped with the region data, for regencies whose administrators set none."""
    with open(OFFICIAL_NAMES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Regency.objects.filter(code=row["code"], official_name="").update(official_name=row["official_name"])


def regency_official_name_set(*, actor, regency: Regency, official_name: str) -> Regency:
    """An administrator sets how the regency spells its name (empty: the region data's name)."""
    from jembatan.core.audit import audit_record
    from jembatan.regions.verbs import RegionVerb

    with transaction.atomic():
        locked = Regency.objects.select_for_update().get(pk=regency.pk)
        before = {"official_name": locked.official_name}
        locked.official_name = official_name.strip()
        locked.save(update_fields=["official_name"])
        audit_record(
            actor=actor,
            verb=RegionVerb.OFFICIAL_NAME_SET,
            obj=locked,
            before=before,
            after={"official_name": locked.official_name},
        )
    transaction.on_commit(bump_public_cache)
    return locked
