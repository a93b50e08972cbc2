"""The annual service report (Perki 1/2021 Art. 56): requests, time taken, decisions with the refusal
grounds, objections and disputes, per agency; as a page, a PDF and an XLSX for the e-Monev evidence."""

from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from jembatan.information import objections, report, services
from tests.factories import make_staff, signed_in
from tests.information.test_requests_and_clocks import _at, _data


def _year_2026():
    ppid = make_staff("ppid")
    with _at(datetime.date(2026, 11, 2)):
        granted, _c = services.information_request_submit(data=_data(information="A"))
        refused, _c = services.information_request_submit(data=_data(information="B"))
        services.information_request_submit(data=_data(information="C"))  # still open
    with _at(datetime.date(2026, 11, 6)):
        services.answer(actor=ppid, request=granted, decision="dikabulkan", answer_text="Terlampir.")
        refused = services.answer(actor=ppid, request=refused, decision="ditolak", answer_text="Ditolak.",
                        exemption_ground="Pasal 17 huruf b", consequence_test="Uji 3/2026")  # fmt: skip
    with _at(datetime.date(2026, 11, 9)):
        objections.objection_file(request=refused, grounds=["a"], reason="Tidak berdasar.")
    return ppid


def test_the_figures_of_a_year(db, regions):
    _year_2026()
    figures = report.annual_report(regency_code="19.71", year=2026)
    t = figures.total
    assert (t.received, t.answered, t.on_time, t.open, t.median_days) == (3, 2, 2, 1, 4)
    assert t.decisions == {"dikabulkan": 1, "ditolak": 1}
    assert t.refusal_grounds == {"Pasal 17 huruf b": 1}
    assert figures.objections == {"a": 1} and figures.disputes == 0
    assert report.annual_report(regency_code="19.71", year=2025).total.received == 0


def test_the_report_page_pdf_and_spreadsheet(client, db, regions):
    ppid = _year_2026()
    signed_in(client, ppid)
    page = client.get("/staf/informasi/laporan/?tahun=2026").content.decode()
    assert "Pasal 17 huruf b" in page
    pdf = client.get("/staf/informasi/laporan/?tahun=2026&format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2026" in text and "Pasal 17 huruf b" in text
    xlsx = client.get("/staf/informasi/laporan/?tahun=2026&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    values = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(row[1] == 3 for row in values if len(row) > 1)
    assert client.get("/staf/informasi/laporan/?tahun=bukan-tahun").status_code == 200
