"""Which language a translation is really in: catching off-target output.

Pivot translation and small models sometimes answer in the wrong language: English left
in a Turkish entry (the de→en hop came through, the en→tr hop did not), Russian where
Ukrainian was asked for. A reviewer who does not read the script may not notice, and a
reader gets a page they cannot read.

The identifier is Lingua (``lingua-language-detector``): its models ship inside the pip
package, so it works offline, and on short sentences it was the most accurate of the
candidates we measured (``benchmarks/langid.py``: 100 % on 160 short sentences in
de, en, tr, ar, ru, uk, pl and fa when restricted to those languages, with no uk↔ru or
fa↔ar confusion; py3langid 98 %, three uk↔ru confusions). Like the benchmark, it is
restricted to the languages migo meets — the magazine's languages, German and English —
plus the expected one: an answer among a few plausible languages is far more reliable
than one among 75.

**Speed.** Lingua takes about 7–16 ms a sentence, and the check runs on every machine
suggestion (9,556 in a full issue: minutes). py3langid (0.08 ms) goes first: when it
names the expected language with probability ≥ ``SURE``, the text is on target and
Lingua is not asked; only a suspect goes to Lingua, which decides as before. On
``benchmarks/langid.py``'s sentences judged against every expected language (1,280
decisions), the two-step check decides exactly as Lingua alone (``translate_speed.py``
measures it).

Only *clear* cases are flagged: text with too few letters (names, numbers, headings of
one or two words) is left alone, and another language must win by a wide margin.
"""

from __future__ import annotations

import functools
import re

from .model import strip_tags

#: the languages an off-target answer is looked for among (with the expected one)
CANDIDATES = ("de", "en", "tr", "ar", "ru", "uk", "pl", "fa")
MIN_LETTERS = 20  #: fewer letters than this: too short to judge
MIN_WORDS = 3  #: fewer words than this: a name or a label, left alone
MIN_CONFIDENCE = 0.8  #: the other language's share of Lingua's confidence
MAX_EXPECTED = 0.1  #: the expected language's share must be below this

_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d\W_]+")


def judgeable(text: str, source: str = "") -> str:
    """The words of a text worth judging, or '' when too few are left.

    Words that also stand in the German ``source`` are names and kept terms ("Essener
    Verbund", "Jobcenter"), not evidence of a language, so they are left out.
    """
    kept = _source_words(source)
    words = [w for w in _NOT_WORDS.sub(" ", strip_tags(text)).split() if w.casefold() not in kept]
    if len(words) < MIN_WORDS or sum(len(w) for w in words) < MIN_LETTERS:
        return ""
    return " ".join(words)


@functools.lru_cache(maxsize=16384)
def _source_words(source: str) -> frozenset[str]:
    """The German sentence's words, case-folded: the same for every target language."""
    return frozenset(w.casefold() for w in _NOT_WORDS.sub(" ", strip_tags(source)).split())


@functools.lru_cache(maxsize=16384)
def off_target(text: str, lang: str, source: str = "") -> str | None:
    """The language ``text`` clearly is in instead of ``lang``; None if it is not clear.

    None also when Lingua does not know ``lang`` (``pt_BR`` counts as ``pt``): we cannot
    tell what it would confuse it with. Cached: a run judges each fresh suggestion when
    it arrives and again when it checks the PO files; the answer depends only on the
    arguments.
    """
    expected = lang.replace("-", "_").split("_")[0].lower()
    words = judgeable(text, source)
    if not words:
        return None
    if _surely(words, expected):
        return None
    detector = _detector(tuple(sorted({*CANDIDATES, expected})))
    if detector is None:
        return None
    values = {_code(v.language): v.value
              for v in detector.compute_language_confidence_values(words)}
    best = max(values, key=values.get)
    if best != expected and values[best] >= MIN_CONFIDENCE and values.get(expected, 0) < MAX_EXPECTED:
        return best
    return None


SURE = 0.9  #: py3langid's probability for the expected language that skips Lingua


def _surely(words: str, expected: str) -> bool:
    """py3langid's quick word: the text is in the expected language (Lingua not needed)."""
    identifier = _quick(tuple(sorted({*CANDIDATES, expected})))
    if identifier is None:
        return False
    found, probability = identifier.classify(words)
    return found == expected and probability >= SURE


@functools.lru_cache(maxsize=8)
def _quick(codes: tuple[str, ...]):
    """py3langid restricted like Lingua; None when it does not know one of the codes."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if not set(codes) <= set(identifier.nb_classes):
        return None
    identifier.set_languages(list(codes))
    return identifier


def supported(lang: str) -> bool:
    """Whether the identifier knows the language at all."""
    return _language(lang.replace("-", "_").split("_")[0].lower()) is not None


@functools.lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]):
    """One detector per language set; Lingua loads each language's model once."""
    from lingua import LanguageDetectorBuilder

    languages = [_language(code) for code in codes]
    if any(language is None for language in languages):
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _language(code: str):
    from lingua import IsoCode639_1, Language

    iso = getattr(IsoCode639_1, code.upper(), None)
    if iso is None:
        return None
    try:
        return Language.from_iso_code_639_1(iso)
    except ValueError:
        return None


def _code(language) -> str:
    return language.iso_code_639_1.name.lower()
