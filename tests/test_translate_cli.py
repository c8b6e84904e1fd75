"""End to end: ``migo translate`` on the sample issue, as an editor runs it."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHIPPED_LOCALES, STARTER_GLOSSARY
from lxml import html

from pipeline import catalog
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2024-04"
MODELS = ROOT / "tests" / "fixtures" / "models"
GLOSSARY = STARTER_GLOSSARY


def run(tmp_path: Path, *args: str) -> int:
    return main(["translate", str(SAMPLE), "--locales", str(tmp_path / "locales"),
                 "--out", str(tmp_path / "out"), "--glossary", str(GLOSSARY), "--quiet",
                 *args])


def po_path(tmp_path: Path, lang: str) -> Path:
    return tmp_path / "locales" / lang / "LC_MESSAGES" / "2024-04.po"


def page(tmp_path: Path, lang: str, slug: str = "wsc-eroeffnung"):
    return html.parse(str(tmp_path / "out" / "2024-04" / lang / f"{slug}.html")).getroot()


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, f"{path}: {result.stderr}"


@pytest.mark.parametrize("engine_args", [
    ["--engine", "pseudo"],
    ["--engine", "argos", "--models", str(MODELS)],
], ids=["pseudo", "argos-test-models"])
def test_sample_issue_gives_valid_po_files_and_pages(tmp_path, engine_args):
    assert run(tmp_path, "--to", "en,tr,ar", *engine_args) == 0
    msgfmt_check(tmp_path / "locales" / "templates" / "2024-04.pot")
    for lang, direction in [("en", "ltr"), ("tr", "ltr"), ("ar", "rtl")]:
        msgfmt_check(po_path(tmp_path, lang))
        for slug in ("wsc-eroeffnung", "migo-vorstellung", "index"):
            root = page(tmp_path, lang, slug)
            assert root.get("lang") == lang and root.get("dir") == direction
    po = catalog.read_catalog(po_path(tmp_path, "tr"), "tr")
    entries = [m for m in po if m.id]
    assert entries and all(m.fuzzy and m.string for m in entries)
    engine = engine_args[1]
    route = "de→en→tr" if engine == "argos" else "de→tr"
    assert all(catalog.machine_origin(m) == f"{engine} {route}" for m in entries)
    issue_index = html.parse(str(tmp_path / "out" / "2024-04" / "index.html")).getroot()
    names = [a.text_content() for a in issue_index.iter("a") if a.get("hreflang")]
    assert names == ["Deutsch", "English", "Türkçe", "العربية"]


def test_reviewed_translation_survives_a_rerun_and_shows_on_the_page(tmp_path):
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    path = po_path(tmp_path, "tr")
    po = catalog.read_catalog(path, "tr")
    heading = "Welcome- und ServiceCenter Essen am neuen Standort offiziell eröffnet"
    po[heading].string = "Welcome- und ServiceCenter Essen yeni yerinde resmen açıldı"
    po[heading].flags.discard("fuzzy")
    catalog.save_catalog(po, path)

    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    again = catalog.read_catalog(path, "tr")
    assert again[heading].string == "Welcome- und ServiceCenter Essen yeni yerinde resmen açıldı"
    assert not again[heading].fuzzy
    root = page(tmp_path, "tr")
    assert root.find(".//h1").text_content().startswith("Welcome- und ServiceCenter Essen yeni")
    assert "yeni yerinde resmen" in root.find(".//title").text


def test_second_run_translates_only_what_is_new(tmp_path):
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    report = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    tr = report["languages"]["tr"]
    assert tr["machine_translated"] == 0
    assert tr["reused"] == tr["segments"] > 30


def test_report_json_counts_per_language(tmp_path):
    assert run(tmp_path, "--to", "en,ar", "--engine", "pseudo") == 0
    report = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    assert report["issue"] == "2024-04"
    for lang in ("en", "ar"):
        row = report["languages"][lang]
        assert row["segments"] == row["machine_translated"] > 30
        assert row["reviewed"] == 0 and row["words"] > 500 and "seconds" in row


def test_missing_model_exits_3_names_the_pair_and_writes_nothing(tmp_path, capsys):
    assert run(tmp_path, "--to", "tr,fa", "--engine", "argos", "--models", str(MODELS)) == 3
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert "en→fa" in message and "migo models install" in message
    assert not (tmp_path / "locales").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, problem", [
    (["--to", "xx-nonsense", "--engine", "pseudo"], "unknown language code"),
    (["--to", "de", "--engine", "pseudo"], "German is the source"),
])
def test_bad_languages_exit_2(tmp_path, capsys, args, problem):
    assert run(tmp_path, *args) == 2
    assert problem in capsys.readouterr().err


def test_missing_issue_folder_exits_2(tmp_path, capsys):
    code = main(["translate", str(tmp_path / "nope"), "--to", "tr", "--engine", "pseudo",
                 "--locales", str(tmp_path / "l"), "--out", str(tmp_path / "o"), "--quiet"])
    assert code == 2 and "nope" in capsys.readouterr().err


def test_none_engine_prepares_empty_po_files(tmp_path):
    assert run(tmp_path, "--to", "fa", "--engine", "none") == 0
    po = catalog.read_catalog(po_path(tmp_path, "fa"), "fa")
    assert all(not m.string for m in po if m.id)
    msgfmt_check(po_path(tmp_path, "fa"))
    root = page(tmp_path, "fa")
    assert root.get("dir") == "rtl"
    assert root.find(".//h1//span[@lang='de']") is not None  # German shown, marked as German


def test_links_keep_their_address_in_every_language(tmp_path):
    assert run(tmp_path, "--to", "ar", "--engine", "pseudo") == 0
    links = [a.get("href") for a in page(tmp_path, "ar", "migo-vorstellung").iter("a")]
    assert "https://www.facebook.com/essenerverbund" in links


def test_models_list_and_install_on_the_command_line(tmp_path, capsys):
    import zipfile

    archive = tmp_path / "translate-en_tr.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((MODELS / "translate-en_tr").rglob("*")):
            zf.write(path, Path("translate-en_tr") / path.relative_to(MODELS / "translate-en_tr"))
    assert main(["models", "install", str(archive), "--models", str(tmp_path / "m")]) == 0
    assert main(["models", "list", "--models", str(tmp_path / "m")]) == 0
    assert re.search(r"en→tr\s+version", capsys.readouterr().out)


def test_segment_command_contract():
    text = "Heute (19.04.) fand die Feier statt. Es kamen rund 8.000. Um 18 Uhr war Schluss.\n\n" \
           "Zweiter Absatz ohne Punkt"
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "segment"], input=text,
                            capture_output=True, text=True, check=True)
    assert result.stdout == ("Heute (19.04.) fand die Feier statt.\nEs kamen rund 8.000.\n"
                             "Um 18 Uhr war Schluss.\n\nZweiter Absatz ohne Punkt\n")


def test_help_teaches_with_examples():
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "translate", "--help"],
                            capture_output=True, text=True, check=True)
    assert "examples:" in result.stdout and "--engine pseudo" in result.stdout


def test_readability_command_scores_an_article_without_markup(capsys):
    assert main(["readability", str(SAMPLE / "wsc-eroeffnung.md"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["score"]["lang"] == "de"
    names = {s["name"] for s in data["score"]["scores"]}
    assert any("amstad" in n for n in names), names
    flagged = " ".join(f["sentence"] for f in data["flags"])
    assert "Netzwerkpartner*innen" in flagged and "](" not in flagged


def test_glossary_tbx_export_and_import_round_trip(tmp_path, capsys):
    from pipeline.glossary import load_glossary

    tbx = tmp_path / "migo.tbx"
    assert main(["glossary", "export", "--tbx", str(tbx), "--glossary", str(GLOSSARY)]) == 0
    assert b"ISO" in tbx.read_bytes() or b"tbx" in tbx.read_bytes()
    target = tmp_path / "terms"
    target.mkdir()
    assert main(["glossary", "import", str(tbx), "--glossary", str(target)]) == 0
    assert load_glossary(target) == load_glossary(GLOSSARY)
    assert main(["glossary", "import", str(tbx), "--glossary", str(target)]) == 2
    assert "--replace" in capsys.readouterr().err


def test_broken_glossary_stops_the_run_with_file_and_line(tmp_path, capsys):
    glossary = tmp_path / "kaputt.csv"
    glossary.write_text("de,en,tr\nWSC,=,=\nAufenthaltstitel,residence title\n", encoding="utf-8")
    code = main(["translate", str(SAMPLE), "--to", "tr", "--engine", "pseudo", "--quiet",
                 "--glossary", str(glossary), "--locales", str(tmp_path / "l"),
                 "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and f"{glossary}:3" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "l").exists()


def test_glossary_terms_and_numbers_reach_the_pages(tmp_path):
    assert run(tmp_path, "--to", "en,fa", "--engine", "pseudo") == 0
    en = page(tmp_path, "en").text_content()
    assert "8,000" in en and "2,500" in en and "WSC" in en and "Thomas Kufen" in en
    fa = page(tmp_path, "fa").text_content()
    assert "۸٬۰۰۰" in fa


def test_a_real_engine_replaces_pseudo_text_but_keeps_reviewed_entries(tmp_path):
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    path = po_path(tmp_path, "tr")
    po = catalog.read_catalog(path, "tr")
    po["Das WSC ist keine neue Idee."].string = "WSC yeni bir fikir değil."
    po["Das WSC ist keine neue Idee."].flags.discard("fuzzy")
    catalog.save_catalog(po, path)

    assert run(tmp_path, "--to", "tr", "--engine", "argos", "--models", str(MODELS)) == 0
    again = catalog.read_catalog(path, "tr")
    assert again["Das WSC ist keine neue Idee."].string == "WSC yeni bir fikir değil."
    others = [m for m in again if m.id and m.fuzzy]
    assert others and all(catalog.machine_origin(m) == "argos de→en→tr" for m in others)


def test_remote_and_missing_images_are_not_linked_but_reported(tmp_path):
    issue = tmp_path / "2025-01"
    issue.mkdir()
    (issue / "fest.md").write_text(
        "# Sommerfest\n\n![Kinder beim Tanzen](https://example.org/tanz.jpg)\n\n"
        "![Der Festplatz](platz.jpg)\n\nAlle sind eingeladen.\n", encoding="utf-8")
    assert main(["translate", str(issue), "--to", "en", "--engine", "pseudo", "--quiet",
                 "--locales", str(tmp_path / "l"), "--out", str(tmp_path / "o")]) == 0
    root = html.parse(str(tmp_path / "o" / "2025-01" / "en" / "fest.html")).getroot()
    assert root.find(".//img") is None
    shown = [p.text_content() for p in root.iterfind(".//p[@class='image-missing']")]
    assert len(shown) == 2 and all(text.startswith("[") for text in shown)  # alt, translated
    report = json.loads((tmp_path / "o" / "2025-01" / "report.json").read_text())
    rules = {f["rule"] for f in report["a11y"]}
    assert {"img-remote", "img-missing"} <= rules


def test_report_is_reproducible_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1713484800")
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    first = (tmp_path / "out" / "2024-04" / "report.json").read_text()
    assert '"created": "2024-04-19T00:00:00+00:00"' in first
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    second = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    assert second["created"] == json.loads(first)["created"]


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path, monkeypatch, capsys):
    """``migo segment big.txt | head -1``: the reader went away, nobody made a mistake."""
    import io
    import os

    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            return self.null

    pipe = ClosedPipe()
    pipe.null = os.open(os.devnull, os.O_WRONLY)
    text = tmp_path / "lang.txt"
    text.write_text("Die Beratung ist offen. Sie ist kostenlos.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", pipe)
    assert main(["segment", str(text)]) == 0
    assert capsys.readouterr().err == ""


def test_interface_strings_in_the_locales_folder_override_the_shipped_ones(tmp_path):
    own = tmp_path / "locales" / "tr" / "LC_MESSAGES"
    own.mkdir(parents=True)
    shipped = SHIPPED_LOCALES / "tr" / "LC_MESSAGES" / "migo-interface.po"
    text = shipped.read_text(encoding="utf-8").replace('"Ana içeriğe geç"', '"İçeriğe atla"')
    assert text != shipped.read_text(encoding="utf-8")
    (own / "migo-interface.po").write_text(text, encoding="utf-8")
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    assert page(tmp_path, "tr").find(".//a[@class='skip-link']").text == "İçeriğe atla"


def test_a_mistyped_glossary_path_is_an_error_not_an_empty_glossary(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["translate", str(SAMPLE), "--to", "tr", "--engine", "pseudo",
              "--glossary", str(tmp_path / "glossarie"), "--locales", str(tmp_path / "l"),
              "--out", str(tmp_path / "o")])
    assert stop.value.code == 2 and "glossarie: no such file" in capsys.readouterr().err
    assert not (tmp_path / "l").exists()


def test_the_summary_says_how_many_terms_the_glossary_has(tmp_path, capsys):
    code = main(["translate", str(SAMPLE), "--to", "tr", "--engine", "pseudo",
                 "--glossary", str(GLOSSARY), "--locales", str(tmp_path / "l"),
                 "--out", str(tmp_path / "o")])
    assert code == 0
    assert re.search(r"Glossary: \d+ terms from", capsys.readouterr().out)
    report = json.loads((tmp_path / "o" / "2024-04" / "report.json").read_text())
    assert report["glossary"]["terms"] > 20


def test_a_broken_interface_translation_shows_english_and_is_reported(tmp_path):
    own = tmp_path / "locales" / "tr" / "LC_MESSAGES"
    own.mkdir(parents=True)
    shipped = SHIPPED_LOCALES / "tr" / "LC_MESSAGES" / "migo-interface.po"
    text = shipped.read_text(encoding="utf-8").replace('"migo sayı {issue}"', '"migo sayı {sayı}"')
    assert "{sayı}" in text
    (own / "migo-interface.po").write_text(text, encoding="utf-8")
    assert run(tmp_path, "--to", "tr", "--engine", "pseudo") == 0
    index = html.parse(str(tmp_path / "out" / "2024-04" / "tr" / "index.html")).getroot()
    assert index.find(".//h1").text_content() == "migo issue Nisan 2024"
    report = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    assert any(f["code"] == "interface-placeholders" for f in report["qa"])


def test_language_codes_are_spelled_one_way(tmp_path):
    assert run(tmp_path, "--to", "EN,pt-BR,zh-Hant", "--engine", "pseudo") == 0
    assert sorted(p.name for p in (tmp_path / "locales").iterdir() if p.name != "templates"
                  and not p.name.startswith(".")) == ["en", "pt_BR", "zh_Hant"]
    root = html.parse(str(tmp_path / "out" / "2024-04" / "pt_BR" / "index.html")).getroot()
    assert root.get("lang") == "pt-BR"
    assert run(tmp_path, "--to", "en", "--engine", "pseudo") == 0  # finds the same PO file
    assert not (tmp_path / "locales" / "EN").exists()
