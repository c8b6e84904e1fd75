"""Shared paths and fixtures of the test suite.

Everything a test reads lives inside the repository: the sample issue, the sample news
text (``tests/data``), the tiny models, and the interface catalogs and starter glossary
that ship inside the package. Test files import the paths from here instead of working
them out again, so a moved file breaks one line, not twenty.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLE_ISSUE = ROOT / "input" / "2024-04"
SAMPLE_TEXT = DATA / "essen-news-page.txt"  # a real news page of the Stadt Essen
MODELS = ROOT / "tests" / "fixtures" / "models"
SHIPPED_LOCALES = ROOT / "pipeline" / "locales"  # interface catalogs (package data)
STARTER_GLOSSARY = ROOT / "pipeline" / "starter" / "glossaries"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str, why: str) -> str:
    """The path of an optional tool; skip here without it, but fail in CI.

    A skipped check in CI would hide a missing install step in ``.ci/run``.
    """
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed ({why})"
    if IN_CI:
        pytest.fail(message + "; .ci/run must install it")
    pytest.skip(message)


def load_build_models():
    """Import tests/fixtures/models/build_models.py, which lives in a data folder."""
    name = "migo_fixture_build_models"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, MODELS / "build_models.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def sample_issue() -> Path:
    return SAMPLE_ISSUE


@pytest.fixture
def starter_glossary() -> Path:
    return STARTER_GLOSSARY


def edit_a_sentence(issue: Path) -> None:
    """An editor changes one sentence of the first article (a word added after its first)."""
    article = min(issue.glob("*.md"))
    text = article.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if len(line) > 40 and line[0].isalpha())
    article.write_text(text.replace(first, first.replace(" ", " neu ", 1)), encoding="utf-8")


def sample_project(tmp_path: Path) -> Path:
    """A folder with a copy of the sample issue (``2024-04``) and of the starter
    glossaries (``glossaries``), for runs that change them."""
    shutil.copytree(SAMPLE_ISSUE, tmp_path / "2024-04")
    shutil.copytree(STARTER_GLOSSARY, tmp_path / "glossaries")
    return tmp_path


def pseudo_run(project: Path, **changes):
    """The RunConfig of a pseudo-engine run of :func:`sample_project` into tr and ar."""
    from pipeline.flow import RunConfig

    settings = {"issue_dir": project / "2024-04", "langs": ["tr", "ar"], "engine": "pseudo",
                "glossary_path": project / "glossaries", "locales_dir": project / "locales",
                "out_dir": project / "out", "show_progress": False}
    return RunConfig(**{**settings, **changes})


def approve_five(project: Path, text: str = "Onaylandı") -> None:
    """A reviewer approves five Turkish entries with their own text (``text`` and the
    entry's line)."""
    from pipeline import catalog

    path = project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    po = catalog.read_catalog(path, "tr")
    for message in list(po)[1:6]:
        message.string = f"{text} {message.lineno}"
        message.flags.discard("fuzzy")
    catalog.save_catalog(po, path)
