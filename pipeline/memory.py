"""Translation memory: every approved translation, reused before any engine runs.

All PO files of all issues of a language (``locales/<lang>/LC_MESSAGES/*.po``), plus any
folder given with ``--tm DIR``, form the memory of that language. Only reviewed entries
(non-fuzzy, non-empty, obsolete ones included) count: a machine suggestion is not worth
remembering. A German sentence a person already approved is reused as approved; a
sentence that is close (similarity ≥ 85 %) gets that translation as a ``fuzzy``
suggestion with the score in a comment.

**Similarity** is difflib's ratio (2·matches / total length, the measure Babel's and
``msgmerge``'s fuzzy matching use) on normalised text: lower case, runs of whitespace as
one space. The memory grows every month, so a lookup must stay fast at tens of thousands
of sentences:

- candidates are looked up by length first — a ratio ≥ r is impossible when the shorter
  text is less than r / (2 − r) of the longer one;
- character counts (64 buckets per sentence, one NumPy matrix built once per run and
  language) bound the whole window at once: two texts cannot share more characters than
  their counts allow — difflib's ``quick_ratio``, vectorised;
- rapidfuzz's Indel distance (total length − 2·LCS, in C++, stopping at a limit) scores
  the few survivors. difflib's matching characters are a common subsequence, so its
  ratio is never above rapidfuzz's: a candidate rapidfuzz rejects cannot reach the
  threshold, and the results are exactly difflib's;
- difflib's ratio is computed only for the few candidates left.

``benchmarks/translate_speed.py`` measures it against the difflib-only lookup and checks
the results are identical.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel

from . import catalog, tmx
from .text import SIMILARITY_THRESHOLD

TM_FOLDER = "tm"  #: locales/tm/*.tmx: memories imported from other tools (migo tm import)
THRESHOLD = SIMILARITY_THRESHOLD  #: the lowest similarity offered as a fuzzy suggestion


@dataclass(frozen=True)
class Unit:
    """One approved translation and the file it came from."""

    source: str
    target: str
    origin: str  # the PO file, relative to its memory folder


@dataclass(frozen=True)
class Match:
    unit: Unit
    score: float  # 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.score >= 1.0

    @property
    def note(self) -> str:
        """The translator comment that tells the reviewer where the text came from."""
        if self.exact:
            return f"exact match from {self.unit.origin}"
        return f"{int(self.score * 100)}% match from {self.unit.origin}"


def normalise(text: str) -> str:
    """What the comparison sees: case and spacing do not make sentences different."""
    return " ".join(text.split()).lower()


class Memory:
    """Approved translations of one language, searchable exactly and by similarity."""

    def __init__(self, units: Iterable[Unit] = ()) -> None:
        self._exact: dict[str, Unit] = {}
        for unit in units:  # later units win: newer issues and the project's own files
            self._exact[unit.source] = unit
        entries = sorted((len(normalise(u.source)), normalise(u.source), u)
                         for u in self._exact.values())
        self._lengths = [length for length, _, _ in entries]
        self._entries = [(text, unit) for _, text, unit in entries]
        self._texts = [text for text, _ in self._entries]  # built once, searched per query
        counts = np.array([_char_counts(t) for t in self._texts]).reshape(-1, _BUCKETS)
        # one byte per count when they fit (a query's larger count then changes nothing)
        self._counts = counts.astype(np.uint8 if counts.max(initial=0) < 256 else np.uint16)
        self._sizes = np.array(self._lengths, dtype=np.int32)

    def __len__(self) -> int:
        return len(self._exact)

    def lookup(self, source: str, threshold: float = THRESHOLD) -> Match | None:
        """The exact approved translation of ``source``, else the closest one ≥ threshold."""
        if source in self._exact:
            return Match(self._exact[source], 1.0)
        return self.closest(source, threshold)

    def closest(self, source: str, threshold: float = THRESHOLD) -> Match | None:
        """The most similar remembered sentence; ties go to the shorter, then the first."""
        query = normalise(source)
        if not query:
            return None
        low = bisect.bisect_left(self._lengths, len(query) * threshold / (2 - threshold))
        high = bisect.bisect_right(self._lengths, len(query) * (2 - threshold) / threshold)
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)  # difflib caches what it learns about the second sequence
        best: Match | None = None
        for index in self._candidates(query, low, high, threshold):
            text, unit = self._entries[index]
            matcher.set_seq1(text)
            score = 1.0 if text == query else matcher.ratio()
            if score >= threshold and (best is None or score > best.score):
                best = Match(unit, min(score, 0.99) if unit.source != source else 1.0)
        return best

    def _candidates(self, query: str, low: int, high: int, threshold: float) -> list[int]:
        """Indexes in the window whose Indel similarity (an upper bound) reaches the threshold.

        In window order, so ties still go to the shorter, then the first. Similarity ≥ r
        is Indel distance ≤ (1 − r) · total length; the limit is raised by a hair so
        float rounding never drops a candidate difflib would keep.
        """
        if high <= low:
            return []
        query_counts = np.minimum(_char_counts(query), np.iinfo(self._counts.dtype).max)
        shared = np.minimum(self._counts[low:high], query_counts.astype(self._counts.dtype)
                            ).sum(axis=1, dtype=np.int32)
        bound = 2 * shared >= threshold * (self._sizes[low:high] + len(query)) - 1e-6
        window = (low + np.flatnonzero(bound)).tolist()
        return [i for i in window if Indel.distance(query, self._texts[i], score_cutoff=(
            limit := int((1 - threshold) * (len(query) + self._lengths[i]) + 1e-6))) <= limit]


_BUCKETS = 48


def _bucket_table() -> np.ndarray:
    """Latin-1 code points → bucket: a–z, äöüß, space and each digit get their own."""
    table = 32 + np.arange(256) % (_BUCKETS - 32)  # everything else shares 16 buckets
    for index, char in enumerate("abcdefghijklmnopqrstuvwxyzäöüß "):
        table[ord(char)] = index
    table[ord("0"):ord("9") + 1] = 31
    return table


_TABLE = _bucket_table()


def _char_counts(text: str) -> np.ndarray:
    """How often each character occurs, code points folded into 48 buckets.

    Folding only merges counts, so the shared count of two texts can only grow: it stays
    an upper bound of the characters they can match. Normalised text is lower case, so
    letters, space and digits get buckets of their own and the bound stays tight.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    buckets = np.where(codes < 256, _TABLE[np.minimum(codes, 255)], 32 + codes % 16)
    return np.bincount(buckets, minlength=_BUCKETS)


def memory_files(locales_dir: Path, lang: str, tm_dirs: Iterable[Path] = ()) -> list[tuple[Path, Path]]:
    """(file, its memory folder) for every PO file of ``lang``; the locales folder last.

    In a ``--tm`` folder, files of the language are found in gettext's layout
    (``<lang>/LC_MESSAGES/*.po``), as ``<lang>/*.po``, or as ``*<lang>.po``.
    """
    found: list[tuple[Path, Path]] = []
    for folder in [*(p for p in tm_dirs if not _is_tmx(p)), locales_dir]:
        patterns = [f"{lang}/LC_MESSAGES/*.po"]
        if folder != locales_dir:
            patterns += [f"{lang}/*.po", f"*{lang}.po", f"*/{lang}.po"]
        files = {path for pattern in patterns for path in Path(folder).glob(pattern)
                 if path.stem != catalog.INTERFACE_DOMAIN}  # English msgids, nothing to remember
        found += [(path, Path(folder)) for path in sorted(files)]
    return found


def load_memory(locales_dir: Path, lang: str, tm_dirs: Iterable[Path] = ()) -> Memory:
    """Read every PO file of ``lang`` strictly (a broken one stops the run, untouched).

    The file being translated is part of it: its obsolete entries hold approved
    translations of sentences an editor removed and may bring back in another form.
    """
    units = [Unit(*pair) for pair in tmx.memory_pairs(tmx_files(locales_dir, tm_dirs), lang)]
    for path, folder in memory_files(locales_dir, lang, tm_dirs):
        po = catalog.read_catalog(path)
        origin = path.relative_to(folder).as_posix()
        units += [Unit(source, target, origin) for source, target in catalog.memory_pairs(po)]
    return Memory(units)


def tmx_files(locales_dir: Path, tm_dirs: Iterable[Path] = ()) -> list[Path]:
    """TMX memories: ``--tm`` files and folders' ``*.tmx``, then ``locales/tm/*.tmx``.

    They come before the PO files, so a translation approved here wins over another
    tool's memory of the same sentence.
    """
    found: list[Path] = []
    for path in [*tm_dirs, locales_dir / TM_FOLDER]:
        path = Path(path)
        if _is_tmx(path):
            found.append(path)
        elif path.is_dir():
            found += sorted(path.glob("*.tmx"))
    return found


def _is_tmx(path: Path) -> bool:
    return Path(path).suffix.lower() == ".tmx"


@dataclass(frozen=True)
class MemoryHit:
    """A translation the memory offers for one entry; the catalog stage enters it."""

    msgid: str
    text: str
    note: str  # the translator comment naming the memory file (and the score)
    previous: str | None  # the memory's German for a close match; None when exact

    @property
    def exact(self) -> bool:
        return self.previous is None


def find_matches(catalogs: dict[str, catalog.MigoCatalog],
                 memories: dict[str, Memory]) -> dict[str, list[MemoryHit]]:
    """What each language's memory offers for the entries the engine would translate.

    Exact matches are offered for empty entries and fuzzy *machine* suggestions — an
    approved translation of the very same sentence beats any engine. Close matches only
    for entries that are empty: an existing suggestion is not swapped for another guess.
    """
    found: dict[str, list[MemoryHit]] = {}
    for lang, po in catalogs.items():
        memory = memories.get(lang, Memory())
        found[lang] = []
        for entry in catalog.entries(po):
            if entry.state not in catalog.MEMORY_MAY_FILL:
                continue
            match = memory.lookup(entry.msgid)
            if match is None or (not match.exact and entry.text):
                continue
            found[lang].append(MemoryHit(entry.msgid, match.unit.target, match.note,
                                         None if match.exact else match.unit.source))
    return found
