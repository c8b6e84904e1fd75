"""Check results carried from one run to the next (``.migo-checks.json``).

The memo may only save time: a run that takes results from it must report exactly
what checking every entry again reports, and anything a check reads besides the entry
(the glossary, the English variant, migo's code) must make it check everything again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    approve_five,
    edit_a_sentence,
    pseudo_run,
    sample_project,
)

from pipeline import check, flow
from pipeline.flow import translate_issue


@pytest.fixture
def project(tmp_path) -> Path:
    return sample_project(tmp_path)


config = pseudo_run


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The German of every entry a run checks itself (not taken from the memo)."""
    seen: list[str] = []
    original = check.check_entry

    def counting(entry, names=None):
        seen.append(entry.source)
        return original(entry, names)
    monkeypatch.setattr(check, "check_entry", counting)
    return seen


def edit_sentence(project: Path) -> None:
    edit_a_sentence(project / "2024-04")


def review(project: Path) -> None:
    """A reviewer replaces five suggestions with their own text (with a stray tag)."""
    approve_five(project, "Onaylandı <b>")


def findings(project: Path, **changes) -> list[dict]:
    return translate_issue(config(project, **changes)).run.qa


def test_an_edit_checks_only_changed_entries_and_reports_what_a_full_check_does(
        project, checked):
    first = findings(project)
    assert first and len(checked) > 50
    edit_sentence(project)
    checked.clear()
    after_edit = findings(project)
    assert 0 < len(checked) <= 2 * 2  # the edited sentence (and its neighbour) per language
    checked.clear()
    assert findings(project, force=True) == after_edit
    assert len(checked) > 50  # --force checks every entry
    review(project)
    checked.clear()
    after_review = findings(project)
    assert 5 <= len(checked) <= 6 and after_review != after_edit
    assert findings(project, force=True) == after_review


@pytest.mark.parametrize("change", ["glossary", "english", "code"])
def test_what_a_check_reads_besides_the_entry_empties_the_memo(project, checked, change,
                                                                 monkeypatch):
    findings(project)
    checked.clear()
    if change == "glossary":
        path = project / "glossaries" / "migo.csv"
        with path.open("a", encoding="utf-8") as handle:
            handle.write("Testbegriff,=,=,=,=,=,=,=,name,\n")
        kwargs = {}
    elif change == "english":
        kwargs = {"english_variant": "en-US"}
    else:
        real = flow._sources

        def new_code(*args):
            sources = real(*args)
            return {**sources, "migo": ["a newer migo", sources["migo"][1]]}
        monkeypatch.setattr(flow, "_sources", new_code)
        kwargs = {}
    findings(project, **kwargs)
    assert len(checked) > 50


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"context": 1, "results": []}',
                                     b'{"context": "x", "results": {"k": [[1, 2]]}}'])
def test_a_broken_memo_is_no_memo(project, content):
    expected = findings(project, force=True)
    (project / "out" / "2024-04" / flow.CHECK_MEMO).write_bytes(content)
    edit_sentence(project)
    after = findings(project)
    assert after == findings(project, force=True)
    assert after != expected or after  # the run went through


def test_a_memo_of_another_context_is_not_used(tmp_path):
    memo = check.CheckMemo("one")
    memo.now["key"] = [("warning", "x", "y")]
    memo.save(tmp_path / "memo.json")
    assert check.CheckMemo.from_file(tmp_path / "memo.json", "one").earlier == {
        "key": [["warning", "x", "y"]]}
    assert check.CheckMemo.from_file(tmp_path / "memo.json", "two").earlier == {}
    assert check.CheckMemo.from_file(tmp_path / "missing.json", "one").earlier == {}
