"""The capability registry: what each capability plugs into the kernel.

The kernel (``core``) imports no capability. Each capability app declares one :class:`Capability`
as the ``capability`` attribute of its ``AppConfig``; the composition layer (``config.urls``,
``api.api``, ``portal``) and the worker's scheduler iterate over :func:`capabilities` instead of
naming the apps. Adding a capability is adding an app to ``INSTALLED_APPS`` with a declaration.

Declarations hold dotted paths, not objects: an ``AppConfig`` module is imported before the models
are ready, so it may not import the views, tasks or routers it points to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class PeriodicJob:
    """A task the worker enqueues once per ``every`` (see ``core.scheduler``)."""

    name: str
    task_path: str
    every: datetime.timedelta


@dataclass(frozen=True)
class UrlMount:
    """``path(prefix, include(module))`` in the root URLconf."""

    prefix: str
    module: str


@dataclass(frozen=True)
class WorkspacePanel:
    """A section of the staff workspace at ``/staf/``.

    ``context(user)`` decides who sees it: it returns the template's context, or ``None`` (or an empty
    dict) for a user who does not see the panel. The portal merges every visible panel's context and
    includes the templates in ``order``.
    """

    order: int
    context: str
    template: str


@dataclass(frozen=True)
class SearchKind:
    """A kind of search document: ``rebuild()`` re-indexes every document of the kind and returns the count;
    ``labels()`` returns the label of each content type the kind indexes (shown on each search result)."""

    kind: str
    rebuild: str
    labels: str


@dataclass(frozen=True)
class SitemapSection:
    """``/sitemap-<name>.xml``, served from the ``django.contrib.sitemaps.Sitemap`` class at ``path``."""

    name: str
    path: str


@dataclass(frozen=True)
class DemoSeeder:
    """``seed(regency_code)`` loads the capability's demo data; ``order`` runs it after what it builds on.

    The callable returns a count (reported under ``result_key``) or a dict of counts.
    """

    order: int
    path: str
    result_key: str = ""


@dataclass(frozen=True)
class Export:
    """A table staff may download as CSV or XLSX from ``/staf/unduhan/``.

    ``table(regency_code)`` returns ``(heading, rows)`` for one regency; ``roles`` are the regency roles
    that may download it (on their own regency's site only).
    """

    name: str
    label: str
    table: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class BackgroundQueue:
    """A queue of work besides the task queue (the outbox): ``oldest_due(now)`` returns when its
    longest-waiting item became due, or ``None``. ``/readyz`` and the workspace report its age."""

    name: str
    oldest_due: str


@dataclass(frozen=True)
class Capability:
    """What one capability plugs in.

    ``deadline_recomputers`` are dotted paths of callables that recompute the capability's open
    deadlines with the current working-day calendar and return how many changed (``core.deadlines``).
    ``priority`` orders the declarations wherever order matters: URL mounts at the root are tried in
    this order (``/kim/berita/`` is the newsroom's, so the newsroom comes before the KIM registry's
    ``/kim/<slug>/``), API routers are added and periodic jobs listed in it.
    """

    label: str
    priority: int
    urls: tuple[UrlMount, ...] = ()
    api_router: str = ""
    jobs: tuple[PeriodicJob, ...] = field(default=())
    deadline_recomputers: tuple[str, ...] = ()
    search: tuple[SearchKind, ...] = ()
    panels: tuple[WorkspacePanel, ...] = ()
    # Sections of a signed-in person's own account page (``/akun/``), like the workspace panels.
    account_panels: tuple[WorkspacePanel, ...] = ()
    # Sections of a KIM's public profile: ``context(kim)`` returns the template's context or ``None``.
    kim_profile_panels: tuple[WorkspacePanel, ...] = ()
    exports: tuple[Export, ...] = ()
    sitemaps: tuple[SitemapSection, ...] = ()
    demo: tuple[DemoSeeder, ...] = ()
    # Dotted paths of tuples of ``notifications.catalogue.MessageTemplate``: the messages it sends.
    message_templates: tuple[str, ...] = ()
    # Dotted paths of ``loop(stop: threading.Event)`` callables the worker runs, each in its own thread.
    worker_loops: tuple[str, ...] = ()
    background_queues: tuple[BackgroundQueue, ...] = ()
    # Dotted paths of ``notifications.chat.ChatCommand`` objects: what people can do by chat.
    chat_commands: tuple[str, ...] = ()
    # Dotted path of ``topics(regency_code) -> list[tuple[slug, name]]``: what people may subscribe to
    # besides an area (the newsroom's topics), and what a broadcast may be about.
    subscription_topics: str = ""


def capabilities() -> list[Capability]:
    """Every installed app's declaration, by priority (then label, so the order is total)."""
    declared = [config.capability for config in apps.get_app_configs() if getattr(config, "capability", None)]
    return sorted(declared, key=lambda capability: (capability.priority, capability.label))


def url_mounts() -> list[UrlMount]:
    """Root mounts first (their patterns overlap, so order decides), then the prefixed ones."""
    mounts = [mount for capability in capabilities() for mount in capability.urls]
    return [mount for mount in mounts if not mount.prefix] + [mount for mount in mounts if mount.prefix]


def periodic_jobs() -> list[PeriodicJob]:
    return [job for capability in capabilities() for job in capability.jobs]


def api_routers() -> list[str]:
    return [capability.api_router for capability in capabilities() if capability.api_router]


def worker_loops() -> list[str]:
    return [loop for capability in capabilities() for loop in capability.worker_loops]


def chat_commands() -> list[str]:
    return [command for capability in capabilities() for command in capability.chat_commands]


def subscription_topics(regency_code: str) -> list[tuple[str, str]]:
    """Every capability's subscription topics for a regency, by name (a slug declared twice counts once)."""
    from django.utils.module_loading import import_string

    found: dict[str, str] = {}
    for capability in capabilities():
        if capability.subscription_topics:
            for slug, name in import_string(capability.subscription_topics)(regency_code):
                found.setdefault(slug, name)
    return sorted(found.items(), key=lambda pair: pair[1].lower())


def background_queues() -> list[BackgroundQueue]:
    return [queue for capability in capabilities() for queue in capability.background_queues]


def demo_seeders() -> list[DemoSeeder]:
    """Every capability's demo-data seeders, in their own order (KIMs before the reports filed about them)."""
    return sorted((seeder for capability in capabilities() for seeder in capability.demo), key=lambda s: s.order)


def sitemap_sections() -> list[SitemapSection]:
    return [section for capability in capabilities() for section in capability.sitemaps]


def search_kinds() -> list[SearchKind]:
    return [kind for capability in capabilities() for kind in capability.search]


def account_panels() -> list[WorkspacePanel]:
    return sorted(
        (panel for capability in capabilities() for panel in capability.account_panels), key=lambda p: p.order
    )


def kim_profile_panels() -> list[WorkspacePanel]:
    return sorted(
        (panel for capability in capabilities() for panel in capability.kim_profile_panels), key=lambda p: p.order
    )


def exports() -> list[Export]:
    return [export for capability in capabilities() for export in capability.exports]


def workspace_panels() -> list[WorkspacePanel]:
    return sorted((panel for capability in capabilities() for panel in capability.panels), key=lambda p: p.order)
