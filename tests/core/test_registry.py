"""The capability registry drives the URLconf, the API and the scheduler; the kernel names no app."""

import datetime
from types import SimpleNamespace

from django.apps import apps
from django.urls import get_resolver, reverse
from django.utils.module_loading import import_string

from jembatan.api.api import api
from jembatan.core import registry, scheduler


def test_every_capability_declares_itself_and_the_order_keeps_kim_subpaths_first():
    labels = [capability.label for capability in registry.capabilities()]
    assert labels == ["newsroom", "dissemination", "communities", "aspirations", "search", "syndication"]


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


def test_the_scheduler_runs_the_jobs_the_capabilities_declare():
    assert [job.name for job in scheduler.jobs()] == [
        "newsroom_sync_listing",
        "lapse_inactive_kims",
        "close_answered_reports",
        "escalate_overdue_reports",
        "fetch_feeds",
    ]


def test_a_new_capability_adds_its_job_without_touching_the_kernel(monkeypatch):
    job = registry.PeriodicJob("count_sheep", "tests.core.sheep.task", datetime.timedelta(hours=1))
    extra = SimpleNamespace(capability=registry.Capability(label="sheep", priority=5, jobs=(job,)))
    installed = apps.get_app_configs()
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [*installed, extra])
    assert scheduler.jobs()[0] == job
    assert registry.capabilities()[0].label == "sheep"
