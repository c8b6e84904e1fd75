"""Translation memory lookup: migo's indexed search vs. a plain difflib scan.

Sentences are random strings of words from the hand-written German gold set.

A memory of N approved sentences (default 5000, about five years of monthly issues in
one language) is searched for Q new sentences (default 300, one issue), half of them
close variants of remembered sentences. migo's lookup (pipeline/memory.py: a length
window, character and character-pair count bounds in NumPy, rapidfuzz's Indel
similarity, difflib's ratio from cydifflib for the last few candidates) must return the
same scores as difflib's ratio against every sentence; the script prints the time of each.

    python benchmarks/memory.py [N] [Q]

Measured 2026-11-30 on the development container (2 cores, shared with another job),
N=5000, Q=100: 0.02 s for migo's lookup (0.2 ms a new sentence), 249 s for the plain
scan; identical scores. benchmarks/translate_speed.py (f) compares it with the previous
lookup at 1k, 5k and 20k sentences.
"""

from __future__ import annotations

import difflib
import json
import random
import sys
import time
from pathlib import Path

from pipeline.memory import THRESHOLD, Memory, Unit, normalise

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation_gold.jsonl"


def vocabulary() -> list[str]:
    """The words of the hand-written German gold set: real magazine vocabulary."""
    texts = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    return sorted({word for text in texts for word in text.split()})


def sentences(count: int, rng: random.Random, words: list[str]) -> list[str]:
    return [" ".join(rng.choice(words) for _ in range(rng.randint(6, 22))) + "."
            for _ in range(count)]


def variant(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words)


def plain_scan(units: list[Unit], query: str) -> float:
    """The obvious way: difflib's ratio against every remembered sentence."""
    best = 0.0
    for unit in units:
        score = difflib.SequenceMatcher(None, normalise(unit.source), normalise(query),
                                        autojunk=False).ratio()
        best = max(best, score)
    return best if best >= THRESHOLD else 0.0


def main(n: int = 5000, q: int = 300) -> None:
    rng = random.Random(6)
    words = vocabulary()
    units = [Unit(s, s.upper(), "bench.po") for s in sentences(n, rng, words)]
    queries = [variant(rng.choice(units).source, rng, words) if i % 2 else s
               for i, s in enumerate(sentences(q, rng, words))]
    memory = Memory(units)

    started = time.perf_counter()
    fast = [(m.score if m else 0.0) for m in map(memory.closest, queries)]
    indexed = time.perf_counter() - started

    started = time.perf_counter()
    slow = [plain_scan(units, query) for query in queries]
    scanned = time.perf_counter() - started

    same = all(abs(min(a, 0.99) - min(b, 0.99)) < 1e-9 for a, b in zip(fast, slow))
    hits = sum(1 for score in fast if score)
    print(f"memory {n} sentences, {q} queries, {hits} close matches, same results: {same}")
    print(f"  migo's indexed lookup:       {indexed:7.2f} s")
    print(f"  plain difflib scan:          {scanned:7.2f} s  ({scanned / indexed:.0f}× slower)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
