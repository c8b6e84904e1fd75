"""The whole flow of ``migo translate``, top to bottom.

read → segment → catalog → translate → render → check → report. Each step is one
module with one job; this function only passes the document model and plain results
between them. Everything that can fail on bad input (languages, models, glossary, PO
files) is checked before the first file is written.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from . import (
    __version__,
    a11y,
    catalog,
    check,
    facts,
    history,
    langid,
    memory,
    quality,
    readability,
    render,
    report,
    site,
    tmx,
    uptodate,
)
from .engines import DecodeSettings, Engine, make_engine
from .errors import InputError
from .files import contained_path, inside, timestamp, write_atomic
from .glossary import KEEP, Glossary, load_glossary
from .interface import InterfaceStrings, find_interface_strings
from .model import Article, Issue, Status, Translation, strip_tags
from .read import (
    SUFFIXES,
    blocks_from_text,
    issue_name,
    read_article,
    read_issue,
    read_text_file,
)
from .segment import LOWER_CASE_NAMES, Segmenter, segment_issue
from .translate import TranslateOutcome, translate_missing

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_LOCALES = PACKAGE_DIR / "locales"  # interface catalogs, package data
TM_FOLDER = memory.TM_FOLDER  # locales/tm/: imported TMX memories
CHECK_MEMO = ".migo-checks.json"  # beside report.json: each entry's check results


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs, passed explicitly: no global settings."""

    issue_dir: Path
    langs: list[str]
    engine: str = "argos"
    models_dir: Path | None = None
    glossary_path: Path = Path("glossaries")
    locales_dir: Path = Path("locales")
    out_dir: Path = Path("output")
    interface_locales: Path = PROJECT_LOCALES
    show_progress: bool = True
    max_sentence_words: int = 20
    retranslate: bool = False  # machine-translate fuzzy machine suggestions anew
    tm_dirs: tuple[Path, ...] = ()  # more PO files for the translation memory
    english_variant: str = "en-GB"  # how English writes dates and times (or "en-US")
    decoding: DecodeSettings = field(default_factory=DecodeSettings)  # beam, threads …
    site_url: str | None = None  # public address of out_dir: hreflang, sitemap, og:locale
    force: bool = False  # run every step even when nothing changed since the last run


@dataclass
class RunResult:
    issue: Issue
    run: report.RunSummary
    written: list[Path] = field(default_factory=list)
    archive: site.SiteResult | None = None  # the archive across issues, rebuilt after the report
    up_to_date: bool = False  # nothing changed since the last run: no step ran again

    @property
    def summary(self) -> dict:
        """The run summary as report.json has it (what the CLI prints from)."""
        return self.run.to_json()


def translate_issue(config: RunConfig) -> RunResult:
    """Run the whole flow on one issue folder, English dates as the config says."""
    with facts.english_variant(config.english_variant):
        return _translate_issue(config)


def _translate_issue(config: RunConfig) -> RunResult:
    langs = check_languages(config.langs)
    glossary = load_glossary(config.glossary_path)
    engine = make_engine(config.engine, config.models_dir, keep=_kept_terms(glossary),
                         settings=config.decoding)
    routes = engine.plan(langs)  # a missing model stops us before anything is written
    interface = {lang: _interface_strings(lang, config)  # broken: stop now
                 for lang in [render.SOURCE_LANG, *langs]}

    _check_output_places(config)
    out_dir = contained_path(config.out_dir, issue_name(config.issue_dir))
    sources = _sources(config, engine, glossary)  # before reading: an edit meanwhile counts
    inputs = _inputs_digest(sources, config, langs)
    if not config.force and uptodate.is_up_to_date(out_dir, inputs):
        return _unchanged_run(config, out_dir, inputs)
    issue = read_issue(config.issue_dir)
    warnings = [w for article in issue.articles for w in article.warnings]
    segment_issue(issue, segmenter_for(glossary))

    paths = catalog.CatalogPaths(config.locales_dir, issue.name)
    template = catalog.build_template(issue)
    _check_histories(config.locales_dir, langs)  # a broken one stops us before any write
    with catalog.locked(config.locales_dir):
        pairs_read: dict[Path, list[tuple[str, str]]] = {}  # memory pairs as the files were
        catalogs = {lang: _merged_catalog(template, paths, lang, pairs_read) for lang in langs}
        before = {lang: catalog.translations(c) for lang, c in catalogs.items()}
        from_memory = _fill_from_memory(catalogs, config, pairs_read)
        missing = _needing_translation(catalogs, engine, config.retranslate)
        outcome = _machine_translate(missing, engine, glossary, routes, config.show_progress)
        off_target = _flag_off_target(outcome, engine.name)
        _enter_machine_translations(catalogs, outcome, _signature(engine, glossary))
        warnings += _save_catalogs(template, catalogs, paths)
        on_disk = _as_on_disk(catalogs, paths)
        _record_history(outcome, engine, routes, paths)
        inputs = _inputs_digest(sources, config, langs)  # the PO files as this run left them
    translations = {lang: catalog.translations(c) for lang, c in catalogs.items()}

    written, interface_problems = _render(issue, config, translations, glossary, out_dir,
                                          interface)
    removed = render.remove_stale_languages(out_dir, list(translations))

    summary = report.RunSummary(
        issue=issue.name,
        created=_created(),
        signature={**_signature(engine, glossary), "migo": __version__},
        articles=[report.ArticleRef(a.slug, a.title, _unique(a.segments()))
                  for a in issue.articles],
        languages=_languages(issue, routes, before, translations, outcome, from_memory,
                             off_target),
        glossary=report.GlossaryUse(str(config.glossary_path), len(glossary)),
        readability=readability.assess_issue(_texts_by_article(issue, translations),
                                             max_words=config.max_sentence_words),
        qa=_quality_checks(on_disk, glossary, out_dir / CHECK_MEMO,
                           _check_context(sources, config), reuse=not config.force)
        + interface_problems,
        a11y=_check_accessibility(issue, config.issue_dir, written, out_dir),
        quality=[q.as_dict() for q in measure_quality(_run_po_files(config.locales_dir, langs),
                                                      on_disk)],
        removed_languages=removed,  # pages of languages no longer requested
        warnings=warnings,
        project=_project(config),
    )
    for lang, run in summary.languages.items():
        run.po_file = str(paths.po(lang))
    report.write_report(out_dir, summary)
    usable = {lang: _usable(issue, table) for lang, table in translations.items()}
    uptodate.write_state(out_dir, inputs, uptodate.output_digest(out_dir), usable)
    return RunResult(issue, summary, written, _build_site(config))


def _unchanged_run(config: RunConfig, out_dir: Path, inputs: str) -> RunResult:
    """Nothing changed since the last run: only the report is written again, saying
    what a full re-run would say (a new date, nothing translated, everything reused)."""
    state = uptodate.read_state(out_dir)
    summary = report.RunSummary.from_json(report.read_report(out_dir))
    summary.created = _created()
    summary.removed_languages = []
    summary.languages = {lang: _nothing_done(run, state["usable"][lang])
                         for lang, run in summary.languages.items()}
    report.write_report(out_dir, summary)
    uptodate.write_state(out_dir, inputs, uptodate.output_digest(out_dir), state["usable"])
    return RunResult(Issue(summary.issue, []), summary, [], _build_site(config),
                     up_to_date=True)


def _nothing_done(run: report.LanguageRun, usable: int) -> report.LanguageRun:
    """A language's figures for a run that translated and looked up nothing."""
    return dataclasses.replace(run, machine_translated=0, reused=usable, from_memory_exact=0,
                               from_memory_fuzzy=0, seconds=0.0, decoding_flagged=0,
                               protected={}, off_target=0)


def _usable(issue: Issue, table: dict[str, Translation]) -> int:
    """German sentences with a translation the pages show: the next run reuses them."""
    return sum(1 for s in issue.source_texts() if s in table and table[s].usable)


def _sources(config: RunConfig, engine: Engine, glossary: Glossary) -> dict[str, object]:
    """Everything but the PO files that decides what a run writes, as digests.

    migo's own code and package data and its dependencies' versions count too: an
    upgrade may change pages or checks. Models are taken by size and time, being large.
    """
    models_dir = getattr(engine, "models_dir", None)
    return {
        "migo": [__version__, uptodate.tree_digests(PACKAGE_DIR, skip=("__pycache__",))],
        "libraries": _library_versions(),
        "settings": _settings(config),
        "engine": engine.signature(),
        "glossary": glossary.signature(),
        "issue": uptodate.tree_digests(config.issue_dir),
        "models": uptodate.tree_digests(models_dir, by_stat=True) if models_dir else {},
        "tm": [uptodate.tree_digests(path) for path in config.tm_dirs],
        "interface": uptodate.tree_digests(config.interface_locales),
    }


def _inputs_digest(sources: dict[str, object], config: RunConfig, langs: list[str]) -> str:
    """The sources with the PO files, templates, histories and memories a run reads."""
    folders = [render.SOURCE_LANG, *langs, catalog.TEMPLATES, TM_FOLDER]
    po_files = {name: uptodate.tree_digests(config.locales_dir / name, skip=(".migo.lock",))
                for name in folders}
    return uptodate.combined({**sources, "locales": po_files})


def _settings(config: RunConfig) -> dict[str, object]:
    """The run's options that change its output (not the progress bar), and the
    reproducible-build date, which changes the dates it writes."""
    settings = {name: value for name, value in vars(config).items()
                if name not in ("show_progress", "force")}
    settings["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH", "")
    return settings


def _library_versions() -> dict[str, str]:
    found = {}
    for requirement in importlib.metadata.requires("migo") or []:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found


def _build_site(config: RunConfig) -> site.SiteResult:
    """The archive across issues, after the report: the report is the issue's manifest."""
    return site.build_site(config.out_dir, render.default_stylesheet(),
                           lambda lang: _interface_strings(lang, config), config.site_url)


def _kept_terms(glossary: Glossary):
    """Where a German text holds glossary terms kept as written ("=") in a language:
    the pseudo engine leaves them as a real engine's restored output has them."""
    def spans(text: str, lang: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in glossary.find(text)
                if m.term.constraint(lang) == KEEP]
    return spans


def segmenter_for(glossary: Glossary) -> Segmenter:
    """A segmenter that knows the glossary's lower-case names (migo may open a sentence)."""
    return Segmenter(names=LOWER_CASE_NAMES | glossary.lower_case_names())


def sentences_for_scoring(lang: str, glossary_path: Path, path: Path | None = None,
                          text: str = "") -> list[str]:
    """The sentences of one text as a run sees them, for ``migo readability``.

    Articles are read like in a run (Markdown and HTML syntax is not text); German is cut
    by our segmenter, other languages by the readability module's plain splitter. Plain
    text (a .txt file or ``text``) follows the .txt convention: first line, then
    paragraphs.
    """
    if path is not None and path.suffix.lower() in SUFFIXES and path.suffix != ".txt":
        article = read_article(path)
    else:
        body = read_text_file(path) if path is not None else text
        article = Article("text", "text", blocks_from_text(body))
    if lang != "de":
        return [s for b in article.blocks for s in readability.split_sentences(strip_tags(b.text))]
    segment_issue(Issue("text", [article]), segmenter_for(load_glossary(glossary_path)))
    return [strip_tags(s.text) for s in article.segments()]


def check_languages(langs: list[str]) -> list[str]:
    """Validate target codes early and spell each one way, as gettext names folders.

    ``EN`` and ``en`` must find the same PO files, and ``pt-BR`` is ``pt_BR`` on disk
    (pages still say ``lang="pt-BR"``); German is the source, not a target.
    """
    cleaned: list[str] = []
    for code in (code.strip() for code in langs):
        if not code:
            continue
        locale = catalog.parse_language(code)
        if locale.language == "de":
            raise InputError("German is the source language; choose other targets")
        if str(locale) not in cleaned:
            cleaned.append(str(locale))
    if not cleaned:
        raise InputError("no target language given (e.g. --to en,tr,ar)")
    return cleaned


def _merged_catalog(template, paths: catalog.CatalogPaths, lang: str,
                    pairs_read: dict[Path, list[tuple[str, str]]]):
    """The language's catalog updated to the template; the memory pairs the file held
    before the update go to ``pairs_read`` (the memory reads this file too)."""
    path = paths.po(lang)
    if not path.exists():
        return catalog.merge(template, catalog.new_catalog(lang, template.version))
    existing = catalog.read_catalog(path, lang)
    pairs_read[path] = list(catalog.memory_pairs(existing))
    return catalog.merge(template, existing)


def _fill_from_memory(catalogs, config: RunConfig,
                      pairs_read: dict[Path, list[tuple[str, str]]]
                      ) -> dict[str, list[memory.MemoryHit]]:
    """Approved translations of earlier issues (and --tm folders) go before any engine.

    Reading the memory reads every PO file of the run's languages strictly, so a broken
    file stops the run here, before anything is written. The memory finds, the catalog
    enters.
    """
    memories = {lang: memory.load_memory(config.locales_dir, lang, config.tm_dirs, pairs_read)
                for lang in catalogs}
    hits = memory.find_matches(catalogs, memories)
    for lang, cat in catalogs.items():
        catalog.enter_memory_hits(cat, hits[lang])
    return hits


def _needing_translation(catalogs, engine: Engine, retranslate: bool) -> dict[str, list[str]]:
    """Per language, the German sentences that have no usable translation yet."""
    replace_pseudo = engine.name not in ("pseudo", "none")
    return {lang: catalog.needing_translation(cat, retranslate, replace_pseudo)
            for lang, cat in catalogs.items()}


def _enter_machine_translations(catalogs, outcome: TranslateOutcome,
                                signature: dict[str, str]) -> None:
    for lang, cat in catalogs.items():
        for msgid, result in outcome.results[lang].items():
            catalog.set_machine_translation(cat, msgid, result.text, result.origin,
                                            result.problems)
        catalog.set_signature(cat, signature)


def _flag_off_target(outcome: TranslateOutcome, engine_name: str) -> dict[str, int]:
    """Name suggestions clearly in another language in a QA: comment; count them per language.

    Pseudo-localised text is no language at all, so it is not judged.
    """
    counts: dict[str, int] = {}
    if engine_name == "pseudo":
        return counts
    for lang, results in outcome.results.items():
        for msgid, result in results.items():
            found = langid.off_target(result.text, lang, source=msgid)
            if found:
                result.problems.append(f"the suggestion looks like {found}, not {lang}: "
                                       "the engine answered in the wrong language")
                counts[lang] = counts.get(lang, 0) + 1
    return counts


def _check_histories(locales_dir: Path, langs: list[str]) -> None:
    """Read every engine-output history the run will read or extend, strictly, up front.

    The quality figures read them after the pages are written; a broken line found only
    then would leave a run half done.
    """
    for path in _run_po_files(locales_dir, langs):
        history.read_history(history.history_path(path))


def _run_po_files(locales_dir: Path, langs: list[str]) -> list[Path]:
    """The PO files of every issue in the run's languages; none yet on a first run."""
    found = sorted(locales_dir.glob("*/LC_MESSAGES/*.po"))
    return [p for p in found if p.stem != catalog.INTERFACE_DOMAIN
            and p.parent.parent.name in langs]


def _record_history(outcome: TranslateOutcome, engine: Engine, routes,
                    paths: catalog.CatalogPaths) -> None:
    """Keep each fresh suggestion's exact text beside the PO file, for quality figures."""
    date = _created()
    models = engine.signature().get("models", "")
    for lang, results in outcome.results.items():
        route = routes[lang]
        used = ", ".join(m for m in models.split(", ")
                         if m.split(" ")[0] in {f"{a}→{b}" for a, b in route.pairs})
        history.record_suggestions(history.history_path(paths.po(lang)), (
            history.Suggestion(msgid, result.text, engine.name, route.label, used, date)
            for msgid, result in results.items()))


def _check_output_places(config: RunConfig) -> None:
    """Pages go to a folder of migo's own: not into the articles, nor over the PO files.

    An ``--out`` that holds the issue folder would replace an article named
    ``report.html``; one inside it would be read as articles next time; one holding the
    locales folder mixes pages with reviewers' files.
    """
    issue, out = Path(config.issue_dir).resolve(), Path(config.out_dir).resolve()
    locales = Path(config.locales_dir).resolve()
    if out == issue or inside(out, issue) or inside(issue, out):
        raise InputError("--out must be a folder apart from the issue folder (e.g. output/)",
                         config.out_dir)
    if out == locales or inside(out, locales):
        raise InputError("--out must not hold the PO files (--locales); choose another "
                         "folder", config.out_dir)


def _save_catalogs(template, catalogs, paths: catalog.CatalogPaths) -> list[str]:
    """The template first, then each language with the template's creation date.

    A PO file that is a symlink (to a shared drive, say) was read like any other, but
    is not written through: the warnings returned say so.
    """
    warnings = []
    for cat, path, is_template in [(template, paths.template, True),
                                   *((c, paths.po(lang), False) for lang, c in catalogs.items())]:
        if path.is_symlink():
            warnings.append(f"{path}: is a symlink; it was read, but not written through "
                            "(migo never writes through a link it did not make)")
            continue
        if not is_template:
            cat.creation_date = template.creation_date
        catalog.save_catalog(cat, path, template=is_template)
    return warnings


def _as_on_disk(catalogs, paths: catalog.CatalogPaths) -> dict[Path, catalog.MigoCatalog]:
    """Each language's PO file as the checks and quality figures read it.

    A catalog just saved in migo's own layout is the file, line numbers included (see
    ``pofile.generate``); parsing it again cost about a second per language in a whole
    issue. A file kept in another tool's layout, or a symlink not written through, is
    read again.
    """
    found = {}
    for lang, cat in catalogs.items():
        path = paths.po(lang)
        found[path] = (cat if cat.lines_match_file and not path.is_symlink()
                       else catalog.read_catalog(path))
    return found


def _quality_checks(on_disk: dict[Path, catalog.MigoCatalog], glossary: Glossary,
                    memo_path: Path, context: str, reuse: bool) -> list[dict]:
    """The checks of ``migo check`` on the PO files just written, for the report.

    Entries unchanged since the last run take their results from its memo (see
    :class:`check.CheckMemo`); ``--force`` checks every entry again.
    """
    memo = (check.CheckMemo.from_file(memo_path, context) if reuse
            else check.CheckMemo(context))
    findings = check.check_read(on_disk.items(), glossary, memo=memo)
    memo.save(memo_path)
    return [finding.as_dict() for finding in findings]


def _check_context(sources: dict[str, object], config: RunConfig) -> str:
    """What a check reads besides the entry: the memo's results hold only while it is
    the same."""
    return uptodate.combined({"migo": sources["migo"], "libraries": sources["libraries"],
                              "glossary": sources["glossary"],
                              "english": config.english_variant})


def _machine_translate(missing, engine: Engine, glossary: Glossary, routes,
                       show_progress: bool) -> TranslateOutcome:
    """The engine with the run's one plan: ``plan()`` runs once per run.

    One bar per hop (de→en, then en→tr …): passages done, rate and time left.
    """
    def hop_bar(label: str, total: int) -> tqdm:
        return tqdm(total=total, desc=label, unit="passage",
                    disable=not show_progress or total == 0)
    return translate_missing(missing, engine, glossary, routes, hop_bar)


def _signature(engine: Engine, glossary: Glossary) -> dict[str, str]:
    signature = dict(engine.signature())
    signature["glossary"] = f"sha256:{glossary.signature()}"
    return signature


def _render(issue, config: RunConfig, translations, glossary: Glossary, out_dir: Path,
            interface: dict[str, InterfaceStrings]):
    """Write the pages; also return the interface strings a translator got wrong.

    Such a string is shown in English on the page (a typo in ``{placeholder}`` must not
    break the page); the report names it so the translator can fix it.
    """
    pages = [render.PageSet(lang, translations[lang],
                            interface[lang],
                            glossary.kept_german_spans)
             for lang in translations]
    written = render.render_issue(issue, config.issue_dir, out_dir, pages,
                                  render.default_stylesheet(), interface[render.SOURCE_LANG])
    problems = [problem.as_dict() for strings in interface.values()
                for problem in strings.problems]
    return written, problems


def _check_accessibility(issue: Issue, source_dir: Path, written: list[Path],
                         out_dir: Path) -> list[dict]:
    """Built-in checks on the German source (images, link texts) and on every page."""
    pages = [p for p in written if p.suffix == ".html"]
    findings = a11y.check_issue(issue, source_dir) + a11y.check_files(pages, out_dir)
    return [finding.as_dict() for finding in findings]


def _interface_strings(lang: str, config: RunConfig) -> InterfaceStrings:
    """The page frame's strings: the run's locales folder may override the shipped ones."""
    return find_interface_strings(lang, (config.locales_dir, config.interface_locales))


def _texts_by_article(issue: Issue, translations: dict[str, dict[str, Translation]]):
    """Plain sentences per article and language, the German source under "de"."""
    texts: dict[str, dict[str, list[str]]] = {}
    for article in issue.articles:
        sentences = [s.text for s in article.segments()]
        per_lang = {"de": [strip_tags(s) for s in sentences]}
        for lang, table in translations.items():
            per_lang[lang] = [strip_tags(table[s].text) for s in sentences
                              if s in table and table[s].usable]
        texts[article.slug] = per_lang
    return texts


def _created() -> str:
    return timestamp().isoformat(timespec="seconds")


def _languages(issue: Issue, routes, before, translations, outcome: TranslateOutcome,
               from_memory: dict[str, list[memory.MemoryHit]],
               off_target: dict[str, int]) -> dict[str, report.LanguageRun]:
    """Per language: where it stands after the run and what the run did for it."""
    sources = issue.source_texts()
    words = sum(len(strip_tags(s).split()) for s in sources)
    languages = {}
    for lang, table in translations.items():
        fresh = outcome.results.get(lang, {})
        statuses = [table[s].status if s in table else Status.UNTRANSLATED for s in sources]
        hits = from_memory.get(lang, [])
        languages[lang] = report.LanguageRun(
            route=routes[lang].label,
            segments=len(sources),
            words=words,
            reviewed=statuses.count(Status.REVIEWED),
            machine_suggestions=statuses.count(Status.MACHINE),
            untranslated=statuses.count(Status.UNTRANSLATED),
            machine_translated=len(fresh),
            reused=sum(1 for s in sources if s not in fresh and before[lang].get(s)
                       and before[lang][s].usable),
            from_memory_exact=sum(hit.exact for hit in hits),
            from_memory_fuzzy=sum(not hit.exact for hit in hits),
            seconds=round(outcome.seconds.get(lang, 0.0), 3),
            decoding_flagged=outcome.flagged.get(lang, 0),
            protected=dict(outcome.stats.get(lang, {})),
            off_target=off_target.get(lang, 0),
            reviewed_by_article={a.slug: _unique(a.segments(), table, Status.REVIEWED)
                                 for a in issue.articles},
        )
    return languages


# --- quality and memory exchange (migo status --quality, migo tm) -------------

def measure_quality(po_files: list[Path], read: dict[Path, catalog.MigoCatalog] | None = None
                    ) -> list[quality.LanguageQuality]:
    """Quality per language from PO files and the engine-output history beside each.

    Every PO file is read strictly first; a missing history only makes its machine
    entries "unmeasured", a broken one is bad input. ``read`` holds files a run has in
    memory as they are on disk.
    """
    observations: list[quality.Observation] = []
    for path in po_files:
        po = (read or {}).get(path) or catalog.read_catalog(path)
        records = history.read_history(history.history_path(path))
        observations += quality.observe(path.stem, path.parent.parent.name,
                                        catalog.entries(po, obsolete=True), records)
    return quality.by_language(observations)


def export_tmx(locales_dir: Path, out: Path, langs: list[str] | None = None) -> int:
    """Every approved entry of every issue as TMX; returns the number of units."""
    units: dict[tuple[str, str], tmx.TranslationUnit] = {}
    for path in catalog.issue_po_files(locales_dir, None):
        lang = path.parent.parent.name
        if langs and lang not in langs:
            continue
        for entry in catalog.entries(catalog.read_catalog(path), obsolete=True):
            if not entry.approved:
                continue
            unit = units.setdefault((path.stem, entry.msgid), tmx.TranslationUnit(
                entry.msgid, props=[(tmx.ISSUE_PROP, path.stem)]
                + [(tmx.FILE_PROP, name) for name in entry.files]))
            unit.targets[lang] = entry.text
    tmx.write_tmx(out, [units[key] for key in sorted(units)], __version__)
    return len(units)


def import_tmx(source: Path, locales_dir: Path, replace: bool = False) -> tuple[int, Path]:
    """Check a TMX file and keep a copy in ``locales/tm/``, which every run's memory reads.

    A copy (not a conversion to PO) keeps the other tool's file as it was, with its
    properties, and a later export of that tool replaces it whole.
    """
    units = tmx.read_tmx(source)
    target = locales_dir / TM_FOLDER / source.name
    if target.exists() and not replace and target.resolve() != source.resolve():
        raise InputError("a memory of this name was imported before; add --replace to "
                         "overwrite it", target)
    write_atomic(target, source.read_bytes())
    return len(units), target


def _unique(segments, table=None, status: Status | None = None) -> int:
    """An article's distinct German sentences (a PO entry each), those of one status."""
    texts = {s.text for s in segments}
    if table is None:
        return len(texts)
    return sum(1 for t in texts if t in table and table[t].status is status)


def _project(config: RunConfig) -> str:
    """The folder the report names files relative to: the one holding PO files and pages
    (where migo.toml lives in a folder made by ``migo init``)."""
    return os.path.commonpath([config.locales_dir.resolve(), config.out_dir.resolve()])
