"""The capability registry drives the URLconf, the API and the scheduler; the kernel names no app."""

import datetime
from io import StringIO
from types import SimpleNamespace

from django.apps import apps
from django.core.management import call_command
from django.urls import get_resolver, reverse
from django.utils.module_loading import import_string

from jembatan.api.api import api
from jembatan.core import registry, scheduler
from jembatan.portal import sitemaps
from tests.factories import make_staff, signed_in


def test_every_capability_declares_itself_and_the_order_keeps_kim_subpaths_first():
    labels = [capability.label for capability in registry.capabilities()]
    assert labels == [
        "pages",
        "accounts",
        "newsroom",
        "notifications",
        "dissemination",
        "literacy",
        "communities",
        "aspirations",
        "information",
        "clarifications",
        "search",
        "syndication",
        "portal",
    ]


def test_every_declared_url_mount_reaches_the_root_urlconf():
    modules = {
        getattr(pattern.urlconf_name, "__name__", None)
        for pattern in get_resolver().url_patterns
        if hasattr(pattern, "urlconf_name")
    }
    for mount in registry.url_mounts():
        assert mount.module in modules, mount
    assert reverse("core:home") == "/"
    assert reverse("workspace:home") == "/staf/"


def test_every_declared_api_router_is_added_to_the_api():
    added = {id(router) for _prefix, router in api._routers}
    for router_path in registry.api_routers():
        assert id(import_string(router_path)) in added, router_path


def test_the_scheduler_runs_the_jobs_the_capabilities_declare_then_the_kernel_s():
    assert [job.name for job in scheduler.jobs()] == [
        "newsroom_sync_listing",
        "handle_inbound_events",
        "expire_unreceipted_messages",
        "kim_scorecard_refresh",
        "lapse_inactive_kims",
        "kim_counts_refresh",
        "close_answered_reports",
        "escalate_overdue_reports",
        "agency_counts_refresh",
        "lapse_unclarified_requests",
        "remind_and_escalate_requests",
        "fetch_feeds",
        "requeue_abandoned_tasks",
    ]


def test_a_new_capability_adds_its_job_without_touching_the_kernel(monkeypatch):
    job = registry.PeriodicJob("count_sheep", "tests.core.sheep.task", datetime.timedelta(hours=1))
    extra = SimpleNamespace(capability=registry.Capability(label="sheep", priority=1, jobs=(job,)))
    installed = apps.get_app_configs()
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [*installed, extra])
    assert scheduler.jobs()[0] == job
    assert registry.capabilities()[0].label == "sheep"


def test_demo_data_is_seeded_in_the_declared_order():
    assert [seeder.path.rsplit(".", 1)[1] for seeder in registry.demo_seeders()] == [
        "seed_demo",
        "seed_aspirations",
        "seed_newsroom",
        "seed_reach",
        "seed_clarifications",
        "seed_literacy",
    ]


def test_seed_demo_runs_every_declared_seeder(regions, monkeypatch, settings):
    settings.DEBUG = True
    calls = []
    monkeypatch.setattr(
        "jembatan.portal.management.commands.seed_demo.demo_seeders",
        lambda: [registry.DemoSeeder(1, "tests.core.test_registry.fake_kims"), registry.DemoSeeder(2, "x.y", "news")],
    )
    monkeypatch.setattr(
        "jembatan.portal.management.commands.seed_demo.import_string",
        lambda path: lambda code: calls.append((path, code)) or ({"kims": 1} if path.startswith("tests") else 3),
    )
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert calls == [("tests.core.test_registry.fake_kims", "19.71"), ("x.y", "19.71")]
    assert "{'kims': 1, 'news': 3}" in out.getvalue()


def test_the_sitemap_index_lists_the_portal_pages_then_every_declared_section(monkeypatch):
    assert list(sitemaps.sitemap_sections()) == ["halaman", "berita", "kelurahan", "kegiatan", "kim", "cek-fakta"]
    section = registry.SitemapSection("lapor", "jembatan.portal.sitemaps.StaticPagesSitemap")
    extra = SimpleNamespace(capability=registry.Capability(label="lapor", priority=99, sitemaps=(section,)))
    installed = apps.get_app_configs()
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [*installed, extra])
    assert list(sitemaps.sitemap_sections())[-1] == "lapor"


def test_search_rebuilds_and_result_labels_come_from_the_declared_kinds(english):
    from jembatan.search.registry import content_type_labels, rebuilders

    assert sorted(rebuilders()) == ["aspirasi", "berita", "kim"]
    labels = content_type_labels()
    assert labels["kim"] == "KIM"
    assert str(labels["aspirasi"]) == "Public report"
    assert str(labels["pengumuman"]) == "Announcement"


def test_a_calendar_change_recomputes_every_declared_deadline_kind():
    from jembatan.aspirations.services import aspiration_deadlines_recompute
    from jembatan.core.deadlines import recomputers
    from jembatan.information.services import information_deadlines_recompute

    assert recomputers() == {
        "aspirations.aspiration_deadlines_recompute": aspiration_deadlines_recompute,
        "information.information_deadlines_recompute": information_deadlines_recompute,
    }


def information_requests_for_everyone(user):
    return {"information_open": 3, "information_overdue": 1}


def test_the_workspace_renders_the_panels_the_capabilities_declare(client, regions, monkeypatch):
    admin = make_staff("admin")
    signed_in(client, admin)
    page = client.get("/staf/").content.decode()
    assert 'id="q-verify"' in page and 'id="q-news"' in page and 'id="q-feeds"' in page
    assert page.index('id="q-verify"') < page.index('id="q-asp"') < page.index('id="q-news"')
    assert 'id="q-ppid"' not in page  # the information-requests panel is for PPID officers only

    panel = registry.WorkspacePanel(
        5, "tests.core.test_registry.information_requests_for_everyone", "information/_workspace.html"
    )
    extra = SimpleNamespace(capability=registry.Capability(label="ppid", priority=99, panels=(panel,)))
    installed = apps.get_app_configs()
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [*installed, extra])
    page = client.get("/staf/").content.decode()
    assert page.index('id="q-ppid"') < page.index('id="q-verify"')
