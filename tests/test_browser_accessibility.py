"""Accessibility in a real browser (issue 21, RGAA 4.1 on WCAG 2.1 AA): axe-core on every page in
both languages, and the filter bar and a drill-down driven with the keyboard alone.

axe-core is the npm package's axe.min.js, vendored in tests/vendor/axe-core (checked by `make axe`).
Each run writes the violations it found, by page and impact, to /tmp/oncedone-shots/axe.json.
"""

import json
import re

from playwright.sync_api import Page, expect

from tests import accessibility as a11y
from tests.browser_support import (  # noqa: F401 (fixtures)
    SHOTS,
    browser,
    idle,
    screenshot_on_failure,
    server,
    settled,
)

PERIOD = "from=2018-11-01&to=2018-11-20"


def open_page(page: Page, server: str, name: str, lang: str) -> None:
    path = "" if name == "today" else name  # the default page is served at /
    page.goto(f"{server}/{path}?{PERIOD}" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
    idle(page)


def test_axe_finds_no_serious_or_critical_violation_of_our_markup_on_any_page(server, browser):
    found, counts = {}, {}
    for lang in ("fr", "en"):
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        for name in a11y.PAGES:
            open_page(page, server, name, lang)
            violations = a11y.audit(page)
            found[f"{name}-{lang}"] = violations
            counts[f"{name}-{lang}"] = {"all": a11y.by_impact(violations), "ours": a11y.by_impact(a11y.ours(violations))}
        context.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    a11y.dump(SHOTS / "axe.json", {"counts": counts, "violations": found})
    print("axe-core violations (nodes) by page and impact:", json.dumps(counts))
    serious = {page: [(v["id"], n["target"]) for v in a11y.ours(violations) if v["impact"] in ("serious", "critical")
                      for n in v["nodes"]] for page, violations in found.items()}
    assert {page: nodes for page, nodes in serious.items() if nodes} == {}


def focus_on(page: Page, condition: str, limit: int = 200) -> None:
    """Press Tab until the focused element satisfies the JavaScript `condition` (on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def test_the_filter_bar_and_a_drill_down_work_with_the_keyboard_alone(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    # The filter bar: Tab to the title-type filter, type, Enter, Escape: the page follows, and the URL.
    open_page(page, server, "delivery", "en")
    focus_on(page, "el.tagName === 'INPUT' && el.closest('.st-key-flt_title_types')")
    page.keyboard.type("Passp")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    idle(page)
    expect(page).to_have_url(re.compile(r"title_type=passport"))
    # Tab on to the channel filter, choose the phone the same way.
    focus_on(page, "el.tagName === 'INPUT' && el.closest('.st-key-flt_channels')")
    page.keyboard.type("Phone")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    idle(page)
    expect(page).to_have_url(re.compile(r"channel=phone"))
    # A drill-down: the backlog's title type, chosen from the keyboard, drills the page.
    open_page(page, server, "backlog", "en")
    focus_on(page, "el.tagName === 'INPUT' && el.closest('.st-key-bl_title')")
    page.keyboard.type("Identity")
    page.keyboard.press("Enter")
    idle(page)
    expect(page).to_have_url(re.compile(r"bl_title=id_card"))
    # Then its stage, now enabled, the same way.
    focus_on(page, "el.tagName === 'INPUT' && el.closest('.st-key-bl_stage')")
    page.keyboard.type("In review")
    page.keyboard.press("Enter")
    idle(page)
    expect(page).to_have_url(re.compile(r"bl_stage=in_review"))
    context.close()
