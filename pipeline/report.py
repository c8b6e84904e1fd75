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
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from babel.numbers import format_decimal
from lxml import etree, html

from .files import write_atomic
from .findings import by_entry
from .langs import german_name, issue_label, text_direction

Element = etree._Element

#: Colours chosen for contrast on white: text 17:1, muted 8.6:1, accent 7.5:1,
#: bars 6.6:1 (graphics need 3:1, text 4.5:1, WCAG 1.4.3 and 1.4.11).
CSS = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #ffffff;
  line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem;
  overflow-wrap: anywhere; }
h1, h2, h3, h4 { line-height: 1.25; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.chart { margin: .5rem 0; }
.bar-row { display: grid; grid-template-columns: minmax(5rem, 14rem) minmax(3rem, 1fr) auto;
  gap: .2rem .6rem; align-items: center; font-size: .9rem; margin: .15rem 0; }
.bar-track { display: block; border-left: 2px solid #1a1a1a; }
.bar { display: block; height: 1rem; min-width: 1px; background: #1f5f99; }
.bar-value { font-variant-numeric: tabular-nums; }
.banner { border: 3px solid #a4000f; padding: .6rem .8rem; background: #fff5f5; }
.todo-lang th.lag, .todo-lang td.lag { font-weight: bold; background: #fff4d6; }
ol.findings > li { margin-bottom: 1rem; }
p.label { margin: .2rem 0 0; font-weight: bold; }
.where { font-family: ui-monospace, monospace; font-size: .9rem; }
details { margin: 1rem 0; border: 1px solid #8a8a8a; padding: .3rem .8rem; }
summary { cursor: pointer; font-weight: bold; padding: .3rem 0; }
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
@media (max-width: 40rem) { body { padding: .5rem; } table { font-size: .9rem; }
  .bar-row { grid-template-columns: 1fr auto; } .bar-label { grid-column: 1 / -1; } }
@media print { nav, .skip-link { display: none; } body { max-width: none; }
  .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
"""

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
    "decoding_flagged": "abgeschnitten oder wiederholt (QA)",
    "seconds": "Sekunden",
    "off_target": "Vorschläge in falscher Sprache",
}
_WHEN_ANY = ("decoding_flagged",)  # a column only when some language has any
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
    decoding_flagged: int = 0  # outputs that hit the length cap or loop: QA comment
    protected: dict[str, int] = field(default_factory=dict)  # e.g. terms_found, tags_lost
    off_target: int = 0  # fresh suggestions clearly in another language
    reviewed_by_article: dict[str, int] = field(default_factory=dict)  # slug → reviewed
    po_file: str = ""  # this issue's PO file of the language


@dataclass
class ArticleRef:
    slug: str
    title: str
    segments: int = 0  # its distinct German sentences: a PO entry each


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
    project: str = ""  # the folder file names are shown relative to (PO files, pages)

    @property
    def test_run(self) -> str:
        """Why this run's translations say nothing about real ones, or "" for a real run.

        The pseudo engine only accents German; migo's fixture models (metadata
        ``"test_model": true``, see tests/fixtures/models) write gibberish.
        """
        if self.signature.get("engine") == "pseudo":
            return ("die Maschine „pseudo“ hat den deutschen Text nur verfremdet, nicht "
                    "übersetzt")
        if self.signature.get("test_models"):
            return "die Übersetzungen stammen von Testmodellen mit Zufallsgewichten"
        return ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        """The summary a report.json holds: what a run with nothing to do shows again."""
        values = dict(data)
        values["articles"] = [ArticleRef(**ref) for ref in data.get("articles", [])]
        values["languages"] = {lang: LanguageRun(**run)
                               for lang, run in data.get("languages", {}).items()}
        if data.get("glossary") is not None:
            values["glossary"] = GlossaryUse(**data["glossary"])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return _plain(self.top_level())

    def top_level(self) -> dict[str, Any]:
        """The report's keys, values as they are (dataclasses inside stay dataclasses)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data = {key: value for key, value in data.items()
                if value is not None or key not in ("glossary", "removed_languages")}
        if not data["warnings"]:  # only runs that have some: report.json stays as it was
            del data["warnings"]
        return data


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copy of every leaf value.

    A whole issue's summary holds hundreds of thousands of small values (readability
    figures, findings); asdict copied each of them, a second or more per run. Leaves here
    are strings, numbers and None, which need no copy; containers are still new ones.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value  # most values: asked first, before the dataclass test
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


# --- writing --------------------------------------------------------------------------


def write_report(out_dir: Path, summary: RunSummary) -> None:
    """Write ``report.json`` and ``report.html`` into ``out_dir``, each atomically."""
    out_dir = Path(out_dir)
    write_atomic(out_dir / "report.json", report_json(summary))
    write_atomic(out_dir / "report.html", report_html(summary, out_dir))


def read_report(out_dir: Path) -> dict[str, Any]:
    """report.json as a run wrote it."""
    return orjson.loads((out_dir / "report.json").read_bytes())


def report_json(summary: RunSummary) -> str:
    """Pretty, UTF-8, sorted keys: the same summary always gives the same bytes.

    orjson, not json: the standard library's encoder is pure Python once it indents,
    and a whole issue's report (30,000 findings, 26 MB) took 0.43 s against 0.04 s,
    with the same bytes. orjson also walks the summary itself, asking
    :func:`_fields_of` for each dataclass (sorted then like any dict), instead of a
    converted copy (0.14 s more).
    """
    options = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
               | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS)
    return orjson.dumps(summary.top_level(), option=options,
                        default=_fields_of).decode("utf-8")


def _fields_of(value: Any) -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    raise TypeError(f"{type(value).__name__} is not for report.json")


def report_html(summary: RunSummary, out_dir: Path | None = None) -> str:
    """The editor's page as a string (see :func:`build_page`); links are relative to
    ``out_dir``, the report's folder."""
    page = build_page(summary, out_dir)
    return html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True)


# --- small builders -------------------------------------------------------------------


#: CLDR's names and directions never change within a run: each language is looked up
#: once, not once per finding (30,000 findings asked babel 20,000 times).
_german_name = lru_cache(maxsize=256)(german_name)


@lru_cache(maxsize=256)
def _direction(lang: str) -> str:
    """``rtl``/``ltr`` for text in ``lang``; ``auto`` lets the browser decide otherwise."""
    return text_direction(lang, unknown="auto")


def _clean(value: Any) -> str:
    """Text lxml accepts: control characters from a broken PO file are dropped.

    Printable text has none of them (a whole issue's report cleans 230,000 texts).
    """
    text = str(value)
    return text if text.isprintable() else _XML_INVALID.sub("", text)


def add(parent: Element, tag: str, text: Any = None, attrs: dict | None = None) -> Element:
    """Append ``<tag>`` with escaped text and attributes; return it."""
    element = etree.SubElement(parent, tag,
                               {k: _clean(v) for k, v in attrs.items()} if attrs else None)
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
    css: str = "",
) -> Element:
    """A data table with caption and scoped headers; the first column heads its row.

    A cell is a value, or an ``(value, attrs)`` pair to mark its language or class; a
    dict value (counts of glossary terms or facts) becomes a short list in its cell.
    The table sits in a keyboard-scrollable region so wide tables fit a phone.
    """
    region = add(parent, "div", None, {"class": "scroll", "role": "region",
                                       "aria-label": caption, "tabindex": "0"})  # fmt: skip
    element = add(region, "table", None, {"class": css} if css else None)
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
            elif isinstance(value, etree._Element):  # a link
                add(tr, tag, None, attrs).append(value)
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


def bar_chart(
    parent: Element, ids: _Ids, bars: list[Bar], title: str, desc: str, span: tuple[float, float]
) -> Element:
    """A horizontal bar chart in HTML and CSS: one row of label, bar and value per bar.

    An SVG scaled to a phone's width shrank its labels to about 6 px; here labels and
    values are text in rem that wraps and follows the reader's font size, and only the
    bar's length is drawn. ``span`` is the axis range; a value below its start (a Flesch
    value of -8) gets no bar, its number says it. The chart is one image to a screen
    reader (its title and description); the numbers are in the table that follows it.
    """
    low, high = span[0], max(span[1], *(b.value for b in bars))
    title_id, desc_id = ids("chart-title"), ids("chart-desc")
    chart = add(parent, "div", None, {"class": "chart", "role": "img",
                                      "aria-labelledby": f"{title_id} {desc_id}"})
    add(chart, "span", title, {"id": title_id, "class": "visually-hidden"})
    add(chart, "span", desc, {"id": desc_id, "class": "visually-hidden"})
    for bar in bars:
        row = add(chart, "div", None, {"class": "bar-row"})
        add(row, "span", bar.label, {"class": "bar-label"})
        share = max(0.0, min(1.0, (bar.value - low) / ((high - low) or 1)))
        track = add(row, "span", None, {"class": "bar-track"})
        add(track, "span", None, {"class": "bar", "style": f"width: {100 * share:.1f}%"})
        add(row, "span", bar.text, {"class": "bar-value"})
    return chart


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

    def __init__(self, summary: RunSummary, out_dir: Path | None = None) -> None:
        self.summary = summary
        self.out_dir = out_dir
        self.ids = _Ids()
        self.titles = {a.slug: a.title or a.slug for a in summary.articles}
        self.readability = summary.readability
        self.levels = self.readability.get("levels") or {}

    def title(self, slug: str) -> str:
        return self.titles.get(slug) or slug

    def build(self) -> Element:
        """What to do first; how the numbers came about in collapsible sections after it."""
        issue = issue_label(self.summary.issue, "de")
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
        self.banner(header)
        main = add(body, "main", None, {"id": "inhalt", "tabindex": "-1"})
        self.todo(add(main, "section", None, {"id": "zu-tun"}))
        details = add(main, "section", None, {"id": "einzelheiten"})
        add(details, "h2", "Einzelheiten")
        for anchor, label, fill in (
            ("uebersicht", "Übersicht nach Sprache: alle Zahlen dieses Laufs", self.overview),
            ("lesbarkeit", "Lesbarkeit: Formeln, Werte je Artikel und Diagramme",
             self.readability_section),
            ("pruefung", "Alle Befunde der Prüfung als Tabelle", self.qa),
            ("qualitaet", "Qualität der maschinellen Vorschläge, über alle Ausgaben",
             self.quality),
            ("technik", "Technische Angaben", self.signature),
        ):
            box = add(details, "details", None, {"id": anchor})
            add(box, "summary", label)
            fill(box)
        add(add(body, "footer"), "p", "Erstellt von migo für die Redaktion. Die Seiten für "
            "die Leserinnen und Leser liegen in den Sprachordnern neben diesem Bericht.")
        return root

    def banner(self, parent: Element) -> None:
        """A test run says so before anything else: its verdicts are about no real text."""
        why = self.summary.test_run
        if not why:
            return
        box = add(parent, "p", None, {"class": "banner", "role": "note"})
        add(box, "strong", "Testlauf: ")
        add(box, "span", f"{why[:1].upper()}{why[1:]}. Lesbarkeit und Prüfbefunde der "
            "Übersetzungen sagen darum nichts über echte Übersetzungen; für eine Ausgabe, "
            "die erscheinen soll, mit echten Argos-Modellen übersetzen.")

    # what to do ------------------------------------------------------------------

    def todo(self, section: Element) -> None:
        add(section, "h2", "Was ist zu tun")
        nav = add(section, "nav", None, {"aria-label": "Was ist zu tun"})
        items = add(nav, "ul")
        for anchor, label in (("zu-pruefen", "Prüfen je Sprache"),
                              ("je-artikel", "Fertig je Artikel"),
                              ("vereinfachen", "Sätze zum Vereinfachen"),
                              ("befunde", "Befunde der Prüfung, nach Satz"),
                              ("seiten", "Probleme auf den Seiten"),
                              ("einzelheiten", "Einzelheiten und Diagramme")):
            add(add(items, "li"), "a", label, {"href": f"#{anchor}"})
        self.run_warnings(section)
        self.review_status(section)
        self.articles_done(section)
        self.simplify(section)
        self.findings_by_sentence(section)
        self.page_problems(section)

    def _review_order(self) -> list[tuple[str, LanguageRun]]:
        """Languages by share reviewed, lowest first: what lags is read first."""
        return sorted(self.summary.languages.items(),
                      key=lambda item: (_share(item[1].reviewed, item[1].segments), item[0]))

    def review_status(self, section: Element) -> None:
        add(section, "h3", "Prüfen je Sprache", {"id": "zu-pruefen"})
        languages = self._review_order()
        if not languages:
            add(section, "p", "Diese Ausgabe wurde in keine Sprache übersetzt.")
            return
        add(section, "p", "Geprüft heißt: ein Mensch hat die Übersetzung im PO-Eintrag "
            "bestätigt. Sprachen mit „Rückstand“ (weniger als die Hälfte geprüft) stehen "
            "oben und sind hervorgehoben.")
        rows = []
        for lang, run in languages:
            share = _share(run.reviewed, run.segments)
            state = "fertig" if share >= 1 else "in Arbeit" if share >= .5 else "Rückstand"
            lag = {"class": "lag"} if state == "Rückstand" else {}
            rows.append([
                (f"{_german_name(lang)} ({lang})", lag), (state, lag),
                (f"{number(run.reviewed)} von {number(run.segments)} ({percent(share)})", lag),
                (run.untranslated, lag),
                (self._link(f"Seiten ({lang})", f"{lang}/index.html"), lag),
                (self._file_link(run.po_file), lag),
            ])  # fmt: skip
        table(section, "Geprüft je Sprache, was am meisten fehlt zuerst",
              ["Sprache", "Stand", "geprüft", "unübersetzt", "Seiten", "PO-Datei"], rows,
              css="todo-lang")

    def articles_done(self, section: Element) -> None:
        add(section, "h3", "Fertig je Artikel", {"id": "je-artikel"})
        languages = self._review_order()
        articles = [a for a in self.summary.articles if a.segments]
        if not languages or not articles:
            add(section, "p", "Keine Angaben je Artikel.")
            return
        rows = []
        for article in articles:
            cells: list[Any] = [self._link(article.title or article.slug,
                                           f"de/{article.slug}.html")]
            for _, run in languages:
                done = run.reviewed_by_article.get(article.slug, 0)
                cells.append("fertig" if done >= article.segments
                             else f"{number(done)} von {number(article.segments)}")
            rows.append(cells)
        table(section, "Geprüfte Sätze je Artikel und Sprache („fertig“: alle geprüft)",
              ["Artikel", *(f"{_german_name(lang)} ({lang})" for lang, _ in languages)], rows)

    def simplify(self, section: Element) -> None:
        add(section, "h3", "Sätze zum Vereinfachen", {"id": "vereinfachen"})
        add(section, "p", self._criteria())
        articles = self.readability.get("articles") or {}
        flagged = [(slug, (articles[slug] or {}).get("flags") or []) for slug in self._slugs()]
        flagged = [(slug, flags) for slug, flags in flagged if flags]
        if not flagged:
            add(section, "p", "Kein Satz ist markiert.")
            return
        jumps = add(section, "ul")
        anchors = {slug: self.ids("vereinfachen") for slug, _ in flagged}
        for slug, flags in flagged:
            add(add(jumps, "li"), "a", f"{self.title(slug)}: {number(len(flags))} Sätze",
                {"href": f"#{anchors[slug]}"})
        for slug, flags in flagged:
            self._flag_list(section, slug, flags, articles[slug].get("sentences") or [],
                            anchors[slug])

    def _criteria(self) -> str:
        criteria = ["mehr als {} Wörter".format(self.readability.get("max_words", 20))]
        if "long_compound_letters" in self.readability:
            criteria.append(f"Wörter ab {self.readability['long_compound_letters']} "
                            "Buchstaben ohne Bindestrich")  # fmt: skip
        if "nominal_chain" in self.readability:
            criteria.append(f"ab {self.readability['nominal_chain']} Hauptwörtern auf "
                            "-ung, -heit, -keit, -ion, -tät in einem Satz (Nominalstil)")  # fmt: skip
        return ("Lange und schwere Sätze werden oft schlecht übersetzt; kürzer geschrieben "
                "helfen sie allen. Markiert sind deutsche Sätze mit " + "; ".join(criteria)
                + ".")

    def findings_by_sentence(self, section: Element) -> None:
        add(section, "h3", "Befunde der Prüfung, nach Satz", {"id": "befunde"})
        groups = _group_findings(self.summary.qa)
        if not groups:
            add(section, "p", "Keine Befunde.")
            return
        add(section, "p", f"{_tally(self.summary.qa)}, in {number(len(groups))} "
            "Einträgen. Fehler zuerst; bitte im PO-Eintrag an der genannten Stelle "
            "nachsehen.")
        order = {lang: i for i, (lang, _) in enumerate(self._review_order())}
        by_lang: dict[str, list] = {}
        for group in groups:
            by_lang.setdefault(group["lang"], []).append(group)
        for lang in sorted(by_lang, key=lambda code: (order.get(code, len(order)), code)):
            entries = by_lang[lang]
            add(section, "h4", f"{_german_name(lang)} ({lang})" if lang else "Ohne Sprache")
            items = add(section, "ol", None, {"class": "findings"})
            for group in entries:
                self._finding_item(add(items, "li"), lang, group)

    def _finding_item(self, item: Element, lang: str, group: dict) -> None:
        if group["source"]:
            add(item, "p", "Deutsch:", {"class": "label"})
            add(add(item, "blockquote", None, {"lang": "de"}), "p", group["source"])
        if group["target"]:
            add(item, "p", "Übersetzung:", {"class": "label"})
            add(add(item, "blockquote", None,
                    {"lang": lang, "dir": _direction(lang)}),
                "p", group["target"])
        found = add(item, "ul")
        for finding in group["findings"]:
            severity = _SEVERITY.get(finding.get("severity", ""), "Hinweis")
            add(found, "li", f"{severity}: {german_finding(finding)}")
        add(item, "p", self._relative(group["location"]), {"class": "where muted"})

    def page_problems(self, section: Element) -> None:
        add(section, "h3", "Probleme auf den Seiten", {"id": "seiten"})
        findings = self.summary.a11y
        if not findings:
            add(section, "p", "Keine Probleme gefunden: die Seiten bestehen alle "
                "eingebauten Prüfungen der Barrierefreiheit.")
            return
        add(section, "p", _tally(findings) + ". Die Meldungen sind englisch.")
        rows = [
            [_page_cell(f.get("page", "")), f.get("element", ""), f.get("rule", ""),
             (f.get("message", ""), {"lang": "en", "dir": "auto"}),
             _SEVERITY.get(f.get("severity", ""), f.get("severity", ""))]
            for f in sorted(findings, key=_severity_first)
        ]  # fmt: skip
        table(section, "Befunde der Barrierefreiheitsprüfung, Fehler zuerst",
              ["Seite", "Element", "Regel", "Meldung", "Schwere"], rows, row_headers=False)

    # links ------------------------------------------------------------------------

    def _link(self, text: str, href: str) -> Element:
        element = etree.Element("a", {"href": href})
        element.text = _clean(text)
        return element

    def _relative(self, location: str) -> str:
        """``locales/tr/LC_MESSAGES/2024-04.po:12``: a path relative to the project."""
        path, line = location, ""
        if _LINE.search(location):
            path, line = location.rsplit(":", 1)
            line = f":{line}"
        return f"{_project_relative(path, self.summary.project)}{line}"

    def _file_link(self, path: str) -> Any:
        """A PO file: named relative to the project, linked relative to the report."""
        if not path:
            return "–"
        href = Path(path).as_posix()
        if self.out_dir is not None and os.path.isabs(path):
            href = Path(os.path.relpath(path, Path(self.out_dir).resolve())).as_posix()
        return self._link(self._relative(path), quote(href))

    def overview(self, section: Element) -> None:
        """Three small tables instead of one wide one: state, this run, protected items."""
        languages = {lang: asdict(row) for lang, row in sorted(self.summary.languages.items())}
        if not languages:
            add(section, "p", "Diese Ausgabe wurde in keine Sprache übersetzt.")
            return
        same = _same_for_all(languages)
        if same:
            add(section, "p", _size_sentence(same, len(self.titles)))
        state = [k for k in _STATE if k not in same]
        self._language_table(section, "Stand der Übersetzung je Sprache", languages, state)
        run = [k for k in _RUN if any(k in r for r in languages.values())
               and (k not in _WHEN_ANY or any(r.get(k) for r in languages.values()))]
        if run:
            self._language_table(section, "Dieser Lauf je Sprache", languages, run)
        if any("protected" in r for r in languages.values()):
            self.protected(section, languages)

    def _language_table(self, section: Element, caption: str, languages: dict,
                        keys: list[str]) -> None:
        keys = [k for k in keys if any(k in r for r in languages.values())]
        rows = [[f"{_german_name(lang)} ({lang})", *(_cell(row.get(k)) for k in keys)]
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
            rows.append([f"{_german_name(lang)} ({lang})",
                         *(_protected_cell(counts, group) for group, _ in _PROTECTED)])
        table(section, "Geschützte Stellen je Sprache",
              ["Sprache", *(label for _, label in _PROTECTED)], rows)

    # readability ------------------------------------------------------------------

    def readability_section(self, section: Element) -> None:
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
                bars.append(Bar(f"{_german_name(lang)} ({lang})", main.get("level", 0), level))
                if lang != "de":
                    source = _level_text(_main(entry.get("source")), self.levels)
                    rows.append([
                        self.title(slug), f"{_german_name(lang)} ({lang})",
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
        name = f"{_german_name(lang)} ({lang})"
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
        lang, hist = next(iter(hists.items()))  # German first: the text editors can change
        bars = [Bar(f"{b} Wörter", c, number(c)) for b, c in zip(hist["bins"], hist["counts"])]
        figure(section, self.ids, f"Satzlängen {_german_name(lang)}: Zahl der Sätze je "
               "Länge", bars, f"Histogramm: wie viele Sätze der Ausgabe auf "
               f"{_german_name(lang)} wie viele Wörter haben. Die Zahlen aller Sprachen "
               "stehen in der Tabelle darunter.", (0, 1))  # fmt: skip
        bins = next(iter(hists.values()))["bins"]
        rows = [[f"{_german_name(lang)} ({lang})", *h["counts"]] for lang, h in hists.items()]
        table(section, "Zahl der Sätze je Satzlänge (in Wörtern) und Sprache",
              ["Sprache", *(f"{b} Wörter" for b in bins)], rows)  # fmt: skip

    def _flag_list(self, section: Element, slug: str, flags: list, sentences: list,
                   anchor: str) -> None:
        add(section, "h4", self.title(slug), {"id": anchor})
        add(add(section, "p"), "a", "Den deutschen Artikel lesen",
            {"href": f"de/{slug}.html", "hreflang": "de"})
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
                attrs = {"lang": lang, "dir": _direction(lang)}
                rows.append([f"{self.title(slug)} · {_german_name(lang)}", (sample, attrs),
                             source_cell])
        if rows:
            add(section, "h3", "Längster Satz je Artikel und Sprache")
            table(section, "Der längste Satz, zum Gegenlesen",
                  ["Artikel · Sprache", "Satz", "Deutscher Ausgangssatz"], rows)

    # findings ---------------------------------------------------------------------

    def qa(self, section: Element) -> None:
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
                f"{_german_name(lang)} ({lang})" if lang else "–",
                (location + fuzzy, {"dir": "auto"}),
                ", ".join(dict.fromkeys(f.get("code", "") for f in group)),
                ("; ".join(f.get("message", "") for f in group), {"dir": "auto"}),
                _SEVERITY.get(severity, severity),
            ])  # fmt: skip
        headers = ["Sprache", "Stelle", "Prüfung", "Meldung", "Schwere"]
        table(section, "Befunde der Qualitätsprüfung", headers, rows)

    def quality(self, section: Element) -> None:
        """What reviewers did with the machine suggestions (pipeline.quality), all issues."""
        records = [r for r in self.summary.quality if isinstance(r, dict)]
        if not records:
            add(section, "p", "Noch keine maschinellen Vorschläge.")
            return
        add(section, "p", "Aus der Arbeit der Prüferinnen und Prüfer, über alle Ausgaben: "
            "unverändert übernommen, nach Korrektur freigegeben, noch offen; chrF++ und TER "
            "zwischen Vorschlag und freigegebenem Text (100 bzw. 0 = unverändert).")
        headers = ["Sprache", "Ausgabe", "unverändert", "korrigiert", "offen",
                   "ohne Verlauf", "chrF++", "TER", "geänderte Wörter %"]
        rows = [[f"{_german_name(r.get('lang', ''))} ({r.get('lang', '')})", t.get("issue", ""),
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

    def signature(self, section: Element) -> None:
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


_LINE = re.compile(r":\d+$")


@lru_cache(maxsize=1024)
def _project_relative(path: str, project: str) -> str:
    """``path`` relative to ``project`` when inside it: asked once per PO file, not once
    for each of its thousands of findings."""
    if project and os.path.isabs(path) and Path(path).is_relative_to(project):
        return os.path.relpath(path, project)
    return path


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


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


#: The QA checks' findings in the editors' language; the English message's quoted
#: parts (the term, the number, the word) are added to it.
_QA_GERMAN = {
    "tags": "Links oder Hervorhebungen fehlen oder sind anders gesetzt als im Deutschen",
    "term-missing": "Der Glossarbegriff fehlt",
    "number-mismatch": "Eine Zahl fehlt oder hat einen anderen Wert",
    "identical": "Die Übersetzung ist gleich dem Deutschen",
    "length": "Die Übersetzung ist viel kürzer oder länger als das Deutsche",
    "doubled": "Ein Wort steht doppelt",
    "punctuation": "Das Satzzeichen am Ende weicht vom Deutschen ab",
    "placeholder": "Ein Platzhalter der Maschine wurde nicht ersetzt",
    "untranslated": "Noch nicht übersetzt",
    "interface-placeholders": "Ein Text der Seitenoberfläche hat andere Platzhalter als "
                              "das Englische und wird darum englisch gezeigt",
    "interface-plural-forms": "Der Oberflächenkatalog hat nicht alle Pluralformen",
}
_FACT_NAMES = {
    "date": "Ein Datum", "time": "Eine Uhrzeit", "weekday": "Ein Wochentag",
    "phone": "Eine Telefonnummer", "url": "Eine Internetadresse",
    "email": "Eine E-Mail-Adresse", "citation": "Eine Gesetzesangabe",
    "identifier": "Eine Kennnummer", "money": "Ein Betrag", "percent": "Eine Prozentangabe",
}


def german_finding(finding: dict) -> str:
    """A QA finding in German: the check's meaning, with what the message quotes."""
    code, message = str(finding.get("code", "")), str(finding.get("message", ""))
    text = _QA_GERMAN.get(code)
    if text is None and code.endswith("-mismatch") and code[:-9] in _FACT_NAMES:
        text = f"{_FACT_NAMES[code[:-9]]} fehlt oder wurde verändert"
    if text is None:
        return f"{code}: {message}" if code else message
    quoted = re.findall(r'"([^"]+)"', message)
    if code == "length":
        quoted = re.findall(r"\d+\.\d+", message)
        return f"{text} ({quoted[0].replace('.', ',')}-mal so lang)" if quoted else text
    if code == "punctuation" and quoted:
        ending = f"„{quoted[1]}“" if len(quoted) > 1 else "nichts"
        return f"Das Deutsche endet mit „{quoted[0]}“, die Übersetzung mit {ending}"
    return text + (": " + ", ".join(f"„{q}“" for q in quoted) if quoted else "")


def _group_findings(findings: list[dict]) -> list[dict]:
    """One group per PO entry (language and location), errors first, then by place."""
    groups: dict[tuple[str, str], dict] = {}
    for finding in findings:
        key = (str(finding.get("lang", "")), str(finding.get("location", "")))
        group = groups.setdefault(key, {"lang": key[0], "location": key[1], "findings": [],
                                        "source": finding.get("source", ""),
                                        "target": finding.get("target", "")})
        group["findings"].append(finding)
    return sorted(groups.values(), key=lambda g: (
        min(_severity_first(f)[0] for f in g["findings"]), _place(g["location"])))


def _severity_first(finding: dict) -> tuple[int, str]:
    rank = {"error": 0, "warning": 1}.get(finding.get("severity", ""), 2)
    return rank, str(finding.get("page") or finding.get("location") or "")


def _place(location: str) -> tuple[str, int]:
    path, _, line = location.rpartition(":")
    return (path, int(line)) if line.isdigit() else (location, 0)


def _page_cell(page: str) -> Any:
    """A page named in a finding, linked when it is one of the issue's own pages."""
    if page.endswith(".html") and not os.path.isabs(page) and ".." not in page:
        link = etree.Element("a", {"href": quote(page)})
        link.text = _clean(page)
        return link
    return page


def build_page(summary: RunSummary, out_dir: Path | None = None) -> Element:
    """The whole report page as an lxml tree."""
    return Page(summary, out_dir).build()
