"""A run checks and measures the PO files it just saved without parsing them again.

That is only right if the catalog in memory says exactly what a fresh read of the file
says, line numbers included; these runs compare the two after each kind of change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import (
    SAMPLE_ISSUE,
    STARTER_GLOSSARY,
    approve_five,
    edit_a_sentence,
)

from pipeline import catalog, flow
from pipeline.flow import RunConfig, translate_issue


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(SAMPLE_ISSUE, tmp_path / "2024-04")
    return tmp_path


def run(project: Path, monkeypatch, **changes) -> dict:
    """One run; returns the catalogs the run used as 'the file on disk'."""
    seen = {}
    original = flow._as_on_disk

    def spy(catalogs, paths):
        found = original(catalogs, paths)
        seen.update(found)
        return found
    monkeypatch.setattr(flow, "_as_on_disk", spy)
    settings = {"issue_dir": project / "2024-04", "langs": ["tr", "ar"], "engine": "pseudo",
                "glossary_path": STARTER_GLOSSARY, "locales_dir": project / "locales",
                "out_dir": project / "out", "show_progress": False, "force": True}
    translate_issue(RunConfig(**{**settings, **changes}))
    return seen


def assert_same_as_file(seen: dict) -> None:
    assert seen
    for path, in_memory in seen.items():
        fresh = catalog.read_catalog(path)
        assert catalog.entries(in_memory, obsolete=True) == catalog.entries(fresh, obsolete=True)
        assert str(in_memory.locale) == str(fresh.locale)


def edit_sentence(project: Path) -> None:
    edit_a_sentence(project / "2024-04")


approve = approve_five


def drop_article(project: Path) -> None:
    max((project / "2024-04").glob("*.md")).unlink()


def test_first_run_and_each_kind_of_change(project, monkeypatch):
    assert_same_as_file(run(project, monkeypatch))
    for change in (approve, edit_sentence, drop_article):
        change(project)
        assert_same_as_file(run(project, monkeypatch))
    assert_same_as_file(run(project, monkeypatch, retranslate=True))


def test_a_file_in_another_tools_layout_is_read_again(project, monkeypatch):
    run(project, monkeypatch)
    path = project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    path.write_bytes(path.read_bytes().replace(b"\n\n", b"\n\n\n", 3))  # extra blank lines
    seen = run(project, monkeypatch)
    assert_same_as_file(seen)
    assert seen[path].lines_match_file is False  # a fresh read, not the merged catalog


def test_after_each_edit_the_file_is_still_migos_layout(project, monkeypatch):
    """An edited file is spliced; the splice must leave it exactly as migo writes it, or
    every later run would parse each PO file a second time."""
    run(project, monkeypatch)
    for _ in range(2):
        edit_sentence(project)
        seen = run(project, monkeypatch)
        assert_same_as_file(seen)
        assert all(po.lines_match_file for po in seen.values())
        for path, po in seen.items():
            assert path.read_bytes() == catalog.render_catalog(po)


def test_a_file_ending_as_gettext_writes_it_keeps_its_ending(project, monkeypatch):
    """msgcat ends a file after the last msgstr, Babel with a blank line: a change
    elsewhere in the file must not touch its last line."""
    run(project, monkeypatch)
    path = project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    path.write_bytes(path.read_bytes().rstrip(b"\n") + b"\n")
    edit_sentence(project)
    seen = run(project, monkeypatch)
    assert_same_as_file(seen)
    data = path.read_bytes()
    assert data.endswith(b'"\n') and not data.endswith(b"\n\n")
    assert seen[path].lines_match_file  # the lines are migo's: no second parse
