"""What the engine said: the exact machine output of every suggestion, kept beside the PO file.

A reviewer edits a suggestion and approves it; from then on the PO file only holds the
approved text. To measure how good the machine was (``migo status --quality``), the
engine's own words must stay recoverable, with the engine, the route (``de→en→tr``), the
model versions and the date. Reviewers must not see that in Poedit, so it lives in a
separate file per issue and language, next to the PO file::

    locales/tr/LC_MESSAGES/2024-04.history.jsonl

JSON Lines, one record per German sentence (keyed by ``msgid`` and ``msgctxt``), sorted
by key and written atomically: a re-run that adds nothing leaves it byte-identical, and
``git diff`` shows one line per changed suggestion. The memory and every PO scan look for
``*.po`` only, so this file is never mistaken for a catalog.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InputError
from .files import write_atomic

SUFFIX = ".history.jsonl"


@dataclass(frozen=True)
class Suggestion:
    """One machine suggestion as the engine made it."""

    msgid: str
    text: str  # the engine's output after placeholders were restored: what the PO got
    engine: str  # "argos", "pseudo"
    route: str  # "de→en→tr"
    models: str = ""  # model versions on the route, e.g. "de→en 1.0, en→tr 1.9"
    date: str = ""  # ISO 8601, when the suggestion was made
    msgctxt: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.msgid, self.msgctxt)


History = dict[tuple[str, str | None], Suggestion]


def history_path(po_path: Path) -> Path:
    """``…/LC_MESSAGES/2024-04.po`` → ``…/LC_MESSAGES/2024-04.history.jsonl``."""
    return po_path.with_name(po_path.stem + SUFFIX)


def read_history(path: Path) -> History:
    """Every record of a history file; no file is an empty history, not an error.

    A line that is not a record is bad input (exit 2, file and line): a history
    silently half-read would give wrong figures.
    """
    if not path.exists():
        return {}
    history: History = {}
    names = {f.name for f in fields(Suggestion)}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not names.issuperset(data):
                raise ValueError("unexpected fields")
            record = Suggestion(**data)
            if not isinstance(record.msgid, str) or not isinstance(record.text, str):
                raise TypeError("msgid and text must be strings")
        except (ValueError, TypeError) as exc:
            raise InputError(f"not a machine-suggestion record ({exc})", path, number) from exc
        history[record.key] = record
    return history


def dump_history(history: History) -> str:
    """One JSON object per line, sorted by key, fields in a fixed order: diff-able."""
    ordered = sorted(history.values(), key=lambda r: (r.msgid, r.msgctxt or ""))
    # vars(), not asdict(): the fields are plain strings, and asdict copies each deeply
    return "".join(json.dumps(vars(r), ensure_ascii=False, sort_keys=True) + "\n"
                   for r in ordered)


def record_suggestions(path: Path, suggestions: Iterable[Suggestion]) -> bool:
    """Add fresh suggestions (a new one replaces the older one of its sentence).

    Records of sentences that left the issue stay: an approved translation in the
    obsolete section may still be measured. Returns whether the file changed.
    """
    suggestions = list(suggestions)
    if not suggestions:
        return False
    history = read_history(path)
    if path.exists() and all(history.get(s.key) == s for s in suggestions):
        return False  # every record already there, as it is
    for suggestion in suggestions:
        history[suggestion.key] = suggestion
    write_atomic(path, dump_history(history))
    return True
