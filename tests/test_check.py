"""migo check: each kind of problem is found, at its file and line, on a real PO file."""

import pytest

from pipeline import catalog, check
from pipeline.check import Entry, check_entry
from pipeline.cli import main
from pipeline.glossary import Glossary
from pipeline.model import Article, Block, BlockKind, Issue, Segment

GLOSSARY = "de,en,tr,kind,note\nAufenthaltstitel,residence permit,oturma izni,term,\n"


def write_po(locales, source: str, target: str, lang: str = "en", fuzzy: bool = False):
    """A one-entry PO file as a reviewer would hand it back."""
    block = Block(BlockKind.PARAGRAPH, source, line=1, segments=[Segment(source, 1)])
    issue = Issue("2024-04", [Article("artikel", "artikel.md", [block])])
    po = catalog.merge(catalog.build_template(issue), catalog.new_catalog(lang, issue.name))
    po[source].string = target
    if fuzzy:
        po[source].flags.add("fuzzy")
    path = catalog.CatalogPaths(locales, issue.name).po(lang)
    catalog.save_catalog(po, path)
    return path


def run_check(tmp_path, capsys, source: str, target: str, lang: str = "en"):
    path = write_po(tmp_path / "locales", source, target, lang)
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    code = main(["check", "2024-04", "--locales", str(tmp_path / "locales"),
                 "--glossary", str(glossary)])
    lines = capsys.readouterr().out.splitlines()
    line = catalog.read_catalog(path)[source].lineno
    return code, lines, f"{path}:{line}: "


CASES = [  # code, severity, German, translation
    ("tags", "error", "Mehr auf <a1>unserer Seite</a1>.", "More on our page."),
    ("term-missing", "warning", "Der Aufenthaltstitel ist da.", "The permit has arrived."),
    ("number-mismatch", "error", "Es gibt 8.000 Fälle.", "There are 800 cases."),
    ("url-mismatch", "error", "Mehr unter www.essen.de im Netz.", "More on the web."),
    ("email-mismatch", "error", "Schreiben Sie an info@essen.de bitte.", "Please write to us."),
    ("untranslated", "warning", "Ein ganz neuer Satz.", ""),
    ("identical", "warning", "Der Kurs beginnt heute.", "Der Kurs beginnt heute."),
    ("length", "warning", "Die Beratung ist jeden Montag im Rathaus.", "Advice."),
    ("doubled", "warning", "Die Beratung ist am Montag.", "The the advice is on Monday."),
    ("punctuation", "warning", "Kommen Sie vorbei?", "Come and visit."),
    ("placeholder", "error", "Der WSC hilft.", "The \ue000 helps."),
]


@pytest.mark.parametrize("code, severity, source, target", CASES, ids=[c[0] for c in CASES])
def test_check_finds_each_kind_at_file_and_line(tmp_path, capsys, code, severity, source, target):
    exit_code, lines, where = run_check(tmp_path, capsys, source, target)
    assert any(line.startswith(f"{where}{severity}: {code}: ") for line in lines), lines
    assert exit_code == (1 if severity == "error" else 0)


def test_a_good_translation_has_no_findings(tmp_path, capsys):
    exit_code, lines, _ = run_check(tmp_path, capsys, "Es gibt 8.000 Fälle auf <a1>www.essen.de</a1>.",
                                    "There are 8,000 cases on <a1>www.essen.de</a1>.")
    assert (exit_code, lines) == (0, [])


def test_misnested_tags_are_an_error():
    entry = Entry("<a1>Ein <em2>Link</em2></a1> hier.", "<a1>A <em2>link</a1></em2> here.", "en",
                  Glossary())
    assert [r[1] for r in check_entry(entry)] == ["tags"]


def test_rtl_question_mark_and_pseudo_padding_are_fine():
    assert check_entry(Entry("Kommen Sie vorbei?", "هل تأتي؟", "ar", Glossary())) == []
    pseudo = "\u200f[Ķömméñ Šîé vöŕbéî? ····]\u200f"
    assert check_entry(Entry("Kommen Sie vorbei?", pseudo, "ar", Glossary())) == []


def test_a_broken_file_stops_check_with_exit_2(tmp_path, capsys):
    path = write_po(tmp_path / "locales", "Ein Satz.", "A sentence.")
    path.write_bytes(path.read_bytes().replace(b'msgstr "A sentence."', b'msgstr "A sentence.'))
    assert main(["check", "--locales", str(tmp_path / "locales")]) == 2
    assert f"{path}:" in capsys.readouterr().err


def test_status_prints_reviewed_share_per_language(tmp_path, capsys):
    write_po(tmp_path / "locales", "Ein Satz.", "A sentence.", "en")
    write_po(tmp_path / "locales", "Ein Satz.", "Bir cümle.", "tr", fuzzy=True)
    assert main(["status", "2024-04", "--locales", str(tmp_path / "locales")]) == 0
    out = capsys.readouterr().out.split("\n")
    assert out[1].split() == ["en", "1", "0", "0", "100.0%"]
    assert out[2].split() == ["tr", "0", "1", "0", "0.0%"]


def test_a_missing_final_punctuation_mark_is_found():
    entry = Entry("Bitte bringen Sie Ihren Ausweis mit.", "Lütfen kimliğinizi getirin", "tr",
                  Glossary())
    assert [r[1] for r in check_entry(entry)] == ["punctuation"]


def test_a_po_file_in_an_unknown_language_folder_names_the_file(tmp_path):
    from pipeline.errors import InputError

    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "2024-04.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Am 3. Mai."\nmsgstr "On 3 May."\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        check.check_files([path], Glossary())
    assert str(path) in str(error.value)
