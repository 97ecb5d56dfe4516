"""axe-core (installed from package.json by ``npm ci``) run in a Playwright page."""

from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Every rule axe runs by default (WCAG 2.0–2.2 A and AA, and best practices such as landmark-unique).
RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}"""


def axe_source():
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci` in the project folder")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page, source):
    """The page's violations of any impact, as short dicts; axe is put into the page once per load.

    Evaluated through the DevTools protocol, so the site's Content-Security-Policy (which refuses
    inline scripts) neither blocks it nor has to be bypassed for the page under test."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {source}\n }}")
    return page.evaluate(RUN_AXE)
