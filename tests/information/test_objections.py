"""Objections and the Komisi Informasi path: filed within 30 working days of the answer on a ground that
fits, answered by the atasan PPID within 30, taken to the KI within 14 after that; the KI's steps recorded
in order and never in the future. Every refusal leaves nothing stored."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from jembatan.core.errors import DomainError
from jembatan.information import objections, services
from jembatan.information.models import Objection, ObjectionStatus
from tests.factories import make_staff
from tests.information.test_requests_and_clocks import _at, _data


@pytest.fixture
def answered(db, regions):
    """A request received Monday 2 November 2026, refused in part on Friday 6 November."""
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data())
    with _at(datetime.date(2026, 11, 6)):
        item = services.answer(actor=ppid, request=item, decision="sebagian", answer_text="Sebagian saja.",
                               exemption_ground="Pasal 17 huruf b", consequence_test="Uji konsekuensi 3/2026", fee=5000)  # fmt: skip
    return item


def test_an_objection_gets_its_number_and_the_atasan_ppid_s_due_date(answered):
    assert objections.filing_deadline(answered) == datetime.date(2026, 12, 18)  # 30 working days after 6 November
    with _at(datetime.date(2026, 11, 9)):
        objection = objections.objection_file(request=answered, grounds=["a", "f"], reason="Penolakan tidak berdasar.")
    assert objection.code == f"KEB-2026-{objection.pk:06d}"
    assert objection.decision_due == datetime.date(2026, 12, 21)  # 30 working days from 9 November
    assert objection.grounds == ["a", "f"]


def test_an_objection_after_30_working_days_or_on_a_ground_that_does_not_fit_is_refused(answered):
    with _at(datetime.date(2026, 12, 22)), pytest.raises(DomainError, match="18 Desember 2026"):
        objections.objection_file(request=answered, grounds=["a"], reason="Terlambat.")
    with _at(datetime.date(2026, 11, 9)), pytest.raises(DomainError, match=r"\(c\)"):
        objections.objection_file(request=answered, grounds=["c"], reason="Tidak dijawab.")  # it was answered
    with _at(datetime.date(2026, 11, 9)), pytest.raises(DomainError):
        objections.objection_file(request=answered, grounds=["z"], reason="Alasan.")
    with _at(datetime.date(2026, 11, 9)), pytest.raises(DomainError):
        objections.objection_file(request=answered, grounds=[], reason="Alasan.")
    assert Objection.objects.count() == 0


def test_no_objection_while_the_request_is_within_its_answer_period_but_ground_c_once_it_is_overdue(db, regions):
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data())
    with _at(datetime.date(2026, 11, 5)), pytest.raises(DomainError, match="masih dalam jangka waktu jawaban"):
        objections.objection_file(request=item, grounds=["c"], reason="Belum dijawab.")
    with _at(datetime.date(2026, 11, 17)):  # due 16 November, not answered
        objection = objections.objection_file(request=item, grounds=["c", "g"], reason="Tidak dijawab.")
    assert objection.status == ObjectionStatus.DIAJUKAN


def test_the_atasan_decides_then_the_requester_takes_it_to_the_ki_and_the_ppid_records_its_steps(answered):
    atasan = make_staff("atasan_ppid", email="atasan@kominfo.contoh.go.id")
    with _at(datetime.date(2026, 11, 9)):
        objection = objections.objection_file(request=answered, grounds=["a"], reason="Penolakan tidak berdasar.")
    with _at(datetime.date(2026, 11, 10)), pytest.raises(DomainError, match="21 Desember 2026"):
        objections.objection_take_to_ki(actor=None, objection=objection)  # the atasan may still answer
    with _at(datetime.date(2026, 11, 20)), pytest.raises(DomainError, match="atasan PPID"):
        objections.objection_decide(actor=make_staff("ppid", email="ppid@kominfo.contoh.go.id"), objection=objection,
                                    decision="diterima", text="Bukan wewenang PPID.")  # fmt: skip
    with _at(datetime.date(2026, 11, 20)):
        objection = objections.objection_decide(actor=atasan, objection=objection, decision="ditolak",
                                                text="Jawaban PPID sudah tepat.")  # fmt: skip
    assert objection.dispute_due == datetime.date(2026, 12, 10)  # 14 working days after 20 November
    with _at(datetime.date(2026, 12, 11)), pytest.raises(DomainError, match="14"):
        objections.objection_take_to_ki(actor=None, objection=objection)
    with _at(datetime.date(2026, 12, 1)):
        objection = objections.objection_take_to_ki(actor=None, objection=objection)
    assert objection.status == ObjectionStatus.SENGKETA
    with _at(datetime.date(2026, 12, 4)):
        with pytest.raises(DomainError):  # a date in the future
            objections.objection_ki_record(actor=atasan, objection=objection, step="ki_registered_on",
                                           on=datetime.date(2026, 12, 7))  # fmt: skip
        with pytest.raises(DomainError):  # before the dispute was filed
            objections.objection_ki_record(actor=atasan, objection=objection, step="ki_registered_on",
                                           on=datetime.date(2026, 11, 30))  # fmt: skip
        objection = objections.objection_ki_record(actor=atasan, objection=objection, step="ki_registered_on",
                                                   on=datetime.date(2026, 12, 3))  # fmt: skip
    with time_machine.travel(datetime.datetime(2027, 3, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        objection = objections.objection_ki_record(actor=atasan, objection=objection, step="ki_mediation_on",
                                                   on=datetime.date(2027, 1, 14))  # fmt: skip
        with pytest.raises(DomainError):  # a decision needs its text
            objections.objection_ki_record(actor=atasan, objection=objection, step="ki_decided_on",
                                           on=datetime.date(2027, 2, 25))  # fmt: skip
        objection = objections.objection_ki_record(
            actor=atasan, objection=objection, step="ki_decided_on", on=datetime.date(2027, 2, 25),
            decision="Permohonan dikabulkan sebagian; dokumen diberikan dengan penghitaman.",
        )  # fmt: skip
    assert objection.status == ObjectionStatus.SELESAI and objection.ki_decided_on == datetime.date(2027, 2, 25)
    assert [e.status for e in objection.events.all()] == ["diajukan", "diputus", "sengketa", "sengketa", "sengketa",
                                                          "selesai"]  # fmt: skip
