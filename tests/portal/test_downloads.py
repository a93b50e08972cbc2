"""Downloads declared by the capabilities: who may take which table, and what is (not) in it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from jembatan.accounts.roles import Role
from jembatan.core.exports import safe_cell
from jembatan.core.registry import exports
from tests.factories import make_aspiration, make_kim, make_staff, signed_in


def test_the_capabilities_declare_their_tables():
    assert {(e.name, e.table) for e in exports()} >= {
        ("kim", "jembatan.communities.exports.kim_register"),
        ("laporan", "jembatan.aspirations.exports.report_register"),
    }


def test_an_administrator_downloads_the_kim_register_without_contact_data(client, regions):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin, name="KIM Unduhan Bukit")
    signed_in(client, admin)
    page = client.get("/staf/unduhan/").content.decode()
    assert "/staf/unduhan/kim.csv" in page and "/staf/unduhan/laporan.xlsx" in page
    csv_text = client.get("/staf/unduhan/kim.csv").content.decode("utf-8-sig")
    assert kim.name in csv_text and "100/1/KEL/2025" in csv_text
    assert "+6281234500" not in csv_text and "6281299990777" not in csv_text  # members' and the KIM's phones
    book = load_workbook(io.BytesIO(client.get("/staf/unduhan/kim.xlsx").content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Nama KIM" and any(row[0] == kim.name for row in rows[1:])


def test_the_report_register_has_deadlines_and_no_reporter(client, regions):
    admin = make_staff(Role.ADMIN)
    report = make_aspiration(status="didisposisikan", admin=admin)
    signed_in(client, make_staff(Role.PIMPINAN))
    text = client.get("/staf/unduhan/laporan.csv").content.decode("utf-8-sig")
    assert report.code in text and report.answer_due.isoformat() in text
    assert "Siti" not in text and "siti.rahmawati" not in text and "7777" not in text


def test_who_may_download_what(client, regions):
    signed_in(client, make_staff(Role.EDITOR))
    assert client.get("/staf/unduhan/kim.csv").status_code == 200
    assert client.get("/staf/unduhan/laporan.csv").status_code == 404  # reports: administrators and leadership
    assert client.get("/staf/unduhan/kim.pdf").status_code == 404
    signed_in(client, make_staff(Role.PPID))
    assert client.get("/staf/unduhan/").status_code == 404
    assert client.get("/staf/unduhan/kim.csv").status_code == 404


def test_text_that_would_run_as_a_formula_is_defused():
    assert [safe_cell(v) for v in ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "KIM Maju", 5]] == [
        "'=HYPERLINK(1)", "'+1", "'-2", "'@SUM(A1)", "KIM Maju", 5,
    ]  # fmt: skip
