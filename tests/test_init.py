"""`migo init` makes a magazine folder in which `migo translate input/<issue>` just works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from babel.messages.pofile import read_po
from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY

from pipeline.cli import main
from pipeline.config import STARTER_LANGUAGES


def test_init_creates_the_folder_and_says_what_next(tmp_path, capsys):
    target = tmp_path / "magazin"
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().out
    assert "migo translate input/2024-05" in out and "migo models install" in out
    for name in ("input", "glossaries", "locales"):
        assert (target / name).is_dir()
    assert (target / "glossaries" / "migo.csv").read_bytes() == \
        (STARTER_GLOSSARY / "migo.csv").read_bytes()
    assert "output/" in (target / ".gitignore").read_text().splitlines()
    toml = (target / "migo.toml").read_text()
    assert 'languages = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]' in toml
    assert 'engine = "argos"' in toml


def test_init_never_overwrites_a_migo_toml(tmp_path, capsys):
    (tmp_path / "migo.toml").write_text('engine = "none"\n')
    (tmp_path / "glossaries").mkdir()
    (tmp_path / "glossaries" / "migo.csv").write_text("ours")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "migo.toml: already exists" in err
    assert (tmp_path / "migo.toml").read_text() == 'engine = "none"\n'
    assert (tmp_path / "glossaries" / "migo.csv").read_text() == "ours"


def test_init_then_translate_without_to(tmp_path, monkeypatch, capsys):
    target = tmp_path / "magazin"
    assert main(["init", str(target)]) == 0
    shutil.copytree(SAMPLE_ISSUE, target / "input" / "2024-04")
    monkeypatch.chdir(target / "input")  # any sub-folder finds ../migo.toml
    assert main(["translate", "2024-04", "--engine", "pseudo"]) == 0
    out = capsys.readouterr().out
    assert f"terms from {target / 'glossaries'}" in out
    pages = target / "output" / "2024-04"
    for lang in STARTER_LANGUAGES:
        assert (pages / lang / "index.html").is_file()
    turkish = (pages / "tr" / "index.html").read_text(encoding="utf-8")
    assert 'lang="tr"' in turkish and "Ana içeriğe geç" in turkish  # shipped interface
    report = json.loads((pages / "report.json").read_text(encoding="utf-8"))
    assert report["glossary"]["terms"] > 0
    with open(target / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po", "rb") as po:
        entries = [m for m in read_po(po) if m.id and "WSC" in m.id]
    assert entries and all("WSC" in m.string for m in entries)  # kept by the glossary


def test_the_summary_shows_paths_as_typed_in_the_magazine_folder(tmp_path, monkeypatch,
                                                                  capsys):
    """migo.toml's paths are resolved to absolute ones; the summary shows them relative
    to the folder the editor works in, and absolute ones outside it."""
    target = tmp_path / "magazin"
    assert main(["init", str(target)]) == 0
    shutil.copytree(SAMPLE_ISSUE, target / "input" / "2024-04")
    monkeypatch.chdir(target)
    capsys.readouterr()
    assert main(["translate", "input/2024-04", "--engine", "pseudo", "--to", "tr"]) == 0
    out = capsys.readouterr().out
    assert "terms from glossaries." in out
    assert f"PO files: {Path('locales', '<lang>', 'LC_MESSAGES', '2024-04.po')}" in out
    assert f"Pages:    {Path('output', '2024-04', 'index.html')}" in out
    assert str(tmp_path) not in out
