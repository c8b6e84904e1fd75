"""Quality checks on every PO entry, as Translate Toolkit's ``pofilter`` runs them.

Each check is a small function registered in :data:`CHECKS`: it gets one entry (German
source, translation, language, glossary) and returns findings. Checks never print and
never change a file; ``migo check`` prints them as ``file:line: severity: code: reason``
and ``migo translate`` puts them in ``report.json`` under ``"qa"``.

Severity: an *error* is something a reader could be misled or harmed by (a broken tag,
a changed number or address, a leftover placeholder); a *warning* is something a
reviewer should look at (an untranslated entry, odd length, a doubled word).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import catalog, langid
from .errors import InputError
from .findings import ERROR, WARNING, Finding
from .glossary import Glossary
from .model import INLINE_TAG, strip_tags
from .protect import PLACEHOLDER, check_delivery
from .text import tags_balanced


@dataclass(frozen=True)
class Entry:
    """What a check sees of one PO entry."""

    source: str
    target: str
    lang: str
    glossary: Glossary
    engine: str = ""  # the engine of a machine suggestion ("pseudo" is not a language)


Result = tuple[str, str, str]  # severity, code, message
Check = Callable[[Entry], Iterable[Result]]
CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    def add(check: Check) -> Check:
        CHECKS[name] = check
        return check
    return add


# --- the checks ---------------------------------------------------------------

@register("tags")
def tags(entry: Entry) -> Iterator[Result]:
    """Inline tags (``<a1>…</a1>``) are links and emphasis: all of them, properly paired."""
    wanted, found = _tag_list(entry.source), _tag_list(entry.target)
    if Counter(wanted) != Counter(found):
        missing = sorted((Counter(wanted) - Counter(found)).elements())
        extra = sorted((Counter(found) - Counter(wanted)).elements())
        detail = "; ".join(part for part in (
            f"missing {' '.join(missing)}" if missing else "",
            f"not in the German {' '.join(extra)}" if extra else "") if part)
        yield ERROR, "tags", f"inline tags differ from the German: {detail}"
    elif not tags_balanced(entry.target):
        yield ERROR, "tags", "inline tags are not properly opened and closed: " + " ".join(found)


def _tag_list(text: str) -> list[str]:
    return [m.group(0) for m in INLINE_TAG.finditer(text)]


@register("delivery")
def delivery(entry: Entry) -> Iterator[Result]:
    """Glossary terms, numbers, dates, URLs and e-mails: the glossary stage's own check."""
    for problem in check_delivery(entry.source, entry.target, entry.lang, entry.glossary):
        yield problem.severity, problem.code, problem.message


@register("identical")
def identical(entry: Entry) -> Iterator[Result]:
    """The same text as the German is usually a forgotten entry (names excepted)."""
    words = re.findall(r"[^\W\d_]{2,}", strip_tags(entry.source))
    if entry.target.strip() == entry.source.strip() and len(words) > 1:
        yield WARNING, "identical", "the translation is the same as the German"


@register("length")
def length(entry: Entry, low: float = 0.4, high: float = 2.5) -> Iterator[Result]:
    """A translation far shorter or longer than the German often lost or repeated text.

    Only sentences of 20 characters or more: short ones vary too much to judge.
    """
    source, target = len(strip_tags(entry.source)), len(strip_tags(entry.target))
    if source >= 20 and not low <= target / source <= high:
        yield (WARNING, "length",
               f"the translation is {target / source:.1f} times as long as the German")


_DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


@register("doubled")
def doubled(entry: Entry) -> Iterator[Result]:
    """'the the': a typo or an engine stutter, unless the German has it too."""
    source = {w.lower() for w in _DOUBLED.findall(strip_tags(entry.source))}
    for word in dict.fromkeys(w.lower() for w in _DOUBLED.findall(strip_tags(entry.target))):
        if word not in source:
            yield WARNING, "doubled", f'the word "{word}" is doubled'


_ENDINGS = {".": ".。।۔", "?": "?？؟", "!": "!！", ":": ":：", "…": "…"}
# closing quotes and brackets, direction marks, and the middle dots pseudo-localisation
# pads with, may stand after the final punctuation
_TRAILING = "\"'»«“”„’‘)]}›‹ \u200e\u200f\u061c\u00b7"


@register("punctuation")
def punctuation(entry: Entry) -> Iterator[Result]:
    """A sentence that ends with '.', '?' or '!' should end the same way in translation."""
    source, target = _final(entry.source), _final(entry.target)
    if source in _ENDINGS and (not target or target not in _ENDINGS[source]):
        shown = f'"{target}"' if target else "nothing"
        yield WARNING, "punctuation", f'the German ends with "{source}", the translation with {shown}'


def _final(text: str) -> str:
    text = strip_tags(text).rstrip(_TRAILING)
    if text.endswith("..."):
        return "…"
    return text[-1:] if text[-1:] and not text[-1].isalnum() else ""


@register("off-target")
def off_target(entry: Entry) -> Iterator[Result]:
    """Text of reasonable length clearly in another language (English left in Turkish,
    Russian for Ukrainian); names, numbers and short entries are left alone."""
    if entry.engine == "pseudo":
        return
    found = langid.off_target(entry.target, entry.lang, source=entry.source)
    if found:
        yield WARNING, "off-target", f"the text looks like {found}, not {entry.lang}"


@register("placeholder")
def placeholder(entry: Entry) -> Iterator[Result]:
    """A private-use character is a protection placeholder the pipeline failed to restore."""
    found = sorted({f"U+{ord(c):04X}" for c in PLACEHOLDER.findall(entry.target)})
    if found:
        yield ERROR, "placeholder", f"leftover placeholder {', '.join(found)}"


#: Characters that reorder or hide text: a reviewer sees something else than readers
#: get (the "Trojan Source" trick). Bidi overrides, embeddings and isolates ...
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: ... and zero-width characters. The joiners U+200C/U+200D are spelling in Persian,
#: Kurdish, Urdu, Pashto and Indic scripts, so only other text is warned about them.
_ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\ufeff]")
_JOINERS = re.compile("[\u200c\u200d]")
_JOINER_LANGS = {"fa", "ckb", "ku", "ur", "ps", "hi", "bn", "mr", "ne", "si", "ta", "te",
                 "ml", "kn", "gu", "pa", "ar", "sd"}


@register("invisible")
def invisible(entry: Entry) -> Iterator[Result]:
    """Bidi overrides and zero-width characters can hide text from a reviewer."""
    for side, text, lang in (("German", entry.source, "de"),
                             ("translation", entry.target, entry.lang)):
        found = _BIDI_CONTROLS.findall(text) + _ZERO_WIDTH.findall(text)
        if lang.split("_")[0] not in _JOINER_LANGS:
            found += _JOINERS.findall(text)
        if found:
            names = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            message = (f"the {side} holds invisible or reordering characters ({names}) "
                       "that can hide text from a reviewer")
            yield WARNING, "invisible", message


# --- running them -------------------------------------------------------------

def check_entry(entry: Entry) -> list[Result]:
    """Every registered check on one translated entry; an empty one is only 'untranslated'.

    Hidden characters in the German are reported even before anyone translates it.
    """
    if not entry.target.strip():
        return [(WARNING, "untranslated", "no translation yet"), *invisible(entry)]
    return [result for check in CHECKS.values() for result in check(entry)]


def check_catalog(po: catalog.MigoCatalog, path: Path, lang: str,
                  glossary: Glossary) -> list[Finding]:
    """Findings for every active entry of one PO file, at the line of its msgid."""
    findings = []
    for entry in catalog.entries(po):
        for severity, code, text in check_entry(Entry(entry.msgid, entry.text, lang, glossary,
                                                  entry.engine)):
            findings.append(Finding(severity, code, text, str(path), entry.line, lang=lang,
                                    source=entry.msgid, target=entry.text))
    return findings


def check_files(paths: Iterable[Path], glossary: Glossary) -> list[Finding]:
    """Read every file strictly first (a broken one stops everything), then check them."""
    catalogs = [(path, catalog.read_catalog(path)) for path in paths]
    findings = []
    for path, po in catalogs:
        lang = str(po.locale) if po.locale else path.parent.parent.name
        try:
            findings += check_catalog(po, path, lang, glossary)
        except InputError as exc:  # a language Babel does not know: say which file
            raise InputError(f"{exc} (the file has no usable Language header)", path) from exc
    return findings
