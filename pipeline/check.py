"""Quality checks on every PO entry, as Translate Toolkit's ``pofilter`` runs them.

Each check is a small function registered in :data:`CHECKS` with a category, as
pofilter's: *critical* (a reader could be misled or harmed: a broken tag, a changed
number or address, a leftover placeholder, a compendium conflict), *functional*
(probably wrong: a lost acronym, an added number, a different sentence count) or
*cosmetic* (spacing, quotes, capitals, end punctuation). Only critical findings are
errors; the others are warnings for a reviewer. Checks never print and never change a
file; ``migo check`` prints them as ``file:line: severity: code: reason`` and ``migo
translate`` puts them in ``report.json`` under ``"qa"``.

Every check knows the target language's conventions (its quotes, whether its script has
capitals, Persian letter forms) and compares values, not spellings: "saat 18.30'da" and
"من ٩ حتى ١٧" hold the German "18:30 Uhr" and "9–17 Uhr"; a different value is an error.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import orjson

from . import catalog, langid
from .errors import InputError
from .facts import clock_values, find_facts, find_numbers, normalize, numeric_value
from .files import write_atomic
from .findings import ERROR, WARNING, Finding
from .glossary import Glossary
from .interface import SHIPPED
from .model import INLINE_TAG, strip_tags
from .protect import PLACEHOLDER, check_delivery
from .text import tags_balanced

CRITICAL, FUNCTIONAL, COSMETIC = "critical", "functional", "cosmetic"


@dataclass(frozen=True)
class Entry:
    """What a check sees of one PO entry.

    ``kind`` is the block the sentence comes from ("heading", "list item", or "" for
    prose), read from the entry's ``#.`` note; ``options`` are the ``[check]`` settings
    of migo.toml; ``interface`` marks the page frame's catalog (English source).
    """

    source: str
    target: str
    lang: str
    glossary: Glossary
    engine: str = ""  # the engine of a machine suggestion ("pseudo" is not a language)
    kind: str = ""
    options: dict = field(default_factory=dict)
    interface: bool = False
    #: the German and the translation without inline tags: most checks read them, so
    #: they are stripped once per entry
    plain_source: str = field(init=False, repr=False, compare=False)
    plain_target: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain_source", strip_tags(self.source))
        object.__setattr__(self, "plain_target", strip_tags(self.target))

    @property
    def language(self) -> str:
        """The bare language code: "fa" for "fa_IR"."""
        return self.lang.replace("-", "_").split("_")[0].lower()


Result = tuple[str, str]  # code, message
Check = Callable[[Entry], Iterable[Result]]


@dataclass(frozen=True)
class Registered:
    check: Check
    category: str
    interface: bool  # also run on the page frame's catalog (English source, no facts)


CHECKS: dict[str, Registered] = {}
#: codes a check reports under another name than its own, with their category
CODE_CATEGORIES: dict[str, str] = {"term-missing": FUNCTIONAL, "untranslated": FUNCTIONAL}


def register(name: str, category: str, interface: bool = True) -> Callable[[Check], Check]:
    def add(check: Check) -> Check:
        CHECKS[name] = Registered(check, category, interface)
        return check
    return add


def severity_of(category: str) -> str:
    """Only critical findings are errors, as in pofilter's ``--critical``."""
    return ERROR if category == CRITICAL else WARNING


# --- the checks ---------------------------------------------------------------

@register("tags", CRITICAL)
def tags(entry: Entry) -> Iterator[Result]:
    """Inline tags (``<a1>…</a1>``) are links and emphasis: all of them, properly paired."""
    wanted, found = _tag_list(entry.source), _tag_list(entry.target)
    if not wanted and not found:
        return  # most sentences: nothing to pair up
    if Counter(wanted) != Counter(found):
        missing = sorted((Counter(wanted) - Counter(found)).elements())
        extra = sorted((Counter(found) - Counter(wanted)).elements())
        detail = "; ".join(part for part in (
            f"missing {' '.join(missing)}" if missing else "",
            f"not in the German {' '.join(extra)}" if extra else "") if part)
        yield "tags", f"inline tags differ from the German: {detail}"
    elif not tags_balanced(entry.target):
        yield "tags", "inline tags are not properly opened and closed: " + " ".join(found)


def _tag_list(text: str) -> list[str]:
    return [m.group(0) for m in INLINE_TAG.finditer(text)]


@register("delivery", CRITICAL, interface=False)
def delivery(entry: Entry) -> Iterator[Result]:
    """Glossary terms, numbers, dates, URLs and e-mails: the glossary stage's own check."""
    for problem in check_delivery(entry.source, entry.target, entry.lang, entry.glossary):
        yield problem.code, problem.message


_WORDS = re.compile(r"[^\W\d_]{2,}")


@register("identical", FUNCTIONAL, interface=False)
def identical(entry: Entry) -> Iterator[Result]:
    """The same text as the German is usually a forgotten entry (names excepted)."""
    if entry.target.strip() == entry.source.strip() \
            and len(_WORDS.findall(entry.plain_source)) > 1:
        yield "identical", "the translation is the same as the German"


@register("length", FUNCTIONAL)
def length(entry: Entry) -> Iterator[Result]:
    """A translation far shorter or longer than the German often lost or repeated text.

    Only sentences of 20 characters or more: short ones vary too much to judge.
    """
    low, high = entry.options.get("length_low", 0.4), entry.options.get("length_high", 2.5)
    source, target = len(entry.plain_source), len(entry.plain_target)
    if source >= 20 and not low <= target / source <= high:
        yield "length", f"the translation is {target / source:.1f} times as long as the German"


_DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


@register("doubled", COSMETIC)
def doubled(entry: Entry) -> Iterator[Result]:
    """'the the': a typo or an engine stutter, unless the German has it too."""
    found = _DOUBLED.findall(entry.plain_target)
    if not found:
        return
    source = {w.lower() for w in _DOUBLED.findall(entry.plain_source)}
    for word in dict.fromkeys(w.lower() for w in found):
        if word not in source:
            yield "doubled", f'the word "{word}" is doubled'


_ENDINGS = {".": ".。।۔", "?": "?？؟", "!": "!！", ":": ":：", "…": "…"}
_SENTENCE_END = ".。।۔?？؟!！…"
# closing quotes and brackets, direction marks, and the middle dots pseudo-localisation
# pads with, may stand after the final punctuation
_TRAILING = "\"'»«“”„’‘)]}›‹ \u200e\u200f\u061c\u00b7"


@register("punctuation", COSMETIC)
def punctuation(entry: Entry) -> Iterator[Result]:
    """End punctuation both ways: a sentence keeps its '.', '?' or '!', and a heading or
    list item without one gets none (a full stop under a heading reads as a sentence)."""
    source, target = _final(entry.plain_source), _final(entry.plain_target)
    if source in _ENDINGS and (not target or target not in _ENDINGS[source]):
        shown = f'"{target}"' if target else "nothing"
        yield "punctuation", f'the German ends with "{source}", the translation with {shown}'
    elif not source and target and target in _SENTENCE_END:
        what = entry.kind or ("the source" if entry.interface else "the German")
        yield "punctuation", f'{what} ends without punctuation, the translation with "{target}"'


def _final(plain: str) -> str:
    """The final punctuation mark of a text without tags, or ""."""
    text = plain.rstrip(_TRAILING)
    if text.endswith("..."):
        return "…"
    return text[-1:] if text[-1:] and not text[-1].isalnum() else ""


@register("off-target", FUNCTIONAL, interface=False)
def off_target(entry: Entry) -> Iterator[Result]:
    """Text of reasonable length clearly in another language (English left in Turkish,
    Russian for Ukrainian); names, numbers and short entries are left alone."""
    if entry.engine == "pseudo":
        return
    found = langid.off_target(entry.target, entry.lang, source=entry.source)
    if found:
        yield "off-target", f"the text looks like {found}, not {entry.lang}"


@register("placeholder", CRITICAL)
def placeholder(entry: Entry) -> Iterator[Result]:
    """A private-use character is a protection placeholder the pipeline failed to restore."""
    found = sorted({f"U+{ord(c):04X}" for c in PLACEHOLDER.findall(entry.target)})
    if found:
        yield "placeholder", f"leftover placeholder {', '.join(found)}"


_VARIABLE = re.compile(r"\{[A-Za-z_]\w*\}|%\([A-Za-z_]\w*\)[sdif]|%[sd]")


@register("variables", CRITICAL)
def variables(entry: Entry) -> Iterator[Result]:
    """``{issue}`` and ``%(name)s`` are filled in by migo: the same set, none renamed."""
    wanted, found = _VARIABLE.findall(entry.source), _VARIABLE.findall(entry.target)
    if not wanted and not found:
        return  # most sentences: no placeholders at all
    wanted, found = Counter(wanted), Counter(found)
    if wanted != found:
        missing = " ".join(sorted((wanted - found).elements()))
        extra = " ".join(sorted((found - wanted).elements()))
        detail = "; ".join(p for p in (missing and f"missing {missing}",
                                       extra and f"unknown {extra}") if p)
        yield "variables", f"placeholders differ from the source: {detail}"


@register("compendium", CRITICAL)
def compendium(entry: Entry) -> Iterator[Result]:
    """``#-#-#-#-#`` marks a msgcat conflict: two translations glued into one."""
    if "#-#-#-#-#" in entry.target:
        yield "compendium", "msgcat conflict markers (#-#-#-#-#): choose one translation"


_BRACKETS = ("()", "[]", "{}")


@register("brackets", FUNCTIONAL)
def brackets(entry: Entry) -> Iterator[Result]:
    """Every opened bracket is closed (and the German's own imbalance, "a)", is allowed)."""
    source, target = entry.plain_source, entry.plain_target
    for pair in _BRACKETS:
        if _bracket_imbalance(target, pair) != _bracket_imbalance(source, pair):
            yield "brackets", f"unbalanced brackets {pair[0]} {pair[1]} in the translation"


def _bracket_imbalance(text: str, pair: str) -> tuple[int, bool]:
    if pair[0] not in text and pair[1] not in text:
        return 0, False  # most sentences: no need to walk them
    depth, negative = 0, False
    for char in text:
        depth += (char == pair[0]) - (char == pair[1])
        negative = negative or depth < 0
    return depth, negative


#: Quote pairs each language writes (opening, closing); outer and inner quotes.
_QUOTES = {
    "de": ["„“", "‚‘", "»«", '""'],
    "en": ["“”", "‘’", '""'],
    "tr": ["“”", "‘’", "«»", '""', "''"],
    "ru": ["«»", "„“", '""'],
    "uk": ["«»", "„“", '""'],
    "pl": ["„”", "«»", "»«", '""'],
    "ar": ["«»", "“”", '""'],
    "fa": ["«»", "“”", '""'],
}
_QUOTE_CHARS = set("„“”‚‘’»«\"")
_ANY_QUOTE = re.compile("[„“”‚‘’»«\"']")  # every mark of _QUOTES, the apostrophe too
_APOSTROPHE = re.compile(r"(?<=\S)['’](?=\w)")


@register("quotes", COSMETIC)
def quotes(entry: Entry) -> Iterator[Result]:
    """Quotes come in pairs, in the target's own marks: Turkish “…”, Russian «…»."""
    pairs = _QUOTES.get(entry.language, _QUOTES["en"])
    target = entry.plain_target
    allowed = {c for pair in pairs for c in pair}
    foreign = sorted({c for c in target if c in _QUOTE_CHARS and c not in allowed})
    if foreign and not (set(foreign) <= set(entry.plain_source) and entry.interface):
        yield "quotes", f"quote marks {' '.join(foreign)} are not used in this language"
        return
    if _quotes_open(target, pairs) != _quotes_open(entry.plain_source, _QUOTES["de"]) \
            and _quotes_open(target, pairs):
        yield "quotes", "a quotation is opened but not closed (or closed twice)"


def _quotes_open(text: str, pairs: list[str]) -> bool:
    """Whether some quote is left open; an apostrophe ("WSC'ye", "l’État") is no quote."""
    if not _ANY_QUOTE.search(text):
        return False  # every count is zero
    text = _APOSTROPHE.sub("", text)
    for open_, close in pairs:
        if open_ == close:
            if text.count(open_) % 2:
                return True
        elif text.count(open_) != text.count(close) and not (
                close in "’‘" and text.count(open_) < text.count(close)):
            return True
    return False


_DOUBLE_SPACE = re.compile(r"\S {2,}\S")


@register("whitespace", COSMETIC)
def whitespace(entry: Entry) -> Iterator[Result]:
    """Leading, trailing and doubled spaces that the German does not have."""
    source, target = entry.source, entry.target
    if _lead(target) != _lead(source):
        yield "whitespace", "the translation starts with other whitespace than the German"
    if _trail(target) != _trail(source):
        yield "whitespace", "the translation ends with other whitespace than the German"
    if _DOUBLE_SPACE.search(target) and not _DOUBLE_SPACE.search(source):
        yield "whitespace", "double space inside the translation"


def _lead(text: str) -> str:
    return text[:len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()):]


_SKIP_START = "\"'„“”‚‘’»«([{¿¡-–—•*· \u200e\u200f"


@register("capitals", COSMETIC)
def capitals(entry: Entry) -> Iterator[Result]:
    """A capital start where the target script has capitals (not Arabic or Persian)."""
    source = entry.plain_source.lstrip(_SKIP_START)
    target = entry.plain_target.lstrip(_SKIP_START)
    if not source[:1].isalpha() or not target[:1].isalpha():
        return  # "18 Uhr: …", "3. Mai": a number first, nothing to compare
    first = target.split()[0] if target.split() else ""
    cased = first[:1].lower() != first[:1].upper()
    if source[0].isupper() and cased and first.islower() and not _lower_word(first, entry):
        yield "capitals", "the German starts with a capital, the translation does not"


def _lower_word(word: str, entry: Entry) -> bool:
    """Words written lower-case at a sentence start: brand names as in the German."""
    return word in entry.source or word in ("iPhone", "eBay", "migo")


#: The lookahead only says what every alternative starts with (up to four letters and a
#: dot): it changes no match, but spares the alternation most word starts.
_ABBREVIATION = re.compile(r"\b(?=\w{1,4}\.)(?:[^\W\d_]\.|(?:bzw|usw|ca|Nr|Dr|Str|Tel|evtl|ggf|inkl|z\.B"
                           r"|vs|etc|vgl|Prof|Hr|Fr|St|Jh|Abs|Mio|Mrd|т\.е|г|ул|д|см|др|Sok"
                           r"|Cad|Mah|No|örn|vb|vs)\.)", re.IGNORECASE)
_BOUNDARY = re.compile(r"[.!?؟。।۔…]+[\"'»«“”’)\]]*(?=\s+[\"„“«»(]?[^\W_])")


_ORDINAL = re.compile(r"\d+\.(?=\s)")


@lru_cache(maxsize=16384)
def sentence_count(text: str) -> int:
    """Sentences in a text: ends of sentence followed by more text, plus one.

    "3. Mai", "z. B." and Turkish ordinals ("3. kat") are not ends. Cached: every
    target language counts the same German sentence's.
    """
    plain = _ABBREVIATION.sub("ABBR", strip_tags(text))
    plain = _ORDINAL.sub("0", plain)
    return 1 + len(_BOUNDARY.findall(plain)) if plain.strip() else 0


@register("sentences", FUNCTIONAL, interface=False)
def sentences(entry: Entry) -> Iterator[Result]:
    """Another number of sentences often means a sentence was left out or split off."""
    source, target = sentence_count(entry.source), sentence_count(entry.target)
    tolerance = entry.options.get("sentences_tolerance", 0)
    if abs(source - target) > tolerance:
        yield "sentences", f"{target} sentence(s) in the translation, {source} in the German"


_GERMAN_NUMBER_WORDS = {
    "null": 0, "eins": 1, "einen": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "hundert": 100, "tausend": 1000, "halb": 30,
    "viertel": 15, "doppelt": 2, "beide": 2, "beiden": 2, "ersten": 1, "erste": 1,
    "zweiten": 2, "dritten": 3, "mittag": 12, "mitternacht": 0,
}  # fmt: skip


@register("numbers", FUNCTIONAL, interface=False)
def numbers(entry: Entry) -> Iterator[Result]:
    """A number only in the translation was made up (or belongs to another sentence)."""
    found = find_numbers(entry.plain_target, entry.lang)
    if not found:
        return
    allowed = _source_values(entry.source)
    extra = [value for value in found
             if value not in allowed and value == value.to_integral_value()
             and value not in (0,)]
    extra += [v for v in found
              if v != v.to_integral_value() and v not in allowed
              and not _parts_allowed(v, allowed)]
    if extra:
        shown = ", ".join(dict.fromkeys(str(v) for v in extra))
        yield "numbers", f"number(s) not in the German: {shown}"


@lru_cache(maxsize=16384)
def _source_values(source: str) -> frozenset[Decimal]:
    """Every value the German names, and its parts: "18:30 Uhr" allows 18 and 30 (and 6
    for "6 pm"), "3. Mai" allows 3 and 5, "5,50 €" allows 5 and 50, "zwei" allows 2.

    Cached: the same German sentence is checked once per target language.
    """
    plain = strip_tags(source)
    values: set[Decimal] = {Decimal(n) for n in re.findall(r"\d+", normalize(plain))}
    for fact in find_facts(plain):
        number = numeric_value(fact)
        if number is not None:
            values.add(number)
            values.update(_parts(number))
        elif fact.kind == "date" and isinstance(fact.value, tuple):
            values.update(Decimal(v) for v in fact.value if v is not None)
            if fact.value[0]:
                values.add(Decimal(fact.value[0] % 100))
        elif fact.kind == "time":
            for hour, minute in clock_values(fact.text):
                values.update({Decimal(hour), Decimal(hour % 12 or 12), Decimal(minute)})
    for word in re.findall(r"[^\W\d_]+", plain.lower()):
        if word in _GERMAN_NUMBER_WORDS:
            values.add(Decimal(_GERMAN_NUMBER_WORDS[word]))
    for month, number in _MONTH_NUMBERS.items():
        if month in plain.lower():
            values.add(Decimal(number))
    return frozenset(values)


_MONTH_NUMBERS = {"januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
                  "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
                  "dezember": 12}


def _parts(value: Decimal) -> set[Decimal]:
    whole, _, fraction = str(value).partition(".")
    return {Decimal(whole)} | ({Decimal(fraction)} if fraction else set())


def _parts_allowed(value: Decimal, allowed: frozenset[Decimal]) -> bool:
    """"18.30" read as a decimal in English is the time 18:30 of the German."""
    return _parts(value) <= allowed


_ACRONYM = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{3,}(?![\w-])")
#: acronyms that every language translates ("EU" is "AB" in Turkish, "ЕС" in Russian)
_TRANSLATED_ACRONYMS = {"EU", "UNO", "USA", "NATO", "UN", "DDR", "BRD", "EUR"}


@register("acronyms", FUNCTIONAL, interface=False)
def acronyms(entry: Entry) -> Iterator[Result]:
    """Names like "WSC" or "BAMF" are what a reader searches for and asks at the desk."""
    minimum = entry.options.get("acronym_letters", 3)
    wanted = [word for word in dict.fromkeys(_ACRONYM.findall(entry.plain_source))
              if len(word) >= minimum and word not in _TRANSLATED_ACRONYMS]
    if not wanted:
        return  # most sentences: no need to fold the translation's accents
    target = _without_accents(entry.plain_target)
    for word in wanted:
        if word not in target:
            yield "acronyms", f'the acronym "{word}" is missing'


def _without_accents(text: str) -> str:
    """Pseudo-localised "ŴŠÇ" still keeps "WSC": accents are not another name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


_ARABIC_FORMS = {"ي": "ی", "ك": "ک"}
_ARABIC_PUNCTUATION = "،؛؟"


@register("script", COSMETIC)
def script(entry: Entry) -> Iterator[Result]:
    """Persian is written with ی and ک (Arabic ي and ك break search and sorting), and in
    Arabic and Persian ، ؛ ؟ stand right after the word, with a space after them."""
    target = entry.plain_target
    if entry.language == "fa":
        wrong = sorted({c for c in target if c in _ARABIC_FORMS})
        if wrong:
            right = " ".join(_ARABIC_FORMS[c] for c in wrong)
            yield "script", f"Arabic letter(s) {' '.join(wrong)} in Persian text; write {right}"
    if entry.language in ("fa", "ar", "ur", "ps", "ckb"):
        if re.search(rf"\s[{_ARABIC_PUNCTUATION}]", target):
            yield "script", "space before ، ؛ or ؟"
        if re.search(rf"[{_ARABIC_PUNCTUATION}](?=[^\s\d»)\]\"”«])", target):
            yield "script", "no space after ، ؛ or ؟"


#: Characters that reorder or hide text: a reviewer sees something else than readers
#: get (the "Trojan Source" trick). Bidi overrides, embeddings and isolates ...
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: ... and zero-width characters. The joiners U+200C/U+200D are spelling in Persian,
#: Kurdish, Urdu, Pashto and Indic scripts, so only other text is warned about them.
_ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\ufeff]")
_JOINERS = re.compile("[\u200c\u200d]")
_HIDDEN = re.compile("|".join(p.pattern for p in (_BIDI_CONTROLS, _ZERO_WIDTH, _JOINERS)))
_JOINER_LANGS = {"fa", "ckb", "ku", "ur", "ps", "hi", "bn", "mr", "ne", "si", "ta", "te",
                 "ml", "kn", "gu", "pa", "ar", "sd"}


@register("invisible", FUNCTIONAL)
def invisible(entry: Entry) -> Iterator[Result]:
    """Bidi overrides and zero-width characters can hide text from a reviewer."""
    for side, text, lang in (("German", entry.source, "de"),
                             ("translation", entry.target, entry.lang)):
        if not _HIDDEN.search(text):
            continue  # most text: none of the characters below
        found = _BIDI_CONTROLS.findall(text) + _ZERO_WIDTH.findall(text)
        if lang.split("_")[0] not in _JOINER_LANGS:
            found += _JOINERS.findall(text)
        if found:
            names = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            message = (f"the {side} holds invisible or reordering characters ({names}) "
                       "that can hide text from a reviewer")
            yield "invisible", message


# --- running them -------------------------------------------------------------

def chosen_checks(only: Iterable[str] = (), exclude: Iterable[str] = (),
                  interface: bool = False) -> list[str]:
    """The checks to run: ``--only`` and ``--exclude`` name checks, as pofilter's -t/-e do."""
    only, exclude = list(only or ()), list(exclude or ())
    unknown = [name for name in [*only, *exclude] if name not in CHECKS]
    if unknown:
        raise InputError(f"unknown check {unknown[0]!r}; the checks are: {', '.join(CHECKS)}")
    return [name for name, registered in CHECKS.items()
            if (not only or name in only) and name not in exclude
            and (registered.interface or not interface)]


def check_entry(entry: Entry, names: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
    """(severity, code, message) of the chosen checks on one entry; an empty one is only
    'untranslated'.

    Hidden characters in the German are reported even before anyone translates it.
    """
    names = list(CHECKS if names is None else names)
    if not entry.target.strip():
        hidden = [(severity_of(CHECKS["invisible"].category), code, message)
                  for code, message in invisible(entry)] if "invisible" in names else []
        return [(WARNING, "untranslated", "no translation yet"), *hidden]
    results = []
    for name in names:
        for code, message in CHECKS[name].check(entry):
            results.append((severity_of(_category_by_code(code)), code, message))
    return results


_KINDS = ("heading", "list item")
EntryResults = list[tuple[str, str, str]]  # check_entry's (severity, code, message)


@dataclass
class CheckMemo:
    """Each entry's check results from the last run, kept beside the issue's pages.

    An edited issue changes a few entries; the other thousands would give the same
    results again (0.8 s of a 10 s re-run of the benchmark issue). Results are reused
    only under the same ``context``, which the caller makes a digest of all else a
    check reads: migo's code, its libraries' versions, the glossary, the English
    variant. Within it, an entry's key holds its texts, language, engine, block kind
    and the checks and options chosen. A memo file that is missing, broken or of
    another context is an empty memo: it can only save time, never change a result.
    """

    context: str
    earlier: dict[str, EntryResults] = field(default_factory=dict)
    now: dict[str, EntryResults] = field(default_factory=dict)  # this run's, to save

    @classmethod
    def from_file(cls, path: Path, context: str) -> CheckMemo:
        try:
            data = orjson.loads(Path(path).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return cls(context)
        if not isinstance(data, dict) or data.get("context") != context:
            return cls(context)
        results = data.get("results")
        return cls(context, results if isinstance(results, dict) else {})

    def save(self, path: Path) -> None:
        """Only this run's entries: results of sentences gone from the issue are dropped."""
        data = {"context": self.context, "results": self.now}
        write_atomic(path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))

    def results(self, entry: Entry, names: list[str], setting: bytes) -> EntryResults:
        """The entry's results from the last run if it had them, else checked now."""
        key = hashlib.blake2b(orjson.dumps([entry.source, entry.target, entry.lang,
                                            entry.engine, entry.kind, entry.interface]) + setting,
                              digest_size=16).hexdigest()
        found = self.earlier.get(key)
        if not _well_formed(found):
            found = check_entry(entry, names)
        self.now[key] = [tuple(result) for result in found]
        return self.now[key]


def _well_formed(results: object) -> bool:
    return isinstance(results, list) and all(
        isinstance(r, (list, tuple)) and len(r) == 3 and all(isinstance(x, str) for x in r)
        for r in results)


def check_catalog(po: catalog.MigoCatalog, path: Path, lang: str, glossary: Glossary,
                  names: Iterable[str] | None = None, options: dict | None = None,
                  interface: bool = False, memo: CheckMemo | None = None) -> list[Finding]:
    """Findings for every active entry of one PO file, at the line of its msgid."""
    names = list(chosen_checks(interface=interface) if names is None else names)
    setting = orjson.dumps([names, options or {}], option=orjson.OPT_SORT_KEYS)
    findings = []
    for po_entry in catalog.entries(po):
        kind = next((k for k in _KINDS if k in po_entry.notes), "")
        entry = Entry(po_entry.msgid, po_entry.text, lang, glossary, engine=po_entry.engine,
                      kind=kind, options=options or {}, interface=interface)
        results = memo.results(entry, names, setting) if memo else check_entry(entry, names)
        for severity, code, text in results:
            findings.append(Finding(severity, code, text, str(path), po_entry.line, lang=lang,
                                    msgid=po_entry.msgid, fuzzy=po_entry.fuzzy,
                                    category=_category_by_code(code),
                                    source=po_entry.msgid, target=po_entry.text))
    return findings


def _category_by_code(code: str) -> str:
    """The category of a reported code: its check's, or the delivery check's."""
    if code in CODE_CATEGORIES:
        return CODE_CATEGORIES[code]
    return CHECKS[code].category if code in CHECKS else CHECKS["delivery"].category


def check_files(paths: Iterable[Path], glossary: Glossary, only: Iterable[str] = (),
                exclude: Iterable[str] = (), options: dict | None = None) -> list[Finding]:
    """Read every file strictly first (a broken one stops everything), then check them.

    The page frame's catalogs (``migo-interface.po``, English source) get the checks
    that do not assume German: tags, placeholders, quotes, spacing, punctuation.
    """
    catalogs = [(path, catalog.read_catalog(path)) for path in paths]
    return check_read(catalogs, glossary, only, exclude, options)


def check_read(catalogs: Iterable[tuple[Path, catalog.MigoCatalog]], glossary: Glossary,
               only: Iterable[str] = (), exclude: Iterable[str] = (),
               options: dict | None = None, memo: CheckMemo | None = None) -> list[Finding]:
    """:func:`check_files` on catalogs read already (a run has its own in memory), with
    the results of entries the ``memo`` has seen taken from it."""
    findings = []
    for path, po in catalogs:
        lang = str(po.locale) if po.locale else path.parent.parent.name
        interface = path.stem == catalog.INTERFACE_DOMAIN
        names = chosen_checks(only, exclude, interface)
        try:
            findings += check_catalog(po, path, lang, glossary, names, options, interface,
                                      memo)
        except InputError as exc:  # a language Babel does not know: say which file
            raise InputError(f"{exc} (the file has no usable Language header)", path) from exc
    return findings


def interface_files(locales: Path | None) -> list[Path]:
    """The page frame's catalogs: the ones migo ships, and a run's own copies in
    ``locales`` (which win on the pages, so they are checked too)."""
    folders = [SHIPPED] + ([locales] if locales and Path(locales).is_dir() else [])
    return [path for folder in folders
            for path in sorted(Path(folder).glob(f"*/LC_MESSAGES/{catalog.INTERFACE_DOMAIN}.po"))]

