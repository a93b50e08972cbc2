"""Importing regions from the idn-area-data CSV layout: happy path, scope, and every kind of bad input."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jembatan.regions.models import District, Province, Regency, Village
from jembatan.regions.services import RegionImportError, regions_import

SHIPPED = Path(__file__).resolve().parents[2] / "jembatan" / "regions" / "data" / "19.71"


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


def _counts():
    return (Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count())


def test_shipped_pangkalpinang_data_has_7_kecamatan_and_42_kelurahan(db):
    assert District.objects.filter(regency_id="19.71").count() == 7
    assert Village.objects.filter(district__regency_id="19.71").count() == 42
    assert Village.objects.get(code="19.71.07.1002").name == "Batu Intan"
    assert str(Regency.objects.get(code="19.71")) == "Kota Pangkalpinang"  # the official name shipped beside the data


def test_import_is_idempotent(db, data_dir):
    before = _counts()
    regions_import(directory=data_dir)
    regions_import(directory=data_dir)
    assert _counts() == before


def test_import_updates_names_of_existing_codes(db, data_dir):
    villages = data_dir / "villages.csv"
    villages.write_text(villages.read_text().replace("Batu Intan", "Bukitintan"))
    regions_import(directory=data_dir)
    assert Village.objects.get(code="19.71.07.1002").name == "Bukitintan"


def test_regency_option_limits_the_import(db, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "provinces.csv").write_text("code,name\n19,KEPULAUAN BANGKA BELITUNG\n31,DKI JAKARTA\n")
    (folder / "regencies.csv").write_text(
        "code,province_code,name\n19.71,19,KOTA PANGKAL PINANG\n31.71,31,KOTA JAKARTA PUSAT\n"
    )
    (folder / "districts.csv").write_text("code,regency_code,name\n19.71.01,19.71,Bukit Intan\n31.71.01,31.71,Gambir\n")
    (folder / "villages.csv").write_text(
        "code,district_code,name\n19.71.01.1004,19.71.01,Semabung Lama\n31.71.01.1001,31.71.01,Gambir\n"
    )
    regions_import(directory=folder, regency="19.71")
    assert not Province.objects.filter(code="31").exists()
    assert not Village.objects.filter(code="31.71.01.1001").exists()
    regions_import(directory=folder)
    assert Village.objects.filter(code="31.71.01.1001").exists()


BAD_INPUTS = [
    (
        "villages.csv",
        "code,district_code,name\n19.71.01.1004,19.71.01,Semabung Lama\n19.71.99.1001,19.71.99,Tidak Ada\n",
        3,
        "19.71.99",
    ),
    (
        "villages.csv",
        "code,district_code,name\n19.71.01.1004,19.71.01,Semabung Lama\n19.71.01.1004,19.71.01,Lagi\n",
        3,
        "19.71.01.1004",
    ),
    ("villages.csv", "kode,kecamatan,nama\n19.71.01.1004,19.71.01,Semabung Lama\n", 1, "kode"),
    ("villages.csv", "", None, ""),
    ("districts.csv", "code,regency_code,name\n", None, ""),
    ("villages.csv", "code,district_code,name\n19.71.01.1004,19.71.01\n", 2, "3"),
    ("villages.csv", "code,district_code,name\n1971011004,19.71.01,Tanpa Titik\n", 2, "1971011004"),
    ("villages.csv", "code,district_code,name\n19.71.02.1004,19.71.01,Salah Induk\n", 2, "19.71.01"),
]


@pytest.mark.parametrize(
    ("filename", "content", "line", "mentions"),
    BAD_INPUTS,
    ids=[
        "unknown-parent",
        "duplicate-code",
        "wrong-header",
        "empty-file",
        "header-only",
        "missing-column",
        "bad-code",
        "code-outside-parent",
    ],
)
def test_bad_input_names_file_and_line_and_imports_nothing(db, data_dir, filename, content, line, mentions):
    # Make the good files change something, to prove the transaction rolls all of it back.
    provinces = data_dir / "provinces.csv"
    provinces.write_text(provinces.read_text().replace("KEPULAUAN BANGKA BELITUNG", "NAMA BARU"))
    (data_dir / filename).write_text(content, encoding="utf-8")
    before = _counts()
    with pytest.raises(RegionImportError) as caught:
        regions_import(directory=data_dir)
    error = caught.value
    assert error.file == filename
    assert error.line == line
    assert mentions in str(error)
    assert _counts() == before
    assert Province.objects.get(code="19").name == "KEPULAUAN BANGKA BELITUNG"


def test_wrong_encoding_names_the_line(db, data_dir):
    (data_dir / "villages.csv").write_bytes(
        "code,district_code,name\n19.71.01.1004,19.71.01,Semabung Lama\n19.71.01.1006,19.71.01,Bac\u00e4ng\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(RegionImportError) as caught:
        regions_import(directory=data_dir)
    assert caught.value.file == "villages.csv"
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.message


def test_missing_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(RegionImportError):
        regions_import(directory=tmp_path / "tidak-ada")


def test_command_reports_the_error_and_says_nothing_was_imported(db, data_dir):
    (data_dir / "districts.csv").write_text("code,regency_code,name\n19.71.01,19.99,Bukit Intan\n")
    with pytest.raises(CommandError, match=r"districts.csv:2: .*19.99.*Tidak ada data yang diimpor"):
        call_command("import_regions", str(data_dir))


def test_import_of_a_country_sized_file_shows_progress(db, tmp_path):
    """Scaled-down country shape (1 province, 50 regencies, 500 districts, 10,000 villages)."""
    folder = tmp_path / "negara"
    folder.mkdir()
    (folder / "provinces.csv").write_text("code,name\n99,PROVINSI UJI\n")
    regencies = ["code,province_code,name"] + [f"99.{r:02d},99,KABUPATEN {r}" for r in range(1, 51)]
    districts = ["code,regency_code,name"] + [
        f"99.{r:02d}.{d:02d},99.{r:02d},Kecamatan {d}" for r in range(1, 51) for d in range(1, 11)
    ]
    villages = ["code,district_code,name"] + [
        f"99.{r:02d}.{d:02d}.{v:04d},99.{r:02d}.{d:02d},Desa {v}"
        for r in range(1, 51)
        for d in range(1, 11)
        for v in range(2001, 2021)
    ]
    (folder / "regencies.csv").write_text("\n".join(regencies) + "\n")
    (folder / "districts.csv").write_text("\n".join(districts) + "\n")
    (folder / "villages.csv").write_text("\n".join(villages) + "\n")
    messages = []
    result = regions_import(directory=folder, progress=messages.append)
    assert result.counts["villages.csv"] == 10_000
    assert Village.objects.filter(code__startswith="99.").count() == 10_000
    assert any("villages.csv" in m and "10.000" in m for m in messages)


def test_a_malformed_csv_is_a_clear_error(db, data_dir):
    (data_dir / "villages.csv").write_text('code,district_code,name\n19.71.01.1004,19.71.01,"' + "x" * 200_000 + "\n")
    with pytest.raises(RegionImportError) as caught:
        regions_import(directory=data_dir)
    assert caught.value.file == "villages.csv"


def test_an_unknown_regency_option_is_refused(db, data_dir):
    before = _counts()
    with pytest.raises(RegionImportError, match="19.99"):
        regions_import(directory=data_dir, regency="19.99")
    assert _counts() == before
