"""The report stage: report.json is deterministic, report.html is readable and accessible.

The HTML is parsed back with lxml and its structure asserted: what a screen reader
needs (one h1, headings in order, captions and header scopes, charts with title and
description and a table of their numbers) and what the editor needs (scores, flagged
sentences with their text, findings).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_TEXT
from lxml import html

from pipeline import readability, report
from pipeline.report import ArticleRef, GlossaryUse, LanguageRun, RunSummary

SAMPLE = SAMPLE_TEXT
CAPTION_START = "Eröffnungsfeier Welcome- und ServiceCenter Essen (v.l.)"


def _summary() -> RunSummary:
    sentences = readability.split_sentences(SAMPLE.read_text(encoding="utf-8"))
    texts = {
        "wsc": {
            "de": sentences[:24],
            "en": ["The Welcome and Service Centre has moved.", "It opened today."],
            "ar": ["ذهب الولد إلى المدرسة."],
            "fa": ["من به دانشگاه می‌روم.", "هوا خوب است."],
        },
        "migo": {"de": sentences[24:], "tr": ["Ali okula gitti.", "Ayşe kitap okudu."]},
    }
    return RunSummary(
        issue="2024-04",
        created="2024-04-20T10:00:00+00:00",
        signature={"engine": "argos", "models": "de→en 1.9, en→ar 1.9", "migo": "0.1.0"},
        articles=[
            ArticleRef("wsc", "Welcome- und ServiceCenter eröffnet"),
            ArticleRef("migo", "migo – die Mitgliederzeitschrift"),
        ],
        languages={
            "en": LanguageRun(
                route="de→en", segments=40, words=572, reviewed=2, machine_suggestions=38,
                untranslated=0, machine_translated=38, reused=0, from_memory_exact=1,
                from_memory_fuzzy=0, seconds=3.5,
                protected={"terms_found": 62, "terms_delivered": 60, "terms_flagged": 2,
                           "facts_found": 14, "facts_delivered": 14,
                           "tags_found": 14, "tags_lost": 1},
            ),
            "ar": LanguageRun(route="de→en→ar", segments=40, words=572, reviewed=0,
                              machine_suggestions=0, untranslated=40),
        },
        glossary=GlossaryUse("glossaries", 5),
        readability=readability.assess_issue(texts),
        a11y=[
            {
                "page": "ar/wsc.html",
                "element": "img",
                "rule": "WCAG 1.1.1",
                "message": "Bild ohne Alternativtext",
                "severity": "error",
            }
        ],
        qa=[
            {
                "lang": "ar",
                "location": "wsc.md:3",
                "code": "number",
                "message": "Zahl 8.000 fehlt",
                "severity": "warning",
            }
        ],
    )


@pytest.fixture(scope="module")
def summary() -> RunSummary:
    return _summary()


@pytest.fixture
def page(tmp_path, summary):
    report.write_report(tmp_path, summary)
    return html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8"))


def test_json_is_sorted_pretty_and_complete(tmp_path, summary):
    report.write_report(tmp_path, summary)
    raw = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert json.loads(raw) == json.loads(json.dumps(summary.to_json()))
    assert raw == json.dumps(summary.to_json(), indent=2, sort_keys=True,
                             ensure_ascii=False) + "\n"
    assert "ذهب" in raw  # UTF-8, not \u escapes


def test_same_summary_same_bytes(tmp_path, summary):
    report.write_report(tmp_path / "a", summary)
    report.write_report(tmp_path / "b", summary)
    for name in ("report.json", "report.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_no_temporary_files_left(tmp_path, summary):
    report.write_report(tmp_path, summary)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


def test_page_is_german_with_one_h1_and_ordered_headings(page):
    assert page.get("lang") == "de"
    assert len(page.findall(".//h1")) == 1
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"


def test_tables_have_captions_and_scoped_headers(page):
    tables = page.findall(".//table")
    assert len(tables) >= 6
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").text_content()
        headers = table.findall(".//th")
        assert headers and all(th.get("scope") in ("col", "row") for th in headers)


def test_charts_carry_text_alternatives_and_a_table(page):
    charts = page.find_class("chart")
    assert len(charts) >= 3  # German scores, levels per article, one histogram
    for chart in charts:
        assert chart.get("role") == "img"
        title, desc = chart[0], chart[1]
        assert title.text and desc.text and title.get("class") == "visually-hidden"
        assert chart.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        following = chart.getparent().itersiblings()
        tables = [el for el in following if el.tag == "table" or el.find(".//table") is not None]
        assert tables, "chart without its numbers"


def test_histogram_chart_and_table(page):
    titles = [chart[0].text for chart in page.find_class("chart")]
    assert "Satzlängen Deutsch: Zahl der Sätze je Länge" in titles
    assert not any(t.startswith("Satzlängen Englisch") for t in titles)  # one chart, one table
    caption = "Zahl der Sätze je Satzlänge (in Wörtern) und Sprache"
    (table,) = [t for t in page.findall(".//table") if t.find("caption").text == caption]
    rows = {r[0].text: [c.text for c in r[1:]] for r in table.findall("tbody/tr")}
    assert set(rows) == {
        "Deutsch (de)",
        "Englisch (en)",
        "Arabisch (ar)",
        "Persisch (fa)",
        "Türkisch (tr)",
    }
    assert rows["Türkisch (tr)"] == ["2", "0", "0", "0", "0", "0", "0"]  # 3 words each


def test_flagged_caption_appears_with_reasons(page):
    quotes = [q.text_content() for q in page.findall(".//blockquote")]
    caption = next(q for q in quotes if q.startswith(CAPTION_START))
    item = next(q for q in page.findall(".//blockquote") if q.text_content() == caption)
    text = item.getparent().text_content()
    assert "langer Satz: 25 Wörter (mehr als 20)" in text
    assert "Ausländerangelegenheiten (24 Buchstaben)" in text
    assert "Flesch-Wert dieses Satzes: -8,0" in text


def test_scores_in_german_and_source_beside_translation(page, summary):
    text = page.text_content()
    wsc_de = summary.readability["articles"]["wsc"]["languages"]["de"]["score"]
    shown = report.number(wsc_de["scores"][0]["value"])
    assert shown in text and "," in shown  # German decimal comma
    (table,) = [t for t in page.findall(".//table") if "neben dem deutschen" in t[0].text]
    rows = [r for r in table.findall("tbody/tr") if r[1].text_content() == "Arabisch (ar)"]
    cells = [c.text_content() for c in rows[0]]
    assert cells[0] == "Welcome- und ServiceCenter eröffnet"
    assert cells[2] == "OSMAN (El-Haj & Rayson 2016)"
    assert cells[5].startswith("Stufe")  # the German source's level beside it
    for name in ("Ateşman", "Wiener Sachtextformel", "LIX", "Flesch Reading Ease"):
        assert name in text


def test_json_has_the_keys_report_json_always_had(summary):
    assert set(summary.to_json()) == {"issue", "created", "signature", "articles", "languages",
                                      "glossary", "readability", "qa", "a11y",
                                      "quality", "project"}  # 19: quality, 18: project
    assert set(summary.to_json()["languages"]["en"]) == {
        "route", "segments", "machine_translated", "reviewed", "machine_suggestions", "reused",
        "untranslated", "words", "seconds", "protected", "from_memory_exact",
        "from_memory_fuzzy", "off_target", "reviewed_by_article", "po_file",
        "decoding_flagged"}


def test_language_names_via_babel_and_rtl_marked(page):
    text = page.text_content()
    for name in ("Englisch", "Arabisch", "Persisch", "Türkisch"):
        assert name in text
    marked = {c.get("lang"): c.get("dir") for c in page.iter("td") if c.get("lang")}
    assert marked["ar"] == "rtl" and marked["fa"] == "rtl" and marked["en"] == "ltr"


def test_findings_are_listed(page):
    text = page.text_content()
    assert "Bild ohne Alternativtext" in text and "Fehler" in text
    assert "Zahl 8.000 fehlt" in text and "Warnung" in text


def test_nothing_loaded_from_the_network(page):
    """Links go to anchors, to the issue's pages and to PO files beside the report."""
    assert not page.findall(".//script") and not page.findall(".//link")
    for element in page.iter():
        assert element.get("src") is None
        value = element.get("href")
        assert value is None or "://" not in value and not value.startswith("//"), value


def test_untrusted_text_is_escaped(tmp_path):
    summary = RunSummary(
        issue="<b>x</b>",
        articles=[ArticleRef("a", "<script>alert(1)</script>")],
        qa=[{"lang": "fa", "message": "<img src=x onerror=alert(1)> & \x00", "code": "x"}],
        readability=readability.assess_issue({"a": {"de": ["Ein <em>Satz</em> hier."]}}),
    )
    report.write_report(tmp_path, summary)
    raw = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = html.fromstring(raw)
    assert not page.findall(".//script") and not page.findall(".//img")
    assert "<script>alert(1)</script>" in page.text_content()
    assert "&lt;img src=x" in raw


@pytest.mark.parametrize(
    "summary",
    [
        RunSummary(""),
        RunSummary("2024-04"),
        RunSummary("2024-04", languages={}, readability={}, qa=[], a11y=[]),
        RunSummary(
            "2024-04",
            languages={"xx-weird": LanguageRun("de→xx-weird", 1, 3, 0, 0, 1)},
            readability={
                "articles": {"a": None, "b": {"languages": {"en": {"score": {"scores": []}}}}}
            },
        ),
        RunSummary("", signature={"engine": "none"}, articles=[ArticleRef("a", "")], qa=[{}]),
    ],
    ids=["empty", "issue-only", "empty-sections", "partial", "odd-findings"],
)
def test_missing_sections_never_crash(tmp_path, summary):
    report.write_report(tmp_path, summary)
    page = html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert len(page.findall(".//h1")) == 1
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == summary.to_json()


def test_empty_sections_say_so(tmp_path):
    report.write_report(tmp_path, RunSummary("2024-04"))
    text = html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8")).text_content()
    assert "Keine Befunde." in text
    assert "keine Lesbarkeitswerte" in text


def _luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour such as #1a1a1a."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_every_colour():
    # Known value: black on white is 21:1.
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    bar = re.search(r"\.bar \{[^}]*background:\s*(#[0-9a-f]{6})", report.CSS).group(1)
    text_colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", report.CSS)
    backgrounds = set(re.findall(r"background:\s*(#[0-9a-f]{6})", report.CSS)) - {bar}
    assert text_colours and backgrounds
    for fg in text_colours:
        for bg in backgrounds:
            assert _contrast(fg, bg) >= 4.5, (fg, bg)
    assert _contrast(bar, "#ffffff") >= 3.0  # a bar holds no text; graphics: WCAG 1.4.11


def test_sample_issue_scores_and_flags_on_the_page(page):
    """Done-when of issue 8: report.html shows the sample's scores and flagged sentences."""
    rows = [r for r in page.findall(".//table") if "deutschen Textes" in r.find("caption").text]
    (german,) = rows
    titles = [tr[0].text for tr in german.findall("tbody/tr")]
    assert titles == ["Welcome- und ServiceCenter eröffnet", "migo – die Mitgliederzeitschrift"]
    flagged = [q.text_content() for q in page.findall(".//blockquote")]
    assert len(flagged) >= 10
    assert any("Migrantenorganisationen" in q for q in flagged)


def _table(page, caption_start: str):
    (found,) = [t for t in page.findall(".//table") if t[0].text.startswith(caption_start)]
    return found


def _rows(table) -> dict[str, list[str]]:
    return {r[0].text_content(): [c.text_content() for c in r[1:]]
            for r in table.findall("tbody/tr")}


def test_protected_counts_get_their_own_small_table(page):
    """The nested counts made the overview's rows tall and the table scroll sideways."""
    overview = _table(page, "Stand der")
    assert "gefunden" not in overview.text_content()
    protected = _rows(_table(page, "Geschützte Stellen je Sprache"))
    assert protected["Englisch (en)"] == ["60 von 62 erhalten, 2 zu prüfen",
                                          "14 von 14 erhalten", "13 von 14 erhalten, 1 zu prüfen"]
    assert protected["Arabisch (ar)"] == ["–", "–", "–"]


def test_overview_speaks_german_and_stays_narrow(page):
    for caption in ("Stand der", "Dieser Lauf"):
        table = _table(page, caption)
        headers = [th.text_content() for th in table.findall("thead/tr/th")]
        assert len(headers) <= 7, headers
        assert not any("_" in h for h in headers), headers  # no raw JSON keys
    run = _rows(_table(page, "Dieser Lauf"))
    assert run["Englisch (en)"][:3] == ["38", "0", "1"]
    assert "40 Sätze" in page.get_element_by_id("uebersicht").text_content()


def test_creation_time_reads_as_a_german_date(page):
    assert "Erstellt am 20.04.2024 um 10:00 Uhr (UTC)" in page.text_content()


def test_longest_sentence_stands_beside_its_german_source(tmp_path):
    summary = RunSummary("", articles=[ArticleRef("a", "A")],
                         readability=readability.assess_issue(
                             {"a": {"de": ["Ein Satz.", "Kurz."],
                                    "ar": ["جملة.", "جملة أطول من الأولى."]}}))
    report.write_report(tmp_path, summary)
    page = html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8"))
    table = _table(page, "Der längste Satz")
    headers = [th.text_content() for th in table.findall("thead/tr/th")]
    assert headers == ["Artikel · Sprache", "Satz", "Deutscher Ausgangssatz"]
    row = next(r for r in table.findall("tbody/tr") if "Arabisch" in r[0].text_content())
    assert (row[1].get("lang"), row[1].get("dir")) == ("ar", "rtl")
    assert (row[2].text_content(), row[2].get("lang")) == ("Kurz.", "de")


# --- a language migo has no readability formula for --------------------------------

SPANISH = ["Hola a todos.", "La oficina abre el lunes a las nueve de la mañana."]
NO_FORMULA = ("Für Spanisch gibt es in migo noch keine Lesbarkeitsformel; gezeigt werden "
              "Satzlänge und Wortzahl.")


def test_language_without_a_formula_is_shown_plainly(tmp_path):
    summary = RunSummary("", articles=[ArticleRef("a", "Sprechstunde")],
                         readability=readability.assess_issue(
                             {"a": {"de": ["Die Sprechstunde ist am Montag.",
                                           "Kommen Sie vorbei."], "es": SPANISH}}))
    report.write_report(tmp_path, summary)
    page = html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8"))
    section = page.get_element_by_id("lesbarkeit")
    assert NO_FORMULA in [p.text_content() for p in section.iter("p")]
    counts = _table(page, "Spanisch (es): Satzlänge und Wortzahl")
    assert _rows(counts) == {"Sprechstunde": ["2", "14", "7,0", "4,0"]}
    assert "Keine Übersetzung bewertet." not in section.text_content()
    assert section.find_class("chart")  # the sentence-length histogram


def test_translate_to_a_language_without_a_formula_writes_the_report(tmp_path):
    """``migo translate --to es`` wrote PO files and pages, then exited 2 without a report."""
    from pipeline.flow import RunConfig, translate_issue

    root = Path(__file__).resolve().parent.parent
    config = RunConfig(issue_dir=root / "input" / "2024-04", langs=["es"], engine="pseudo",
                       glossary_path=root / "glossaries", locales_dir=tmp_path / "locales",
                       out_dir=tmp_path / "out", show_progress=False)
    result = translate_issue(config)
    out = tmp_path / "out" / result.issue.name
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["readability"]["issue"]["es"]["formula_known"] is False
    assert data["readability"]["issue"]["es"]["words"] > 0
    assert NO_FORMULA in (out / "report.html").read_text(encoding="utf-8")


def test_report_marks_direction_as_the_pages_do():
    """The report asks pipeline.langs, as the pages do; only its fallback differs."""
    from pipeline import langs, render

    assert report.text_direction is render.text_direction is langs.text_direction
    for code in ("ar", "fa", "fa-IR", "he", "ur", "en", "tr", "de_AT"):
        assert langs.text_direction(code, unknown="auto") == langs.text_direction(code), code
    assert langs.text_direction("xx", unknown="auto") == "auto"


# --- what to do, first (issue 18) -------------------------------------------------

def _todo_summary(tmp_path: Path, engine: str = "argos", **signature) -> RunSummary:
    po = tmp_path / "proj" / "locales" / "{}" / "LC_MESSAGES" / "2024-04.po"
    def run(reviewed: int, by_article: dict[str, int], lang: str) -> LanguageRun:
        return LanguageRun(route=f"de→{lang}", segments=10, words=100, reviewed=reviewed,
                           machine_suggestions=10 - reviewed, untranslated=0,
                           reviewed_by_article=by_article, po_file=str(po).format(lang))
    finding = {"lang": "tr", "location": f"{str(po).format('tr')}:12", "severity": "error",
               "source": "Das WSC hat 8.000 Fälle.", "target": "WSC'nin 8 vakası var."}
    return RunSummary(
        issue="2024-04", signature={"engine": engine, **signature},
        articles=[ArticleRef("wsc", "WSC eröffnet", 6), ArticleRef("migo", "migo", 4)],
        languages={"en": run(10, {"wsc": 6, "migo": 4}, "en"),
                   "tr": run(2, {"wsc": 2, "migo": 0}, "tr"),
                   "ar": run(7, {"wsc": 6, "migo": 1}, "ar")},
        qa=[{**finding, "code": "number-mismatch",
             "message": '"8.000" (8000) is missing or has another value'},
            {**finding, "code": "length", "severity": "warning",
             "message": "the translation is 0.3 times as long as the German"},
            {"lang": "ar", "location": f"{str(po).format('ar')}:40", "severity": "warning",
             "code": "doubled", "message": 'the word "في" is doubled',
             "source": "Wir sind da.", "target": "نحن في في."}],
        a11y=[{"page": "tr/wsc.html", "element": "img", "rule": "img-alt",
               "message": "image without alt text", "severity": "error"}],
        project=str(tmp_path / "proj"))


def _todo_page(tmp_path: Path, summary: RunSummary):
    out = tmp_path / "proj" / "output" / "2024-04"
    report.write_report(out, summary)
    return html.fromstring((out / "report.html").read_text(encoding="utf-8"))


def test_the_page_opens_with_what_to_do_and_folds_the_details(tmp_path):
    page = _todo_page(tmp_path, _todo_summary(tmp_path))
    main = page.find(".//main")
    assert main[0].get("id") == "zu-tun" and main[0].find("h2").text == "Was ist zu tun"
    assert page.find(".//h1").text == "Bericht zur Ausgabe April 2024"
    folded = [d.get("id") for d in page.iter("details")]
    assert folded == ["uebersicht", "lesbarkeit", "pruefung", "qualitaet", "technik"]
    assert all(d.find("summary").text for d in page.iter("details"))
    assert page.find_class("banner") == []  # a real run has no test banner


def test_languages_that_lag_come_first_highlighted_and_linked(tmp_path):
    page = _todo_page(tmp_path, _todo_summary(tmp_path))
    table = _table(page, "Geprüft je Sprache")
    rows = table.findall("tbody/tr")
    assert [r[0].text_content() for r in rows] == ["Türkisch (tr)", "Arabisch (ar)",
                                                     "Englisch (en)"]
    assert [r[1].text_content() for r in rows] == ["Rückstand", "in Arbeit", "fertig"]
    assert rows[0][0].get("class") == "lag" and rows[1][0].get("class") is None
    assert rows[0][2].text_content() == "2 von 10 (20,0 %)"
    pages, po = rows[0][4].find("a"), rows[0][5].find("a")
    assert pages.get("href") == "tr/index.html"
    assert po.text == "locales/tr/LC_MESSAGES/2024-04.po"
    assert po.get("href") == "../../locales/tr/LC_MESSAGES/2024-04.po"


def test_per_article_table_says_which_articles_are_done(tmp_path):
    page = _todo_page(tmp_path, _todo_summary(tmp_path))
    rows = _rows(_table(page, "Geprüfte Sätze je Artikel"))
    assert rows == {"WSC eröffnet": ["2 von 6", "fertig", "fertig"],
                    "migo": ["0 von 4", "1 von 4", "fertig"]}
    assert _table(page, "Geprüfte Sätze je Artikel").find(".//a").get("href") == "de/wsc.html"


def test_findings_are_grouped_by_sentence_in_german_with_a_relative_place(tmp_path):
    page = _todo_page(tmp_path, _todo_summary(tmp_path))
    items = page.get_element_by_id("zu-tun").find_class("findings")
    turkish = items[0].findall("li")  # Turkish lags most, so it comes first
    assert len(turkish) == 1  # two findings, one PO entry
    quotes = turkish[0].findall("blockquote")
    assert [q.get("lang") for q in quotes] == ["de", "tr"]
    assert quotes[0].text_content() == "Das WSC hat 8.000 Fälle."
    said = [li.text_content() for li in turkish[0].findall("ul/li")]
    assert said == ["Fehler: Eine Zahl fehlt oder hat einen anderen Wert: „8.000“",
                    ("Warnung: Die Übersetzung ist viel kürzer oder länger als das Deutsche "
                     "(0,3-mal so lang)")]
    assert turkish[0].find_class("where")[0].text == "locales/tr/LC_MESSAGES/2024-04.po:12"
    arabic = items[1].find("li/blockquote[2]")
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")


def test_page_problems_link_the_page(tmp_path):
    page = _todo_page(tmp_path, _todo_summary(tmp_path))
    section = page.get_element_by_id("seiten").getparent()
    assert section.find(".//a[@href='tr/wsc.html']") is not None


@pytest.mark.parametrize(("engine", "signature", "banner"), [
    ("pseudo", {}, "pseudo"), ("argos", {"test_models": "yes"}, "Testmodellen"),
    ("argos", {"models": "de→en 1.9"}, None)])
def test_a_test_run_says_so_first(tmp_path, engine, signature, banner):
    page = _todo_page(tmp_path, _todo_summary(tmp_path, engine, **signature))
    found = page.find_class("banner")
    if banner is None:
        assert found == []
        return
    (box,) = found
    assert box.getparent().tag == "header" and "Testlauf" in box.text_content()
    assert banner in box.text_content()


@pytest.mark.parametrize(("finding", "german"), [
    ({"code": "term-missing", "message": 'glossary term "Bürgerbüro" is missing'},
     "Der Glossarbegriff fehlt: „Bürgerbüro“"),
    ({"code": "date-mismatch", "message": 'date "19.04." is missing or changed'},
     "Ein Datum fehlt oder wurde verändert: „19.04.“"),
    ({"code": "punctuation", "message": 'the German ends with "?", the translation with "."'},
     "Das Deutsche endet mit „?“, die Übersetzung mit „.“"),
    ({"code": "punctuation", "message": 'the German ends with ".", the translation with nothing'},
     "Das Deutsche endet mit „.“, die Übersetzung mit nichts"),
    ({"code": "new-check", "message": "something new"}, "new-check: something new"),
])
def test_findings_in_german(finding, german):
    assert report.german_finding(finding) == german


def test_run_warnings_are_part_of_what_to_do(tmp_path):
    summary = _todo_summary(tmp_path)
    summary.warnings = ["brief.docx: a Word file, skipped"]
    page = _todo_page(tmp_path, summary)
    assert "brief.docx: a Word file, skipped" in page.get_element_by_id("zu-tun").text_content()


def test_report_memos_follow_their_inputs(tmp_path):
    """Names, directions and relative places are remembered per input, never across inputs."""
    assert report._german_name("tr") == "Türkisch" and report._german_name("ar") == "Arabisch"
    assert report._direction("ar") == "rtl" and report._direction("en") == "ltr"
    assert report._direction("xx") == "auto"
    po = str(tmp_path / "a" / "locales" / "tr.po")
    assert report._project_relative(po, str(tmp_path / "a")) == "locales/tr.po"
    assert report._project_relative(po, str(tmp_path / "b")) == po  # not inside: unchanged
    assert report._project_relative(po, "") == po  # no project known
    other = str(tmp_path / "a" / "locales" / "ar.po")
    assert report._project_relative(other, str(tmp_path / "a")) == "locales/ar.po"
