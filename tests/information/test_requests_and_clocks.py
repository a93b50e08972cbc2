"""Information requests on the legal clock (DOMAIN.md §3.3), over the 2026 calendar: 10 working days,
paused while a clarification is awaited, one extension of 7 with a reason, a resend that keeps the
clock, a calendar change that moves open due dates (audited), and bad input refused with nothing stored."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jembatan.core import services as core_services
from jembatan.core.audit import AuditLog
from jembatan.core.errors import DomainError
from jembatan.information import services
from jembatan.information.clocks import CLOCKS
from jembatan.information.models import InformationRequest, RequestStatus
from jembatan.information.nik import clean_nik
from tests.factories import make_staff

NIK = "1971014501900003"  # Pangkalpinang, a woman born 5 January 1990


def _data(**overrides) -> services.RequestData:
    values = {
        "name": "Rina Lestari", "nik": NIK, "address": "Jl. Merdeka 1, Pangkalpinang", "occupation": "Wiraswasta",
        "email": "rina@contoh.id", "phone": "+6281234567890",
        "information": "Dokumen Rencana Kerja dan Anggaran Dinas PUPR tahun 2026.",
        "purpose": "Memantau pembangunan jalan di kelurahan kami.", "obtain": "salinan_softcopy", "delivery": "email",
        "regency_code": "19.71",
    }  # fmt: skip
    return services.RequestData(**{**values, **overrides})


def _at(day: datetime.date, hour: int = 9):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour - 7, 0, tzinfo=datetime.UTC), tick=False
    )


def test_a_request_gets_its_number_and_its_due_date_at_once_over_nyepi_and_idul_fitri(db, regions):
    with _at(datetime.date(2026, 3, 16)):
        request, created = services.information_request_submit(data=_data())
    assert created and request.code == f"PPID-2026-{request.pk:06d}"
    # Monday 16 March: 17 counts; 18–24 are Nyepi, Idul Fitri and cuti bersama; 25, 26, 27, 30, 31 March,
    # 1 and 2 April count; 3 April is Good Friday; 6 and 7 April count.
    assert request.answer_due == datetime.date(2026, 4, 7)
    explained = CLOCKS.explain("answer", request)
    assert explained.due == request.answer_due and explained.days == 10 and explained.paused_days == 0
    assert {day.date for day in explained.skipped} >= {datetime.date(2026, 3, 19), datetime.date(2026, 4, 3)}
    assert request.status == RequestStatus.DITERIMA


def test_a_resend_keeps_the_first_clock(db, regions):
    with _at(datetime.date(2026, 12, 1)):
        first, created = services.information_request_submit(data=_data(), idempotency_key="kunci-1")
    with _at(datetime.date(2026, 12, 10)):
        again, created_again = services.information_request_submit(data=_data(), idempotency_key="kunci-1")
    assert created and not created_again and again.pk == first.pk
    assert again.received_at == first.received_at and again.answer_due == first.answer_due
    assert InformationRequest.objects.count() == 1


def test_a_clarification_pauses_the_clock_and_the_answer_resumes_it_without_restarting(db, regions):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):  # Monday
        request, _created = services.information_request_submit(data=_data())
    assert request.answer_due == datetime.date(2026, 11, 16)
    with _at(datetime.date(2026, 11, 4)):
        request = services.clarification_ask(actor=ppid, request=request, question="Tahun anggaran yang mana?")
    assert request.status == RequestStatus.KLARIFIKASI and request.answer_due is None  # paused: no date
    assert request.clarification_due is not None
    with _at(datetime.date(2026, 11, 9)):  # three working days later (4→9 November: 5, 6, 9)
        request = services.clarification_give(actor=None, request=request, answer="Tahun anggaran 2026.")
    assert request.status == RequestStatus.DITERIMA
    assert request.answer_due == datetime.date(2026, 11, 19)  # 16 November + the 3 working days waited
    assert CLOCKS.explain("answer", request).paused_days == 3


def test_one_extension_of_seven_working_days_with_a_reason_and_not_twice(db, regions):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 12, 14)):
        request, _created = services.information_request_submit(data=_data())
    # 10 working days from Monday 14 December: 24 (cuti bersama) and 25 December (Christmas) do not count.
    assert request.answer_due == datetime.date(2026, 12, 30)
    with pytest.raises(DomainError, match="alasan perpanjangan"):  # the requester reads it: Indonesian
        services.extend(actor=ppid, request=request, reason="  ")
    request = services.extend(actor=ppid, request=request, reason="Dokumen berada di arsip gudang.")
    assert (request.status, request.extension_days) == (RequestStatus.DIPERPANJANG, 7)
    # 7 more: 31 December, then 4, 6, 7, 8, 11 and 12 January (1 January New Year, 5 January Isra Mi'raj).
    assert request.answer_due == datetime.date(2027, 1, 12)
    audit_rows = AuditLog.objects.count()
    with pytest.raises(DomainError, match="satu kali"):
        services.extend(actor=ppid, request=request, reason="Lagi.")
    request.refresh_from_db()
    assert request.extension_days == 7 and AuditLog.objects.count() == audit_rows


def test_a_clarification_during_an_extension_returns_to_the_extended_clock(db, regions):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):
        request, _created = services.information_request_submit(data=_data())
        request = services.extend(actor=ppid, request=request, reason="Perlu waktu.")
        request = services.clarification_ask(actor=ppid, request=request, question="Untuk kecamatan mana?")
    with _at(datetime.date(2026, 11, 3)):
        request = services.clarification_give(actor=None, request=request, answer="Kecamatan Bukit Intan.")
    assert request.status == RequestStatus.DIPERPANJANG
    assert request.answer_due == datetime.date(2026, 11, 26)  # 17 working days from 2 November, + 1 waited


def test_a_calendar_change_moves_every_open_due_date_and_is_audited(db, regions, django_capture_on_commit_callbacks):
    with _at(datetime.date(2026, 11, 2)):
        request, _created = services.information_request_submit(data=_data())
        assert request.answer_due == datetime.date(2026, 11, 16)
        with django_capture_on_commit_callbacks(execute=True):
            core_services.calendar_override_add(actor=None, date=datetime.date(2026, 11, 10), kind="libur",
                                                reason="Banjir")  # fmt: skip
    request.refresh_from_db()
    assert request.answer_due == datetime.date(2026, 11, 17)
    assert AuditLog.objects.filter(verb="information.deadlines_recomputed", object_id=str(request.pk)).exists()


def test_the_answer_records_the_decision_and_a_refusal_needs_its_ground_and_consequence_test(db, regions):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):
        request, _created = services.information_request_submit(data=_data())
    with _at(datetime.date(2026, 11, 6)), pytest.raises(DomainError, match="uji konsekuensi"):
        services.answer(actor=ppid, request=request, decision="sebagian", answer_text="Sebagian kami berikan.")
    with _at(datetime.date(2026, 11, 6)):
        request = services.answer(
            actor=ppid, request=request, decision="sebagian", answer_text="Sebagian kami berikan.",
            exemption_ground="Pasal 17 huruf b", consequence_test="Uji konsekuensi PPID No. 3/2026",
        )  # fmt: skip
    assert (request.status, request.decision, request.answer_working_days) == (RequestStatus.DIJAWAB, "sebagian", 4)


def test_an_unanswered_clarification_lapses_after_the_stated_period(db, regions, settings):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):
        request, _created = services.information_request_submit(data=_data())
        request = services.clarification_ask(actor=ppid, request=request, question="Dokumen yang mana?")
    assert request.clarification_due == datetime.date(2026, 11, 16)
    assert services.lapse_unclarified(today=datetime.date(2026, 11, 16)) == 0
    assert services.lapse_unclarified(today=datetime.date(2026, 11, 17)) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.GUGUR and request.closed_at is not None


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("197101450190000", "16 digits"),  # 15 digits
        ("0071014501900003", "region"),
        ("1971017201900003", "date of birth"),  # day 72 − 40 = 32
        ("1971014513900003", "date of birth"),  # month 13
        ("1971014501900000", "0000"),
    ],
)
def test_a_wrong_nik_is_refused_in_plain_words_and_nothing_is_stored(db, regions, english, nik, problem):
    with pytest.raises(ValidationError, match=problem):
        clean_nik(nik)
    with pytest.raises(DomainError):
        services.information_request_submit(data=_data(nik=nik))
    assert InformationRequest.objects.count() == 0


def test_identity_is_stored_encrypted(db, regions):
    from django.db import connection

    request, _created = services.information_request_submit(data=_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, name, address FROM information_informationrequest WHERE id = %s", [request.pk])
        row = cursor.fetchone()
    assert NIK not in row[0] and "Rina" not in row[1] and "Merdeka" not in row[2]
    request.refresh_from_db()
    assert request.nik == NIK
