"""The forms, accounts and applications apps import each other in one direction only.

Module-level imports are read from the source (no module is imported), so an import
hidden in a function shows up as what it is: the one accepted lazy edge is a form page's
routes calling their own views module.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("learning_city/forms", "learning_city/accounts", "learning_city/applications")
ACCEPTED_LAZY = {
    ("learning_city.forms.models", "learning_city.forms.views"),
    # WAGTAIL_FINISH_WORKFLOW_ACTION is imported while wagtail.models itself is being imported.
    ("learning_city.applications.finish", "learning_city.applications.models"),
    ("learning_city.applications.finish", "learning_city.applications.review"),
}


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def modules():
    found = {module_name(ROOT / "learning_city/mail.py"): ROOT / "learning_city/mail.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imported(node, known):
    """The project modules an import statement names (``from a import b`` may name module a.b)."""
    names = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module:
        names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return {name for name in names if name in known}


def edges(top_level):
    known = modules()
    found = set()
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if top_level else ast.walk(tree)
        for node in nodes:
            found |= {(name, target) for target in imported(node, known) if target != name}
    return found


def test_no_import_cycle_at_module_level():
    graph = {}
    for source, target in edges(top_level=True):
        graph.setdefault(source, set()).add(target)

    def cycle_from(start, node, seen):
        for target in graph.get(node, ()):
            if target == start:
                return [*seen, target]
            if target not in seen:
                found = cycle_from(start, target, [*seen, target])
                if found:
                    return found
        return None

    for start in graph:
        assert cycle_from(start, start, [start]) is None


def test_the_only_lazy_imports_are_the_accepted_edge_and_app_start_up():
    lazy = edges(top_level=False) - edges(top_level=True)
    start_up = {edge for edge in lazy if edge[0].endswith(".apps")}
    assert lazy - start_up == ACCEPTED_LAZY


def test_nothing_imports_the_form_views_but_the_form_page():
    importers = set()
    for folder in ("config", "home", "search", "learning_city"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if "learning_city.forms.views" in imported(node, {"learning_city.forms.views"}):
                    importers.add(module_name(path))
    assert importers == {"learning_city.forms.models"}
