"""Facts in German text: numbers, money, percentages, dates, times, phones, URLs, e-mails.

A reader who misreads German "8.000" (eight thousand) as 8.0, or a date as another
date, may miss an appointment or bring the wrong papers. So these spans are not words
to translate but values to carry over: :func:`find_facts` parses them with German
conventions, :func:`localize` writes the value for the target locale with Babel (CLDR),
and :func:`same_value` checks that a translation still holds it.

Choices, so a reviewer knows what to expect:

- Grouping follows the source: "2.500" is grouped in every language ("2,500" en,
  "2.500" tr, "2 500" ru), "2016" or "2500" written without separator stays without,
  which keeps years as years in every locale.
- Fraction digits follow the source: "12,50" stays two digits ("12.50").
- Digits follow CLDR's *default* numbering system of the target locale: ``fa`` writes
  Persian digits (arabext, ۰–۹), ``ar`` writes Latin digits, because CLDR's default
  for ``ar`` is ``latn`` (``ar_EG`` would get ``arab``). Babel gives the separators of
  that numbering system but no digit tables, so :data:`pipeline.langs.DIGITS` holds the digits.
- Dates are written with the month as a word ("April 19", "14 June 2025"), never as
  all-numeric day/month, which English and Persian readers would read month-first.
- URLs, e-mail addresses, phone numbers, legal citations and identifiers after their
  label ("Nr. 12.345", "Az. 1 K 234/20", "PLZ 45127") are kept verbatim: an identifier is
  not a number, "12,345" would be another file.
- What cannot be localized safely is kept as written, too: a date with a two-digit year
  ("01.01.85" may be 1985 or 2085) and an impossible time ("24:30 Uhr").
- German whole-euro notation ("100,- €", "100,– Euro") is money: 100 euros, no cents.
- Percent signs are CLDR's for the numbering system (Persian "٪"); Babel leaves the
  pattern's ASCII "%" in place, so :func:`_format_percent` swaps it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from . import langs
from .langs import month_year, native_digits
from .text import EMAIL, PHONE, blank_tags, is_phone

KINDS = (
    "number", "money", "percent", "date", "time", "weekday", "phone", "url", "email", "citation",
    "identifier",
)  # fmt: skip
#: Kinds kept exactly as written in every language. A legal citation ("§ 18a AufenthG",
#: "Art. 16a Abs. 1 GG") names a German provision a reader may have to look up or show
#: at the office; an engine that drops or renumbers it costs the reader that.
VERBATIM = ("phone", "url", "email", "citation", "identifier")

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip

DateValue = tuple[int | None, int, int | None]  # (year, month, day); None = not written
TimeValue = tuple[int, int]  # (hour, minute)
WeekdayValue = tuple[int, int | None, str]  # (first, last, "–" range | "/" either | "")

#: German weekday abbreviations, Monday = 0 as in Babel's ``Locale.days``.
WEEKDAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}


@dataclass(frozen=True)
class Fact:
    """One fact in German text: where, what kind, as written, and its parsed value.

    ``value`` is a Decimal for number and percent (3.5 for "3,5 %"), ``(Decimal,
    "EUR")`` for money, ``(year, month, day)`` with None for parts not written for a
    date, ``(hour, minute)`` or a pair of those (a range) for a time, ``(first, last,
    joiner)`` day numbers for a weekday ("Mo.–Fr." = (0, 4, "–")), and the text itself
    for phone, url, email, citation and identifier, and for a date or time that is kept
    as written (see :attr:`verbatim`).
    """

    start: int
    end: int
    kind: str
    text: str
    value: object
    case: str = ""  # a month-year date's case after its German word: see MONTH_CASES

    @property
    def verbatim(self) -> bool:
        """Kept exactly as written in every language, never localized: the verbatim
        kinds, and a date or time whose value is its text ("01.01.85", "24:30")."""
        return self.kind in VERBATIM or isinstance(self.value, str)


# --- finding --------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_MONTH = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember|(?:Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez)\.)"
)
_HM = r"(\d{1,2})(?:[:.](\d{2}))?"
_DASH = r"\s*(?:–|-|—|bis)\s*"
_START = r"(?<![\w.,])"  # not inside a word or a longer number
_END = r"(?![\w]|[.,]\d)"


def _parse_number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def _date_numeric(m: re.Match[str]) -> DateValue | str | None:
    """The date; a two-digit year ("01.01.85") is kept as written (the text), since
    its century cannot be known: a birth date in 2085 is as wrong as one in 1985."""
    day, month, year = int(m["d"]), int(m["m"]), m["y"] or m["y4"]
    if year is not None and len(year) == 2:
        return m.group() if _valid_date(None, month, day) else None
    return _valid_date(int(year) if year else None, month, day)


def _date_words(m: re.Match[str]) -> DateValue | None:
    if not (m["d"] or m["y"]):
        return None  # "im Mai" alone is a word, not a fact to protect
    month = MONTHS[m["mon"].rstrip(".").casefold()]
    return _valid_date(int(m["y"]) if m["y"] else None, month, int(m["d"]) if m["d"] else None)


def _valid_date(year: int | None, month: int, day: int | None) -> DateValue | None:
    try:
        dt.date(year or 2000, month, day or 1)  # 2000 is a leap year: 29.02. is valid
    except ValueError:
        return None
    return (year, month, day)


def _time(m: re.Match[str]) -> TimeValue | None:
    return _valid_time(m[1], m[2])


def _time_range(m: re.Match[str]) -> tuple[TimeValue, TimeValue] | None:
    first, second = _valid_time(m[1], m[2]), _valid_time(m[3], m[4])
    return (first, second) if first and second else None


def _valid_time(hour: str, minute: str | None) -> TimeValue | None:
    """The time, or None for an impossible one; "24 Uhr" (midnight) is a time, "24:30" not."""
    h, mi = int(hour), int(minute or 0)
    return (h, mi) if (h < 24 and mi < 60) or (h, mi) == (24, 0) else None


def _impossible_time(m: re.Match[str]) -> str | None:
    """An impossible time ("24:30 Uhr", "25.61 Uhr") as written: not a time to localize,
    nor two numbers; the reviewer sees the German digits unchanged."""
    times = [(m[i], m[i + 1]) for i in range(1, len(m.groups()), 2) if m[i]]
    return m.group() if any(_valid_time(*t) is None for t in times) else None


def _phone(m: re.Match[str]) -> str | None:
    return m.group() if is_phone(m.group()) else None


def _money(m: re.Match[str]) -> tuple[Decimal, str]:
    return (_parse_number(m["n"]), "EUR")


def _text_of(m: re.Match[str]) -> str:
    """The value of a verbatim fact: its text."""
    return m.group()


_DAY = r"(?:Mo|Di|Mi|Do|Fr|Sa|So)\."


def _weekdays(m: re.Match[str]) -> WeekdayValue:
    first = WEEKDAYS[m["a"][:2].lower()]
    if not m["b"]:
        return (first, None, "")
    return (first, WEEKDAYS[m["b"][:2].lower()], "/" if m["sep"].strip() == "/" else "–")


#: An address ends before sentence punctuation ("www.essen.de." ends a sentence) and
#: before a closing parenthesis it did not open ("(www.essen.de)"), but keeps one it
#: did ("…/wiki/Essen_(Stadt)"). This pattern is the one place for that; the check
#: side only asks that nothing extends an address (:data:`_ADDRESS_EDGES`).
_URL_CHAR = r"[^\s<>\"„“”«»\0()]"
_URL_PARENS = rf"\({_URL_CHAR}*\)"
_URL_LAST = r"[^\s<>\"„“”«»\0().,;:!?\]']"
_URL = rf"(?<![\w@/])(?:https?://|www\.)(?:{_URL_CHAR}|{_URL_PARENS})*(?:{_URL_LAST}|{_URL_PARENS})"

#: Labels of identifiers: what follows them is kept verbatim ("Nr. 12.345" is not 12345).
_ID_LABEL = r"(?:Kd\.-Nr\.|Kundennr\.|Kundennummer|Nr\.|Az\.|AZ\b|Aktenzeichen|PLZ|Postfach)"
#: One identifier: starts with a digit (or a short letter prefix), may hold . / - and
#: further space-separated digit groups ("10 12 34", "1 K 234/20"); never ends on a dot.
_ID_PART = r"\d(?:[\w./-]*\w)?"
_IDENTIFIER = (
    rf"(?<![\w.-]){_ID_LABEL}:?\s*"
    rf"(?P<id>[A-Za-z]{{0,4}}{_ID_PART}(?:\s(?:[A-Z]{{1,3}}\s)?{_ID_PART})*)(?!\w)"
)

#: A German law's abbreviation: AufenthG, GG, StAG, BeschV, SGB II.
_LAW = r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*[A-Z](?:\s+[IVX]+\b)?"
#: Finer parts of a provision: "Abs. 2", "S. 1", "Nr. 3", "lit. a", "ff.".
_PROVISION_PART = r"(?:Abs\.|Satz|S\.|Nr\.|Ziff\.|lit\.|Buchst\.|Alt\.|Hs\.)\s*(?:\d+[a-z]?|[a-z]\b)"
_CITATION = (
    rf"(?:§§?|Art\.|Artikel)\s*\d+[a-z]?(?:\s*ff?\.)?"
    rf"(?:\s+{_PROVISION_PART}(?:\s*ff?\.)?)*(?:\s+{_LAW}(?![\w-]))?"
)


#: German whole-euro notation after the amount: "100,- €", "100,-- €", "100,– Euro".
_WHOLE_EUROS = r"(?:,(?:--?|[–—]))"

#: (kind, pattern, parser) in priority order: an earlier kind wins an overlap.
_RULES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], object]]] = [
    ("email", EMAIL, _text_of),
    ("url", re.compile(_URL), _text_of),
    ("citation", re.compile(rf"(?<![\w§]){_CITATION}"), _text_of),
    ("identifier", re.compile(_IDENTIFIER), lambda m: m["id"]),  # the span is the "id" group
    (  # office hours: "Mo.–Fr.", "Mo. bis Do.", "Sa./So."; a lone "Do." only before a time
        "weekday",
        re.compile(
            rf"(?<![\w.])(?P<a>{_DAY})(?:(?P<sep>\s*[–—/-]\s*|\s+bis\s+)(?P<b>{_DAY})|(?=\s+\d))"
        ),
        _weekdays,
    ),
    (
        "phone",
        PHONE,
        _phone,
    ),
    (
        "date",
        re.compile(
            rf"{_START}(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\."
            r"(?:(?P<y>\d{4}|\d{2})|\s(?P<y4>\d{4}))?(?!\d)"
        ),
        _date_numeric,
    ),
    (
        "date",
        re.compile(
            rf"{_START}(?:(?P<d>\d{{1,2}})\.\s*)?(?P<mon>{_MONTH})(?:\s+(?P<y>\d{{4}}))?(?!\w)"
        ),
        _date_words,
    ),
    ("time", re.compile(rf"{_START}{_HM}{_DASH}{_HM}\s*Uhr\b"), _time_range),
    (
        "time",
        re.compile(rf"{_START}(\d{{1,2}}):(\d{{2}}){_DASH}(\d{{1,2}}):(\d{{2}})(?!\d)"),
        _time_range,
    ),
    ("time", re.compile(rf"{_START}{_HM}\s*Uhr\b"), _time),
    ("time", re.compile(rf"{_START}(\d{{1,2}}):(\d{{2}})(?!\d)"), _time),
    # what the time forms above left over is impossible: its digits ("Uhr" is a word)
    ("time", re.compile(rf"{_START}{_HM}{_DASH}{_HM}(?=\s*Uhr\b)"), _impossible_time),
    ("time", re.compile(rf"{_START}{_HM}(?=\s*Uhr\b)"), _impossible_time),
    ("time", re.compile(rf"{_START}(\d{{1,2}}):(\d{{2}})(?!\d)"), _impossible_time),
    ("money", re.compile(rf"{_START}(?P<n>{_NUM}){_WHOLE_EUROS}?\s?(?:€|EUR\b|Euro\b)"), _money),
    ("money", re.compile(rf"(?:€|\bEUR)\s?(?P<n>{_NUM})(?:{_WHOLE_EUROS}|{_END})"), _money),
    ("percent", re.compile(rf"{_START}({_NUM})\s?(?:%|Prozent\b)"), lambda m: _parse_number(m[1])),
    ("number", re.compile(rf"{_START}{_NUM}{_END}"), lambda m: _parse_number(m.group())),
]


def find_facts(text: str) -> list[Fact]:
    """Every fact in German ``text``, sorted by position and never overlapping.

    Cached: a run asks for the same sentence's facts when masking it and twice more per
    target language when checking the delivery (terms and facts); Facts are frozen.
    """
    return list(_find_facts(text))


@lru_cache(maxsize=16384)
def _find_facts(text: str) -> tuple[Fact, ...]:
    """The parse behind :func:`find_facts`.

    Inline tags are blanked first, so "a1" in ``<a1>`` is not a number and no fact
    spans a tag. Kinds are tried in :data:`_RULES` order: a date "19.04." is not two
    numbers, a time "18.30 Uhr" is not a number, a URL's digits are not numbers. A
    pattern with an ``id`` group (an identifier after its label) makes only that group
    the fact: "Nr." is a word for the engine, "12.345" is kept.
    """
    plain = blank_tags(text)
    facts: list[Fact] = []
    for kind, pattern, parse in _RULES:
        for m in pattern.finditer(plain):
            start, end = m.span("id") if "id" in pattern.groupindex else m.span()
            if any(start < f.end and f.start < end for f in facts):
                continue
            value = parse(m)
            if value is not None:
                case = _month_case(plain[:start]) if _is_month_year(kind, value) else ""
                facts.append(Fact(start, end, kind, plain[start:end], value, case))
    return tuple(sorted(facts, key=lambda f: f.start))


#: The case the German word before a month-year date asks of the month, where a
#: language declines month names: "im September 2020" is "в сентябре 2020 г." (locative),
#: "seit Juni 2016" "с июня 2016 г." (genitive). The word itself is left to the engine.
MONTH_CASES = {
    "im": "locative", "seit": "genitive", "ab": "genitive", "bis": "genitive",
    "anfang": "genitive", "mitte": "genitive", "ende": "genitive",
}
_CASE_WORD = re.compile(r"(?<!\w)(\w+)\s+$")


def _is_month_year(kind: str, value: object) -> bool:
    return kind == "date" and isinstance(value, tuple) and value[2] is None


def _month_case(before: str) -> str:
    found = _CASE_WORD.search(before[-20:])
    return MONTH_CASES.get(found.group(1).casefold(), "") if found else ""


# --- localizing -----------------------------------------------------------------------


#: The regional spelling a bare language code is written in. migo's readers live in
#: Germany, where English is taught and read in its British form: "19 April 2024",
#: 24-hour clock. ``english_variant = "en-US"`` in migo.toml asks for US English.
REGION = {"en": "en_GB"}
_ENGLISH: ContextVar[str] = ContextVar("english_variant", default=REGION["en"])


@contextmanager
def english_variant(variant: str) -> Iterator[None]:
    """Write English facts as ``variant`` ("en-GB", "en-US") for the run inside.

    A run-scoped value rather than a parameter: the formatting happens deep inside
    restore and check, which only know a page's language code ("en"), and one run
    writes one English.
    """
    token = _ENGLISH.set(variant.replace("-", "_"))
    try:
        yield
    finally:
        _ENGLISH.reset(token)


def _locale(lang: str) -> Locale:
    """The locale facts are written in: ``lang``'s, English in the run's variant."""
    code = lang.replace("-", "_")
    return langs.locale(_ENGLISH.get() if code in REGION else lang)


def localize(fact: Fact, lang: str) -> str:
    """The fact written for a reader of ``lang``; see the module docstring for choices."""
    if fact.verbatim:
        return fact.text
    return native_digits(_FORMATTERS[fact.kind](fact, _locale(lang)), lang)


def _as_written(text: str) -> tuple[bool, int]:
    """Whether a German number was grouped ("2.500") and how many fraction digits it has."""
    number = re.search(_NUM, text).group()
    grouped = "." in number
    fraction = len(number.split(",")[1]) if "," in number else 0
    return grouped, fraction


def _fraction_pattern(pattern: str, fraction: int) -> str:
    """A Babel pattern with exactly ``fraction`` decimals: "#,##0%" → "#,##0.0%"."""
    pattern = re.sub(r"\.0+", "", pattern)
    decimals = "." + "0" * fraction if fraction else ""
    return re.sub(r"0(?=[^0#]*$)", "0" + decimals, pattern, count=1)


def _format_number(fact: Fact, locale: Locale) -> str:
    """The number in the locale's digits and signs, with as many leading zeros as written.

    "01067 Dresden" is a postal code and "0201" an area code: written as the value
    (1067, 201) they would be wrong facts.
    """
    grouped, fraction = _as_written(fact.text)
    whole = re.match(r"0\d+", fact.text)
    pattern = _fraction_pattern("#,##0" if grouped else "0" * len(whole.group() if whole else "0"),
                                fraction)
    return babel_numbers.format_decimal(fact.value, format=pattern, **langs.numbers_kwargs(locale))


def _format_money(fact: Fact, locale: Locale) -> str:
    amount, currency = fact.value
    _, fraction = _as_written(fact.text)
    pattern = _fraction_pattern(locale.currency_formats["standard"].pattern.split(";")[0], fraction)
    return babel_numbers.format_currency(
        amount, currency, format=pattern, currency_digits=False, **langs.numbers_kwargs(locale)
    )


def _format_percent(fact: Fact, locale: Locale) -> str:
    """The percentage with the locale's percent sign: "%" in a CLDR pattern is a
    placeholder for it, which Babel does not fill in ("۳٫۵٪" in Persian, not "۳٫۵%")."""
    _, fraction = _as_written(fact.text)
    pattern = _fraction_pattern(locale.percent_formats[None].pattern.split(";")[0], fraction)
    kwargs = langs.numbers_kwargs(locale)
    text = babel_numbers.format_percent(fact.value / 100, format=pattern, **kwargs)
    symbols = locale.number_symbols.get(kwargs["numbering_system"], {})
    return text.replace("%", symbols.get("percentSign", "%"))


def _format_date(fact: Fact, locale: Locale) -> str:
    year, month, day = fact.value
    if year and day:
        return babel_dates.format_date(dt.date(year, month, day), "long", locale=locale)
    if day:
        return babel_dates.format_skeleton("MMMMd", dt.date(2000, month, day), locale=locale)
    return month_year(year, month, locale, fact.case)


def _format_time(fact: Fact, locale: Locale) -> str:
    if isinstance(fact.value[0], tuple):
        first, second = (_clock(v) for v in fact.value)
        skeleton = "hm" if "h" in locale.time_formats["short"].pattern else "Hm"
        return babel_dates.format_interval(first, second, skeleton, locale=locale)
    return babel_dates.format_time(_clock(fact.value), "short", locale=locale)


def _format_weekday(fact: Fact, locale: Locale) -> str:
    """Abbreviated day names; a range joined as CLDR's interval fallback joins one
    ("Mon – Fri", Persian "دوشنبه تا جمعه")."""
    names = locale.days["stand-alone"]["abbreviated"]
    first, last, separator = fact.value
    if last is None:
        return names[first]
    if separator == "/":
        return f"{names[first]}/{names[last]}"
    fallback = locale.interval_formats.get(None) or "{0}–{1}"
    return fallback.replace("{0}", names[first]).replace("{1}", names[last])


def _clock(value: TimeValue) -> dt.time:
    hour, minute = value
    return dt.time(hour % 24, minute)


_FORMATTERS: dict[str, Callable[[Fact, Locale], str]] = {
    "number": _format_number,
    "money": _format_money,
    "percent": _format_percent,
    "date": _format_date,
    "time": _format_time,
    "weekday": _format_weekday,
}


# --- checking a translation -----------------------------------------------------------

class _Normal(dict):
    """The translation table of :func:`normalize`: bidi marks dropped, special spaces
    plain, every non-ASCII digit its ASCII digit. Filled per character on first sight
    (a table of all of Unicode would cost a second at import), then read by C code."""

    def __missing__(self, code: int) -> str | int | None:
        char = chr(code)
        if char in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            value = None
        elif char in "\u00a0\u202f\u2009\u2007":
            value = " "
        elif char.isdigit():
            value = str(unicodedata.digit(char))
        else:
            value = code
        self[code] = value
        return value


_NORMAL = _Normal()


def normalize(text: str) -> str:
    """Text as the checks compare it: ASCII digits, no bidi marks, plain spaces.

    ASCII text has none of those, so it is returned as it is.
    """
    return text if text.isascii() else text.translate(_NORMAL)


ARABIC_SEPARATORS = ("٬", "٫")  # accepted in every language: a reviewer may type them


@cache
def _number_pattern(lang: str) -> re.Pattern[str]:
    """Numbers as ``lang`` writes them, in its default and its Latin symbols.

    Grouped forms are tried before plain ones, so "8,000" is one number, not "8".
    """
    grouped, plain = [], []
    for i, (g, d) in enumerate(_symbol_pairs(lang)):
        fraction = rf"(?:{re.escape(d)}(?P<f{i}>\d+))?"
        grouped.append(rf"(?P<g{i}>\d{{1,3}}(?:{re.escape(g)}\d{{3}})+){fraction}")
        plain.append(rf"(?P<p{i}>\d+){re.escape(d)}(?P<q{i}>\d+)")
    alternatives = "|".join([*grouped, *plain, r"(?P<n>\d+)"])
    return re.compile(rf"(?<!\d)(?:{alternatives})(?!\d)")


@cache
def _symbol_pairs(lang: str) -> list[tuple[str, str]]:
    """(group, decimal) symbols ``lang`` writes numbers with, normalized and sorted."""
    locale = langs.locale(lang)
    pairs = {ARABIC_SEPARATORS}
    for system in {"latn", langs.numbers_kwargs(locale)["numbering_system"]}:
        group = babel_numbers.get_group_symbol(locale, numbering_system=system)
        decimal = babel_numbers.get_decimal_symbol(locale, numbering_system=system)
        pairs.add((normalize(group), normalize(decimal)))
    return sorted(pairs)


@cache
def _separated_digits(lang: str) -> re.Pattern[str]:
    """A digit, one of ``lang``'s symbols, a digit: what every grouped or decimal form of
    :func:`_number_pattern` holds. A text without it has only runs of digits."""
    symbols = sorted({symbol for pair in _symbol_pairs(lang) for symbol in pair})
    return re.compile(r"\d(?:" + "|".join(map(re.escape, symbols)) + r")\d")


_EURO_WORD = r"(?:euros?|avro|евро|євро|یورو|يورو)"
#: "5 евро 50 центов", "5 avro 50 sent", "٥ يورو و٥٠ سنتًا": euros and cents in words.
_SPELLED_MONEY = re.compile(
    rf"(?<![\d.,])(\d+)\s*{_EURO_WORD}\s*(?:и|і|ve|and|و|و\s)?\s*"
    r"(\d{1,2})\s*(?:cents?|sent|kuruş|цент\w*|سنت\w*)", re.IGNORECASE)
_ANY_EURO_WORD = re.compile(_EURO_WORD, re.IGNORECASE)  # cheap: most texts have none
_DIGIT_RUN = re.compile(r"\d+")


def find_numbers(text: str, lang: str) -> list[Decimal]:
    """The values of all numbers in a ``lang`` text, read with that locale's symbols.

    "8,000" is 8000 in English and 8 in Turkish; Persian and Arabic-Indic digits count.
    Euros and cents spelled out ("5 евро 50 центов") also count as the amount 5.50.
    Cached: ``migo check`` reads each German sentence's numbers twice per target
    language (delivery check and number check); Decimals are immutable.
    """
    return list(_find_numbers(text, lang))


_NOT_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=16384)
def _find_numbers(text: str, lang: str) -> tuple[Decimal, ...]:
    """The parse behind :func:`find_numbers`."""
    text = normalize(text)
    values = [Decimal(f"{m[1]}.{int(m[2]):02d}") for m in _SPELLED_MONEY.finditer(text)] \
        if _ANY_EURO_WORD.search(text) else []
    if not _separated_digits(lang).search(text):
        # no symbol between digits: the full pattern would read each run of digits
        return (*values, *map(Decimal, _DIGIT_RUN.findall(text)))
    pattern = _number_pattern(lang)
    names = {index: name for name, index in pattern.groupindex.items()}
    for m in pattern.finditer(text):
        # one alternative matched; its last group says which: a plain "n", a grouped
        # "g" (its fraction "f" last if written), a decimal "p" with its fraction "q"
        last = m.lastindex
        if names[last][0] in "ng":
            whole, fraction = m[last], ""
        else:
            whole, fraction = m[last - 1], m[last]
        digits = whole if whole.isdigit() else _NOT_DIGIT.sub("", whole)
        try:
            values.append(Decimal(digits + ("." + fraction if fraction else "")))
        except InvalidOperation:
            continue
    return tuple(values)


def numeric_value(fact: Fact) -> Decimal | None:
    """The number a number, money or percent fact stands for; None for other kinds."""
    if fact.kind == "money":
        return fact.value[0]
    if fact.kind in ("number", "percent"):
        return fact.value
    return None


def same_value(fact: Fact, target_text: str, lang: str) -> bool:
    """True when a ``lang`` translation still holds the fact's value.

    Numbers, money and percentages are compared by value ("8,000" en = "8.000" tr =
    "۸٬۰۰۰" fa); dates and times by the forms Babel writes for ``lang`` (or the German
    form a reviewer kept); phones, URLs and e-mails must be there verbatim (a phone
    may be spaced differently, but its digits must be the same).
    """
    if fact.kind in ("number", "money", "percent"):
        return numeric_value(fact) in find_numbers(target_text, lang)
    if fact.kind == "phone":
        return _digits(fact.text) in _digits(normalize(target_text))
    if fact.kind == "weekday":
        return _has_weekdays(fact, target_text, _locale(lang))
    if fact.kind in VERBATIM:
        return _contains(_spaces(target_text), _spaces(fact.text), _ADDRESS_EDGES)
    target = _squash(target_text)
    patterns = _variant_patterns(fact.kind, fact.text, fact.value, fact.case, lang, _ENGLISH.get())
    if any(p.search(target) for p in patterns):
        return True
    return fact.kind == "time" and not fact.verbatim and _has_time_value(fact.value, target_text)


#: A clock time as any language writes its digits: "18.30'da", "18:30", "9" in "с 9 до 17
#: часов", "٩" in "من ٩ حتى ١٧" (digits are normalized first).
_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2})(?:[:.٫](\d{2}))?(?![\d]|[.,:٫]\d)")


def clock_values(text: str) -> list[TimeValue]:
    """Every (hour, minute) a text may name, in order: "9" is (9, 0), "18.30" (18, 30)."""
    return [(int(m[1]), int(m[2] or 0)) for m in _CLOCK.finditer(normalize(text))
            if int(m[1]) <= 24 and int(m[2] or 0) < 60]


def _has_time_value(value: object, target_text: str) -> bool:
    """Compare values, not spellings: a time (or a range, in order and close together)
    is there when the target names the same hours and minutes in any notation."""
    found = clock_values(target_text)
    wanted = list(value) if isinstance(value[0], tuple) else [value]
    for start in range(len(found) - len(wanted) + 1):
        if found[start:start + len(wanted)] == wanted:
            return True
    return False


#: What must not touch a found address: "info-wsc@essen.de" is another mailbox,
#: "www.essen.de/wsc" another page ("www.essen.de." ends a sentence).
_ADDRESS_EDGES = (r"(?<![\w.@+/-])", r"(?![\w@/-]|\.\w)")
#: A date or time must not be part of a longer number: "9–12" is not in "19–12".
_DIGIT_EDGES = (r"(?<!\d)", r"(?!\d)")


def _has_weekdays(fact: Fact, target_text: str, locale: Locale) -> bool:
    """Every day of the fact is named in the target, in any of the locale's forms or in
    German: "Monday to Friday" holds "Mo.–Fr." as well as "Mon–Fri" does."""
    if _contains(_spaces(target_text), _spaces(fact.text), _WORD_EDGES):
        return True
    first, last, _ = fact.value
    target = _spaces(target_text)
    for day in {first, last} - {None}:
        forms = {
            _spaces(locale.days[context][width][day])
            for context in ("format", "stand-alone")
            for width in ("abbreviated", "wide")
        }
        if not any(_contains(target, form, _WORD_EDGES) for form in forms):
            return False
    return True


_WORD_EDGES = (r"(?<!\w)", r"(?!\w)")


def _contains(text: str, part: str, edges: tuple[str, str]) -> bool:
    """``part`` occurs in ``text`` with nothing that would extend it on either side."""
    return re.search(edges[0] + re.escape(part) + edges[1], text) is not None


@lru_cache(maxsize=4096)
def _variant_patterns(kind: str, text: str, value: object, case: str, lang: str,
                      english: str) -> tuple[re.Pattern[str], ...]:
    """:func:`variants` of a fact, squashed and compiled as :func:`_contains` searches them.

    Formatting them with Babel costs more than the search, and an issue names the same
    date or time in many sentences, each checked in every language: so the key is what
    the variants depend on, not where the fact stands. ``english`` is the run's English
    variant (:func:`variants` reads it), so a pattern never serves another one.
    """
    fact = Fact(0, 0, kind, text, value, case)
    return tuple(re.compile(_DIGIT_EDGES[0] + re.escape(_squash(v)) + _DIGIT_EDGES[1])
                 for v in variants(fact, lang))


def variants(fact: Fact, lang: str) -> list[str]:
    """Accepted ways to write a date or time in ``lang``, the localized one first."""
    forms = [localize(fact, lang), fact.text]
    if fact.verbatim:
        return forms[1:]
    code = lang.replace("-", "_")
    english = [langs.locale(v) for v in ("en_GB", "en_US")] if code in REGION else []
    for locale in [_locale(lang), *english]:  # English: a reviewer's other spelling too
        if fact.kind == "date":
            forms += _date_variants(fact.value, locale)
        elif fact.kind == "time" and isinstance(fact.value[0], tuple):
            forms += [_format_time(fact, locale), *_range_variants(fact.value)]
        elif fact.kind == "time":
            forms += _time_variants(fact.value, locale)
    return list(dict.fromkeys(forms))


def _range_variants(value: tuple[TimeValue, TimeValue]) -> list[str]:
    """A range of hours as a reviewer may write it: "9–12", "9:00–12:00", "09:00–12:00"
    (dashes and the spaces around them are compared loosely, see :func:`_squash`)."""
    first, second = value
    forms = [f"{first[0]}:{first[1]:02d}–{second[0]}:{second[1]:02d}",
             f"{first[0]:02d}:{first[1]:02d}–{second[0]:02d}:{second[1]:02d}"]
    if first[1] == second[1] == 0:
        forms.append(f"{first[0]}–{second[0]}")
    return forms


def _date_variants(value: DateValue, locale: Locale) -> list[str]:
    """Other usual ways, in ``lang``'s month names: "19 April" as well as "April 19"."""
    year, month, day = value
    if not day:  # any case is accepted: the checks compare values, not grammar
        return [month_year(year, month, locale, case) for case in ("", "genitive", "locative")]
    date = dt.date(year or 2000, month, day)
    patterns = ["d MMMM", "MMMM d", "d MMM", "MMM d"]
    if year:
        patterns = [f"{p} y" for p in patterns] + ["MMMM d, y", "MMM d, y"]
        forms = [
            babel_dates.format_date(date, f, locale=locale) for f in ("short", "medium", "full")
        ]
    else:
        forms = [babel_dates.format_skeleton(s, date, locale=locale) for s in ("MMMd", "Md")]
    return forms + [babel_dates.format_date(date, p, locale=locale) for p in patterns]


def _time_variants(value: TimeValue, locale: Locale) -> list[str]:
    clock = _clock(value)
    forms = [babel_dates.format_time(clock, f, locale=locale) for f in ("short", "medium")]
    return forms + [f"{value[0]}:{value[1]:02d}", f"{value[0]:02d}:{value[1]:02d}"]


def _spaces(text: str) -> str:
    """Text for comparison: normalized, case-folded, single spaces, without non-spacing
    marks: Persian writes July "ژوئیهٔ" (with the ezafe hamza) where CLDR has "ژوئیه",
    and Arabic vowel signs are optional."""
    text = unicodedata.normalize("NFC", normalize(text))
    if not text.isascii():  # ASCII has no marks
        text = text.translate(_NO_MARKS)
    return " ".join(text.casefold().split())


class _Marks(dict):
    """Translation table deleting non-spacing marks (category Mn), filled per character."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = value
        return value


_NO_MARKS = _Marks()


def _squash(text: str) -> str:
    """:func:`_spaces`, and one kind of dash without spaces around it, for dates and
    times ("14:00 - 18:30" = "14:00–18:30"); addresses keep their hyphens."""
    return _DASHES.sub("–", _spaces(text))


_DASHES = re.compile(r" ?[-–—] ?")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
