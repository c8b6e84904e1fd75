"""Catalog stage: the PO files that are the source of truth for every translation.

The stage builds the template
(``locales/templates/<issue>.pot``) from the segmented issue, merges it into each
language's ``locales/<lang>/LC_MESSAGES/<issue>.po`` with Babel (reviewed entries are kept,
changed sources become fuzzy with their previous ``msgid``, vanished ones become obsolete),
hands the other stages plain :class:`~pipeline.model.Translation` objects, and writes
files back atomically — and only when something really changed, so that a run with no
change leaves every file byte-identical.

How a PO file is spelled is kept in :mod:`pipeline.pofile`, a part of this stage that
no other module imports (as Babel keeps ``pofile.py`` apart from its ``Catalog``); the
rest of migo reads and writes catalogs only through the functions here.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import hashlib
import heapq
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import babel.messages.catalog
import cydifflib
from babel import Locale
from babel.messages.catalog import Catalog, Message
from rapidfuzz import process
from rapidfuzz.distance import Indel

from . import langs, pofile
from .errors import InputError, LockedError
from .files import open_no_follow
from .model import BlockKind, Issue, Status, Translation
from .pofile import MigoCatalog, drop_format_flag
from .text import SIMILARITY_THRESHOLD, similarity

MACHINE_PREFIX = "machine: "  # translator comment naming engine and route
QA_PREFIX = "QA: "  # translator comment for a problem a reviewer must look at
MEMORY_PREFIX = "memory: "  # translator comment: which memory file a translation came from
# short enough for one comment line: Babel wraps comments, and a wrapped note's second
# line would be left behind when the note is replaced
PREVIOUS_NOTE = "previous: approved translation of the #| msgid; check the changed German"
#: translator comment with a digest of the German the msgstr was made for. ``#|`` says
#: the same, but plain ``msgmerge``, ``msgattrib --clear-previous``, the XLIFF round trip
#: and a Babel re-save drop it; translator comments survive all of them (tested).
SOURCE_PREFIX = "source: "
_OUR_PREFIXES = (MACHINE_PREFIX, QA_PREFIX, MEMORY_PREFIX, "previous: ", SOURCE_PREFIX)
# the lowest similarity at which a changed sentence keeps the old translation as a
# suggestion: the translation memory's bar, one value in text. Babel's own is 0.6, which
# hands an unrelated sentence's translation to a new one, and pages show fuzzy text.
FUZZY_THRESHOLD = SIMILARITY_THRESHOLD
#: The page frame's own catalog (skip link, notice …) beside the issues' PO files.
INTERFACE_DOMAIN = "migo-interface"

_BLOCK_NOTES = {
    BlockKind.HEADING: "heading",
    BlockKind.LIST_ITEM: "list item",
    BlockKind.QUOTE: "quote",
    BlockKind.IMAGE: "image description (alt text)",
    BlockKind.CAPTION: "image caption",
}


TEMPLATES = "templates"  # locales/templates/<issue>.pot


@dataclass(frozen=True)
class CatalogPaths:
    """Where an issue's catalogs live inside a locales folder."""

    locales_dir: Path
    issue: str

    @property
    def template(self) -> Path:
        return self.locales_dir / TEMPLATES / f"{self.issue}.pot"

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
                    drop_format_flag(message)
                elif location not in message.locations:
                    message.locations.append(location)
    return template


def new_catalog(lang: str, issue_name: str) -> MigoCatalog:
    """An empty catalog whose Language and Plural-Forms come from Babel's locale data."""
    locale = parse_language(lang)
    catalog = MigoCatalog(locale=locale, project="migo", version=issue_name, fuzzy=False,
                          header_comment=_header_comment(issue_name, locale))
    catalog.language_team = f"{locale.get_display_name('en')} <{lang}@li.org>"
    catalog.source_bytes = b""  # there is no file yet: one appearing meanwhile is a conflict
    catalog.last_translator = "migo machine translation <>"
    return catalog


def parse_language(lang: str) -> Locale:
    """A language code the user typed → Babel locale (via langs), or a clear error."""
    try:
        return langs.locale(lang)
    except InputError as exc:
        raise InputError(f"unknown language code {lang!r} (use ISO 639-1, e.g. tr, ar)") from exc


@contextlib.contextmanager
def _babel_matching_fast() -> Iterator[None]:
    """Babel's fuzzy matching, same answers, fast enough for a whole issue.

    Each new sentence of an edited issue is compared with every translated entry of
    every language (1,366 × 7 difflib ratios for one edited sentence of the benchmark
    issue, seconds in pure Python). Babel's module is given :func:`_close_matches`
    only while the update runs.
    """
    module = babel.messages.catalog
    original = module.get_close_matches
    module.get_close_matches = _close_matches
    try:
        yield
    finally:
        module.get_close_matches = original


def _close_matches(word: str, possibilities, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Babel's ``get_close_matches`` (difflib's, without autojunk), with the same result.

    difflib's ratio counts the characters of matching blocks, a common subsequence, so
    it is never above the Indel similarity (2·LCS / total length) that rapidfuzz
    computes for all candidates in one C++ call: only those that pass it get difflib's
    ratio, from cydifflib (the same algorithm in C). A quick_ratio filter, as difflib
    has, let 85 % of an issue's German sentences through; this one lets a few.
    """
    # rapidfuzz rounds near its cutoff (0.6 fell below 0.6 - 1e-9): the margin lets a
    # few more through to the exact ratio, which decides
    near = process.extract(word, list(possibilities), scorer=Indel.normalized_similarity,
                           score_cutoff=max(0.0, cutoff - 0.01), limit=None)
    matcher = cydifflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(word)
    scored = []
    for candidate, _, _ in near:
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            scored.append((ratio, candidate))
    return [candidate for _, candidate in heapq.nlargest(n, scored)]


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
    with _babel_matching_fast():
        existing.update(_fresh_messages(template), update_header_comment=False,
                        keep_user_comments=True)
    existing.project, existing.version = template.project, template.version
    unused = []  # old entries Babel matched too loosely to a new sentence
    for message in existing:
        if message.id:
            drop_format_flag(message)  # Babel's update re-creates messages, and the flag
            unused += _after_update(existing, message, old, reviewed, template)
    carried = {m.previous_id[0] for m in existing if m.id and m.previous_id and m.string}
    _keep_as_obsolete(existing, [old[key] for key in reviewed if key not in carried] + unused)
    return existing


def _fresh_messages(template: MigoCatalog) -> Catalog:
    """The template as Babel's update reads it (its messages and creation date), each
    message a copy of its own.

    Babel puts a new sentence's message into the catalog as it is: shared between
    languages, one language's translation would overwrite the others'. A deep copy of
    the whole template did the same job in 0.05 s a language; Babel's own clone of each
    message (its lists copied, its strings shared) takes a fifth of that.
    """
    fresh = Catalog(creation_date=template.creation_date)
    for message in template:
        if message.id:
            fresh[message.id] = message.clone()
    return fresh


def _after_update(existing: Catalog, message: Message, old: dict, reviewed: set,
                  template: Catalog) -> list[Message]:
    """The one step of :func:`merge`'s list that applies to an entry after Babel's update.

    Returns the old entry a too-weak match took, so that it stays obsolete.
    """
    if message.id in existing.obsolete and (not message.string or message.previous_id):
        _revive(existing, message)
    elif message.fuzzy and not message.previous_id and message.id in old:
        message.previous_id = list(old[message.id].previous_id or [])  # Babel dropped it
    elif _weak_match(message, old):
        taken = old[message.previous_id[0]]
        _clear_match(message, template[message.id])
        return [taken]
    elif message.previous_id and message.previous_id[0] in reviewed:
        _mark_previous_approved(message)
    _approve_source(message)
    earlier = old.get(_key(message)) or old.get(message.previous_id[0] if message.previous_id
                                                else None)
    if earlier is not None:
        _keep_reviewer_lines(message, earlier, template.version)
    return []


def _keep_reviewer_lines(message: Message, earlier: Message, issue: str) -> None:
    """A reviewer's own ``#.`` notes and ``#:`` references stay (Babel's update takes
    both from the template); migo's notes and this issue's places come from the template."""
    ours = set(_BLOCK_NOTES.values())
    message.auto_comments += [c for c in earlier.auto_comments
                              if c not in ours and c not in message.auto_comments]
    message.locations += [loc for loc in earlier.locations
                          if not str(loc[0]).startswith(f"{issue}/")
                          and loc not in message.locations]


def _mark_previous_approved(message: Message) -> None:
    """A person's approved text of the old sentence stays as the suggestion, so marked,
    with the old sentence's digest (unless it has one): it outlives a tool that drops
    ``#|``."""
    message.user_comments = [c for c in message.user_comments
                             if not c.startswith(MACHINE_PREFIX)]
    if PREVIOUS_NOTE not in message.user_comments:
        message.user_comments.append(PREVIOUS_NOTE)
    if source_digest(message) is None:
        _set_source(message, message.previous_id[0])


def source_digest(message: Message) -> str | None:
    """The digest in the entry's ``source:`` comment, or None (older files have none)."""
    for comment in message.user_comments:
        if comment.startswith(SOURCE_PREFIX):
            return comment[len(SOURCE_PREFIX):].strip()
    return None


def _set_source(message: Message, german: str) -> None:
    """Record which German sentence the entry's text translates."""
    comments = [c for c in message.user_comments if not c.startswith(SOURCE_PREFIX)]
    message.user_comments = comments + [SOURCE_PREFIX + text_digest(german)]


def made_for_other_german(message: Message) -> bool:
    """Whether the text was made for an earlier German sentence: a ``#| msgid``, or a
    ``source:`` digest of another sentence (when a tool dropped the ``#|`` line)."""
    digest = source_digest(message)
    return bool(message.previous_id) or (digest is not None
                                         and digest != text_digest(_first_id(message)))


def _first_id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _approve_source(message: Message) -> None:
    """A person approved the text for today's German: the digest follows the approval.

    An approved entry without a digest (written before migo recorded them, or typed into
    an empty entry) gets one, once: otherwise a plain msgmerge after the next change of
    its German would leave nothing that tells the old text from a new one.
    """
    if (not message.fuzzy and message.string
            and source_digest(message) != text_digest(_first_id(message))):
        _set_source(message, _first_id(message))


def _keep_as_obsolete(catalog: Catalog, kept: list[Message]) -> None:
    """Babel drops an old entry it used as a fuzzy suggestion: keep it obsolete."""
    active = {_key(m) for m in catalog if m.id}
    for message in kept:
        key = _key(message)
        if key not in active and key not in catalog.obsolete:
            catalog.obsolete[key] = message


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


def _revive(catalog: Catalog, message: Message) -> None:
    """A sentence came back: take its old entry out of the obsolete section."""
    old = catalog.obsolete.pop(message.id)
    message.string = old.string
    message.user_comments = list(old.user_comments)
    message.flags = set(old.flags) | {f for f in message.flags if f != "fuzzy"}
    message.previous_id = []


class EntryState(enum.Enum):
    """What a PO entry holds, decoded once from its flags, ``#|`` msgid and our comments.

    Every rule about an entry (what a page shows, whether the engine or the memory may
    fill it, what ``migo status`` counts) is a rule about this state, so the comment
    prefixes and Babel's ``Message`` fields are read in this module only.
    """

    UNTRANSLATED = "untranslated"  # no msgstr
    REVIEWED = "reviewed"  # approved by a person (no fuzzy flag)
    MEMORY_EXACT = "memory exact"  # approved elsewhere, reused for this very sentence
    MEMORY_FUZZY = "memory fuzzy"  # the memory's close match: translates another sentence
    MACHINE = "machine"  # an engine's suggestion, unedited
    PSEUDO = "pseudo"  # pseudo-localised layout text, never a real suggestion
    STALE_MACHINE = "stale machine"  # an engine's suggestion for an earlier German sentence
    STALE = "stale"  # a person's (approved) text for an earlier German sentence
    PERSON_SUGGESTION = "person suggestion"  # fuzzy text a person wrote or edited


#: the states an engine may (re)write; the rest are a person's work or wait for one
_MACHINE_STATES = {EntryState.MACHINE, EntryState.PSEUDO, EntryState.STALE_MACHINE}
#: the states the translation memory may fill (an empty entry, or engine text)
MEMORY_MAY_FILL = frozenset({EntryState.UNTRANSLATED, *_MACHINE_STATES})


def entry_state(message: Message) -> EntryState:
    """The one decoder of an entry's state (see :class:`EntryState`)."""
    if not message.string:  # (a plural entry's msgstr is a tuple of forms)
        return EntryState.UNTRANSLATED
    from_memory = not machine_origin(message) and any(
        c.startswith(MEMORY_PREFIX) for c in message.user_comments)
    if not message.fuzzy:
        return EntryState.MEMORY_EXACT if from_memory else EntryState.REVIEWED
    stale = made_for_other_german(message)
    if is_machine(message):
        if stale:
            return EntryState.STALE_MACHINE
        return EntryState.PSEUDO if machine_engine(message) == "pseudo" else EntryState.MACHINE
    if stale:
        return EntryState.MEMORY_FUZZY if from_memory else EntryState.STALE
    return EntryState.PERSON_SUGGESTION


def _text(message: Message) -> str:
    return message.string if isinstance(message.string, str) else ""


#: the states a person approved (here or, for the memory's exact hits, in another issue)
APPROVED = frozenset({EntryState.REVIEWED, EntryState.MEMORY_EXACT})


@dataclass(frozen=True)
class PoEntry:
    """An entry as the other stages see it: no Babel ``Message`` leaves here."""

    msgid: str
    text: str
    line: int
    state: EntryState
    msgctxt: str | None = None
    machine: str = ""  # engine and route of the ``machine:`` comment ("argos de→en→tr")
    files: tuple[str, ...] = ()  # the article files it occurs in ("2024-04/welcome.md")
    obsolete: bool = False
    fuzzy: bool = False  # the flag itself, which the checks print ("fuzzy entry")
    notes: tuple[str, ...] = ()  # the ``#.`` lines: "heading", "list item" …

    @property
    def approved(self) -> bool:
        return self.state in APPROVED

    @property
    def from_memory(self) -> bool:
        """Filled by the memory, so judged in another issue, not by this one's reviewers."""
        return self.state in (EntryState.MEMORY_EXACT, EntryState.MEMORY_FUZZY)

    @property
    def engine(self) -> str:
        """The engine of the ``machine:`` comment ("argos", "pseudo"), or ""."""
        return self.machine.split(" ", 1)[0]


def entries(catalog: Catalog, obsolete: bool = False) -> list[PoEntry]:
    """Every active entry with a (singular) German sentence, in file order.

    With ``obsolete``, the obsolete entries follow: quality figures and the TMX export
    still count a person's approved work on a sentence that left the issue.
    """
    kept = [(m, False) for m in catalog]
    if obsolete:
        kept += [(m, True) for m in catalog.obsolete.values()]
    return [PoEntry(m.id, _text(m), m.lineno or 0, entry_state(m), m.context,
                    machine_origin(m), tuple(dict.fromkeys(path for path, _ in m.locations)),
                    gone, m.fuzzy, tuple(m.auto_comments))
            for m, gone in kept if m.id and isinstance(m.id, str)]


def translations(catalog: Catalog) -> dict[str, Translation]:
    """Plain translation objects for the other stages, keyed by German sentence."""
    found: dict[str, Translation] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        found[message.id] = page_translation(message)
    return found


#: what a page shows per state: (show the text?, status, note when the text is hidden)
_PAGE_SHOWS: dict[EntryState, tuple[bool, Status, str]] = {
    EntryState.UNTRANSLATED: (False, Status.UNTRANSLATED, ""),
    EntryState.REVIEWED: (True, Status.REVIEWED, "reviewer"),
    EntryState.MEMORY_EXACT: (True, Status.REVIEWED, ""),  # approved in another issue
    EntryState.MACHINE: (True, Status.MACHINE, ""),
    EntryState.PSEUDO: (True, Status.MACHINE, ""),
    EntryState.PERSON_SUGGESTION: (True, Status.MACHINE, ""),
    EntryState.MEMORY_FUZZY: (False, Status.UNTRANSLATED, "suggestion for an earlier sentence"),
    EntryState.STALE_MACHINE: (False, Status.UNTRANSLATED, "suggestion for an earlier sentence"),
    EntryState.STALE: (False, Status.UNTRANSLATED, "suggestion for an earlier sentence"),
}


def page_translation(message: Message) -> Translation:
    """What a reader may be shown for the entry's German sentence: the one rule.

    An entry with ``#| msgid`` translates an *earlier* German sentence (an editor
    changed it, or the memory offered a close match): its dates and numbers may be the
    old ones, so it stays a suggestion in the PO file and the page shows the German.
    A shown text carries its origin (engine and route, or the memory file).
    """
    show, status, note = _PAGE_SHOWS[entry_state(message)]
    if not show:
        return Translation("", status, note)
    return Translation(_text(message), status, note or _origin(message))


def _origin(message: Message) -> str:
    """Engine and route from the ``machine:`` comment, else the memory file, else ""."""
    return machine_origin(message) or next(
        (c.replace(MEMORY_PREFIX, "memory ", 1) for c in message.user_comments
         if c.startswith(MEMORY_PREFIX)), "")


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
    state = entry_state(message)
    return (state in (EntryState.UNTRANSLATED, EntryState.STALE_MACHINE)
            or (state is EntryState.PSEUDO and replace_pseudo)
            or (state in _MACHINE_STATES and retranslate))


def needing_translation(catalog: Catalog, retranslate: bool = False,
                        replace_pseudo: bool = False) -> list[str]:
    """The German sentences of a catalog that go to the engine (see needs_translation)."""
    return [m.id for m in catalog if needs_translation(m, retranslate, replace_pseudo)]


def machine_engine(message: Message) -> str:
    """The engine named in the entry's ``machine:`` comment ("argos", "pseudo"), or ""."""
    return machine_origin(message).split(" ", 1)[0]


def is_machine(message: Message) -> bool:
    """Whether the entry's text is still what an engine wrote.

    The ``machine:`` comment carries a short digest of the engine's text. A reviewer who
    corrects a suggestion but leaves it fuzzy (work in progress) changes the text, the
    digest no longer fits, and the entry counts as a person's suggestion: no later run
    replaces it. Comments without a digest (older files) count as engine text.
    """
    for comment in message.user_comments:
        match = _MACHINE_COMMENT.match(comment)
        if match:
            digest = match.group("digest")
            text = message.string if isinstance(message.string, str) else ""
            return digest is None or digest == text_digest(text)
    return False


def machine_origin(message: Message) -> str:
    """Engine and route from the ``machine:`` comment, e.g. "argos de→en→tr"."""
    for comment in message.user_comments:
        match = _MACHINE_COMMENT.match(comment)
        if match:
            return match.group("origin")
    return ""


def text_digest(text: str) -> str:
    """Eight hex digits that tell whether a machine suggestion was edited since."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


_MACHINE_COMMENT = re.compile(
    "^" + re.escape(MACHINE_PREFIX) + r"(?P<origin>.*?)(?: \[(?P<digest>[0-9a-f]{8})\])?$")


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
    comments.append(f"{MACHINE_PREFIX}{origin} [{text_digest(text)}]")
    comments.append(SOURCE_PREFIX + text_digest(msgid))
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
    message.user_comments = comments + [MEMORY_PREFIX + note,
                                        SOURCE_PREFIX + text_digest(previous or msgid)]
    if previous is None:
        message.flags.discard("fuzzy")
        message.previous_id = []
    else:
        message.flags.add("fuzzy")
        message.previous_id = [previous]


def enter_memory_hits(catalog: Catalog, hits) -> None:
    """Enter what the memory found (objects with msgid, text, note, previous)."""
    for hit in hits:
        set_memory_translation(catalog, hit.msgid, hit.text, hit.note, hit.previous)


def memory_pairs(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(German, translation) of every reviewed entry, obsolete ones included.

    An obsolete entry's German left this issue, but its approved translation is still
    a person's work worth reusing. So is the approved text a changed sentence keeps as
    its suggestion: with its ``#| msgid`` it is the pair (old German, approved text) —
    msgmerge keeps no obsolete copy of it, and neither does :func:`merge`.
    """
    for message in [*catalog, *catalog.obsolete.values()]:
        if (isinstance(message.id, str) and message.id and isinstance(message.string, str)
                and message.string and not message.fuzzy):
            yield message.id, message.string
        elif (message.id and message.previous_id and isinstance(message.string, str)
              and entry_state(message) is EntryState.STALE):
            yield message.previous_id[0], message.string


def counts(catalog: Catalog) -> dict[str, int]:
    """Reviewed, fuzzy and untranslated entries, as ``migo status`` reports them."""
    found = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    for message in catalog:
        if message.id:
            found[_COUNTED_AS.get(entry_state(message), "fuzzy")] += 1
    return found


#: how ``migo status`` counts a state; every other state has text and a fuzzy flag
_COUNTED_AS = {EntryState.UNTRANSLATED: "untranslated", EntryState.REVIEWED: "reviewed",
               EntryState.MEMORY_EXACT: "reviewed"}


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


def issue_po_files(locales: Path, issue: str | None) -> list[Path]:
    """The PO files of one issue, or of every issue (the page frame strings excluded).

    Finding none is an error, not an empty answer: a mistyped issue name or --locales
    folder would otherwise pass as "no problems".
    """
    if not locales.is_dir():
        raise InputError("is not a folder of PO files (give it with --locales DIR)", locales)
    every = sorted(p for p in locales.glob("*/LC_MESSAGES/*.po")
                   if p.stem != INTERFACE_DOMAIN)
    if not issue:
        if not every:
            raise InputError("holds no PO files of any issue yet (migo translate makes them)",
                             locales)
        return every
    name = Path(issue).name
    found = [p for p in every if p.stem == name]
    if not found:
        known = ", ".join(sorted({p.stem for p in every})) or "none yet"
        raise InputError(f"no PO files of issue {name!r} (issues here: {known})", locales)
    return found


# --- reading and writing (the syntax lives in pofile) ------------------------

def read_catalog(path: Path, lang: str | None = None) -> MigoCatalog:
    """Read a PO/POT file strictly; ``lang`` sets the locale (and Plural-Forms)."""
    return pofile.load(path, parse_language(lang) if lang else None)


render_catalog = pofile.dump
save_catalog = pofile.save


@contextlib.contextmanager
def locked(locales_dir: Path) -> Iterator[None]:
    """Hold a lock on a locales folder so two runs never write the same PO file.

    The lock file is opened with ``O_NOFOLLOW``: a ``.migo.lock`` that is a symlink (from
    a synced folder or a USB stick) would make the run truncate whatever it points to.
    """
    lock_path = locales_dir / ".migo.lock"
    try:
        locales_dir.mkdir(parents=True, exist_ok=True)
        fd = open_no_follow(lock_path, os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LockedError("is a symlink; migo never writes through a link it did not "
                              "make. Delete it and run again", lock_path) from exc
        raise LockedError(f"cannot write the PO files here: {exc.strerror}",
                          locales_dir) from exc
    with os.fdopen(fd, "r+") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LockedError("is not a regular file; delete it and run again", lock_path)
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

