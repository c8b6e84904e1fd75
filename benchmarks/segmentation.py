"""Score German sentence segmenters side by side on migo's gold set.

Run ``python benchmarks/segmentation.py`` from the repository root. It segments every
paragraph of ``tests/data/segmentation_gold.jsonl`` with migo's segmenter, spaCy's
rule-based ``sentencizer``, pySBD (``language="de"``) and SoMaJo, and prints
precision, recall and F1 on sentence boundaries per category and overall, the
paragraphs each tool gets exactly right, sentences per second, and the start-up of each
tool in a fresh interpreter (import, build, one paragraph): what ``migo segment`` waits for.

A boundary is the character offset where a sentence other than a paragraph's first one
starts (after whitespace), so tools that keep or drop whitespace compare fairly.
pySBD and SoMaJo are benchmark-only dependencies; a missing one is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation_gold.jsonl"

#: A segmenter under test: paragraphs in, sentence start offsets per paragraph out.
Starts = Callable[[list[str]], list[list[int]]]


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    text: str
    sentences: tuple[str, ...]
    split: str = "dev"  # "heldout": written after the rules, scored before any fix
    family: str = ""  # issue 17's phenomena of the peers' test suites ("roman", …)

    @property
    def boundaries(self) -> frozenset[int]:
        """Gold boundaries: where every sentence but the first starts in ``text``."""
        return frozenset(sentence_starts(self.text, self.sentences)[1:])


def sentence_starts(text: str, sentences: Iterable[str]) -> list[int]:
    """Offsets of ``sentences`` found in order in ``text``; raises if one is missing,
    which is how a gold row that is not a copy of its paragraph shows up."""
    starts, pos = [], 0
    for sentence in sentences:
        found = text.find(sentence, pos)
        if found < 0:
            raise ValueError(f"sentence not found in order: {sentence!r}")
        starts.append(found)
        pos = found + len(sentence)
    return starts


def load_gold(path: Path = GOLD) -> list[Case]:
    """The gold paragraphs, one JSON object per line."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [
        Case(
            r["id"], r["category"], r["text"], tuple(r["sentences"]), r.get("set", "dev"),
            r.get("family", ""),
        )
        for r in rows
    ]


def _first_char(text: str, start: int) -> int:
    """Move an offset past leading whitespace, to the sentence's first character."""
    while start < len(text) and text[start].isspace():
        start += 1
    return start


# --- the tools ----------------------------------------------------------------------------


def migo_tool() -> Starts:
    from pipeline.segment import Segmenter

    segmenter = Segmenter()

    def run(texts: list[str]) -> list[list[int]]:
        return [[a for a, _ in spans] for spans in segmenter.spans_many(texts)]

    return run


def spacy_tool() -> Starts:
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")

    def run(texts: list[str]) -> list[list[int]]:
        docs = nlp.pipe(texts, batch_size=256)
        return [[_first_char(d.text, s.start_char) for s in d.sents] for d in docs]

    return run


def pysbd_tool() -> Starts:
    import pysbd

    segmenter = pysbd.Segmenter(language="de", clean=False, char_span=True)

    def run(texts: list[str]) -> list[list[int]]:
        return [[_first_char(t, s.start) for s in segmenter.segment(t)] for t in texts]

    return run


def somajo_tool() -> Starts:
    from somajo import SoMaJo

    tokenizer = SoMaJo("de_CMC", split_sentences=True, character_offsets=True)

    def run(texts: list[str]) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in texts]
        # SoMaJo yields sentences, not paragraphs: feed one paragraph at a time.
        for i, text in enumerate(texts):
            for sentence in tokenizer.tokenize_text([text]):
                out[i].append(sentence[0].character_offset[0])
        return out

    return run


#: Name → (factory, package to install). migo first; spaCy's sentencizer is the speed base.
TOOLS: dict[str, tuple[Callable[[], Starts], str]] = {
    "migo": (migo_tool, "migo"),
    "spacy-sentencizer": (spacy_tool, "spacy"),
    "pysbd": (pysbd_tool, "pysbd"),
    "somajo": (somajo_tool, "SoMaJo"),
}


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    paragraphs: int = 0

    def add(self, gold: frozenset[int], found: frozenset[int]) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)
        self.exact += gold == found
        self.paragraphs += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    tool: str
    overall: Counts = field(default_factory=Counts)
    by_category: dict[str, Counts] = field(default_factory=dict)
    by_split: dict[str, Counts] = field(default_factory=dict)
    by_family: dict[str, Counts] = field(default_factory=dict)
    errors: list[tuple[Case, frozenset[int]]] = field(default_factory=list)
    sentences_per_second: float = 0.0
    vs_spacy: float | None = None  # median over rounds of this tool's time / spaCy's


def score(tool: str, run: Starts, cases: list[Case]) -> Result:
    """Boundary counts per category, per family and overall."""
    texts = [c.text for c in cases]
    result = Result(tool)
    starts = run(texts)
    for case, found_starts in zip(cases, starts, strict=True):
        found = frozenset(s for s in found_starts if s > _first_char(case.text, 0))
        result.overall.add(case.boundaries, found)
        result.by_category.setdefault(case.category, Counts()).add(case.boundaries, found)
        result.by_split.setdefault(case.split, Counts()).add(case.boundaries, found)
        if case.family:
            result.by_family.setdefault(case.family, Counts()).add(case.boundaries, found)
        if found != case.boundaries:
            result.errors.append((case, found))
    return result


def time_tools(runs: dict[str, Starts], results: list[Result], cases: list[Case], repeat: int):
    """Throughput of every tool (best of ``repeat`` rounds) and its time relative to
    spaCy's sentencizer. The tools take turns in each round and the ratio is the median
    of the rounds' ratios, so a burst of load on a shared machine cannot decide it."""
    copies = 5  # a longer timed stretch is steadier than a short one
    texts = [c.text for c in cases] * copies
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(_timed(run, texts))
    base = times.get("spacy-sentencizer")
    for result in results:
        sentences = copies * sum(len(c.sentences) for c in cases)
        result.sentences_per_second = sentences / min(times[result.tool])
        if base:
            ratios = [a / b for a, b in zip(times[result.tool], base, strict=True)]
            result.vs_spacy = statistics.median(ratios)


def _timed(run: Starts, texts: list[str]) -> float:
    began = time.perf_counter()
    run(texts)
    return time.perf_counter() - began


#: A fresh interpreter builds one tool through its factory here and segments one
#: paragraph: the start-up a user waits for, the same work for every tool.
STARTUP_CODE = (
    "import sys; sys.path.insert(0, {here!r}); import segmentation; "
    "segmentation.TOOLS[{tool!r}][0]()(['Das ist ein Satz. Und noch einer.'])"
)


def startup_times(tools: list[str], runs: int) -> dict[str, float]:
    """Median wall time of a fresh interpreter per tool, and of Python alone
    (``python``); the tools take turns in every round, as in :func:`time_tools`."""
    here = str(Path(__file__).resolve().parent)
    codes = {"python": "pass"}
    codes.update({tool: STARTUP_CODE.format(here=here, tool=tool) for tool in tools})
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            began = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def print_startup(times: dict[str, float], runs: int) -> None:
    print(f"\nStart-up in a fresh interpreter (import, build, one paragraph), median of {runs}\n")
    for name, seconds in times.items():
        label = "(python alone)" if name == "python" else name
        print(f"{label:<19}{seconds:>7.2f} s")


# --- report -------------------------------------------------------------------------------


def prf(c: Counts) -> str:
    return f"{c.precision:.3f} {c.recall:.3f} {c.f1:.3f}"


def print_tables(results: list[Result], cases: list[Case]) -> None:
    """Per-category P/R/F1 with one column per tool, then the overall table."""
    categories = list(dict.fromkeys(c.category for c in cases))
    width = 19
    print(
        "Boundary precision / recall / F1 per category "
        f"({len(cases)} paragraphs, {sum(len(c.boundaries) for c in cases)} boundaries)\n"
    )
    print(f"{'category':<14}{'n':>4}  " + "".join(f"{r.tool:<{width}}" for r in results))
    for category in categories:
        n = sum(1 for c in cases if c.category == category)
        cells = "".join(f"{prf(r.by_category[category]):<{width}}" for r in results)
        print(f"{category:<14}{n:>4}  {cells}")
    print(
        f"{'overall':<14}{len(cases):>4}  " + "".join(f"{prf(r.overall):<{width}}" for r in results)
    )
    for split in sorted({c.split for c in cases} - {"dev"}):
        n = sum(1 for c in cases if c.split == split)
        cells = "".join(f"{prf(r.by_split[split]):<{width}}" for r in results)
        print(f"{split + ' only':<14}{n:>4}  {cells}")
    base = next((r for r in results if r.tool == "spacy-sentencizer"), None)
    print(
        f"\n{'tool':<19}{'P':>7}{'R':>7}{'F1':>7}{'exact paragraphs':>20}"
        f"{'sent/s':>10}{'vs spaCy':>10}"
    )
    for r in results:
        o = r.overall
        exact = f"{o.exact}/{o.paragraphs} ({o.exact / o.paragraphs:.1%})"
        ratio = f"{r.vs_spacy:.2f}x" if r.vs_spacy is not None else "-"
        print(
            f"{r.tool:<19}{o.precision:>7.3f}{o.recall:>7.3f}{o.f1:>7.3f}{exact:>20}"
            f"{r.sentences_per_second:>10,.0f}{ratio:>10}"
        )
    if base:
        print(
            "\n'vs spaCy' = time taken relative to spaCy's sentencizer (lower is faster),"
            " median of the timing rounds."
        )


def print_family_table(results: list[Result], cases: list[Case]) -> None:
    """Exact paragraphs per issue-17 family (held-out and stress rows together)."""
    families = list(dict.fromkeys(c.family for c in cases if c.family))
    if not families:
        return
    width = 19
    print("\nExact paragraphs per family (the phenomena of peers' test suites)\n")
    print(f"{'family':<14}{'n':>4}  " + "".join(f"{r.tool:<{width}}" for r in results))
    for family in families:
        n = sum(1 for c in cases if c.family == family)
        cells = "".join(f"{r.by_family[family].exact:>3}/{n:<{width - 4}}" for r in results)
        print(f"{family:<14}{n:>4}  {cells}")
    total = sum(1 for c in cases if c.family)
    cells = "".join(
        f"{sum(c.exact for c in r.by_family.values()):>3}/{total:<{width - 4}}" for r in results
    )
    print(f"{'all families':<14}{total:>4}  {cells}")


def print_errors(result: Result) -> None:
    """Every paragraph a tool got wrong, with its sentences as the tool cut them."""
    print(f"\nParagraphs {result.tool} got wrong:")
    for case, found in result.errors:
        cuts = sorted({0, *found, len(case.text)})
        pieces = [case.text[a:b].strip() for a, b in pairwise(cuts)]
        print(f"- {case.id}: " + " ‖ ".join(pieces))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--repeat", type=int, default=9, help="timing rounds; best counts")
    parser.add_argument("--errors", metavar="TOOL", help="list a tool's wrong paragraphs")
    parser.add_argument("--startup-runs", type=int, default=5,
                        help="fresh interpreters per tool for the start-up figure; 0: skip")
    args = parser.parse_args(argv)
    cases = load_gold(args.gold)
    results, runs = [], {}
    for name, (factory, package) in TOOLS.items():
        try:
            run = factory()
        except ImportError:
            print(f"SKIPPED {name}: package '{package}' is not installed (pip install {package})")
            continue
        runs[name] = run
        results.append(score(name, run, cases))
    time_tools(runs, results, cases, args.repeat)
    print_tables(results, cases)
    print_family_table(results, cases)
    if args.startup_runs > 0:
        print_startup(startup_times(list(runs), args.startup_runs), args.startup_runs)
    for result in results:
        if result.tool == args.errors:
            print_errors(result)


if __name__ == "__main__":
    main()
