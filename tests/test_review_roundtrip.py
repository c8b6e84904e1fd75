"""A reviewer's work survives every run: real PO files through ``migo translate``.

Each test runs the real command (pseudo engine, locales and output in a temporary folder)
and edits the PO files as a reviewer would in a text editor.
"""

import json
import re
import subprocess

import pytest

from pipeline import catalog
from pipeline.cli import main

ARTICLE = """# Beratung im Rathaus

Die Beratung für Geflüchtete findet jeden Montag statt. Bitte bringen Sie Ihren Ausweis mit.

Der Kurs beginnt am 3. Mai um 18 Uhr.
"""
APPROVED = "Danışma her pazartesi yapılır."


@pytest.fixture
def project(tmp_path):
    """An issue folder, an empty glossary folder, and a function that runs migo on it."""
    (tmp_path / "glossary").mkdir()

    def write_issue(name: str, text: str):
        folder = tmp_path / "input" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "beratung.md").write_text(text, encoding="utf-8")
        return folder

    def run(name: str, *extra: str, langs: str = "tr,ar") -> int:
        return main(["translate", str(tmp_path / "input" / name), "--to", langs,
                     "--engine", "pseudo", "--glossary", str(tmp_path / "glossary"),
                     "--locales", str(tmp_path / "locales"), "--out", str(tmp_path / "out"),
                     "--quiet", *extra])

    write_issue("2024-04", ARTICLE)
    return tmp_path, write_issue, run


def po_path(root, issue: str = "2024-04", lang: str = "tr"):
    return root / "locales" / lang / "LC_MESSAGES" / f"{issue}.po"


def entry(text: str, msgid: str) -> str:
    """The block of one entry in a PO file's text."""
    return next(b for b in text.split("\n\n") if f'msgid "{msgid}"' in b)


def approve(path, msgid: str, translation: str) -> None:
    """What a reviewer does in a text editor: new text, 'fuzzy' removed."""
    text = path.read_text(encoding="utf-8")
    old = entry(text, msgid)
    new = re.sub(r'msgstr ".*"(\n".*")*', f'msgstr "{translation}"', old)
    new = new.replace("#, fuzzy\n", "")
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(root) -> dict:
    return {p: p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


def report(root, issue: str = "2024-04") -> dict:
    return json.loads((root / "out" / issue / "report.json").read_text(encoding="utf-8"))


def test_an_approved_entry_is_unchanged_by_a_rerun(project):
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    assert run("2024-04") == 0
    block = entry(po_path(root).read_text(), "Bitte bringen Sie Ihren Ausweis mit.")
    assert f'msgstr "{APPROVED}"' in block and "fuzzy" not in block
    assert report(root)["languages"]["tr"]["reviewed"] == 1


def test_a_no_change_rerun_leaves_every_file_byte_identical(project):
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    assert run("2024-04") == 0  # the run that takes in the reviewer's edit
    before = snapshot(root)
    assert len(before) == 3  # the template and two languages
    assert run("2024-04") == 0
    assert snapshot(root) == before


def test_a_changed_sentence_becomes_fuzzy_with_previous_msgid(project):
    root, write_issue, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Der Kurs beginnt am 3. Mai um 18 Uhr.", "Kurs 3 Mayıs saat 18'de.")
    write_issue("2024-04", ARTICLE.replace("18 Uhr", "19 Uhr"))
    assert run("2024-04") == 0
    block = entry(po_path(root).read_text(), "Der Kurs beginnt am 3. Mai um 19 Uhr.")
    assert "#, fuzzy\n" in block
    assert '#| msgid "Der Kurs beginnt am 3. Mai um 18 Uhr."\n' in block
    assert "msgstr \"Kurs 3 Mayıs saat 18'de.\"" in block  # the reviewer's text, to adjust
    assert "# machine:" not in block and "# previous: " in block


def test_a_removed_sentence_becomes_obsolete(project):
    root, write_issue, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    write_issue("2024-04", ARTICLE.replace(" Bitte bringen Sie Ihren Ausweis mit.", ""))
    assert run("2024-04") == 0
    text = po_path(root).read_text()
    assert f'#~ msgid "Bitte bringen Sie Ihren Ausweis mit."\n#~ msgstr "{APPROVED}"' in text
    assert '\nmsgid "Bitte bringen' not in text


def test_a_second_issue_takes_reviewed_sentences_from_memory(project):
    root, write_issue, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    write_issue("2024-05", "# Neue Kurse\n\nBitte bringen Sie Ihren Ausweis mit. "
                           "Bitte bringen Sie Ihren Pass mit.\n")
    assert run("2024-05") == 0
    text = po_path(root, "2024-05").read_text()
    exact = entry(text, "Bitte bringen Sie Ihren Ausweis mit.")
    assert f'msgstr "{APPROVED}"' in exact and "fuzzy" not in exact
    assert "# memory: exact match from tr/LC_MESSAGES/2024-04.po" in exact
    close = entry(text, "Bitte bringen Sie Ihren Pass mit.")
    assert "#, fuzzy" in close and re.search(r"# memory: \d\d% match from", close)
    row = report(root, "2024-05")["languages"]["tr"]
    assert (row["from_memory_exact"], row["from_memory_fuzzy"], row["reviewed"]) == (1, 1, 1)
    assert row["machine_translated"] == 1  # only the heading went to the engine
    assert report(root, "2024-05")["languages"]["ar"]["from_memory_exact"] == 0


def test_a_tm_folder_is_used(project, tmp_path_factory):
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    elsewhere = tmp_path_factory.mktemp("tm")
    (elsewhere / "tr.po").write_bytes(po_path(root).read_bytes())
    other_root = tmp_path_factory.mktemp("fresh")
    code = main(["translate", str(root / "input" / "2024-04"), "--to", "tr", "--engine",
                 "pseudo", "--glossary", str(root / "glossary"), "--locales",
                 str(other_root / "locales"), "--out", str(other_root / "out"), "--quiet",
                 "--tm", str(elsewhere)])
    assert code == 0
    block = entry(po_path(other_root).read_text(), "Bitte bringen Sie Ihren Ausweis mit.")
    assert f'msgstr "{APPROVED}"' in block and "# memory: exact match from tr.po" in block


def test_retranslate_renews_machine_suggestions_but_not_approved_text(project):
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    path = po_path(root)
    heading = entry(path.read_text(), "Beratung im Rathaus")
    older = re.sub(r'msgstr ".*"', 'msgstr "ESKİ ÖNERİ"', heading)  # an older engine's text
    older = re.sub(r"\[[0-9a-f]{8}\]", f"[{catalog.text_digest('ESKİ ÖNERİ')}]", older)
    path.write_text(path.read_text().replace(heading, older))
    assert run("2024-04") == 0
    assert 'msgstr "ESKİ ÖNERİ"' in path.read_text()  # fuzzy suggestions are kept
    assert run("2024-04", "--retranslate") == 0
    text = path.read_text()
    assert 'msgstr "ESKİ ÖNERİ"' not in text and f'msgstr "{APPROVED}"' in text


def test_a_broken_file_stops_the_run_with_exit_2_and_nothing_is_written(project, capsys):
    root, _, run = project
    assert run("2024-04") == 0
    path = po_path(root, lang="ar")
    broken = path.read_bytes() + b'\nmsgid "Beratung im Rathaus"\nmsgstr "x"\n'  # a duplicate
    path.write_bytes(broken)
    before = snapshot(root)
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    tr_edited = po_path(root).read_bytes()
    assert run("2024-04") == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "duplicate entry" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == broken
    assert po_path(root).read_bytes() == tr_edited  # nothing else was written either
    assert snapshot(root).keys() == before.keys()


def test_written_files_follow_gettext_conventions(project):
    root, _, run = project
    assert run("2024-04", langs="tr,ar,ru") == 0
    for path in sorted((root / "locales").rglob("*.po")):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                check=False, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        text = path.read_text(encoding="utf-8")
        assert '"X-Generator: migo ' in text and '"Plural-Forms: nplurals=' in text
        assert max(len(line) for line in text.splitlines() if line.startswith('"')) <= 78


def test_qa_findings_go_into_the_report(project):
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", "Lütfen kimliğinizi getirin")
    assert run("2024-04") == 0
    qa = report(root)["qa"]
    assert {"lang": "tr", "code": "punctuation", "severity": "warning"}.items() <= qa[0].items()
    assert qa[0]["location"].startswith(str(po_path(root)) + ":")


def test_a_reviewers_unfinished_edit_of_a_suggestion_is_never_replaced(project):
    """Corrected but still fuzzy (work in progress): no run may throw the work away."""
    root, _, run = project
    assert run("2024-04") == 0
    path = po_path(root)
    heading = entry(path.read_text(), "Beratung im Rathaus")
    edited = re.sub(r'msgstr ".*"', 'msgstr "Belediye binasında danışmanlık"', heading)
    path.write_text(path.read_text().replace(heading, edited))
    assert run("2024-04", "--retranslate") == 0
    assert 'msgstr "Belediye binasında danışmanlık"' in path.read_text()


def test_a_suggestion_for_an_earlier_sentence_is_not_shown_as_its_translation(project):
    """An editor changes the date: the old approved text (old date) must not be published."""
    root, _, run = project
    assert run("2024-04") == 0
    approve(po_path(root), "Bitte bringen Sie Ihren Ausweis mit.", APPROVED)
    article = next((root / "input" / "2024-04").glob("*.md"))
    text = article.read_text(encoding="utf-8")
    changed = text.replace("Bitte bringen Sie Ihren Ausweis mit.",
                           "Bitte bringen Sie Ihren gültigen Ausweis mit.")
    assert changed != text
    article.write_text(changed, encoding="utf-8")
    assert run("2024-04") == 0
    block = entry(po_path(root).read_text(), "Bitte bringen Sie Ihren gültigen Ausweis mit.")
    assert "#| msgid" in block and APPROVED in block  # kept for the reviewer
    pages = " ".join(p.read_text(encoding="utf-8")
                     for p in (root / "out" / "2024-04" / "tr").glob("*.html"))
    assert APPROVED not in pages and "gültigen Ausweis" in pages  # the German is shown
