"""The report stage: ``report.json`` for machines, ``report.html`` for editors.

The orchestrator hands over one typed :class:`RunSummary` (issue, signature,
per-language counts, readability, QA and accessibility findings); ``to_json()`` is
``report.json``. Any section may be empty: a run with ``--engine none`` has no machine
translations, a run without checks has no findings, and the page then says so instead
of failing. Readability, QA and accessibility arrive as their stages' own JSON.

The HTML page is built with lxml, never by concatenating strings, so every text from a
translation or a PO file is escaped. It is written in plain German for the editors,
loads nothing from the network (inline CSS, inline SVG), and is accessible: one h1 with
headings in order, tables with captions and header scopes, every chart an ``img`` with
title and description and its numbers in a table right below it, and text in another
language marked with ``lang`` and ``dir``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from lxml import etree, html

from .files import write_atomic
from .findings import by_entry
from .langs import german_name, text_direction

Element = etree._Element

#: Colours chosen for contrast on white: text 17:1, muted 8.6:1, accent 7.5:1,
#: bars 6.6:1 (graphics need 3:1, text 4.5:1, WCAG 1.4.3 and 1.4.11).
CSS = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #ffffff;
  line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem;
  overflow-wrap: anywhere; }
h1, h2, h3, h4 { line-height: 1.25; }
h2 { border-bottom: 2px solid #1f5f99; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; overflow-wrap: normal; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e8eef5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #4a4a4a; }
.harder { color: #a4000f; font-weight: bold; }
figure { margin: 1rem 0; }
figcaption { font-weight: bold; }
svg { max-width: 100%; height: auto; }
blockquote { margin: .3rem 0; padding: .3rem .8rem; border-left: 4px solid #1f5f99;
  background: #f3f6fa; }
li.flag { margin-bottom: 1rem; }
dt { font-weight: bold; margin-top: .6rem; }
div.scroll { overflow-x: auto; }
div.scroll:focus { outline: 3px solid #1f5f99; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { position: static; display: inline-block; padding: .5rem; }
footer { border-top: 1px solid #8a8a8a; margin-top: 2rem; color: #4a4a4a; }
@media (max-width: 40rem) { body { padding: .5rem; } table { font-size: .9rem; } }
@media print { nav, .skip-link { display: none; } body { max-width: none; }
  h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
"""

_BAR = "#1f5f99"
_INK = "#1a1a1a"
_SEVERITY = {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}
_STATE = {  # summary["languages"][lang] key -> column heading: where each language stands
    "route": "Weg",
    "reviewed": "geprüft",
    "machine_suggestions": "maschinell, ungeprüft",
    "untranslated": "unübersetzt",
    "segments": "Sätze",
    "words": "Wörter (Deutsch)",
}
_RUN = {  # ... and what this run did for it
    "machine_translated": "neu maschinell übersetzt",
    "reused": "schon vorhanden",
    "from_memory_exact": "aus dem Speicher, gleich",
    "from_memory_fuzzy": "aus dem Speicher, ähnlich",
    "seconds": "Sekunden",
    "off_target": "Vorschläge in falscher Sprache",
}
_SAME_FOR_ALL = ("segments", "words")  # told once in a sentence when every language agrees
_PROTECTED = (  # group in summary["languages"][lang]["protected"] -> column heading
    ("terms", "Glossarbegriffe"),
    ("facts", "Zahlen, Daten, Adressen"),
    ("tags", "Links und Hervorhebungen"),
)
_OVERVIEW = {**_STATE, **_RUN, "protected": "geschützte Stellen"}
_LABELS = {  # nested keys of the per-language counts, in German
    "facts_found": "Fakten gefunden",
    "facts_delivered": "Fakten übernommen",
    "tags_found": "Auszeichnungen gefunden",
    "tags_lost": "Auszeichnungen verloren",
    "terms": "Begriffe",
    "lost": "verloren",
}
_GERMAN = ("flesch_amstad", "wiener_sachtextformel_1")  # explained first
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- the hand-off: what a run tells the report ---------------------------------------


@dataclass
class LanguageRun:
    """Where one target language stands after the run, and what the run did for it."""

    route: str  # e.g. "de→en→tr"
    segments: int  # German sentences of the issue
    words: int  # German words of the issue
    reviewed: int
    machine_suggestions: int
    untranslated: int
    machine_translated: int = 0  # translated by the engine in this run
    reused: int = 0  # usable before this run
    from_memory_exact: int = 0
    from_memory_fuzzy: int = 0
    seconds: float = 0.0  # engine and restore time
    protected: dict[str, int] = field(default_factory=dict)  # e.g. terms_found, tags_lost
    off_target: int = 0  # fresh suggestions clearly in another language


@dataclass
class ArticleRef:
    slug: str
    title: str


@dataclass
class GlossaryUse:
    path: str
    terms: int


@dataclass
class RunSummary:
    """Everything ``report.json`` and ``report.html`` say about one run.

    ``to_json()`` gives report.json's keys as they always were (the ``glossary``,
    ``removed_languages`` and ``warnings`` keys only when the run has them).
    """

    issue: str
    created: str = ""  # ISO timestamp
    signature: dict[str, str] = field(default_factory=dict)  # engine, models, migo …
    articles: list[ArticleRef] = field(default_factory=list)
    languages: dict[str, LanguageRun] = field(default_factory=dict)
    glossary: GlossaryUse | None = None
    readability: dict = field(default_factory=dict)  # readability.assess_issue's JSON
    qa: list[dict] = field(default_factory=list)  # check findings as dicts
    a11y: list[dict] = field(default_factory=list)  # accessibility findings as dicts
    quality: list[dict] = field(default_factory=list)  # quality.LanguageQuality records as JSON
    removed_languages: list[str] | None = None  # pages of languages no longer requested
    warnings: list[str] = field(default_factory=list)  # read or skipped: the user should know

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data = {key: value for key, value in data.items()
                if value is not None or key not in ("glossary", "removed_languages")}
        if not data["warnings"]:  # only runs that have some: report.json stays as it was
            del data["warnings"]
        return data


# --- writing --------------------------------------------------------------------------


def write_report(out_dir: Path, summary: RunSummary) -> None:
    """Write ``report.json`` and ``report.html`` into ``out_dir``, each atomically."""
    out_dir = Path(out_dir)
    write_atomic(out_dir / "report.json", report_json(summary))
    write_atomic(out_dir / "report.html", report_html(summary))


def report_json(summary: RunSummary) -> str:
    """Pretty, UTF-8, sorted keys: the same summary always gives the same bytes."""
    return json.dumps(summary.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def report_html(summary: RunSummary) -> str:
    """The editor's page as a string (see :func:`build_page`)."""
    page = build_page(summary)
    return html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True)


# --- small builders -------------------------------------------------------------------


def _clean(value: Any) -> str:
    """Text lxml accepts: control characters from a broken PO file are dropped."""
    return _XML_INVALID.sub("", str(value))


def add(parent: Element, tag: str, text: Any = None, attrs: dict | None = None) -> Element:
    """Append ``<tag>`` with escaped text and attributes; return it."""
    element = etree.SubElement(parent, tag, {k: _clean(v) for k, v in (attrs or {}).items()})
    if text is not None:
        element.text = _clean(text)
    return element


class _Ids:
    """Unique, deterministic element ids, so the page is the same on every run."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"


def number(value: Any, pattern: str = "#,##0.0") -> str:
    """A number as a German reader writes it (``-8,0``, ``1.234,5``); text stays text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–" if value is None else str(value)
    if isinstance(value, int):
        pattern = "#,##0"
    elif 0 < abs(value) < 1:
        pattern = "#,##0.0##"  # 0,004 seconds, not 0,0
    return format_decimal(value, pattern, locale="de")


def percent(share: Any) -> str:
    return f"{number(100 * share)} %" if isinstance(share, int | float) else "–"


def compact(value: Any) -> str:
    """A nested value (glossary or fact counts) as one readable line."""
    if isinstance(value, dict):
        pairs = sorted(value.items())
        return "; ".join(f"{_LABELS.get(k, k)}: {compact(v)}" for k, v in pairs) or "–"
    if isinstance(value, list | tuple):
        return ", ".join(compact(v) for v in value) or "–"
    return number(value)


def table(
    parent: Element,
    caption: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    row_headers: bool = True,
) -> Element:
    """A data table with caption and scoped headers; the first column heads its row.

    A cell is a value, or an ``(value, attrs)`` pair to mark its language or class; a
    dict value (counts of glossary terms or facts) becomes a short list in its cell.
    The table sits in a keyboard-scrollable region so wide tables fit a phone.
    """
    region = add(parent, "div", None, {"class": "scroll", "role": "region",
                                       "aria-label": caption, "tabindex": "0"})  # fmt: skip
    element = add(region, "table")
    add(element, "caption", caption)
    head = add(add(element, "thead"), "tr")
    for header in headers:
        add(head, "th", header, {"scope": "col"})
    body = add(element, "tbody")
    for row in rows:
        tr = add(body, "tr")
        for i, cell in enumerate(row):
            value, attrs = cell if isinstance(cell, tuple) else (cell, {})
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if is_number:
                attrs = {"class": "num", **attrs}
            tag = "th" if i == 0 and row_headers else "td"
            if tag == "th":
                attrs = {"scope": "row", **attrs}
            if isinstance(value, dict):
                _pairs(add(tr, tag, None, attrs), value)
            else:
                add(tr, tag, number(value) if is_number else value, attrs)
    return element


def _pairs(cell: Element, value: dict) -> None:
    """Nested counts as a plain list, one "label: value" per line."""
    items = add(cell, "ul", None, {"class": "plain"})
    for key, item in sorted(value.items()):
        add(items, "li", f"{_LABELS.get(key, key)}: {compact(item)}")


# --- charts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as printed beside the bar


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    parent: Element, ids: _Ids, bars: list[Bar], title: str, desc: str, span: tuple[float, float]
) -> Element:
    """A horizontal bar chart as inline SVG with role img, title and description.

    ``span`` is the value range of the axis; it may start below zero (a Flesch value of
    -8 draws leftwards from the zero line). Labels longer than the label column are
    shortened; the full text is in the table that follows every chart.
    """
    low, high = min(span[0], *(b.value for b in bars)), max(span[1], *(b.value for b in bars))
    label_w, plot_w, row_h, top = 250, 330, 24, 8
    width, height = label_w + plot_w + 170, top * 2 + row_h * len(bars)

    def x(value: float) -> float:
        return label_w + (value - low) / ((high - low) or 1) * plot_w

    title_id, desc_id = ids("chart-title"), ids("chart-desc")
    svg = add(parent, "svg", None, {
        "role": "img", "aria-labelledby": f"{title_id} {desc_id}",
        "viewBox": f"0 0 {width} {height}", "width": str(width), "height": str(height),
        "font-size": "13",
    })  # fmt: skip
    add(svg, "title", title, {"id": title_id})
    add(svg, "desc", desc, {"id": desc_id})
    zero = x(max(low, 0.0))
    for i, bar in enumerate(bars):
        y = top + i * row_h
        start, end = sorted((zero, x(bar.value)))
        add(svg, "text", _shorten(bar.label), {
            "x": label_w - 8, "y": y + 16, "text-anchor": "end", "fill": _INK})  # fmt: skip
        add(svg, "rect", None, {
            "x": f"{start:.1f}", "y": y + 4, "width": f"{max(end - start, 1):.1f}",
            "height": row_h - 8, "fill": _BAR})  # fmt: skip
        add(svg, "text", bar.text, {"x": f"{max(end, zero) + 6:.1f}", "y": y + 16, "fill": _INK})
    add(svg, "line", None, {
        "x1": f"{zero:.1f}", "x2": f"{zero:.1f}", "y1": 0, "y2": height,
        "stroke": _INK, "stroke-width": 1})  # fmt: skip
    return svg


def figure(parent: Element, ids: _Ids, caption: str, bars: list[Bar], desc: str, span) -> None:
    """A chart with a visible caption; nothing is drawn for no data."""
    if not bars:
        return
    element = add(parent, "figure")
    add(element, "figcaption", caption)
    bar_chart(element, ids, bars, caption, desc, span)


# --- the readability data -------------------------------------------------------------


def _main(score: dict | None) -> dict | None:
    """The first (main) score of a score dict from readability.score_to_dict."""
    scores = (score or {}).get("scores") or []
    return scores[0] if scores else None


def _by_name(score: dict | None) -> dict[str, dict]:
    return {s.get("name", ""): s for s in (score or {}).get("scores") or []}


def _level_text(main: dict | None, levels: dict) -> str:
    if not main:
        return "–"
    level = main.get("level")
    return f"Stufe {level} – {levels.get(str(level), main.get('interpretation', ''))}"


def _verdict(entry: dict) -> tuple[str, dict]:
    harder = entry.get("harder_than_source")
    if harder is None:
        return "nicht bewertbar", {}
    if harder:
        return "schwerer als das Deutsche", {"class": "harder"}
    return "nicht schwerer", {}


# --- sections -------------------------------------------------------------------------


class Page:
    """Builds the report page section by section from one run summary."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        self.ids = _Ids()
        self.titles = {a.slug: a.title or a.slug for a in summary.articles}
        self.readability = summary.readability
        self.levels = self.readability.get("levels") or {}

    def title(self, slug: str) -> str:
        return self.titles.get(slug) or slug

    def build(self) -> Element:
        issue = self.summary.issue
        root = etree.Element("html", {"lang": "de"})
        head = add(root, "head")
        add(head, "meta", None, {"charset": "utf-8"})
        add(head, "meta", None, {"name": "viewport", "content": "width=device-width"})
        add(head, "title", f"Bericht zur Ausgabe {issue}".strip())
        add(head, "style", CSS)
        body = add(root, "body")
        add(body, "a", "Zum Inhalt springen", {"class": "skip-link", "href": "#inhalt"})
        header = add(body, "header")
        add(header, "h1", f"Bericht zur Ausgabe {issue}".strip())
        if self.summary.created:
            add(header, "p", _created(self.summary.created), {"class": "muted"})
        self.contents(header)
        main = add(body, "main", None, {"id": "inhalt", "tabindex": "-1"})
        self.overview(add(main, "section", None, {"id": "uebersicht"}))
        self.readability_section(add(main, "section", None, {"id": "lesbarkeit"}))
        self.qa(add(main, "section", None, {"id": "pruefung"}))
        self.quality(add(main, "section", None, {"id": "qualitaet"}))
        self.a11y(add(main, "section", None, {"id": "barrierefreiheit"}))
        self.signature(add(main, "section", None, {"id": "technik"}))
        add(add(body, "footer"), "p", "Erstellt von migo für die Redaktion. Die Seiten für "
            "die Leserinnen und Leser liegen in den Sprachordnern neben diesem Bericht.")
        return root

    def contents(self, parent: Element) -> None:
        nav = add(parent, "nav", None, {"aria-label": "Inhalt"})
        items = add(nav, "ul")
        for anchor, label in (
            ("uebersicht", "Übersicht nach Sprache"),
            ("lesbarkeit", "Lesbarkeit"),
            ("pruefung", "Prüfung der Übersetzungen"),
            ("qualitaet", "Qualität der maschinellen Vorschläge"),
            ("barrierefreiheit", "Barrierefreiheit der Seiten"),
            ("technik", "Technische Angaben"),
        ):
            add(add(items, "li"), "a", label, {"href": f"#{anchor}"})

    def overview(self, section: Element) -> None:
        """Three small tables instead of one wide one: state, this run, protected items."""
        add(section, "h2", "Übersicht nach Sprache")
        languages = {lang: asdict(row) for lang, row in sorted(self.summary.languages.items())}
        if not languages:
            add(section, "p", "Diese Ausgabe wurde in keine Sprache übersetzt.")
            return
        same = _same_for_all(languages)
        if same:
            add(section, "p", _size_sentence(same, len(self.titles)))
        state = [k for k in _STATE if k not in same]
        self._language_table(section, "Stand der Übersetzung je Sprache", languages, state)
        run = [k for k in _RUN if any(k in r for r in languages.values())]
        if run:
            self._language_table(section, "Dieser Lauf je Sprache", languages, run)
        if any("protected" in r for r in languages.values()):
            self.protected(section, languages)

    def _language_table(self, section: Element, caption: str, languages: dict,
                        keys: list[str]) -> None:
        keys = [k for k in keys if any(k in r for r in languages.values())]
        rows = [[f"{german_name(lang)} ({lang})", *(_cell(row.get(k)) for k in keys)]
                for lang, row in languages.items()]
        table(section, caption, ["Sprache", *(_OVERVIEW.get(k, k) for k in keys)], rows)

    def protected(self, section: Element, languages: dict) -> None:
        add(section, "p", "Glossarbegriffe, Zahlen, Daten, Adressen und Links werden vor der "
            "maschinellen Übersetzung geschützt und danach wieder eingesetzt. „Zu prüfen“ "
            "heißt: die Maschine hat die Stelle verloren oder der Begriff blieb deutsch; "
            "bitte im PO-Eintrag nachsehen. Gezählt wird nur, was dieser Lauf neu "
            "übersetzt hat.")  # fmt: skip
        rows = []
        for lang, row in languages.items():
            counts = row.get("protected") if isinstance(row.get("protected"), dict) else {}
            rows.append([f"{german_name(lang)} ({lang})",
                         *(_protected_cell(counts, group) for group, _ in _PROTECTED)])
        table(section, "Geschützte Stellen je Sprache",
              ["Sprache", *(label for _, label in _PROTECTED)], rows)

    # readability ------------------------------------------------------------------

    def readability_section(self, section: Element) -> None:
        add(section, "h2", "Lesbarkeit")
        if not self.readability.get("articles") and not self.readability.get("issue"):
            add(section, "p", "Für diese Ausgabe liegen keine Lesbarkeitswerte vor.")
            return
        add(section, "p", "Die Werte zeigen, welche Artikel und Sätze schwer zu lesen sind "
            "und ob eine Übersetzung schwerer zu lesen ist als der deutsche Text. Lange "
            "Sätze werden außerdem oft schlechter übersetzt.")  # fmt: skip
        self.explanations(section)
        self.german(section)
        self.translations(section)
        self.lengths(section)
        self.flags(section)
        self.longest(section)

    def explanations(self, section: Element) -> None:
        add(section, "h3", "So lesen Sie die Werte")
        terms = add(section, "dl")
        formulas = (self.readability.get("formulas") or {}).values()
        german_first = sorted(
            formulas, key=lambda f: (f.get("name") not in _GERMAN, f.get("title", ""))
        )
        for formula in german_first:
            add(terms, "dt", formula.get("title", formula.get("name", "")))
            dd = add(terms, "dd", formula.get("explanation", ""))
            if formula.get("source"):
                add(dd, "br")
                add(dd, "span", f"Quelle: {formula['source']}", {"class": "muted"})
        add(terms, "dt", "Mittlere Satzlänge")
        add(terms, "dd", "Wörter je Satz. Bis etwa 15 Wörter gelten als gut lesbar.")
        add(terms, "dt", "Anteil langer Wörter")
        add(terms, "dd", "Wörter mit mehr als sechs Buchstaben, in Prozent.")
        add(terms, "dt", "Stufe 1 bis 5")
        add(terms, "dd", "Jede Formel hat ihre eigene Skala. Damit Sprachen vergleichbar "
            "sind, ordnen wir jeden Wert nach den Bereichen der Formel-Autoren einer Stufe "
            "zu: 1 sehr leicht, 2 leicht, 3 mittel, 4 schwer, 5 sehr schwer. Eine "
            "Übersetzung gilt als schwerer als das Deutsche, wenn ihre Stufe höher ist. "
            "Das ist ein grober Hinweis, kein genaues Maß.")  # fmt: skip

    def _slugs(self) -> list[str]:
        """Articles in the issue's reading order; any others after them, sorted."""
        scored = self.readability.get("articles") or {}
        ordered = [slug for slug in self.titles if slug in scored]
        return ordered + sorted(set(scored) - set(ordered))

    def _article_langs(self) -> list[tuple[str, dict]]:
        articles = self.readability.get("articles") or {}
        return [(slug, (articles[slug] or {}).get("languages") or {}) for slug in self._slugs()]

    def german(self, section: Element) -> None:
        add(section, "h3", "Deutscher Text je Artikel")
        rows, bars = [], []
        for slug, langs in self._article_langs():
            score = (langs.get("de") or {}).get("score")
            main = _main(score)
            if not main:
                continue
            wstf = _by_name(score).get("wiener_sachtextformel_1", {}).get("value")
            bars.append(Bar(self.title(slug), main.get("value", 0.0), number(main.get("value"))))
            rows.append([
                self.title(slug), main.get("value"), wstf, score.get("sentences"),
                score.get("mean_sentence_length"), percent(score.get("long_word_share")),
                _level_text(main, self.levels),
            ])  # fmt: skip
        if not rows:
            add(section, "p", "Kein deutscher Text bewertet.")
            return
        figure(section, self.ids, "Flesch-Wert (Amstad) je Artikel, höher ist leichter", bars,
               "Balkendiagramm: ein Balken je Artikel; Werte unter 30 sind sehr schwer. "
               "Die Zahlen stehen in der Tabelle darunter.", (0, 100))  # fmt: skip
        headers = ["Artikel", "Flesch (Amstad)", "Wiener Sachtextformel", "Sätze",
                   "Wörter je Satz", "lange Wörter", "Einschätzung"]  # fmt: skip
        table(section, "Lesbarkeit des deutschen Textes je Artikel", headers, rows)

    def translations(self, section: Element) -> None:
        add(section, "h3", "Übersetzungen im Vergleich zum Deutschen")
        rows, charts, unscored = [], [], {}
        for slug, langs in self._article_langs():
            bars = []
            for lang, entry in sorted(langs.items(), key=lambda item: (item[0] != "de", item[0])):
                score = (entry or {}).get("score") or {}
                if lang != "de" and score.get("formula_known") is False:
                    unscored.setdefault(lang, []).append((slug, entry))
                    continue
                main = _main(score)
                if not main:
                    continue
                level = _level_text(main, self.levels)
                bars.append(Bar(f"{german_name(lang)} ({lang})", main.get("level", 0), level))
                if lang != "de":
                    source = _level_text(_main(entry.get("source")), self.levels)
                    rows.append([
                        self.title(slug), f"{german_name(lang)} ({lang})",
                        main.get("formula", ""), main.get("value"), level, source,
                        _verdict(entry),
                    ])  # fmt: skip
            translated = any(not bar.label.endswith("(de)") for bar in bars)
            charts.append((slug, bars if translated else []))  # German alone: no chart
        if not any(bars for _, bars in charts) and not unscored:
            add(section, "p", "Keine Übersetzung bewertet.")
            return
        for slug, bars in charts:  # figure() draws nothing for no bars
            figure(section, self.ids, f"Schwierigkeitsstufe je Sprache: {self.title(slug)}",
                   bars, "Balkendiagramm: ein Balken je Sprache, Stufe 1 sehr leicht bis 5 "
                   "sehr schwer; längere Balken sind schwerer. Die Werte stehen in der "
                   "Tabelle unter den Diagrammen.", (0, 5))  # fmt: skip
        headers = ["Artikel", "Sprache", "Formel", "Wert", "Stufe", "Stufe Deutsch", "Ergebnis"]
        if rows:
            table(section, "Übersetzungen neben dem deutschen Ausgangstext", headers, rows)
        for lang, entries in sorted(unscored.items()):
            self._without_formula(section, lang, entries)

    def _without_formula(self, section: Element, lang: str, entries: list) -> None:
        """A language migo has no formula for: said plainly, with the counts it does have."""
        name = f"{german_name(lang)} ({lang})"
        note = next((e["score"].get("note") for _, e in entries if e["score"].get("note")),
                    f"Für {name} gibt es in migo noch keine Lesbarkeitsformel; gezeigt "
                    "werden Satzlänge und Wortzahl.")
        add(section, "p", note)
        rows = []
        for slug, entry in entries:
            score, source = entry["score"], entry.get("source") or {}
            rows.append([self.title(slug), score.get("sentences"), score.get("words"),
                         score.get("mean_sentence_length"),
                         source.get("mean_sentence_length")])
        table(section, f"{name}: Satzlänge und Wortzahl je Artikel",
              ["Artikel", "Sätze", "Wörter", "Wörter je Satz", "Wörter je Satz (Deutsch)"],
              rows)

    def lengths(self, section: Element) -> None:
        add(section, "h3", "Satzlängen")
        issue = self.readability.get("issue") or {}
        german_first = sorted(issue.items(), key=lambda item: (item[0] != "de", item[0]))
        hists = {lang: (s or {}).get("histogram") or {} for lang, s in german_first}
        hists = {lang: h for lang, h in hists.items() if h.get("bins") and h.get("counts")}
        if not hists:
            add(section, "p", "Keine Satzlängen vorhanden.")
            return
        for lang, hist in hists.items():
            bars = [Bar(f"{b} Wörter", c, number(c)) for b, c in zip(hist["bins"], hist["counts"])]
            figure(section, self.ids, f"Satzlängen {german_name(lang)}: Zahl der Sätze je "
                   "Länge", bars, f"Histogramm: wie viele Sätze der Ausgabe auf "
                   f"{german_name(lang)} wie viele Wörter haben. Die Zahlen stehen in "
                   "der Tabelle unter den Diagrammen.", (0, 1))  # fmt: skip
        bins = next(iter(hists.values()))["bins"]
        rows = [[f"{german_name(lang)} ({lang})", *h["counts"]] for lang, h in hists.items()]
        table(section, "Zahl der Sätze je Satzlänge (in Wörtern) und Sprache",
              ["Sprache", *(f"{b} Wörter" for b in bins)], rows)  # fmt: skip

    def flags(self, section: Element) -> None:
        add(section, "h3", "Sätze zum Überarbeiten")
        criteria = ["mehr als {} Wörter".format(self.readability.get("max_words", 20))]
        if "long_compound_letters" in self.readability:
            criteria.append(f"Wörter ab {self.readability['long_compound_letters']} "
                            "Buchstaben ohne Bindestrich")  # fmt: skip
        if "nominal_chain" in self.readability:
            criteria.append(f"ab {self.readability['nominal_chain']} Hauptwörtern auf "
                            "-ung, -heit, -keit, -ion, -tät in einem Satz (Nominalstil)")  # fmt: skip
        add(section, "p", "Markiert werden deutsche Sätze mit " + "; ".join(criteria) + ".")
        articles = self.readability.get("articles") or {}
        flagged = [(slug, (articles[slug] or {}).get("flags") or []) for slug in self._slugs()]
        flagged = [(slug, f) for slug, f in flagged if f]
        if not flagged:
            add(section, "p", "Kein Satz ist markiert.")
            return
        for slug, flags in flagged:
            self._flag_list(section, slug, flags, articles[slug].get("sentences") or [])

    def _flag_list(self, section: Element, slug: str, flags: list, sentences: list) -> None:
        add(section, "h4", self.title(slug))
        flesch = {s.get("text"): s.get("flesch_amstad") for s in sentences if isinstance(s, dict)}
        items = add(section, "ol")
        for flag in flags:
            item = add(items, "li", None, {"class": "flag"})
            add(add(item, "blockquote"), "p", flag.get("sentence", ""))
            value = flesch.get(flag.get("sentence"))
            if value is not None:
                add(item, "p", f"Flesch-Wert dieses Satzes: {number(value)}", {"class": "muted"})
            reasons = add(item, "ul")
            for reason in flag.get("reasons") or []:
                add(reasons, "li", reason)

    def longest(self, section: Element) -> None:
        """The longest sentence per article and language, beside the German it renders."""
        rows = []
        for slug, langs in self._article_langs():
            for lang, entry in sorted(langs.items()):
                sample = (entry or {}).get("longest_sentence")
                if not sample:
                    continue
                source = (entry or {}).get("longest_sentence_source")
                source_cell = (source, {"lang": "de", "dir": "ltr"}) if source else "–"
                attrs = {"lang": lang, "dir": text_direction(lang, unknown="auto")}
                rows.append([f"{self.title(slug)} · {german_name(lang)}", (sample, attrs),
                             source_cell])
        if rows:
            add(section, "h3", "Längster Satz je Artikel und Sprache")
            table(section, "Der längste Satz, zum Gegenlesen",
                  ["Artikel · Sprache", "Satz", "Deutscher Ausgangssatz"], rows)

    # findings ---------------------------------------------------------------------

    def qa(self, section: Element) -> None:
        add(section, "h2", "Prüfung der Übersetzungen")
        self.run_warnings(section)
        findings = self.summary.qa
        if not findings:
            add(section, "p", "Keine Befunde.")
            return
        add(section, "p", _tally(findings))
        rows = []
        for location, group in by_entry(findings):  # one row per entry, all its problems
            lang = str(group[0].get("lang", ""))
            severity = "error" if any(f.get("severity") == "error" for f in group) \
                else group[0].get("severity", "")
            fuzzy = " (fuzzy)" if group[0].get("fuzzy") else ""
            rows.append([
                f"{german_name(lang)} ({lang})" if lang else "–",
                (location + fuzzy, {"dir": "auto"}),
                ", ".join(dict.fromkeys(f.get("code", "") for f in group)),
                ("; ".join(f.get("message", "") for f in group), {"dir": "auto"}),
                _SEVERITY.get(severity, severity),
            ])  # fmt: skip
        headers = ["Sprache", "Stelle", "Prüfung", "Meldung", "Schwere"]
        table(section, "Befunde der Qualitätsprüfung", headers, rows)

    def quality(self, section: Element) -> None:
        """What reviewers did with the machine suggestions (pipeline.quality), all issues."""
        add(section, "h2", "Qualität der maschinellen Vorschläge")
        records = [r for r in self.summary.quality if isinstance(r, dict)]
        if not records:
            add(section, "p", "Noch keine maschinellen Vorschläge.")
            return
        add(section, "p", "Aus der Arbeit der Prüferinnen und Prüfer, über alle Ausgaben: "
            "unverändert übernommen, nach Korrektur freigegeben, noch offen; chrF++ und TER "
            "zwischen Vorschlag und freigegebenem Text (100 bzw. 0 = unverändert).")
        headers = ["Sprache", "Ausgabe", "unverändert", "korrigiert", "offen",
                   "ohne Verlauf", "chrF++", "TER", "geänderte Wörter %"]
        rows = [[f"{german_name(r.get('lang', ''))} ({r.get('lang', '')})", t.get("issue", ""),
                 t.get("accepted_unchanged", 0), t.get("approved_edited", 0), t.get("waiting", 0),
                 t.get("unmeasured", 0), _or_dash(t.get("chrf")), _or_dash(t.get("ter")),
                 _or_dash(t.get("words_changed"))]
                for r in records for t in r.get("trend") or []]
        table(section, "Verlauf je Sprache und Ausgabe", headers, rows)
        notes = [r["recommendation"] for r in records if r.get("recommendation")]
        notes += [f"{r.get('lang')}: {r['unmeasured']} maschinelle Vorschläge ohne gespeicherte "
                  "Maschinenausgabe (PO-Datei von anderswo): nicht messbar"
                  for r in records if r.get("unmeasured")]
        if notes:
            items = add(section, "ul")
            for note in notes:
                add(items, "li", note)

    def run_warnings(self, section: Element) -> None:
        """What the run read or skipped that the editor should know (a Word article …)."""
        warnings = self.summary.warnings
        if warnings:
            add(section, "p", "Hinweise zum Lauf:")
            items = add(section, "ul")
            for warning in warnings:
                add(items, "li", warning, {"dir": "auto"})

    def a11y(self, section: Element) -> None:
        add(section, "h2", "Barrierefreiheit der Seiten")
        findings = self.summary.a11y
        if not findings:
            add(section, "p", "Keine Befunde.")
            return
        add(section, "p", _tally(findings))
        rows = [
            [f.get("page", ""), f.get("element", ""), f.get("rule", ""),
             (f.get("message", ""), {"dir": "auto"}),
             _SEVERITY.get(f.get("severity", ""), f.get("severity", ""))]
            for f in findings
        ]  # fmt: skip
        headers = ["Seite", "Element", "Regel", "Meldung", "Schwere"]
        table(section, "Befunde der Barrierefreiheitsprüfung", headers, rows)

    def signature(self, section: Element) -> None:
        add(section, "h2", "Technische Angaben")
        signature = self.summary.signature
        if not signature:
            add(section, "p", "Keine Angaben.")
            return
        add(section, "p", "Damit lässt sich ein Lauf genau wiederholen.", {"class": "muted"})
        terms = add(section, "dl")
        for key, value in sorted(signature.items()):
            add(terms, "dt", key)
            add(terms, "dd", compact(value) if isinstance(value, dict | list) else value)


def _cell(value: Any) -> Any:
    """Numbers and dicts stay as they are for :func:`table`; anything else as text."""
    if isinstance(value, int | float | dict) and not isinstance(value, bool):
        return value
    return compact(value)


def _or_dash(value: Any) -> str:
    return "–" if value is None else f"{value:.1f}"


def _same_for_all(languages: dict) -> dict[str, Any]:
    """Counts every language shares (the German sentences and words): said only once."""
    same = {}
    for key in _SAME_FOR_ALL:
        values = {repr(r[key]) for r in languages.values() if key in r}
        if len(values) == 1:
            same[key] = next(r[key] for r in languages.values() if key in r)
    return same


def _size_sentence(same: dict[str, Any], articles: int) -> str:
    parts = []
    if "segments" in same:
        parts.append(f"{number(same['segments'])} Sätze")
    if "words" in same:
        parts.append(f"{number(same['words'])} Wörter")
    issue = f"{number(articles)} Artikel, " if articles else ""
    return f"Der deutsche Text: {issue}{' und '.join(parts)}."


def _protected_cell(counts: dict, group: str) -> Any:
    """``60 von 62 erhalten, 2 zu prüfen``: protected items of one kind in one language."""
    found = counts.get(f"{group}_found") or 0
    if not found:
        return "–"
    lost = counts.get("tags_lost", 0) if group == "tags" else counts.get(f"{group}_flagged", 0)
    kept = found - lost if group == "tags" else counts.get(f"{group}_delivered", found - lost)
    text = f"{number(kept)} von {number(found)} erhalten"
    if not lost:
        return text
    # whatever the engine lost was put back; a reviewer checks where it landed
    return (f"{text}, {number(lost)} zu prüfen", {"class": "harder"})


def _created(value: Any) -> str:
    """``Erstellt am 20.04.2024 um 10:00 Uhr (UTC)`` from an ISO timestamp."""
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return f"Erstellt: {value}"
    zone = " (UTC)" if moment.utcoffset() == dt.timedelta(0) else ""
    return f"Erstellt am {moment:%d.%m.%Y} um {moment:%H:%M} Uhr{zone}"


def _tally(findings: list[dict]) -> str:
    """How many findings of each severity, for the editor to read before the table."""
    counted: dict[str, int] = {}
    for f in findings:
        name = _SEVERITY.get(f.get("severity", ""), f.get("severity") or "ohne Angabe")
        counted[name] = counted.get(name, 0) + 1
    return "Insgesamt: " + ", ".join(f"{n} × {name}" for name, n in sorted(counted.items()))


def build_page(summary: RunSummary) -> Element:
    """The whole report page as an lxml tree."""
    return Page(summary).build()
