"""Quality from reviewers' verdicts, off-target detection and TMX exchange."""

import json
import shutil

import pytest
from conftest import MODELS
from translate.storage import tmx as tt_tmx

from pipeline import catalog, check, history, langid, quality, tmx
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.glossary import Glossary

# --- figures from a synthetic history ------------------------------------------------

def _obs(suggestion, current, approved, issue="2024-04", lang="tr"):
    return quality.Observation(issue, lang, "argos", "de→en→tr", "de→en 1.0, en→tr 1.9",
                               suggestion, current, approved)


def test_figures_match_hand_computed_values():
    observations = [
        _obs("Der Kurs ist kostenlos.", "Der Kurs ist kostenlos.", True),  # unchanged
        _obs("the course is free", "the course is cheap", True),  # one word of four
        _obs("a b c", "x y z w", True),  # rewritten: 3 replaced + 1 added
        _obs("waiting text here", "waiting text here", False),  # still fuzzy
        _obs(None, "no history", True),  # a PO file from elsewhere
    ]
    found = quality.figures(observations)
    assert (found.accepted_unchanged, found.approved_edited, found.waiting,
            found.unmeasured) == (1, 2, 1, 1)
    assert found.approval_rate == 33.3  # 1 of 3 reviewed
    assert found.ter == round((0 + 25 + 100) / 3, 2)  # edits per approved word, in %
    assert found.words_changed == round(100 * (0 + 1 + 4) / (4 + 4 + 4), 1)
    assert quality.chrf("a b c", "x y z w") == 0.0
    assert quality.chrf("Der Kurs ist kostenlos.", "Der Kurs ist kostenlos.") == 100.0
    light = quality.chrf("the course is free", "the course is cheap")
    assert 40 < light < 100
    assert found.chrf == round((100 + light + 0) / 3, 2)


def test_word_edits_is_a_levenshtein_distance_over_words():
    assert quality.word_edits("a b c", "a b c") == 0
    assert quality.word_edits("a b c", "a c") == 1
    assert quality.word_edits("a b c", "x y z w") == 4


def test_recommendations_need_fifty_reviewed_suggestions():
    low = [_obs("x y", "z w", True)] * 31 + [_obs("a b", "a b", True)] * 19  # 38 %
    assert "--engine none" in quality.by_language(low)[0].recommendation
    assert quality.by_language(low[:49])[0].recommendation == ""
    high = [_obs("a b", "a b", True)] * 45 + [_obs("x y", "z w", True)] * 5  # 90 %
    assert "trust" in quality.by_language(high)[0].recommendation


def test_trend_is_per_issue_in_order():
    records = quality.by_language([_obs("a", "a", True, issue="2024-05"),
                                   _obs("a", "b", True, issue="2024-04")])
    assert [(t["issue"], t["approval_rate"]) for t in records[0].trend] == [
        ("2024-04", 0.0), ("2024-05", 100.0)]


# --- history file ----------------------------------------------------------------------

def test_history_is_sorted_jsonl_and_a_broken_line_names_file_and_line(tmp_path):
    path = history.history_path(tmp_path / "tr" / "LC_MESSAGES" / "2024-04.po")
    assert path.name == "2024-04.history.jsonl"
    records = [history.Suggestion("B", "b", "argos", "de→en→tr"),
               history.Suggestion("A", "a", "argos", "de→en→tr")]
    assert history.record_suggestions(path, records)
    assert not history.record_suggestions(path, records)  # nothing new: file untouched
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["msgid"] for line in lines] == ["A", "B"]
    assert history.read_history(path)[("A", None)].text == "a"
    path.write_text(lines[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"2024-04.history.jsonl:2:"):
        history.read_history(path)


# --- off-target ---------------------------------------------------------------------------

SOURCE = "Die Beratung findet jeden Dienstag im Rathaus statt."


@pytest.mark.parametrize("text, lang, found", [
    ("The counselling takes place every Tuesday at the town hall.", "tr", "en"),
    ("Консультация проходит каждый вторник в ратуше.", "uk", "ru"),
    ("Консультация проходит каждый вторник в ратуше.", "tr", "ru"),
    ("The counselling takes place every Tuesday at the town hall.", "uk", "en"),
    ("Danışma her salı günü belediye binasında yapılır.", "tr", None),
    ("Консультація відбувається щовівторка в ратуші.", "uk", None),
])
def test_off_target_text_is_flagged(text, lang, found):
    assert langid.off_target(text, lang, SOURCE) == found
    results = check.check_entry(check.Entry(SOURCE, text, lang, Glossary([])))
    assert any(code == "off-target" for _, code, _ in results) == (found is not None)


@pytest.mark.parametrize("text, source", [
    ("Essener Verbund der Immigrantenvereine e.V.", "Essener Verbund der Immigrantenvereine e.V."),
    ("Call 0201 123456", "Rufen Sie 0201 123456 an"),
    ("Thank you!", "Danke!"),  # too short to judge
])
def test_names_numbers_and_short_text_are_left_alone(text, source):
    assert langid.off_target(text, "tr", source) is None


def test_pseudo_text_is_not_judged():
    entry = check.Entry(SOURCE, "[Ðîé Ɓéŕàţûñĝ ƒîñðéţ ĵéðéñ Ðîéñšţàĝ ··]", "tr", Glossary([]),
                        engine="pseudo")
    assert not [r for r in check.check_entry(entry) if r[1] == "off-target"]


# --- TMX ----------------------------------------------------------------------------------

def _po(tmp_path, lang, entries, issue="2024-04"):
    po = catalog.new_catalog(lang, issue)
    for source, target, fuzzy in entries:
        po.add(source, target, locations=[(f"{issue}/welcome.md", 1)],
               flags=["fuzzy"] if fuzzy else [])
    path = tmp_path / "locales" / lang / "LC_MESSAGES" / f"{issue}.po"
    catalog.save_catalog(po, path)
    return path


def test_tmx_export_is_read_by_translate_toolkit(tmp_path):
    _po(tmp_path, "tr", [("Hallo Welt.", "Merhaba dünya.", False),
                         ("Noch offen.", "Henüz açık.", True)])
    _po(tmp_path, "uk", [("Hallo Welt.", "Привіт, світе.", False)])
    out = tmp_path / "memory.tmx"
    assert main(["tm", "export", "--tmx", str(out), "--locales", str(tmp_path / "locales")]) == 0
    store = tt_tmx.tmxfile.parsestring(out.read_bytes())
    [unit] = store.units  # the fuzzy entry is not approved: not exported
    texts = {node.get(tmx.XML_LANG): unit.getNodeText(node) for node in unit.getlanguageNodes()}
    assert texts == {"de": "Hallo Welt.", "tr": "Merhaba dünya.", "uk": "Привіт, світе."}
    props = {(p.get("type"), p.text) for p in unit.xmlelement.iterfind("prop")}
    assert props == {("x-migo-issue", "2024-04"), ("x-migo-file", "2024-04/welcome.md")}
    header = store.document.getroot().find("header")
    assert header.get("srclang") == "de" and header.get("creationtool") == "migo"
    only = tmp_path / "tr.tmx"
    main(["tm", "export", "--tmx", str(only), "--lang", "tr", "--locales",
          str(tmp_path / "locales")])
    assert [u.target for u in tt_tmx.tmxfile.parsestring(only.read_bytes()).units] == [
        "Merhaba dünya."]


def test_translate_toolkit_tmx_is_imported_into_the_memory(tmp_path):
    store = tt_tmx.tmxfile(sourcelanguage="de", targetlanguage="tr")
    store.addtranslation("Der Kurs ist kostenlos.", "de", "Kurs ücretsizdir.", "tr")
    store.addtranslation("Bitte bringen Sie Ihren Ausweis mit.", "de",
                         "Lütfen kimliğinizi getirin.", "tr")
    source = tmp_path / "omegat.tmx"
    source.write_bytes(bytes(store))
    locales = tmp_path / "locales"
    assert main(["tm", "import", str(source), "--locales", str(locales)]) == 0
    units = tmx.read_tmx(locales / "tm" / "omegat.tmx")
    assert [(u.source, u.targets) for u in units] == [
        ("Der Kurs ist kostenlos.", {"tr": "Kurs ücretsizdir."}),
        ("Bitte bringen Sie Ihren Ausweis mit.", {"tr": "Lütfen kimliğinizi getirin."})]
    from pipeline import memory
    assert memory.load_memory(locales, "tr").lookup("Der Kurs ist kostenlos.").unit.target == (
        "Kurs ücretsizdir.")
    assert memory.load_memory(tmp_path / "empty", "tr", [source]).lookup(
        "Der Kurs ist kostenlos.") is not None  # --tm FILE.tmx
    assert main(["tm", "import", str(source), "--locales", str(locales)]) == 2  # exists


BAD = {
    "xxe": ((b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>'
             b'\n<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>&x;</seg></tuv></tu>'
             b'</body></tmx>'), 3),
    "laughs": ((b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n <!ENTITY a "aaaaaaaaaa">\n'
                b' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<tmx><body/></tmx>'), 3),
    "broken": (b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu></body>\n</tmx>', 4),
    "not tmx": (b'<?xml version="1.0"?>\n<tbx/>', 2),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_or_unsafe_tmx_is_bad_input_with_file_and_line(tmp_path, name, capsys):
    data, line = BAD[name]
    path = tmp_path / "bad.tmx"
    path.write_bytes(data)
    with pytest.raises(InputError, match=rf"bad\.tmx:{line}: "):
        tmx.read_tmx(path)
    assert main(["tm", "import", str(path), "--locales", str(tmp_path / "locales")]) == 2
    assert f"bad.tmx:{line}:" in capsys.readouterr().err
    assert not (tmp_path / "locales" / "tm").exists()  # nothing half-written


# --- the real round trip --------------------------------------------------------------------

def test_round_trip_translate_review_rerun_measure(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    issue = tmp_path / "input" / "2024-05"
    issue.mkdir(parents=True)
    (issue / "kurs.md").write_text(
        "# Kurse im Mai\n\nDer Kurs ist kostenlos. Bitte bringen Sie Ihren Ausweis mit.\n\n"
        "Die Beratung findet jeden Dienstag statt.\n", encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    args = ["translate", str(issue), "--to", "tr", "--engine", "argos", "--models", str(MODELS),
            "--glossary", str(tmp_path / "glossary"), "--locales", str(tmp_path / "locales"),
            "--out", str(tmp_path / "out"), "--quiet"]
    assert main(args) == 0
    po_path = tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-05.po"
    suggestions = history.read_history(history.history_path(po_path))
    assert len(suggestions) == 4 and {r.route for r in suggestions.values()} == {"de→en→tr"}

    po = catalog.read_catalog(po_path)  # a reviewer: approve one as is, correct two
    messages = [m for m in po if m.id]
    for message, text in zip(messages, [None, "Kurs ücretsizdir.", "Lütfen kimlik getirin."]):
        message.flags.discard("fuzzy")
        message.string = text or message.string
    catalog.save_catalog(po, po_path)
    assert main(args) == 0

    capsys.readouterr()
    assert main(["status", "--quality", "--json", "--locales", str(tmp_path / "locales")]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["lang"] == "tr"
    assert (record["accepted_unchanged"], record["approved_edited"], record["waiting"]) == (1, 2, 1)
    assert record["chrf"] is not None and record["ter"] is not None
    assert record["by_engine"][0]["models"] == "de→en 1.0, en→tr 1.0"
    report = json.loads((tmp_path / "out" / "2024-05" / "report.json").read_text())
    assert report["quality"][0]["approved_edited"] == 2
    assert "qualitaet" in (tmp_path / "out" / "2024-05" / "report.html").read_text()
    assert main(["status", "--quality", "--locales", str(tmp_path / "locales")]) == 0
    assert "de→en→tr" in capsys.readouterr().out

    # a PO file from elsewhere: no history, the run goes on and says so
    history.history_path(po_path).unlink()
    assert main(args) == 0
    capsys.readouterr()
    main(["status", "--quality", "--json", "--locales", str(tmp_path / "locales")])
    [record] = json.loads(capsys.readouterr().out)
    assert record["unmeasured"] == 4 and record["chrf"] is None


def test_a_broken_history_stops_the_run_before_anything_is_written(tmp_path, capsys):
    issue = tmp_path / "input" / "2024-05"
    issue.mkdir(parents=True)
    (issue / "kurs.md").write_text("# Kurse\n\nDer Kurs ist kostenlos.\n", encoding="utf-8")
    args = ["translate", str(issue), "--to", "tr", "--engine", "pseudo",
            "--glossary", str(tmp_path / "glossary"), "--locales", str(tmp_path / "locales"),
            "--out", str(tmp_path / "out"), "--quiet"]
    (tmp_path / "glossary").mkdir()
    assert main(args) == 0
    po_path = tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-05.po"
    history.history_path(po_path).write_text("{not json\n", encoding="utf-8")
    (issue / "kurs.md").write_text("# Kurse\n\nDer Kurs ist neu.\n", encoding="utf-8")
    before = po_path.read_bytes()
    shutil.rmtree(tmp_path / "out")
    capsys.readouterr()
    assert main(args) == 2
    assert "2024-05.history.jsonl:1:" in capsys.readouterr().err
    assert po_path.read_bytes() == before and not (tmp_path / "out").exists()
