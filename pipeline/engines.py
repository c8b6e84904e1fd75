"""Translation engines behind one small interface.

An engine takes German sentences (with protected spans already replaced by placeholders)
and returns target-language sentences. Engines know nothing of PO files or HTML.

- ``argos``: CTranslate2 + SentencePiece on Argos Translate package folders. German
  reaches most languages through English; every hop is translated once per run and
  shared, so de→en runs once however many en→X languages follow.
- ``pseudo``: pseudo-localisation, to test layout and the whole flow without a model.
- ``none``: translates nothing; PO files are prepared for human translators.

No engine is a fallback for another: a missing model is a :class:`ModelMissingError`.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from .errors import ModelMissingError
from .langs import is_rtl
from .model import INLINE_TAG
from .packages import Package, default_models_dir, ensure_unpacked, find_packages, newest_by_pair
from .text import CONTROL_CHARACTER

SOURCE_LANG = "de"
PIVOT_LANG = "en"


class Progress(Protocol):
    """What an engine needs of a progress bar (tqdm fits)."""

    def update(self, n: int = 1) -> object: ...


#: Makes one bar per hop: ``(label such as "de→en", sentences) → bar`` with update/close.
ProgressFactory = Callable[[str, int], Progress]


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None


@dataclass(frozen=True)
class Route:
    """The chain of languages a sentence passes through, e.g. de→en→tr."""

    hops: tuple[str, ...]

    @property
    def label(self) -> str:
        return "→".join(self.hops)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(zip(self.hops, self.hops[1:]))


@dataclass
class EngineOutput:
    """What one ``translate`` call produced: texts aligned with the requests, and time.

    The time is returned, not kept on the engine, so nobody reads leftover state of an
    earlier call. A hop shared by several languages is split evenly among them.
    ``notes[lang][i]`` says why output ``i`` needs a reviewer's eye (the decoder hit
    its length cap, the output loops); empty for most outputs.
    """

    texts: dict[str, list[str]]
    seconds: dict[str, float] = field(default_factory=dict)
    notes: dict[str, list[list[str]]] = field(default_factory=dict)

    def notes_of(self, lang: str) -> list[list[str]]:
        return self.notes.get(lang) or [[] for _ in self.texts[lang]]


CAPPED = "the engine's output reached its length cap and may be cut off or looping"
LOOPING = "the engine's output repeats itself"
CONTROLS = "the engine's output held control characters; they were removed"


@dataclass(frozen=True)
class DecodeSettings:
    """How CTranslate2 decodes; ``migo translate`` flags and migo.toml ``[translate]``.

    Defaults were measured on a 2-core laptop with ``benchmarks/translate_speed.py
    --sweep``: sentences sorted by length in batches of 32 examples, beam 2, the model's
    own compute type (int8 for Argos models), one single-threaded translator per core
    (the weights are shared between them).

    - ``max_length = length_ratio × source tokens + length_extra``: a degenerate model
      cannot decode for 256 steps; an output that reaches the cap is flagged.
    - ``no_repeat_ngram_size``: CTranslate2 never repeats a 4-gram, the cheap guard
      against "the the the …" loops (0 turns it off).
    """

    beam_size: int = 2
    batch_size: int = 32
    batch_type: str = "examples"  # or "tokens"
    compute_type: str = "default"  # the model's own (int8); "int8_float32", "float32" …
    device: str = "cpu"  # "cuda" with CTranslate2's GPU build
    intra_threads: int = 1  # threads per translator, 0: all cores
    inter_threads: int = 0  # translators in parallel, 0: one per core (on cuda: 1)
    length_ratio: float = 1.5
    length_extra: int = 10
    no_repeat_ngram_size: int = 4

    def threads(self) -> tuple[int, int]:
        """(intra, inter) for CTranslate2, with 0 resolved against this machine's cores.

        One single-threaded translator per core beat one translator on every core by a
        third on a 2-core laptop (``translate_speed.py --sweep``): small matrices
        parallelise badly inside a batch, whole batches in parallel do not.
        """
        cores = os.cpu_count() or 1
        intra = self.intra_threads or cores
        inter = self.inter_threads or (1 if self.device == "cuda" else max(1, cores // intra))
        return intra, inter

    def cap(self, source_tokens: int) -> int:
        """The longest output allowed for a source of this many tokens."""
        return int(self.length_ratio * source_tokens + self.length_extra)


class Engine(Protocol):
    name: str
    translates: bool

    def plan(self, targets: Iterable[str]) -> dict[str, Route]:
        """Check every target can be reached before any work starts."""

    def translate(self, requests: dict[str, list[str]], progress: Progress | None = None, *,
                  routes: dict[str, Route] | None = None) -> EngineOutput:
        """Translate ``requests[lang]`` (German) into ``lang``; outputs align with inputs.

        ``routes`` is the run's one :meth:`plan`; without it the engine plans itself.
        """

    def work_units(self, requests: dict[str, list[str]],
                   routes: dict[str, Route] | None = None) -> int:
        """How many sentence translations ``translate`` will do, for the progress bar."""

    def signature(self) -> dict[str, str]:
        """Engine and model versions, recorded with the results."""


# --- none -------------------------------------------------------------------

class NoneEngine:
    """Prepares PO files with empty translations for human translators."""

    name = "none"
    translates = False

    def plan(self, targets: Iterable[str]) -> dict[str, Route]:
        return {lang: Route((SOURCE_LANG, lang)) for lang in targets}

    def translate(self, requests, progress=None, *, routes=None) -> EngineOutput:
        return EngineOutput({lang: ["" for _ in texts] for lang, texts in requests.items()})

    def work_units(self, requests, routes=None) -> int:
        return 0

    def signature(self) -> dict[str, str]:
        return {"engine": "none"}


# --- pseudo -----------------------------------------------------------------

_ACCENTED = str.maketrans(
    "aceinorsuyzACEINORSUYZgklGKLtTdDwW",
    "àçéîñöŕšûýžÀÇÉÎÑÖŔŠÛÝŽĝķļĜĶĻţŢđĐŵŴ",
)
# Text an engine must not touch: inline tags and private-use placeholders.
_UNTOUCHABLE = re.compile(INLINE_TAG.pattern + r"|[\ue000-\uf8ff]+")
RLM = "\u200f"


#: Where a text holds German to keep as written in a language: (text, lang) → spans.
KeepSpans = Callable[[str, str], list[tuple[int, int]]]


def pseudo_localize(text: str, lang: str, keep: KeepSpans | None = None) -> str:
    """Accent letters, make the text about 30 % longer, mark RTL languages.

    Longer text finds layouts that break in German-to-Turkish or -Russian growth; accents
    find encoding bugs; the right-to-left marks exercise ``dir`` handling for ar and fa.
    Inline tags, placeholders and the spans ``keep`` names (glossary terms kept as
    written in ``lang``, as a real engine's output has them after restore) pass through
    untouched, so a pseudo run raises no false "term missing".
    """
    untouched = [m.span() for m in _UNTOUCHABLE.finditer(text)]
    untouched += keep(text, lang) if keep else []
    pieces, last = [], 0
    for start, end in sorted(untouched):
        if start < last:  # inside a span already kept
            continue
        pieces.append(text[last:start].translate(_ACCENTED))
        pieces.append(text[start:end])
        last = end
    pieces.append(text[last:].translate(_ACCENTED))
    body = "".join(pieces)
    visible = len(_UNTOUCHABLE.sub("", text))
    padding = "·" * max(1, round(visible * 0.3) - 4)
    result = f"[{body} {padding}]"
    if is_rtl(lang):
        result = f"{RLM}{result}{RLM}"
    return result


class PseudoEngine:
    name = "pseudo"
    translates = True

    def __init__(self, keep: KeepSpans | None = None) -> None:
        self.keep = keep  # the glossary's keep-as-written terms (Glossary.keep_spans)

    def plan(self, targets: Iterable[str]) -> dict[str, Route]:
        return {lang: Route((SOURCE_LANG, lang)) for lang in targets}

    def translate(self, requests, progress=None, *, routes=None) -> EngineOutput:
        output = EngineOutput({})
        for lang, texts in requests.items():
            started = time.perf_counter()
            with _hop_bar(progress, f"{SOURCE_LANG}→{lang}", len(texts)) as bar:
                output.texts[lang] = [pseudo_localize(t, lang, self.keep) for t in texts]
                bar.update(len(texts))
            output.seconds[lang] = time.perf_counter() - started
        return output

    def work_units(self, requests, routes=None) -> int:
        return sum(len(t) for t in requests.values())

    def signature(self) -> dict[str, str]:
        return {"engine": "pseudo"}


# --- argos ------------------------------------------------------------------

class ArgosEngine:
    """CTranslate2 + SentencePiece on Argos package folders, with a shared pivot."""

    name = "argos"
    translates = True

    def __init__(self, models_dir: Path | None = None,
                 load_model: Callable[[Package], Model] | None = None,
                 settings: DecodeSettings | None = None):
        """``load_model`` turns a package into (translator, tokenizer); tests pass a spy."""
        self.settings = settings or DecodeSettings()
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        self._unpacked = tempfile.TemporaryDirectory(prefix="migo-models-")
        found = find_packages(self.models_dir, Path(self._unpacked.name))
        self.packages: dict[tuple[str, str], Package] = newest_by_pair(found)
        self.unusable = [p for p in found if p.problem]
        self._load_model = load_model or partial(load_ctranslate2, settings=self.settings)
        self._loaded: dict[tuple[str, str], Model] = {}
        self._pending: dict[tuple[str, str], Future] = {}  # loading in the background
        self._warned: set[Path] = set()

    def plan(self, targets: Iterable[str]) -> dict[str, Route]:
        routes, missing, targets = {}, [], list(targets)
        for lang in targets:
            route = self._route_to(lang)
            if route is None:
                missing.append(self._missing_pairs(lang))
            else:
                routes[lang] = route
        if missing:
            pairs = list(dict.fromkeys(p for group in missing for p in group))
            langs = ",".join(lang for lang in targets if lang not in routes)
            where = "" if self.models_dir.is_dir() else " (that folder does not exist)"
            models = ("" if self.models_dir == default_models_dir()
                      else f" --models {self.models_dir}")
            raise ModelMissingError(
                f"no Argos model for {', '.join(pairs)} in {self.models_dir}{where}. "
                f"{self._unusable_for(pairs)}Install it with: migo models install {langs}"
                f"{models} (add --index DIR for a USB copy made with 'migo models pack'), "
                f"or try the flow without models with --engine pseudo")
        self._warn_unneeded_broken(routes)
        return routes

    def _warn_unneeded_broken(self, routes: dict[str, Route]) -> None:
        """A broken package is named once, and the run goes on: every route was found
        without it, so this run does not need it."""
        for package in self.unusable:
            if package.path not in self._warned:
                self._warned.add(package.path)
                print(f"migo: warning: {package.explain()}; not needed by this run, "
                      f"ignored (see 'migo models verify')", file=sys.stderr)

    def _route_to(self, lang: str) -> Route | None:
        if (SOURCE_LANG, lang) in self.packages:
            return Route((SOURCE_LANG, lang))
        if (SOURCE_LANG, PIVOT_LANG) in self.packages and (PIVOT_LANG, lang) in self.packages:
            return Route((SOURCE_LANG, PIVOT_LANG, lang))
        return None

    def _unusable_for(self, pairs: list[str]) -> str:
        """Why installed packages for these pairs cannot be used, as sentences."""
        wanted = [tuple(pair.split("→")) for pair in pairs]
        reasons = [p.explain() for p in self.unusable
                   if any(p.covers(a, b) for a, b in wanted)]
        return "".join(f"The {reason}. " for reason in reasons)

    def _missing_pairs(self, lang: str) -> list[str]:
        if lang == PIVOT_LANG:
            return [f"{SOURCE_LANG}→{PIVOT_LANG}"]
        needed = [(SOURCE_LANG, PIVOT_LANG), (PIVOT_LANG, lang)]
        return [f"{a}→{b}" for a, b in needed if (a, b) not in self.packages]

    def work_units(self, requests, routes=None) -> int:
        """Distinct sentences per hop: the first hop is shared, later hops are per language."""
        routes = routes or self.plan(requests)
        first_hop: dict[tuple[str, str], set[str]] = {}
        later_hops = 0
        for lang, texts in requests.items():
            pairs = routes[lang].pairs
            first_hop.setdefault(pairs[0], set()).update(texts)
            later_hops += len(set(texts)) * (len(pairs) - 1)
        return sum(len(texts) for texts in first_hop.values()) + later_hops

    def translate(self, requests, progress=None, *, routes=None) -> EngineOutput:
        """Walk every route hop by hop; each (pair, sentence) is translated once.

        All sentences that need the same hop, from every article and every target
        language, go to CTranslate2 together, sorted by length — so de→en runs once per
        run and short sentences are not padded to long ones. A model is loaded when its
        hop starts (while the hop before it runs, if that one is small: see
        :meth:`_load_soon`) and released when no later hop needs it: memory stays at one
        model and its batches, however many languages a run has.
        """
        routes = routes or self.plan(requests)
        current = {lang: list(texts) for lang, texts in requests.items()}
        notes = {lang: [[] for _ in texts] for lang, texts in requests.items()}
        seconds = {lang: 0.0 for lang in requests}
        last_use = _last_use(routes, requests)
        upcoming = _hop_order(routes, requests)
        depth = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="migo-model") as loader, \
                self._dropping_unused_loads():
            while any(depth < len(routes[lang].pairs) for lang in current):
                by_pair: dict[tuple[str, str], list[str]] = {}
                for lang, texts in current.items():
                    if depth < len(routes[lang].pairs):
                        by_pair.setdefault(routes[lang].pairs[depth], []).extend(texts)
                done = {}
                for pair, texts in by_pair.items():
                    texts = list(dict.fromkeys(texts))
                    upcoming.pop(0)
                    if upcoming and len(texts) <= SMALL_HOP:
                        self._load_soon(upcoming[0], loader)
                    done[pair] = self._timed_pair(pair, texts, progress,
                                                  _users(routes, seconds, pair, depth), seconds)
                    if last_use[pair] <= depth:
                        self._loaded.pop(pair, None)  # no later hop needs it: free its memory
                self._advance(current, notes, routes, done, depth)
                depth += 1
        return EngineOutput(current, seconds, notes)

    @contextmanager
    def _dropping_unused_loads(self) -> Iterator[None]:
        """A run that stops at a hop keeps no model it loaded ahead for the next one."""
        try:
            yield
        finally:
            self._pending.clear()

    @staticmethod
    def _advance(current, notes, routes, done, depth: int) -> None:
        """Each language's texts become this hop's output, with the hop's notes."""
        for lang, texts in current.items():
            if depth < len(routes[lang].pairs):
                table = done[routes[lang].pairs[depth]]
                current[lang] = [table[t].text for t in texts]
                for kept, t in zip(notes[lang], texts):
                    kept.extend(n for n in table[t].notes if n not in kept)

    def _timed_pair(self, pair, texts: list[str], progress, users: list[str],
                    seconds: dict[str, float]) -> dict[str, Decoded]:
        """Translate one hop and share its time among the languages whose route uses it."""
        started = time.perf_counter()
        with _hop_bar(progress, "→".join(pair), len(texts)) as bar:
            done = self._translate_pair(pair, texts, bar)
        for lang in users:
            seconds[lang] += (time.perf_counter() - started) / len(users)
        return done

    def _translate_pair(self, pair, texts: list[str], progress: Progress) -> dict[str, Decoded]:
        """Sorted by token count, cut into batches; the cap follows each batch's sources."""
        translator, sp = self._load(pair)
        prefix = self.packages[pair].target_prefix
        settings = self.settings
        tokens = dict(zip(texts, sp.encode(texts, out_type=str))) if texts else {}
        ordered = sorted(texts, key=lambda t: len(tokens[t]))
        out: dict[str, Decoded] = {}
        for batch in _calls(ordered, tokens, settings):
            source = [tokens[t] for t in batch]
            cap = settings.cap(max(len(t) for t in source)) + (1 if prefix else 0)
            results = translator.translate_batch(
                source, replace_unknowns=True, beam_size=settings.beam_size,
                max_batch_size=settings.batch_size, batch_type=settings.batch_type,
                length_penalty=0.2, max_decoding_length=cap,
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                target_prefix=[[prefix]] * len(batch) if prefix else None)
            for text, pieces, result in zip(batch, source, results):
                out[text] = _decoded(result.hypotheses[0], prefix, settings.cap(len(pieces)))
            progress.update(len(batch))
        return out
    def _load_soon(self, pair, loader: ThreadPoolExecutor) -> None:
        """Start loading the next hop's model while this small hop translates.

        Loading takes about 0.1 s a model, as long as a hop of a few sentences: an
        edited issue's eight hops of one sentence each spent half their time loading.
        CTranslate2 releases the GIL while it loads. A bigger hop takes seconds and
        would gain little, so its next model waits: a whole issue's big hops never hold
        two models (with their batches) in memory at once.
        """
        if pair not in self._loaded and pair not in self._pending:
            package = self.packages[pair]
            ensure_unpacked(package)  # an .argosmodel on a USB stick, used in place
            self._pending[pair] = loader.submit(self._load_model, package)

    def _load(self, pair) -> Model:
        """Each model once per engine; a broken one is a model problem naming the package."""
        if pair not in self._loaded:
            package = self.packages[pair]
            ensure_unpacked(package)  # an .argosmodel on a USB stick, used in place
            pending = self._pending.pop(pair, None)
            try:
                self._loaded[pair] = (pending.result() if pending
                                      else self._load_model(package))
            except (RuntimeError, OSError, ValueError) as exc:
                raise ModelMissingError(
                    f"the {package.pair} model cannot be loaded ({_first_line(exc)}); "
                    f"reinstall it with: migo models install {package.to_code} --force "
                    f"--models {self.models_dir}", package.path) from exc
        return self._loaded[pair]

    def signature(self) -> dict[str, str]:
        models = ", ".join(f"{p.pair} {p.version}".strip()
                           for _, p in sorted(self.packages.items()))
        signature = {"engine": "argos", "models": models}
        if any(p.test_model for p in self.packages.values()):  # the report warns
            signature["test_models"] = "yes"
        return signature


Model = tuple  # (ctranslate2.Translator, sentencepiece.SentencePieceProcessor) or test doubles


def _calls(ordered: list[str], tokens: dict[str, list[str]],
           settings: DecodeSettings) -> Iterator[list[str]]:
    """Cut length-sorted sentences into translate_batch calls of ``inter_threads`` batches.

    CTranslate2 runs the batches of one call in parallel on its ``inter_threads``
    workers, so a call must hold that many; each call's cap follows its longest source,
    so a call holds no more. Token batches count padded tokens, as CTranslate2 does.
    """
    budget = settings.batch_size * settings.threads()[1]
    call: list[str] = []
    for text in ordered:
        if settings.batch_type == "tokens":
            full = call and (len(call) + 1) * len(tokens[text]) > budget
        else:
            full = len(call) == budget
        if full:
            yield call
            call = []
        call.append(text)
    if call:
        yield call


def load_ctranslate2(package: Package, settings: DecodeSettings | None = None) -> Model:
    """The real model loader: CTranslate2 (CPU, or CUDA), SentencePiece for the tokens."""
    import ctranslate2
    import sentencepiece

    settings = settings or DecodeSettings()
    intra, inter = settings.threads()
    translator = ctranslate2.Translator(
        str(package.model_dir), device=settings.device, compute_type=settings.compute_type,
        inter_threads=inter, intra_threads=intra)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    return translator, sp


@dataclass(frozen=True)
class Decoded:
    """One hop's output for one sentence, and why a reviewer should look at it."""

    text: str
    notes: tuple[str, ...] = ()


def _decoded(pieces: list[str], prefix: str, cap: int) -> Decoded:
    """Detokenize; flag an output that ran into the cap or loops on a phrase."""
    body = pieces[1:] if prefix and pieces and pieces[0] == prefix else pieces
    notes = []
    if len(body) >= cap:
        notes.append(CAPPED)
    if looping(body):
        notes.append(LOOPING)
    text = _detokenize(pieces, prefix)
    if CONTROL_CHARACTER.search(text):  # byte pieces of a confused model: U+000E …
        text = CONTROL_CHARACTER.sub("", text)
        notes.append(CONTROLS)
    return Decoded(text, tuple(notes))


def looping(pieces: list[str], times: int = 4) -> bool:
    """True when a run of 1–3 pieces repeats ``times`` times in a row ("a b a b a b a b")."""
    for size in (1, 2, 3):
        span = size * times
        for start in range(len(pieces) - span + 1):
            unit = pieces[start:start + size]
            if all(pieces[start + k * size:start + (k + 1) * size] == unit
                   for k in range(1, times)):
                return True
    return False


#: a hop of at most this many sentences lets the next hop's model load meanwhile
SMALL_HOP = 64


def _hop_order(routes: dict[str, Route], requests) -> list[tuple[str, str]]:
    """The pairs in the order :meth:`ArgosEngine.translate` runs its hops."""
    order: list[tuple[str, str]] = []
    for depth in range(max((len(routes[lang].pairs) for lang in requests), default=0)):
        order += list(dict.fromkeys(routes[lang].pairs[depth] for lang in requests
                                    if depth < len(routes[lang].pairs)))
    return order


def _last_use(routes: dict[str, Route], requests) -> dict[tuple[str, str], int]:
    """The deepest hop at which each pair is used: after it, its model can go."""
    last: dict[tuple[str, str], int] = {}
    for lang in requests:
        for depth, pair in enumerate(routes[lang].pairs):
            last[pair] = max(last.get(pair, 0), depth)
    return last


@contextmanager
def _hop_bar(progress, label: str, total: int):
    """A progress bar for one hop when given a factory (flow's tqdm), else ``progress``."""
    if progress is None:
        yield _NoProgress()
    elif callable(progress) and not hasattr(progress, "update"):
        bar = progress(label, total)
        try:
            yield bar
        finally:
            bar.close()
    else:
        yield progress


def _users(routes: dict[str, Route], langs, pair, depth: int) -> list[str]:
    """The languages whose route takes ``pair`` as hop number ``depth``."""
    return [lang for lang in langs
            if depth < len(routes[lang].pairs) and routes[lang].pairs[depth] == pair]


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


_BYTE_PIECE = re.compile(r"<0x([0-9A-Fa-f]{2})>")


def _detokenize(pieces: list[str], prefix: str = "") -> str:
    """Join SentencePiece pieces back into text, keeping copied unknown symbols.

    ``SentencePieceProcessor.decode_pieces`` would turn a piece it does not know — such
    as a placeholder copied from the source by ``replace_unknowns`` — into " ⁇ ", so we
    join the pieces ourselves and decode byte-fallback pieces (``<0xE2>``) as bytes.
    A byte run that is not whole UTF-8 (the model emitted two of a placeholder's three
    bytes) is dropped rather than shown as "�": a placeholder cut that way is then
    missing, and the protect stage re-inserts it and reports it as lost.
    """
    if prefix and pieces and pieces[0] == prefix:
        pieces = pieces[1:]
    text, run = [], bytearray()
    for piece in pieces:
        byte = _BYTE_PIECE.fullmatch(piece)
        if byte:
            run.append(int(byte.group(1), 16))
            continue
        text.append(_whole_utf8(run))
        run.clear()
        text.append(piece.replace("\u2581", " "))
    text.append(_whole_utf8(run))
    return "".join(text).strip()


def _whole_utf8(run: bytes) -> str:
    """Decode a run of byte pieces, leaving out bytes that form no character."""
    return run.decode("utf-8", errors="ignore")


ENGINES = {"argos": ArgosEngine, "pseudo": PseudoEngine, "none": NoneEngine}


def make_engine(name: str, models_dir: Path | None = None,
                keep: KeepSpans | None = None,
                settings: DecodeSettings | None = None) -> Engine:
    """Build an engine by its name on the command line (``keep``: see PseudoEngine)."""
    if name == "argos":
        return ArgosEngine(models_dir, settings=settings)
    if name == "pseudo":
        return PseudoEngine(keep)
    return ENGINES[name]()
