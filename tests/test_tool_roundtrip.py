"""Reviewers' tools and migo agree: the real tools between two migo runs.

For each tool a reviewer may run on a PO file (GNU gettext's ``msgmerge`` with and
without ``--previous``, ``msgcat``, ``msgattrib``; Translate Toolkit's ``po2xliff`` →
``xliff2po``, ``pot2po``, ``pocount`` and its PO writer, which Weblate uses; a Babel
re-save), an issue is translated and every sentence approved, then the German changes
(one sentence changed, one added, one removed, one kept), the tool runs, and migo runs
again. Afterwards:

- no approved text is lost (it is active, a fuzzy suggestion, or obsolete);
- no outdated text is published: the changed sentence's page shows the German, not the
  translation approved for the old number — even when the tool dropped ``#|``;
- the kept sentence is still approved and shown; ``msgfmt --check`` passes.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from pipeline import catalog
from pipeline.cli import main
from pipeline.model import Status

BIN = Path(sys.executable).parent
GETTEXT = all(shutil.which(tool) for tool in ("msgmerge", "msgcat", "msgattrib", "msgfmt"))
pytestmark = pytest.mark.skipif(not GETTEXT, reason="GNU gettext tools are not installed")

KEPT = "Die Beratung ist jeden Montag im Rathaus."
OLD = "Über 70 Menschen kamen zum Fest im Rathaus."
NEW = "Über 75 Menschen kamen zum Fest im Rathaus."
REMOVED = "Dieser Satz fällt im neuen Text weg."
ADDED = "Ein ganz anderer Satz kommt hinzu."
HEADING = "Fest im Rathaus"
APPROVED = {
    HEADING: "Belediye binasında şenlik",
    KEPT: "Danışma her pazartesi belediye binasında.",
    OLD: "Belediye binasındaki şenliğe 70'ten fazla kişi geldi.",
    REMOVED: "Bu cümle yeni metinde çıkarıldı.",
}


def article(*sentences: str) -> str:
    return f"# {HEADING}\n\n" + " ".join(sentences) + "\n"


def runner(tmp_path: Path, engine: str):
    """``run(text)``: write the article and run ``migo translate`` on it into Turkish."""
    (tmp_path / "glossary").mkdir()
    issue = tmp_path / "input" / "2024-04"
    issue.mkdir(parents=True)

    def run(text: str, locales: str = "locales", engine: str = engine) -> None:
        (issue / "fest.md").write_text(text, encoding="utf-8")
        assert main(["translate", str(issue), "--to", "tr", "--engine", engine,
                     "--glossary", str(tmp_path / "glossary"),
                     "--locales", str(tmp_path / locales), "--out", str(tmp_path / "out"),
                     "--quiet"]) == 0

    return run


@pytest.fixture
def project(tmp_path):
    run = runner(tmp_path, engine="pseudo")

    run(article(OLD, KEPT, REMOVED))
    approve_all(po_path(tmp_path))
    run(article(OLD, KEPT, REMOVED))  # takes in the approvals, as a reviewer's next run
    return tmp_path, run


def po_path(root: Path, locales: str = "locales") -> Path:
    return root / locales / "tr" / "LC_MESSAGES" / "2024-04.po"


def approve_all(path: Path) -> None:
    """What a reviewer does in an editor: their own text, and 'fuzzy' removed."""
    text = path.read_text(encoding="utf-8")
    for german, turkish in APPROVED.items():
        block = next(b for b in text.split("\n\n") if f'msgid "{german}"' in b)
        new = re.sub(r'msgstr ".*"(\n".*")*', f'msgstr "{turkish}"', block)
        text = text.replace(block, new.replace("#, fuzzy\n", ""))
    path.write_text(text, encoding="utf-8")


def tool(*args: str) -> None:
    name = args[0]
    command = str(BIN / name) if (BIN / name).exists() else name
    subprocess.run([command, *args[1:]], check=True, capture_output=True)


def assert_safe(root: Path) -> None:
    """The four promises, on the PO file and on the published pages."""
    path = po_path(root)
    tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    po = catalog.read_catalog(path)
    shown = catalog.translations(po)
    text = path.read_text(encoding="utf-8")
    for german, turkish in APPROVED.items():  # nothing a person approved is lost
        assert f'"{turkish}"' in text, (german, text)
    assert shown[KEPT].text == APPROVED[KEPT] and shown[KEPT].status is Status.REVIEWED
    assert shown[NEW].text == "", shown[NEW]  # the old number is not shown for the new one
    assert shown[ADDED].text and shown[ADDED].status is Status.MACHINE
    assert REMOVED not in shown
    pages = "".join(p.read_text(encoding="utf-8")
                    for p in (root / "out" / "2024-04" / "tr").glob("*.html"))
    assert APPROVED[OLD] not in pages and APPROVED[KEPT] in pages


V2 = article(NEW, KEPT, ADDED)


def resave_babel(path: Path) -> None:
    with path.open("rb") as handle:
        po = read_po(handle)
    with path.open("wb") as handle:
        write_po(handle, po, width=76)


def resave_toolkit(path: Path) -> None:
    """Translate Toolkit's PO writer, the one Weblate saves with."""
    from translate.storage import factory

    store = factory.getobject(str(path))
    path.write_bytes(bytes(store))


def xliff_round_trip(path: Path) -> None:
    pytest.importorskip("translate")
    xliff = path.with_suffix(".xlf")
    tool("po2xliff", "--progress=none", str(path), str(xliff))
    tool("xliff2po", "--progress=none", str(xliff), str(path))
    xliff.unlink()


def pocount(path: Path) -> None:
    pytest.importorskip("translate")
    before = path.read_bytes()
    tool("pocount", str(path))
    assert path.read_bytes() == before


SAVERS = {
    "msgcat": lambda p: tool("msgcat", str(p), "-o", str(p)),
    "msgattrib --clear-previous": lambda p: tool("msgattrib", "--clear-previous", str(p),
                                                 "-o", str(p)),
    "msgattrib --no-wrap": lambda p: tool("msgattrib", "--no-wrap", str(p), "-o", str(p)),
    "po2xliff→xliff2po": xliff_round_trip,
    "pocount": pocount,
    "babel re-save": resave_babel,
    "translate toolkit (weblate) re-save": resave_toolkit,
}


@pytest.mark.parametrize("name", SAVERS)
def test_a_tool_between_two_runs_loses_nothing_and_publishes_nothing_outdated(project, name):
    if "toolkit" in name:
        pytest.importorskip("translate")
    root, run = project
    run(V2)
    SAVERS[name](po_path(root))
    run(V2)
    assert_safe(root)
    run(V2)  # and the run after that keeps it so
    assert_safe(root)


def _merged_by(command: list[str], root: Path, run) -> None:
    """The reviewer merges the new template into the file themselves, then migo runs."""
    shutil.copytree(root / "locales", root / "scratch")
    run(V2, locales="scratch", engine="none")  # only to get the new template
    pot = root / "scratch" / "templates" / "2024-04.pot"
    path = po_path(root)
    tool(*[str(pot) if a == "POT" else str(path) if a == "PO" else a for a in command])
    run(V2)


MERGERS = {
    "msgmerge": ["msgmerge", "-q", "-U", "--backup=off", "PO", "POT"],
    "msgmerge --previous": ["msgmerge", "-q", "--previous", "-U", "--backup=off", "PO", "POT"],
    "pot2po": ["pot2po", "--progress=none", "-t", "PO", "POT", "PO"],
}


@pytest.mark.parametrize("name", MERGERS)
def test_a_reviewer_merge_with_the_new_template_publishes_nothing_outdated(project, name):
    if name == "pot2po":
        pytest.importorskip("translate")
    root, run = project
    _merged_by(MERGERS[name], root, run)
    assert_safe(root)


@pytest.mark.parametrize("name", SAVERS)
def test_a_tool_after_the_merge_keeps_the_stale_entry_hidden(project, name):
    """The hard case: migo already marked the change (#|), then the tool drops the #|."""
    if "toolkit" in name or "xliff" in name or name == "pocount":
        pytest.importorskip("translate")
    root, run = project
    _merged_by(MERGERS["msgmerge"], root, run)
    SAVERS[name](po_path(root))
    run(V2)
    assert_safe(root)


def test_a_translation_typed_into_an_empty_entry_is_protected_too(tmp_path):
    """No machine suggestion (--engine none), so no digest until the reviewer's text
    arrives; the run that takes it in records one, and plain msgmerge cannot fool it."""
    run = runner(tmp_path, engine="none")

    run(article(OLD, KEPT, REMOVED))
    approve_all(po_path(tmp_path))
    run(article(OLD, KEPT, REMOVED))
    assert "# source: " in po_path(tmp_path).read_text(encoding="utf-8")
    _merged_by(MERGERS["msgmerge"], tmp_path, lambda text, **kw: run(text, **kw))
    shown = catalog.translations(catalog.read_catalog(po_path(tmp_path)))
    assert shown[NEW].text == "" and shown[KEPT].text == APPROVED[KEPT]
    assert f'"{APPROVED[OLD]}"' in po_path(tmp_path).read_text(encoding="utf-8")
