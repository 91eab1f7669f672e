"""Browser tests against the real local stack (``dev.local_stack``) in Debian's Chromium.

One stack per test session, started as a subprocess on free ports; one Chromium per session; a
fresh browser context (no cookies) per test. A failing test leaves a screenshot in
``test-artifacts/``. The site must be built first (``make site``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from tests.e2e.support import AXE_SCRIPT, ROOT, LocalStack, PageProblems
from tests.stack import StackFailed, started_local_stack

SITE_INDEX = ROOT / "static-site" / "dist" / "index.html"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def local_stack() -> Iterator[LocalStack]:
    """``python -m dev.local_stack`` on free ports, ready when the session probe answers 401."""
    if not SITE_INDEX.is_file() or "/assets/" not in SITE_INDEX.read_text(encoding="utf-8"):
        pytest.fail("El sitio no está construido: ejecute «make site» "
                    "(cd static-site && npm ci && npm run build).")
    # Every browser test signs in from 127.0.0.1: one address making a whole suite's deliberate
    # failures is not a member, so the per-address throttle is raised for this stack only, and
    # the demo members, who open tickets and applications all suite long, get high daily limits.
    try:
        with started_local_stack(extra_env={"LOGIN_FAILURES_PER_IP": "500",
                                            "MEMBER_DAILY_TICKETS": "500",
                                            "MEMBER_DAILY_APPLICATIONS": "500",
                                            "COMPLAINT_FILINGS_PER_IP": "500",
                                            "COMPLAINT_LOOKUP_FAILURES_PER_IP": "500"}) as stack:
            yield stack
    except StackFailed as failure:
        pytest.fail(str(failure))


def _chromium_path() -> str:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).is_file():
        return candidate
    found = shutil.which("chromium")
    if not found:
        pytest.fail("Falta Chromium (/usr/bin/chromium): ejecute «make browser».")
    return found


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    chromium = playwright_instance.chromium.launch(executable_path=_chromium_path(),
                                                   args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


# Collects CSP violations from inside the page. Injected by the test driver (not by the site),
# so the CSP does not apply to it.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || '?'}:${event.lineNumber || 0}`);
});
"""


def _expected_resource_error(message: ConsoleMessage) -> bool:
    """A 401 from the session probe is the contract's "not signed in", not a bug.

    Chromium logs every failed fetch as a console error; the site asks GET /api/auth/session on
    start and the API answers 401 when nobody is signed in. Any other failed request counts.
    """
    if not message.text.startswith("Failed to load resource"):
        return False
    url = (message.location or {}).get("url", "")
    return url.endswith("/api/auth/session") and "401" in message.text


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


def _new_page(browser: Browser, local_stack: LocalStack, problems: PageProblems,
              viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(base_url=local_stack.url, locale="es-PE",
                                  timezone_id="America/Lima", viewport=viewport)
    context.set_default_timeout(10_000)
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    problems.page = page

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if _expected_resource_error(message):
            problems.expected_failures.append(message.text)
        else:
            problems.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    try:
        yield page
    finally:
        problems.page = None
        context.close()


@pytest.fixture
def page(browser: Browser, local_stack: LocalStack, problems: PageProblems,
         request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop-sized page in a fresh context (no session cookie)."""
    yield from _screenshot_on_failure(
        _new_page(browser, local_stack, problems, DESKTOP_VIEWPORT), request)


@pytest.fixture
def phone_page(browser: Browser, local_stack: LocalStack, problems: PageProblems,
               request: pytest.FixtureRequest) -> Iterator[Page]:
    """A 390×844 page (a phone) in a fresh context."""
    yield from _screenshot_on_failure(
        _new_page(browser, local_stack, problems, PHONE_VIEWPORT), request)


def _screenshot_on_failure(pages: Iterator[Page], request: pytest.FixtureRequest) -> Iterator[Page]:
    page = next(pages)
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in request.node.name)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        with contextlib.suppress(StopIteration):
            next(pages)


@pytest.fixture
def contexts(request: pytest.FixtureRequest) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens for several people; closed after it, and on a failure
    each of their pages is kept as a screenshot in test-artifacts/."""
    opened: list[BrowserContext] = []
    yield opened
    report = getattr(request.node, "rep_call", None)
    for number, context in enumerate(opened):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for page in context.pages:
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{number}.png"),
                                    full_page=True)
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report



@pytest.fixture
def axe_page(browser: Browser, local_stack: LocalStack,
             request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page whose CSP is bypassed so that the test can inject axe-core (the site never is)."""
    if not AXE_SCRIPT.is_file():
        pytest.fail("Falta axe-core: ejecute «cd static-site && npm ci».")
    context = browser.new_context(base_url=local_stack.url, locale="es-PE", bypass_csp=True,
                                  viewport=DESKTOP_VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()

    def pages() -> Iterator[Page]:
        try:
            yield page
        finally:
            context.close()

    yield from _screenshot_on_failure(pages(), request)
