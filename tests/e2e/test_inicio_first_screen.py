"""The member's Inicio on a phone (issue 19): the figures come first, Chart.js (its own 60 KiB
chunk) only when the evolution chart's box comes on screen; on a desktop, where the chart is on
the first screen, it is drawn without scrolling. The chart's text alternative (its label and the
«Ver datos del gráfico» table) is there from the start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import MEMBER, PageProblems, sign_in

pytestmark = pytest.mark.e2e

CHART_LIBRARY = re.compile(r"/assets/chart-[^/]*\.js$")
DRAWN = re.compile(r"box-sizing: border-box")
"""Chart.js styles the canvas it draws into; an undrawn canvas has no inline style."""
TALL_DESKTOP = {"width": 1280, "height": 1200}
PAINTED_AND_A_SECOND_MORE = ("() => new Promise(done => requestAnimationFrame(() => "
                             "requestAnimationFrame(() => setTimeout(done, 1000))))")
CHART_JS_FETCHED = ("() => performance.getEntriesByType('resource')"
                    ".some(entry => /\\/assets\\/chart-[^/]*\\.js$/.test(entry.name))")


def _chart_library_requests(page: Page) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url)
            if CHART_LIBRARY.search(request.url) else None)
    return requested


def test_on_a_phone_the_figures_come_first_and_chart_js_when_the_chart_is_on_screen(
        phone_page: Page, problems: PageProblems) -> None:
    requested = _chart_library_requests(phone_page)
    sign_in(phone_page, *MEMBER)
    expect(phone_page).to_have_url(re.compile(r"/inicio$"))
    expect(phone_page.locator(".stat-card", has_text="Ahorros")).to_contain_text("S/ 3,105.97")
    canvas = phone_page.locator(".chart-box canvas")
    expect(canvas).to_have_attribute("aria-label", re.compile("Gráfico de la evolución"))
    expect(phone_page.get_by_text("Ver datos del gráfico")).to_be_attached()
    phone_page.evaluate(PAINTED_AND_A_SECOND_MORE)

    assert not phone_page.evaluate(CHART_JS_FETCHED), "Chart.js antes de ver el gráfico"
    assert requested == []
    assert not DRAWN.search(canvas.get_attribute("style") or "")

    with phone_page.expect_request(CHART_LIBRARY):
        canvas.scroll_into_view_if_needed()
    expect(canvas).to_have_attribute("style", DRAWN)
    assert len(requested) == 1
    assert problems.unexpected() == [], problems.unexpected()


def test_on_a_desktop_the_chart_on_the_first_screen_is_drawn_without_scrolling(
        page: Page, problems: PageProblems) -> None:
    page.set_viewport_size(TALL_DESKTOP)
    requested = _chart_library_requests(page)
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))

    expect(page.locator(".chart-box canvas")).to_have_attribute("style", DRAWN)
    assert page.evaluate("window.scrollY") == 0
    assert len(requested) == 1
    assert problems.unexpected() == [], problems.unexpected()
