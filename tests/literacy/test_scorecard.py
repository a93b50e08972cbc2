"""The KIM scorecard: a month's figures from the records the capabilities keep, scored against the regency's
rubric (targets and weights adding up to 100), ranked in each kecamatan, shown on the KIM's profile."""

from __future__ import annotations

import datetime

import time_machine

from jembatan.accounts.roles import Role
from jembatan.dissemination.models import Dissemination
from jembatan.literacy import scorecard, services
from tests.factories import make_item, make_kim, make_staff, signed_in
from tests.literacy.test_events import _event, mail  # noqa: F401

NOW = datetime.datetime(2026, 11, 20, 3, 0, tzinfo=datetime.UTC)


def _month_data():
    admin = make_staff(Role.ADMIN)
    busy = make_kim(status="aktif", admin=admin, village_code="19.71.07.1003", name="KIM Rajin Sekali")
    quiet = make_kim(status="aktif", admin=admin, village_code="19.71.07.1002", name="KIM Sepi Sekali")
    item = make_item()
    for n in range(10):  # above the target of 8: the full 20 points, no more
        Dissemination.objects.create(item=item, kim=busy, channel="whatsapp", date=datetime.date(2026, 11, 1 + n),
                                     audience=30)  # fmt: skip
    make_item(kim=busy, title="Kabar dari KIM Rajin")
    event = _event(capacity=5)
    registration = services.registration_create(event=event, data=services.RegistrationData(
        name="Pengurus Rajin", email="p@contoh.id", kim=busy, officer=True, consent=True))  # fmt: skip
    services.check_in(actor=None, event=event, code=registration.code)
    # Two items passed on at one residents' meeting, and another meeting later: two meetings.
    for day, other in ((3, make_item()), (3, make_item()), (17, item)):
        Dissemination.objects.create(item=other, kim=busy, channel="meeting", date=datetime.date(2026, 11, day),
                                     audience=1)  # fmt: skip
    return busy, quiet


def test_the_months_figures_score_and_rank_in_the_kecamatan(client, db):
    with time_machine.travel(NOW, tick=False):
        busy, quiet = _month_data()
    rows = {row.kim.pk: row for row in scorecard.scorecard("19.71", 2026, 11)}
    top = rows[busy.pk]
    assert top.values["disseminations"] == 13 and top.values["people_reached"] == 303
    assert top.values["meetings"] == 2 and top.values.get("hoax_reports", 0) == 0
    assert top.values["community_news"] == 1 and top.values["officers_trained"] == 1
    # 15 (13 ≥ 8 disseminations) + 10 (2 ≥ 1 meeting) + 5 (one of two news) + 10 (303 ≥ 200 reached)
    # + 7.5 (one of two officers)
    assert top.parts["disseminations"] == 15 and top.parts["meetings"] == 10 and top.parts["community_news"] == 5
    assert top.total == 47.5
    assert (top.rank_in_district, rows[quiet.pk].rank_in_district, rows[quiet.pk].total) == (1, 2, 0)
    assert scorecard.scorecard("19.71", 2026, 10)[0].total == 0  # nothing the month before

    signed_in(client, make_staff(Role.PIMPINAN))
    page = client.get("/staf/kim/penilaian/?bulan=2026-11").content.decode()
    assert page.index("KIM Rajin Sekali") < page.index("KIM Sepi Sekali") and "47,5" in page
    csv = client.get("/staf/kim/penilaian/?bulan=2026-11&format=csv").content.decode()
    assert "KIM Rajin Sekali" in csv.splitlines()[1]
    with time_machine.travel(NOW, tick=False):
        # No month, or one not yet begun: this month so far.
        assert "November 2026" in client.get("/staf/kim/penilaian/").content.decode()
        assert "November 2026" in client.get("/staf/kim/penilaian/?bulan=2099-01").content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 3, 3, 0, tzinfo=datetime.UTC), tick=False):
        assert 'data-testid="kim-score"' not in client.get(f"/kim/{busy.slug}/").content.decode()  # not kept yet
        assert scorecard.refresh() == 4  # two KIMs, November and December
        profile = client.get(f"/kim/{busy.slug}/").content.decode()
    assert 'data-testid="kim-score"' in profile and "47,5" in profile


def test_administrators_change_the_rubric_and_the_weights_must_add_up(client, db):
    with time_machine.travel(NOW, tick=False):
        busy, _quiet = _month_data()
    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    form = {f"{key}-{part}": value for key, rule in scorecard.DEFAULT_RUBRIC.items() for part, value in rule.items()}
    refused = client.post("/staf/kim/penilaian/rubrik/", {**form, "disseminations-weight": "50"})
    assert refused.status_code == 200 and "100" in refused.content.decode()
    client.post("/staf/kim/penilaian/rubrik/", {**form, "disseminations-target": "20"})
    assert scorecard.rubric_for("19.71")["disseminations"]["target"] == 20
    row = next(r for r in scorecard.scorecard("19.71", 2026, 11) if r.kim.pk == busy.pk)
    assert row.parts["disseminations"] == 9.8  # 13 of 20: 0.65 of the weight of 15
    signed_in(client, make_staff(Role.EDITOR))
    assert client.get("/staf/kim/penilaian/rubrik/").status_code == 403


def test_messages_a_kim_officer_sends_for_checking_count_for_their_kim(client, db):
    from jembatan.clarifications.models import CheckRequest

    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin, village_code="19.71.07.1003", name="KIM Tanggap Hoaks")
    officer = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    with time_machine.travel(NOW, tick=False):
        page = signed_in(client, officer).get("/cek-fakta/cek/").content.decode()
        assert "KIM Tanggap Hoaks" in page  # the officer may send it on behalf of the KIM
        sent = client.post("/cek-fakta/cek/", {"text": "Pesan berantai aneh tentang bantuan tunai dari kelurahan.",
                                                "kim": str(kim.pk)})  # fmt: skip
        assert sent.status_code == 200
        client.post("/cek-fakta/cek/", {"text": "Pesan lain yang ingin saya cek sendiri saja.", "kim": ""})
        client.post("/cek-fakta/cek/", {"text": "Pesan atas nama KIM orang lain.", "kim": "999999"})  # not theirs
    assert CheckRequest.objects.filter(kim=kim).count() == 1
    assert not CheckRequest.objects.filter(kim_id=999999).exists()
    row = next(r for r in scorecard.scorecard("19.71", 2026, 11) if r.kim.pk == kim.pk)
    assert row.values["hoax_reports"] == 1 and row.parts["hoax_reports"] == 10
    # Anyone else sees no such choice.
    client.logout()
    assert "KIM Tanggap Hoaks" not in client.get("/cek-fakta/cek/").content.decode()


def test_a_rubric_written_before_a_figure_existed_gives_it_no_weight(db):
    from jembatan.literacy.models import ScorecardRubric

    older = {key: rule for key, rule in scorecard.DEFAULT_RUBRIC.items() if key not in ("meetings", "hoax_reports")}
    ScorecardRubric.objects.create(regency_id="19.71", rubric=older)
    rubric = scorecard.rubric_for("19.71")
    assert rubric["meetings"]["weight"] == 0 and rubric["hoax_reports"]["weight"] == 0
    assert rubric["disseminations"] == scorecard.DEFAULT_RUBRIC["disseminations"]
