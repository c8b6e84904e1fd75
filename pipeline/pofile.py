"""PO file syntax: strict reading, validation and writing in gettext's conventions.

The catalog stage decides *what* the PO files say; this module alone knows how a PO file
is spelled, the way Babel keeps ``pofile.py`` apart from its ``Catalog``. It reads
strictly (a broken file stops the run and is left untouched), and writes atomically and
only when the content changed, in the layout gettext, Poedit and Weblate expect.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages import pofile as babel_pofile
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, generate_po, normalize, unescape
from babel.util import TextWrapper

from . import __version__
from .errors import CatalogError
from .files import PO_LIMIT, ChangedMeanwhile, read_regular, timestamp, write_atomic
from .text import CONTROL_CHARACTER

GENERATOR = f"migo {__version__}"
WIDTH = 76  # gettext's and Poedit's wrapping
BOM = b"\xef\xbb\xbf"  # Windows editors put it first; msgfmt refuses it
_PLURAL_ERROR = ("the Plural-Forms header is not valid (it should read like "
                 "nplurals=2; plural=(n != 1);)")


class MigoCatalog(Catalog):
    """A Babel catalog that keeps headers Babel does not know (X-Generator, X-Migo-*).

    Poedit and Weblate add their own ``X-`` headers; dropping them on every run would be
    churn in a reviewer's file.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.extra_headers: dict[str, str] = {}
        # the file's bytes when it was read (b"" when there was no file), so that a save
        # can tell whether someone changed the file in the meantime; None: don't check
        self.source_bytes: bytes | None = None
        # (creation, revision) date as read from source_bytes: a save that changes
        # nothing need not parse the file again to learn them
        self.source_dates: tuple | None = None
        # after a save: the file holds exactly migo's layout of this catalog, so each
        # message's lineno is its line in the file (see generate)
        self.lines_match_file = False
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


def _line_of(data: bytes, text: bytes) -> int | None:
    """The line number of the first line holding ``text``, for an error message."""
    at = data.find(text)
    return data[:at].count(b"\n") + 1 if at >= 0 else None


def drop_format_flag(message: Message) -> None:
    """German prose is never a format string, whatever Babel guesses from "50 % der".

    Babel flags such a sentence ``python-format``; ``msgfmt --check`` then refuses a
    correct translation like Turkish "%50".
    """
    message.flags.discard("python-format")


def approved_entries(catalog: Catalog) -> Iterator[tuple[str | tuple, str | tuple, int | None]]:
    """(msgid, msgstr, line) of every approved entry: gettext's rule of what is used.

    Fuzzy and empty entries are skipped, as gettext skips them. A plural entry gives its
    (singular, plural) msgids and its tuple of forms.
    """
    for message in catalog:
        if message.id and not message.fuzzy and message.string:
            yield message.id, message.string, message.lineno


def load(path: Path, locale: Locale | None = None) -> MigoCatalog:
    """Read a PO/POT file strictly: a broken file stops the run and is left untouched.

    Babel's parser accepts unterminated strings and duplicate entries without a word, so
    :func:`validate` checks the file against gettext's rules first.
    """
    original = read_regular(path, PO_LIMIT, CatalogError)
    validate(original.removeprefix(BOM), path)
    return _parsed(original, path, locale)


def _parsed(original: bytes, path: Path, locale: Locale | None = None) -> MigoCatalog:
    """The catalog of PO bytes that :func:`validate` has passed."""
    data = original.removeprefix(BOM)
    catalog = MigoCatalog(locale=locale)
    catalog.source_bytes = original
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
    _check_plural_rule(catalog, data, path)
    catalog.source_dates = (catalog.creation_date, catalog.revision_date)
    if locale is not None:
        catalog.locale = locale
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous_id(message)
        drop_format_flag(message)
    return catalog


def _check_plural_rule(catalog: Catalog, data: bytes, path: Path) -> None:
    """The header's plural rule must give a form for every number, as gettext needs.

    ``plural=(n/0)`` or a rule naming form 3 of 2 reads fine and only fails when a page
    counts something: a traceback after the PO files were written.
    """
    if b"Plural-Forms:" not in data:
        return
    try:
        rule = gettext.c2py(catalog.plural_expr)
        good = all(0 <= rule(n) < catalog.num_plurals for n in range(1001))
    except (ValueError, ArithmeticError, RecursionError, TypeError):
        good = False
    if not good:
        raise CatalogError("the Plural-Forms rule does not give a form from 0 to "
                           f"nplurals-1 for every number: {catalog.plural_expr!r}",
                           path, _line_of(data, b'"Plural-Forms:'))


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


def dump(catalog: Catalog) -> bytes:
    """The exact bytes of a PO file, in gettext's conventions.

    A file kept in a legacy charset (ISO-8859-1) stays in it while its text fits; when
    it does not (an arrow in a machine comment, Turkish letters), the catalog switches
    to UTF-8, header included, rather than fail or write "?".
    """
    with _wrapping_remembered():
        try:
            return "".join(generate(catalog)).encode(catalog.charset or "utf-8")
        except UnicodeEncodeError:
            catalog.charset = "utf-8"
            return "".join(generate(catalog)).encode("utf-8")


@functools.lru_cache(maxsize=1 << 16)
def _wrapped(string: str, prefix: str = "", width: int = WIDTH) -> str:
    return normalize(string, prefix=prefix, width=width)


@functools.lru_cache(maxsize=1 << 16)
def _wrapped_comment(text: str, width: int, indent: str, break_long_words: bool) -> tuple:
    wrapper = TextWrapper(width=width, subsequent_indent=indent,
                          break_long_words=break_long_words)
    return tuple(wrapper.wrap(text))


class _RememberingWrapper(TextWrapper):
    """Babel's comment wrapper, each comment wrapped once (see _wrapping_remembered)."""

    def wrap(self, text: str) -> list[str]:
        return list(_wrapped_comment(text, self.width, self.subsequent_indent,
                                     self.break_long_words))


@contextlib.contextmanager
def _wrapping_remembered() -> Iterator[None]:
    """Babel's line wrapping of strings and comments, computed once per text.

    Wrapping is most of the time of writing a PO file, and the same texts are wrapped
    again and again: each German sentence, note and reference once per language, and a
    save that changes a file dumps it up to three times. Babel's module is given the
    remembering versions only while the dump runs; each gives the same result for the
    same arguments (a whole issue's PO file: 0.060 s → 0.021 s a dump, same bytes).
    """
    original = babel_pofile.normalize, babel_pofile.TextWrapper
    babel_pofile.normalize, babel_pofile.TextWrapper = _wrapped, _RememberingWrapper
    try:
        yield
    finally:
        babel_pofile.normalize, babel_pofile.TextWrapper = original


def generate(catalog: Catalog) -> Iterator[str]:
    """Babel's PO lines, with ``#| msgid`` and obsolete entries' flags written as gettext does.

    Babel wraps ``#|`` as prose (breaking string literals across comment lines, which
    Poedit cannot read) and drops the ``fuzzy`` flag of obsolete entries (which would
    turn an old machine suggestion into an approved one on the next read).
    Each message's ``lineno`` becomes the line of its ``msgid`` in these lines, as
    reading the written file would set it, and an obsolete message loses its references
    and notes as reading would lose them: the checks and quality figures use the catalog
    without parsing the file again (see ``MigoCatalog.lines_match_file``).
    """
    active = iter(list(catalog))
    obsolete = iter(list(catalog.obsolete.values()))
    in_context = False
    pending: list[str] = []  # an entry's comment lines, held until we know the entry
    lines = 0
    for line in generate_po(catalog, width=WIDTH, include_previous=False):
        if line.startswith("#") and not line.startswith("#~"):
            pending.append(line)
            continue
        if line.startswith(("msgctxt ", "msgid ")) and not in_context:
            message = next(active)
            pending = [*_translator_comments(pending, message), *_previous_lines(message)]
        elif line.startswith(("#~ msgctxt ", "#~ msgid ")) and not in_context:
            message = next(obsolete)
            message.locations, message.auto_comments = [], []  # Babel writes neither
            if message.flags:
                pending.append(f"#, {', '.join(sorted(message.flags))}\n")
        lines += sum(chunk.count("\n") for chunk in pending)
        yield from pending
        pending = []
        if line.startswith(("msgid ", "#~ msgid ")) and message.id:
            message.lineno = lines + 1
        in_context = line.lstrip("#~ ").startswith("msgctxt ")
        lines += line.count("\n")
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


def save(catalog: MigoCatalog, path: Path, template: bool = False) -> bool:
    """Write only if the content changed, and then change only what changed, as msgmerge.

    "Changed" means changed by this run: when the file, read and written back untouched,
    gives the same bytes as the updated catalog, the file stays as it is — even if Poedit
    or Weblate laid it out a little differently (their own wrapping or X-Generator).
    When something did change, every entry this run did not change keeps its exact lines
    (a foreign tool's wrapping included), and in the header only migo's own fields move
    (``POT-Creation-Date``, ``X-Migo-*``): ``PO-Revision-Date``, ``Last-Translator``,
    ``Language-Team`` and ``X-Generator`` belong to the reviewer's tool. A template's
    creation date moves when it is written; a new PO file gets today's revision date.
    A file saved with Windows line ends keeps them. A byte-order mark is dropped (msgfmt
    refuses it). A file that changed since it was read (a reviewer saved it in Poedit
    while migo ran) is not overwritten: the run stops and asks to be run again.
    The comparison is made again right before the new file replaces the old one (see
    :func:`~pipeline.files.write_atomic`), so a save that falls between the first check
    and the rename is not lost either.
    A PO file that is a symlink is never written through (nor replaced by a file).
    Returns whether the file was written.
    """
    if path.is_symlink():
        raise CatalogError("is a symlink; migo reads it but never writes through a link "
                           "it did not make", path)
    old = read_regular(path, PO_LIMIT, CatalogError) if path.exists() else None
    _refuse_if_changed_meanwhile(catalog, path, old)
    now = timestamp().replace(second=0, microsecond=0)
    catalog.lines_match_file = False
    if old is None:
        if template:
            catalog.creation_date = now
        else:
            catalog.revision_date = now
        data = new = dump(catalog)
    else:
        new = _dump_with_read_dates(catalog, old, template)
        if new is not None and _same_lines(_line_ends_of(old, new), old):
            catalog.lines_match_file = True
            return False  # the common re-run: decided without parsing the file again
        known = _known_changes(old, new, catalog, path) if new is not None else None
        if known is not None:  # this run changed entries of a file it read: write
            if template:
                catalog.creation_date = now
                new = dump(catalog)
            data = _spliced_known(known, new, catalog)
            return _write(catalog, path, data, old, new)
        # the bytes this catalog was read from were validated then: parsing is enough
        previous = _parsed(old, path) if catalog.source_bytes == old else load(path)
        _copy_dates(previous, catalog, template)
        unchanged = dump(previous)
        new = dump(catalog) if new is None else new
        if _line_ends_of(old, new) in (old, _line_ends_of(old, unchanged)):
            catalog.lines_match_file = _same_lines(_line_ends_of(old, new), old)
            if not old.startswith(BOM):
                return False
            data = old.removeprefix(BOM).replace(b"\r\n", b"\n")
        else:
            if template:
                catalog.creation_date = now
                new = dump(catalog)
            data = _spliced(old.removeprefix(BOM), unchanged, new, catalog)
    return _write(catalog, path, data, old, new)


def _write(catalog: MigoCatalog, path: Path, data: bytes, old: bytes | None,
           new: bytes) -> bool:
    data = _line_ends_of(old, data)
    _write_unless_changed(catalog, path, data, old)
    catalog.source_bytes, catalog.source_dates = data, None
    catalog.lines_match_file = _same_lines(data, _line_ends_of(old, new))
    return True


def _dump_with_read_dates(catalog: MigoCatalog, old: bytes, template: bool) -> bytes | None:
    """The catalog's bytes with the file's dates, when they are known without parsing.

    The file is the one the catalog was read from (checked just before), so its dates
    are the ones remembered at reading; :func:`_copy_dates` would set the same. None
    when the catalog was not read from these bytes.
    """
    if catalog.source_dates is None or catalog.source_bytes != old:
        return None
    creation, revision = catalog.source_dates
    if template:
        catalog.creation_date = creation
    else:
        catalog.revision_date = revision
    return dump(catalog)


def _write_unless_changed(catalog: MigoCatalog, path: Path, data: bytes,
                          old: bytes | None) -> None:
    """Write atomically, refusing at the last moment if someone saved the file meanwhile."""
    expected = None if catalog.source_bytes is None else (old or b"")
    try:
        write_atomic(path, data, expected=expected)
    except ChangedMeanwhile:
        raise CatalogError(_CHANGED_MEANWHILE, path) from None


# --- minimal churn: unchanged entries keep their lines ---------------------------------

#: header fields the reviewer's tool owns: migo never rewrites them in an existing file
REVIEWER_FIELDS = ("PO-Revision-Date", "Last-Translator", "Language-Team", "X-Generator")
_HEADER = (False, None, "")
_FIELD = re.compile(r'^"([A-Za-z][A-Za-z0-9-]*):.*\\n"$')


def _spliced(old: bytes, unchanged: bytes, new: bytes, catalog: MigoCatalog) -> bytes:
    """``new``, with every entry this run did not change taken from ``old`` as written.

    ``unchanged`` is what migo writes for the old file as it was read: an entry whose new
    form equals that one was not changed by this run, so its old lines stay. The result is
    read back and must say exactly what ``new`` says; if it does not (a file whose layout
    we cannot split into entries), ``new`` is written whole, never a wrong file.
    """
    charset = catalog.charset or "utf-8"
    try:
        texts = [data.replace(b"\r\n", b"\n").decode(charset)
                 for data in (old, unchanged, new)]
    except UnicodeDecodeError:  # the charset changed (a legacy file switched to UTF-8)
        return new
    return _joined(_blocks_by_key(texts[0]), _blocks_by_key(texts[1]), _keyed(texts[2]),
                   _ending(texts[0]), new, charset)


def _keyed(text: str) -> list[tuple[tuple | None, str]]:
    return [(_block_key(block), block) for block in _blocks(text)]


def _joined(old_blocks: dict[tuple, str], unchanged_blocks: dict[tuple, str],
            new_blocks: list[tuple[tuple | None, str]], ending: str, new: bytes,
            charset: str) -> bytes:
    """The splice itself: each new block, or its old lines when this run left it alone."""
    out = []
    for key, block in new_blocks:
        if key in old_blocks and (old_blocks[key] == block
                                  or unchanged_blocks.get(key) == block):
            out.append(old_blocks[key])
        elif key == _HEADER and key in old_blocks and key in unchanged_blocks:
            out.append(_header_edit(old_blocks[key], unchanged_blocks[key], block))
        else:
            out.append(block)
    data = ("\n\n".join(out) + ending).encode(charset)
    # the spliced file is usually the new one but for blank lines at the end (migo wrote
    # the old file): the same entries by definition, no need to read both back
    same = data.rstrip(b"\n") == new.rstrip(b"\n") or _same_content(data, new)
    return data if same else new


@dataclass
class _Known:
    """A file this catalog was read from, as blocks, with migo's writing of the blocks
    whose lines the new catalog does not repeat (see :func:`_known_changes`)."""

    blocks: dict[tuple, str]
    unchanged: dict[tuple, str]
    ending: str
    new: bytes  # the catalog's bytes these were found for, and their blocks
    new_blocks: list[tuple[tuple | None, str]]


def _known_changes(old: bytes, new: bytes, catalog: MigoCatalog, path: Path) -> _Known | None:
    """What :func:`_spliced` needs, parsing only the entries whose lines differ.

    An entry written the same in the old file and the new catalog is unchanged by
    definition; only the others need migo's writing of the old entry to tell this run's
    changes from another tool's layout. Parsing the whole file again for that took as
    long as reading it (0.06 s a language for a whole issue). Only for a catalog read
    from these very bytes (validated then), in one piece per entry; and only when the
    run surely changed something (an entry added, dropped or changed): otherwise None,
    and :func:`save` takes the long way, which also decides whether to write at all.
    """
    if catalog.source_bytes != old or old.startswith(BOM):
        return None
    charset = catalog.charset or "utf-8"
    try:
        old_text, new_text = (data.replace(b"\r\n", b"\n").decode(charset)
                              for data in (old, new))
    except UnicodeDecodeError:
        return None
    old_list = _blocks(old_text)
    old_keys = [_block_key(block) for block in old_list]
    if None in old_keys or len(set(old_keys)) != len(old_keys) or _HEADER not in old_keys:
        return None
    blocks = dict(zip(old_keys, old_list))
    new_keyed = _keyed(new_text)
    new_blocks = dict(new_keyed)
    differing = [key for key, block in new_blocks.items()
                 if key in blocks and blocks[key] != block and key != _HEADER]
    unchanged = _written_again([blocks[_HEADER], *(blocks[key] for key in differing)], path,
                               charset)
    if unchanged is None:
        return None
    changed = (new_blocks.keys() != blocks.keys()
               or any(unchanged.get(key) != new_blocks[key] for key in differing))
    return _Known(blocks, unchanged, _ending(old_text), new, new_keyed) if changed else None


def _written_again(blocks: list[str], path: Path, charset: str) -> dict[tuple, str] | None:
    """migo's writing of these entries (the header first) as a file of their own."""
    try:
        catalog = _parsed(("\n\n".join(blocks) + "\n").encode(charset), path)
        return _blocks_by_key(dump(catalog).decode(catalog.charset or "utf-8"))
    except (CatalogError, UnicodeError):
        return None


def _spliced_known(known: _Known, new: bytes, catalog: MigoCatalog) -> bytes:
    charset = catalog.charset or "utf-8"
    if new == known.new:
        new_blocks = known.new_blocks
    else:  # a template's new creation date
        try:
            new_blocks = _keyed(new.decode(charset))
        except UnicodeDecodeError:
            return new
    return _joined(known.blocks, known.unchanged, new_blocks, known.ending, new, charset)


def _ending(text: str) -> str:
    """The line feeds a file ends with: Babel leaves a blank line, gettext does not."""
    return "\n" * max(1, len(text) - len(text.rstrip("\n")))


def _same_lines(data: bytes, other: bytes) -> bool:
    """Every entry on the same lines: the files differ at most in blank lines at the end."""
    return data.rstrip(b"\r\n") == other.rstrip(b"\r\n")


def _same_content(data: bytes, new: bytes) -> bool:
    try:
        return dump(load_bytes(data)) == dump(load_bytes(new))
    except CatalogError:
        return False


def load_bytes(data: bytes) -> MigoCatalog:
    """A catalog from PO bytes, read as strictly as a file."""
    validate(data, "<spliced>")
    catalog = MigoCatalog()
    PoFileParser(catalog, abort_invalid=True).parse(io.BytesIO(_OBSOLETE_PREVIOUS.sub(b"", data)))
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous_id(message)
    return catalog


def _blocks(text: str) -> list[str]:
    return [block for block in re.split(r"\n[ \t]*\n+", text.strip("\n")) if block.strip()]


def _blocks_by_key(text: str) -> dict[tuple, str]:
    """Entry blocks by (obsolete?, msgctxt, msgid); a key seen twice is left out."""
    found: dict[tuple, str] = {}
    twice = set()
    for block in _blocks(text):
        key = _block_key(block)
        if key is None:
            continue
        if key in found:
            twice.add(key)
        found[key] = block
    return {key: block for key, block in found.items() if key not in twice}


def _block_key(block: str) -> tuple | None:
    """(obsolete?, msgctxt or None, msgid as escaped in the file) of one entry's lines."""
    obsolete = False
    parts: dict[str, str] = {}
    keyword = None
    for line in block.split("\n"):
        if line.startswith("#~ "):
            obsolete, line = True, line[3:]
        elif line.startswith("#"):
            continue
        match = _KEYWORD.match(line.strip())
        if match:
            keyword, line = match.group(1), match.group(2)
            if keyword not in ("msgctxt", "msgid"):
                break  # msgid_plural or msgstr: gettext's order puts the key before them
        if keyword in ("msgctxt", "msgid"):
            parts[keyword] = parts.get(keyword, "") + "".join(_STRING.findall(line))
    if "msgid" not in parts:
        return None
    return (obsolete, parts.get("msgctxt"), parts["msgid"])


def _header_edit(old: str, unchanged: str, new: str) -> str:
    """The old header with only migo's changed fields replaced or added."""
    before, after = _fields(unchanged), _fields(new)
    changed = {name: line for name, line in after.items()
               if before.get(name) != line and name not in REVIEWER_FIELDS}
    if not changed:
        return old
    lines = old.split("\n")
    for name, line in changed.items():
        at = next((i for i, text in enumerate(lines) if text.startswith(f'"{name}:')), None)
        if at is None:
            lines.append(line)
        elif _FIELD.match(lines[at]):
            lines[at] = line
        else:  # a field wrapped over two lines: not ours to untangle
            return new
    return "\n".join(lines)


def _fields(header: str) -> dict[str, str]:
    return {m.group(1): line for line in header.split("\n") if (m := _FIELD.match(line))}


def _refuse_if_changed_meanwhile(catalog: MigoCatalog, path: Path, now: bytes | None) -> None:
    if catalog.source_bytes is not None and (now or b"") != catalog.source_bytes:
        raise CatalogError(_CHANGED_MEANWHILE, path)


_CHANGED_MEANWHILE = ("changed while migo was running (saved in another program?); it was "
                      "left as it is. Run migo again")


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
# escapes are read left to right: in "\\\\" the second backslash is escaped, not escaping
_ESCAPE = re.compile(r'\\(?:[ntrabfv"\\\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+)')
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
# ``#~| msgid`` (msgmerge's previous msgid of an obsolete entry) is valid gettext that
# Babel refuses; such lines are emptied, keeping line numbers, and not written back
_OBSOLETE_PREVIOUS = re.compile(rb"(?m)^#~\|[^\n]*")
# what may follow each keyword in an entry (None: the entry is complete)
_NEXT = {"msgctxt": {"msgid"}, "msgid": {"msgid_plural", "msgstr"},
         "msgid_plural": {"msgstr[]"}, "msgstr": set(), "msgstr[]": {"msgstr[]"}}


def validate(data: bytes, path: Path | str) -> None:
    """Check a PO file against gettext's grammar before Babel reads it.

    Raises :class:`CatalogError` naming the line of the first problem: a character set
    the bytes do not match, an unknown keyword, an unterminated string or bad escape, a
    ``msgid`` without ``msgstr``, a duplicate entry (which ``msgfmt`` refuses), an empty
    file, or a first entry that is not the header (without it the charset and language
    are unknown, and Babel would invent a header of placeholders).
    Obsolete ``#~`` entries are skipped, as ``msgfmt`` skips them.

    Each kind of line has its own small handler on :class:`_Reading`, as Babel's
    ``PoFileParser`` has one per kind.
    """
    if not data.strip():
        raise CatalogError("the file is empty (restore it from a copy, or delete it and "
                           "migo starts a new one)", path)
    # split on line feeds only: str.splitlines() also breaks at U+2028 and other
    # separators, which gettext treats as text (valid inside a msgstr)
    lines = [line.removesuffix("\r") for line in _decoded(data, path).split("\n")]
    _check_characters(lines, path)
    reading = _Reading(path)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            reading.blank_or_comment(number)
        elif line.startswith('"'):
            reading.continuation(line, number)
        else:
            reading.keyword(line, number)
    reading.end(len(lines) - (lines[-1] == ""))  # a final line feed ends the last line


_OPEN = ("msgctxt", "msgid", "msgid_plural")  # keywords an entry cannot end on


@dataclass
class _Reading:
    """Where :func:`validate` is in a PO file: the open entry and the entries seen."""

    path: Path | str
    state: str | None = None  # last keyword of the open entry
    entry_line: int = 0  # where the open entry starts
    key: str = ""  # its msgid so far
    context: str = ""  # its msgctxt so far
    seen: dict[tuple[str, str], int] = field(default_factory=dict)  # (ctxt, id) → line

    def blank_or_comment(self, number: int) -> None:
        """A blank or comment line ends the entry, which must have its msgstr by now."""
        if self.state in _OPEN:
            raise CatalogError(f"msgid without msgstr (entry starts on line {self.entry_line})",
                               self.path, number)
        self.state = None

    def continuation(self, line: str, number: int) -> None:
        """A string line continues the keyword above it."""
        if self.state is None:
            raise CatalogError("text outside an entry (a stray line or a missing keyword)",
                               self.path, number)
        part = _checked_strings(line, self.path, number)
        if self.state in ("msgstr", "msgstr[]"):
            _check_translation(part, self.path, number)
        if self.state == "msgctxt":
            self.context += part
        elif self.state == "msgid":
            self.key += part

    def keyword(self, line: str, number: int) -> None:
        """A keyword line: in an order gettext allows, with well-formed strings."""
        match = _KEYWORD.match(line)
        if not match:
            raise CatalogError(f"unknown keyword: {line.split()[0][:30]}", self.path, number)
        keyword = "msgstr[]" if match.group(1).startswith("msgstr[") else match.group(1)
        allowed = _NEXT[self.state] if self.state else {"msgctxt", "msgid"}
        if keyword not in allowed:
            expected = " or ".join(sorted(allowed)) or "a new entry"
            raise CatalogError(f"{match.group(1)} where {expected} was expected",
                               self.path, number)
        part = _checked_strings(match.group(2), self.path, number)
        if keyword in ("msgstr", "msgstr[]"):
            _check_translation(part, self.path, number)
        if keyword in ("msgctxt", "msgid") and self.state is None:
            self.entry_line, self.key, self.context = number, "", ""
        if keyword == "msgctxt":
            self.context = part
        elif keyword == "msgid":
            self.key = part
        elif keyword in ("msgstr", "msgstr[]") and self.state not in ("msgstr", "msgstr[]"):
            self._entry_complete()
        self.state = keyword

    def _entry_complete(self) -> None:
        """The first msgstr: the header must come first, and no entry twice."""
        if not self.seen and (self.context, self.key) != ("", ""):
            raise CatalogError('no header: the first entry must be msgid "" with the '
                               "Language and Content-Type lines", self.path, self.entry_line)
        _check_duplicate(self.seen, (self.context, self.key), self.entry_line, self.path)

    def end(self, last_line: int) -> None:
        """The file may not end inside an entry, and must hold at least the header."""
        if self.state in _OPEN:
            raise CatalogError("the file ends inside an entry (msgid without msgstr)",
                               self.path, last_line)
        if not self.seen:
            raise CatalogError('no entries and no header (msgid "")', self.path)


def _decoded(data: bytes, path: Path | str) -> str:
    """The text in the charset the header declares (UTF-8 when it declares none)."""
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    header_line = data[:match.start()].count(b"\n") + 1 if match else 1
    try:
        text = data.decode(charset)
    except LookupError:
        raise CatalogError(f"unknown character set {charset!r} in the header",
                           path, header_line) from None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CatalogError(f"wrong character set: the header says {charset}, but this line "
                           f"is not {charset} (save the file as {charset})", path, line) from None
    if codecs.lookup(charset).name != "utf-8":
        _refuse_hidden_utf8(data, charset, path)
    return text


def _refuse_hidden_utf8(data: bytes, charset: str, path: Path | str) -> None:
    """A file in another charset that is really UTF-8 (an editor saved it so).

    Every byte is valid Latin-1, so decoding "succeeds" and a run would rewrite the
    reviewed text as "Ã¼"; a legacy file holding only valid UTF-8 sequences for its
    non-ASCII letters is that case in practice.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    at = next((i for i, byte in enumerate(data) if byte > 0x7F), None)
    if at is not None:
        line = data[:at].count(b"\n") + 1
        raise CatalogError(f"wrong character set: the header says {charset}, but the file "
                           "is UTF-8 (set charset=UTF-8 in the header)", path, line)


# C0 controls (tab, line feed, carriage return aside) and DEL: no page may hold them
# (XML forbids most), and a terminal shows ESC as a command
# UTF-8 read as Latin-1/CP1252 and saved again: "Ã¼" for "ü", "â€ž" for "„"
_CONT = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
         "\u02dc\u2013-\u203a\u20ac\u2122]")
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|\u00e2{_CONT}{{2}}")
# what such a pair or triple decodes to in European text: letters, punctuation, €
_PLAUSIBLE = re.compile("[\u00a0-\u024f\u2010-\u203a\u20ac\u2122]")


def _check_characters(lines: list[str], path: Path | str) -> None:
    """Refuse control characters, naming the line.

    They would otherwise reach the pages: lxml refuses them, a traceback after the PO
    files were written.
    """
    for number, line in enumerate(lines, start=1):
        control = CONTROL_CHARACTER.search(line)
        if control:
            raise CatalogError(f"control character U+{ord(control.group()):04X} in the text; "
                               "delete it in a text editor", path, number)


def _check_translation(text: str, path: Path | str, number: int) -> None:
    """A translation decoded twice ("Ã¼" for "ü") is refused before a run rewrites it.

    Only ``msgstr`` text is judged: the ``msgid`` is the article's German as migo read
    it, and a run must be able to read back what it wrote.
    """
    if looks_double_encoded(text):
        raise CatalogError("the translation looks double-encoded (UTF-8 read as Latin-1, "
                           "e.g. 'Ã¼' for 'ü'); fix it in a text editor", path, number)


def looks_double_encoded(text: str) -> bool:
    """Whether ``text`` holds UTF-8 bytes that were once decoded as Latin-1 or CP1252."""
    for match in _MOJIBAKE.finditer(text):
        for legacy in ("cp1252", "latin-1"):
            try:
                decoded = match.group().encode(legacy).decode("utf-8")
            except UnicodeError:
                continue
            if _PLAUSIBLE.fullmatch(decoded):
                return True
    return False


def _checked_strings(text: str, path: Path | str, number: int) -> str:
    """The strings of one line joined, once they are well-formed (quotes, escapes)."""
    if not _STRINGS.match(text.strip()):
        raise CatalogError("unterminated or malformed string (check the quotes)", path, number)
    joined = "".join(_STRING.findall(text))
    if "\\" in joined and "\\" in _ESCAPE.sub("", joined):
        raise CatalogError("invalid escape sequence (a lone backslash?)", path, number)
    return joined


def _check_duplicate(seen: dict, key: tuple[str, str], line: int, path: Path | str) -> None:
    if key in seen:
        raise CatalogError(f"duplicate entry: the same msgid is already on line {seen[key]}",
                           path, line)
    seen[key] = line
