"""The pages the citizen's journey does not visit: a pengurus managing members, an administrator
running the registry, leadership reading dashboards, and the public pages and error pages in English.

Like test_kim_journey.py, every page is checked with axe-core by the ``audit`` fixture, and elements
are found by ids, names, attributes and URLs, never by visible text. Volunteers and citizens use a
phone (390 px wide), staff a desktop (1280 px).
"""

from __future__ import annotations

import pytest
from django.core import mail

from jembatan.accounts.models import RoleAssignment
from jembatan.agencies.models import Agency
from jembatan.communities.models import Kim, KimMember, KimStatus, MemberRole
from tests.factories import PASSWORD, make_kim, make_staff, make_user, totp_token

pytestmark = [
    pytest.mark.e2e,
    # WhiteNoise warns that STATIC_ROOT (var/static) is missing; the live server serves static files itself.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _submit(page, form_selector: str = "main form[method='post']") -> None:
    """Submit a form with its own submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type='submit']").click()


def _follow(page, selector: str) -> None:
    """Click a link and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).click()


def _sign_in(page, site: str, audit, email: str, *, label: str) -> None:
    """Sign in with the password form; staff then land on the second step (checked by the caller)."""
    page.goto(f"{site}/akun/masuk/")
    audit.check(page, f"{label} sign in")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    _submit(page)


def _sign_in_staff(page, site: str, audit, user, *, label: str) -> None:
    """Password, then the authenticator code (the factories give staff a confirmed TOTP device)."""
    _sign_in(page, site, audit, user.email, label=label)
    assert page.url.startswith(f"{site}/akun/2fa/"), page.url
    audit.check(page, f"{label} second step")
    page.fill("#id_token", totp_token(user))
    _submit(page)
    assert page.url == f"{site}/staf/", page.locator(".error-summary").all_inner_texts()


def _rows(page):
    return page.locator("main tbody tr")


def test_pengurus_manages_members(site, new_page, audit):
    admin = make_staff("admin")
    applicant = make_user(email="pengurus.pasarpadi@contoh.id", full_name="Siti Aminah")
    kim = make_kim(
        status="aktif",
        admin=admin,
        applicant=applicant,
        name="KIM Pasar Padi Sejahtera",
        village_code="19.71.07.1001",
        members=5,
    )
    old_ketua = kim.members.get(role=MemberRole.KETUA)
    edited, removed = kim.members.filter(role=MemberRole.ANGGOTA).order_by("pk")
    members_url = f"/staf/kim/{kim.slug}/anggota/"

    # 1. The applicant became pengurus when the KIM was legalised: signing in leads to the workspace.
    page = new_page(**PHONE)
    _sign_in(page, site, audit, applicant.email, label="pengurus")
    assert page.url == f"{site}/staf/"
    audit.check(page, "pengurus workspace")
    _follow(page, f"section[aria-labelledby='my-kims'] a[href='{members_url}']")
    assert page.url == f"{site}{members_url}"
    assert _rows(page).count() == 5
    audit.check(page, "members")

    # 2. A new member, with a phone number as people type it and consent to be contacted.
    _follow(page, f"main a[href='{members_url}baru/']")
    audit.check(page, "add member")
    assert page.input_value("#id_village") == kim.village_id  # the KIM's kelurahan is suggested
    assert page.input_value("#id_role") == MemberRole.ANGGOTA  # not an office: that would demote the ketua
    page.fill("#id_full_name", "Rahmat Hidayat")
    page.fill("#id_phone", "0812-7300-4455")
    page.check("#id_consent_contact")
    _submit(page)
    assert page.url == f"{site}{members_url}", page.locator(".error-summary").all_inner_texts()
    assert page.locator(".message-success").count() == 1
    assert _rows(page).count() == 6
    audit.check(page, "member added")
    newcomer = kim.members.get(full_name="Rahmat Hidayat")
    assert (newcomer.role, newcomer.phone, newcomer.consent_contact) == (MemberRole.ANGGOTA, "+6281273004455", True)

    # 3. An existing member's details are corrected.
    _follow(page, f"main a[href='{members_url}{edited.pk}/']")
    audit.check(page, "edit member")
    assert page.input_value("#id_full_name") == edited.full_name
    assert page.input_value("#id_role") == MemberRole.ANGGOTA
    page.fill("#id_full_name", "Dewi Lestari")
    page.fill("#id_phone", "0813-6600-1122")
    _submit(page)
    assert page.url == f"{site}{members_url}", page.locator(".error-summary").all_inner_texts()
    audit.check(page, "member edited")
    edited.refresh_from_db()
    assert (edited.full_name, edited.phone) == ("Dewi Lestari", "+6281366001122")

    # 4. The ketua hands the office over: the successor is edited and given the position.
    assert page.locator(f"form[action='{members_url}{old_ketua.pk}/hapus/']").count() == 0  # a pengurus
    _follow(page, f"main a[href='{members_url}{newcomer.pk}/']")
    audit.check(page, "edit successor")
    page.select_option("#id_role", MemberRole.KETUA)
    _submit(page)
    assert page.url == f"{site}{members_url}", page.locator(".error-summary").all_inner_texts()
    assert page.locator(".message-success").count() == 1
    audit.check(page, "ketua handed over")
    newcomer.refresh_from_db()
    old_ketua.refresh_from_db()
    assert (newcomer.role, old_ketua.role) == (MemberRole.KETUA, MemberRole.ANGGOTA)
    assert kim.members.filter(role=MemberRole.KETUA).count() == 1
    # The former ketua is an ordinary member now (removable); the new ketua is not.
    assert page.locator(f"form[action='{members_url}{old_ketua.pk}/hapus/']").count() == 1
    assert page.locator(f"form[action='{members_url}{newcomer.pk}/hapus/']").count() == 0

    # 5. Removing a pengurus is refused by the server too (the page offers no button: a stale page or
    #    a crafted request), with a message saying what to do instead.
    page.locator(f"form[action='{members_url}{removed.pk}/hapus/']").evaluate(
        "(form, action) => form.setAttribute('action', action)", f"{members_url}{newcomer.pk}/hapus/"
    )
    _submit(page, f"form[action='{members_url}{newcomer.pk}/hapus/']")
    assert page.url == f"{site}{members_url}"
    assert page.locator(".message-error").count() == 1
    assert page.locator(".message-success").count() == 0
    audit.check(page, "pengurus not removed")
    assert KimMember.objects.filter(pk=newcomer.pk, role=MemberRole.KETUA).exists()

    # 6. An ordinary member is removed.
    _submit(page, f"form[action='{members_url}{removed.pk}/hapus/']")
    assert page.locator(".message-success").count() == 1
    assert _rows(page).count() == 5
    audit.check(page, "member removed")
    assert not KimMember.objects.filter(pk=removed.pk).exists()

    # 7. The public profile names the new ketua and publishes no member's phone number, not even masked.
    visitor = new_page(**PHONE)
    visitor.goto(f"{site}/kim/{kim.slug}/")
    audit.check(visitor, "public profile")
    ketua_item = visitor.locator("ul.pengurus li").filter(has_text="Rahmat Hidayat")
    assert ketua_item.count() == 1
    assert "****" not in ketua_item.inner_text()
    html = visitor.content()
    for full_number in ("+6281273004455", "081273004455", "0812-7300-4455", "812-7300", "7300-4455", "*455"):
        assert full_number not in html, full_number
    assert "Dewi Lestari" not in html  # ordinary members are not named in public

    audit.assert_clean()


def test_admin_runs_the_registry(site, new_page, audit):
    admin = make_staff("admin", email="admin.registri@kominfo.contoh.go.id", full_name="Admin Registri")
    applicant = make_user(email="pemohon.ampui@contoh.id", full_name="Pemohon Ampui")
    to_reject = make_kim(status="diajukan", applicant=applicant, name="KIM Ampui Maju", village_code="19.71.03.1007")
    to_dissolve = make_kim(status="aktif", admin=admin, name="KIM Taman Bunga Harapan", village_code="19.71.05.1001")
    kept = make_kim(status="aktif", admin=admin, name="KIM Keramat Cerdas", village_code="19.71.04.1009")
    make_kim(status="diverifikasi", admin=admin, name="KIM Asam Berseri", village_code="19.71.04.1006")

    # An anonymous visitor's coverage page is cached before the rules change.
    visitor = new_page(**PHONE)
    visitor.goto(f"{site}/cakupan/")
    audit.check(visitor, "coverage before")
    assert set(visitor.locator(".coverage-chart .chart-value").all_text_contents()) >= {"0/1", "1/1 ✓"}

    # 1. Password and authenticator code.
    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, admin, label="admin")
    assert page.locator("section[aria-labelledby='q-verify'] li").count() == 1
    audit.check(page, "admin workspace")

    # 2. All KIMs: filtered by status, then searched by name.
    _follow(page, "nav.subnav a[href='/staf/kim/']")
    assert _rows(page).count() == 4
    audit.check(page, "all KIMs")
    _follow(page, "nav.subnav a[href='?status=aktif']")
    assert page.url == f"{site}/staf/kim/?status=aktif"
    assert page.locator("nav.subnav a[href='?status=aktif'][aria-current='page']").count() == 1
    assert _rows(page).count() == 2
    assert _rows(page).locator(".badge-aktif").count() == 2
    audit.check(page, "active KIMs")
    page.fill("#q", "Taman")
    _submit(page, "form.filters")
    assert page.url == f"{site}/staf/kim/?status=aktif&q=Taman"
    assert _rows(page).count() == 1
    audit.check(page, "search")

    # 3. A KIM's page, with its history, and its dissolution.
    _follow(page, f"main tbody a[href='/staf/kim/{to_dissolve.slug}/']")
    assert page.locator("ol.history li").count() == 4  # submitted, verified, legalised, activated
    audit.check(page, "KIM detail")
    page.fill("#dissolve-reason", "Pengurus menyatakan KIM bubar dalam rapat anggota.")
    _submit(page, "form[action$='/aksi/dissolve/']")
    assert page.locator(".message-success").count() == 1
    assert page.locator(".badge-dibubarkan").count() == 1
    assert page.locator("ol.history li").count() == 5
    assert "rapat anggota" in page.locator(".notice").inner_text()  # the reason is on record
    assert page.locator(".actions-grid").count() == 0  # nothing left to do, and no empty section
    audit.check(page, "dissolved")
    to_dissolve.refresh_from_db()
    assert to_dissolve.status == KimStatus.DIBUBARKAN

    # 4. An application from the queue is rejected with a reason; the applicant is told.
    page.goto(f"{site}/staf/")
    audit.check(page, "workspace again")
    _follow(page, f"section[aria-labelledby='q-verify'] a[href='/staf/kim/{to_reject.slug}/']")
    audit.check(page, "application")
    sent = len(mail.outbox)
    page.fill("#reject-reason", "Kelurahan Ampui sudah memiliki KIM aktif.")
    _submit(page, "form[action$='/aksi/reject/']")
    assert page.locator(".message-success").count() == 1
    assert page.locator(".badge-ditolak").count() == 1
    # A rejected application is closed: no action is left (not even dissolving).
    assert page.locator("form[action*='/aksi/']").count() == 0
    audit.check(page, "rejected")
    to_reject.refresh_from_db()
    assert (to_reject.status, to_reject.rejection_reason) == (
        KimStatus.DITOLAK,
        "Kelurahan Ampui sudah memiliki KIM aktif.",
    )
    assert [m.to for m in mail.outbox[sent:]] == [[applicant.email]]

    # 5. The rules: two active KIMs per kecamatan from now on; the public coverage follows at once.
    page.goto(f"{site}/staf/")
    audit.check(page, "workspace before rules")
    _follow(page, "nav.subnav a[href='/staf/kim/aturan/']")
    assert page.input_value("#id_target_per_district") == "1"
    audit.check(page, "rules")
    page.fill("#id_target_per_district", "2")
    _submit(page)
    assert page.url == f"{site}/staf/kim/aturan/", page.locator(".error-summary").all_inner_texts()
    assert page.locator(".message-success").count() == 1
    assert page.input_value("#id_target_per_district") == "2"
    audit.check(page, "rules saved")
    visitor.goto(f"{site}/cakupan/")
    audit.check(visitor, "coverage after")
    values = visitor.locator(".coverage-chart .chart-value").all_text_contents()
    assert values and all(v.endswith("/2") for v in values), values
    kept_district = kept.village.district_id
    row = visitor.locator("tbody tr").filter(has=visitor.locator(f"a[href$='?kecamatan={kept_district}']"))
    assert row.locator("td.num").first.inner_text().strip() == "1"
    assert visitor.locator("tbody .badge-aktif").count() == 0  # no kecamatan has two active KIMs

    # 6. Agencies: the list, and a new one.
    page.goto(f"{site}/staf/")
    audit.check(page, "workspace before agencies")
    _follow(page, "nav.subnav a[href='/staf/opd/']")
    audit.check(page, "agencies")
    _follow(page, "main a[href='/staf/opd/baru/']")
    audit.check(page, "new agency")
    page.fill("#id_name", "Dinas Pendidikan")
    page.fill("#id_short_name", "Disdik")
    page.fill("#id_email", "disdik@pangkalpinang.contoh.go.id")
    page.fill("#id_phone", "(0717) 42 1234")
    page.fill("#id_address", "Jl. Rasakunda No. 1")
    _submit(page)
    assert page.url == f"{site}/staf/opd/", page.locator(".error-summary").all_inner_texts()
    agency = Agency.objects.get(short_name="Disdik")
    assert agency.is_active and agency.regency_id == "19.71"
    assert page.locator(f"main tbody a[href='/staf/opd/{agency.pk}/']").count() == 1
    audit.check(page, "agency added")

    # 7. The audit log, filtered by action.
    page.goto(f"{site}/staf/")
    audit.check(page, "workspace before audit log")
    _follow(page, "nav.subnav a[href='/staf/audit/']")
    assert _rows(page).count() > 5
    # Every column, the IP address last, fits a desktop's width without scrolling the table.
    assert page.locator("main .table-wrap").evaluate("wrap => wrap.scrollWidth - wrap.clientWidth") == 0
    audit.check(page, "audit log")
    page.fill("#id_verb", "kim.reject")
    _submit(page, "form.filters")
    assert "verb=kim.reject" in page.url
    assert page.locator("main tbody td code").all_inner_texts() == ["kim.reject"]
    audit.check(page, "audit log filtered")

    # 8. People and roles: a new editor gets the role and an email with a link to choose a password.
    page.goto(f"{site}/staf/")
    audit.check(page, "workspace before people")
    _follow(page, "nav.subnav a[href='/staf/pengguna/']")
    audit.check(page, "people")
    sent = len(mail.outbox)
    assert page.input_value("#id_role") == ""  # no role, least of all the administrator's, is preselected
    page.fill("#id_full_name", "Rina Editor")
    page.fill("#id_email", "rina.editor@kominfo.contoh.go.id")
    page.select_option("#id_role", "editor")
    _submit(page, "main form.stack")
    assert page.url == f"{site}/staf/pengguna/", page.locator(".error-summary").all_inner_texts()
    assert page.locator(".message-success").count() == 1
    audit.check(page, "editor added")
    assert RoleAssignment.objects.filter(user__email="rina.editor@kominfo.contoh.go.id", role="editor").exists()
    assert [m.to for m in mail.outbox[sent:]] == [["rina.editor@kominfo.contoh.go.id"]]

    audit.assert_clean()


def test_leadership_sees_dashboards_read_only(site, new_page, audit):
    admin = make_staff("admin")
    waiting = make_kim(status="diajukan", name="KIM Rejosari Terang", village_code="19.71.03.1008")
    make_kim(status="aktif", admin=admin, name="KIM Bintang Timur", village_code="19.71.04.1002")
    leader = make_staff("pimpinan", email="sekda@pangkalpinang.contoh.go.id", full_name="Pimpinan Daerah")

    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, leader, label="leadership")
    coverage = page.locator("section[aria-labelledby='cov-1']")
    assert coverage.locator(".stat").count() == 3
    assert coverage.locator(".stat-number").nth(1).inner_text().strip() == "1"  # active KIMs
    assert page.locator("nav.subnav").count() == 0  # no administration menu
    assert page.locator("section[aria-labelledby='q-verify']").count() == 0
    audit.check(page, "leadership workspace")

    # The leadership dashboard: a period's tables with charts and downloads, on a phone too.
    _follow(page, "main a[href='/staf/pimpinan/']")
    assert page.locator("main section h2").count() == 4
    assert page.locator("main a[href*='unduh=xlsx']").count() == 4
    audit.check(page, "leadership dashboard")
    page.set_viewport_size(PHONE)  # an authenticator code works once: the same session, a phone's width
    audit.check(page, "leadership dashboard on a phone")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/staf/")
    audit.check(page, "leadership workspace again")

    _follow(page, "section[aria-labelledby='cov-1'] a[href='/staf/kim/']")
    assert _rows(page).count() == 2
    audit.check(page, "KIM list")
    _follow(page, f"main tbody a[href='/staf/kim/{waiting.slug}/']")
    assert page.locator("form[action*='/aksi/']").count() == 0  # read-only
    audit.check(page, "KIM detail read-only")

    # An administrator's action, posted with a valid CSRF token all the same: refused.
    with audit.expect_status(403):
        with page.expect_navigation():
            page.evaluate(
                """action => {
                    const form = document.createElement('form');
                    form.method = 'post';
                    form.action = action;
                    form.append(document.querySelector("input[name='csrfmiddlewaretoken']").cloneNode());
                    document.body.append(form);
                    form.submit();
                }""",
                f"/staf/kim/{waiting.slug}/aksi/verify/",
            )
        assert page.url == f"{site}/staf/kim/{waiting.slug}/aksi/verify/"
        audit.check(page, "403 on an action")
    waiting.refresh_from_db()
    assert waiting.status == KimStatus.DIAJUKAN

    with audit.expect_status(403):
        page.goto(f"{site}/staf/kim/aturan/")
        audit.check(page, "403 on the rules")
    assert page.locator("main a[href='/']").count() == 1

    audit.assert_clean()


ENGLISH_PAGES = {"home": "/", "directory": "/kim/", "coverage": "/cakupan/", "apply": "/kim/daftar/"}


def test_public_and_error_pages_in_english(site, new_page, audit):
    make_kim(status="aktif", admin=make_staff("admin"), name="KIM Gabek Bersinar", village_code="19.71.06.1003")
    citizen = make_user(email="warga.gabek@contoh.id", full_name="Warga Gabek")

    page = new_page(**PHONE)
    page.goto(f"{site}/kim/")
    assert page.locator("html").get_attribute("lang") == "id"
    audit.check(page, "directory in Indonesian")
    _follow(page, "header nav.lang a[hreflang='en']")
    assert page.url == f"{site}/kim/"  # back where the visitor was
    assert page.locator("header nav.lang a[hreflang='id']").count() == 1
    audit.check(page, "directory in English")

    for name, path in ENGLISH_PAGES.items():
        page.goto(f"{site}{path}")
        assert page.locator("html").get_attribute("lang") == "en", path
        audit.check(page, f"{name} in English")
    assert page.locator("#id_consent").count() == 1

    with audit.expect_status(404):
        page.goto(f"{site}/kim/tidak-ada/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("main a[href='/']").count() == 1
        audit.check(page, "404 in English")

    # A signed-in citizen without a staff role opens a staff page.
    _sign_in(page, site, audit, citizen.email, label="citizen")
    assert page.url == f"{site}/akun/"
    audit.check(page, "account in English")
    with audit.expect_status(403):
        page.goto(f"{site}/staf/kim/")
        assert page.locator("html").get_attribute("lang") == "en"
        audit.check(page, "403 in English")
    assert Kim.objects.count() == 1

    audit.assert_clean()
