"""Placeholders around the engine: what must not be paraphrased is taken out of its reach.

Before machine translation, every inline tag, glossary term and fact (number, date,
URL, …) of a German sentence is replaced by a placeholder; after translation each
placeholder is restored for the target language: a tag as it was, a term as the
glossary says, a fact localized with Babel. An engine may lose, duplicate or move a
placeholder; a lost item is still delivered — re-inserted at the same relative
position — and named, so the catalog can mark the entry fuzzy for the reviewer.

**Placeholder form.** One character from Unicode's private use area per item
(U+E000 + n). It holds no ASCII letter, so the pseudo engine passes it through; no
SentencePiece vocabulary knows it, so it becomes a single unknown piece that
CTranslate2's ``translate_batch(..., replace_unknowns=True)`` copies from the source
on each hop of the de→en→X pivot. ``benchmarks/placeholders.py`` compares forms.

:func:`check_delivery` is the same verification as a plain function, for the PO QA
to run on a reviewer's edit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .facts import Fact, find_facts, find_numbers, localize, numeric_value, same_value
from .findings import Finding
from .glossary import Glossary, Term, TermMatch
from .langs import script
from .model import INLINE_TAG

FIRST, LAST = 0xE000, 0xF8FF  # the private use area of the Basic Multilingual Plane
PLACEHOLDER = re.compile(f"[{chr(FIRST)}-{chr(LAST)}]")
_WORDISH = re.compile(r"[^\W_]")
_CLOSING_PUNCT = re.compile(r" +[-.,;:!?)\]»“”’'%]")  # "WSC -Team" → "WSC-Team"
_OPENING_PUNCT = re.compile(r"[(\[„“«‘] +$")  # "( 19.04.)" → "(19.04.)"


@dataclass(frozen=True)
class Item:
    """One protected span of the German sentence.

    ``kind`` is "tag", "term" or a fact kind ("number", "date", "url", …); ``ref`` is
    the :class:`Term` or :class:`Fact` (None for a tag). ``space_before``/``after``
    record whether the German had whitespace there, to repair engine spacing.
    """

    placeholder: str
    kind: str
    surface: str
    ref: Term | Fact | None
    start: int
    end: int
    space_before: bool = False
    space_after: bool = False

    @property
    def label(self) -> str:
        """How a QA comment names the item: ``glossary term "Duldung"``, ``number "8.000"``."""
        if self.kind == "term":
            return f'glossary term "{self.surface}"'
        if self.kind == "tag":
            return f"inline tag {self.surface}"
        return f'{self.kind} "{self.surface}"'

    @property
    def opens(self) -> bool:
        return self.kind == "tag" and not self.surface.startswith("</")

    @property
    def closes(self) -> bool:
        return self.kind == "tag" and self.surface.startswith("</")


@dataclass(frozen=True)
class Masked:
    """A German sentence with its protected spans replaced by placeholders."""

    source: str
    text: str
    items: tuple[Item, ...] = ()

    def item(self, placeholder: str) -> Item | None:
        return next((i for i in self.items if i.placeholder == placeholder), None)


@dataclass
class Restored:
    """A translation with placeholders restored, and what went wrong on the way.

    ``stats`` counts ``terms_found`` / ``terms_delivered`` (came through the engine)
    / ``terms_flagged`` (re-inserted, or German kept because the glossary has no
    entry for the language), the same for ``facts_*``, and ``tags_found`` /
    ``tags_lost``. ``lost`` names re-inserted items, ``untranslated`` the terms kept in
    German for lack of a glossary entry; both belong in the entry's QA comment.
    """

    text: str
    lost: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)

    @property
    def problems(self) -> list[str]:
        """One sentence per issue, for a translator comment on a fuzzy entry."""
        lost = [
            f"the engine lost {item}; it was re-inserted, check its position" for item in self.lost
        ]
        kept = [
            f"{item} has no glossary entry for this language; German kept"
            for item in self.untranslated
        ]
        return lost + kept


# --- protect --------------------------------------------------------------------------


def protect(text: str, glossary: Glossary, langs: tuple[str, ...] | None = None) -> Masked:
    """Replace inline tags, facts and glossary terms of German ``text`` by placeholders.

    A term is protected when the glossary constrains it — for every language in
    ``langs`` if given, else for at least one. A term with no entry for some target
    language is better left to the engine there than delivered in German.
    Facts win over terms where they overlap ("www.essen.de" is a URL, not "Essen").
    """
    spans = _tag_spans(text) + _fact_spans(text)
    spans += [s for s in _term_spans(text, glossary, langs) if not _overlaps(s, spans)]
    spans.sort(key=lambda s: s[0])
    codes = (chr(c) for c in range(FIRST, LAST + 1) if chr(c) not in text)
    items = [_item(text, start, end, kind, ref, next(codes)) for start, end, kind, ref in spans]
    return Masked(text, _masked_text(text, items), tuple(items))


Span = tuple[int, int, str, Term | Fact | None]


def _tag_spans(text: str) -> list[Span]:
    return [(m.start(), m.end(), "tag", None) for m in INLINE_TAG.finditer(text)]


def _fact_spans(text: str) -> list[Span]:
    return [(f.start, f.end, f.kind, f) for f in find_facts(text)]


def _term_spans(text: str, glossary: Glossary, langs: tuple[str, ...] | None) -> list[Span]:
    return [(m.start, m.end, "term", m.term) for m in term_matches(text, glossary)
            if _constrained(m, langs)]


def term_matches(text: str, glossary: Glossary) -> tuple[TermMatch, ...]:
    """``glossary.find(text)``, found once per German sentence and glossary.

    Masking a sentence and checking each of its target languages ask for the same
    matches again and again; a match depends only on the text and the glossary's terms.
    """
    return _term_matches(text, _ByIdentity(glossary))


class _ByIdentity:
    """A glossary as a cache key. A Glossary compares by its terms and has no hash; this
    key is the very object. The cache holds the key, so the glossary stays alive and its
    id cannot pass to another glossary while the entry exists."""

    __slots__ = ("glossary",)

    def __init__(self, glossary: Glossary):
        self.glossary = glossary

    def __hash__(self) -> int:
        return id(self.glossary)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByIdentity) and other.glossary is self.glossary


@lru_cache(maxsize=16384)
def _term_matches(text: str, key: _ByIdentity) -> tuple[TermMatch, ...]:
    return tuple(key.glossary.find(text))


def _constrained(match: TermMatch, langs: tuple[str, ...] | None) -> bool:
    if langs is None:
        return bool(match.term.targets)
    return all(match.term.constraint(lang) for lang in langs)


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)


def _item(text: str, start: int, end: int, kind: str, ref, code: str) -> Item:
    before = start == 0 or text[start - 1].isspace()
    after = end == len(text) or text[end].isspace()
    return Item(code, kind, text[start:end], ref, start, end, before, after)


def _masked_text(text: str, items: list[Item]) -> str:
    """The text with placeholders; a tag glued to a word gets a space on that side.

    "<a1>Facebook" becomes "⟨p⟩ Facebook": the engine then sees the word as a word.
    :func:`restore` takes the space away again.
    """
    out, last = [], 0
    for item in items:
        out.append(text[last : item.start])
        pad_before = item.closes and not item.space_before and item.start > 0
        pad_after = item.opens and not item.space_after and item.end < len(text)
        out.append(" " * pad_before + item.placeholder + " " * pad_after)
        last = item.end
    out.append(text[last:])
    return "".join(out)


# --- restore --------------------------------------------------------------------------


def restore(translated: str, masked: Masked, lang: str, glossary: Glossary) -> Restored:
    """Put every protected item back into an engine's ``translated`` output for ``lang``.

    Unknown placeholders are dropped and duplicates keep their first occurrence; an
    item the engine lost is re-inserted at the same relative position and listed in
    ``lost``. Nothing protected is ever missing from ``text``.
    """
    result = Restored("")
    text = _drop_strays(translated, masked)
    present = [i for i in masked.items if i.placeholder in text]
    lost = [i for i in masked.items if i.placeholder not in text]
    for item in lost:
        text = _reinsert(text, item, masked)
    text = _order_tag_pairs(text, masked)
    result.text = _render(text, masked, lang, glossary, result)
    result.lost = [i.label for i in lost]
    _count(result, present, lost)
    return result


def _drop_strays(translated: str, masked: Masked) -> str:
    """Remove placeholders that are not ours, and every repeat of one that is."""
    seen: set[str] = set()

    def keep(m: re.Match[str]) -> str:
        code = m.group()
        if masked.item(code) is None or code in seen:
            return ""
        seen.add(code)
        return code

    return PLACEHOLDER.sub(keep, translated)


def _reinsert(text: str, item: Item, masked: Masked) -> str:
    """Insert a lost placeholder where it most likely belongs.

    A tag goes next to its surviving partner, wrapping the nearest word. Anything else
    goes between the surviving items that surround it in the German sentence, at the
    same relative distance, on a word boundary.
    """
    partner = _partner(item, masked)
    if partner is not None and partner.placeholder in text:
        at = text.index(partner.placeholder)
        pos = _word_start(text, at) if item.opens else _word_end(text, at + 1)
        return _insert(text, pos, item.placeholder)
    lo, hi, share = _anchors(text, item, masked)
    return _insert(text, _boundary(text, lo + round(share * (hi - lo)), lo, hi), item.placeholder)


def _partner(item: Item, masked: Masked) -> Item | None:
    """The other tag of a pair: ``</a1>`` for ``<a1>`` and back."""
    if item.kind != "tag":
        return None
    name = INLINE_TAG.fullmatch(item.surface).groups()
    return next(
        (
            i
            for i in masked.items
            if i.kind == "tag"
            and i is not item
            and INLINE_TAG.fullmatch(i.surface).groups() == name
        ),
        None,
    )


def _anchors(text: str, item: Item, masked: Masked) -> tuple[int, int, float]:
    """The output range between the surviving neighbours of ``item``, and its share of it."""
    mine = masked.text.index(item.placeholder)
    found = [
        (masked.text.index(i.placeholder), text.index(i.placeholder))
        for i in masked.items
        if i.placeholder in text
    ]
    before = max(((m, t) for m, t in found if m < mine), default=(-1, -1))
    after = min(((m, t) for m, t in found if m > mine), default=(len(masked.text), len(text)))
    share = (mine - before[0]) / max(1, after[0] - before[0])
    return before[1] + 1, after[1], share


def _word_start(text: str, at: int) -> int:
    """Start of the word before ``at`` (an opening tag lost before its closing one)."""
    pos = at
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, at: int) -> int:
    """End of the word after ``at`` (a closing tag lost after its opening one)."""
    pos = at
    while pos < len(text) and text[pos].isspace():
        pos += 1
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos


def _boundary(text: str, pos: int, lo: int, hi: int) -> int:
    """The whitespace (or range edge) nearest to ``pos``, so no word is split."""
    candidates = [lo, hi] + [m.start() for m in re.finditer(r"\s", text[lo:hi])]
    candidates = [c + lo if c not in (lo, hi) else c for c in candidates]
    return min(candidates, key=lambda c: (abs(c - pos), c))


def _insert(text: str, pos: int, code: str) -> str:
    left, right = text[:pos], text[pos:]
    if left and not left[-1].isspace():
        code = " " + code
    if right and not right[0].isspace():
        code = code + " "
    return left + code + right


def _order_tag_pairs(text: str, masked: Masked) -> str:
    """Swap a closing placeholder that the engine put before its opening one."""
    for item in masked.items:
        partner = _partner(item, masked)
        if item.opens and partner is not None:
            a, b = text.find(item.placeholder), text.find(partner.placeholder)
            if 0 <= b < a:
                text = text.translate(
                    {
                        ord(item.placeholder): partner.placeholder,
                        ord(partner.placeholder): item.placeholder,
                    }
                )
    return text


def _render(text: str, masked: Masked, lang: str, glossary: Glossary, result: Restored) -> str:
    """Replace each placeholder by its target text, repairing the spaces around it.

    Engines insert or drop spaces around symbols they do not know. The German decides:
    no space inside a tag pair ("<a1>Facebook</a1>"), and a space where the German
    had one and the translation would otherwise glue the item to a word.
    """
    out = ""
    previous: Item | None = None
    for piece in re.split(f"({PLACEHOLDER.pattern})", text):
        item = masked.item(piece) if len(piece) == 1 else None
        if item is None:
            out += _text_after(previous, piece)
            previous = previous if piece == "" else None
            continue
        if previous is not None and previous.space_after and item.space_before:
            out += " "  # two items the engine glued together
        out = _text_before(item, out) + _target_text(item, lang, glossary, result)
        previous = item
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", out)


def _text_after(item: Item | None, piece: str) -> str:
    if item is None or not piece:
        return piece
    if not item.space_after and (item.opens or _CLOSING_PUNCT.match(piece)):
        return piece.lstrip(" ")
    if item.space_after and _WORDISH.match(piece[0]):
        return " " + piece
    return piece


def _text_before(item: Item, out: str) -> str:
    if not item.space_before and (item.closes or _OPENING_PUNCT.search(out)):
        return out.rstrip(" ")
    if item.space_before and out and _WORDISH.match(out[-1]):
        return out + " "
    return out


def _target_text(item: Item, lang: str, glossary: Glossary, result: Restored) -> str:
    if item.kind == "tag":
        return item.surface
    if item.kind == "term":
        target = glossary.target(item.ref, lang, item.surface)
        if target is None:
            result.untranslated.append(item.label)
            return item.surface
        return target
    return localize(item.ref, lang)


def _count(result: Restored, present: list[Item], lost: list[Item]) -> None:
    stats = result.stats
    for item, survived in [(i, True) for i in present] + [(i, False) for i in lost]:
        group = "tags" if item.kind == "tag" else "terms" if item.kind == "term" else "facts"
        stats[f"{group}_found"] += 1
        if group == "tags":
            stats["tags_lost"] += not survived
            continue
        kept_german = group == "terms" and item.label in result.untranslated
        ok = survived and not kept_german
        stats[f"{group}_delivered" if ok else f"{group}_flagged"] += 1


# --- verify ---------------------------------------------------------------------------

_PROCLITICS = "(?:[وفبلك]?(?:ال)?)?"  # Arabic-script prefixes glued to the next word


def check_delivery(source_de: str, target: str, lang: str, glossary: Glossary) -> list[Finding]:
    """Verify a ``lang`` translation of ``source_de``: terms, numbers, dates, addresses.

    For machine output after :func:`restore` and for a reviewer's edit alike. A fact
    whose value is missing is an error ("8.000" must not become "8.0"); a glossary
    term that is missing is a warning, since a reviewer may rightly rephrase.
    """
    return _check_terms(source_de, target, lang, glossary) + _check_facts(source_de, target, lang)


def _check_terms(source_de: str, target: str, lang: str, glossary: Glossary) -> list[Finding]:
    matches = term_matches(source_de, glossary)
    if not matches:
        return []
    facts = find_facts(source_de)
    wanted: Counter = Counter()
    for m in matches:
        if m.term.constraint(lang) and not any(f.start < m.end and m.start < f.end for f in facts):
            wanted[glossary.target(m.term, lang, m.surface)] += 1
    problems = []
    for expected, count in wanted.items():
        if len(_loose_pattern(expected, lang).findall(target)) < count:
            problems.append(
                Finding(
                    "warning",
                    "term-missing",
                    f'glossary term "{expected}" is missing ({count}× in the German)',
                )
            )
    return problems


def _loose_pattern(expected: str, lang: str) -> re.Pattern[str]:
    """The target term with room for the target language's own endings.

    Russian "вида на жительство", Turkish "oturma iznini", Arabic "بالبطاقة": each word
    may lose its last two letters and take other endings; Arabic-script words may
    carry a proclitic. A heuristic for a warning, not for rewriting text.
    """
    words = []
    for word in expected.split():
        stem = word[: max(3, len(word) - 2)] if word[-1:].isalpha() else word
        words.append(re.escape(stem) + r"[^\W\d_]*")
    prefix = _PROCLITICS if script(lang) == "Arab" else ""
    return re.compile(rf"(?<![^\W\d_]){prefix}" + r"\s+".join(words), re.IGNORECASE)


def _check_facts(source_de: str, target: str, lang: str) -> list[Finding]:
    problems = []
    numeric, others = _source_facts(source_de)
    found = Counter(find_numbers(target, lang)) if numeric else Counter()
    for value, (count, text) in numeric.items():
        if found[value] < count:
            problems.append(
                Finding(
                    "error",
                    "number-mismatch",
                    f'"{text}" ({value}) is missing or has another value',
                )
            )
    for fact in others:
        if not same_value(fact, target, lang):
            problems.append(
                Finding(
                    "error",
                    f"{fact.kind}-mismatch",
                    f'{fact.kind} "{fact.text}" is missing or changed',
                )
            )
    return problems


@lru_cache(maxsize=16384)
def _source_facts(source_de: str) -> tuple[dict[Decimal, tuple[int, str]], tuple[Fact, ...]]:
    """The German sentence's numeric values (how often, and the first text naming each)
    and its other facts, in order: the same for every target language, so parsed once.

    Read only: the dict is shared by every caller.
    """
    facts = find_facts(source_de)
    counts = Counter(v for f in facts if (v := numeric_value(f)) is not None)
    numeric = {value: (count, next(f.text for f in facts if numeric_value(f) == value))
               for value, count in counts.items()}
    return numeric, tuple(f for f in facts if numeric_value(f) is None)
