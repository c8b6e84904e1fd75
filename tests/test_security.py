"""Issue 13's red-team rows that need more than the bad-input corpus can state.

The corpus (``test_bad_inputs.py``) runs every attack as a real command and checks the
exit code, the message and that nothing outside the outputs changed. The tests here
look closer: the save that falls inside the write window, every paragraph of a deep
page, the warning in the report, the image that was not copied.
"""

from __future__ import annotations

import errno
import json
import os
import re

import pytest

from pipeline import catalog
from pipeline.cli import main
from pipeline.errors import LockedError
from pipeline.files import ChangedMeanwhile, write_atomic
from pipeline.read import safe_href

ARTICLE = "# Beratung im Rathaus\n\nDie Beratung findet jeden Montag statt.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A magazine folder with one issue; ``run`` is ``migo translate`` on it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossaries").mkdir()
    issue = tmp_path / "input" / "2024-04"
    issue.mkdir(parents=True)
    (issue / "beratung.md").write_text(ARTICLE, encoding="utf-8")

    def run(*extra: str, issue_dir: str = "input/2024-04") -> int:
        return main(["translate", issue_dir, "--to", "tr", "--engine", "pseudo",
                     "--glossary", str(tmp_path / "glossaries"), "--locales",
                     str(tmp_path / "locales"), "--out", str(tmp_path / "out"), "--quiet",
                     *extra])
    return tmp_path, issue, run


PO = "locales/tr/LC_MESSAGES/2024-04.po"


# --- the save race ---------------------------------------------------------------

def test_a_reviewers_save_inside_the_write_window_is_kept(project, monkeypatch, capsys):
    """Poedit saves after migo's "changed meanwhile" check, before the rename."""
    root, issue, run = project
    assert run() == 0
    po = root / PO
    (issue / "beratung.md").write_text(ARTICLE + "\nEin neuer Satz.\n", encoding="utf-8")
    saved = po.read_bytes().replace(b'msgstr ""', b'msgstr "Kaydedildi."', 1) + b"\n"
    real_fsync = os.fsync

    def fsync_then_reviewer_saves(fd):
        real_fsync(fd)
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(po.parent / ".2024-04.po.")):
            po.write_bytes(saved)  # the reviewer's save lands right now

    monkeypatch.setattr(os, "fsync", fsync_then_reviewer_saves)
    assert run() == 2
    assert "changed while migo was running" in capsys.readouterr().err
    assert po.read_bytes() == saved
    assert not list(po.parent.glob(".*.tmp"))


def test_write_atomic_refuses_to_replace_a_file_that_changed(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b"reviewer")
    with pytest.raises(ChangedMeanwhile):
        write_atomic(path, b"migo", expected=b"what migo read")
    assert path.read_bytes() == b"reviewer" and os.listdir(tmp_path) == ["a.po"]
    write_atomic(path, b"migo", expected=b"reviewer")
    assert path.read_bytes() == b"migo"


def test_a_full_disk_names_the_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as error:
        write_atomic(tmp_path / "page.html", b"<p>")
    assert error.value.filename == str(tmp_path / "page.html")
    assert os.listdir(tmp_path) == []


# --- the lock file ----------------------------------------------------------------

def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "id_rsa"
    victim.write_text("secret\n")
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / ".migo.lock").symlink_to(victim)
    with pytest.raises(LockedError, match="is a symlink"), catalog.locked(tmp_path / "locales"):
        pass
    assert victim.read_text() == "secret\n"


# --- deep HTML --------------------------------------------------------------------

def test_300_unclosed_paragraphs_all_reach_the_po_file_and_the_page(project):
    root, issue, run = project
    html = "<html><body>" + "".join(f"<p><span>Absatz {i} ist hier. " for i in range(300))
    (issue / "tief.html").write_text(html + "</body></html>", encoding="utf-8")
    assert run("--engine", "none") == 0  # untranslated: the page shows the German
    po = (root / PO).read_text(encoding="utf-8")
    assert {int(n) for n in re.findall(r'msgid "Absatz (\d+) ist hier\."', po)} == set(range(300))
    page = root / "out" / "2024-04" / "tr" / "tief.html"
    found = set(map(int, re.findall(r"Absatz (\d+)", page.read_text(encoding="utf-8"))))
    assert found == set(range(300))


def test_markdown_nested_past_markdown_its_default_keeps_its_text(project):
    """markdown-it drops text below 20 nested quotes unless told otherwise."""
    root, issue, run = project
    (issue / "tief.md").write_text("# Tief\n\n" + ">" * 30 + " Ganz unten steht ein Satz.\n\n"
                                   + "- " * 40 + "Ein Listenpunkt ganz innen.\n", encoding="utf-8")
    assert run() == 0
    po = (root / PO).read_text(encoding="utf-8")
    assert "Ganz unten steht ein Satz." in po and "Ein Listenpunkt ganz innen." in po


def test_markdown_deeper_than_migo_reads_is_an_error_not_a_loss(project, capsys):
    root, issue, run = project
    (issue / "tief.md").write_text("# Tief\n\n" + ">" * 500 + " Unten.\n", encoding="utf-8")
    assert run() == 2
    assert "tief.md: cannot be read: line 3: quotes, lists or emphasis are nested too deeply" \
        in capsys.readouterr().err
    assert not (root / "locales").exists()


# --- charsets ---------------------------------------------------------------------

def test_a_word_article_is_read_with_a_warning_on_stderr_and_in_the_report(project, capsys):
    root, issue, run = project
    (issue / "beratung.md").write_bytes("# Beratung\n\nDie Beratung für alle.\n".encode("cp1252"))
    assert run() == 0
    err = capsys.readouterr().err
    assert "beratung.md:3: not UTF-8; read as Windows-1252" in err
    report = json.loads((root / "out" / "2024-04" / "report.json").read_text())
    assert any("Windows-1252" in w for w in report["warnings"])
    assert "read as Windows-1252" in (root / "out" / "2024-04" / "report.html").read_text()
    assert 'msgid "Die Beratung für alle."' in (root / PO).read_text(encoding="utf-8")


# --- invisible characters ---------------------------------------------------------

def test_bidi_and_zero_width_characters_are_in_the_report(project):
    root, issue, run = project
    (issue / "beratung.md").write_text(
        "# Beratung\n\nDie Beratung \u202eist\u202c am Mon\u200btag.\n", encoding="utf-8")
    assert run() == 0
    report = json.loads((root / "out" / "2024-04" / "report.json").read_text())
    hidden = [f for f in report["qa"] if f["code"] == "invisible"]
    assert hidden and "U+202E" in hidden[0]["message"] and "U+200B" in hidden[0]["message"]


def test_persian_zero_width_non_joiner_is_spelling_not_a_finding():
    from pipeline.check import Entry, invisible
    from pipeline.glossary import Glossary

    assert list(invisible(Entry("Die Schule.", "می\u200cروم.", "fa", Glossary([])))) == []
    assert list(invisible(Entry("Die Schule.", "Okul\u200c.", "tr", Glossary([]))))


# --- U+2028 -----------------------------------------------------------------------

def test_a_line_separator_in_a_reviewed_msgstr_is_kept(project):
    root, _issue, run = project
    assert run() == 0
    po = root / PO
    text = po.read_text(encoding="utf-8")
    text = re.sub(r'#, fuzzy\n((?:#.*\n)*msgid "Die Beratung.*\n)msgstr ".*"',
                  '\\1msgstr "Danışma\u2028her pazartesi."', text)
    po.write_text(text, encoding="utf-8")
    assert run() == 0
    assert "Danışma\u2028her pazartesi." in po.read_text(encoding="utf-8")
    page = (root / "out" / "2024-04" / "tr" / "beratung.html").read_text(encoding="utf-8")
    assert "Danışma\u2028her pazartesi." in page or "Danışma&#8232;her" in page


# --- images -----------------------------------------------------------------------

def test_an_svg_with_a_script_is_neither_copied_nor_inlined(project):
    root, issue, run = project
    (issue / "beratung.md").write_text(ARTICLE + "\n![Logo](logo.svg)\n", encoding="utf-8")
    (issue / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                    '<script>alert(1)</script></svg>')
    assert run() == 0
    out = root / "out" / "2024-04"
    assert not (out / "media" / "logo.svg").exists()
    report = json.loads((out / "report.json").read_text())
    assert any(f["rule"] == "img-unsafe" for f in report["a11y"])
    assert all("alert(" not in p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def test_a_plain_svg_is_still_copied(project):
    root, issue, run = project
    (issue / "beratung.md").write_text(ARTICLE + "\n![Logo](logo.svg)\n", encoding="utf-8")
    (issue / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient '
                                    'id="g"/></defs><rect width="9" height="9" fill="url(#g)"/>'
                                    '</svg>')
    assert run() == 0
    assert (root / "out" / "2024-04" / "media" / "logo.svg").exists()


def test_an_image_over_the_limit_is_not_copied(project):
    root, issue, run = project
    (issue / "beratung.md").write_text(ARTICLE + "\n![Foto](foto.jpg)\n", encoding="utf-8")
    with open(issue / "foto.jpg", "wb") as handle:  # sparse: 25 MB without using the disk
        handle.truncate(25_000_000)
    assert run() == 0
    out = root / "out" / "2024-04"
    assert not (out / "media" / "foto.jpg").exists()
    assert any(f["rule"] == "img-size" for f in json.loads((out / "report.json").read_text())["a11y"])


# --- issue names and --out --------------------------------------------------------

@pytest.mark.parametrize("cwd, issue_dir", [("input/2024-04", "."),
                                            ("input/2024-04/bilder", "..")])
def test_issue_dir_dot_and_dotdot_take_the_name_of_the_resolved_folder(
        project, monkeypatch, cwd, issue_dir):
    root, issue, run = project
    (issue / "bilder").mkdir()
    monkeypatch.chdir(root / cwd)
    assert run(issue_dir=issue_dir) == 0
    assert (root / PO).exists()
    assert (root / "out" / "2024-04" / "report.html").exists()
    # the issue's folder, and beside it the archive across issues (issue 20): no "." or ".."
    assert sorted(p.name for p in (root / "out").iterdir()) == ["2024-04", "de", "index.html",
                                                                "tr"]
    assert not list((root / "locales" / "tr" / "LC_MESSAGES").glob(".*po"))


# --- glossary export --------------------------------------------------------------

def test_glossary_export_replaces_its_own_tbx_and_needs_force_for_other_files(tmp_path, capsys):
    glossary = tmp_path / "glossaries"
    glossary.mkdir()
    (glossary / "migo.csv").write_text("de,tr\nRathaus,belediye binası\n", encoding="utf-8")
    tbx = tmp_path / "out.tbx"
    args = ["glossary", "export", "--glossary", str(glossary), "--tbx"]
    assert main([*args, str(tbx)]) == 0 and main([*args, str(tbx)]) == 0  # its own: fine
    notes = tmp_path / "notes.txt"
    notes.write_text("meine Notizen\n")
    assert main([*args, str(notes)]) == 2
    assert "is not a TBX file" in capsys.readouterr().err
    assert notes.read_text() == "meine Notizen\n"
    assert main([*args, str(notes), "--force"]) == 0
    assert "<tbx" in notes.read_text()


# --- safe_href --------------------------------------------------------------------

@pytest.mark.parametrize("href", [
    "jav\tascript:alert(1)", "java\nscript:alert(1)", " javascript:alert(1)",
    "jav&#x09;ascript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "\x01javascript:alert(1)", "java\u200bscript:alert(1)", "data:text/html,<script>",
    "vbscript:msgbox", "JAVASCRIPT:alert(1)", "file:///etc/passwd", "ftp://x", "",
])
def test_safe_href_refuses_scheme_tricks(href):
    assert not safe_href(href)


@pytest.mark.parametrize("href", [
    "https://www.essen.de/", "http://x.de/a?b=c#d", "mailto:info@verein.de",
    "tel:+49201123", "TEL:+49201123", "../de/beratung.html", "#oben", "/seite", "?q=1",
    "bilder/plan.pdf",
])
def test_safe_href_keeps_web_mail_phone_and_site_links(href):
    assert safe_href(href)
