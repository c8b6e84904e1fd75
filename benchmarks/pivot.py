"""Shared de→en pivot versus a naive composite, side by side.

Argos ships German only as de↔en, so every other language is reached through English.
A naive composite (what chaining two Argos models per language does) translates the
German into English again for every target language; migo translates it once per run
and feeds the English to every en→X model. This script runs both on the sample issue
with the project's tiny test models and prints sentences translated and seconds.

Run:  python benchmarks/pivot.py [--models DIR] [--langs en,tr,ar] [--repeat 3]

The tiny models are much faster than real ones, so read the *ratio* of hops, which
carries over to real models: with N pivot languages the composite does N de→en passes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.engines import ArgosEngine, load_ctranslate2
from pipeline.read import read_issue
from pipeline.segment import Segmenter, segment_issue

ROOT = Path(__file__).resolve().parent.parent


class CountingTranslator:
    """A loaded model that counts the sentences it translates for its language pair."""

    def __init__(self, translator, pair: tuple[str, str], counts: dict):
        self.translator, self.pair, self.counts = translator, pair, counts

    def translate_batch(self, tokens, **options):
        self.counts[self.pair] = self.counts.get(self.pair, 0) + len(tokens)
        return self.translator.translate_batch(tokens, **options)


def counting_engine(models_dir: Path, counts: dict) -> ArgosEngine:
    """An Argos engine whose models count sentences per pair (the loader is injectable)."""
    def load(package):
        translator, sp = load_ctranslate2(package)
        return CountingTranslator(translator, tuple(package.pair.split("→")), counts), sp

    return ArgosEngine(models_dir, load_model=load)


def shared_pivot(engine: ArgosEngine, sentences: list[str], langs: list[str]) -> None:
    engine.translate({lang: sentences for lang in langs})


def naive_composite(engine: ArgosEngine, sentences: list[str], langs: list[str]) -> None:
    for lang in langs:  # one full de→en→X chain per language, as chained models do
        engine.translate({lang: sentences})


def measure(strategy, models: Path, sentences: list[str], langs: list[str], repeat: int):
    best, counts = float("inf"), {}
    for _ in range(repeat):
        counts: dict[tuple[str, str], int] = {}
        engine = counting_engine(models, counts)
        engine.translate({lang: sentences[:1] for lang in langs})  # load models untimed
        counts.clear()
        started = time.perf_counter()
        strategy(engine, sentences, langs)
        best = min(best, time.perf_counter() - started)
    return best, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, default=ROOT / "tests" / "fixtures" / "models")
    parser.add_argument("--langs", default="en,tr,ar")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    langs = args.langs.split(",")
    issue = read_issue(ROOT / "input" / "2024-04")
    segment_issue(issue, Segmenter())
    sentences = issue.source_texts()
    print(f"{len(sentences)} German sentences of the sample issue → {', '.join(langs)}\n")
    print(f"{'strategy':<18} {'de→en sentences':>16} {'all hops':>9} {'seconds':>8}")
    for name, strategy in [("shared pivot", shared_pivot), ("naive composite", naive_composite)]:
        seconds, counts = measure(strategy, args.models, sentences, langs, args.repeat)
        print(f"{name:<18} {counts.get(('de', 'en'), 0):>16} {sum(counts.values()):>9} "
              f"{seconds:>8.2f}")


if __name__ == "__main__":
    main()
