"""The import rules of docs/architecture.md, checked against the code's real imports.

Every module of ``pipeline`` is parsed (not imported), and every import of ours in it
counts, also one inside a function: a lazy import couples two stages just as much.
The rules live in :data:`RULES`, which must say the same as the module table in
``docs/architecture.md``; a new module fails here until both say where it belongs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

FLOOR = frozenset({"model", "errors", "files", "langs", "media", "text", "findings", "pofile",
                   "interface", "tmx", "langid"})
STAGES = frozenset({"read", "segment", "catalog", "memory", "packages", "models", "engines", "facts",
                    "glossary", "protect", "translate", "render", "a11y", "check",
                    "readability", "report", "history", "quality", "published", "newsletter",
                    "send", "site", "uptodate"})
ANY_STAGE = "any stage"

#: module → (kind, what it may import besides the floor). Mirrors docs/architecture.md.
RULES: dict[str, tuple[str, frozenset[str]]] = {
    **{name: ("floor", frozenset()) for name in FLOOR},
    **{name: ("stage", frozenset()) for name in STAGES},
    "memory": ("stage", frozenset({"catalog"})),
    "engines": ("stage", frozenset({"packages"})),
    "models": ("stage", frozenset({"packages"})),
    "protect": ("stage", frozenset({"facts", "glossary"})),
    "translate": ("stage", frozenset({"engines", "glossary", "protect"})),
    "check": ("stage", frozenset({"catalog", "facts", "glossary", "protect"})),
    "newsletter": ("stage", frozenset({"published"})),
    "send": ("stage", frozenset({"published"})),
    "site": ("stage", frozenset({"published"})),
    "config": ("entry", frozenset()),
    "flow": ("entry", frozenset({ANY_STAGE})),
    "cli": ("entry", frozenset({ANY_STAGE, "config", "flow"})),
}

#: The issue's hard rule: these stand side by side and import no stage at all.
SIDE_BY_SIDE = ("render", "report", "a11y", "catalog")


def modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def our_imports(module: str) -> set[str]:
    """The pipeline modules ``module`` imports anywhere in its source."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names
                      if alias.name.startswith("pipeline.")}
        elif isinstance(node, ast.ImportFrom):
            found |= _from_import(node)
    return found - {"__init__", "__version__"}


def _from_import(node: ast.ImportFrom) -> set[str]:
    """``from .x import y`` → {x}; ``from . import x, y`` → {x, y}; same for ``pipeline``."""
    if node.level == 1 or (node.level == 0 and (node.module or "").split(".")[0] == "pipeline"):
        parts = (node.module or "").split(".")
        inner = parts[1:] if node.level == 0 else parts
        if inner and inner[0]:
            return {inner[0]}
        return {alias.name for alias in node.names}
    return set()


def allowed(module: str) -> set[str]:
    kind, extra = RULES[module]
    if module == "model":
        return set()
    if kind == "floor":
        return set(FLOOR) - {module}
    granted = set(FLOOR) | (extra - {ANY_STAGE})
    if ANY_STAGE in extra:
        granted |= STAGES
    return granted


def test_every_module_has_a_rule():
    assert sorted(set(modules()) - set(RULES)) == [], "add the module to RULES and the doc"
    assert sorted(set(RULES) - set(modules())) == []


@pytest.mark.parametrize("module", modules())
def test_imports_follow_the_rules(module):
    wrong = sorted(our_imports(module) - allowed(module))
    assert wrong == [], f"{module} may not import {wrong} (docs/architecture.md)"


def test_model_imports_nothing_of_ours():
    assert our_imports("model") == set()


@pytest.mark.parametrize("module", SIDE_BY_SIDE)
def test_render_report_a11y_catalog_import_only_the_floor(module):
    assert our_imports(module) <= FLOOR, our_imports(module) - FLOOR


def test_nothing_imports_the_entry_points():
    for module in modules():
        if module != "cli":
            assert not our_imports(module) & {"cli", "flow"}, module


def test_lazy_imports_are_seen():
    """The parser finds a function-level import (the kind that once hid render → catalog)."""
    tree = ast.parse("def f():\n    from . import catalog\n    from .render import x\n")
    found = set().union(*(_from_import(n) for n in ast.walk(tree)
                          if isinstance(n, ast.ImportFrom)))
    assert found == {"catalog", "render"}


def test_the_architecture_notes_say_the_same():
    """docs/architecture.md's module table is what this test enforces, row by row."""
    rows = re.findall(r"^\| `(\w+)` \| (\w+) \| (.*?) \|$",
                      ARCHITECTURE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    documented = {}
    for name, kind, extra in rows:
        names = set(re.findall(r"`(\w+)`", extra))
        if "any stage" in extra:
            names.add(ANY_STAGE)
        documented[name] = (kind, frozenset(names))
    assert documented == RULES
