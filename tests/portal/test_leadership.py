"""The leadership dashboard: a period's figures per agency and kecamatan, coverage and reach, with exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.aspirations.models import Aspiration
from tests.factories import make_aspiration, make_category, make_staff, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client):
    signed_in(client, make_staff(Role.PIMPINAN))
    return client


def test_the_period_figures_per_agency_and_kecamatan(leader):
    admin = make_staff(Role.ADMIN)
    category = make_category()
    answered = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    pending = make_aspiration(status="didisposisikan", admin=admin, category=category, title="Masih ditangani")
    old = make_aspiration(status="ditindaklanjuti", admin=admin, category=category, title="Laporan lama")
    Aspiration.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=90))
    page = leader.get("/staf/pimpinan/")
    body = page.content.decode()
    assert page.status_code == 200
    agencies = page.context["tables"]["instansi"]["rows"]
    row = next(r for r in agencies if r[0] == category.agency.name)
    assert row[1:4] == [2, 1, 1]  # the 90-day-old report is outside the default 30 days
    assert row[4] == 1 and row[5] == 100  # the pending report is not yet due
    assert "Bukit Intan" in body  # every kecamatan is listed, with or without reports
    assert f"{answered.code}" not in body and "Masih ditangani" not in body  # figures, not reports
    assert pending.pk


def test_each_table_exports_as_csv_and_xlsx(leader):
    from openpyxl import load_workbook

    make_aspiration(status="ditindaklanjuti", admin=make_staff(Role.ADMIN), category=make_category())
    for table in ("instansi", "kecamatan", "cakupan", "jangkauan"):
        response = leader.get(f"/staf/pimpinan/?unduh=csv&tabel={table}")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) >= 2 and rows[0][0] in ("Perangkat daerah", "Kecamatan")
        workbook = load_workbook(io.BytesIO(leader.get(f"/staf/pimpinan/?unduh=xlsx&tabel={table}").content))
        assert [cell.value for cell in next(workbook.active.iter_rows(max_row=1))] == rows[0]
    assert leader.get("/staf/pimpinan/?unduh=pdf&tabel=instansi").status_code == 404


def test_a_bad_period_is_explained_and_citizens_are_kept_out(leader, client):
    response = leader.get("/staf/pimpinan/?dari=2026-05-01&sampai=2026-01-01")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert leader.get("/staf/pimpinan/?dari=2024-01-01&sampai=2026-01-01").status_code == 200
    outsider = client.__class__()
    assert outsider.get("/staf/pimpinan/").status_code in (302, 403)
