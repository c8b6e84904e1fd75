"""What real users do to migo's files and folders, and what migo must do about it.

Reviewers save PO files with Notepad (BOM, CRLF), legacy charsets or by accident empty;
editors rewrite sentences; folders turn out read-only. Each case either works without
losing anyone's work, or stops with one line naming the file, a non-zero exit, and every
file left exactly as it was.
"""

import re
import subprocess

import pytest

from pipeline import catalog, memory, pofile
from pipeline.cli import main

ARTICLE = """# Beratung im Rathaus

Die Beratung für Geflüchtete findet jeden Montag statt. Das WSC ist keine neue Idee.

Der Kurs beginnt am 3. Mai um 18 Uhr. Rund 50 % der Kurse sind voll.
"""


@pytest.fixture
def project(tmp_path):
    """An issue folder, an empty glossary, and a function that runs ``migo translate``."""
    (tmp_path / "glossary").mkdir()

    def write_issue(text: str, name: str = "2024-04"):
        folder = tmp_path / "input" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "beratung.md").write_text(text, encoding="utf-8")
        return folder

    def run(*extra: str, name: str = "2024-04", langs: str = "tr") -> int:
        return main(["translate", str(tmp_path / "input" / name), "--to", langs,
                     "--engine", "pseudo", "--glossary", str(tmp_path / "glossary"),
                     "--locales", str(tmp_path / "locales"), "--out", str(tmp_path / "out"),
                     "--quiet", *extra])

    write_issue(ARTICLE)
    return tmp_path, write_issue, run


def po_path(root, lang: str = "tr", issue: str = "2024-04"):
    return root / "locales" / lang / "LC_MESSAGES" / f"{issue}.po"


def entry(text: str, msgid: str) -> str:
    return next(b for b in re.split(r"\r?\n\r?\n", text) if f'msgid "{msgid}"' in b)


def approve(path, msgid: str, translation: str) -> None:
    """A reviewer in a text editor: new text, 'fuzzy' removed (line ends as they are)."""
    text = path.read_bytes().decode("utf-8")
    old = entry(text, msgid)
    new = re.sub(r'msgstr ".*"(\r?\n".*")*', f'msgstr "{translation}"', old)
    new = re.sub(r"#, fuzzy\r?\n", "", new)
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def msgfmt_ok(path) -> bool:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            check=False, capture_output=True)
    return result.returncode == 0


def one_error_line(capsys, path) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err
    return err


# --- broken PO files: exit 2, one line with file and line, nothing written ---------

HEADER = ('msgid ""\nmsgstr ""\n"Language: tr\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
BROKEN = {
    "empty": (b"", "empty"),
    "only blank lines": (b"\n\n  \n", "empty"),
    "no header": (b'msgid "Titel"\nmsgstr "Baslik"\n', "no header"),
    "only comments": (b"# nothing here yet\n", "no entries"),
    "binary garbage": (bytes(range(256)) * 8, "character set"),
    "msgstr without msgid": ((HEADER + 'msgstr "x"\n').encode(), "msgstr where"),
    "unterminated": ((HEADER + 'msgid "Titel"\nmsgstr "Baslik\n').encode(), "unterminated"),
    "bad plural forms": (HEADER.replace('"Language', '"Plural-Forms: nplurals=; '
                                        'plural=n>;\\n"\n"Language').encode(), "Plural-Forms"),
    "utf-16": (HEADER.encode("utf-16"), "character set"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_po_file_stops_the_run_and_is_left_as_it_was(project, capsys, name):
    root, _, run = project
    data, reason = BROKEN[name]
    path = po_path(root)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    assert run() == 2
    err = one_error_line(capsys, path)
    assert reason in err
    assert path.read_bytes() == data
    assert not (root / "locales" / "templates").exists()


def test_plural_forms_error_names_the_line_once(project, capsys):
    root, _, run = project
    path = po_path(root)
    path.parent.mkdir(parents=True)
    path.write_bytes(BROKEN["bad plural forms"][0])
    assert run() == 2
    err = one_error_line(capsys, path)
    assert re.search(rf"{re.escape(str(path))}:\d+: broken PO file: the Plural-Forms "
                     r"header is not valid \(it should read like nplurals=2; "
                     r"plural=\(n != 1\);\)\n$", err), err


@pytest.mark.parametrize("command", ["check", "status"])
def test_check_and_status_report_an_empty_po_file(project, capsys, command):
    root, _, run = project
    assert run() == 0
    path = po_path(root)
    path.write_bytes(b"")
    assert main([command, "--locales", str(root / "locales")]) == 2
    assert "empty" in one_error_line(capsys, path)


def test_a_po_file_that_is_a_folder_is_named(project, capsys):
    root, _, run = project
    po_path(root).mkdir(parents=True)
    assert run() == 2
    assert "Is a directory" in one_error_line(capsys, po_path(root))


# --- what Windows editors do: a BOM and CRLF line ends ------------------------------

def test_a_po_file_with_a_bom_is_read_and_the_bom_dropped_keeping_the_rest(project):
    root, _, run = project
    assert run() == 0
    path = po_path(root)
    approve(path, "Die Beratung für Geflüchtete findet jeden Montag statt.", "Danışma.")
    edited = path.read_bytes()
    path.write_bytes(pofile.BOM + edited)
    assert run() == 0
    assert path.read_bytes() == edited  # the BOM gone, nothing else touched
    assert msgfmt_ok(path)
    assert run() == 0 and path.read_bytes() == edited


def test_crlf_line_ends_are_kept_when_migo_writes_the_file(project):
    root, write_issue, run = project
    assert run() == 0
    path = po_path(root)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    approve(path, "Die Beratung für Geflüchtete findet jeden Montag statt.", "Danışma.")
    crlf = path.read_bytes()
    assert run() == 0 and path.read_bytes() == crlf  # no change: byte-identical
    write_issue(ARTICLE + "\nEin neuer Absatz.\n")
    assert run() == 0
    data = path.read_bytes()
    assert b"Ein neuer Absatz." in data and 'msgstr "Danışma."'.encode() in data
    assert data.count(b"\n") == data.count(b"\r\n")
    assert msgfmt_ok(path)


# --- charsets -------------------------------------------------------------------------

def test_a_latin1_po_file_becomes_utf8_when_its_text_no_longer_fits(project, capsys):
    root, _, run = project
    assert run("--engine", "none") == 0
    path = po_path(root)
    text = path.read_text(encoding="utf-8").replace("charset=utf-8", "charset=ISO-8859-1")
    path.write_bytes(text.encode("latin-1"))  # a real Latin-1 file: "für" is one byte
    assert run("--retranslate") == 0, capsys.readouterr().err
    data = path.read_text(encoding="utf-8")
    assert "charset=utf-8" in data and "machine: pseudo de→tr" in data
    assert msgfmt_ok(path)


def test_a_german_percent_sign_is_not_a_python_format_string(project):
    root, _, run = project
    assert run() == 0
    path = po_path(root)
    assert "python-format" not in path.read_text(encoding="utf-8")
    approve(path, "Rund 50 % der Kurse sind voll.", "Kursların %50'si dolu.")
    assert run() == 0
    assert "python-format" not in path.read_text(encoding="utf-8")
    assert msgfmt_ok(path)


# --- editors changing sentences ---------------------------------------------------------

def test_a_new_sentence_never_gets_an_unrelated_approved_translation(project):
    root, write_issue, run = project
    assert run() == 0
    path = po_path(root)
    approve(path, "Das WSC ist keine neue Idee.", "WSC yeni bir fikir değil.")
    write_issue(ARTICLE.replace("Das WSC ist keine neue Idee.", "Das ist ein ganz neuer Satz."))
    assert run() == 0
    text = path.read_text(encoding="utf-8")
    new = entry(text, "Das ist ein ganz neuer Satz.")
    assert "WSC yeni bir fikir" not in new and "#|" not in new
    assert "# machine: pseudo de→tr" in new
    old = entry(text, "Das WSC ist keine neue Idee.")
    assert '#~ msgid "Das WSC ist keine neue Idee."' in old and "WSC yeni bir fikir değil." in old


def test_a_small_change_still_keeps_the_approved_text_as_suggestion(project):
    root, write_issue, run = project
    assert run() == 0
    approve(po_path(root), "Das WSC ist keine neue Idee.", "WSC yeni bir fikir değil.")
    write_issue(ARTICLE.replace("keine neue Idee.", "keine ganz neue Idee."))
    assert run() == 0
    new = entry(po_path(root).read_text(encoding="utf-8"), "Das WSC ist keine ganz neue Idee.")
    assert '#| msgid "Das WSC ist keine neue Idee."' in new and "WSC yeni bir" in new


def test_fuzzy_threshold_is_the_memory_threshold():
    assert catalog.FUZZY_THRESHOLD == memory.THRESHOLD


def test_a_reviewers_entry_with_context_or_plural_becomes_obsolete_once(project):
    root, _, run = project
    assert run() == 0
    path = po_path(root)
    extra = ('\nmsgctxt "Menü"\nmsgid "Start"\nmsgstr "Başlangıç"\n'
             '\nmsgid "Ein Kurs"\nmsgid_plural "Kurse"\nmsgstr[0] "Kurslar"\n')
    path.write_bytes(path.read_bytes() + extra.encode("utf-8"))
    assert run() == 0
    text = path.read_text(encoding="utf-8")
    assert text.count('#~ msgid "Start"') == 1 and text.count('#~ msgid "Ein Kurs"') == 1
    written = path.read_bytes()
    assert run() == 0 and path.read_bytes() == written


def test_repeated_qa_notes_are_written_once_so_a_later_write_changes_nothing():
    po = catalog.new_catalog("tr", "2024-04")
    po.add("Satz.")
    catalog.set_machine_translation(po, "Satz.", "Cümle.", "argos de→en→tr",
                                    ["the engine lost term X", "the engine lost term X"])
    assert po["Satz."].user_comments == [
        f"machine: argos de→en→tr [{catalog.text_digest('Cümle.')}]",
        f"source: {catalog.text_digest('Satz.')}", "QA: the engine lost term X"]


# --- folders that cannot be written ----------------------------------------------------

def test_a_locales_path_that_is_a_file_is_one_line_and_exit_2(project, capsys):
    root, _, run = project
    (root / "locales").write_text("not a folder")
    assert run() == 2
    assert "cannot write the PO files here" in one_error_line(capsys, root / "locales")


def test_an_output_path_that_is_a_file_is_one_line_and_exit_2(project, capsys):
    root, _, run = project
    (root / "out").write_text("not a folder")
    assert run() == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(root / "out") in err


# --- migo check and migo status speak to a volunteer ------------------------------------

@pytest.mark.parametrize("command", ["check", "status"])
def test_an_unknown_issue_is_an_error_that_lists_the_known_ones(project, capsys, command):
    root, _, run = project
    assert run() == 0
    capsys.readouterr()
    assert main([command, "2099-01", "--locales", str(root / "locales")]) == 2
    err = one_error_line(capsys, root / "locales")
    assert "2099-01" in err and "2024-04" in err


@pytest.mark.parametrize("command", ["check", "status"])
def test_a_missing_locales_folder_is_an_error(tmp_path, capsys, command):
    assert main([command, "--locales", str(tmp_path / "nowhere")]) == 2
    assert "--locales" in one_error_line(capsys, tmp_path / "nowhere")


def test_check_ends_with_a_tally_on_stderr(project, capsys):
    root, _, run = project
    assert run() == 0
    capsys.readouterr()
    assert main(["check", "2024-04", "--locales", str(root / "locales"),
                 "--glossary", str(root / "glossary")]) == 0
    captured = capsys.readouterr()
    assert captured.err == "migo check: no problems found in 1 PO file (and the interface catalogs).\n"
    approve(po_path(root), "Der Kurs beginnt am 3. Mai um 18 Uhr.", "Kurs 4 Mayıs'ta")
    assert main(["check", "--locales", str(root / "locales"),
                 "--glossary", str(root / "glossary")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()  # a changed date (4 is not in the German), no full stop
    errors = sum(": error: " in line for line in lines)
    assert errors >= 1 and len(lines) - errors == 2
    assert captured.err == (f"migo check: {errors} errors (must be fixed) and 2 warnings "
                            "(worth a look) in 1 PO file (and the interface catalogs).\n")
    path = po_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace("Kurs 4 Mayıs'ta", ""),
                    encoding="utf-8")
    assert main(["check", "--locales", str(root / "locales"),
                 "--glossary", str(root / "glossary")]) == 0
    assert capsys.readouterr().err == "migo check: 1 warning (worth a look) in 1 PO file (and the interface catalogs).\n"


def test_help_descriptions_are_wrapped_to_the_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "exit codes:" in out


# --- models folders ---------------------------------------------------------------------

def test_a_models_path_that_is_a_file_is_named_as_such(project, capsys):
    root = project[0]
    models = root / "models.txt"
    models.write_text("not a folder")
    assert main(["translate", str(root / "input" / "2024-04"), "--to", "en",
                 "--models", str(models), "--locales", str(root / "locales"),
                 "--out", str(root / "out"), "--quiet"]) == 2
    assert "is a file, not a models folder" in one_error_line(capsys, models)
    assert main(["models", "list", "--models", str(models)]) == 2
    assert "is a file" in one_error_line(capsys, models)


def test_installing_into_a_file_is_one_line(tmp_path, capsys):
    archive = tmp_path / "x.argosmodel"
    archive.write_bytes(b"PK")
    target = tmp_path / "models"
    target.write_text("a file")
    assert main(["models", "install", str(archive), "--models", str(target)]) == 2
    assert "is a file" in one_error_line(capsys, target)
