"""The public deadline calculator shows the due date and every day it skipped, with the reason."""

from __future__ import annotations

import datetime

from jembatan.core import services
from jembatan.core.models import CalendarOverride
from jembatan.core.workdays import WorkingCalendar


def test_the_due_date_comes_with_the_days_skipped_and_why(client, db):
    body = client.get("/hitung-tenggat/?mulai=2026-03-17&hari=3").content.decode()
    due = WorkingCalendar.current().add_working_days(datetime.date(2026, 3, 17), 3)
    assert due == datetime.date(2026, 3, 27)
    assert "Jatuh tempo pada Jumat, 27 Maret 2026" in body
    assert "Hari Suci Nyepi" in body
    assert "akhir pekan" in body
    assert "7 hari di antaranya tidak dihitung" in body


def test_a_local_day_off_shows_with_its_reason(client, db):
    admin = None
    services.calendar_override_add(
        actor=admin, date=datetime.date(2026, 6, 3), kind=CalendarOverride.Kind.DAY_OFF, reason="HUT Kota Pangkalpinang"
    )
    body = client.get("/hitung-tenggat/?mulai=2026-06-01&hari=5").content.decode()
    assert "libur kota: HUT Kota Pangkalpinang" in body
    due, skipped = WorkingCalendar.current().explain(datetime.date(2026, 6, 1), 5)
    assert due == WorkingCalendar.current().add_working_days(datetime.date(2026, 6, 1), 5)
    assert [d.kind for d in skipped if d.date == datetime.date(2026, 6, 3)] == ["lokal"]


def test_explain_agrees_with_add_working_days_over_a_year_of_starts(db):
    calendar = WorkingCalendar.current()
    day = datetime.date(2026, 1, 1)
    for offset in range(0, 365, 3):
        start = day + datetime.timedelta(days=offset)
        for days in (0, 1, 3, 10, 30):
            due, skipped = calendar.explain(start, days)
            assert due == calendar.add_working_days(start, days)
            assert all(not calendar.is_working_day(s.date) for s in skipped)
            assert (due - start).days == days + len(skipped)


def test_bad_input_gets_a_message_and_no_error(client, db):
    for query in (
        "mulai=kemarin&hari=3",
        "mulai=2026-01-01&hari=-1",
        "mulai=2026-01-01&hari=99999",
        "mulai=3000-01-01&hari=1",
    ):
        response = client.get(f"/hitung-tenggat/?{query}")
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()


def test_the_page_offers_the_legal_clocks(client, db):
    body = client.get("/hitung-tenggat/").content.decode()
    assert "hari=10" in body and "hari=30" in body and "hari=14" in body
    assert "Komisi Informasi" in body
