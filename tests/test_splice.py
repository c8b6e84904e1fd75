"""A save that parses only the entries whose lines differ writes what the long way writes.

``pofile.save`` keeps every entry a run did not change as the file had it. To tell this
run's changes from another tool's layout it once parsed and wrote the whole old file
again; now it does so only for entries whose lines differ (``_known_changes``). Each
case below runs twice from the same state, with and without that shortcut, and the PO
files must come out byte for byte the same.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY, edit_a_sentence

from pipeline import catalog, pofile
from pipeline.flow import RunConfig, translate_issue

PO = Path("locales") / "tr" / "LC_MESSAGES" / "2024-04.po"


def run(project: Path) -> None:
    translate_issue(RunConfig(issue_dir=project / "2024-04", langs=["tr", "ar"],
                              engine="pseudo", glossary_path=STARTER_GLOSSARY,
                              locales_dir=project / "locales", out_dir=project / "out",
                              show_progress=False))


def edit_sentence(project: Path) -> None:
    edit_a_sentence(project / "2024-04")


def drop_article(project: Path) -> None:
    max((project / "2024-04").glob("*.md")).unlink()


def reviewer_saves(project: Path) -> None:
    """Approvals, a note, a new translator and team: as Poedit would save them."""
    path = project / PO
    po = catalog.read_catalog(path, "tr")
    for message in list(po)[2:7]:
        message.string = f"Onaylandı {message.lineno}"
        message.flags.discard("fuzzy")
        message.user_comments.append("Reviewer: bitte prüfen")
    po.last_translator = "Ayşe <ayse@example.org>"
    catalog.save_catalog(po, path)


def unwrapped(project: Path) -> None:
    """Another tool's layout: every string on one line, no blank line at the end."""
    path = project / PO
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"\n"', "", text)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def windows_line_ends(project: Path) -> None:
    path = project / PO
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


CASES = {
    "edit": [edit_sentence],
    "two edits": [edit_sentence, edit_sentence],
    "dropped article": [drop_article],
    "review then edit": [reviewer_saves, edit_sentence],
    "other layout then edit": [unwrapped, edit_sentence],
    "windows line ends then edit": [windows_line_ends, edit_sentence],
    "review only": [reviewer_saves],
}


def po_files(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes()
            for p in sorted((project / "locales").rglob("*.po*"))}


@pytest.mark.parametrize("name", CASES)
def test_the_shortcut_writes_what_the_long_way_writes(tmp_path, monkeypatch, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    first = tmp_path / "first"
    shutil.copytree(SAMPLE_ISSUE, first / "2024-04")
    run(first)
    results, used = {}, []
    real = pofile._known_changes

    def spying(*args):
        found = real(*args)
        used.append(found is not None)
        return found
    for way in ("shortcut", "long way"):
        project = tmp_path / way
        shutil.copytree(first, project)
        with monkeypatch.context() as patched:
            if way == "long way":
                patched.setattr(pofile, "_known_changes", lambda *args: None)
            else:
                patched.setattr(pofile, "_known_changes", spying)
            for change in CASES[name]:
                change(project)
                run(project)
        results[way] = po_files(project)
    assert results["shortcut"] == results["long way"]
    if name != "review only":
        assert any(used)  # the shortcut was taken, not only the long way
