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
    return busy, quiet


def test_the_months_figures_score_and_rank_in_the_kecamatan(client, db):
    with time_machine.travel(NOW, tick=False):
        busy, quiet = _month_data()
    rows = {row.kim.pk: row for row in scorecard.scorecard("19.71", 2026, 11)}
    top = rows[busy.pk]
    assert top.values["disseminations"] == 10 and top.values["people_reached"] == 300
    assert top.values["community_news"] == 1 and top.values["officers_trained"] == 1
    # 20 (disseminations) + 5 (one of two news) + 15 (300 ≥ 200 reached) + 7.5 (one of two officers)
    assert top.parts["disseminations"] == 20 and top.parts["community_news"] == 5 and top.total == 47.5
    assert (top.rank_in_district, rows[quiet.pk].rank_in_district, rows[quiet.pk].total) == (1, 2, 0)
    assert scorecard.scorecard("19.71", 2026, 10)[0].total == 0  # nothing the month before

    signed_in(client, make_staff(Role.PIMPINAN))
    page = client.get("/staf/kim/penilaian/?bulan=2026-11").content.decode()
    assert page.index("KIM Rajin Sekali") < page.index("KIM Sepi Sekali") and "47,5" in page
    csv = client.get("/staf/kim/penilaian/?bulan=2026-11&format=csv").content.decode()
    assert "KIM Rajin Sekali" in csv.splitlines()[1]
    assert client.get("/staf/kim/penilaian/?bulan=2099-01").status_code == 200  # a future month: the last full one
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
    assert row.parts["disseminations"] == 10  # 10 of 20: half the weight
    signed_in(client, make_staff(Role.EDITOR))
    assert client.get("/staf/kim/penilaian/rubrik/").status_code == 403
