"""Minimal churn, as msgmerge behaves: a run changes only the entries it changes.

A reviewer's tool (here ``msgcat``, which wraps at 79 columns where migo wraps at 76)
saves the file; the German of one sentence changes; the next run must leave every other
entry's lines exactly as the tool wrote them, and the header's reviewer fields alone.
"""

import difflib
import re
import shutil
import subprocess

import pytest

from pipeline.cli import main

pytestmark = pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext is not installed")

LONG = [
    ("Die Beratung für Geflüchtete findet jeden Montag im Rathaus statt, und wer einen Termin "
     "braucht, meldet sich vorher telefonisch oder per E-Mail bei uns an."),
    ("Über 70 Menschen kamen zum Sommerfest des Begegnungszentrums, das in diesem Jahr zum "
     "ersten Mal im Park hinter der Stadtbibliothek stattfand."),
    ("Der Deutschkurs für Anfängerinnen und Anfänger beginnt nach den Sommerferien und dauert "
     "zwölf Wochen mit zwei Abenden in jeder Woche."),
]
CHANGED = LONG[1].replace("Über 70", "Über 75")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "glossary").mkdir()
    issue = tmp_path / "input" / "2024-04"
    issue.mkdir(parents=True)

    def run(*sentences: str) -> None:
        (issue / "a.md").write_text("# Neues aus dem Zentrum\n\n" + "\n\n".join(sentences) + "\n",
                                    encoding="utf-8")
        assert main(["translate", str(issue), "--to", "tr", "--engine", "pseudo",
                     "--glossary", str(tmp_path / "glossary"),
                     "--locales", str(tmp_path / "locales"), "--out", str(tmp_path / "out"),
                     "--quiet"]) == 0

    return tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po", run


def approve_all(path) -> None:
    """A reviewer approves every suggestion as it is, with a note on one entry."""
    text = path.read_text(encoding="utf-8").replace("#, fuzzy\n", "")
    text = text.replace("#: 2024-04/a.md:5", "# Reviewer: Zahl bitte prüfen\n#: 2024-04/a.md:5")
    path.write_text(text, encoding="utf-8")


def entry_lines(text: str, msgid_start: str) -> set[int]:
    """Line numbers (0-based) of the entry whose msgid starts so."""
    start = 0
    for block in re.split(r"\n\n", text):
        count = block.count("\n") + 1
        if f'msgid "{msgid_start}' in block or f'msgid ""\n"{msgid_start}' in block:
            return set(range(start, start + count))
        start += count + 1
    raise AssertionError(f"no entry starts with {msgid_start!r}")


def test_one_changed_sentence_after_a_msgcat_save_changes_only_its_entry(project):
    path, run = project
    run(*LONG)
    approve_all(path)
    run(*LONG)
    subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)
    tool_text = path.read_text(encoding="utf-8")
    run(*LONG)
    assert path.read_text(encoding="utf-8") == tool_text  # nothing changed: not written

    run(LONG[0], CHANGED, LONG[2])
    new_text = path.read_text(encoding="utf-8")
    entry = entry_lines(new_text, "Über 75")
    changed_new = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(
            None, tool_text.split("\n"), new_text.split("\n"), autojunk=False).get_opcodes():
        if tag != "equal":
            changed_new.update(range(j1, j2))
    outside = [new_text.split("\n")[i] for i in sorted(changed_new - entry)]
    allowed = [line for line in outside if line.startswith(('"POT-Creation-Date:', '"X-Migo-'))]
    assert outside == allowed, outside
    assert '"PO-Revision-Date:' in tool_text and all(
        line in new_text for line in tool_text.split("\n")
        if line.startswith(('"PO-Revision-Date:', '"Last-Translator:', '"Language-Team:',
                            '"X-Generator:')))
    block = "\n".join(new_text.split("\n")[i] for i in sorted(entry))
    assert "# Reviewer: Zahl bitte prüfen" in block and "#, fuzzy" in block
    assert new_text.count("# Reviewer: Zahl bitte prüfen") == 1


def test_reviewer_added_notes_and_references_are_kept(project):
    path, run = project
    run(*LONG)
    text = path.read_text(encoding="utf-8").replace(
        "#: 2024-04/a.md:7", "#. Reviewer: Fachbegriff, siehe Glossar\n#: 2024-04/a.md:7\n"
        "#: glossar/sprache.md:3")
    path.write_text(text, encoding="utf-8")
    run(*LONG)
    run(LONG[0], LONG[1], LONG[2].replace("zwölf", "zehn"))
    text = path.read_text(encoding="utf-8")
    assert "#. Reviewer: Fachbegriff, siehe Glossar" in text
    assert re.search(r"^#: .*glossar/sprache.md:3", text, re.MULTILINE)  # Babel joins references
