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

# rule id -> (selector fragment of Streamlit's own markup, upstream issue)
STREAMLIT_OWN: dict[str, tuple[str, str]] = {}


def audit(page: Page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it stands: one dict per rule with
    its impact and the selectors of the nodes at fault."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200)}))}));
    }""", WCAG)
    return result


def by_impact(violations: list[dict]) -> dict[str, int]:
    """How many nodes at fault, per impact."""
    counts = Counter()
    for v in violations:
        counts[v["impact"]] += len(v["nodes"])
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


def ours(violations: list[dict]) -> list[dict]:
    """The violations of our own markup: every one but those STREAMLIT_OWN names."""
    kept = []
    for v in violations:
        fragment = STREAMLIT_OWN.get(v["id"], (None,))[0]
        nodes = [n for n in v["nodes"] if not (fragment and fragment in n["target"] + n["html"])]
        if nodes:
            kept.append({**v, "nodes": nodes})
    return kept


def dump(path: Path, found: dict) -> None:
    path.write_text(json.dumps(found, indent=1, ensure_ascii=False))
