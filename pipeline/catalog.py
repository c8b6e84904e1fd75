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
import fcntl
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from . import __version__
from .errors import CatalogError, InputError, LockedError
from .files import write_atomic
from .model import BlockKind, Issue, Status, Translation

GENERATOR = f"migo {__version__}"
MACHINE_PREFIX = "machine: "  # translator comment naming engine and route
QA_PREFIX = "QA: "  # translator comment for a problem a reviewer must look at
WIDTH = 76  # gettext's and Poedit's wrapping

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
        return headers + sorted(extra.items())

    def _set_mime_headers(self, headers) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower().startswith("x-") and name.lower() != "x-generator":
                self.extra_headers[name] = value.strip()

    mime_headers = property(_get_mime_headers, _set_mime_headers)


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
                    template.add(segment.text, locations=[location],
                                 auto_comments=[note] if note else [])
                elif location not in message.locations:
                    message.locations.append(location)
    return template


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
    translation of a changed sentence as ``fuzzy`` with ``#| msgid``, and moves sentences
    that disappeared to the obsolete section instead of deleting them.
    """
    # Babel's update adds brand-new template messages to the catalog without copying
    # them; a private copy keeps the languages' catalogs from sharing Message objects.
    existing.update(copy.deepcopy(template), update_header_comment=False,
                    keep_user_comments=True)
    existing.project, existing.version = template.project, template.version
    return existing


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
    origin = next((c[len(MACHINE_PREFIX):] for c in message.user_comments
                   if c.startswith(MACHINE_PREFIX)), "")
    if message.fuzzy:
        return Translation(text, Status.MACHINE, origin)
    return Translation(text, Status.REVIEWED, "reviewer")


def needs_translation(message: Message) -> bool:
    """Only entries with no usable text go to an engine; fuzzy suggestions are kept."""
    return bool(message.id) and not message.string


def set_machine_translation(catalog: Catalog, msgid: str, text: str, origin: str,
                            problems: list[str] = ()) -> None:
    """Enter engine output as a fuzzy suggestion that names its engine and route."""
    message = catalog[msgid]
    if message.string and not message.fuzzy:
        raise AssertionError(f"refusing to overwrite a reviewed translation: {msgid!r}")
    message.string = text
    message.flags.add("fuzzy")
    comments = [c for c in message.user_comments
                if not c.startswith((MACHINE_PREFIX, QA_PREFIX))]
    comments.append(MACHINE_PREFIX + origin)
    comments.extend(QA_PREFIX + p for p in problems)
    message.user_comments = comments


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


# --- reading and writing ----------------------------------------------------

def read_catalog(path: Path, lang: str | None = None) -> MigoCatalog:
    """Read a PO/POT file strictly: a broken file stops the run and is left untouched."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot be read: {exc.strerror}", path) from exc
    locale = parse_language(lang) if lang else None
    catalog = MigoCatalog(locale=locale)
    parser = PoFileParser(catalog, abort_invalid=True)
    try:
        parser.parse(io.BytesIO(data))
    except PoFileError as exc:
        raise CatalogError(f"broken PO file: {exc}", path, exc.lineno + 1) from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise CatalogError(f"wrong character set: {exc}", path) from exc
    if locale is not None:
        catalog.locale = locale
    return catalog


def render_catalog(catalog: Catalog) -> bytes:
    """The exact bytes of a PO file, in gettext's conventions."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True, sort_output=False)
    return buffer.getvalue()


def save_catalog(catalog: MigoCatalog, path: Path, template: bool = False) -> bool:
    """Write only if the content changed; only then move the revision date.

    Returns whether the file was written.
    """
    old = path.read_bytes() if path.exists() else None
    if old is not None:
        previous = read_catalog(path)
        _copy_dates(previous, catalog, template)
        if render_catalog(catalog) == old:
            return False
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    if template:
        catalog.creation_date = now
    else:
        catalog.revision_date = now
    write_atomic(path, render_catalog(catalog))
    return True


def _copy_dates(previous: Catalog, catalog: Catalog, template: bool) -> None:
    if template:
        catalog.creation_date = previous.creation_date
    else:
        catalog.revision_date = previous.revision_date


@contextlib.contextmanager
def locked(locales_dir: Path) -> Iterator[None]:
    """Hold a lock on a locales folder so two runs never write the same PO file."""
    locales_dir.mkdir(parents=True, exist_ok=True)
    lock_path = locales_dir / ".migo.lock"
    with open(lock_path, "a+") as handle:
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
