"""axe-core run in the page under test: WCAG 2.1 A and AA, in the light and dark themes;
serious and critical impacts fail (and, contrast aside, what axe leaves for review).

axe comes from node_modules (package-lock.json, installed by `make test`); it is put in the
page through the DevTools protocol, so the page keeps its strict CSP and nothing of axe is
ever served by the dashboard.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "artifacts" / "axe"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

# Lazy panels and polls: the page is measured once htmx has nothing left in flight.
_SETTLED = """() => !document.querySelector('.htmx-request, section.panel[hx-trigger="load"]')"""

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const brief = v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                              summary: n.failureSummary}))
  });
  return {violations: results.violations.map(brief), incomplete: results.incomplete.map(brief),
          passes: results.passes.map(v => v.id)};
}"""


def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: `make node` (npm ci) installs it")
    return AXE_JS.read_text()


def _undecided(incomplete: list[dict]) -> list[dict]:
    """What axe left for review, but contrast: an ARIA id pointing nowhere or twice, or a
    label on a plain div, is a defect whatever axe's caution (it reports some of those as
    "needs review"). Contrast it cannot compute (over an SVG chart, a panel's scroll shadow)
    stays out: the same colours are measured on plain backgrounds elsewhere."""
    return [
        {**item, "id": f"{item['id']} (needs review)"}
        for item in incomplete
        if item["id"] != "color-contrast"
    ]


class AxeAudit:
    """`check(page, name)` on each page, then `assert_clean()` names every failure at once."""

    def __init__(self):
        self.failures: list[str] = []
        self.source = _axe_source()

    def check(self, page, name: str) -> list[dict]:
        page.wait_for_function(_SETTLED)
        page.wait_for_timeout(300)  # htmx settles swapped content (classes, focus) after the swap
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(f"() => {{ {self.source}\n }}")  # axe.min.js sets window.axe
        violations = []
        # Both themes: the stylesheet follows the system's dark mode.
        for scheme, label in (("light", name), ("dark", f"{name}-dark")):
            page.emulate_media(color_scheme=scheme)
            results = page.evaluate(_RUN, WCAG_TAGS)
            self._record(label, results)
            violations += results["violations"]
            for violation in results["violations"] + _undecided(results["incomplete"]):
                if violation["impact"] in FAILING_IMPACTS:
                    for node in violation["nodes"]:
                        self.failures.append(
                            f"{label}: {violation['id']} ({violation['impact']}) at "
                            f"{node['target']} — {violation['help']}"
                        )
        page.emulate_media(color_scheme="light")
        return violations

    def assert_clean(self):
        assert not self.failures, "Serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(
            self.failures
        )

    @staticmethod
    def _record(name: str, results: dict) -> None:
        """artifacts/axe/<page>.json: violations of every impact by rule, and what axe could
        not decide (e.g. contrast over an image), for a person to look at."""
        REPORTS.mkdir(parents=True, exist_ok=True)
        counts = Counter({v["id"]: len(v["nodes"]) for v in results["violations"]})
        report = {"page": name, "by_rule": dict(counts), **results}
        (REPORTS / f"{name}.json").write_text(json.dumps(report, indent=1))
