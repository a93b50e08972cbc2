"""Health endpoints, security headers, production settings, dates and language."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_checks_the_database(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/kim/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_templates():
    offenders = []
    for template in (ROOT / "jembatan").rglob("*.html"):
        text = template.read_text()
        # A JSON-LD data block (schema.org Event, ClaimReview) is data, never run: CSP does not apply to it.
        inline_script = re.search(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', text)
        if inline_script or re.search(r"\sstyle=", text) or "<style" in text or re.search(r"\son[a-z]+=", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the browser tests
        "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
        "ALLOWED_HOSTS": "jembatan.example.go.id",
        # `check` connects to neither: syntactically valid URLs are enough.
        "DATABASE_URL": "postgres://jembatan:rahasia@db.example.go.id:5432/jembatan",
        "REDIS_URL": "redis://cache.example.go.id:6379/0",
        "PUBLIC_BASE_URL": "https://jembatan.example.go.id",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "JEMBATAN_ENCRYPTION_KEYS": "8H2V0f7b4n0qQm1Vxq3sI8rN5o0j0Jm8m3Yk5sL1Z2c=",
        "JEMBATAN_LOOKUP_KEY": "a-long-random-lookup-key-for-the-check",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_indonesian_is_the_default_and_dates_read_naturally():
    with translation.override("id"):
        assert formats.date_format(datetime.date(2025, 11, 28)) == "Jumat, 28 November 2025"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2025, 11, 28)) == "Friday, 28 November 2025"


def test_language_switch_sets_the_cookie_and_returns(client, db):
    response = client.get("/bahasa/en/?next=/kim/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/kim/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/bahasa/en/?next=https://jahat.example/").headers["Location"] == "/"


def test_every_public_page_weighs_under_60_kb_compressed(client, db):
    """HTML plus the stylesheet and icon it loads, gzip-compressed, images excluded."""
    import gzip

    from django.contrib.staticfiles import finders

    from tests.factories import make_kim, make_staff

    kim = make_kim(status="aktif", admin=make_staff("admin"))
    assets = sum(
        len(gzip.compress(Path(finders.find(p)).read_bytes())) for p in ["css/jembatan.css", "img/favicon.svg"]
    )
    from tests.factories import make_item

    item = make_item()
    news = ["/berita/", f"/berita/{item.slug}/", "/kelurahan/", "/kelurahan/19.71.07.1003/"]
    for url in ["/", "/kim/", f"/kim/{kim.slug}/", "/kim/daftar/", "/cakupan/", "/akun/masuk/", *news]:
        html = client.get(url).content
        total = len(gzip.compress(html)) + assets
        assert total <= 60 * 1024, f"{url}: {total} bytes"


def test_browser_language_does_not_override_indonesian(client, db):
    body = client.get("/kim/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Direktori KIM" in body
    client.cookies["django_language"] = "en"
    assert "KIM directory" in client.get("/kim/").content.decode()


def test_favicon_ico_is_served_as_an_icon_and_cached(client, db, django_assert_num_queries):
    from io import BytesIO

    from PIL import Image

    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=" in response["Cache-Control"]
    icon = Image.open(BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def _public_base_url_in_a_dev_process(**env_overrides: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "PUBLIC_BASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="jembatan.config.settings.dev", **env_overrides)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.PUBLIC_BASE_URL)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_links_follow_the_port_make_run_serves_on():
    assert _public_base_url_in_a_dev_process() == "http://127.0.0.1:8000"
    assert _public_base_url_in_a_dev_process(PORT="8080") == "http://127.0.0.1:8080"


def test_an_explicit_public_base_url_wins_over_the_port():
    assert _public_base_url_in_a_dev_process(PORT="8080", PUBLIC_BASE_URL="https://kim.example.go.id") == (
        "https://kim.example.go.id"
    )


def test_the_audit_log_exports_its_filtered_entries_as_csv(client, db):
    import csv
    import io

    from jembatan.accounts.roles import Role
    from jembatan.core.models import AuditLog
    from tests.factories import make_staff, signed_in

    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    AuditLog.objects.create(
        actor_label="uji", verb="kim.verified", object_type="communities.kim", object_id="7", object_repr="KIM Uji"
    )
    AuditLog.objects.create(
        actor_label="uji", verb="page.saved", object_type="pages.page", object_id="1", object_repr="halaman"
    )
    page = client.get("/staf/audit/?verb=kim").content.decode()
    assert "unduh=csv" in page
    response = client.get("/staf/audit/?verb=kim&unduh=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Waktu", "Pelaku", "Tindakan", "Kode tindakan"]
    assert [r[3] for r in rows[1:]] == ["kim.verified"]
