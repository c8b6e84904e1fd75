"""``migo.toml``: what an editor would otherwise type every month, in one file.

migo finds the file by searching upward from the current folder (as ruff and pytest find
theirs); ``--config FILE`` names it instead. Command-line options win over the file, the
file wins over migo's defaults. Relative paths in the file are relative to the folder
that holds it, so ``migo translate`` gives the same result from any sub-folder.

Every key is declared once in :data:`SETTINGS` (type, default, help); :func:`load_config`
validates a file against it and :func:`starter_toml` writes the commented file that
``migo init`` creates, so the two can never disagree. A later issue adds its keys as
``Setting("newsletter.sender", …)``: a dotted key is a key of a TOML table.

This module is light on purpose (no stage, no spaCy): the CLI reads the file before it
knows which stage a command needs.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import ConfigError
from .files import TEXT_LIMIT, read_regular, write_atomic

FILENAME = "migo.toml"
ENGINE_NAMES = ("argos", "none", "pseudo")  # == sorted(pipeline.engines.ENGINES), tested
STARTER_LANGUAGES = ("en", "tr", "ar", "ru", "uk", "pl", "fa")


# --- value types: each turns a TOML value into migo's value or raises TypeError or
# ValueError saying what is wrong (the loader adds file, line and key) ----------------

def _languages(value: object) -> tuple[str, ...]:
    """A list of codes, or one string "en,tr" as typed after --to."""
    from babel import Locale, UnknownLocaleError  # only when a file names languages

    codes = value.split(",") if isinstance(value, str) else value
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise TypeError('expected a list of language codes, e.g. ["en", "tr"], or "en,tr"')
    cleaned = tuple(c.strip() for c in codes if c.strip())
    if not cleaned:
        raise ValueError("no language given")
    for code in cleaned:
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise ValueError(f"unknown language code {code!r} (use ISO 639-1, e.g. tr, ar)") \
                from None
        if locale.language == "de":
            raise ValueError("German is the source language; choose other targets")
    return cleaned


def _engine(value: object) -> str:
    if value not in ENGINE_NAMES:
        raise ValueError(f"{value!r} is not an engine; choose one of {', '.join(ENGINE_NAMES)}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


ENGLISH_VARIANTS = ("en-GB", "en-US")


def _english_variant(value: object) -> str:
    if value not in ENGLISH_VARIANTS:
        raise ValueError(f"{value!r} is not an English variant; choose "
                         f"{' or '.join(ENGLISH_VARIANTS)}")
    return value


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("expected a path as a string, e.g. \"glossaries\"")
    return Path(value).expanduser()


def _paths(value: object) -> tuple[Path, ...]:
    if not isinstance(value, list):
        raise TypeError('expected a list of paths, e.g. ["../archive/locales"]')
    return tuple(_path(item) for item in value)


def _site_url(value: object) -> str:
    text = _text(value)
    if not text.startswith(("https://", "http://")):
        raise ValueError(f"{text!r} is not a web address (https://…)")
    return text


def _port(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536:
        raise ValueError("expected a port number, e.g. 587")
    return value


def _security(value: object) -> str:
    if value not in ("starttls", "ssl", "none"):
        raise ValueError(f"{value!r}: choose starttls, ssl or none")
    return value


def _names(value: object) -> tuple[str, ...]:
    """Check names, as after --only: a list, or one string "tags,quotes"."""
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TypeError('expected a list of check names, e.g. ["quotes", "capitals"]')
    return tuple(n.strip() for n in names if n.strip())


def _ratio(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError("expected a positive number, e.g. 0.4")
    return float(value)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a whole number, 0 or more")
    return value


def _positive(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return value


def _choice(*allowed: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value
    return parse


def _word(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError('expected a word, e.g. "int8"')
    return value.strip()


BATCH_TYPES = ("examples", "tokens")
DEVICES = ("cpu", "cuda", "auto")


@dataclass(frozen=True)
class Setting:
    """One key of ``migo.toml``; ``starter`` is what ``migo init`` writes (None: commented)."""

    key: str
    parse: Callable[[object], object]
    default: object
    help: str
    starter: object = None
    example: object = None  # shown commented out when there is no starter value
    is_path: bool = field(default=False)


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("languages", _languages, None,
            "Target languages, ISO 639-1 codes (as after --to).",
            starter=list(STARTER_LANGUAGES)),
    Setting("engine", _engine, "argos",
            f"Translation engine: {', '.join(ENGINE_NAMES)} (as after --engine).",
            starter="argos"),
    Setting("models", _path, None,
            "Folder of Argos packages or .argosmodel files (default: $ARGOS_PACKAGES_DIR, "
            "else Argos's own folder).", example="models", is_path=True),
    Setting("glossary", _path, Path("glossaries"),
            "Glossary CSV file or folder.", starter="glossaries", is_path=True),
    Setting("locales", _path, Path("locales"),
            "Where the PO files live: the reviewers' work.", starter="locales", is_path=True),
    Setting("output", _path, Path("output"),
            "Where pages and reports go.", starter="output", is_path=True),
    Setting("site_url", _site_url, None,
            "Public address of the output folder: enables hreflang alternates, Open Graph "
            "locales and sitemap.xml (as --site-url).", example="https://migo.example.org/"),
    Setting("newsletter.sender", _text, None,
            "From address of the newsletter e-mails.",
            example="migo <newsletter@verbund.example>"),
    Setting("newsletter.unsubscribe", _text, None,
            "Address or https link for the List-Unsubscribe header.",
            example="abmelden@verbund.example"),
    Setting("newsletter.host", _text, None, "SMTP server (as --smtp HOST).",
            example="mail.verbund.example"),
    Setting("newsletter.port", _port, None,
            "SMTP port (default: 587 starttls, 465 ssl, 25 none).", example=587),
    Setting("newsletter.security", _security, "starttls",
            "starttls, ssl or none.", example="starttls"),
    Setting("newsletter.user", _text, None,
            "SMTP user; the password comes only from $MIGO_SMTP_PASSWORD.",
            example="newsletter"),
    Setting("model_index", _text, None,
            "Where 'migo models install' finds the Argos package index: a URL, an "
            "index.json, or a folder made by 'migo models pack' (default: "
            "$ARGOS_PACKAGE_INDEX, else Argos's public index).",
            example="/media/usb/argos"),
    Setting("english_variant", _english_variant, "en-GB",
            "How English pages write dates and times: en-GB (19 April 2024, 14:00) or "
            "en-US (April 19, 2024, 2:00 PM).", example="en-US"),
    Setting("tm", _paths, (),
            "More folders of PO files for the translation memory (as --tm).", starter=[],
            is_path=True),
    # [check]: migo check's choice of checks and their options (as pofilter's -t/-e)
    Setting("check.only", _names, (), "Run only these checks (as --only).",
            example=["tags", "delivery"]),
    Setting("check.exclude", _names, (), "Never run these checks (as --exclude).",
            example=["capitals"]),
    Setting("check.length_low", _ratio, 0.4,
            "length check: a translation shorter than this times the German is reported.",
            example=0.4),
    Setting("check.length_high", _ratio, 2.5,
            "length check: a translation longer than this times the German is reported.",
            example=2.5),
    Setting("check.acronym_letters", _count, 3,
            "acronyms check: acronyms of at least this many capitals must be kept.", example=3),
    Setting("check.sentences_tolerance", _count, 0,
            "sentences check: how many sentences more or fewer than the German are fine.",
            example=0),
    # [translate]: how the engine decodes. None means the engine's measured default
    # (pipeline.engines.DecodeSettings), so the defaults live in one place.
    Setting("translate.beam_size", _positive, None,
            "Beam size (as --beam-size; default 2).", example=2),
    Setting("translate.batch_size", _positive, None,
            "Sentences (or tokens) per batch (as --batch-size; default 32).", example=32),
    Setting("translate.batch_type", _choice(*BATCH_TYPES), None,
            "What --batch-size counts: examples or tokens (default examples).",
            example="examples"),
    Setting("translate.compute_type", _word, None,
            "CTranslate2 compute type (as --compute-type; default: the model's, int8).",
            example="int8"),
    Setting("translate.device", _choice(*DEVICES), None,
            "cpu, or cuda with CTranslate2's GPU build (as --device; default cpu).",
            example="cpu"),
    Setting("translate.threads", _count, None,
            "Threads per translator (as --threads; default 1, 0: all cores).", example=1),
    Setting("translate.inter_threads", _count, None,
            "Translators in parallel (as --inter-threads; default 0: one per core).",
            example=0),
)}

#: the [check] options handed to the checks (without the "check." prefix)
CHECK_OPTIONS = ("length_low", "length_high", "acronym_letters", "sentences_tolerance")


@dataclass(frozen=True)
class Config:
    """The settings of one ``migo.toml`` (or none: ``path`` is None, all defaults)."""

    path: Path | None = None
    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> object:
        """The file's value, else migo's default; paths resolved against the file's folder."""
        setting = SETTINGS[key]
        value = self.values.get(key, setting.default)
        if setting.is_path and value is not None and self.path is not None:
            base = self.path.parent
            value = tuple(base / p for p in value) if isinstance(value, tuple) else base / value
        return value

    def error(self, key: str, problem: str) -> ConfigError:
        """An error about a key's value found later (a glossary path that does not exist)."""
        return ConfigError(f"key {key!r}: {problem}", self.path, self.lines.get(key))


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``migo.toml`` in ``start`` or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / FILENAME).is_file():
            return folder / FILENAME
    return None


def load_config(path: Path | None) -> Config:
    """Read and validate one file; any problem is a :class:`ConfigError` with its line."""
    if path is None:
        return Config()
    path = Path(path).resolve()
    if not path.exists():
        raise ConfigError("no such file (given with --config)", path)
    try:
        text = read_regular(path, TEXT_LIMIT, ConfigError).decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, path, text) from None
    values, lines = {}, {}
    for key, value in _flatten(data):
        lines[key] = _line_of(text, key)
        setting = SETTINGS.get(key)
        if setting is None:
            raise ConfigError(f"key {key!r}: unknown key; known keys: {', '.join(SETTINGS)}",
                              path, lines[key])
        try:
            values[key] = setting.parse(value)
        except (TypeError, ValueError) as exc:  # a wrong type, a wrong value
            raise ConfigError(f"key {key!r}: {exc}", path, lines[key]) from None
    return Config(path, values, lines)


def _syntax_error(exc: tomllib.TOMLDecodeError, path: Path, text: str) -> ConfigError:
    """tomllib says "Expected '=' … (at line 3, column 7)": move the line to the front.

    An unclosed list or string is reported "at end of document": the last line.
    """
    message = str(exc)
    found = re.search(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$", message)
    if not found:
        return ConfigError(f"not valid TOML: {message}", path)
    line = int(found.group(1)) if found.group(1) else max(1, len(text.splitlines()))
    return ConfigError(f"not valid TOML: {message[:found.start()]}", path, line)


def _flatten(data: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Dotted keys; a table is only entered when some setting lives in it."""
    for key, value in data.items():
        dotted = prefix + key
        is_table = any(name.startswith(dotted + ".") for name in SETTINGS)
        if isinstance(value, dict) and is_table:
            yield from _flatten(value, dotted + ".")
        else:
            yield dotted, value


def _line_of(text: str, dotted: str) -> int | None:
    """The line where ``dotted`` is set: its ``key =`` inside its ``[table]``, else the table."""
    *tables, key = dotted.split(".")
    table, table_line = ".".join(tables), None
    current = ""
    assignment = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*=""")
    header = re.compile(r"\s*\[+\s*([^\]]+?)\s*\]+")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = match.group(1).replace('"', "").replace("'", "")
            if current == dotted or (current == table and table):
                table_line = table_line or number
            continue
        if current == table and assignment.match(line):
            return number
    return table_line


# --- migo init ------------------------------------------------------------------------

def starter_toml() -> str:
    """The commented ``migo.toml`` that ``migo init`` writes: every key with its default."""
    lines = ["# migo.toml: settings of this magazine folder. Command-line options win over",
             "# these; relative paths are relative to this file's folder.", ""]
    for setting in SETTINGS.values():
        lines.append(f"# {setting.help}")
        if setting.starter is not None:
            lines.append(f"{setting.key} = {_toml_value(setting.starter)}")
        else:
            lines.append(f"# {setting.key} = {_toml_value(setting.example)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: object) -> str:
    """Strings and lists of strings: JSON's spelling is valid TOML for both."""
    return json.dumps(value, ensure_ascii=False)


STARTER_FOLDERS = ("input", "glossaries", "locales")


def init_folder(target: Path) -> list[Path]:
    """Create a magazine folder; never overwrite a ``migo.toml`` or a glossary."""
    toml = target / FILENAME
    if toml.exists():
        raise ConfigError("already exists; migo init never overwrites it", toml.resolve())
    created = []
    for name in STARTER_FOLDERS:
        (target / name).mkdir(parents=True, exist_ok=True)
        created.append(target / name)
    created += _copy_starter_glossaries(target / "glossaries")
    created.append(_ignore_output(target / ".gitignore"))
    write_atomic(toml, starter_toml())  # last: a folder with migo.toml is a complete one
    return [toml, *created]


def _copy_starter_glossaries(folder: Path) -> list[Path]:
    """The starter glossary ships inside the package, so this works from a wheel too."""
    copied = []
    for source in resources.files(__package__).joinpath("starter", "glossaries").iterdir():
        target = folder / source.name
        if source.name.endswith(".csv") and not target.exists():
            write_atomic(target, source.read_bytes())
            copied.append(target)
    return copied


def _ignore_output(path: Path) -> Path:
    """Generated pages are not the editors' work: keep them out of git."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "output/" not in text.splitlines():
        write_atomic(path, text + ("\n" if text and not text.endswith("\n") else "")
                     + "# generated pages and reports (migo translate --out)\noutput/\n")
    return path
