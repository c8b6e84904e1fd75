"""A whole issue at the engine's speed limit: migo beside raw CTranslate2 and argostranslate.

    python benchmarks/translate_speed.py --quick      # 10 articles, en,tr,ar: a few minutes
    python benchmarks/translate_speed.py              # 50 articles, 7 languages: ~20 minutes
    python benchmarks/translate_speed.py --sweep      # also try batch settings and guards

Builds its own size-realistic models (``speed_model.py``: Transformer base 6+6, d_model
512, int8, random weights, 32k vocabulary; cached in ``--work``) and a synthetic issue,
then runs back to back:

(a) raw CTranslate2 with the best settings measured (length-sorted, batches of 32
    examples, beam 2, the same decoding cap and guard as migo): the limit;
(b) real argostranslate ``translate()`` per paragraph and language, as a user's script
    does, with migo's beam (its default beam 4 is shown separately on a sample). It is
    installed without its heavy dependencies (``pip install --no-deps argostranslate``);
    its stanza/minisbd sentence splitters are replaced by migo's segmenter, offline;
(c) ``migo translate`` first run, MT phase timed separately;
(d) an unchanged re-run; (e) a re-run after editing one sentence;
(f) translation-memory lookups at 1k, 5k and 20k entries: migo's (count bounds, rapidfuzz,
    cydifflib) vs the first lookup (length window, quick_ratio, pure-Python difflib: kept
    here as the contender), results compared one by one.

(c)–(e) run in one child process, so its peak RSS is migo's own; peak RSS by number of
languages (1, 3, 7) is measured the same way on a two-article issue. The last line is
one JSON object with the figures the issue asks for.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import importlib.metadata
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import speed_model

ALL_LANGS = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]
QUICK_LANGS = ["en", "tr", "ar"]


# --- (a) raw CTranslate2 -----------------------------------------------------------------

def migo_sentences(issue: Path) -> list[str]:
    """The unique sentences as migo cuts them, so every contender does the same work."""
    from pipeline.flow import segmenter_for
    from pipeline.glossary import Glossary
    from pipeline.read import read_issue
    from pipeline.segment import segment_issue

    document = read_issue(issue)
    segment_issue(document, segmenter_for(Glossary([])))
    return list(dict.fromkeys(s.text for a in document.articles for s in a.segments()))


def raw_ct2(models: Path, sentences: list[str], langs: list[str], settings) -> float:
    """The limit: every hop once, sorted batches, nothing else (models loaded per hop)."""
    import ctranslate2
    import sentencepiece as spm

    from pipeline.engines import _calls  # the engine's own cut into calls

    sp = spm.SentencePieceProcessor(model_file=str(models / "sentencepiece.model"))
    started = time.perf_counter()

    def hop(pair: str, texts: list[str]) -> list[str]:
        intra, inter = settings.threads()
        translator = ctranslate2.Translator(
            str(models / f"translate-{pair}" / "model"), device="cpu", intra_threads=intra,
            inter_threads=inter, compute_type=settings.compute_type)
        tokens = dict(zip(texts, sp.encode(texts, out_type=str)))
        out = {}
        for call in _calls(sorted(tokens, key=lambda t: len(tokens[t])), tokens, settings):
            source = [tokens[t] for t in call]
            results = translator.translate_batch(
                source, beam_size=settings.beam_size, max_batch_size=settings.batch_size,
                batch_type=settings.batch_type, length_penalty=0.2, replace_unknowns=True,
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                max_decoding_length=settings.cap(max(len(s) for s in source)))
            for text, result in zip(call, results):
                out[text] = sp.decode(result.hypotheses[0])
        return [out[t] for t in texts]

    english = hop("de_en", sentences)
    for lang in langs:
        if lang != "en":
            hop(f"en_{lang}", english)
    return time.perf_counter() - started


SWEEP_SENTENCES = 300
#: The settings ``--sweep`` compares: label, DecodeSettings fields, sorted or not.
ONE = {"intra_threads": 0, "inter_threads": 1}  # one translator on every core
SWEEP = [
    ("1 translator x all cores, arrival order, 32", {**ONE}, False),
    ("1 translator x all cores, 16 examples", {**ONE, "batch_size": 16}, True),
    ("1 translator x all cores, 32 examples", {**ONE}, True),
    ("1 translator x all cores, 64 examples", {**ONE, "batch_size": 64}, True),
    ("1 translator x all cores, 1024 tokens",
     {**ONE, "batch_size": 1024, "batch_type": "tokens"}, True),
    ("1 translator x all cores, 2048 tokens",
     {**ONE, "batch_size": 2048, "batch_type": "tokens"}, True),
    ("1 thread x translator per core, 16 examples", {"batch_size": 16}, True),
    ("1 thread x translator per core, 32 (default)", {}, True),
    ("1 thread x translator per core, 64 examples", {"batch_size": 64}, True),
    ("1 thread x translator per core, 1024 tokens",
     {"batch_size": 1024, "batch_type": "tokens"}, True),
    ("default, no repetition guard", {"no_repeat_ngram_size": 0}, True),
    ("default, repetition_penalty 1.2 instead",
     {"no_repeat_ngram_size": 0, "repetition_penalty": 1.2}, True),
]


def sweep(models: Path, sentences: list[str], rounds: int = 3) -> list[tuple[str, float]]:
    """de→en with each setting of SWEEP, cut into calls exactly as migo's engine cuts
    them; the settings take turns for ``rounds`` rounds, median seconds each, so a
    burst of load on a shared machine hits every setting alike."""
    import ctranslate2
    import sentencepiece as spm

    from pipeline.engines import DecodeSettings, _calls

    sp = spm.SentencePieceProcessor(model_file=str(models / "sentencepiece.model"))
    tokens = dict(zip(sentences, sp.encode(sentences, out_type=str)))
    translators: dict[tuple[int, int], object] = {}
    times: dict[str, list[float]] = {label: [] for label, _, _ in SWEEP}
    for _ in range(rounds):
        for label, fields, sort in SWEEP:
            penalty = fields.get("repetition_penalty", 1.0)
            settings = DecodeSettings(**{k: v for k, v in fields.items()
                                         if k != "repetition_penalty"})
            threads = settings.threads()
            if threads not in translators:
                translators[threads] = ctranslate2.Translator(
                    str(models / "translate-de_en" / "model"), device="cpu",
                    intra_threads=threads[0], inter_threads=threads[1])
            ordered = sorted(sentences, key=lambda t: len(tokens[t])) if sort else sentences
            started = time.perf_counter()
            for call in _calls(ordered, tokens, settings):
                source = [tokens[t] for t in call]
                translators[threads].translate_batch(
                    source, beam_size=settings.beam_size, length_penalty=0.2,
                    max_batch_size=settings.batch_size, batch_type=settings.batch_type,
                    no_repeat_ngram_size=settings.no_repeat_ngram_size,
                    repetition_penalty=penalty,
                    max_decoding_length=settings.cap(max(map(len, source))))
            times[label].append(time.perf_counter() - started)
    return [(label, statistics.median(seconds)) for label, seconds in times.items()]


# --- (b) argostranslate ------------------------------------------------------------------

def argos_available(work: Path, models: Path, settings) -> types.ModuleType | str:
    """argostranslate.translate with offline sentence splitting, or why it is missing."""
    os.environ.update(ARGOS_PACKAGES_DIR=str(models), ARGOS_BEAM_SIZE=str(settings.beam_size),
                      ARGOS_DEVICE_TYPE="cpu", XDG_DATA_HOME=str(work / "xdg-data"),
                      XDG_CACHE_HOME=str(work / "xdg-cache"),
                      XDG_CONFIG_HOME=str(work / "xdg-config"))
    # stanza and minisbd are imported at module level by argostranslate.sbd, but only its
    # sentence splitters use them; ours replaces those, so empty stand-ins suffice.
    for name in ("stanza", "minisbd"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["minisbd"].SBDetect = object
    sys.modules["minisbd"].models = types.SimpleNamespace(cache_dir="")
    try:
        import argostranslate.translate as argos
    except ImportError as exc:
        return (f"argostranslate is not installed ({exc}); "
                "pip install --no-deps -r requirements/bench-no-deps.txt")
    from pipeline.flow import segmenter_for
    from pipeline.glossary import Glossary
    from pipeline.model import Article, Block, Issue
    from pipeline.segment import segment_issue

    segmenter = segmenter_for(Glossary([]))

    class MigoSentencizer:  # offline: migo's own segmenter, so both see the same sentences
        def __init__(self, pkg):
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            article = Article("p", "p", [Block("p", text)])
            segment_issue(Issue("x", [article]), segmenter)
            return [s.text for s in article.segments()]

    argos.MiniSBDSentencizer = argos.StanzaSentencizer = MigoSentencizer
    argos.ctranslate2 = types.SimpleNamespace(Translator=_capped_translator(settings))
    return argos


def _capped_translator(settings):
    """CTranslate2's Translator with migo's decoding cap and repetition guard added.

    argostranslate sets neither (CTranslate2 then decodes up to 256 steps); the issue
    compares every contender with the same cap, so only batching and overhead differ.
    """
    import ctranslate2

    class Capped(ctranslate2.Translator):
        def translate_batch(self, tokens, **options):
            options.setdefault("max_decoding_length",
                               settings.cap(max((len(t) for t in tokens), default=1)))
            options.setdefault("no_repeat_ngram_size", settings.no_repeat_ngram_size)
            return super().translate_batch(tokens, **options)
    return Capped


def argos_defaults(argos, issue: Path, settings) -> float:
    """English alone with argostranslate's own defaults: beam 4, no cap, no guard.

    Run first; afterwards migo's beam, cap and guard are set and argostranslate's
    paragraph cache is emptied, so (b) starts as fresh as this did.
    """
    import ctranslate2

    argos.ctranslate2, argos.settings.beam_size = ctranslate2, 4
    seconds = run_argos(argos, issue, ["en"])["en"]
    argos.ctranslate2 = types.SimpleNamespace(Translator=_capped_translator(settings))
    argos.settings.beam_size = settings.beam_size
    argos.installed_translates.clear()
    argos.get_installed_languages.cache_clear()
    return seconds


def run_argos(argos, issue: Path, langs: list[str]) -> dict[str, float]:
    """Per article and paragraph, per language — the way a user's script does it.

    Seconds per language, in order: whatever argostranslate caches between calls (it
    keeps translations of paragraphs it has seen) is used as in a real script.
    """
    paragraphs = [p for path in sorted(issue.glob("*.md"))
                  for p in path.read_text(encoding="utf-8").lstrip("# ").split("\n\n") if p]
    seconds = {}
    for lang in langs:
        started = time.perf_counter()
        for paragraph in paragraphs:
            argos.translate(paragraph, "de", lang)
        seconds[lang] = time.perf_counter() - started
    return seconds


# --- (c)–(e) migo, in a child process ----------------------------------------------------

def migo_child(folder: Path, models: Path, langs: list[str]) -> dict:
    """First run, unchanged re-run, one edited sentence; MT phase and peak RSS measured."""
    from pipeline import engines
    from pipeline.flow import RunConfig, translate_issue

    mt = {"seconds": 0.0, "sentences": 0}
    original = engines.ArgosEngine.translate

    def timed(self, requests, progress=None, *, routes=None):
        started = time.perf_counter()
        try:
            return original(self, requests, progress, routes=routes)
        finally:
            mt["seconds"] += time.perf_counter() - started
            mt["sentences"] += self.work_units(requests, routes)

    engines.ArgosEngine.translate = timed
    config = RunConfig(issue_dir=folder / "issue", langs=langs, models_dir=models,
                       glossary_path=folder / "no-glossary", locales_dir=folder / "locales",
                       out_dir=folder / "output", show_progress=False)
    figures = {}
    for label in ("first", "rerun", "edit"):
        if label == "edit":
            edit_one_sentence(folder / "issue")
        mt.update(seconds=0.0, sentences=0)
        started = time.perf_counter()
        result = translate_issue(config)
        figures[label] = {"wall": time.perf_counter() - started, "mt": mt["seconds"],
                          "mt_sentences": mt["sentences"],
                          "flagged": sum(r.decoding_flagged
                                         for r in result.run.languages.values())}
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def peak_rss_mb() -> float:
    """This process's own peak RSS. ru_maxrss is not: a child started from a big parent
    inherits the parent's high-water mark, so every child reported the benchmark's."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def edit_one_sentence(issue: Path) -> None:
    path = min(issue.glob("*.md"))
    text = path.read_text(encoding="utf-8")
    first = text.index("\n\n") + 2
    path.write_text(text[:first] + "Neu: " + text[first:], encoding="utf-8")


def in_child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], check=False,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"migo's run failed in {args[0]}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- (f) translation memory ----------------------------------------------------------------

def difflib_closest(entries, lengths, source: str, threshold: float):
    """migo's first lookup: length window, quick_ratio bounds, the standard library's
    difflib ratio. Also the reference: its results are what migo's must equal."""
    from pipeline.memory import normalise

    query = normalise(source)
    low = bisect.bisect_left(lengths, len(query) * threshold / (2 - threshold))
    high = bisect.bisect_right(lengths, len(query) * (2 - threshold) / threshold)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(query)
    best = None
    for text, unit in entries[low:high]:
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = 1.0 if text == query else matcher.ratio()
        if score >= threshold and (best is None or score > best[1]):
            best = (unit, min(score, 0.99) if unit.source != source else 1.0)
    return best


def memory_lookups(size: int, queries: int) -> dict:
    from pipeline.memory import THRESHOLD, Memory, Unit

    rng = random.Random(size)
    words = speed_model.vocabulary()
    units = [Unit(speed_model.sentence(rng, words), f"t{i}", "bench.po") for i in range(size)]
    asked = []
    for i in range(queries):
        if i % 2:  # a close variant of a remembered sentence: one word changed
            tokens = rng.choice(units).source.split()
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
            asked.append(" ".join(tokens))
        else:
            asked.append(speed_model.sentence(rng, words))
    started = time.perf_counter()
    memory = Memory(units)
    built = time.perf_counter() - started
    started = time.perf_counter()
    new = [memory.closest(q) for q in asked]
    fast = time.perf_counter() - started
    entries, lengths = memory._entries, memory._lengths  # the same index, the old search
    started = time.perf_counter()
    old = [difflib_closest(entries, lengths, q, THRESHOLD) for q in asked]
    slow = time.perf_counter() - started
    same = all((a is None and b is None) or (a is not None and b is not None
                                             and a.unit == b[0] and a.score == b[1])
               for a, b in zip(new, old))
    return {"size": size, "queries": queries, "hits": sum(m is not None for m in new),
            "rapidfuzz_ms": 1000 * fast / queries, "difflib_ms": 1000 * slow / queries,
            "index_s": built, "same": same}


# --- (g) the off-target check -----------------------------------------------------------

def off_target_check() -> dict:
    """Lingua alone vs py3langid first and Lingua for suspects, on benchmarks/langid.py's
    sentences judged against every expected language: same decisions, time per sentence.

    On-target text (a sentence judged in its own language) is what a run mostly sees.
    """
    import langid as langid_bench

    from pipeline import langid

    rows = langid_bench.load()
    pairs = [(text, expected) for _, text in rows for expected in langid.CANDIDATES]
    on_target = [(text, lang) for lang, text in rows]
    langid.off_target(*pairs[0])  # load both models before timing
    surely = langid._surely
    timings = {}
    for label, first_pass in (("lingua", lambda words, expected: False), ("two-step", surely)):
        langid._surely = first_pass
        langid.off_target.cache_clear()  # a run judges each text once: no warm answers
        started = time.perf_counter()
        decisions = [langid.off_target(text, expected) for text, expected in pairs]
        langid.off_target.cache_clear()
        middle = time.perf_counter()
        for text, expected in on_target:
            langid.off_target(text, expected)
        timings[label] = (decisions, 1000 * (middle - started) / len(pairs),
                          1000 * (time.perf_counter() - middle) / len(on_target))
    langid._surely = surely
    return {"decisions": len(pairs), "flagged": sum(d is not None for d in timings["lingua"][0]),
            "same": timings["lingua"][0] == timings["two-step"][0],
            "lingua_ms": timings["lingua"][1], "two_step_ms": timings["two-step"][1],
            "lingua_on_target_ms": timings["lingua"][2],
            "two_step_on_target_ms": timings["two-step"][2]}


# --- main --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 articles, en,tr,ar")
    parser.add_argument("--sweep", action="store_true", help="also compare batch settings")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "migo-translate-speed",
                        help="models (cached) and runs")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "MODELS", "LANGS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, models, langs = args.child
        print(json.dumps(migo_child(Path(folder), Path(models), langs.split(","))))
        return

    from pipeline.engines import DecodeSettings

    settings = DecodeSettings()
    langs = QUICK_LANGS if args.quick else ALL_LANGS
    # quick: 10 short articles (6 sentences each), so three passes fit in ~3 minutes on a
    # 2-core laptop that decodes ~10 sentences a second with this model
    articles, per_article = (10, 6) if args.quick else (50, 27)
    work = args.work
    runs = Path(tempfile.mkdtemp(prefix="run-", dir=_made(work)))
    speed_model.write_issue(runs / "c" / "issue", articles, per_article)
    sentences = migo_sentences(runs / "c" / "issue")
    print(f"Building or reusing models in {work / 'models'} …", file=sys.stderr)
    models = speed_model.build_models(work / "models", ALL_LANGS, sentences)
    hops = len(sentences) * len(langs)
    print(f"issue: {articles} articles, {len(sentences)} unique German sentences, "
          f"{len(langs)} languages ({','.join(langs)}) via en: {hops} sentence translations")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"settings: beam {settings.beam_size}, batches of {settings.batch_size} "
          f"{settings.batch_type}, cap {settings.length_ratio}×source+{settings.length_extra}, "
          f"no_repeat_ngram_size {settings.no_repeat_ngram_size}, "
          "{} thread(s) x {} translator(s)".format(*settings.threads()))

    if args.sweep or not args.quick:
        sample = sentences if len(sentences) >= SWEEP_SENTENCES else speed_model.write_issue(
            runs / "sweep", 12, 27, seed=3)
        sample = sample[:SWEEP_SENTENCES]
        print(f"\nde→en on {len(sample)} sentences, beam 2, median of 3 rounds "
              "(cores: " + str(os.cpu_count()) + "):")
        for label, seconds in sweep(models, sample):
            print(f"  {label:<44}{seconds:7.1f} s")

    ct2 = raw_ct2(models, sentences, langs, settings)
    print(f"(a) raw CTranslate2: {ct2:.1f} s", file=sys.stderr)
    c = in_child([str(runs / "c"), str(models), ",".join(langs)])
    print(f"(c) migo: {c}", file=sys.stderr)
    argos = argos_available(work, models, settings)
    if isinstance(argos, str):
        argos_s, argos_note = None, argos
    else:
        # All 7 languages of argos would take over 20 minutes here: in full mode it
        # translates en and tr, and each further pivot language is counted as tr.
        measured = langs if args.quick else ["en", "tr"]
        defaults = argos_defaults(argos, runs / "c" / "issue", settings)
        per_lang = run_argos(argos, runs / "c" / "issue", measured)
        argos_s = sum(per_lang.values()) + (len(langs) - len(measured)) * per_lang["tr"]
        argos_note = ("measured, " if measured == langs else
                      f"en,tr measured; {len(langs) - 2} more languages counted as tr; ") + \
            ", ".join(f"{lang} {t:.0f} s" for lang, t in per_lang.items()) + \
            f" (argostranslate {importlib.metadata.version('argostranslate')})"
    print(f"(b) argos: {argos_s}", file=sys.stderr)
    rss = {n: in_child([str(_fresh_issue(runs, n)), str(models), ",".join(ALL_LANGS[:n])])
           ["peak_rss_mb"] for n in (1, 3, 7)}
    tm_sizes = (1000, 5000, 20000)
    tm = [memory_lookups(n, 20 if args.quick else 100) for n in tm_sizes]

    langid = off_target_check()
    first, rerun, edit = c["first"], c["rerun"], c["edit"]
    print()
    print(f"{'contender':<46}{'wall s':>9}  note")
    print(f"{'(a) raw CTranslate2, same settings as migo':<46}{ct2:9.1f}  the limit")
    if argos_s is not None:
        print(f"{'(b) argostranslate per paragraph, beam 2':<46}{argos_s:9.1f}  {argos_note}")
        print(f"{'    its defaults (beam 4, no cap), en only':<46}{defaults:9.1f}  "
              f"vs {per_lang['en']:.1f} s for en with migo's beam and cap")
    else:
        print(f"{'(b) argostranslate':<46}{'-':>9}  SKIPPED: {argos_note}")
    print(f"{'(c) migo translate, first run':<46}{first['wall']:9.1f}  MT phase "
          f"{first['mt']:.1f} s, {first['flagged']} outputs flagged (cap/loop)")
    print(f"{'(d) migo, unchanged re-run':<46}{rerun['wall']:9.1f}  "
          f"{rerun['mt_sentences']} sentences to the engine")
    print(f"{'(e) migo, one sentence edited':<46}{edit['wall']:9.1f}  "
          f"{edit['mt_sentences']} sentence translations, MT {edit['mt']:.1f} s")
    print(f"non-MT share of the first run: {(first['wall'] - first['mt']) / first['wall']:.1%}")
    print("peak RSS of migo by languages (5-sentence issue): "
          + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in rss.items())
          + f"; this run ({len(langs)}): {c['peak_rss_mb']:.0f} MB")
    print(f"\n{'memory entries':>14}{'queries':>9}{'hits':>6}{'difflib ms':>12}"
          f"{'migo ms':>14}{'index s':>9}  same results")
    for row in tm:
        print(f"{row['size']:>14,}{row['queries']:>9}{row['hits']:>6}{row['difflib_ms']:>12.1f}"
              f"{row['rapidfuzz_ms']:>14.2f}{row['index_s']:>9.2f}  {row['same']}")
    print(f"\noff-target check on {langid['decisions']} decisions ({langid['flagged']} flagged), "
          f"same decisions: {langid['same']}")
    print(f"  Lingua alone: {langid['lingua_ms']:.2f} ms a sentence, "
          f"{langid['lingua_on_target_ms']:.2f} ms on-target")
    print(f"  py3langid first, Lingua for suspects: {langid['two_step_ms']:.2f} ms, "
          f"{langid['two_step_on_target_ms']:.2f} ms on-target")
    figures = {
        "speedup_vs_argos": round(argos_s / first["wall"], 2) if argos_s else None,
        "fraction_of_ct2": round(ct2 / first["mt"], 3),
        "rerun_fraction": round(rerun["wall"] / first["wall"], 4),
        "edit_fraction": round(edit["wall"] / first["wall"], 4),
        # (c)'s own peak (the whole issue), or the 7-language small issue's if higher
        "peak_rss_mb": round(max(c["peak_rss_mb"], rss[7])),
        "tm_ms_at_20k": round(tm[-1]["rapidfuzz_ms"], 3),
        "tm_same_results": all(row["same"] for row in tm),
        "non_mt_fraction": round((first["wall"] - first["mt"]) / first["wall"], 4),
        "langid_ms_on_target": round(langid["two_step_on_target_ms"], 3),
        "langid_same_decisions": langid["same"],
        "mode": "quick" if args.quick else "full",
    }
    print(json.dumps(figures))


def _fresh_issue(runs: Path, languages: int) -> Path:
    folder = runs / f"rss-{languages}"
    speed_model.write_issue(folder / "issue", 1, 4, seed=languages)  # RSS is the models
    return folder


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


if __name__ == "__main__":
    main()
