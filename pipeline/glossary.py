"""The glossary: German terms with fixed translations, found in German text.

A glossary is a list of :class:`Term` rows read from CSV files in ``glossaries/`` (one
column per target language, ``=`` meaning "keep the German term as written", an empty
cell meaning "no constraint") and exchanged with CAT tools as TBX (ISO 30042).

Matching works on tokens, not substrings, because a reader's trust depends on *not*
replacing "Essen" inside "Essener" or "WSC" inside "WSCX". German nouns inflect, so the
common case and plural endings are recognised without listing them; irregular forms
(umlaut plurals, adjectival nouns such as "Beigeordnete") go into the ``de`` cell as
``Beigeordneter|Beigeordnete|Beigeordneten``.

This module knows nothing of engines, PO files or HTML; inline tags (``<a1>``) only
matter in that a term is never found inside one or across one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import GlossaryError, InputError
from .files import TEXT_LIMIT, read_regular, write_atomic
from .langs import bcp47, is_language
from .text import blank_tags

KEEP = "="  #: a target cell meaning "keep the German term as written"
KINDS = ("term", "name")  #: names are exempt from ``<span lang="de">`` (WCAG 3.1.2)
EXTRA_COLUMNS = ("kind", "note")  #: the non-language columns a CSV may have

# Endings a German noun takes in the four cases and the plural (Titel-s, Titel-n,
# Kurs-e, Kurs-es, Kurs-en, Erlaubnis-se, Erlaubnis-sen, Kind-er, Kind-ern).
NOUN_ENDINGS = ("e", "en", "n", "s", "es", "se", "sen", "ses", "er", "ern")
# Endings of an attributive adjective ("Blaue Karte" → "der Blauen Karte").
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# Names only take the genitive ("Thomas Kufens", "des Verbundes"); more would let
# "Essen" match the adjective "Essener".
NAME_ENDINGS = ("s", "es")

_WORD = r"[^\W_]"  # a letter or digit: what a token boundary must not touch


@dataclass(frozen=True)
class Term:
    """One glossary row: a German term and what it must become in each language."""

    de: str  # canonical German form, as the editor writes it in the nominative
    forms: tuple[str, ...] = ()  # further surface forms, from ``a|b|c`` in the de cell
    targets: dict[str, str] = field(default_factory=dict, hash=False)  # lang → term or "="
    kind: str = "term"  # "term" or "name"
    note: str = ""

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every form the editor listed, canonical first."""
        return (self.de, *self.forms)

    @property
    def is_name(self) -> bool:
        return self.kind == "name"

    def constraint(self, lang: str) -> str | None:
        """The cell for ``lang``: a target term, ``=``, or None for "no constraint".

        The exact code wins ("pt-BR"), then the language ("pt"), then any regional
        column of that language: a CAT tool's "en-GB" column serves English readers.
        """
        code = bcp47(lang)
        base = _base_lang(code)
        regional = (v for k, v in self.targets.items() if _base_lang(k) == base)
        return self.targets.get(code) or self.targets.get(base) or next(regional, None) or None


@dataclass(frozen=True)
class TermMatch:
    """Where a term occurs in a German text; ``surface`` is the text as written."""

    start: int
    end: int
    term: Term
    surface: str


class Glossary:
    """An ordered set of terms with the matching and lookup the pipeline needs."""

    def __init__(self, terms: Iterable[Term] = (), languages: Iterable[str] = ()):
        self.terms: tuple[Term, ...] = tuple(terms)
        seen = dict.fromkeys(languages)
        for term in self.terms:
            seen.update(dict.fromkeys(term.targets))
        self.languages: tuple[str, ...] = tuple(seen)  # column order for write_csv
        self._patterns = [(_term_pattern(t), _prefilter(t), t) for t in self.terms]
        self._kept: dict[str, list[tuple[Term, re.Pattern[str]]]] = {}  # lang → kept terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __eq__(self, other: object) -> bool:
        """Two glossaries are equal when they hold the same terms in the same order."""
        return isinstance(other, Glossary) and self.terms == other.terms

    def __repr__(self) -> str:
        return f"Glossary({len(self.terms)} terms, languages={list(self.languages)})"

    def get(self, de: str) -> Term | None:
        """The term whose canonical or listed form is ``de`` (case-insensitive)."""
        key = de.casefold()
        return next((t for t in self.terms if key in _keys(t)), None)

    def merge(self, other: Glossary) -> Glossary:
        """A glossary with the terms of both; a term in both is a conflict, not an override."""
        for term in other:
            clash = next((self.get(s) for s in term.surfaces if self.get(s)), None)
            if clash is not None:
                raise GlossaryError(f"duplicate term {term.de!r} (already defined as {clash.de!r})")
        return Glossary((*self.terms, *other.terms), (*self.languages, *other.languages))

    def find(self, text: str) -> list[TermMatch]:
        """Every term occurrence in German ``text``: longest first, never overlapping.

        Inline tags are blanked first, so a term is neither found inside ``<a1>`` nor
        across one. The result is sorted by position.
        """
        plain = blank_tags(text)
        folded = plain.casefold()
        found = [
            TermMatch(m.start(), m.end(), term, text[m.start() : m.end()])
            for pattern, key, term in self._patterns
            if key in folded
            for m in pattern.finditer(plain)
            if _case_fits(term, m.group())
        ]
        return _longest_first(found)

    def target(self, term: Term, lang: str, surface: str | None = None) -> str | None:
        """What ``term`` must read in ``lang``; None when the glossary does not say.

        For ``=`` the German is kept: the surface as written when the editor listed it
        as a form, else the listed form it inflects — an inflected German ending
        ("Kufens") means nothing to a reader of another language, and the short form's
        genitive must not come back as the long form with "e.V." added.
        """
        cell = term.constraint(lang)
        if cell != KEEP:
            return cell
        if surface is None:
            return term.de
        if surface.casefold() in _keys(term):
            return surface
        return next((s for s in term.surfaces if _inflects(s, term.kind, surface)), term.de)

    def kept_german_spans(self, target_text: str, lang: str) -> list[tuple[int, int]]:
        """Where German terms kept with ``=`` (names excepted) occur in a translation.

        Rendering wraps these spans in ``<span lang="de">`` (WCAG 3.1.2, language of
        parts). Names are exempt, as WCAG allows for proper names.
        """
        kept = self._kept_terms(lang)
        if not kept:
            return []
        plain = blank_tags(target_text)
        found = [
            TermMatch(m.start(), m.end(), t, m.group())
            for t, pattern in kept
            for m in pattern.finditer(plain)
        ]
        return [(m.start, m.end) for m in _longest_first(found)]

    def _kept_terms(self, lang: str) -> list[tuple[Term, re.Pattern[str]]]:
        """The terms kept with ``=`` (names excepted) in ``lang``, with their patterns.

        Rendering asks for every sentence part of every page; the terms are fixed once
        the glossary is read, so the list is worked out once per language.
        """
        if lang not in self._kept:
            self._kept[lang] = [(t, _exact_pattern(t)) for t in self.terms
                                if not t.is_name and t.constraint(lang) == KEEP]
        return self._kept[lang]

    def lower_case_names(self) -> frozenset[str]:
        """First words of names written lower-case ("migo").

        The segmenter needs them: such a name may open a sentence ("… Zeit. migo
        erscheint …"), where a lower-case word would otherwise continue one.
        """
        return frozenset(
            s.split()[0] for t in self.terms if t.is_name for s in t.surfaces if s[0].islower()
        )

    def signature(self) -> str:
        """A sha256 of the content, recorded in reports and PO headers.

        Two glossaries with the same terms have the same signature whatever file
        layout they came from, so a report says exactly which glossary was used.
        """
        rows = [
            [t.de, list(t.forms), sorted(t.targets.items()), t.kind, t.note] for t in self.terms
        ]
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --- matching -------------------------------------------------------------------------


def _keys(term: Term) -> set[str]:
    return {s.casefold() for s in term.surfaces}


def _base_lang(lang: str) -> str:
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower()


def _prefilter(term: Term) -> str:
    """A short lowercase prefix every match must contain: skips most terms cheaply."""
    shortest = min((s.split()[0] for s in term.surfaces), key=len)
    return shortest[:4].casefold()


def _term_pattern(term: Term) -> re.Pattern[str]:
    """One regex for all surfaces of a term, each word allowed its inflections."""
    alternatives = sorted(
        (_surface_pattern(s, term.kind) for s in term.surfaces), key=len, reverse=True
    )
    return re.compile(rf"(?<!{_WORD})(?:{'|'.join(alternatives)})(?!{_WORD})(?!-\s)", re.IGNORECASE)


def _surface_pattern(surface: str, kind: str) -> str:
    words = surface.split()
    return r"\s+".join(_word_pattern(w, kind) for w in words)


def _word_pattern(word: str, kind: str) -> str:
    """A word and its inflected forms; only words ending in a letter inflect."""
    if not word[-1].isalpha():
        return re.escape(word)
    if kind == "name":
        return re.escape(word) + _optional(NAME_ENDINGS)
    if word.endswith("e"):  # adjective ("Blaue" → "Blauen") or noun ("Behörde" → "Behörden")
        return re.escape(word) + _optional(e[1:] for e in ADJECTIVE_ENDINGS if len(e) > 1)
    return re.escape(word) + _optional(NOUN_ENDINGS)


def _inflects(listed: str, kind: str, surface: str) -> bool:
    """Whether ``surface`` is ``listed`` with German inflection endings."""
    return re.fullmatch(_surface_pattern(listed, kind), surface, re.IGNORECASE) is not None


def _optional(endings: Iterable[str]) -> str:
    unique = sorted(set(endings), key=len, reverse=True)
    return "(?:" + "|".join(unique) + ")?"


def _case_fits(term: Term, matched: str) -> bool:
    """Case-insensitive, except that German writes nouns capitalised.

    A term the glossary writes capitalised does not match an all-lowercase word:
    "essen" is the verb "to eat", not the city Essen. Headings in capitals still match.
    """
    if not term.de[0].isupper():
        return True
    return not matched.islower()


def _exact_pattern(term: Term) -> re.Pattern[str]:
    """The term as kept in a translation: listed forms only, no German inflection."""
    alternatives = sorted((re.escape(s) for s in term.surfaces), key=len, reverse=True)
    joined = "|".join(a.replace(r"\ ", r"\s+") for a in alternatives)
    return re.compile(rf"(?<!{_WORD})(?:{joined})(?!{_WORD})", re.IGNORECASE)


def _longest_first(matches: list[TermMatch]) -> list[TermMatch]:
    """Keep the longest of overlapping matches (earliest on a tie), sorted by position."""
    chosen: list[TermMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


# --- CSV ------------------------------------------------------------------------------


def load_glossary(path: Path) -> Glossary:
    """Read a CSV file, or every ``*.csv`` in a folder merged in name order.

    A missing or empty folder gives an empty glossary, so a project without terms
    still runs; a missing path without a .csv/.tbx suffix counts as such a folder. Whether
    a path the user gave explicitly must exist is the caller's decision (``flow``), not
    this function's. A broken file raises :class:`GlossaryError` naming file, line and problem.
    """
    path = Path(path)
    if not path.exists() and path.suffix.lower() in (".csv", ".tbx"):
        raise GlossaryError("no such glossary file", path)
    if path.is_dir() or not path.exists():
        files = sorted(path.glob("*.csv")) if path.is_dir() else []
        glossary = Glossary()
        for file in files:
            glossary = _merge_file(glossary, file)
        return glossary
    if path.suffix.lower() == ".tbx":
        return import_tbx(path)
    return read_csv(path)


def _merge_file(glossary: Glossary, file: Path) -> Glossary:
    """Add one file's terms, naming the file and line of a term defined twice."""
    addition = read_csv(file)
    for term, line in zip(addition.terms, _term_lines(file), strict=False):
        for surface in term.surfaces:
            clash = glossary.get(surface)
            if clash is not None:
                raise GlossaryError(
                    f"duplicate term {surface!r}, already defined as {clash.de!r} in another file",
                    file,
                    line,
                )
    return glossary.merge(addition)


def _term_lines(file: Path) -> list[int]:
    """The line of each term row in a file already known to be valid."""
    reader = csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig")))
    next(reader, None)
    return [reader.line_num for row in reader if any(c.strip() for c in row)]


def read_csv(path: Path) -> Glossary:
    """Parse one glossary CSV file; see :func:`parse_csv`."""
    path = Path(path)
    data = read_regular(path, TEXT_LIMIT, GlossaryError)  # a FIFO or device: refused
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from exc
    return parse_csv(text, path)


def parse_csv(text: str, path: Path | str = "<glossary>") -> Glossary:
    """Parse glossary CSV text; ``path`` only names the source in error messages."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return Glossary()
    except csv.Error as exc:
        raise GlossaryError(f"bad CSV: {exc}", path, 1) from exc
    columns = _check_header(header, path)
    terms: list[Term] = []
    seen: dict[str, tuple[int, str]] = {}
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            term = _parse_row(row, columns, path, reader.line_num)
            _check_duplicate(term, seen, path, reader.line_num)
            terms.append(term)
    except csv.Error as exc:
        raise GlossaryError(f"bad CSV: {exc}", path, reader.line_num) from exc
    return Glossary(terms, [c for c in columns[1:] if c not in EXTRA_COLUMNS])


def _check_header(header: list[str], path: Path | str) -> list[str]:
    """The column names, after checking ``de`` comes first and every code is a language.

    Names are case-insensitive ("EN", "Note"); language codes are normalized ("en-GB").
    Empty names at the end are the spare columns a spreadsheet program writes: dropped.
    """
    columns = [c.strip() for c in header]
    while columns and not columns[-1]:
        columns.pop()
    if not columns or columns[0].lower() != "de":
        hint = _separator_hint(columns)
        raise GlossaryError(
            f"header must start with the column 'de', found {columns[:1]!r}{hint}", path, 1
        )
    names = ["de"]
    for number, name in enumerate(columns[1:], start=2):
        if not name:
            raise GlossaryError(f"column {number} has no name in the header", path, 1)
        if name.lower() in EXTRA_COLUMNS:
            names.append(name.lower())
            continue
        if not is_language(name):
            raise GlossaryError(
                f"unknown language column code {name!r} (expected a code such as en, tr, fa)",
                path,
                1,
            )
        code = bcp47(name)
        if code == "de" or code in names:
            raise GlossaryError(f"column {name!r} appears twice in the header", path, 1)
        names.append(code)
    return names


def _separator_hint(columns: list[str]) -> str:
    """Why a header may not start with 'de': a spreadsheet saved with ';' or tabs."""
    first = columns[0].lower() if len(columns) == 1 else ""
    if first.startswith(("de;", "de\t")):
        separator = "';'" if first.startswith("de;") else "tabs"
        return f" (is the file separated by {separator}? save it as CSV with commas)"
    return ""


def _parse_row(row: list[str], columns: list[str], path: Path | str, line: int) -> Term:
    spare = row[len(columns) :]
    if len(row) < len(columns) or any(c.strip() for c in spare):
        _row_length_error(row, columns, path, line)
    cells = dict(zip(columns, (c.strip() for c in row[: len(columns)]), strict=True))
    surfaces = [s.strip() for s in cells.pop("de").split("|")]
    if not surfaces[0]:
        raise GlossaryError("empty 'de' cell: every row needs a German term", path, line)
    if not all(surfaces):
        raise GlossaryError(f"empty form in 'de' cell {row[0]!r}", path, line)
    kind = cells.pop("kind", "") or "term"
    if kind not in KINDS:
        raise GlossaryError(f"unknown kind {kind!r} (expected 'term' or 'name')", path, line)
    note = cells.pop("note", "")
    targets = {lang: value for lang, value in cells.items() if value}
    return Term(surfaces[0], tuple(surfaces[1:]), targets, kind, note)


def _row_length_error(row: list[str], columns: list[str], path: Path | str, line: int):
    """Too few cells, or a value in a spare column the header has no name for."""
    spare = [n for n, c in enumerate(row, start=1) if n > len(columns) and c.strip()]
    if spare and len(row) > len(columns):
        raise GlossaryError(
            f"a value in column {spare[0]}, but column {spare[0]} has no name in the header",
            path,
            line,
        )
    raise GlossaryError(
        f"expected {len(columns)} columns as in the header, found {len(row)}", path, line
    )


def _check_duplicate(
    term: Term, seen: dict[str, tuple[int, str]], path: Path | str, line: int
) -> None:
    """Terms are matched ignoring case, so "Duldung" and "duldung" are one term."""
    for surface in term.surfaces:
        key = surface.casefold()
        if key in seen:
            first_line, first = seen[key]
            spelled = f" as {first!r} (terms are matched ignoring case)" if first != surface else ""
            raise GlossaryError(
                f"duplicate term {key!r}, already defined on line {first_line}{spelled}",
                path,
                line,
            )
        seen[key] = (line, surface)


def generate_csv(glossary: Glossary) -> str:
    """The glossary as CSV text: ``de``, one column per language, ``kind``, ``note``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["de", *glossary.languages, *EXTRA_COLUMNS])
    for t in glossary:
        cells = [t.targets.get(lang, "") for lang in glossary.languages]
        writer.writerow(["|".join(t.surfaces), *cells, t.kind, t.note])
    return out.getvalue()


def write_csv(glossary: Glossary, path: Path) -> None:
    """Write the glossary as one CSV file, atomically."""
    write_atomic(Path(path), generate_csv(glossary))


# --- TBX (ISO 30042:2019, TBX-Basic, DCA style) ---------------------------------------

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KEEP_NOTE = "keep as written"  # the note that marks a target as "=" in TBX
PART_OF_SPEECH = {"name": "properNoun", "term": "noun"}


def export_tbx(glossary: Glossary, path: Path, force: bool = False) -> None:
    """Write the glossary as TBX-Basic so CAT tools (Trados, memoQ, OmegaT…) can read it.

    An existing file is replaced only when it is a TBX file (an earlier export): a typo
    like ``--tbx glossaries/migo.csv`` must not wipe the glossary itself. ``force``
    replaces any regular file; a folder, pipe or device never is.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        _refuse_other_kind(path, force)
    write_atomic(path, generate_tbx(glossary))


def _refuse_other_kind(path: Path, force: bool) -> None:
    if path.is_symlink():
        raise GlossaryError("is a symlink; migo never writes through a link it did not "
                            "make", path)
    if not path.is_file():
        raise GlossaryError("exists and is not a file; choose another name", path)
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not force and not re.search(rb"<(tbx|martif)[\s>]", head):
        raise GlossaryError("exists and is not a TBX file; it was left as it is (give "
                            "--force to replace it)", path)


def generate_tbx(glossary: Glossary) -> bytes:
    """The TBX document as UTF-8 bytes.

    Each term is a ``conceptEntry``; German surfaces are ``termSec`` elements of the
    ``de`` ``langSec`` (extra forms marked ``termType=variant``); the kind travels as
    ``partOfSpeech`` (``properNoun`` for names); ``=`` is written as the German term in
    that language with the note "keep as written", which a CAT tool shows as-is.
    """
    nsmap = {None: TBX_NS}
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap=nsmap, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "de")
    header = _sub(_sub(_sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    _sub(header, "p", "migo glossary")
    body = _sub(_sub(root, "text"), "body")
    for number, term in enumerate(glossary, start=1):
        body.append(_concept_entry(term, f"c{number}"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", **attrs)
    element.text = text
    return element


def _concept_entry(term: Term, ident: str) -> etree._Element:
    entry = etree.Element(f"{{{TBX_NS}}}conceptEntry", id=ident)
    if term.note:
        _sub(entry, "note", term.note)
    german = _lang_sec(entry, "de")
    for number, surface in enumerate(term.surfaces):
        sec = _term_sec(german, surface)
        _sub(sec, "termNote", PART_OF_SPEECH[term.kind], type="partOfSpeech")
        if number:
            _sub(sec, "termNote", "variant", type="termType")
    for lang, value in term.targets.items():
        sec = _term_sec(_lang_sec(entry, lang), term.de if value == KEEP else value)
        if value == KEEP:
            _sub(sec, "note", KEEP_NOTE)
    return entry


def _lang_sec(entry: etree._Element, lang: str) -> etree._Element:
    sec = _sub(entry, "langSec")
    sec.set(XML_LANG, lang)
    return sec


def _term_sec(lang_sec: etree._Element, text: str) -> etree._Element:
    sec = _sub(lang_sec, "termSec")
    _sub(sec, "term", text)
    return sec


def import_tbx(path: Path) -> Glossary:
    """Read TBX: TBX-Basic 2019 (``conceptEntry``) or TBX 2008 / martif (``termEntry``).

    Only what the glossary holds is read: terms per language, notes, and whether a
    term is a proper noun. A language with several terms keeps the first (preferred).
    """
    path = Path(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise GlossaryError(f"not a readable TBX file: {exc}", path) from exc
    entries = [e for e in tree.iter() if _local(e) in ("conceptEntry", "termEntry")]
    terms: list[Term] = []
    seen: dict[str, tuple[int, str]] = {}
    for entry in entries:
        term = _read_entry(entry, path)
        _check_duplicate(term, seen, path, entry.sourceline or 0)
        terms.append(term)
    return Glossary(terms)


def _read_entry(entry: etree._Element, path: Path) -> Term:
    line = entry.sourceline
    secs: dict[str, etree._Element] = {}
    for sec in _children(entry, "langSec", "langSet"):
        secs.setdefault(bcp47(_lang_of(sec)), sec)  # the first of a code wins
    german = next((secs.pop(c) for c in list(secs) if _base_lang(c) == "de"), None)
    if german is None:
        raise GlossaryError("entry has no German (xml:lang='de') term", path, line)
    surfaces = [_text(t) for s in _children(german, "termSec", "tig", "ntig") for t in _terms(s)]
    if not surfaces or not surfaces[0]:
        raise GlossaryError("entry has an empty German term", path, line)
    kind = "name" if "properNoun" in _all_text(german, "termNote") else "term"
    targets = {lang: _target(sec, surfaces[0], path) for lang, sec in secs.items()}
    notes = [_text(n) for n in entry if _local(n) == "note"]
    return Term(surfaces[0], tuple(surfaces[1:]), targets, kind, "\n".join(notes))


def _target(lang_sec: etree._Element, german: str, path: Path) -> str:
    """The first term of a language that is not deprecated (CAT tools keep rejected
    translations marked so); the German term with "keep as written" means ``=``.

    A language section without any ``<term>`` is a broken file, named with its line.
    """
    secs = _children(lang_sec, "termSec", "tig", "ntig")
    usable = [s for s in secs if not _deprecated(s)] or secs
    first = next((t for s in usable for t in _terms(s)), None)
    if first is None:
        where = f'<{_local(lang_sec)} xml:lang="{_lang_of(lang_sec)}">'
        raise GlossaryError(f"{where} has no <term>", path, lang_sec.sourceline)
    value = _text(first)
    if value == german and KEEP_NOTE in _all_text(lang_sec, "note"):
        return KEEP
    return value


def _deprecated(term_sec: etree._Element) -> bool:
    """TBX ``administrativeStatus`` says not to use this term."""
    statuses = [
        _text(e)
        for e in term_sec.iter()
        if _local(e) == "termNote" and e.get("type") == "administrativeStatus"
    ]
    return any(s.startswith(("deprecated", "superseded")) for s in statuses)


def _terms(term_sec: etree._Element) -> list[etree._Element]:
    return [e for e in term_sec.iter() if _local(e) == "term"]


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _all_text(element: etree._Element, name: str) -> list[str]:
    return [_text(e) for e in element.iter() if _local(e) == name]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _lang_of(element: etree._Element) -> str:
    return element.get(XML_LANG) or element.get("lang") or ""


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def import_into_folder(tbx: Path, folder: Path, replace: bool = False) -> tuple[Glossary, Path]:
    """Import a TBX file as ``<folder>/<name>.csv`` beside the glossary's other files.

    A term defined in two files would stop every later run, so that is checked before
    anything is written; an existing file of the same name is kept unless ``replace``.
    """
    imported = import_tbx(tbx)
    target = folder / f"{tbx.stem}.csv"
    if target.exists() and not replace:
        raise InputError("exists already; use --replace to overwrite it", target)
    for other in sorted(p for p in folder.glob("*.csv") if p != target):
        load_glossary(other).merge(imported)
    write_csv(imported, target)
    return imported, target
