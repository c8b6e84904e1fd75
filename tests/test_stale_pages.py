"""No stale pages: a run leaves exactly the languages it wrote, and says what it removed.

Pages of a language an earlier run wrote and this run no longer asks for would stay
online, and their switchers would link to languages the other pages no longer offer.
Everything else an editor keeps in the output folder must survive.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY
from lxml import html

from pipeline.flow import RunConfig, translate_issue

ISSUE = SAMPLE_ISSUE.name


def _run(tmp_path: Path, langs: list[str]) -> dict:
    config = RunConfig(issue_dir=SAMPLE_ISSUE, langs=langs, engine="pseudo",
                       glossary_path=STARTER_GLOSSARY, locales_dir=tmp_path / "locales",
                       out_dir=tmp_path / "output", show_progress=False)
    return translate_issue(config).summary


def _switchers(out: Path) -> list[list[str]]:
    """The languages each language list on each page offers, in order."""
    found = []
    for page in sorted(out.rglob("*.html")):
        tree = html.fromstring(page.read_bytes())
        for switcher in tree.find_class("languages"):
            found.append([a.get("hreflang") for a in switcher.iter("a")])
    return found


def test_a_later_run_removes_the_languages_it_no_longer_asks_for(tmp_path):
    first = _run(tmp_path, ["tr", "ar", "fa"])
    out = tmp_path / "output" / ISSUE
    assert first["removed_languages"] == []
    assert (out / "fa" / "index.html").is_file()

    second = _run(tmp_path, ["tr", "ar"])

    assert second["removed_languages"] == ["fa"]
    assert not (out / "fa").exists()
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["ar", "de", "media", "tr"]
    switchers = _switchers(out)
    # the issue index, and each language's (German too) index, single file and articles
    assert len(switchers) == 1 + 3 * (2 + len(second["articles"]))
    assert all(langs == ["de", "tr", "ar"] for langs in switchers), switchers
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["removed_languages"] == ["fa"]
    assert _run(tmp_path, ["tr", "ar"])["removed_languages"] == []


def test_only_migos_own_language_pages_are_removed(tmp_path):
    _run(tmp_path, ["tr", "fa", "uk"])
    out = tmp_path / "output" / ISSUE
    (out / "notes.txt").write_text("the editor's notes", encoding="utf-8")
    shutil.copytree(out / "fa", out / "old")  # migo's pages, but not a language's folder
    (out / "fa" / "proofs.txt").write_text("kept", encoding="utf-8")
    (out / "uk" / "index.html").write_text("<!DOCTYPE html><p>our own page</p>",
                                           encoding="utf-8")
    for page in (out / "uk").glob("*.html"):
        if page.name != "index.html":
            page.unlink()
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "fa", elsewhere)
    (out / "pl").symlink_to(elsewhere, target_is_directory=True)
    (out / "fa" / "linked.html").symlink_to(elsewhere / "index.html")

    summary = _run(tmp_path, ["tr"])

    assert summary["removed_languages"] == ["fa"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the editor's notes"
    assert sorted(p.name for p in (out / "old").iterdir()) == sorted(
        p.name for p in elsewhere.iterdir() if p.suffix == ".html")
    assert sorted(p.name for p in (out / "fa").iterdir()) == ["linked.html", "proofs.txt"]
    assert (out / "uk" / "index.html").read_text(encoding="utf-8").endswith("own page</p>")
    assert (out / "pl").is_symlink() and (elsewhere / "index.html").is_file()
    assert len(list(elsewhere.glob("*.html"))) == len(summary["articles"]) + 2  # + index, single


def test_the_command_line_says_which_languages_it_removed(tmp_path, monkeypatch, capsys):
    from pipeline.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copytree(STARTER_GLOSSARY, tmp_path / "glossaries")
    command = ["translate", str(SAMPLE_ISSUE), "--engine", "pseudo", "--to"]
    assert main([*command, "tr,fa"]) == 0
    assert "Removed pages" not in capsys.readouterr().out
    assert main([*command, "tr"]) == 0
    assert "Removed pages of languages no longer requested: fa\n" in capsys.readouterr().out
