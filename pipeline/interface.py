"""The page frame's strings (skip link, language menu, notice) in the reader's language.

These few strings ship with migo as gettext catalogs (``pipeline/locales``); a run's
``--locales`` folder may hold its own copy, which wins. They are part of the shared floor:
the orchestrator loads and checks them *before* any file is written, and render receives
a plain lookup, so a broken catalog can never leave a run half done.

Plural forms follow the installed Babel (CLDR): when a catalog has as many forms as Babel
knows for its language, Babel's rule picks the form, whatever expression an older Babel
wrote into the header. A catalog with another number of forms is used as gettext would,
by its own expression, and the mismatch is reported so a translator can add the forms.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.plurals import get_plural

from . import pofile
from .findings import ERROR, WARNING, Finding

DOMAIN = "migo-interface"
SHIPPED = Path(__file__).resolve().parent / "locales"


@dataclass(frozen=True)
class InterfaceStrings:
    """The page frame's strings in one language, with gettext's plural forms.

    ``problems`` lists the translations left out because their ``{placeholders}``
    differ from the msgid's; for those the English msgid is shown.
    """

    table: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = lambda n: int(n != 1)
    problems: tuple[Finding, ...] = ()

    def __call__(self, msgid: str) -> str:
        found = self.table.get(msgid)
        return found if isinstance(found, str) else msgid

    def plural(self, singular: str, plural: str, n: int) -> str:
        forms = self.table.get(singular)
        if isinstance(forms, tuple):
            index = self.plural_index(n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural


def catalog_path(lang: str, locales_dir: Path) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def find_interface_strings(lang: str, folders: Iterable[Path]) -> InterfaceStrings:
    """The strings from the first folder that has a catalog for ``lang``.

    A run's ``--locales`` comes first so a translator can improve the shipped strings
    without touching migo; with none, the page frame is English (the msgids).
    """
    for folder in folders:
        if catalog_path(lang, folder).is_file():
            return load_interface_strings(lang, folder)
    return InterfaceStrings()


def load_interface_strings(lang: str, locales_dir: Path = SHIPPED) -> InterfaceStrings:
    """The few strings of the page frame, from ``<lang>/LC_MESSAGES/migo-interface.po``.

    Languages without a catalog fall back to English (the msgids); fuzzy entries are
    not used, exactly as gettext does. The file is read strictly: a broken one raises
    :class:`~pipeline.errors.CatalogError` naming it. A translation whose
    ``{placeholders}`` differ from its msgid's is left out (the English msgid is shown)
    and listed in ``problems``.
    """
    path = catalog_path(lang, locales_dir)
    if not path.is_file():
        return InterfaceStrings()
    catalog = pofile.load(path)
    table: dict[str, str | tuple[str, ...]] = {}
    problems = []
    for msgid, text, line in pofile.approved_entries(catalog):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        reason = _placeholder_problem(msgid, text)
        if reason is not None:
            problems.append(Finding(ERROR, "interface-placeholders", reason, str(path), line,
                                    lang=lang, msgid=key))
            continue
        table[key] = text
    chooser, plural_problem = _plural_chooser(lang, catalog.num_plurals, catalog.plural_expr)
    if plural_problem:
        problems.append(Finding(WARNING, "interface-plural-forms", plural_problem, str(path),
                                lang=lang))
    return InterfaceStrings(table, chooser, tuple(problems))


def gettext_plurals(lang: str) -> tuple[int, str]:
    """The number of plural forms and their rule for ``lang``, from the installed Babel."""
    found = get_plural(lang.replace("-", "_"))
    return found.num_plurals, found.plural_expr


def _plural_chooser(lang: str, nplurals: int, expression: str):
    """How to pick a form for ``n``, and what is wrong with the catalog's plural data.

    As many forms as the installed Babel knows for the language: Babel's rule decides
    (the installed CLDR is the truth, an old header's expression is not; Arabic's
    forms 4 and 5 were swapped by one). Any other count: the header's own rule, as
    gettext would use it, plus a warning asking for the missing forms.
    """
    wanted, rule = gettext_plurals(lang)
    if nplurals == wanted:
        return gettext.c2py(rule), None
    return gettext.c2py(expression), (
        f"Plural-Forms has {nplurals} forms, but the installed Babel has {wanted} for "
        f"{lang} ({rule}): write one translation per form and update the header")


def placeholders(text: str) -> set[tuple[str, str, str]] | None:
    """The ``{name:spec!conv}`` fields of a format string; None when it is malformed."""
    try:
        return {(name, spec or "", conv or "")
                for _, name, spec, conv in string.Formatter().parse(text) if name is not None}
    except ValueError:  # "{sayı" or "}" alone
        return None


def _placeholder_problem(msgid: str | tuple[str, ...],
                         msgstr: str | tuple[str, ...]) -> str | None:
    """Why a translation cannot be filled in like its msgid, or None when it can.

    Every form must carry exactly the msgid's fields: an unknown field would stop the
    page with a KeyError, a lost one would drop a number the reader needs.
    """
    ids = msgid if isinstance(msgid, tuple) else (msgid,)
    wanted: set = set().union(*(placeholders(i) or set() for i in ids))
    forms = [f for f in (msgstr if isinstance(msgstr, tuple) else (msgstr,)) if f]
    for form in forms:
        found = placeholders(form)
        if found is None:
            return f"the translation {form!r} has an unbalanced {{ or }}"
        if found != wanted:
            names = ", ".join(sorted("{" + name + "}" for name, _, _ in wanted)) or "none"
            return (f"the translation {form!r} does not have the placeholders of the English "
                    f"text ({names}); the English text is shown instead. Copy the "
                    "placeholders exactly as they are in msgid")
    return None
