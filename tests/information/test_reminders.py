"""Reminders to the PPID after 7, 9 and 10 working days (each once, the days waited for a clarification not
counted) and the atasan PPID told of an overdue request, once a day."""

from __future__ import annotations

import datetime

from jembatan.information import services
from tests.factories import make_staff
from tests.information.test_requests_and_clocks import _at, _data
from tests.notifications import fake_mail


def _sent(settings):
    return [(m.to[0], m.subject) for m in fake_mail.SENT]


def test_reminders_at_7_9_10_working_days_then_the_atasan_when_overdue(
    db, regions, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()
    make_staff("ppid", email="ppid@kominfo.contoh.go.id")
    make_staff("atasan_ppid", email="atasan@kominfo.contoh.go.id")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data(email="", delivery="pos"), idempotency_key=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 10))["reminded"] == 0  # 6 working days
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 11))["reminded"] == 1  # 7
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 11))["reminded"] == 0  # once
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 13))["reminded"] == 1  # 9
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 16))["reminded"] == 1  # 10: the due day
        result = services.remind_and_escalate(today=datetime.date(2026, 11, 17))  # overdue
        assert result == {"reminded": 0, "escalated": 1}
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 17))["escalated"] == 0  # once a day
    subjects = [subject for to, subject in _sent(settings) if to == "ppid@kominfo.contoh.go.id"]
    assert [s.split(": ")[1].split(" ")[0] for s in subjects] == ["7", "9", "10"]
    assert [to for to, subject in _sent(settings) if item.code in subject and "atasan" in to] == [
        "atasan@kominfo.contoh.go.id"
    ]


def test_the_days_waited_for_a_clarification_do_not_count(db, regions, settings):
    ppid = make_staff("ppid", email="ppid@kominfo.contoh.go.id")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data())
        services.clarification_ask(actor=ppid, request=item, question="Yang mana?")
    with _at(datetime.date(2026, 11, 9)):  # 5 working days waited
        services.clarification_give(actor=None, request=item, answer="Yang 2026.")
    assert services.remind_and_escalate(today=datetime.date(2026, 11, 11))["reminded"] == 0  # 7 − 5 = 2
    assert services.remind_and_escalate(today=datetime.date(2026, 11, 18))["reminded"] == 1  # 12 − 5 = 7
