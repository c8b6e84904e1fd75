"""Glossary: CSV reading and its errors, token matching with German inflection, TBX."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_TEXT, STARTER_GLOSSARY
from lxml import etree

from pipeline.errors import GlossaryError
from pipeline.glossary import (
    KEEP,
    Glossary,
    Term,
    export_tbx,
    import_tbx,
    load_glossary,
    parse_csv,
    write_csv,
)

DATA = Path(__file__).parent / "data" / "glossary"
SHIPPED = STARTER_GLOSSARY / "migo.csv"
SAMPLE = SAMPLE_TEXT
LANGS = ("en", "tr", "ar", "ru", "uk", "pl", "fa")

CSV = """de,en,tr,fa,kind,note
Aufenthaltstitel,residence title,oturum belgesi,,term,official AufenthG translation
Blaue Karte EU,EU Blue Card,AB Mavi Kartı,,term,
Ausländerbehörde,Foreigners' Authority,,,term,
Beigeordneter|Beigeordnete|Beigeordneten,Alderman,,,term,adjectival noun
WSC,=,=,=,name,
Essen,=,=,اسن,name,
migo,=,=,=,name,
Welcome- und ServiceCenter,=,=,=,name,
Integrationskurs,=,,,term,kept German for the test
"""


@pytest.fixture
def glossary() -> Glossary:
    return parse_csv(CSV, "test.csv")


def surfaces(glossary: Glossary, text: str) -> list[str]:
    return [m.surface for m in glossary.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Aufenthaltstitel wird erteilt.", ["Aufenthaltstitel"]),
        ("Inhaber eines Aufenthaltstitels", ["Aufenthaltstitels"]),
        ("mit Aufenthaltstiteln", ["Aufenthaltstiteln"]),
        ("AUFENTHALTSTITEL", ["AUFENTHALTSTITEL"]),
        ("die Ausländerbehörden", ["Ausländerbehörden"]),
        ("der Blauen Karte EU", ["Blauen Karte EU"]),
        ("die Beigeordnete und die Beigeordneten", ["Beigeordnete", "Beigeordneten"]),
        ("das WSC-Team", ["WSC"]),
        ("die WSCX-Gruppe", []),
        ("des WSCs", ["WSCs"]),
        ("Aufenthaltstitelverlängerung", []),  # a compound is another word
        ("Welcome- und ServiceCenter Essen", ["Welcome- und ServiceCenter", "Essen"]),
        ("Essenerinnen und Essener", []),  # names take no adjective endings
        ("wir essen zusammen", []),  # lowercase: the verb, not the city
        ("Migo erscheint", ["Migo"]),
        ("Aufenthaltstitel\u00a0und WSC", ["Aufenthaltstitel", "WSC"]),
    ],
)
def test_find_inflections_compounds_and_case(glossary, text, expected):
    assert surfaces(glossary, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<a1>WSC</a1>", ["WSC"]),
        ("<wsc1>x</wsc1>", []),  # never inside a tag
        ("Blaue <em1>Karte EU</em1>", []),  # never across a tag
        ("Aufenthalts<a1>titel</a1>", []),
    ],
)
def test_find_respects_inline_tags(glossary, text, expected):
    assert surfaces(glossary, text) == expected


def test_longest_term_wins():
    g = Glossary(
        [Term("Karte", targets={"en": "card"}), Term("Blaue Karte EU", targets={"en": "x"})]
    )
    (match,) = g.find("mit der Blauen Karte EU")
    assert (match.term.de, match.start, match.end) == ("Blaue Karte EU", 8, 23)


@pytest.mark.parametrize(
    ("de", "lang", "surface", "expected"),
    [
        ("Aufenthaltstitel", "en", None, "residence title"),
        ("Aufenthaltstitel", "tr", None, "oturum belgesi"),
        ("Aufenthaltstitel", "fa", None, None),  # empty cell: no constraint
        ("Aufenthaltstitel", "pl", None, None),  # no column: no constraint
        ("Aufenthaltstitel", "en_GB", None, "residence title"),  # region falls back
        ("WSC", "tr", "WSC", "WSC"),
        ("WSC", "tr", "WSCs", "WSC"),  # an inflected German ending is not kept
        ("Beigeordneter", "en", "Beigeordneten", "Alderman"),
        ("Essen", "fa", None, "اسن"),
    ],
)
def test_target(glossary, de, lang, surface, expected):
    assert glossary.target(glossary.get(de), lang, surface) == expected


def test_kept_german_is_the_listed_form_that_was_inflected():
    """A genitive of the short form must not grow the long form's "e.V." in translation."""
    g = parse_csv(
        "de,en,kind\n"
        "Essener Verbund der Immigrantenvereine e.V.|Essener Verbund der Immigrantenvereine,=,name\n"
    )
    (term,) = g
    surface = "Essener Verbunds der Immigrantenvereine"
    assert [m.surface for m in g.find(f"Profil des {surface}")] == [surface]
    assert g.target(term, "en", surface) == "Essener Verbund der Immigrantenvereine"
    assert g.target(term, "en", "Essener Verbundes der Immigrantenvereine e.V.") == (
        "Essener Verbund der Immigrantenvereine e.V."
    )


def test_kept_german_spans_skip_names(glossary):
    text = "The Integrationskurs at the WSC in Essen; integrationskurs"
    spans = glossary.kept_german_spans(text, "en")
    assert [text[a:b] for a, b in spans] == ["Integrationskurs", "integrationskurs"]
    assert glossary.kept_german_spans(text, "tr") == []  # no "=" for tr


def test_lower_case_names_for_the_segmenter(glossary):
    assert glossary.lower_case_names() == {"migo"}
    assert load_glossary(SHIPPED).lower_case_names() == {"migo"}


def test_signature_is_content_based(glossary, tmp_path):
    write_csv(glossary, tmp_path / "g.csv")
    assert load_glossary(tmp_path / "g.csv").signature() == glossary.signature()
    changed = parse_csv(CSV.replace("Alderman", "Deputy Mayor"))
    assert changed.signature() != glossary.signature()
    assert len(glossary.signature()) == 64


@pytest.mark.parametrize(
    ("name", "line", "problem"),
    [
        ("no-de-header.csv", 1, "header must start with the column 'de'"),
        ("duplicate.csv", 4, "duplicate term 'aufenthaltstitel', already defined on line 2"),
        ("column-count.csv", 3, "expected 3 columns as in the header, found 2"),
        ("empty-de.csv", 3, "empty 'de' cell"),
        ("unknown-language.csv", 1, "unknown language column code 'xx'"),
        ("unknown-kind.csv", 2, "unknown kind 'person'"),
        ("semicolon.csv", 1, "separated by ';'"),
        ("lang-without-term.tbx", 6, '<langSec xml:lang="en"> has no <term>'),
        ("empty-langset.tbx", 5, '<langSet xml:lang="tr-TR"> has no <term>'),
    ],
)
def test_broken_files_name_file_line_and_problem(name, line, problem):
    path = DATA / "bad" / name
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    error = caught.value
    assert (error.path, error.line) == (path, line)
    assert str(error).startswith(f"{path}:{line}: ")
    assert problem in str(error)
    assert error.exit_code == 2


def test_folder_is_merged_in_name_order():
    g = load_glossary(DATA / "folder")
    assert [t.de for t in g] == ["WSC", "Aufenthaltstitel", "Einbürgerung"]
    assert g.get("Einbürgerung").targets == {"en": "naturalisation", "fa": "اخذ تابعیت"}
    assert g.get("Aufenthaltstitel").targets == {"en": "residence title"}  # empty tr cell


def test_duplicate_across_files_names_second_file(tmp_path):
    shutil.copytree(DATA / "folder", tmp_path / "g")
    shutil.copy(DATA / "dup-of-folder-a.csv", tmp_path / "g" / "c-dup.csv")
    with pytest.raises(GlossaryError, match=r"c-dup\.csv:2: duplicate term 'WSC'"):
        load_glossary(tmp_path / "g")


@pytest.mark.parametrize("make", [lambda p: p, lambda p: p.mkdir() or p], ids=["missing", "empty"])
def test_missing_or_empty_folder_gives_empty_glossary(tmp_path, make):
    g = load_glossary(make(tmp_path / "glossaries"))
    assert len(g) == 0 and g.find("Aufenthaltstitel") == []


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "terms.csv")


def test_csv_round_trip(glossary, tmp_path):
    write_csv(glossary, tmp_path / "out.csv")
    again = load_glossary(tmp_path / "out.csv")
    assert again == glossary
    assert again.languages == ("en", "tr", "fa")


@pytest.mark.parametrize(
    "source", [CSV, SHIPPED.read_text(encoding="utf-8")], ids=["test", "shipped"]
)
def test_tbx_round_trip(source, tmp_path):
    original = parse_csv(source)
    export_tbx(original, tmp_path / "g.tbx")
    write_csv(import_tbx(tmp_path / "g.tbx"), tmp_path / "back.csv")
    assert load_glossary(tmp_path / "back.csv") == original


def test_tbx_structure(glossary, tmp_path):
    export_tbx(glossary, tmp_path / "g.tbx")
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert (root.get("type"), root.get("style"), root.get(xml_lang)) == ("TBX-Basic", "dca", "de")
    wsc = root.xpath(
        "//t:conceptEntry[t:langSec[@xml:lang='de']/t:termSec/t:term='WSC']", namespaces=ns
    )[0]
    assert wsc.xpath("string(.//t:termNote[@type='partOfSpeech'])", namespaces=ns) == "properNoun"
    english = wsc.xpath("t:langSec[@xml:lang='en']", namespaces=ns)[0]
    assert english.xpath("string(.//t:term)", namespaces=ns) == "WSC"
    assert english.xpath("string(.//t:note)", namespaces=ns) == "keep as written"


def test_tbx_2008_termentry_is_read(tmp_path):
    (tmp_path / "old.tbx").write_text(
        '<martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="de"><tig><term>Duldung</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>toleration</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    (term,) = import_tbx(tmp_path / "old.tbx")
    assert (term.de, term.targets, term.kind) == ("Duldung", {"en": "toleration"}, "term")


def test_tbx_without_german_is_an_error(tmp_path):
    (tmp_path / "x.tbx").write_text(
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1">\n'
        '<langSec xml:lang="en"><termSec><term>x</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match=r"x\.tbx:1: entry has no German"):
        import_tbx(tmp_path / "x.tbx")


def test_shipped_glossary_is_complete():
    g = load_glossary(SHIPPED)
    assert set(LANGS) <= set(g.languages)
    for term in g:
        assert all(term.constraint(lang) for lang in LANGS), term.de
        assert term.note, f"{term.de} needs a note saying where its translations come from"
    names = {t.de for t in g if t.is_name}
    assert {"WSC", "migo", "Welcome- und ServiceCenter", "Thomas Kufen"} <= names
    for de in ("Aufenthaltstitel", "Einbürgerung", "Blaue Karte EU", "Duldung", "Integrationskurs"):
        assert g.get(de).kind == "term" and KEEP not in g.get(de).targets.values()


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample text not present")
def test_shipped_glossary_on_the_sample():
    found = {m.term.de for m in load_glossary(SHIPPED).find(SAMPLE.read_text(encoding="utf-8"))}
    assert {
        "WSC",
        "Welcome- und ServiceCenter",
        "Dietrich-Oppenberg-Platz",
        "Thomas Kufen",
        "Aufenthaltstitel",
        "Fachkräftezuwanderung",
        "berufliche Anerkennung",
        "Essener Verbund der Immigrantenvereine e.V.",
    } <= found


# --- files as spreadsheet programs and CAT tools write them --------------------------------


def test_excel_trailing_empty_columns_are_ignored():
    g = parse_csv("de,en,tr,kind,note,,\nDuldung,toleration,,term,,,\nWSC,=,=,name,,,\n")
    assert [t.de for t in g] == ["Duldung", "WSC"]
    assert g.languages == ("en", "tr")


def test_a_value_under_an_empty_header_is_an_error():
    with pytest.raises(GlossaryError, match=r"x\.csv:3: .*column 6 has no name in the header"):
        parse_csv("de,en,tr,kind,note,\nDuldung,toleration,,term,,\nWSC,=,=,name,,oops\n", "x.csv")


def test_header_names_are_case_insensitive():
    g = parse_csv("de,EN,Tr,Kind,Note\nWSC,=,=,name,abbreviation\n")
    (term,) = g
    assert (term.targets, term.kind, term.note) == ({"en": "=", "tr": "="}, "name", "abbreviation")
    assert g.target(term, "en") == "WSC"


@pytest.mark.parametrize("column", ["en-GB", "en_GB", "EN-gb"])
def test_a_regional_column_serves_its_language(column):
    (term,) = g = parse_csv(f"de,{column}\nDuldung,toleration\n")
    assert g.target(term, "en") == "toleration"
    assert g.target(term, "en-GB") == "toleration"


def test_the_language_itself_wins_over_a_region():
    (term,) = g = parse_csv("de,pt-BR,pt\nDuldung,tolerância (BR),tolerância\n")
    assert g.target(term, "pt") == "tolerância"
    assert g.target(term, "pt-BR") == "tolerância (BR)"


def test_duplicate_by_case_names_both_spellings():
    with pytest.raises(GlossaryError, match=r"'duldung', already defined on line 2 as 'Duldung'"):
        parse_csv("de,en\nDuldung,toleration\nduldung,tolerance\n")


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="de-DE">
  <martifHeader><fileDesc><sourceDesc><p>exported from a CAT tool</p></sourceDesc></fileDesc>
  </martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">Migrationsrecht</descrip>
      <note>from the Residence Act translation</note>
      <langSet xml:lang="DE-DE">
        <tig><term>Aufenthaltstitel</term>
          <termNote type="partOfSpeech">noun</termNote></tig>
      </langSet>
      <langSet xml:lang="en-GB">
        <tig><term>residence permit</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>residence title</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="tr-TR">
        <ntig><termGrp><term>oturum belgesi</term></termGrp></ntig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_2008_from_a_cat_tool_with_regions_and_statuses(tmp_path):
    (tmp_path / "cat.tbx").write_text(MARTIF, encoding="utf-8")
    g = import_tbx(tmp_path / "cat.tbx")
    (term,) = g
    assert term.de == "Aufenthaltstitel"
    assert g.target(term, "en") == "residence title"  # the deprecated term is not used
    assert g.target(term, "tr") == "oturum belgesi"
    assert term.note == "from the Residence Act translation"
    export_tbx(g, tmp_path / "back.tbx")
    assert import_tbx(tmp_path / "back.tbx") == g


def test_kept_german_spans_are_worked_out_per_language_in_any_order(glossary):
    """The kept terms are kept per language: asking one language first never answers
    for another (issue 16)."""
    text = "The Integrationskurs at the WSC"
    for lang, expected in [("tr", []), ("en", ["Integrationskurs"]), ("tr", []),
                           ("fa", []), ("en", ["Integrationskurs"])]:
        assert [text[a:b] for a, b in glossary.kept_german_spans(text, lang)] == expected, lang
    assert Glossary().kept_german_spans(text, "en") == []
