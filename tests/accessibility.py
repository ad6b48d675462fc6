"""axe-core in a served dashboard: inject the vendored axe.min.js, run the WCAG 2.1 A and AA rules
(RGAA 4.1 builds on them), and sort what it finds into our markup and Streamlit's own.

Streamlit's own findings are listed in STREAMLIT_OWN with the upstream issue: they come from its
frame (the same on every page, whatever we draw) and cannot be fixed from an app.
"""

import json
from collections import Counter
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
PAGES = ("today", "backlog", "delivery", "contacts", "data", "quarantine")

# Findings in Streamlit's own markup, by rule: which nodes, why they are Streamlit's, and upstream.
STREAMLIT_OWN = {
    # The greyed label of a disabled widget (Streamlit styles it so since streamlit/streamlit#4154):
    # WCAG 1.4.3 exempts inactive controls, which axe-core cannot tell.
    "color-contrast": lambda node: node.get("inactive"),
    # The sparkline st.metric draws (Vega-Lite SVG, role img) takes no accessible name in Streamlit
    # 1.67: streamlit/streamlit#8563 (alt text for charts; the `alt` parameter is in review upstream).
    # The card's value and our chart summaries say the numbers in text.
    "svg-img-alt": lambda node: "metric_chart" in node["target"],
}


def audit(page: Page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it stands: one dict per rule with
    its impact and the selectors of the nodes at fault."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                           elementRef: true});
        // A label of a disabled widget: Streamlit greys it (an inactive control, which WCAG 1.4.3 exempts).
        const inactive = (el) => {
            const widget = el && el.closest('[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stDateInput"], [data-testid="stTextInput"]');
            return !!(widget && widget.querySelector('input:disabled, [aria-disabled="true"]'));
        };
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                      inactive: inactive(n.element)}))}));
    }""", WCAG)
    return result


def by_impact(violations: list[dict]) -> dict[str, int]:
    """How many nodes at fault, per impact."""
    counts = Counter()
    for v in violations:
        counts[v["impact"]] += len(v["nodes"])
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


def ours(violations: list[dict]) -> list[dict]:
    """The violations of our own markup: every one but the nodes STREAMLIT_OWN says are Streamlit's."""
    kept = []
    for v in violations:
        nodes = [n for n in v["nodes"] if not (v["id"] in STREAMLIT_OWN and STREAMLIT_OWN[v["id"]](n))]
        if nodes:
            kept.append({**v, "nodes": nodes})
    return kept


def dump(path: Path, found: dict) -> None:
    path.write_text(json.dumps(found, indent=1, ensure_ascii=False))
