"""Readability of the German source and of every translation, offline.

Editors need to see which articles and sentences are hard to read and whether a
translation ended up harder than its source. Every language gets at least one score,
and every score names the published formula that produced it.

Choices, per language (each formula's docstring cites its source):

========  ===============================================  ==============================
language  formula                                          syllables counted by
========  ===============================================  ==============================
de        Flesch reading ease, Amstad's constants;         textstat (pyphen), unchanged,
          Wiener Sachtextformel 1 -- both *by textstat*    so values equal textstat's own
en        Flesch reading ease (Flesch 1948)                pyphen ``en_US``: textstat's own
                                                           fallback path, never NLTK cmudict
ru        Flesch reading ease, Oborneva's constants        vowel letters (exact)
          (textstat's Russian constants)
uk        as ru: Oborneva's constants carried over         vowel letters (exact)
pl        FOG-PL (Gunning fog, hard word = 4+ syllables)   vowel letters, ``i`` before a
                                                           vowel is no syllable
tr        Ateşman (1997)                                   vowel letters (exact)
ar        OSMAN (El-Haj & Rayson 2016) -- by textstat      textstat's estimate
fa        LIX (Björnsson 1968): sentence and word length   not needed
========  ===============================================  ==============================

Why not pyphen everywhere: pyphen finds *hyphenation* points, and hyphenation rules
never split off a single letter, so it counts Russian "она" as one syllable. In
Russian, Ukrainian, Polish and Turkish every syllable has exactly one vowel, so
counting vowels is exact and needs no dictionary. pyphen has no tr, ar or fa
dictionary anyway. Persian script leaves short vowels unwritten, so no syllable count
is possible without a vocaliser; LIX needs none.

Comparing across formulas: a Flesch value in Turkish and a LIX value in Persian are on
different scales, so their numbers are never compared directly. Every score is also
placed on a common five-step scale (:data:`LEVELS`, 1 = very easy ... 5 = very hard)
using the bands its authors published, and a translation is *harder than its source*
when its main score lands on a higher step than the German main score. This is a coarse
comparison on purpose: it says "look here", not "exactly this much harder".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache

import pyphen
from babel import Locale, UnknownLocaleError
from textstat.backend import counts, metrics
from textstat.backend.selections import list_words
from textstat.backend.utils import get_lang_cfg

#: The five steps every score is mapped onto, in plain German for the report.
LEVELS = {1: "sehr leicht", 2: "leicht", 3: "mittel", 4: "schwer", 5: "sehr schwer"}

#: A German sentence longer than this many words is flagged (issue 8: 20).
MAX_WORDS = 20
#: A German word (one hyphen-free part) of at least this many letters is flagged.
#: 20 catches "Fachkräftezuwanderung" (21) and "Ausländerangelegenheiten" (24) but not
#: everyday compounds such as "Eröffnungsfeier" (15) or "Fachbereichsleitung" (19).
LONG_COMPOUND_LETTERS = 20
#: This many nouns of nominal style (-ung, -heit, -keit, -ion, -tät, -ismus) in one
#: sentence make a chain worth rewriting with verbs.
NOMINAL_CHAIN = 3
#: Words with more letters than this count as long (Wiener Sachtextformel's "IW",
#: LIX and textstat all use "more than six letters").
LONG_WORD_LETTERS = 6
#: Upper bounds of the sentence-length histogram bins, in words; the last is open.
HISTOGRAM_BINS = (5, 10, 15, 20, 30, 40)
#: Entries kept by each memo below: far more distinct sentences and words than an issue
#: has (1,400 sentences, ~6,000 words a language), small enough to bound a long process.
_MEMO = 1 << 16


@dataclass(frozen=True)
class Score:
    """One formula's value for one text, with its meaning for an editor."""

    name: str  # key into FORMULAS
    formula: str  # the formula's title, naming author and year
    value: float
    interpretation: str  # plain German, e.g. "sehr schwer"
    level: int  # 1 (sehr leicht) ... 5 (sehr schwer): comparable across formulas


@dataclass(frozen=True)
class TextScore:
    """Everything measured on one text in one language."""

    lang: str
    scores: tuple[Score, ...]
    sentences: int
    words: int
    mean_sentence_length: float  # words per sentence
    long_word_share: float  # share (0-1) of words with more than six letters
    sentence_lengths: tuple[int, ...] = field(default=())  # words, per given sentence
    #: False for a language migo has no formula for: only the counts above are given.
    formula_known: bool = True
    note: str = ""  # plain German, says why there is no score

    @property
    def main(self) -> Score | None:
        """The score that stands for the language in comparisons (the first one)."""
        return self.scores[0] if self.scores else None


@dataclass(frozen=True)
class Flag:
    """A German sentence an editor should look at, and why."""

    index: int  # position in the list given to flag_sentences
    sentence: str
    words: int
    codes: tuple[str, ...]  # "long_sentence", "long_compound", "nominal_style"
    reasons: tuple[str, ...]  # the same in plain German, with the words concerned


# --- counting -------------------------------------------------------------------------

_VOWELS = {
    "ru": set("аеёиоуыэюя"),
    "uk": set("аеєиіїоуюя"),
    "tr": set("aeıioöuüâîû"),
    "pl": set("aąeęioóuy"),
}


def lang_root(lang: str) -> str:
    """``de_AT``, ``de-AT`` and ``DE`` all mean German to a formula."""
    return re.split(r"[-_]", lang.strip())[0].lower()


def words(text: str) -> list[str]:
    """Words as textstat sees them: punctuation removed, hyphenated words joined.

    One tokenizer for every language keeps word counts comparable with textstat's.
    """
    return list(_words(text))


@lru_cache(maxsize=_MEMO)
def _words(text: str) -> tuple[str, ...]:
    """:func:`words`, remembered per text: an issue asks for each sentence's words
    several times (scores, lengths, flags, the longest sentence), and textstat's own
    cache holds only 128 texts."""
    return tuple(list_words(text))


def vowel_syllables(word: str, lang: str) -> int:
    """Syllables of a ru, uk, tr or pl word: one per vowel letter, at least one.

    Every syllable of these languages has exactly one vowel nucleus. Polish writes
    palatalisation as ``i`` before a vowel ("nie", "cia"), which is no syllable of its
    own, so that ``i`` is skipped. Words without vowels (numbers, abbreviations) are
    read aloud with at least one syllable, so they count one.
    """
    vowels = _VOWELS[lang]
    lower = word.lower()
    count = 0
    for i, char in enumerate(lower):
        if char not in vowels:
            continue
        if lang == "pl" and char == "i" and i + 1 < len(lower) and lower[i + 1] in vowels:
            continue
        count += 1
    return max(1, count)


def pyphen_syllables(word: str, dictionary: pyphen.Pyphen) -> int:
    """Syllables as textstat counts them without cmudict: hyphenation points + 1."""
    return len(dictionary.positions(word.lower())) + 1


_PYPHEN_EN = pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=_MEMO)
def syllables(word: str, lang: str) -> int:
    """Syllables of one word in one of the languages counted here (not de, ar, fa).

    Remembered per (word, language): an issue repeats its words thousands of times.
    """
    if lang == "en":
        return pyphen_syllables(word, _PYPHEN_EN)
    return vowel_syllables(word, lang)


# --- formulas: pure functions over counts ---------------------------------------------


def flesch(asl: float, asw: float, base: float, sl_weight: float, sw_weight: float) -> float:
    """Flesch reading ease, generic: ``base - sl_weight * ASL - sw_weight * ASW``.

    Flesch, R. (1948): A new readability yardstick. J. Applied Psychology 32(3), 221-233.
    ASL is words per sentence, ASW syllables per word. English: 206.835, 1.015, 84.6.
    """
    return base - sl_weight * asl - sw_weight * asw


def atesman(asl: float, asw: float) -> float:
    """Ateşman's Turkish readability: ``198.825 - 40.175 * ASW - 2.610 * ASL``.

    Ateşman, E. (1997): Türkçede okunabilirliğin ölçülmesi. Dil Dergisi 58, 71-74.
    """
    return 198.825 - 40.175 * asw - 2.610 * asl


def fog(asl: float, hard_word_share: float) -> float:
    """Gunning fog: ``0.4 * (ASL + 100 * hard words / words)``.

    Gunning, R. (1952): The Technique of Clear Writing. New York: McGraw-Hill. For
    Polish (FOG-PL) a hard word has four or more syllables, because Polish words are
    longer than English ones; see Broda et al. (2014), Measuring Readability of Polish
    Texts: Baseline Experiments, LREC 2014 (textstat's Polish config uses the same 4).
    """
    return 0.4 * (asl + 100 * hard_word_share)


def lix(asl: float, long_word_share: float) -> float:
    """LIX: ``ASL + 100 * words longer than six letters / words``.

    Björnsson, C.-H. (1968): Läsbarhet. Stockholm: Liber. Needs no syllables, which is
    why it serves Persian, whose script leaves short vowels unwritten.
    """
    return asl + 100 * long_word_share


@dataclass(frozen=True)
class GermanCounts:
    """What textstat counts in a German text for Amstad's Flesch and the WSTF."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three or more syllables
    monosyllables: int
    long_words: int  # more than LONG_WORD_LETTERS letters


@lru_cache(maxsize=_MEMO)
def german_syllables(word: str) -> int:
    """textstat's syllable count of one German word (pyphen ``de``), asked once per word."""
    return counts.count_syllables(word, "de")


@lru_cache(maxsize=_MEMO)
def german_counts(text: str) -> GermanCounts:
    """textstat's counts of a German text, each distinct word's syllables counted once.

    textstat's formulas count syllables word by word three times per text (Flesch, and
    the WSTF's words of 3+ and of 1 syllable) behind caches of 128 entries, which an
    issue's thousands of words overflow: that was most of a run's readability time.
    Its syllable totals are sums over its own word list (:func:`words`), so summing its
    per-word count gives its numbers; sentences and long words are textstat's own counts.
    """
    tokens = _words(text)
    per_word = [german_syllables(w) for w in tokens]
    return GermanCounts(
        words=len(tokens),
        sentences=counts.count_sentences(text),
        syllables=sum(per_word),
        polysyllables=sum(n >= 3 for n in per_word),
        monosyllables=sum(n == 1 for n in per_word),
        long_words=counts.count_long_words(text, LONG_WORD_LETTERS),
    )


def _words_per_sentence(c: GermanCounts) -> float:
    """textstat's ``words_per_sentence``: 0.0 for a text without sentences."""
    return c.words / c.sentences if c.sentences else 0.0


def flesch_amstad_textstat(text: str) -> float:
    """German Flesch reading ease with Amstad's constants, as textstat computes it.

    Amstad, T. (1978): Wie verständlich sind unsere Zeitungen? Diss. Univ. Zürich:
    ``180 - ASL - 58.5 * ASW``. textstat's ``flesch_reading_ease(text, "de")`` on
    textstat's counts (:func:`german_counts`) with textstat's German constants, so the
    value equals ``textstat.flesch_reading_ease`` after ``set_lang("de")`` (tests
    compare them) without touching textstat's module-level language setting.
    """
    c = german_counts(text)
    asl = _words_per_sentence(c)
    asw = c.syllables / c.words if c.words else 0.0
    if asl == 0 or asw == 0:
        return 0.0
    constants = ("fre_base", "fre_sentence_length", "fre_syll_per_word")
    return float(flesch(asl, asw, *(get_lang_cfg("de", key) for key in constants)))


def wiener_sachtextformel_textstat(text: str) -> float:
    """Wiener Sachtextformel, variant 1, as textstat computes it (``lang="de"``).

    Bamberger, R.; Vanecek, E. (1984): Lesen - Verstehen - Lernen - Schreiben. Wien:
    ``0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875`` (MS: % words of 3+
    syllables, SL: words per sentence, IW: % words of 7+ letters, ES: % one-syllable
    words). See https://de.wikipedia.org/wiki/Lesbarkeitsindex#Wiener_Sachtextformel
    textstat's ``wiener_sachtextformel(text, 1, "de")``, term for term, on textstat's
    counts (:func:`german_counts`); tests compare the two.
    """
    c = german_counts(text)
    if not c.words:
        return 0.0
    ms = 100 * c.polysyllables / c.words
    sl = _words_per_sentence(c)
    iw = 100 * c.long_words / c.words
    es = 100 * c.monosyllables / c.words
    return (0.1935 * ms) + (0.1672 * sl) + (0.1297 * iw) - (0.0327 * es) - 0.875


def osman_textstat(text: str) -> float:
    """OSMAN Arabic readability, computed by textstat.

    El-Haj, M.; Rayson, P. (2016): OSMAN - A Novel Arabic Readability Metric. LREC 2016,
    250-255, https://aclanthology.org/L16-1038/ :
    ``200.791 - 1.015 ASL - 24.181 (complex + syllables + faseeh + long words per word)``.
    textstat strips vowel marks (tashkeel) before counting, so syllables are always its
    estimate from the number of letters; machine translations carry no marks anyway.
    """
    return float(metrics.osman(text))


# --- levels: one common scale ---------------------------------------------------------


def level_from_bands(value: float, bounds: Sequence[float], higher_is_easier: bool) -> int:
    """Place ``value`` on :data:`LEVELS` given the four band limits of its formula.

    ``bounds`` go from the easy end to the hard end: for Flesch-like scores
    (90, 70, 50, 30), for grade-like scores (6, 9, 12, 16).
    """
    for level, bound in enumerate(bounds, start=1):
        if (value >= bound) if higher_is_easier else (value <= bound):
            return level
    return len(bounds) + 1


def make_score(name: str, value: float) -> Score:
    """A Score with its formula's title, level and plain-German interpretation."""
    return FORMULAS[name].score(value)


# --- scoring per language -------------------------------------------------------------


@dataclass(frozen=True)
class _Sample:
    """A text both as one string (for textstat) and as the editor's sentences.

    Its words and figures are computed once: every formula of a language needs them.
    """

    text: str
    sentences: tuple[str, ...]

    @cached_property
    def lengths(self) -> tuple[int, ...]:
        return tuple(len(_words(s)) for s in self.sentences)

    @cached_property
    def words(self) -> list[str]:
        return [w for s in self.sentences for w in _words(s)]

    @cached_property
    def stats(self) -> tuple[int, int, float, float]:
        """Sentences, words, words per sentence, long-word share over the sentences."""
        tokens = self.words
        n_sentences = len(self.sentences)
        if not tokens:
            return n_sentences, 0, 0.0, 0.0
        long_share = sum(len(w) > LONG_WORD_LETTERS for w in tokens) / len(tokens)
        return n_sentences, len(tokens), len(tokens) / n_sentences, long_share


def _stats(sample: _Sample) -> tuple[int, int, float, float]:
    """Sentences, words, words per sentence, long-word share over the given sentences."""
    return sample.stats


def _german_stats(sample: _Sample) -> tuple[int, int, float, float]:
    """The four German figures exactly as textstat computes them on the whole text."""
    c = german_counts(sample.text)
    if not c.words:
        return 0, 0, 0.0, 0.0
    return c.sentences, c.words, _words_per_sentence(c), c.long_words / c.words


def _syllable_rate(sample: _Sample, lang: str) -> float:
    tokens = sample.words
    return sum(syllables(w, lang) for w in tokens) / len(tokens)


@dataclass(frozen=True)
class Formula:
    """A published readability formula as an editor needs to know it."""

    name: str
    title: str  # what the report calls it, with author and year
    source: str  # full citation
    explanation: str  # plain German, one or two sentences
    higher_is_easier: bool
    #: the four band limits from the easy end to the hard end (see level_from_bands)
    bands: tuple[float, ...] = ()
    langs: tuple[str, ...] = ()  # the languages it scores
    #: the formula's value for a sample in one of its languages
    compute: Callable[[_Sample, str], float] = field(default=lambda sample, lang: 0.0,
                                                     repr=False, compare=False)
    grade: bool = False  # the value is a school grade, and editors are told so

    def score(self, value: float) -> Score:
        """A Score with this formula's title, level and plain-German interpretation."""
        level = level_from_bands(value, self.bands, self.higher_is_easier)
        interpretation = LEVELS[level]
        if self.grade:
            interpretation = f"etwa Schulstufe {round(value)} ({interpretation})"
        return Score(self.name, self.title, value, interpretation, level)

    def describe(self) -> dict:
        """What report.json says about the formula (its citation and reading)."""
        return {"name": self.name, "title": self.title, "source": self.source,
                "explanation": self.explanation, "higher_is_easier": self.higher_is_easier}


#: One Formula per published formula. Band limits, from its authors: Flesch (1948) and Ateşman (1997) use
#: 90/70/50/30; Amstad and Oborneva kept Flesch's scale; El-Haj & Rayson scaled OSMAN
#: like Flesch. WSTF and FOG are school grades; LIX after Björnsson's table.
FORMULAS: dict[str, Formula] = {
    f.name: f
    for f in (
        Formula(
            "flesch_amstad",
            "Flesch-Lesbarkeitsindex nach Amstad (1978)",
            "Amstad, T. (1978): Wie verständlich sind unsere Zeitungen? Diss. Univ. Zürich; "
            "Formel: 180 − Satzlänge − 58,5 × Silben je Wort",
            "Werte von 0 bis 100: je höher, desto leichter. Unter 30 ist sehr schwer "
            "(Amtsdeutsch, Fachtexte), über 70 lesen die meisten Menschen mühelos.",
            True,
            bands=(90, 70, 50, 30), langs=("de",),
            compute=lambda sample, lang: flesch_amstad_textstat(sample.text),
        ),
        Formula(
            "wiener_sachtextformel_1",
            "Wiener Sachtextformel 1 (Bamberger & Vanecek 1984)",
            "Bamberger, R.; Vanecek, E. (1984): Lesen – Verstehen – Lernen – Schreiben. "
            "Wien: Jugend und Volk",
            "Gibt ungefähr die Schulstufe an, ab der ein Sachtext verständlich ist: "
            "4 ist sehr leicht, 15 sehr schwer.",
            False,
            bands=(5, 7, 9, 12), langs=("de",), grade=True,
            compute=lambda sample, lang: wiener_sachtextformel_textstat(sample.text),
        ),
        Formula(
            "flesch",
            "Flesch Reading Ease (Flesch 1948)",
            "Flesch, R. (1948): A new readability yardstick. Journal of Applied "
            "Psychology 32(3), 221–233",
            "Englische Originalformel, 0 bis 100: je höher, desto leichter.",
            True,
            bands=(90, 70, 50, 30), langs=("en",),
            compute=lambda sample, lang: flesch(_asl(sample), _syllable_rate(sample, lang),
                                                206.835, 1.015, 84.6),
        ),
        Formula(
            "flesch_oborneva",
            "Flesch-Index nach Oborneva (2006)",
            "Оборнева, И. В. (2006): Автоматизированная оценка сложности учебных текстов "
            "на основе статистических параметров. Diss. Moskau; "
            "206,835 − 1,3 × Satzlänge − 60,1 × Silben je Wort (Konstanten wie in textstat)",
            "Flesch-Formel mit Konstanten für das Russische, 0 bis 100: je höher, desto "
            "leichter. Für das Ukrainische übernommen, weil keine eigene Eichung bekannt ist.",
            True,
            bands=(90, 70, 50, 30), langs=("ru", "uk"),
            compute=lambda sample, lang: flesch(_asl(sample), _syllable_rate(sample, lang),
                                                206.835, 1.3, 60.1),
        ),
        Formula(
            "fog_pl",
            "FOG-PL: Gunning-Nebelindex (1952) für das Polnische",
            "Gunning, R. (1952): The Technique of Clear Writing; polnische Fassung "
            "(schwere Wörter ab 4 Silben) nach Broda, B. et al. (2014): Measuring "
            "Readability of Polish Texts: Baseline Experiments. LREC 2014",
            "Ungefähr die Zahl der Schuljahre, die man zum Verstehen braucht: je "
            "niedriger, desto leichter. Bis 9 gilt als allgemein verständlich.",
            False,
            bands=(6, 9, 12, 16), langs=("pl",), grade=True,
            compute=lambda sample, lang: fog(_asl(sample), _hard_word_share(sample, lang)),
        ),
        Formula(
            "atesman",
            "Ateşman-Lesbarkeitsformel (1997)",
            "Ateşman, E. (1997): Türkçede okunabilirliğin ölçülmesi. Dil Dergisi 58, 71–74; "
            "198,825 − 40,175 × Silben je Wort − 2,610 × Satzlänge",
            "Flesch-Formel für das Türkische, 0 bis 100: je höher, desto leichter.",
            True,
            bands=(90, 70, 50, 30), langs=("tr",),
            compute=lambda sample, lang: atesman(_asl(sample), _syllable_rate(sample, lang)),
        ),
        Formula(
            "osman",
            "OSMAN (El-Haj & Rayson 2016)",
            "El-Haj, M.; Rayson, P. (2016): OSMAN – A Novel Arabic Readability Metric. "
            "LREC 2016, 250–255; berechnet mit textstat",
            "Flesch-ähnliche Formel für das Arabische: je höher, desto leichter. "
            "Maschinelle Übersetzungen haben keine Vokalzeichen, daher sind die Silben "
            "aus der Buchstabenzahl geschätzt.",
            True,
            bands=(90, 70, 50, 30), langs=("ar",),
            compute=lambda sample, lang: osman_textstat(sample.text),
        ),
        Formula(
            "lix",
            "LIX-Lesbarkeitsindex (Björnsson 1968)",
            "Björnsson, C.-H. (1968): Läsbarhet. Stockholm: Liber; "
            "Wörter je Satz + Prozent der Wörter mit mehr als 6 Buchstaben",
            "Ersatzmaß aus Satz- und Wortlänge, weil die persische Schrift kurze Vokale "
            "nicht schreibt und Silben so nicht zählbar sind: je niedriger, desto leichter. "
            "Persische Wörter wirken dadurch kürzer; vergleichen Sie nur persische Texte "
            "miteinander.",
            False,
            bands=(30, 40, 50, 60), langs=("fa",),
            compute=lambda sample, lang: lix(_asl(sample), _stats(sample)[3]),
        ),
    )
}




def _asl(sample: _Sample) -> float:
    """Average sentence length in words."""
    return _stats(sample)[2]


def _hard_word_share(sample: _Sample, lang: str) -> float:
    """Share of words with four or more syllables (FOG-PL's hard words)."""
    tokens = sample.words
    return sum(syllables(w, lang) >= 4 for w in tokens) / len(tokens)


def _scorer(lang: str) -> Callable[[_Sample], tuple[Score, ...]]:
    """Every formula of ``lang`` on one sample, in the table's order."""
    mine = [f for f in FORMULAS.values() if lang in f.langs]
    return lambda sample: tuple(f.score(f.compute(sample, lang)) for f in mine)


#: One scorer per language, derived from the formulas: the CLI's --lang choices.
SCORERS: dict[str, Callable[[_Sample], tuple[Score, ...]]] = {
    lang: _scorer(lang) for lang in dict.fromkeys(
        lang for f in FORMULAS.values() for lang in f.langs)}


def no_formula_note(lang: str) -> str:
    """What the editors read for a language without a formula (Spanish, Serbian, …)."""
    try:
        name = Locale.parse(lang_root(lang)).get_display_name("de")
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    subject = name or f"die Sprache „{lang}“"
    return (f"Für {subject} gibt es in migo noch keine Lesbarkeitsformel; gezeigt werden "
            "Satzlänge und Wortzahl.")


def _score(sample: _Sample, lang: str) -> TextScore:
    """Scores for ``lang``; a language without a formula gets its counts and a note.

    The member clubs read 20+ languages, and only some have a published formula here;
    sentence and word counts need none, so those are given honestly instead of failing.
    """
    root = lang_root(lang)
    scorer = SCORERS.get(root)
    if scorer is None:
        return TextScore(root, (), *_stats(sample), sentence_lengths=sample.lengths,
                         formula_known=False, note=no_formula_note(root))
    stats = _german_stats(sample) if root == "de" else _stats(sample)
    scores = scorer(sample) if stats[1] else ()
    return TextScore(root, scores, *stats, sentence_lengths=sample.lengths)


def score_sentences(sentences: list[str], lang: str) -> TextScore:
    """Score a text the pipeline has already cut into sentences (its segments).

    Sentence statistics of non-German languages use these sentences. German figures
    come from textstat on the sentences joined by spaces, so they equal textstat's.
    """
    kept = tuple(s.strip() for s in sentences if s.strip())
    return _score(_Sample(" ".join(kept), kept), lang)


def score_text(text: str, lang: str) -> TextScore:
    """Score a free text (``migo readability FILE``): cut it into sentences first."""
    return _score(_Sample(text, tuple(split_sentences(text))), lang)


# --- sentences ------------------------------------------------------------------------

#: Tokens before a full stop that do not end a sentence.
_ABBREVIATIONS = {
    "bzw", "ca", "dr", "etc", "evtl", "ggf", "hr", "fr", "inkl", "nr", "prof", "str",
    "usw", "vgl", "z", "zb", "mr", "mrs", "st", "vs",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'“”»«’)]*\s+")


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a full stop after ``before`` ends a sentence that ``after`` follows."""
    last = before.split()[-1] if before.split() else ""
    token = last.rstrip(".!?؟…").lower()
    if not after or after[0].islower():
        return False
    if re.fullmatch(r"\d{1,2}(\.\d{1,2})?", token):
        return False  # an ordinal or a date: "am 3. April", "bis 19.04. Anmeldung"
    if re.fullmatch(r"[\d.,]+", token):
        return True  # a number ends the sentence: "bei rund 8.000."
    return not ("." in token or token in _ABBREVIATIONS or len(token) == 1)  # e.V., z. B.


def split_sentences(text: str) -> list[str]:
    """Cut a plain text into sentences: at line breaks and at sentence punctuation.

    Good enough for scoring a single file; the pipeline passes its own segments
    (migo's German segmenter) to :func:`score_sentences` instead.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _SENTENCE_END.finditer(line):
            if _ends_sentence(line[start : match.start() + 1], line[match.end() :]):
                sentences.append(line[start : match.end()].strip())
                start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in sentences if s]


# --- flags for the German editor ------------------------------------------------------

_NOMINAL = re.compile(r"\b[A-ZÄÖÜ]\w{2,}(?:ung|heit|keit|ion|tät|ismus)(?:en)?\b")
_WORD_PARTS = re.compile(r"[^\W\d_]+")


def long_compounds(sentence: str, min_letters: int = LONG_COMPOUND_LETTERS) -> list[str]:
    """Words of at least ``min_letters`` letters; hyphenated parts count separately.

    A hyphen already breaks a compound for the reader ("Dietrich-Oppenberg-Platz"),
    which is what plain-language guides recommend, so only unbroken parts are long.
    """
    return [w for w in _WORD_PARTS.findall(sentence) if len(w) >= min_letters]


def nominal_words(sentence: str) -> list[str]:
    """Nouns of nominal style: -ung, -heit, -keit, -ion, -tät, -ismus (and plurals)."""
    return [m.group(0) for m in _NOMINAL.finditer(sentence)]


def flag_sentence(index: int, sentence: str, max_words: int = MAX_WORDS) -> Flag | None:
    """The reasons one German sentence is hard to read, or None when there are none."""
    n_words = len(words(sentence))
    codes: list[str] = []
    reasons: list[str] = []
    if n_words > max_words:
        codes.append("long_sentence")
        reasons.append(f"langer Satz: {n_words} Wörter (mehr als {max_words})")
    compounds = long_compounds(sentence)
    if compounds:
        codes.append("long_compound")
        listed = ", ".join(f"{w} ({len(w)} Buchstaben)" for w in compounds)
        reasons.append(f"sehr lange Wörter: {listed}")
    nominal = nominal_words(sentence)
    if len(nominal) >= NOMINAL_CHAIN:
        codes.append("nominal_style")
        reasons.append(f"Nominalstil, {len(nominal)} Hauptwörter: {', '.join(nominal)}")
    if not codes:
        return None
    return Flag(index, sentence, n_words, tuple(codes), tuple(reasons))


def flag_sentences(sentences: list[str], max_words: int = MAX_WORDS) -> list[Flag]:
    """German sentences worth rewriting: too long, long compounds, nominal chains."""
    flags = (flag_sentence(i, s, max_words) for i, s in enumerate(sentences))
    return [f for f in flags if f is not None]


# --- a whole issue --------------------------------------------------------------------


def histogram(lengths: Sequence[int], bins: Sequence[int] = HISTOGRAM_BINS) -> dict:
    """Sentence lengths counted into bins labelled "1–5", …, "41+"."""
    labels, lower = [], 1
    for upper in bins:
        labels.append(f"{lower}–{upper}")
        lower = upper + 1
    labels.append(f"{lower}+")
    counted = [0] * len(labels)
    for n in lengths:
        slot = next((i for i, upper in enumerate(bins) if n <= upper), len(bins))
        counted[slot] += 1
    return {"bins": labels, "counts": counted}


def _fields(value) -> dict:
    """A flat dataclass as a dict, like ``asdict`` without deep-copying every number."""
    return {f.name: getattr(value, f.name) for f in fields(value)}


def score_to_dict(score: TextScore) -> dict:
    """A TextScore as JSON-able data (``migo readability --json``, report.json)."""
    data = _fields(score)
    data["scores"] = [_fields(s) for s in score.scores]
    data["sentence_lengths"] = list(score.sentence_lengths)
    data["histogram"] = histogram(score.sentence_lengths)
    return data


def flag_to_dict(flag: Flag) -> dict:
    data = _fields(flag)
    data["codes"], data["reasons"] = list(flag.codes), list(flag.reasons)
    return data


def compare(source: TextScore, target: TextScore) -> dict:
    """How a translation reads against its German source, comparing like with like.

    The main scores' levels are compared (each formula's own published bands), never
    their raw numbers; the sentence-length ratio is given for information only,
    because languages differ in how many words they need for the same content.
    """
    if source.main is None or target.main is None:
        return {"harder_than_source": None, "level_delta": None, "sentence_length_ratio": None}
    ratio = (
        target.mean_sentence_length / source.mean_sentence_length
        if source.mean_sentence_length
        else None
    )
    delta = target.main.level - source.main.level
    return {"harder_than_source": delta > 0, "level_delta": delta, "sentence_length_ratio": ratio}


def _longest(sentences: list[str]) -> str:
    return max(sentences, key=lambda s: len(words(s)), default="")


def _longest_entry(sentences: list[str], source: list[str]) -> dict:
    """The longest sentence, and for a translation the German sentence it renders.

    The pipeline passes a translation's sentences in the order of the German ones, but
    leaves out sentences nobody translated yet; only when the counts match do positions
    match, so only then is the source named (a wrong pairing would mislead the editor).
    """
    longest = _longest(sentences)
    entry = {"longest_sentence": longest}
    if longest and len(sentences) == len(source):
        entry["longest_sentence_source"] = source[sentences.index(longest)]
    return entry


def _assess_article(langs: dict[str, list[str]], max_words: int) -> dict:
    source_sentences = langs.get("de", [])
    source = score_sentences(source_sentences, "de")
    result: dict = {"languages": {}, "flags": [], "sentences": []}
    for lang, sentences in sorted(langs.items()):
        scored = source if lang == "de" else score_sentences(sentences, lang)
        entry = {"score": score_to_dict(scored)}
        if lang_root(lang) != "de":
            entry.update(_longest_entry(sentences, source_sentences))
            entry["source"] = score_to_dict(source)
            entry.update(compare(source, scored))
        else:
            entry["longest_sentence"] = _longest(sentences)
        result["languages"][lang] = entry
    result["flags"] = [flag_to_dict(f) for f in flag_sentences(source_sentences, max_words)]
    result["sentences"] = [
        {"text": s, "words": len(words(s)), "flesch_amstad": flesch_amstad_textstat(s)}
        for s in source_sentences
        if s.strip()
    ]
    return result


def assess_issue(texts: dict[str, dict[str, list[str]]], max_words: int = MAX_WORDS) -> dict:
    """Readability of a whole issue: ``texts[article_slug][lang]`` = plain sentences.

    ``"de"`` is the source. Returns JSON-able data: per article and language the
    scores with the German source beside each translation and ``harder_than_source``;
    the German flags and per-sentence Flesch values; per language over the whole issue
    the scores and a sentence-length histogram; and the formulas used, explained.
    """
    articles = {slug: _assess_article(langs, max_words) for slug, langs in sorted(texts.items())}
    pooled: dict[str, list[str]] = {}
    for langs in texts.values():
        for lang, sentences in langs.items():
            pooled.setdefault(lang, []).extend(sentences)
    issue = {lang: score_to_dict(score_sentences(s, lang)) for lang, s in sorted(pooled.items())}
    used = sorted({s["name"] for entry in issue.values() for s in entry["scores"]})
    return {
        "max_words": max_words,
        "long_compound_letters": LONG_COMPOUND_LETTERS,
        "nominal_chain": NOMINAL_CHAIN,
        "levels": {str(k): v for k, v in LEVELS.items()},
        "formulas": {name: FORMULAS[name].describe() for name in used},
        "articles": articles,
        "issue": issue,
    }


# --- plain text for the CLI -----------------------------------------------------------


def _number(value: float) -> str:
    """One decimal with a German decimal comma, as the editors write numbers."""
    return f"{value:.1f}".replace(".", ",")


def format_text_score(score: TextScore) -> str:
    """Plain-text lines for ``migo readability FILE``."""
    lines = [
        f"Sprache: {score.lang}",
        f"Sätze: {score.sentences}   Wörter: {score.words}",
        f"Mittlere Satzlänge: {_number(score.mean_sentence_length)} Wörter",
        (
            f"Anteil langer Wörter (mehr als {LONG_WORD_LETTERS} Buchstaben): "
            f"{_number(100 * score.long_word_share)} %"
        ),
    ]
    for s in score.scores:
        lines.append(f"{s.formula}: {_number(s.value)} – {s.interpretation}")
    if not score.formula_known:
        lines.append(score.note)
    elif not score.scores:
        lines.append("Keine Wörter gefunden: kein Lesbarkeitswert.")
    return "\n".join(lines)


def format_flags(flags: list[Flag]) -> str:
    """Plain-text list of flagged sentences for ``migo readability FILE --lang de``."""
    blocks = []
    for flag in flags:
        reasons = "\n".join(f"  - {r}" for r in flag.reasons)
        blocks.append(f"Satz {flag.index + 1}: {flag.sentence}\n{reasons}")
    return "\n\n".join(blocks)
