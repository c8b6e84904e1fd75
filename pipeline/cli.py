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
import threading
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .engines import ENGINES
from .errors import EXIT_BAD_INPUT, EXIT_OK, MigoError

EPILOG_TRANSLATE = """\
examples:
  migo translate input/2024-04 --to en,tr,ar --engine pseudo
      try the whole flow without any model (pseudo-localised text)
  migo translate input/2024-04 --to en,tr,ar,ru,uk,pl,fa --models ~/argos-models
      machine-translate with installed Argos models, offline
  migo translate input/2024-04 --to fa --engine none
      only prepare PO files for human translators

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
        epilog="a typical month:\n"
               "  migo translate input/2024-05 --to en,tr,ar,ru,uk,pl,fa   translate, write pages\n"
               "  migo status 2024-05                                     what reviewers did\n"
               "  migo check 2024-05                                      problems in PO files\n"
               "  migo translate input/2024-05 --to en,tr,ar,ru,uk,pl,fa   again, with reviews\n\n"
               "Run 'migo COMMAND --help' for the options and examples of each command.")
    parser.add_argument("--version", action="version", version=f"migo {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_translate(commands)
    _add_segment(commands)
    _add_models(commands)
    _add_readability(commands)
    _add_glossary(commands)
    _add_a11y(commands)
    _add_check(commands)
    _add_status(commands)
    return parser


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions (one paragraph) wrap to the terminal; epilogs keep their lines.

    Raw text for both printed each description as one line hundreds of characters long.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def _existing_path(value: str) -> Path:
    """A path the user typed must exist: a typo must not mean "no glossary" silently."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such file or folder")
    return path


def _formatter(prog: str) -> argparse.HelpFormatter:
    return _Formatter(prog, max_help_position=28)


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
    cmd.add_argument("--to", required=True, metavar="LANGS",
                     help="target languages, comma-separated ISO 639-1 codes, e.g. en,tr,ar")
    cmd.add_argument("--engine", choices=sorted(ENGINES), default="argos",
                     help="argos: offline models; pseudo: test text, no model; none: empty "
                          "PO files for human translators (default: %(default)s)")
    cmd.add_argument("--models", type=Path, metavar="DIR",
                     help="folder of Argos packages or .argosmodel files (default: "
                          "$ARGOS_PACKAGES_DIR, else Argos's own folder)")
    cmd.add_argument("--glossary", type=_existing_path, default=Path("glossaries"), metavar="PATH",
                     help="glossary CSV file or folder (default: %(default)s)")
    cmd.add_argument("--locales", type=Path, default=Path("locales"), metavar="DIR",
                     help="where the PO files live (default: %(default)s)")
    cmd.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                     help="where pages and the report go (default: %(default)s)")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    _add_memory_options(cmd)
    cmd.set_defaults(handler=_run_translate)


def _run_translate(args) -> int:
    from .flow import RunConfig, translate_issue

    config = RunConfig(issue_dir=args.issue_dir, langs=args.to.split(","), engine=args.engine,
                       models_dir=args.models, glossary_path=args.glossary,
                       locales_dir=args.locales, out_dir=args.out,
                       show_progress=not args.quiet, retranslate=args.retranslate,
                       tm_dirs=tuple(args.tm))
    result = translate_issue(config)
    if not args.quiet:
        _print_summary(result.summary, args)
    return EXIT_OK


def _print_summary(summary: dict, args) -> None:
    count = len(summary["articles"])
    print(f"Issue {summary['issue']}: {count} article{'s' if count != 1 else ''}.")
    glossary = summary.get("glossary") or {}
    if glossary.get("terms"):
        print(f"Glossary: {glossary['terms']} terms from {glossary['path']}.")
    else:
        print(f"Glossary: none found at {glossary.get('path')}: terms are not protected, "
              "numbers and dates still are.")
    for lang, row in summary["languages"].items():
        print(f"  {lang} ({row['route']}): {row['segments']} sentences, "
              f"{row['reviewed']} reviewed, {row['machine_translated']} newly translated, "
              f"{row.get('from_memory_exact', 0) + row.get('from_memory_fuzzy', 0)} from "
              f"memory, {row['untranslated']} untranslated")
    print(f"PO files: {args.locales}/<lang>/LC_MESSAGES/{summary['issue']}.po")
    print(f"Pages:    {args.out / summary['issue'] / 'index.html'}")
    print(f"Report:   {args.out / summary['issue'] / 'report.html'}")
    _print_qa_tally(summary.get("qa") or [], summary["issue"], args)
    findings = summary.get("a11y") or []
    if findings:
        errors = sum(1 for f in findings if f.get("severity") == "error")
        print(f"Accessibility: {len(findings)} findings ({errors} errors), listed in the "
              f"report; migo a11y {args.out / summary['issue']} prints them")


def _add_memory_options(cmd) -> None:
    cmd.add_argument("--retranslate", action="store_true",
                     help="machine-translate fuzzy machine suggestions anew (approved "
                          "entries and suggestions from people or the memory stay)")
    cmd.add_argument("--tm", type=Path, action="append", default=[], metavar="DIR",
                     help="more PO files for the translation memory (may be repeated); "
                          "the PO files of all issues in --locales always count")


# --- check and status -------------------------------------------------------

def _print_qa_tally(findings: list[dict], issue: str, args) -> None:
    if findings:
        errors = sum(1 for f in findings if f.get("severity") == "error")
        print(f"PO checks: {len(findings)} findings ({errors} errors), listed in the report; "
              f"migo check {issue} --locales {args.locales} prints them")


def _add_check(commands) -> None:
    cmd = commands.add_parser(
        "check", help="quality checks on every entry of the PO files",
        description="Check every entry of the PO files of ISSUE (or of all issues): inline "
                    "tags, glossary terms, numbers, URLs and e-mails, untranslated or "
                    "unchanged text, length, doubled words, final punctuation, leftover "
                    "placeholders. Prints one line per finding: file:line: severity: "
                    "code: reason.",
        formatter_class=_formatter,
        epilog="examples:\n  migo check 2024-04\n  migo check --locales ~/review/locales\n\n"
               "exit codes: 0 no errors (warnings are fine), 1 errors found,\n"
               "            2 a PO file is broken or there is none for ISSUE.")
    cmd.add_argument("issue", nargs="?", metavar="ISSUE",
                     help="issue name or folder, e.g. 2024-04 (default: every issue)")
    cmd.add_argument("--locales", type=Path, default=Path("locales"), metavar="DIR",
                     help="where the PO files live (default: %(default)s)")
    cmd.add_argument("--glossary", type=_existing_path, default=Path("glossaries"), metavar="PATH",
                     help="glossary CSV file or folder (default: %(default)s)")
    cmd.set_defaults(handler=_run_check)


def _run_check(args) -> int:
    from .catalog import issue_po_files
    from .check import check_files, has_errors
    from .errors import EXIT_FINDINGS
    from .glossary import load_glossary

    glossary = load_glossary(args.glossary)
    paths = issue_po_files(args.locales, args.issue)
    findings = check_files(paths, glossary)
    for finding in findings:
        print(finding)
    print(_check_tally(findings, len(paths)), file=sys.stderr)
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _check_tally(findings, files: int) -> str:
    """One closing line, so that silence never leaves a volunteer guessing.

    It goes to stderr: stdout stays the findings alone, one per line, for tools.
    """
    where = f"{files} PO file{'s' if files != 1 else ''}"
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
        epilog="example:\n  migo status 2024-04\n\nexit codes: 0 done, 2 a PO file is broken or "
               "there is none for ISSUE.")
    cmd.add_argument("issue", nargs="?", metavar="ISSUE",
                     help="issue name or folder, e.g. 2024-04 (default: every issue)")
    cmd.add_argument("--locales", type=Path, default=Path("locales"), metavar="DIR",
                     help="where the PO files live (default: %(default)s)")
    cmd.set_defaults(handler=_run_status)


def _run_status(args) -> int:
    from .catalog import issue_po_files, language_status

    rows = language_status(issue_po_files(args.locales, args.issue))
    print(f"{'language':<10}{'reviewed':>10}{'fuzzy':>8}{'untranslated':>14}{'reviewed %':>12}")
    for lang, row in rows.items():
        print(f"{lang:<10}{row['reviewed']:>10}{row['fuzzy']:>8}{row['untranslated']:>14}"
              f"{row['percent_reviewed']:>11.1f}%")
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
    cmd.add_argument("--glossary", type=_existing_path, default=Path("glossaries"), metavar="PATH",
                     help=f"glossary CSV file or folder; {why} (default: %(default)s)")


def _segmenter(glossary_path: Path):
    from .flow import segmenter_for
    from .glossary import load_glossary

    return segmenter_for(load_glossary(glossary_path))


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
    from .a11y import check_path, has_errors
    from .errors import EXIT_FINDINGS

    findings = check_path(args.path)
    for finding in findings:
        print(finding.line())
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


# --- models -----------------------------------------------------------------

def _add_models(commands) -> None:
    cmd = commands.add_parser(
        "models", help="list or install Argos translation models (offline)",
        description="Argos Translate packages live in a models folder: --models DIR, else "
                    "$ARGOS_PACKAGES_DIR, else Argos's own default folder.",
        formatter_class=_formatter,
        epilog="examples:\n  migo models list\n"
               "  migo models install /media/usb/translate-en_tr-1_9.argosmodel")
    sub = cmd.add_subparsers(title="actions", metavar="ACTION")
    listing = sub.add_parser(
        "list", help="show the installed language pairs", formatter_class=_formatter,
        description="List the language pairs in the models folder, with their versions, "
                    "and say which one a run uses when a pair is there twice.",
        epilog="example:\n  migo models list --models /media/usb/argos")
    models_help = "the models folder (default: $ARGOS_PACKAGES_DIR, else Argos's own folder)"
    listing.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    listing.set_defaults(handler=_run_models_list)
    install = sub.add_parser(
        "install", help="install a local .argosmodel file, offline", formatter_class=_formatter,
        description="Unpack an Argos Translate package file into the models folder. Nothing "
                    "is downloaded: copy the file from a machine with internet first.",
        epilog="example:\n  migo models install /media/usb/translate-en_tr-1_9.argosmodel")
    install.add_argument("file", type=Path, metavar="FILE.argosmodel",
                         help="an Argos Translate package file, e.g. from a USB stick")
    install.add_argument("--models", type=Path, metavar="DIR", help=models_help)
    install.set_defaults(handler=_run_models_install)
    cmd.set_defaults(handler=lambda args: cmd.print_help() or 2)


def _run_models_list(args) -> int:
    import tempfile

    from .packages import default_models_dir, describe_packages, find_packages

    models_dir = args.models or default_models_dir()
    with tempfile.TemporaryDirectory() as tmp:
        packages = find_packages(models_dir, Path(tmp))
        if not packages:
            print(f"No models in {models_dir}. Install one with: "
                  f"migo models install FILE.argosmodel --models {models_dir}")
            return EXIT_OK
        print(f"Models in {models_dir}:")
        for line in describe_packages(packages):
            print(f"  {line}")
    return EXIT_OK


def _run_models_install(args) -> int:
    from .packages import default_models_dir, install_package

    models_dir = args.models or default_models_dir()
    package = install_package(args.file, models_dir)
    print(f"Installed {package.pair} (version {package.version or '?'}) into {package.path}")
    return EXIT_OK


# --- readability ------------------------------------------------------------

def _add_readability(commands) -> None:
    from .readability import MAX_WORDS, SCORERS

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
    cmd.add_argument("--lang", default="de", choices=sorted(SCORERS),
                     help="language of the text (default: de)")
    cmd.add_argument("--max-words", type=int, default=MAX_WORDS, metavar="N",
                     help=f"flag German sentences over N words (default: {MAX_WORDS})")
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
                        help="the TBX file to write")
    export.add_argument("--glossary", type=_existing_path, default=Path("glossaries"), metavar="PATH",
                        help="glossary CSV file or folder (default: %(default)s)")
    export.set_defaults(handler=_run_glossary_export)
    imp = sub.add_parser(
        "import", help="turn a TBX file into a glossary CSV file", formatter_class=_formatter,
        description="Read a TBX file from a CAT tool and write it as <name>.csv into the "
                    "glossary folder, next to migo.csv; a term defined in two files is an "
                    "error.", epilog="example:\n  migo glossary import partner-begriffe.tbx")
    imp.add_argument("tbx", type=Path, metavar="FILE.tbx", help="the TBX file to read")
    imp.add_argument("--glossary", type=Path, default=Path("glossaries"), metavar="DIR",
                     help="folder to write <name>.csv into (default: %(default)s)")
    imp.add_argument("--replace", action="store_true",
                     help="overwrite an existing CSV file of the same name")
    imp.set_defaults(handler=_run_glossary_import)
    cmd.set_defaults(handler=lambda args: cmd.print_help() or 2)


def _run_glossary_export(args) -> int:
    from .glossary import export_tbx, load_glossary

    glossary = load_glossary(args.glossary)
    export_tbx(glossary, args.tbx)
    print(f"Wrote {len(glossary)} terms to {args.tbx}")
    return EXIT_OK


def _run_glossary_import(args) -> int:
    from .glossary import import_into_folder

    imported, target = import_into_folder(args.tbx, args.glossary, replace=args.replace)
    print(f"Imported {len(imported)} terms into {target}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
