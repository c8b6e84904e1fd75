"""How good the machine translation is, measured from what reviewers did with it.

No reference translations exist for a small association's magazine, and no real model
can be evaluated on our machines. What does exist is the reviewers' verdict: each
machine suggestion (kept in :mod:`pipeline.history`) was accepted unchanged, approved
after an edit, or is still waiting. This is Pontoon's pretranslation measure: it keeps
the approval rate and chrF++ against the final text, and Mozilla switches pretranslation
off for a locale whose approval rate falls below 40 %.

Per language, engine, route and model version:

- ``accepted_unchanged``: approved with the engine's exact text;
- ``approved_edited``: approved after a reviewer changed it;
- ``waiting``: still a fuzzy suggestion (or emptied) — no verdict yet;
- ``unmeasured``: a machine suggestion whose engine output was not kept (a PO file from
  elsewhere): it cannot be measured and is only counted;
- ``chrf``: mean sentence chrF++ (sacrebleu, character 6-grams + word 2-grams) of the
  suggestion against the approved text, over every reviewed suggestion (an unchanged one
  scores 100);
- ``ter``: mean sentence TER (sacrebleu): edits per word of the approved text, in %;
- ``words_changed``: word edits (insert, delete, replace) the reviewers made, as a share
  of the longer of suggestion and approved text, summed over reviewed suggestions, in %.

The approval rate is ``accepted_unchanged / (accepted_unchanged + approved_edited)``,
Pontoon's definition: an edited suggestion was not approved as the machine made it.
This module takes plain data (observations) and imports only the floor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sacrebleu.metrics import CHRF, TER

from .model import strip_tags

MIN_REVIEWED = 50  #: reviewed suggestions before a recommendation is made
LOW_APPROVAL = 40.0  #: below this (in %), prepare the language for human translation
HIGH_APPROVAL = 80.0  #: at or above this, reviewers may trust suggestions more

ACCEPTED, EDITED, WAITING, UNMEASURED = "accepted", "edited", "waiting", "unmeasured"


@dataclass(frozen=True)
class Observation:
    """One entry that began as a machine suggestion, and where it stands now."""

    issue: str
    lang: str
    engine: str
    route: str
    models: str
    suggestion: str | None  # the engine's exact output; None when no history has it
    current: str  # the entry's text now
    approved: bool  # a person approved the entry (not fuzzy, not empty)

    @property
    def verdict(self) -> str:
        if self.suggestion is None:
            return UNMEASURED
        if not self.approved:
            return WAITING
        return ACCEPTED if self.current == self.suggestion else EDITED


@dataclass
class Figures:
    """The counts and means of one group of observations."""

    accepted_unchanged: int = 0
    approved_edited: int = 0
    waiting: int = 0
    unmeasured: int = 0
    chrf: float | None = None
    ter: float | None = None
    words_changed: float | None = None

    @property
    def reviewed(self) -> int:
        return self.accepted_unchanged + self.approved_edited

    @property
    def approval_rate(self) -> float | None:
        """Accepted unchanged among reviewed suggestions, in %."""
        return round(100 * self.accepted_unchanged / self.reviewed, 1) if self.reviewed else None

    def as_dict(self) -> dict:
        return {**asdict(self), "reviewed": self.reviewed, "approval_rate": self.approval_rate}


@dataclass
class LanguageQuality:
    """One language's record: totals, per engine/route/models, per issue, advice."""

    lang: str
    figures: Figures
    by_engine: list[dict] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)  # per issue, in issue order
    recommendation: str = ""

    def as_dict(self) -> dict:
        return {"lang": self.lang, **self.figures.as_dict(), "by_engine": self.by_engine,
                "trend": self.trend, "recommendation": self.recommendation}


def figures(observations: list[Observation]) -> Figures:
    """Counts and mean scores of a group of observations."""
    found = Figures()
    pairs = []
    for obs in observations:
        verdict = obs.verdict
        if verdict == ACCEPTED:
            found.accepted_unchanged += 1
        elif verdict == EDITED:
            found.approved_edited += 1
        elif verdict == WAITING:
            found.waiting += 1
        else:
            found.unmeasured += 1
        if verdict in (ACCEPTED, EDITED):
            pairs.append((strip_tags(obs.suggestion), strip_tags(obs.current)))
    if pairs:
        found.chrf = round(sum(chrf(s, a) for s, a in pairs) / len(pairs), 2)
        found.ter = round(sum(ter(s, a) for s, a in pairs) / len(pairs), 2)
        edits = sum(word_edits(s, a) for s, a in pairs)
        words = sum(max(len(s.split()), len(a.split())) for s, a in pairs)
        found.words_changed = round(100 * edits / words, 1) if words else 0.0
    return found


_CHRF = CHRF(word_order=2)  # chrF++
_TER = TER()


def chrf(suggestion: str, approved: str) -> float:
    """Sentence chrF++ of the suggestion against the approved text (0-100)."""
    return _CHRF.sentence_score(suggestion, [approved]).score


def ter(suggestion: str, approved: str) -> float:
    """Sentence TER: edits (with shifts) per word of the approved text, in %."""
    return _TER.sentence_score(suggestion, [approved]).score


def word_edits(before: str, after: str) -> int:
    """Levenshtein distance over words: how many words were inserted, deleted or replaced."""
    old, new = before.split(), after.split()
    row = list(range(len(new) + 1))
    for i, word in enumerate(old, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(new, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1,
                                           previous + (word != other))
    return row[-1]


def by_language(observations: list[Observation]) -> list[LanguageQuality]:
    """One record per language, with its groups, its trend and a recommendation."""
    per_lang: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        per_lang[obs.lang].append(obs)
    return [_language(lang, found) for lang, found in sorted(per_lang.items())]


def _language(lang: str, observations: list[Observation]) -> LanguageQuality:
    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    issues: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(obs.engine, obs.route, obs.models)].append(obs)
        issues[obs.issue].append(obs)
    total = figures(observations)
    return LanguageQuality(
        lang, total,
        by_engine=[{"engine": e, "route": r, "models": m, **figures(g).as_dict()}
                   for (e, r, m), g in sorted(groups.items())],
        trend=[{"issue": issue, **figures(found).as_dict()}
               for issue, found in sorted(issues.items())],
        recommendation=recommendation(lang, total))


def recommendation(lang: str, found: Figures) -> str:
    """Advice once enough suggestions were reviewed to say anything; else ''."""
    rate = found.approval_rate
    if found.reviewed < MIN_REVIEWED or rate is None:
        return ""
    if rate < LOW_APPROVAL:
        return (f"{lang}: only {rate:.0f} % of {found.reviewed} reviewed suggestions were "
                f"approved unchanged; prepare {lang} for human translation "
                f"(migo translate ISSUE --to {lang} --engine none)")
    if rate >= HIGH_APPROVAL:
        return (f"{lang}: {rate:.0f} % of {found.reviewed} reviewed suggestions were approved "
                "unchanged; reviewers may trust the suggestions more and read faster")
    return ""


def observe(issue: str, lang: str, entries, history) -> list[Observation]:
    """Observations of one PO file: its active entries that began as machine suggestions.

    ``entries`` are plain entry states (msgid, msgctxt, text, approved, machine,
    from_memory, obsolete); ``history`` maps (msgid, msgctxt) to the engine's record.
    An entry the memory filled was judged in another issue, not here, and is skipped;
    a machine entry without a record is counted as unmeasured.
    """
    found = []
    for entry in entries:
        if entry.obsolete or entry.from_memory:
            continue
        record = history.get((entry.msgid, entry.msgctxt))
        if record is not None:
            found.append(Observation(issue, lang, record.engine, record.route, record.models,
                                     record.text, entry.text, entry.approved))
        elif entry.machine:
            engine, _, route = entry.machine.partition(" ")
            found.append(Observation(issue, lang, engine, route, "", None, entry.text,
                                     entry.approved))
    return found
