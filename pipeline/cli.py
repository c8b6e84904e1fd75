"""The ``migo`` command: thin on purpose.

Each subcommand parses its options and calls one plain function. User errors arrive as
:class:`~pipeline.errors.MigoError` and leave as one line on stderr with the exit code the
error carries (2 bad input, 3 missing model); a traceback always means a bug.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .config import BATCH_TYPES, DEVICES, ENGINE_NAMES, find_config, init_folder, load_config
from .errors import EXIT_BAD_INPUT, EXIT_OK, InputError, MigoError

# The readability command's choices, kept here so that building the parser (for --help)
# does not import textstat and NLTK; a test checks them against pipeline.readability.
READABILITY_LANGS = ("ar", "de", "en", "fa", "pl", "ru", "tr", "uk")
READABILITY_MAX_WORDS = 20

# Options that migo.toml may set: argparse destination → key in migo.toml.
CONFIG_OPTIONS = {"to": "languages", "engine": "engine", "models": "models",
                  "glossary": "glossary", "locales": "locales", "out": "output", "tm": "tm",
                  "index": "model_index", "english": "english_variant",
                  "only": "check.only", "exclude": "check.exclude",
                  "beam_size": "translate.beam_size", "batch_size": "translate.batch_size",
                  "batch_type": "translate.batch_type",
                  "compute_type": "translate.compute_type", "device": "translate.device",
                  "threads": "translate.threads", "inter_threads": "translate.inter_threads"}
DECODING_OPTIONS = {"beam_size": "beam_size", "batch_size": "batch_size",
                    "batch_type": "batch_type", "compute_type": "compute_type",
                    "device": "device", "threads": "intra_threads",
                    "inter_threads": "inter_threads"}

EPILOG_TRANSLATE = """\
examples:
  migo translate input/2024-05
      in a folder made by 'migo init': languages and engine from migo.toml
  migo translate input/2024-04 --to en,tr,ar --engine pseudo
      try the whole flow without any model (pseudo-localised text)
  migo translate input/2024-04 --to en,tr,ar,ru,uk,pl,fa --models ~/argos-models
      machine-translate with installed Argos models, offline
  migo translate input/2024-04 --to fa --engine none
      only prepare PO files for human translators
  migo translate input/2024-04 --beam-size 1 --batch-size 64 --threads 4
      decode faster (greedy) on a machine with 4 cores
  migo translate input/2024-04 --device cuda
      on a GPU, with CTranslate2's CUDA build (pip install ctranslate2 on a CUDA machine)

Reviewed translations (PO entries without 'fuzzy') are never changed by a run.
exit codes: 0 done, 2 bad input or usage, 3 a needed model is missing.
"""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        _fill_from_config(args)
        with _sigterm_as_interrupt():
            return args.handler(args) or EXIT_OK
    except MigoError as exc:
        print(f"migo: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `migo … | head` stopped reading: nobody's mistake
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # a read-only folder, a full disk: not a bug in migo
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"migo: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("migo: interrupted; files already written are complete, nothing is "
              "half-written", file=sys.stderr)
        return 130


def _fill_from_config(args) -> None:
    """Options not given on the command line come from migo.toml, else migo's defaults.

    The file is only read for commands that have such options. Without a file, default
    paths are relative to the current folder; with one, to the file's folder.
    """
    wanted = [dest for dest in CONFIG_OPTIONS if getattr(args, dest, False) is None]
    if not wanted:
        return
    given = getattr(args, "config", None)
    config = load_config(Path(given) if given else find_config())
    for dest in wanted:
        key = CONFIG_OPTIONS[dest]
        value = config.get(key)
        if key == "glossary" and key in config.values and not value.exists():
            raise config.error(key, f"{value}: no such file or folder")
        setattr(args, dest, value)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a closing terminal) stops a run like Ctrl-C does.

    The default would end the process on the spot and leave the temporary file of a
    write in progress behind; as an exception it is removed on the way out.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (migo called from a worker)
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migo", formatter_class=_formatter,
        description="Translate a German issue of the migo magazine into community "
                    "languages, offline, with PO files for reviewers and accessible pages.",
        epilog="once:\n"
               "  migo init magazin && cd magazin   migo.toml, starter glossary, folders\n"
               "a typical month (languages, engine and folders come from migo.toml):\n"
               "  migo translate input/2024-05       translate, write pages\n"
               "  migo status 2024-05                what reviewers did\n"
               "  migo check 2024-05                 problems in PO files\n"
               "  migo translate input/2024-05       again, with reviews\n\n"
               "Run 'migo COMMAND --help' for the options and examples of each command.")
    parser.add_argument("--version", action="version", version=f"migo {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_init(commands)
    _add_translate(commands)
    _add_segment(commands)
    _add_models(commands)
    _add_readability(commands)
    _add_glossary(commands)
    _add_a11y(commands)
    _add_check(commands)
    _add_status(commands)
    _add_tm(commands)
    _add_newsletter(commands)
    _add_config_option(parser)
    return parser


def _add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` before or after the command: ``migo translate … --config x.toml``.

    SUPPRESS keeps a subcommand's unset option from hiding the one given before it.
    """
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                        help="settings file to use instead of the nearest migo.toml "
                             "(searched upward from the current folder)")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if sub.get_default("handler") is not _run_init:
                    _add_config_option(sub)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions (one paragraph) wrap to the terminal; epilogs keep their lines.

    Raw text for both printed each description as one line hundreds of characters long.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


_DEFAULT_FROM_TOML = "(default: the key in migo.toml, else %s)"


def _existing_path(value: str) -> Path:
    """A path the user typed must exist: a typo must not mean "no glossary" silently."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such file or folder")
    return path


def _formatter(prog: str) -> argparse.HelpFormatter:
    return _Formatter(prog, max_help_position=28)


# --- init -------------------------------------------------------------------

def _add_init(commands) -> None:
    cmd = commands.add_parser(
        "init", help="set up a magazine folder with migo.toml and the starter glossary",
        description="Create DIR (if needed) with migo.toml (the settings you would otherwise "
                    "type every month, each explained), input/ for the German issues, "
                    "glossaries/ with migo's starter glossary, locales/ for the PO files and "
                    "a .gitignore for output/. An existing migo.toml is never overwritten.",
        formatter_class=_formatter,
        epilog="example:\n  migo init migo-magazin && cd migo-magazin\n\n"
               "exit codes: 0 done, 2 DIR already has a migo.toml.")
    cmd.add_argument("dir", type=Path, metavar="DIR", help="the folder to set up")
    cmd.set_defaults(handler=_run_init)


def _run_init(args) -> int:
    from .config import STARTER_LANGUAGES

    init_folder(args.dir)
    issue = args.dir / "input" / "2024-05"
    print(f"Created {args.dir}/ with migo.toml, input/, glossaries/ (starter glossary), "
          "locales/ and .gitignore.\n"
          "Next:\n"
          f"  1. put the German articles of an issue into {issue}/\n"
          f"  2. cd {args.dir} && migo translate input/2024-05\n"
          f"     (into {','.join(STARTER_LANGUAGES)}: edit languages in migo.toml)\n"
          "  3. the argos engine needs models: migo models install FILE.argosmodel "
          "--models models,\n"
          '     then set models = "models" in migo.toml; to try the flow without any '
          "model:\n"
          "     migo translate input/2024-05 --engine pseudo")
    return EXIT_OK


# --- translate --------------------------------------------------------------

def _add_translate(commands) -> None:
    cmd = commands.add_parser(
        "translate", help="translate an issue folder into PO files and web pages",
        description="Read the German articles in ISSUE_DIR (.md, .html, .txt), cut them "
                    "into sentences, update the PO files in --locales, machine-translate "
                    "what has no translation yet, and write pages and a report to --out.",
        epilog=EPILOG_TRANSLATE, formatter_class=_formatter)
    cmd.add_argument("issue_dir", type=Path, metavar="ISSUE_DIR",
                     help="folder with the German articles; its name is the issue name")
    cmd.add_argument("--to", metavar="LANGS",
                     help="target languages, comma-separated ISO 639-1 codes, e.g. en,tr,ar "
                          "(default: languages in migo.toml)")
    cmd.add_argument("--engine", choices=ENGINE_NAMES,
                     help="argos: offline models; pseudo: test text, no model; none: empty "
                          "PO files for human translators (default: migo.toml, else argos)")
    cmd.add_argument("--models", type=Path, metavar="DIR",
                     help="folder of Argos packages or .argosmodel files (default: "
                          "$ARGOS_PACKAGES_DIR, else Argos's own folder)")
    cmd.add_argument("--glossary", type=_existing_path, metavar="PATH",
                     help=f"glossary CSV file or folder {_DEFAULT_FROM_TOML % 'glossaries'}")
    cmd.add_argument("--locales", type=Path, metavar="DIR",
                     help=f"where the PO files live {_DEFAULT_FROM_TOML % 'locales'}")
    cmd.add_argument("--out", type=Path, metavar="DIR",
                     help=f"where pages and the report go {_DEFAULT_FROM_TOML % 'output'}")
    cmd.add_argument("--quiet", action="store_true",
                     help="no progress bars or summary (for CI and scripts)")
    cmd.add_argument("--force", action="store_true",
                     help="run every step even if nothing changed since the last run (by "
                          "default such a run only says so: its pages and report stand)")
    cmd.add_argument("--site-url", metavar="URL",
                     help="public address of the output folder, for hreflang alternates, "
                          "Open Graph locales and sitemap.xml (default: site_url in migo.toml)")
    _add_memory_options(cmd)
    _add_english_option(cmd)
    _add_decoding_options(cmd)
    cmd.set_defaults(handler=_run_translate)


def _add_decoding_options(cmd) -> None:
    """How the argos engine decodes; also [translate] in migo.toml."""
    group = cmd.add_argument_group("decoding (argos engine; also [translate] in migo.toml)")
    group.add_argument("--beam-size", type=int, metavar="N",
                       help="beam size; 1 is greedy and fastest (default 2)")
    group.add_argument("--batch-size", type=int, metavar="N",
                       help="sentences per batch, sorted by length (default 32)")
    group.add_argument("--batch-type", choices=BATCH_TYPES,
                       help="what --batch-size counts (default examples)")
    group.add_argument("--compute-type", metavar="TYPE",
                       help="CTranslate2 compute type, e.g. int8, int8_float32, float16 "
                            "(default: the model's own, int8 for Argos models)")
    group.add_argument("--device", choices=DEVICES,
                       help="cpu, or cuda with CTranslate2's GPU build (default cpu)")
    group.add_argument("--threads", type=int, metavar="N",
                       help="threads per translator (default 1; 0: all cores)")
    group.add_argument("--inter-threads", type=int, metavar="N",
                       help="translators decoding batches in parallel, each with --threads "
                            "(default 0: one per core; 1 on cuda)")


def _decoding(args):
    """The decode settings given on the command line or in migo.toml, else the defaults."""
    from .engines import DecodeSettings

    given = {}
    for dest, field in DECODING_OPTIONS.items():
        value = getattr(args, dest, None)
        lowest = 0 if dest in ("threads", "inter_threads") else 1
        if isinstance(value, int) and value < lowest:
            raise InputError(f"--{dest.replace('_', '-')} must be at least {lowest}, not {value}")
        if value is not None:
            given[field] = value
    return DecodeSettings(**given)


def _run_translate(args) -> int:
    from .flow import RunConfig, translate_issue

    if args.to is None:
        raise InputError("no target languages: pass --to en,tr,ar or set languages in "
                         "migo.toml (migo init DIR writes one)")
    langs = args.to.split(",") if isinstance(args.to, str) else list(args.to)
    config = RunConfig(issue_dir=args.issue_dir, langs=langs, engine=args.engine,
                       models_dir=args.models, glossary_path=args.glossary,
                       locales_dir=args.locales, out_dir=args.out,
                       show_progress=not args.quiet, retranslate=args.retranslate,
                       tm_dirs=tuple(args.tm), english_variant=args.english,
                       decoding=_decoding(args),
                       site_url=args.site_url or _toml_value(args, "site_url"),
                       force=args.force)
    result = translate_issue(config)
    if result.up_to_date:
        if not args.quiet:
            print(f"Nothing changed since the last run ({result.run.created}): its PO files, "
                  "pages and report stand. --force runs every step again.")
    else:
        for warning in result.run.warnings:
            print(f"migo: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        _print_summary(result.summary, args)
        _print_site(result.archive, args)
    return EXIT_OK


def _shown(path) -> str:
    """A path as the user would type it: relative to the current folder when inside it.

    Paths from migo.toml are resolved against its folder, so they arrive absolute; an
    editor in the magazine folder reads "locales/…", not "/home/…/migo/locales/…".
    """
    if path is None:
        return "-"
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _print_summary(summary: dict, args) -> None:
    count = len(summary["articles"])
    print(f"Issue {summary['issue']}: {count} article{'s' if count != 1 else ''}.")
    glossary = summary.get("glossary") or {}
    if glossary.get("terms"):
        print(f"Glossary: {glossary['terms']} terms from {_shown(glossary['path'])}.")
    else:
        print(f"Glossary: none found at {_shown(glossary.get('path'))}: terms are not protected, "
              "numbers and dates still are. 'migo init DIR' makes a folder with migo.toml "
              "and the starter glossary.")
    for lang, row in summary["languages"].items():
        print(f"  {lang} ({row['route']}): {row['segments']} passages, "
              f"{row['reviewed']} reviewed, {row['machine_translated']} newly translated, "
              f"{row.get('from_memory_exact', 0) + row.get('from_memory_fuzzy', 0)} from "
              f"memory, {row['untranslated']} untranslated")
    print(f"PO files: {_shown(args.locales)}/<lang>/LC_MESSAGES/{summary['issue']}.po")
    print(f"Pages:    {_shown(args.out / summary['issue'] / 'index.html')}")
    if summary.get("removed_languages"):
        print("Removed pages of languages no longer requested: "
              + ", ".join(summary["removed_languages"]))
    print(f"Report:   {_shown(args.out / summary['issue'] / 'report.html')}")
    _print_qa_tally(summary.get("qa") or [], summary["issue"], args)
    findings = summary.get("a11y") or []
    if findings:
        errors = sum(1 for f in findings if f.get("severity") == "error")
        print(f"Accessibility: {len(findings)} findings ({errors} errors), listed in the "
              f"report; migo a11y {_shown(args.out / summary['issue'])} prints them")


def _add_english_option(cmd) -> None:
    cmd.add_argument("--english", choices=("en-GB", "en-US"), default=None,
                     help="how English pages write dates and times (default: en-GB, or "
                          "english_variant in migo.toml)")


def _add_memory_options(cmd) -> None:
    cmd.add_argument("--retranslate", action="store_true",
                     help="machine-translate fuzzy machine suggestions anew (approved "
                          "entries and suggestions from people or the memory stay)")
    cmd.add_argument("--tm", type=Path, action="append", metavar="DIR|FILE.tmx",
                     help="more PO files, or a TMX file, for the translation memory (may be "
                          "repeated; default: tm in migo.toml); the PO files of all issues "
                          "in --locales and the TMX files in --locales/tm always count")


# --- check and status -------------------------------------------------------

def _print_qa_tally(findings: list[dict], issue: str, args) -> None:
    if findings:
        errors = sum(1 for f in findings if f.get("severity") == "error")
        print(f"PO checks: {len(findings)} findings ({errors} errors), listed in the report; "
              f"migo check {issue} --locales {_shown(args.locales)} prints them")


def _add_check(commands) -> None:
    cmd = commands.add_parser(
        "check", help="quality checks on every entry of the PO files",
        description="Check every entry of the PO files of ISSUE (or of all issues), and "
                    "the page frame's interface catalogs, as pofilter does: inline tags, "
                    "placeholders, numbers, dates, times and money by value, glossary "
                    "terms, brackets, quotes in the language's own marks, spacing, end "
                    "punctuation both ways, capitals, added numbers, sentence count, "
                    "Persian letter forms and Arabic punctuation spacing, msgcat conflict "
                    "markers, acronyms, length, doubled words. Prints one line per "
                    "finding: file:line: severity: code: reason, with '(fuzzy entry)' "
                    "when the entry is not approved yet. Only critical checks give errors; "
                    "functional and cosmetic ones give warnings.",
        formatter_class=_formatter,
        epilog="examples:\n  migo check 2024-04\n  migo check --locales ~/review/locales\n"
               "  migo check 2024-04 --only tags,delivery,variables   (critical checks)\n"
               "  migo check 2024-04 --exclude capitals,sentences\n\n"
               + _check_names() + "\n"
               "options per check: [check] in migo.toml (length_low, length_high,\n"
               "  acronym_letters, sentences_tolerance, only, exclude)\n\n"
               "exit codes: 0 no errors (warnings are fine), 1 errors found,\n"
               "            2 a PO file is broken or there is none for ISSUE.")
    cmd.add_argument("issue", nargs="?", metavar="ISSUE",
                     help="issue name or folder, e.g. 2024-04 (default: every issue)")
    cmd.add_argument("--locales", type=Path, metavar="DIR",
                     help=f"where the PO files live {_DEFAULT_FROM_TOML % 'locales'}")
    cmd.add_argument("--glossary", type=_existing_path, metavar="PATH",
                     help=f"glossary CSV file or folder {_DEFAULT_FROM_TOML % 'glossaries'}")
    cmd.add_argument("--only", type=_name_list, metavar="CHECKS",
                     help="run only these checks, comma-separated "
                          f"{_DEFAULT_FROM_TOML % 'all'}")
    cmd.add_argument("--exclude", type=_name_list, metavar="CHECKS",
                     help="skip these checks, comma-separated "
                          f"{_DEFAULT_FROM_TOML % 'none'}")
    cmd.set_defaults(handler=_run_check)


def _name_list(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


#: ``migo check``'s checks and categories, for --help without importing the stage (which
#: loads the glossary and facts); tests/test_check_depth.py keeps it equal to check.CHECKS
CHECK_CATEGORIES = (
    ("tags", "critical"), ("delivery", "critical"), ("identical", "functional"),
    ("length", "functional"), ("doubled", "cosmetic"), ("punctuation", "cosmetic"),
    ("off-target", "functional"), ("placeholder", "critical"), ("variables", "critical"), ("compendium", "critical"),
    ("brackets", "functional"), ("quotes", "cosmetic"), ("whitespace", "cosmetic"),
    ("capitals", "cosmetic"), ("sentences", "functional"), ("numbers", "functional"),
    ("acronyms", "functional"), ("script", "cosmetic"), ("invisible", "functional"),
)


def _check_names() -> str:
    names = ", ".join(f"{name} ({category})" for name, category in CHECK_CATEGORIES)
    return textwrap.fill("checks (category): " + names, width=76, subsequent_indent="  ")


def _run_check(args) -> int:
    from .catalog import issue_po_files
    from .check import check_files, interface_files
    from .config import CHECK_OPTIONS
    from .errors import EXIT_FINDINGS
    from .findings import has_errors
    from .glossary import load_glossary

    glossary = load_glossary(args.glossary)
    paths = issue_po_files(args.locales, args.issue)
    given = getattr(args, "config", None)
    config = load_config(Path(given) if given else find_config())
    options = {key: config.get(f"check.{key}") for key in CHECK_OPTIONS}
    findings = check_files(paths + interface_files(args.locales), glossary, args.only,
                           args.exclude, options)
    for finding in findings:
        print(finding)
    print(_check_tally(findings, len(paths)), file=sys.stderr)
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _check_tally(findings, files: int) -> str:
    """One closing line, so that silence never leaves a volunteer guessing.

    It goes to stderr: stdout stays the findings alone, one per line, for tools.
    """
    where = f"{files} PO file{'s' if files != 1 else ''} (and the interface catalogs)"
    if not findings:
        return f"migo check: no problems found in {where}."
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''} (must be fixed)" if errors else "",
             f"{warnings} warning{'s' if warnings != 1 else ''} (worth a look)"
             if warnings else ""]
    return f"migo check: {' and '.join(p for p in parts if p)} in {where}."


def _add_status(commands) -> None:
    cmd = commands.add_parser(
        "status", help="how much of each language is reviewed",
        description="Per language: reviewed, fuzzy and untranslated entries of ISSUE (or "
                    "of all issues), and the share reviewed.",
        formatter_class=_formatter,
        epilog="examples:\n  migo status 2024-04\n  migo status --quality          how good the "
               "machine suggestions were\n  migo status --quality --json 2024-04\n\n"
               "exit codes: 0 done, 2 a PO file is broken or there is none for ISSUE.")
    cmd.add_argument("issue", nargs="?", metavar="ISSUE",
                     help="issue name or folder, e.g. 2024-04 (default: every issue)")
    cmd.add_argument("--locales", type=Path, metavar="DIR",
                     help=f"where the PO files live {_DEFAULT_FROM_TOML % 'locales'}")
    cmd.add_argument("--quality", action="store_true",
                     help="per language, engine and route: machine suggestions accepted "
                          "unchanged, approved after an edit, still waiting; chrF++ and TER "
                          "against the approved text; share of words changed")
    cmd.add_argument("--json", action="store_true", help="with --quality: JSON records")
    cmd.set_defaults(handler=_run_status)


def _run_status(args) -> int:
    from .catalog import issue_po_files, language_status

    if args.quality:
        return _run_quality(issue_po_files(args.locales, args.issue), args.json)
    rows = language_status(issue_po_files(args.locales, args.issue))
    print(f"{'language':<10}{'reviewed':>10}{'fuzzy':>8}{'untranslated':>14}{'reviewed %':>12}")
    for lang, row in rows.items():
        print(f"{lang:<10}{row['reviewed']:>10}{row['fuzzy']:>8}{row['untranslated']:>14}"
              f"{row['percent_reviewed']:>11.1f}%")
    return EXIT_OK


def _run_quality(paths: list[Path], as_json: bool) -> int:
    import json

    from .flow import measure_quality

    records = [q.as_dict() for q in measure_quality(paths)]
    if as_json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{'language':<9}{'engine':<8}{'route':<12}{'unchanged':>10}{'edited':>8}"
          f"{'waiting':>9}{'no history':>11}{'chrF++':>8}{'TER':>7}{'words %':>9}")
    for record in records:
        for row in record["by_engine"]:
            print(f"{record['lang']:<9}{row['engine']:<8}{row['route']:<12}"
                  f"{row['accepted_unchanged']:>10}{row['approved_edited']:>8}"
                  f"{row['waiting']:>9}{row['unmeasured']:>11}{_figure(row['chrf']):>8}"
                  f"{_figure(row['ter']):>7}{_figure(row['words_changed']):>9}")
    for record in records:
        if record["unmeasured"]:
            print(f"{record['lang']}: {record['unmeasured']} machine suggestions have no "
                  "recorded engine output (PO files from elsewhere): they cannot be measured")
        if record["recommendation"]:
            print(record["recommendation"])
    return EXIT_OK


def _figure(value) -> str:
    return "–" if value is None else f"{value:.1f}"


# --- translation memory exchange ---------------------------------------------

def _add_tm(commands) -> None:
    cmd = commands.add_parser(
        "tm", help="exchange the translation memory with CAT tools as TMX 1.4b",
        description="Export every approved translation as TMX 1.4b (OmegaT, Trados, memoQ, "
                    "Weblate read it), or import another tool's TMX: it is checked and kept "
                    "in --locales/tm/, which the memory of every run reads.",
        formatter_class=_formatter,
        epilog="examples:\n  migo tm export --tmx migo.tmx\n  migo tm export --tmx tr.tmx "
               "--lang tr,uk\n  migo tm import omegat-project.tmx\n\n"
               "exit codes: 0 done, 2 a broken PO or TMX file (named with its line).")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    exp = actions.add_parser("export", help="approved translations → TMX file",
                             formatter_class=_formatter)
    exp.add_argument("--tmx", type=Path, required=True, metavar="FILE", help="TMX file to write")
    exp.add_argument("--lang", metavar="LANGS", help="only these languages, e.g. tr,uk")
    exp.add_argument("--locales", type=Path, metavar="DIR",
                     help=f"where the PO files live {_DEFAULT_FROM_TOML % 'locales'}")
    exp.set_defaults(handler=_run_tm_export)
    imp = actions.add_parser("import", help="TMX file → memory folder --locales/tm/",
                             formatter_class=_formatter)
    imp.add_argument("tmx", type=_existing_path, metavar="FILE.tmx")
    imp.add_argument("--locales", type=Path, metavar="DIR",
                     help=f"where the PO files live {_DEFAULT_FROM_TOML % 'locales'}")
    imp.add_argument("--replace", action="store_true",
                     help="overwrite an earlier import of the same file name")
    imp.set_defaults(handler=_run_tm_import)
    cmd.set_defaults(handler=lambda args: cmd.print_help() or 2)


def _run_tm_export(args) -> int:
    from .flow import export_tmx

    langs = [code.strip() for code in args.lang.split(",") if code.strip()] if args.lang else None
    count = export_tmx(args.locales, args.tmx, langs)
    print(f"Wrote {count} translation units to {args.tmx}")
    return EXIT_OK


def _run_tm_import(args) -> int:
    from .flow import import_tmx

    count, target = import_tmx(args.tmx, args.locales, args.replace)
    print(f"Imported {count} translation units with German source into {target}")
    return EXIT_OK


# --- segment ----------------------------------------------------------------

def _add_segment(commands) -> None:
    cmd = commands.add_parser(
        "segment", help="cut German text into sentences, one per line",
        description="Read German text (paragraphs separated by blank lines) from FILE or "
                    "standard input and print every sentence on its own line, with an "
                    "empty line between paragraphs. Lines inside a paragraph are joined as "
                    "the .txt reader joins them (a list item keeps its own line), so you "
                    "see the sentences a run translates.", formatter_class=_formatter,
        epilog="example:\n  echo 'Heute (19.04.) fand die Feier statt. Um 18.30 Uhr ging "
               "es los.' | migo segment")
    cmd.add_argument("file", nargs="?", type=Path, metavar="FILE",
                     help="a UTF-8 text file (default: standard input)")
    _add_glossary_option(cmd, "its lower-case names (migo) may open a sentence")
    cmd.set_defaults(handler=_run_segment)


def _add_glossary_option(cmd, why: str) -> None:
    cmd.add_argument("--glossary", type=_existing_path, metavar="PATH",
                     help=f"glossary CSV file or folder; {why} "
                          f"{_DEFAULT_FROM_TOML % 'glossaries'}")


def _segmenter(glossary_path: Path):
    """As ``flow.segmenter_for``, without importing flow: it imports every stage."""
    from .glossary import load_glossary
    from .segment import LOWER_CASE_NAMES, Segmenter

    return Segmenter(names=LOWER_CASE_NAMES | load_glossary(glossary_path).lower_case_names())


def _run_segment(args) -> int:
    from .segment import format_segmented

    text = _read_input_text(args.file)
    output = format_segmented(text, _segmenter(args.glossary))
    sys.stdout.write(output if output.endswith("\n") or not output else output + "\n")
    return EXIT_OK


def _read_input_text(path: Path | None) -> str:
    from .read import read_text_file

    return sys.stdin.read() if path is None else read_text_file(path)


# --- a11y -------------------------------------------------------------------

def _add_a11y(commands) -> None:
    cmd = commands.add_parser(
        "a11y", help="check pages for accessibility problems (offline, no browser)",
        description="Run migo's built-in accessibility checks on one HTML page or on every "
                    ".html file under a folder: language and direction, headings, landmarks "
                    "and skip link, alt texts, link texts, contrast, font sizes and fonts, "
                    "print and narrow-screen styles, reviewed-passage marks. Prints one "
                    "line per finding: page: element: rule: message.",
        formatter_class=_formatter,
        epilog="examples:\n  migo a11y output/2024-04\n  migo a11y output/2024-04/ar/index.html"
               "\n\nexit codes: 0 no errors (warnings may be printed), 1 errors found, "
               "2 bad path.")
    cmd.add_argument("path", type=Path, metavar="PATH", help="an .html file or a folder")
    cmd.set_defaults(handler=_run_a11y)


def _run_a11y(args) -> int:
    from .a11y import check_path
    from .errors import EXIT_FINDINGS
    from .findings import has_errors

    findings = check_path(args.path)
    for finding in findings:
        print(finding)
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


# --- models -----------------------------------------------------------------

EPILOG_MODELS = """\
examples:
  migo models install tr,ar,fa
      download what German→Turkish, Arabic and Persian need (de→en, en→tr, …)
  migo models pack tr,ar,fa --out /media/usb/argos
      on a machine with internet: copy those packages and an index to a USB stick
  migo models install tr,ar,fa --index /media/usb/argos
      on an offline laptop: install from that stick, checking every checksum
  migo models list        migo models verify        migo models remove en-tr

The index is --index URL|PATH, else $ARGOS_PACKAGE_INDEX (a base URL, as for Argos),
else Argos's public index. The models folder is --models DIR, else
$ARGOS_PACKAGES_DIR, else Argos's own folder.
exit codes: 0 done, 1 verify found a broken package, 2 bad usage,
3 a model could not be obtained or verified.
"""


def _add_models(commands) -> None:
    cmd = commands.add_parser(
        "models", help="install, check and copy Argos translation models",
        description="Argos Translate packages live in a models folder. migo installs them "
                    "from the Argos index or from a USB copy of it, checks each one before "
                    "it is used, and never leaves the folder half-changed.",
        formatter_class=_formatter, epilog=EPILOG_MODELS)
    sub = cmd.add_subparsers(title="actions", metavar="ACTION")
    models_help = ("the models folder (default: models in migo.toml, else $ARGOS_PACKAGES_DIR, "
                   "else Argos's own folder)")
    index_help = ("where the package index is: a URL, an index.json, or a folder made by "
                  "'migo models pack' (default: $ARGOS_PACKAGE_INDEX, else Argos's index)")

    listing = sub.add_parser(
        "list", help="show the installed language pairs", formatter_class=_formatter,
        description="List the packages in the models folder (pair, version, size, checksum, "
                    "where it came from, which one a run uses) and the languages German "
                    "can be translated into with them.",
        epilog="example:\n  migo models list --models /media/usb/argos")
    listing.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    listing.set_defaults(handler=_run_models_list)

    install = sub.add_parser(
        "install", help="install the models some languages need", formatter_class=_formatter,
        description="Install every package the languages need to be translated from German "
                    "(de→X if it exists, else de→en and en→X), from the index or from local "
                    ".argosmodel files. Each package is downloaded into a temporary folder, "
                    "checked, and only then moved into place; installing twice does nothing.",
        epilog="examples:\n  migo models install tr,ar\n"
               "  migo models install tr --upgrade          newer versions, if any\n"
               "  migo models install tr,ar --index /media/usb/argos\n"
               "  migo models install --from /media/usb/models   every .argosmodel there\n"
               "  migo models install /media/usb/translate-en_tr-1_9.argosmodel\n\n"
               "exit codes: 0 done, 2 bad usage, 3 a model could not be obtained or verified.")
    install.add_argument("what", nargs="*", metavar="LANGS|FILE",
                         help="languages, e.g. tr,ar,fa; or .argosmodel files")
    install.add_argument("--index", metavar="URL|PATH", help=index_help)
    install.add_argument("--from", dest="from_dir", type=_existing_path, metavar="DIR",
                         help="a folder of .argosmodel files (with or without index.json)")
    install.add_argument("--upgrade", action="store_true",
                         help="replace installed packages when the index has a newer version")
    install.add_argument("--force", action="store_true",
                         help="reinstall the packages even if installed (repairs a damaged one)")
    install.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    install.add_argument("--quiet", action="store_true", help="no progress bar")
    install.set_defaults(handler=_run_models_install, to=None)  # to: migo.toml's languages

    pack = sub.add_parser(
        "pack", help="copy the models some languages need to a folder (USB stick)",
        formatter_class=_formatter,
        description="Write the .argosmodel files the languages need, each checked, and an "
                    "index.json in Argos's format with size and sha256 added, so an offline "
                    "machine can install from the folder with --index DIR.",
        epilog="example:\n  migo models pack tr,ar,fa --out /media/usb/argos")
    pack.add_argument("langs", nargs="+", metavar="LANGS", help="languages, e.g. tr,ar,fa")
    pack.add_argument("--out", type=Path, required=True, metavar="DIR",
                      help="the folder to write (created if needed)")
    pack.add_argument("--index", metavar="URL|PATH", help=index_help)
    pack.add_argument("--quiet", action="store_true", help="no progress bar")
    pack.set_defaults(handler=_run_models_pack)

    verify = sub.add_parser(
        "verify", help="check every installed package loads, translates and is unchanged",
        formatter_class=_formatter,
        description="Load every package with CTranslate2 and SentencePiece, translate a test "
                    "sentence, and compare the files with the checksum recorded at install.",
        epilog="example:\n  migo models verify --models ~/argos-models\n\n"
               "exit codes: 0 all good, 1 a package is broken (named, with the repair command).")
    verify.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    verify.set_defaults(handler=_run_models_verify)

    remove = sub.add_parser(
        "remove", help="remove an installed language pair", formatter_class=_formatter,
        description="Remove a package and say which languages can no longer be reached "
                    "from German.",
        epilog="examples:\n  migo models remove en-tr\n  migo models remove en→tr")
    remove.add_argument("pair", metavar="PAIR", help="the pair, e.g. en-tr or en→tr")
    remove.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    remove.set_defaults(handler=_run_models_remove)
    cmd.set_defaults(handler=lambda args: cmd.print_help() or 2)


def _models_dir(args) -> Path:
    from .packages import default_models_dir

    return args.models or default_models_dir()


def _run_models_list(args) -> int:
    import tempfile

    from .models import cached_index_note, describe_installed

    models_dir = _models_dir(args)
    with tempfile.TemporaryDirectory() as tmp:
        lines, reach = describe_installed(models_dir, Path(tmp))
    if cached_index_note(models_dir):
        print(cached_index_note(models_dir))
    if not lines:
        print(f"No models in {models_dir}. Install some with: migo models install tr,ar "
              f"--models {models_dir}")
        return EXIT_OK
    print(f"Models in {models_dir}:")
    for line in lines:
        print(f"  {line}")
    routes = ", ".join(f"{lang} ({route})" for lang, route in reach.items())
    print(f"German can be translated into: {routes or 'nothing yet (de→en is missing)'}")
    return EXIT_OK


def _run_models_install(args) -> int:
    from .models import (
        index_location,
        install_files,
        install_languages,
        load_index,
        parse_languages,
    )

    models_dir = _models_dir(args)
    files = [Path(w) for w in args.what  # "tr" is a language even if a file is named so
             if w.endswith(".argosmodel") or (os.sep in w and Path(w).is_file())]
    if files:
        if len(files) != len(args.what) or args.index or args.from_dir:
            raise MigoError("give either .argosmodel files or languages (with --index or "
                            "--from), not both")
        for package in install_files(files, models_dir):
            print(f"Installed {package.pair} (version {package.version or '?'}) "
                  f"into {package.path}")
        return EXIT_OK
    langs = parse_languages(args.what or list(args.to or ()))
    location = str(args.from_dir) if args.from_dir else index_location(args.index)
    index = load_index(location, models_dir)
    if not langs and args.from_dir:
        langs = sorted({e.to_code for e in index.entries if e.to_code != "de"})
    if not langs:
        raise MigoError("name the languages to install, e.g. migo models install tr,ar")
    outcome = install_languages(langs, models_dir, index, upgrade=args.upgrade,
                                force=args.force, show_progress=not args.quiet)
    for note in outcome.notes:
        print(f"Note: {note}")
    for package in outcome.kept:
        print(f"Already installed: {package.pair} (version {package.version or '?'})")
    for package in outcome.installed:
        print(f"Installed {package.pair} (version {package.version or '?'}) into {package.path}")
    print(f"Ready to translate German into {', '.join(langs)} with --models {models_dir}")
    return EXIT_OK


def _run_models_pack(args) -> int:
    from .models import index_location, load_index, pack_languages, parse_languages
    from .packages import default_models_dir

    langs = parse_languages(args.langs)
    index = load_index(index_location(args.index), default_models_dir())  # its index cache
    written = pack_languages(langs, args.out, index, show_progress=not args.quiet)
    for path in written:
        print(f"Packed {path.name}")
    print(f"Wrote {args.out / 'index.json'}. On the offline machine run: "
          f"migo models install {','.join(langs)} --index {args.out}")
    return EXIT_OK


def _run_models_verify(args) -> int:
    import tempfile

    from .errors import EXIT_FINDINGS
    from .models import repair_command, verify_models

    models_dir = _models_dir(args)
    with tempfile.TemporaryDirectory() as tmp:
        results = verify_models(models_dir, Path(tmp))
    if not results:
        print(f"No models in {models_dir}.")
        return EXIT_OK
    broken = 0
    for package, problem in results:
        name = (package.archive or package.path).name
        if problem:
            broken += 1
            print(f"BROKEN  {package.pair}  ({name})  {problem}. Repair: "
                  f"{repair_command(package, models_dir)}")
        else:
            print(f"ok      {package.pair}  ({name})")
    if broken:
        print(f"{broken} of {len(results)} packages broken", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _run_models_remove(args) -> int:
    from .models import parse_pair, removal_plan, remove_packages

    models_dir = _models_dir(args)
    packages, lost = removal_plan(parse_pair(args.pair), models_dir)
    names = ", ".join((p.archive or p.path).name for p in packages)
    print(f"Removing {packages[0].pair} ({names}). "
          + (f"German can then no longer be translated into: {', '.join(lost)}."
             if lost else "Every language stays reachable."))
    remove_packages(packages, models_dir)
    print("Removed.")
    return EXIT_OK


# --- readability ------------------------------------------------------------

def _add_readability(commands) -> None:
    cmd = commands.add_parser(
        "readability", help="score how easy a text is to read, in any output language",
        description="Score a UTF-8 text (FILE or standard input) with the published "
                    "readability formula of its language. For German, also list the "
                    "sentences worth rewriting (long sentences, long compounds, nominal "
                    "style).", formatter_class=_formatter,
        epilog="examples:\n"
               "  migo readability input/2024-04/wsc-eroeffnung.md\n"
               "  migo readability artikel-tr.txt --lang tr --json")
    cmd.add_argument("file", nargs="?", type=Path, metavar="FILE",
                     help="a UTF-8 text file (default: standard input)")
    cmd.add_argument("--lang", default="de", choices=READABILITY_LANGS,
                     help="language of the text (default: de)")
    cmd.add_argument("--max-words", type=int, default=READABILITY_MAX_WORDS, metavar="N",
                     help=f"flag German sentences over N words (default: "
                          f"{READABILITY_MAX_WORDS})")
    cmd.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_glossary_option(cmd, "German is cut into sentences as in a run")
    cmd.set_defaults(handler=_run_readability)


def _run_readability(args) -> int:
    import json

    from . import readability
    from .flow import sentences_for_scoring

    text = _read_input_text(args.file) if args.file is None else ""
    sentences = sentences_for_scoring(args.lang, args.glossary, path=args.file, text=text)
    flags = readability.flag_sentences(sentences, args.max_words) if args.lang == "de" else []
    score = readability.score_sentences(sentences, args.lang)
    if args.json:
        data = {"score": readability.score_to_dict(score),
                "flags": [readability.flag_to_dict(f) for f in flags]}
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(readability.format_text_score(score))
        if flags:
            print("\nSätze zum Überarbeiten:\n")
            print(readability.format_flags(flags))
    return EXIT_OK


# --- glossary ---------------------------------------------------------------

def _add_glossary(commands) -> None:
    cmd = commands.add_parser(
        "glossary", help="exchange the glossary with CAT tools as TBX (ISO 30042)",
        description="The glossary is CSV in glossaries/: one row per German term, one "
                    "column per language, '=' keeps the German term as written. TBX is "
                    "the exchange format of CAT tools (Trados, memoQ, Weblate, OmegaT).",
        formatter_class=_formatter,
        epilog="examples:\n  migo glossary export --tbx migo.tbx\n"
               "  migo glossary import partner-terms.tbx")
    sub = cmd.add_subparsers(title="actions", metavar="ACTION")
    export = sub.add_parser(
        "export", help="write the glossary as a TBX file", formatter_class=_formatter,
        description="Write every term of the glossary, with its translations and notes, as "
                    "TBX for Trados, memoQ, OmegaT or Weblate.",
        epilog="example:\n  migo glossary export --tbx migo-glossar.tbx")
    export.add_argument("--tbx", type=Path, required=True, metavar="FILE",
                        help="the TBX file to write (an existing file that is not TBX is "
                             "only replaced with --force)")
    export.add_argument("--force", action="store_true",
                        help="replace FILE even if it is not a TBX file")
    export.add_argument("--glossary", type=_existing_path, metavar="PATH",
                        help=f"glossary CSV file or folder {_DEFAULT_FROM_TOML % 'glossaries'}")
    export.set_defaults(handler=_run_glossary_export)
    imp = sub.add_parser(
        "import", help="turn a TBX file into a glossary CSV file", formatter_class=_formatter,
        description="Read a TBX file from a CAT tool and write it as <name>.csv into the "
                    "glossary folder, next to migo.csv; a term defined in two files is an "
                    "error.", epilog="example:\n  migo glossary import partner-begriffe.tbx")
    imp.add_argument("tbx", type=Path, metavar="FILE.tbx", help="the TBX file to read")
    imp.add_argument("--glossary", type=Path, metavar="DIR",
                     help=f"folder to write <name>.csv into {_DEFAULT_FROM_TOML % 'glossaries'}")
    imp.add_argument("--replace", action="store_true",
                     help="overwrite an existing CSV file of the same name")
    imp.set_defaults(handler=_run_glossary_import)
    cmd.set_defaults(handler=lambda args: cmd.print_help() or 2)


def _run_glossary_export(args) -> int:
    from .glossary import export_tbx, load_glossary

    glossary = load_glossary(args.glossary)
    export_tbx(glossary, args.tbx, force=args.force)
    print(f"Wrote {len(glossary)} terms to {args.tbx}")
    return EXIT_OK


def _run_glossary_import(args) -> int:
    from .glossary import import_into_folder

    imported, target = import_into_folder(args.tbx, args.glossary, replace=args.replace)
    print(f"Imported {len(imported)} terms into {target}")
    return EXIT_OK




def _toml_value(args, key: str):
    """One migo.toml key for options that CONFIG_OPTIONS does not fill."""
    given = getattr(args, "config", None)
    return load_config(Path(given) if given else find_config()).get(key)


def _print_site(site, args) -> None:
    """One line on the archive (a ``site.SiteResult``) after a translate run."""
    if site is None:
        return
    print(f"Archive:  {_shown(args.out / 'index.html')} ({len(site.written)} files written, "
          f"{site.unchanged} unchanged)")
    if site.left_out:
        print(f"No site_url: left out {', '.join(site.left_out)}; set site_url in "
              "migo.toml or pass --site-url URL")


EPILOG_NEWSLETTER = """\
examples:
  migo newsletter 2024-04 --out mail
      one .eml per language in mail/, to look at in a mail program
  migo newsletter 2024-04 --recipients clubs.csv
      dry run: who would get which language (nothing is sent)
  MIGO_SMTP_PASSWORD=… migo newsletter 2024-04 --recipients clubs.csv --send
      send over SMTP ([newsletter] in migo.toml, or --smtp HOST[:PORT])

clubs.csv has the columns club,email,language. A club whose language was not produced
gets the German original. The send log (mail/migo-ISSUE.sent.jsonl) makes a second run
send only what did not go out. Exit codes: 0 done, 1 some mails failed, 2 bad input.
"""


def _add_newsletter(commands) -> None:
    cmd = commands.add_parser(
        "newsletter", help="the issue as an e-mail per language; send it to the clubs",
        description="Make one standards-conformant e-mail (.eml) per language from the "
                    "issue's pages: plain text and HTML with inlined styles and attached "
                    "images. With --recipients, show who gets what; with --send, send.",
        epilog=EPILOG_NEWSLETTER, formatter_class=_formatter)
    cmd.add_argument("issue", metavar="ISSUE",
                     help="issue name (e.g. 2024-04) in the output folder, or its folder")
    cmd.add_argument("--to", dest="langs", metavar="LANGS",
                     help="languages to make, comma-separated (default: all of the issue)")
    cmd.add_argument("--out", dest="mail_dir", type=Path, metavar="DIR",
                     help="where the .eml files and the send log go "
                          "(default: OUTPUT/ISSUE/newsletter)")
    cmd.add_argument("--output", dest="out", type=Path, metavar="DIR",
                     help=f"the output folder of migo translate {_DEFAULT_FROM_TOML % 'output'}")
    cmd.add_argument("--recipients", type=Path, metavar="CSV",
                     help="clubs.csv with the columns club,email,language")
    cmd.add_argument("--send", action="store_true",
                     help="really send (without it, a dry run prints who would get what)")
    cmd.add_argument("--smtp", metavar="HOST[:PORT]",
                     help="SMTP server (default: newsletter.host and .port in migo.toml)")
    cmd.add_argument("--from", dest="sender", metavar="ADDRESS",
                     help="From address (default: newsletter.sender in migo.toml)")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    cmd.set_defaults(handler=_run_newsletter)


def _run_newsletter(args) -> int:
    from tqdm import tqdm

    from . import newsletter, published, send
    from .flow import PROJECT_LOCALES
    from .interface import find_interface_strings

    given = getattr(args, "config", None)
    config = load_config(Path(given) if given else find_config())
    folder = Path(args.issue) if Path(args.issue, "report.json").is_file() \
        else args.out / args.issue
    issue = published.load_issue(folder)
    recipients = send.read_recipients(args.recipients) if args.recipients else []
    langs = [c.strip() for c in args.langs.split(",") if c.strip()] if args.langs \
        else issue.langs
    pairs = send.plan(recipients, set(langs))
    needed = list(dict.fromkeys(langs + [lang for _, lang in pairs]))
    sender = args.sender or config.get("newsletter.sender")
    if not sender:
        raise InputError("no From address: set newsletter.sender in migo.toml or pass --from")
    settings = newsletter.MailSettings(sender, config.get("newsletter.unsubscribe") or "")
    locales = (config.get("locales"), PROJECT_LOCALES)
    letters = {lang: newsletter.build_newsletter(
        issue, lang, find_interface_strings(lang, locales), settings) for lang in needed}
    mail_dir = args.mail_dir or folder / "newsletter"
    for letter in letters.values():
        path = newsletter.write_newsletter(letter, mail_dir, issue.name)
        print(f"{letter.lang}: {path}")
        for note in letter.notes:
            print(f"  note: {note}")
    if not recipients:
        return EXIT_OK
    log = send.log_path(mail_dir, issue.name)
    if not args.send:
        print("\n".join(send.describe_plan(pairs, send.already_sent(log))))
        print("Dry run: nothing was sent. Add --send to send.")
        return EXIT_OK
    smtp = _smtp_settings(args, config, send)
    with tqdm(total=len(pairs), desc="Sending", unit="mail", disable=args.quiet) as bar:
        result = send.send_all(pairs, {k: v.message for k, v in letters.items()}, smtp, log,
                               progress=bar.update)
    print(f"Sent {len(result.sent)}, already sent before {len(result.skipped)}, "
          f"failed {len(result.failed)}; log: {log}")
    for recipient, problem in result.failed:
        print(f"  not sent: {recipient.club} <{recipient.email}>: {problem}", file=sys.stderr)
    if result.failed:
        print("Run the same command again to retry only these.", file=sys.stderr)
        return 1
    return EXIT_OK


def _smtp_settings(args, config, send):
    host, port = send.parse_smtp(args.smtp) if args.smtp else (
        config.get("newsletter.host"), config.get("newsletter.port"))
    if not host:
        raise InputError("no SMTP server: set newsletter.host in migo.toml or pass --smtp HOST")
    return send.SmtpSettings(host=host, port=port,
                             security=config.get("newsletter.security"),
                             user=config.get("newsletter.user") or "")


if __name__ == "__main__":
    sys.exit(main())
