"""Browser journeys: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

Every page a test visits is checked with axe-core; see ``A11yAudit``. No browser is ever downloaded:
the tests use /usr/bin/chromium (``make browser`` installs it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise refuse
# database access from the test code ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
NAVIGATION_TIMEOUT_MS = 15_000
# axe-core's default rule set (WCAG 2.0/2.1 A and AA, best practices) plus WCAG 2.2's target size
# (2.5.8, at least 24 by 24 CSS pixels), which axe leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def _quiet_import_regions() -> None:
    with open(os.devnull, "w") as devnull:
        call_command("import_regions", verbosity=0, stdout=devnull)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium per test module (module scope keeps Playwright's loop out of other tests)."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server with the regions loaded and links in emails pointing at it. Returns its URL."""
    # ``live_server`` uses a transactional database that is flushed after each test, so the regions
    # loaded once by the session fixture may be gone: load them again (the import is idempotent).
    # pytest-django runs transactional tests after the ``db`` ones, so the flush harms no other test.
    _quiet_import_regions()
    settings.PUBLIC_BASE_URL = live_server.url
    return live_server.url


@dataclass
class PageProblem:
    label: str
    url: str
    report: str


@dataclass
class A11yAudit:
    """Runs axe-core on pages and collects what it finds, plus anything else a visitor would notice.

    ``watch(page)`` records every main-frame navigation, console error (a CSP violation shows up
    there), uncaught script error and HTTP error response of the page. ``check(page, label)`` runs
    axe on the current document, notes a page wider than the window (sideways scrolling on a
    phone) and saves a full-page screenshot. ``assert_clean()`` fails with one readable report of
    page URL and problem, and also when a page was navigated to and left without being checked.
    ``with audit.expect_status(404):`` wraps a visit whose error response is the point (an error page).
    """

    screenshot_dir: Path | None = None
    violations: list[PageProblem] = field(default_factory=list)
    errors: list[PageProblem] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    _pending: dict[int, list[str]] = field(default_factory=dict)
    _expected_status: int | None = None
    _expected_seen: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        key = id(page)
        self._pending[key] = []

        def on_navigated(frame) -> None:
            if frame == page.main_frame and not frame.url.startswith(("about:", "data:")):
                pending = self._pending[key]
                self.unchecked.extend(pending)
                pending[:] = [frame.url]

        def on_console(message) -> None:
            if message.type != "error":
                return
            # Chromium logs every error response, the document's own too.
            expected = f"the server responded with a status of {self._expected_status} "
            if self._expected_status is not None and expected in message.text:
                return
            self.errors.append(PageProblem("console", page.url, message.text))

        def on_page_error(error) -> None:
            self.errors.append(PageProblem("script", page.url, str(error)))

        def on_response(response) -> None:
            if response.status == self._expected_status and response.request.resource_type == "document":
                self._expected_seen.append(response.url)
            elif response.status >= 400:
                self.errors.append(PageProblem("http", response.url, f"HTTP {response.status}"))

        page.on("framenavigated", on_navigated)
        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("response", on_response)

    @contextmanager
    def expect_status(self, status: int) -> Iterator[list[str]]:
        """Within the block, a document answered with ``status`` is expected rather than a problem.

        Check the error page inside the block. Fails when no document came back with that status.
        Yields the list of URLs that did.
        """
        self._expected_status, self._expected_seen = status, []
        try:
            yield self._expected_seen
        finally:
            self._expected_status = None
        assert self._expected_seen, f"expected a page answered with HTTP {status}"

    def check(self, page, label: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        page.wait_for_load_state("load")
        results = Axe().run(page, options=AXE_OPTIONS)
        if results.violations_count:
            self.violations.append(PageProblem(label, page.url, results.generate_report()))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            width = page.viewport_size["width"]
            self.errors.append(
                PageProblem("layout", page.url, f"{label}: scrolls sideways by {overflow}px at {width}px")
            )
        self.checked.append(page.url)
        self._pending.setdefault(id(page), []).clear()
        if self.screenshot_dir is not None:
            self.screenshot_dir.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            page.screenshot(path=str(self.screenshot_dir / f"{len(self.checked):02d}-{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        for pending in self._pending.values():
            self.unchecked.extend(pending)
            pending.clear()
        parts = []
        if self.violations:
            parts.append(f"axe-core found violations on {len(self.violations)} page(s):")
            parts += [f"\n=== {v.label}: {v.url}\n{v.report}" for v in self.violations]
        if self.errors:
            parts.append("\nBrowser errors:")
            parts += [f"  [{e.label}] {e.url}: {e.report}" for e in self.errors]
        if self.unchecked:
            parts.append("\nPages visited but never checked with axe:")
            parts += [f"  {url}" for url in self.unchecked]
        assert not parts, "\n".join(parts)


@pytest.fixture
def screenshots() -> Path:
    """Where screenshots go (var/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def audit(request, screenshots) -> A11yAudit:
    """The axe-core audit of this test; each checked page is also saved to var/screenshots/<test>/."""
    return A11yAudit(screenshot_dir=screenshots / request.node.name)


@pytest.fixture
def new_page(browser, audit):
    """Make pages in fresh browser contexts (one per person); closes them after the test.

    Call ``new_page(width=1280)``: the page is watched by ``audit``. Every context speaks
    Indonesian (Accept-Language id-ID), like the city's residents.
    """
    contexts = []

    def make(*, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        audit.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
