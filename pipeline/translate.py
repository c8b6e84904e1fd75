"""Translate stage: machine-translate only what has no usable translation.

For every sentence that needs it: protect glossary terms, numbers, dates, addresses and
inline tags behind placeholders → one batched engine call for all languages (the engine
shares the de→en pivot) → restore the placeholders for the target language → verify.
A protected item the engine lost is still delivered and named as a problem, so the
catalog marks the entry for the reviewer; nothing is dropped silently.

Computing is kept apart from writing: this stage returns results, the catalog stage
enters them into PO files.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from .engines import Engine, Progress, ProgressFactory, Route
from .glossary import Glossary
from .protect import Masked, check_delivery, protect, restore


@dataclass
class MachineResult:
    text: str
    origin: str  # engine and route, e.g. "argos de→en→tr"
    problems: list[str] = field(default_factory=list)


@dataclass
class TranslateOutcome:
    results: dict[str, dict[str, MachineResult]]  # lang → German sentence → result
    stats: dict[str, Counter]  # lang → counts of protected items found/delivered/flagged
    seconds: dict[str, float] = field(default_factory=dict)  # lang → engine + restore time
    flagged: dict[str, int] = field(default_factory=dict)  # lang → capped/looping outputs


def translate_missing(missing: dict[str, list[str]], engine: Engine, glossary: Glossary,
                      routes: dict[str, Route],
                      progress: Progress | ProgressFactory | None = None,
                      ) -> TranslateOutcome:
    """Translate ``missing[lang]`` (German sentences) into each ``lang``.

    ``routes`` is the run's one plan (made before anything was written).
    """
    started = time.perf_counter()
    requests = {lang: texts for lang, texts in missing.items() if texts}
    if not requests or not engine.translates:
        return TranslateOutcome({lang: {} for lang in missing}, {lang: Counter() for lang in missing})
    # One masking for all languages, because the de→en hop is shared by all of them.
    masked = {text: protect(text, glossary, tuple(requests))
              for text in dict.fromkeys(t for texts in requests.values() for t in texts)}
    output = engine.translate(
        {lang: [masked[t].text for t in texts] for lang, texts in requests.items()}, progress,
        routes={lang: routes[lang] for lang in requests})
    results: dict[str, dict[str, MachineResult]] = {lang: {} for lang in missing}
    stats: dict[str, Counter] = {lang: Counter() for lang in missing}
    flagged: Counter = Counter()
    seconds = dict(output.seconds)
    for lang, texts in requests.items():
        origin = f"{engine.name} {routes[lang].label}"
        restoring = time.perf_counter()
        for text, translated, notes in zip(texts, output.texts[lang], output.notes_of(lang)):
            result = _restored(translated, masked[text], lang, glossary, origin, stats[lang])
            result.problems[:0] = notes  # a capped or looping output: QA, never silently done
            flagged[lang] += bool(notes)
            results[lang][text] = result
        seconds[lang] = seconds.get(lang, 0.0) + time.perf_counter() - restoring
    masking = (time.perf_counter() - started - sum(seconds.values())) / len(requests)
    return TranslateOutcome(results, stats, {lang: max(0.0, seconds[lang] + masking)
                                             for lang in requests}, dict(flagged))


def _restored(output: str, masked: Masked, lang: str, glossary: Glossary, origin: str,
              stats: Counter) -> MachineResult:
    restored = restore(output, masked, lang, glossary)
    stats.update(restored.stats)
    problems = list(restored.problems)
    problems += [p.message for p in check_delivery(masked.source, restored.text, lang, glossary)
                 if p.severity == "error"]
    if not restored.text.strip():
        problems.append("the engine returned nothing")
    return MachineResult(restored.text, origin, _counted(problems))


def _counted(problems: list[str]) -> list[str]:
    """A term lost twice is one note saying so, not the same note twice."""
    counts = Counter(problems)
    return [p if counts[p] == 1 else f"{p} ({counts[p]} times)" for p in counts]
