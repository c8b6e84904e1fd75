"""Catalog stage: the PO files that are the source of truth for every translation.

PO syntax lives here and nowhere else. The stage builds the template
(``locales/templates/<issue>.pot``) from the segmented issue, merges it into each
language's ``locales/<lang>/LC_MESSAGES/<issue>.po`` with Babel (reviewed entries are kept,
changed sources become fuzzy with their previous ``msgid``, vanished ones become obsolete),
hands the other stages plain :class:`~pipeline.model.Translation` objects, and writes
files back atomically — and only when something really changed, so that a run with no
change leaves every file byte-identical.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import fcntl
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, generate_po, normalize, unescape

from . import __version__
from .errors import CatalogError, InputError, LockedError
from .files import write_atomic
from .model import BlockKind, Issue, Status, Translation

GENERATOR = f"migo {__version__}"
MACHINE_PREFIX = "machine: "  # translator comment naming engine and route
QA_PREFIX = "QA: "  # translator comment for a problem a reviewer must look at
MEMORY_PREFIX = "memory: "  # translator comment: which memory file a translation came from
# short enough for one comment line: Babel wraps comments, and a wrapped note's second
# line would be left behind when the note is replaced
PREVIOUS_NOTE = "previous: approved translation of the #| msgid; check the changed German"
_OUR_PREFIXES = (MACHINE_PREFIX, QA_PREFIX, MEMORY_PREFIX, "previous: ")
WIDTH = 76  # gettext's and Poedit's wrapping
# the lowest similarity at which a changed sentence keeps the old translation as a
# suggestion: the translation memory's bar (memory.THRESHOLD). Babel's own is 0.6, which
# hands an unrelated sentence's translation to a new one, and pages show fuzzy text.
FUZZY_THRESHOLD = 0.85
BOM = b"\xef\xbb\xbf"  # Windows editors put it first; msgfmt refuses it

_BLOCK_NOTES = {
    BlockKind.HEADING: "heading",
    BlockKind.LIST_ITEM: "list item",
    BlockKind.QUOTE: "quote",
    BlockKind.IMAGE: "image description (alt text)",
    BlockKind.CAPTION: "image caption",
}


class MigoCatalog(Catalog):
    """A Babel catalog that keeps headers Babel does not know (X-Generator, X-Migo-*).

    Poedit and Weblate add their own ``X-`` headers; dropping them on every run would be
    churn in a reviewer's file.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = [(k, v) for k, v in super()._get_mime_headers() if k != "Generated-By"]
        extra = dict(self.extra_headers)
        extra["X-Generator"] = GENERATOR
        headers += sorted(extra.items())
        name, value = headers[-1]
        headers[-1] = (name, value if value.endswith("\n") else value + "\n")
        return headers

    def _set_mime_headers(self, headers) -> None:
        headers = list(headers)
        try:
            super()._set_mime_headers(headers)
        except ValueError as exc:  # Babel's int() on "nplurals=;" says nothing useful
            raise ValueError(_PLURAL_ERROR) from exc
        for name, value in headers:
            if name.lower().startswith("x-") and name.lower() != "x-generator":
                self.extra_headers[name] = value.strip()

    mime_headers = property(_get_mime_headers, _set_mime_headers)


_PLURAL_ERROR = ("the Plural-Forms header is not valid (it should read like "
                 "nplurals=2; plural=(n != 1);)")


def _line_of(data: bytes, text: bytes) -> int | None:
    """The line number of the first line holding ``text``, for an error message."""
    at = data.find(text)
    return data[:at].count(b"\n") + 1 if at >= 0 else None


@dataclass(frozen=True)
class CatalogPaths:
    """Where an issue's catalogs live inside a locales folder."""

    locales_dir: Path
    issue: str

    @property
    def template(self) -> Path:
        return self.locales_dir / "templates" / f"{self.issue}.pot"

    def po(self, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{self.issue}.po"


# --- building and merging ---------------------------------------------------

def build_template(issue: Issue) -> MigoCatalog:
    """One message per distinct German sentence, with every place it occurs."""
    template = MigoCatalog(project="migo", version=issue.name, fuzzy=False,
                           header_comment=_header_comment(issue.name, None))
    for article in issue.articles:
        for block in article.blocks:
            note = _BLOCK_NOTES.get(block.kind)
            for segment in block.segments:
                location = (f"{issue.name}/{article.source}", segment.line or block.line)
                message = template.get(segment.text)
                if message is None:
                    message = template.add(segment.text, locations=[location],
                                           auto_comments=[note] if note else [])
                    _drop_format_flag(message)
                elif location not in message.locations:
                    message.locations.append(location)
    return template


def _drop_format_flag(message: Message) -> None:
    """German prose is never a format string, whatever Babel guesses from "50 % der".

    Babel flags such a sentence ``python-format``; ``msgfmt --check`` then refuses a
    correct translation like Turkish "%50".
    """
    message.flags.discard("python-format")


def new_catalog(lang: str, issue_name: str) -> MigoCatalog:
    """An empty catalog whose Language and Plural-Forms come from Babel's locale data."""
    locale = parse_language(lang)
    catalog = MigoCatalog(locale=locale, project="migo", version=issue_name, fuzzy=False,
                          header_comment=_header_comment(issue_name, locale))
    catalog.language_team = f"{locale.get_display_name('en')} <{lang}@li.org>"
    catalog.last_translator = "migo machine translation <>"
    return catalog


def parse_language(lang: str) -> Locale:
    """A language code the user typed → Babel locale, or a clear error."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise InputError(f"unknown language code {lang!r} (use ISO 639-1, e.g. tr, ar)") from exc


def merge(template: MigoCatalog, existing: MigoCatalog) -> MigoCatalog:
    """Bring a language catalog up to date with the template, keeping reviewers' work.

    Babel's update keeps every translation whose German is unchanged, offers the old
    translation of a changed sentence as ``fuzzy`` with ``#| msgid`` (difflib's
    ``get_close_matches`` on lower-cased ids, cutoff 0.6, like ``msgmerge``), and moves
    sentences that disappeared to the obsolete section instead of deleting them. Around
    it, this function:

    - merges a *copy* of the template: Babel inserts new template messages by reference,
      so without a copy every language would share (and overwrite) the same entries;
    - keeps ``#| msgid`` on entries that are still fuzzy (Babel drops it on every re-run,
      which would be churn and would hide the change from the reviewer);
    - brings back an obsolete entry when its sentence returns, as ``msgmerge`` does;
    - undoes Babel's matches below :data:`FUZZY_THRESHOLD`: at 0.6 "Das WSC ist keine
      neue Idee." passes for "Das ist ein ganz neuer Satz.", and the page would show the
      old sentence's translation as the new one's. The old entry stays obsolete and the
      memory or the engine fills the new one;
    - marks the previous translation of a changed sentence. If a person had approved it,
      it stays as the fuzzy suggestion with a ``previous:`` comment instead of the
      machine comment: a reviewer fixes a small source change faster in their own text
      (Poedit shows the ``#|`` difference) than in fresh machine output, and it is never
      machine-translated over, not even with ``--retranslate``. If it was only a machine
      suggestion for the old sentence, it keeps its ``machine:`` comment and
      :func:`needs_translation` sends it to the engine again.
    """
    old = {_key(m): m for m in existing if m.id}
    reviewed = {key for key, m in old.items() if m.string and not m.fuzzy}
    existing.update(copy.deepcopy(template), update_header_comment=False,
                    keep_user_comments=True)
    existing.project, existing.version = template.project, template.version
    unused = []  # old entries Babel matched too loosely to a new sentence
    for message in existing:
        if not message.id:
            continue
        _drop_format_flag(message)  # Babel's update re-creates messages, and the flag
        if message.id in existing.obsolete and (not message.string or message.previous_id):
            _revive(existing, message)
        elif message.fuzzy and not message.previous_id and message.id in old:
            message.previous_id = list(old[message.id].previous_id or [])
        elif _weak_match(message, old):
            unused.append(old[message.previous_id[0]])
            _clear_match(message, template[message.id])
        elif message.previous_id and message.previous_id[0] in reviewed:
            message.user_comments = [c for c in message.user_comments
                                     if not c.startswith(MACHINE_PREFIX)]
            if PREVIOUS_NOTE not in message.user_comments:
                message.user_comments.append(PREVIOUS_NOTE)
    active = {_key(m) for m in existing if m.id}
    kept = [old[key] for key in reviewed] + unused
    for message in kept:  # Babel drops an old entry it used as a fuzzy suggestion
        key = _key(message)
        if key not in active and key not in existing.obsolete:
            existing.obsolete[key] = message
    return existing


def _key(message: Message) -> str | tuple[str, str]:
    """Babel's key of an entry: the (first) msgid, with its msgctxt if it has one."""
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (msgid, message.context) if message.context is not None else msgid


def _weak_match(message: Message, old: dict) -> bool:
    """Whether Babel gave a new sentence the translation of a too different old one."""
    if message.id in old or not message.previous_id or message.previous_id[0] not in old:
        return False
    return similarity(message.previous_id[0], message.id) < FUZZY_THRESHOLD


def _clear_match(message: Message, fresh: Message) -> None:
    """Make the entry new again, as the template has it: the memory or engine fills it."""
    message.string = ""
    message.flags = set(fresh.flags)
    message.user_comments = list(fresh.user_comments)
    message.previous_id = []


def similarity(a: str, b: str) -> float:
    """difflib's ratio on lower-cased text with spaces folded, as the memory measures it."""
    fold = [" ".join(text.split()).lower() for text in (a, b)]
    return difflib.SequenceMatcher(None, *fold, autojunk=False).ratio()


def _revive(catalog: Catalog, message: Message) -> None:
    """A sentence came back: take its old entry out of the obsolete section."""
    old = catalog.obsolete.pop(message.id)
    message.string = old.string
    message.user_comments = list(old.user_comments)
    message.flags = set(old.flags) | {f for f in message.flags if f != "fuzzy"}
    message.previous_id = []


def translations(catalog: Catalog) -> dict[str, Translation]:
    """Plain translation objects for the other stages, keyed by German sentence."""
    found: dict[str, Translation] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        found[message.id] = _translation_of(message)
    return found


def _translation_of(message: Message) -> Translation:
    text = message.string if isinstance(message.string, str) else ""
    if not text:
        return Translation("", Status.UNTRANSLATED)
    origin = next((c.removeprefix(MACHINE_PREFIX).replace(MEMORY_PREFIX, "memory ", 1)
                   for c in message.user_comments
                   if c.startswith((MACHINE_PREFIX, MEMORY_PREFIX))), "")
    if message.fuzzy:
        return Translation(text, Status.MACHINE, origin)
    if origin.startswith("memory "):  # approved in another issue, reused as it was
        return Translation(text, Status.REVIEWED, origin)
    return Translation(text, Status.REVIEWED, "reviewer")


def needs_translation(message: Message, retranslate: bool = False,
                      replace_pseudo: bool = False) -> bool:
    """Whether an entry goes to the engine.

    Empty entries always do. A fuzzy *machine* suggestion does when its German changed
    (it carries ``#| msgid``: the suggestion translates the old sentence) or when the user
    asks for ``--retranslate``. Pseudo-localised text is layout test text, never a
    suggestion, so a real engine (``replace_pseudo``) always replaces it. Approved entries
    never go, and neither do fuzzy entries a person or the memory made: those wait for a
    reviewer.
    """
    if not message.id:
        return False
    if not message.string:
        return True
    if not message.fuzzy or not is_machine(message):
        return False
    if replace_pseudo and machine_engine(message) == "pseudo":
        return True
    return retranslate or bool(message.previous_id)


def machine_engine(message: Message) -> str:
    """The engine named in the entry's ``machine:`` comment ("argos", "pseudo"), or ""."""
    origin = next((c[len(MACHINE_PREFIX):] for c in message.user_comments
                   if c.startswith(MACHINE_PREFIX)), "")
    return origin.split(" ", 1)[0]


def is_machine(message: Message) -> bool:
    """Whether the entry's text came from an engine (its comment says so)."""
    return any(c.startswith(MACHINE_PREFIX) for c in message.user_comments)


def set_machine_translation(catalog: Catalog, msgid: str, text: str, origin: str,
                            problems: list[str] = ()) -> None:
    """Enter engine output as a fuzzy suggestion that names its engine and route.

    ``#| msgid`` is dropped: in gettext it names the sentence the ``msgstr`` translates,
    and fresh output translates the current one.
    """
    message = catalog[msgid]
    if message.string and not message.fuzzy:
        raise AssertionError(f"refusing to overwrite a reviewed translation: {msgid!r}")
    message.string = text
    message.flags.add("fuzzy")
    message.previous_id = []
    comments = [c for c in message.user_comments if not c.startswith(_OUR_PREFIXES)]
    comments.append(MACHINE_PREFIX + origin)
    # one line per problem: Babel reads repeated comment lines back as one, so a doubled
    # line would vanish on the next write, a change no run made
    comments.extend(QA_PREFIX + p for p in dict.fromkeys(problems))
    message.user_comments = comments


def set_memory_translation(catalog: Catalog, msgid: str, text: str, note: str,
                           previous: str | None = None) -> None:
    """Enter a translation memory hit.

    An exact hit of a reviewed translation (``previous`` None) is entered as reviewed:
    a person approved this very sentence before. A close hit is a fuzzy suggestion with
    the memory's German as ``#| msgid``, so Poedit and Weblate show what differs.
    """
    message = catalog[msgid]
    if message.string and not message.fuzzy:
        raise AssertionError(f"refusing to overwrite a reviewed translation: {msgid!r}")
    message.string = text
    comments = [c for c in message.user_comments if not c.startswith(_OUR_PREFIXES)]
    message.user_comments = comments + [MEMORY_PREFIX + note]
    if previous is None:
        message.flags.discard("fuzzy")
        message.previous_id = []
    else:
        message.flags.add("fuzzy")
        message.previous_id = [previous]


def memory_pairs(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(German, translation) of every reviewed entry, obsolete ones included.

    An obsolete entry's German left this issue, but its approved translation is still
    a person's work worth reusing.
    """
    for message in [*catalog, *catalog.obsolete.values()]:
        if (isinstance(message.id, str) and message.id and isinstance(message.string, str)
                and message.string and not message.fuzzy):
            yield message.id, message.string


def counts(catalog: Catalog) -> dict[str, int]:
    """Reviewed, fuzzy and untranslated entries, as ``migo status`` reports them."""
    found = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            found["untranslated"] += 1
        elif message.fuzzy:
            found["fuzzy"] += 1
        else:
            found["reviewed"] += 1
    return found


def set_signature(catalog: MigoCatalog, signature: dict[str, str]) -> None:
    """Record what produced the machine suggestions, so a result can be reproduced."""
    for key, value in signature.items():
        catalog.extra_headers[f"X-Migo-{key.title()}"] = value


def _header_comment(issue_name: str, locale: Locale | None) -> str:
    language = f"{locale.get_display_name('en')} " if locale else ""
    return (f"# {language}translations of migo issue {issue_name}.\n"
            "# Reviewed entries have no 'fuzzy' flag; machine suggestions do.\n"
            "# Remove 'fuzzy' to approve an entry: migo never changes approved text.\n"
            "#")


def language_status(paths: list[Path]) -> dict[str, dict[str, float]]:
    """Per language (the ``<lang>`` folder): entry counts and the share reviewed.

    Every file is read strictly first, so a broken one is reported, not half-counted.
    """
    totals: dict[str, dict[str, float]] = {}
    for path, po in [(path, read_catalog(path)) for path in paths]:
        row = totals.setdefault(path.parent.parent.name,
                                {"reviewed": 0, "fuzzy": 0, "untranslated": 0})
        for key, value in counts(po).items():
            row[key] += value
    for row in totals.values():
        total = row["reviewed"] + row["fuzzy"] + row["untranslated"]
        row["percent_reviewed"] = round(100 * row["reviewed"] / total, 1) if total else 0.0
    return dict(sorted(totals.items()))


# --- reading and writing ----------------------------------------------------

def read_catalog(path: Path, lang: str | None = None) -> MigoCatalog:
    """Read a PO/POT file strictly: a broken file stops the run and is left untouched.

    Babel's parser accepts unterminated strings and duplicate entries without a word, so
    :func:`validate_po` checks the file against gettext's rules first.
    """
    try:
        data = path.read_bytes().removeprefix(BOM)
    except OSError as exc:
        raise CatalogError(f"cannot be read: {exc.strerror}", path) from exc
    validate_po(data, path)
    locale = parse_language(lang) if lang else None
    catalog = MigoCatalog(locale=locale)
    parser = PoFileParser(catalog, abort_invalid=True)
    try:
        parser.parse(io.BytesIO(_OBSOLETE_PREVIOUS.sub(b"", data)))
    except PoFileError as exc:
        reason = str(exc).removesuffix(f" on {exc.lineno}")  # Babel counts from 0
        line = _line_of(data, b'"Plural-Forms:') if _PLURAL_ERROR in reason else exc.lineno + 1
        raise CatalogError(f"broken PO file: {reason}", path, line) from exc
    except ValueError as exc:  # the header is the last entry: Babel does not wrap it
        raise CatalogError(f"broken PO file: {exc}", path,
                           _line_of(data, b'"Plural-Forms:')) from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise CatalogError(f"wrong character set: {exc}", path) from exc
    if locale is not None:
        catalog.locale = locale
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous_id(message)
        _drop_format_flag(message)
    return catalog


def _take_previous_id(message: Message) -> None:
    """Babel reads ``#| msgid`` lines as user comments; turn them back into previous_id."""
    previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: dict[str, list[str]] = {}
    keyword = "msgid"
    for line in previous:
        match = _KEYWORD.match(line)
        if match:
            keyword, line = match.group(1), match.group(2)
        parts.setdefault(keyword, []).extend(unescape(f"\"{s}\"") for s in _STRING.findall(line))
    ids = ["".join(parts.get(k, [])) for k in ("msgid", "msgid_plural") if k in parts]
    message.previous_id = ids if ids and ids[0] else []


def render_catalog(catalog: Catalog) -> bytes:
    """The exact bytes of a PO file, in gettext's conventions.

    A file kept in a legacy charset (ISO-8859-1) stays in it while its text fits; when
    it does not (an arrow in a machine comment, Turkish letters), the catalog switches
    to UTF-8, header included, rather than fail or write "?".
    """
    try:
        return "".join(generate_catalog(catalog)).encode(catalog.charset or "utf-8")
    except UnicodeEncodeError:
        catalog.charset = "utf-8"
        return "".join(generate_catalog(catalog)).encode("utf-8")


def generate_catalog(catalog: Catalog) -> Iterator[str]:
    """Babel's PO lines, with ``#| msgid`` and obsolete entries' flags written as gettext does.

    Babel wraps ``#|`` as prose (breaking string literals across comment lines, which
    Poedit cannot read) and drops the ``fuzzy`` flag of obsolete entries (which would
    turn an old machine suggestion into an approved one on the next read).
    """
    active = iter(list(catalog))
    obsolete = iter(list(catalog.obsolete.values()))
    in_context = False
    pending: list[str] = []  # an entry's comment lines, held until we know the entry
    for line in generate_po(catalog, width=WIDTH, include_previous=False):
        if line.startswith("#") and not line.startswith("#~"):
            pending.append(line)
            continue
        if line.startswith(("msgctxt ", "msgid ")) and not in_context:
            message = next(active)
            yield from _translator_comments(pending, message)
            yield from _previous_lines(message)
        else:
            if line.startswith(("#~ msgctxt ", "#~ msgid ")) and not in_context:
                message = next(obsolete)
                if message.flags:
                    pending.append(f"#, {', '.join(sorted(message.flags))}\n")
            yield from pending
        pending = []
        in_context = line.lstrip("#~ ").startswith("msgctxt ")
        yield line
    yield from pending


def _translator_comments(lines: list[str], message: Message) -> list[str]:
    """Translator comments one per line, as gettext keeps them.

    Babel wraps long ``# …`` comments at 76 columns; the continuation line of a
    ``QA:`` note would then outlive the note when a later run replaces it.
    """
    if not message.id:
        return lines  # the header comment block stays as written
    own = [f"# {comment}\n" if comment else "#\n" for comment in message.user_comments]
    rest = [line for line in lines if not (line.startswith("# ") or line == "#\n")]
    return own + rest


def _previous_lines(message: Message) -> Iterator[str]:
    for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id or ()):
        yield f"#| {keyword} {normalize(text, prefix='#| ', width=WIDTH)}\n"


def save_catalog(catalog: MigoCatalog, path: Path, template: bool = False) -> bool:
    """Write only if the content changed; only then move the revision date.

    "Changed" means changed by this run: when the file, read and written back untouched,
    gives the same bytes as the updated catalog, the file stays as it is — even if Poedit
    or Weblate laid it out a little differently (their own wrapping or X-Generator).
    A file saved with Windows line ends keeps them. A byte-order mark is dropped (msgfmt
    refuses it), without moving the revision date when that is all that changed.
    Returns whether the file was written.
    """
    old = path.read_bytes() if path.exists() else None
    if old is not None:
        previous = read_catalog(path)
        _copy_dates(previous, catalog, template)
        new = _line_ends_of(old, render_catalog(catalog))
        if new in (old, _line_ends_of(old, render_catalog(previous))):
            if old.startswith(BOM):
                write_atomic(path, old.removeprefix(BOM))
                return True
            return False
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    if template:
        catalog.creation_date = now
    else:
        catalog.revision_date = now
    write_atomic(path, _line_ends_of(old, render_catalog(catalog)))
    return True


def _line_ends_of(old: bytes | None, data: bytes) -> bytes:
    """``data`` with the line ends of the file it replaces (CRLF from Windows editors).

    Otherwise the first change after a Windows reviewer's edit would touch every line.
    """
    first_line = (old or b"").split(b"\n", 1)[0]
    return data.replace(b"\n", b"\r\n") if first_line.endswith(b"\r") else data


def _copy_dates(previous: Catalog, catalog: Catalog, template: bool) -> None:
    if template:
        catalog.creation_date = previous.creation_date
    else:
        catalog.revision_date = previous.revision_date


# --- strict validation --------------------------------------------------------

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?:\s+|$)(.*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRINGS = re.compile(r'^(?:"(?:[^"\\]|\\.)*"\s*)+$')
_BAD_ESCAPE = re.compile(r'\\(?![ntrabfv"\\\'?0-7x])')
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
# ``#~| msgid`` (msgmerge's previous msgid of an obsolete entry) is valid gettext that
# Babel refuses; such lines are emptied, keeping line numbers, and not written back
_OBSOLETE_PREVIOUS = re.compile(rb"(?m)^#~\|[^\n]*")
# what may follow each keyword in an entry (None: the entry is complete)
_NEXT = {"msgctxt": {"msgid"}, "msgid": {"msgid_plural", "msgstr"},
         "msgid_plural": {"msgstr[]"}, "msgstr": set(), "msgstr[]": {"msgstr[]"}}


def validate_po(data: bytes, path: Path | str) -> None:
    """Check a PO file against gettext's grammar before Babel reads it.

    Raises :class:`CatalogError` naming the line of the first problem: a character set
    the bytes do not match, an unknown keyword, an unterminated string or bad escape, a
    ``msgid`` without ``msgstr``, a duplicate entry (which ``msgfmt`` refuses), an empty
    file, or a first entry that is not the header (without it the charset and language
    are unknown, and Babel would invent a header of placeholders).
    Obsolete ``#~`` entries are skipped, as ``msgfmt`` skips them.
    """
    if not data.strip():
        raise CatalogError("the file is empty (restore it from a copy, or delete it and "
                           "migo starts a new one)", path)
    lines = _decoded(data, path).splitlines()
    state: str | None = None  # last keyword of the open entry
    entry_line, key, context = 0, "", ""
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if state in ("msgctxt", "msgid", "msgid_plural"):
                raise CatalogError(f"msgid without msgstr (entry starts on line {entry_line})",
                                   path, number)
            state = None if not line or state is None else state
            if line.startswith("#") and state is not None:
                state = None
            continue
        if line.startswith('"'):
            if state is None:
                raise CatalogError("text outside an entry (a stray line or a missing keyword)",
                                   path, number)
            _check_strings(line, path, number)
            if state in ("msgctxt", "msgid"):
                part = "".join(_STRING.findall(line))
                key, context = (key, context + part) if state == "msgctxt" else (key + part, context)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise CatalogError(f"unknown keyword: {line.split()[0][:30]}", path, number)
        keyword = "msgstr[]" if match.group(1).startswith("msgstr[") else match.group(1)
        allowed = _NEXT[state] if state else {"msgctxt", "msgid"}
        if keyword not in allowed:
            expected = " or ".join(sorted(allowed)) or "a new entry"
            raise CatalogError(f"{match.group(1)} where {expected} was expected", path, number)
        _check_strings(match.group(2), path, number)
        part = "".join(_STRING.findall(match.group(2)))
        if keyword in ("msgctxt", "msgid") and state is None:
            entry_line, key, context = number, "", ""
        if keyword == "msgctxt":
            context = part
        elif keyword == "msgid":
            key = part
        elif keyword in ("msgstr", "msgstr[]") and state not in ("msgstr", "msgstr[]"):
            if not seen and (context, key) != ("", ""):
                raise CatalogError('no header: the first entry must be msgid "" with the '
                                   "Language and Content-Type lines", path, entry_line)
            _check_duplicate(seen, (context, key), entry_line, path)
        state = keyword
    if state in ("msgctxt", "msgid", "msgid_plural"):
        raise CatalogError("the file ends inside an entry (msgid without msgstr)",
                           path, len(lines))
    if not seen:
        raise CatalogError('no entries and no header (msgid "")', path)


def _decoded(data: bytes, path: Path | str) -> str:
    """The text in the charset the header declares (UTF-8 when it declares none)."""
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    header_line = data[:match.start()].count(b"\n") + 1 if match else 1
    try:
        return data.decode(charset)
    except LookupError:
        raise CatalogError(f"unknown character set {charset!r} in the header",
                           path, header_line) from None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CatalogError(f"wrong character set: the header says {charset}, but this line "
                           f"is not {charset} (save the file as {charset})", path, line) from None


def _check_strings(text: str, path: Path | str, number: int) -> None:
    if not _STRINGS.match(text.strip()):
        raise CatalogError("unterminated or malformed string (check the quotes)", path, number)
    if _BAD_ESCAPE.search("".join(_STRING.findall(text))):
        raise CatalogError("invalid escape sequence (a lone backslash?)", path, number)


def _check_duplicate(seen: dict, key: tuple[str, str], line: int, path: Path | str) -> None:
    if key in seen:
        raise CatalogError(f"duplicate entry: the same msgid is already on line {seen[key]}",
                           path, line)
    seen[key] = line


@contextlib.contextmanager
def locked(locales_dir: Path) -> Iterator[None]:
    """Hold a lock on a locales folder so two runs never write the same PO file."""
    lock_path = locales_dir / ".migo.lock"
    try:
        locales_dir.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise LockedError(f"cannot write the PO files here: {exc.strerror}",
                          locales_dir) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise LockedError("another migo run is using this folder; try again when it "
                              "has finished", locales_dir) from exc
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
