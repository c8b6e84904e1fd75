"""Everything migo knows about a language code, in one place.

Stages ask here for a code's locale data, its text direction, its ``html lang``, its
name, its digits and its PO folder, instead of each parsing codes on its own: before,
seven modules did, with two hand-written right-to-left lists beside CLDR's that could
disagree with it. Adding a language touches this module (if at all), a glossary column
and an interface catalog, and nothing else.

Codes are accepted as users and tools write them: ``EN``, ``pt-BR``, ``pt_BR`` and
``pt_br`` are one language. ``root`` and ``und`` are CLDR entries, not languages a
reader speaks (``und`` even resolves to ``en_US``), so they are refused like ``xx``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import get_global, parse_locale

from .errors import InputError

#: CLDR names that are not a language a page could be written in.
NOT_LANGUAGES = frozenset({"root", "und"})

#: ASCII digits of CLDR numbering systems (by name) that differ from ``latn``.
DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "mymr": "၀၁၂၃၄၅၆၇၈၉",
}


def _parts(code: str) -> tuple[str, str | None, str | None, str | None]:
    """(language, territory, script, variant) with CLDR's spelling, or ValueError."""
    if not isinstance(code, str):
        raise TypeError(f"not a language code: {code!r}")
    return parse_locale(code.strip().replace("-", "_"))


@cache
def locale(code: str) -> Locale:
    """The Babel locale of ``code``; the one place migo calls ``Locale.parse``.

    Cached because pages, checks and the report ask for the same few codes thousands
    of times. Raises :class:`InputError` for anything that is not a language.
    """
    try:
        if _parts(code)[0] in NOT_LANGUAGES:
            raise ValueError(code)
        return Locale.parse(code.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise InputError(
            f"unknown language {code!r}: no locale data for it (use a code such as en, tr, fa)"
        ) from exc


def locale_or_none(code: str) -> Locale | None:
    """Like :func:`locale`, but ``None`` for a code that is not a language."""
    try:
        return locale(code)
    except InputError:
        return None


def is_language(code: str) -> bool:
    """Whether CLDR knows ``code`` as a language (en, fa, pt_BR, pt-BR)."""
    return locale_or_none(code) is not None


def normalize(code: str) -> str:
    """The one gettext spelling of a language: ``EN`` → ``en``, ``pt-br`` → ``pt_BR``.

    CLDR's own name for the locale, so aliases resolve too (``iw`` → ``he_IL``,
    ``zh-TW`` → ``zh_Hant_TW``): two spellings of one language never become two folders.
    """
    return str(locale(code))


def po_folder(code: str) -> str:
    """The folder of a language's PO files and pages: its :func:`normalize` spelling."""
    return normalize(code)


def bcp47(code: str) -> str:
    """The BCP 47 spelling (``pt-BR``), as glossaries, TBX files and HTML write it.

    Built from the same locale as :func:`normalize`, so a glossary column and a ``--to``
    code meet however each was written. A code that is not a language comes back
    unchanged, so a spreadsheet column that is no language can be named in an error.
    """
    found = locale_or_none(code)
    if found is None:
        return code
    parts = (found.language, found.script, found.territory, found.variant)
    return "-".join(part for part in parts if part)


def html_lang(code: str) -> str:
    """The ``lang`` attribute HTML wants (``pt-BR``) for a gettext name (``pt_BR``)."""
    return code.replace("_", "-")


def direction(code: str) -> str | None:
    """``rtl``/``ltr`` from CLDR, ``None`` for a code that is not a language.

    The one place migo decides a text direction: pages, the checks of those pages, the
    pseudo engine and the editors' report all ask here.
    """
    found = locale_or_none(code)
    return found.text_direction if found is not None else None


def text_direction(code: str, unknown: str = "ltr") -> str:
    """``rtl`` or ``ltr``; ``unknown`` for a code that is not a language.

    Pages need a definite direction, so they read an unknown code as ``ltr`` (the
    default); the editors' report shows ``auto`` there, letting the browser decide for
    text whose language it cannot name. Both fallbacks are tested.
    """
    return direction(code) or unknown


def is_rtl(code: str) -> bool:
    """Whether ``code`` is written right to left (ar, fa, he, ckb, ...), per CLDR."""
    return direction(code) == "rtl"


def script(code: str) -> str | None:
    """The ISO 15924 script ``code`` is usually written in ("Arab" for fa), per CLDR's
    likely subtags; ``None`` for a code that is not a language."""
    found = locale_or_none(code)
    if found is None:
        return None
    if found.script:
        return found.script
    likely = get_global("likely_subtags").get(found.language, "")
    return parse_locale(likely)[2] if likely else None


def native_name(code: str) -> str:
    """The language's own name, capitalised, for language switchers ("Türkçe")."""
    found = locale(code)
    name = found.get_display_name(found) or code
    return name[:1].upper() + name[1:]


def og_locale(code: str) -> str:
    """Open Graph's ``language_TERRITORY`` (``tr_TR``): the code's own territory, else
    CLDR's likely one, else the bare language; a code that is not a language unchanged."""
    found = locale_or_none(code)
    if found is None:
        return code
    if found.territory:
        return f"{found.language}_{found.territory}"
    likely = parse_locale(get_global("likely_subtags").get(found.language, found.language))
    return f"{found.language}_{likely[1]}" if likely[1] else found.language


def german_name(code: str) -> str:
    """The German name of a language ("Türkisch" for tr), else the code itself."""
    found = locale_or_none(code)
    return (found.get_display_name("de") if found is not None else None) or code


def english_name(code: str) -> str:
    """The English name, as a PO header's ``Language-Team`` writes it."""
    return locale(code).get_display_name("en") or code


def numbering_system(code: str) -> str:
    """CLDR's default numbering system of ``code``: "latn", "arabext" for fa, ..."""
    return locale(code).default_numbering_system


def native_digits(text: str, code: str) -> str:
    """``text`` with ASCII digits written in the default digits of ``code``."""
    digits = DIGITS.get(numbering_system(code))
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def numbers_kwargs(code: str | Locale) -> dict[str, object]:
    """Babel's ``locale``/``numbering_system`` arguments for writing numbers in ``code``.

    The default numbering system's symbols, or Latin ones where CLDR has none for it;
    the digits themselves come from :func:`native_digits`.
    """
    found = code if isinstance(code, Locale) else locale(code)
    system = found.default_numbering_system
    try:
        babel_numbers.get_decimal_symbol(found, numbering_system=system)
    except babel_numbers.UnsupportedNumberingSystemError:
        system = "latn"
    return {"locale": found, "numbering_system": system}


def format_count(n: int, code: str) -> str:
    """A count as a reader of ``code`` writes it: ``1,234`` in English, ``۱٬۲۳۴`` in Persian.

    Pages and the article's own numbers (facts) use the same digits and separators, so a
    page never mixes two ways of writing numbers.
    """
    return native_digits(babel_numbers.format_decimal(n, **numbers_kwargs(code)), code)


# --- months: the issue's name and dates in the reader's grammar ------------------------


def issue_label(name: str, lang: str) -> str:
    """The issue as its readers name it: "2024-04" is "April 2024", "أبريل 2024".

    A folder not named ``YYYY-MM`` is shown as it is named.
    """
    found = re.fullmatch(r"(\d{4})-(\d{2})", name)
    if not found or not 1 <= int(found.group(2)) <= 12:
        return name
    return native_digits(month_year(int(found.group(1)), int(found.group(2)), lang), lang)


#: Month names after "в"/"у"/"w" ("in"): CLDR has the nominative (stand-alone) and the
#: genitive (formatting) forms of month names, but no locative, so it is written here.
LOCATIVE_MONTHS = {
    "ru": ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
           "сентябре", "октябре", "ноябре", "декабре"),
    "uk": ("січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні",
           "вересні", "жовтні", "листопаді", "грудні"),
    "pl": ("styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu", "sierpniu",
           "wrześniu", "październiku", "listopadzie", "grudniu"),
}


def month_year(year: int, month: int, code: Locale | str, case: str = "") -> str:
    """"April 2024", "апрель 2024 г.", or the month in ``case`` where a language declines it.

    CLDR's month-year pattern uses the stand-alone month (``LLLL``: nominative, right
    for a title or a heading). After "seit" a Russian, Ukrainian or Polish reader needs
    the genitive, which is CLDR's *formatting* form (``MMMM``: "июня", "czerwca"); after
    "im" the locative from :data:`LOCATIVE_MONTHS`. Other languages do not decline
    month names, and get the stand-alone form for every case.
    """
    where = code if isinstance(code, Locale) else locale(code)
    pattern = where.datetime_skeletons["yMMMM"].pattern
    if "LLLL" in pattern and case == "genitive":
        pattern = pattern.replace("LLLL", "MMMM")
    elif "LLLL" in pattern and case == "locative" and where.language in LOCATIVE_MONTHS:
        pattern = pattern.replace("LLLL", f"'{LOCATIVE_MONTHS[where.language][month - 1]}'")
    return babel_dates.format_date(dt.date(year, month, 1), pattern, locale=where)
