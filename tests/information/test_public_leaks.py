"""An information request's requester leaks nowhere: every public page, API response, feed and search
result is searched for the name, NIK, address, contacts and the requester's own words, while the
request itself is there (its number, the PPID's wording, dates and decision)."""

from __future__ import annotations

import json

from jembatan.information import services
from jembatan.information.models import InformationRequest
from tests.aspirations.test_public_leaks import _feed_routes
from tests.factories import make_staff

NAME = "Yusniar Bocorwati"
NIK = "1971015803880007"
ADDRESS = "Gang Kenari XQJALAMAT 7"
EMAIL = "yusniar.bocorwati@rahasia-uji.id"
PHONE = "0819-7654-1122"
INFORMATION = "Salinan kontrak XQJKONTRAK pengadaan lampu jalan 2026"
PURPOSE = "Bahan liputan XQJTUJUAN"
NEEDLES = ["yusniar", "bocorwati", NIK, "xqjalamat", "rahasia-uji.id", "81976541122", "0819-7654-1122",
           "xqjkontrak", "xqjtujuan"]  # fmt: skip


def test_no_public_response_carries_the_requester(client, db, regions, django_capture_on_commit_callbacks):
    body = {"name": NAME, "nik": NIK, "address": ADDRESS, "occupation": "Wartawan", "email": EMAIL, "phone": PHONE,
            "information": INFORMATION, "purpose": PURPOSE, "obtain": "salinan_softcopy", "delivery": "email",
            "consent": True}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/information-requests", json.dumps(body), content_type="application/json",
                              HTTP_IDEMPOTENCY_KEY="kunci-bocor-ppid")  # fmt: skip
    assert created.status_code == 201
    number = created.json()["number"]
    item = InformationRequest.objects.get(code=number)
    InformationRequest.objects.filter(pk=item.pk).update(subject="Kontrak pengadaan lampu jalan 2026")
    services.answer(actor=make_staff("admin"), request=item, decision="dikabulkan",
                    answer_text="Salinan kontrak terlampir.")  # fmt: skip
    urls = [
        "/", "/informasi/permohonan/", f"/informasi/permohonan/{number}/", f"/api/v1/information-requests/{number}",
        "/cari/?q=kontrak", "/cari/?q=lampu+jalan", "/api/v1/openapi.json", *_feed_routes(),
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        text = response.content.decode("utf-8").lower()
        leaked = [needle for needle in NEEDLES if needle.lower() in text]
        assert not leaked, f"{url} shows {leaked}"
    # The search above looked at real content: the request is in the register, with its public wording.
    entry = client.get(f"/informasi/permohonan/{number}/").content.decode()
    assert number in entry and "Kontrak pengadaan lampu jalan 2026" in entry
    assert client.get(f"/api/v1/information-requests/{number}").json()["decision"] == "dikabulkan"
    # …and the identity is stored, for the PPID.
    item.refresh_from_db()
    assert (item.name, item.nik, item.email) == (NAME, NIK, EMAIL)
