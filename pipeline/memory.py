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

- candidates are looked up by length first (a bisect in the length-sorted index) — a
  ratio ≥ r is impossible when the shorter text is less than r / (2 − r) of the longer;
- two count bounds, from matrices built once per run and language, thin that window
  with NumPy: the characters two texts share (difflib's ``quick_ratio``) and the
  adjacent character pairs they share (an edit breaks at most two pairs);
- rapidfuzz's Indel similarity (2·LCS / total length, in C++) scores the few left in
  one call. difflib's matching characters are a common subsequence, so its ratio is
  never above Indel's: a candidate Indel rejects cannot reach the threshold, and one
  whose Indel score cannot beat the best so far needs no difflib at all;
- difflib's ratio itself comes from cydifflib, a C implementation of the same
  algorithm with the same results, for the one or two candidates left.

The results are exactly those of the difflib scan.
``benchmarks/translate_speed.py`` measures it against the difflib-only lookup and checks
the results are identical.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cydifflib
import numpy as np
from rapidfuzz import process
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
        # by length, then text; units that differ only in case or spacing keep their
        # order (Units themselves do not compare)
        entries = sorted(((len(normalise(u.source)), normalise(u.source), u)
                          for u in self._exact.values()), key=lambda entry: entry[:2])
        self._lengths = [length for length, _, _ in entries]
        self._entries = [(text, unit) for _, text, unit in entries]
        self._texts = [text for text, _ in self._entries]  # built once, searched per query
        self._sizes = np.array(self._lengths, dtype=np.int32)
        letters, self._pairs = _count_matrices(self._texts)
        # a bucket's counts side by side: summing a window down the buckets is fastest
        self._letters = np.ascontiguousarray(letters.T)
        # a sum of counts is at most a text's length: small sums add fastest as uint16
        self._sum_type = np.uint16 if max(self._lengths, default=0) < 2**15 else np.int32

    def __len__(self) -> int:
        return len(self._exact)

    def lookup(self, source: str, threshold: float = THRESHOLD) -> Match | None:
        """The exact approved translation of ``source``, else the closest one ≥ threshold."""
        if source in self._exact:
            return Match(self._exact[source], 1.0)
        return self.closest(source, threshold)

    def closest(self, source: str, threshold: float = THRESHOLD) -> Match | None:
        """The most similar remembered sentence; ties go to the shorter, then the first.

        Candidates come in window order with their Indel similarity, an upper bound of
        difflib's ratio: one that cannot beat the best so far skips difflib.
        """
        query = normalise(source)
        if not query:
            return None
        low = bisect.bisect_left(self._lengths, len(query) * threshold / (2 - threshold))
        high = bisect.bisect_right(self._lengths, len(query) * (2 - threshold) / threshold)
        matcher = cydifflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)  # difflib caches what it learns about the second sequence
        best: Match | None = None
        for index, bound in self._candidates(query, low, high, threshold):
            if best is not None and bound + _SLACK <= best.score:
                continue
            text, unit = self._entries[index]
            matcher.set_seq1(text)
            score = 1.0 if text == query else matcher.ratio()
            if score >= threshold and (best is None or score > best.score):
                best = Match(unit, min(score, 0.99) if unit.source != source else 1.0)
        return best

    def _candidates(self, query: str, low: int, high: int,
                    threshold: float) -> list[tuple[int, float]]:
        """(index, Indel similarity) of the window's texts that may reach the threshold.

        In window order, so ties still go to the shorter, then the first. Two cheap
        bounds of the longest common subsequence L (T is both lengths together) thin the
        window first, then rapidfuzz scores the few left in one C++ call:

        - letters: L ≤ the characters both texts have (difflib's ``quick_ratio``);
        - pairs: every deleted or inserted character breaks at most two, resp. one, of
          the adjacent pairs that both texts share, so L ≤ (shared pairs + T + 1) / 3.

        A ratio ≥ r needs 2·L ≥ r·T; the limits are lowered by a hair so float rounding
        never drops a candidate difflib would keep.
        """
        if high <= low:
            return []
        letters, pairs = (counts[0] for counts in _count_matrices([query]))
        shared = np.minimum(self._letters[:, low:high], _capped(letters, self._letters)[:, None]
                            ).sum(axis=0, dtype=self._sum_type)
        window = low + np.flatnonzero(
            2 * shared.astype(np.int32) >= threshold * (self._sizes[low:high] + len(query))
            - _SLACK)
        shared = np.minimum(self._pairs[window], _capped(pairs, self._pairs)
                            ).sum(axis=1, dtype=np.int32)
        total = self._sizes[window] + len(query)
        kept = window[2 * (shared + total + 1) >= 3 * threshold * total - _SLACK].tolist()
        scored = process.extract(query, [self._texts[i] for i in kept],
                                 scorer=Indel.normalized_similarity,
                                 score_cutoff=threshold - _SLACK, limit=None)
        return sorted((kept[position], score) for _, score, position in scored)


_SLACK = 1e-9  # far below the gap between two different ratios of texts this long
_LETTERS = 48  # buckets of single characters
_PAIRS = 512  # buckets of adjacent character pairs


def _bucket_table() -> np.ndarray:
    """Latin-1 code points → bucket: a–z, äöüß, space and each digit get their own."""
    table = 32 + np.arange(256) % (_LETTERS - 32)  # everything else shares 16 buckets
    for index, char in enumerate("abcdefghijklmnopqrstuvwxyzäöüß "):
        table[ord(char)] = index
    table[ord("0"):ord("9") + 1] = 31
    return table


_TABLE = _bucket_table()


def _count_matrices(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per text, how often each character and each adjacent pair occurs, in buckets.

    Folding code points (or pairs) into buckets only merges counts, so the shared count
    of two texts can only grow: it stays an upper bound. Normalised text is lower case,
    so letters, space and digits get buckets of their own and the bound stays tight.
    All texts are counted in one pass (NumPy over their concatenation), not one by one.
    """
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    letters = np.where(codes < 256, _TABLE[np.minimum(codes, 255)], 32 + codes % 16)
    same_text = rows[1:] == rows[:-1]
    pairs = (codes[:-1] * 1_000_003 + codes[1:])[same_text] % _PAIRS
    return (_matrix(rows, letters, len(texts), _LETTERS),
            _matrix(rows[1:][same_text], pairs, len(texts), _PAIRS))


def _matrix(rows: np.ndarray, buckets: np.ndarray, height: int, width: int) -> np.ndarray:
    """Counts as a height × width matrix: one byte per count when every count fits."""
    counts = np.bincount(rows * width + buckets, minlength=height * width).reshape(height, width)
    return counts.astype(np.uint8 if counts.max(initial=0) < 256 else np.uint16)


def _capped(query: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The query's counts in the matrix's type: a count above what the matrix can hold
    shares no more than the cap with any remembered text."""
    return np.minimum(query.astype(np.int64), np.iinfo(matrix.dtype).max).astype(matrix.dtype)


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


def load_memory(locales_dir: Path, lang: str, tm_dirs: Iterable[Path] = (),
                known: dict[Path, list[tuple[str, str]]] | None = None) -> Memory:
    """Read every PO file of ``lang`` strictly (a broken one stops the run, untouched).

    The file being translated is part of it: its obsolete entries hold approved
    translations of sentences an editor removed and may bring back in another form.
    ``known`` holds the pairs of files the run has just read (the issue's own PO files,
    read for the merge): parsing them a second time took a third of an unchanged re-run's
    memory step.
    """
    known = known or {}
    units = [Unit(*pair) for pair in tmx.memory_pairs(tmx_files(locales_dir, tm_dirs), lang)]
    for path, folder in memory_files(locales_dir, lang, tm_dirs):
        pairs = known[path] if path in known else catalog.memory_pairs(catalog.read_catalog(path))
        origin = path.relative_to(folder).as_posix()
        units += [Unit(source, target, origin) for source, target in pairs]
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
