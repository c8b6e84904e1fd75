"""Whether a run would change nothing, told by digests of what it reads and writes.

An unchanged re-run of a whole issue redid every step (merge, memory, checks,
readability, pages, report) to write the same bytes again: about 20 s for 50 articles
in 7 languages. Like make, and like the ``.buildinfo`` Sphinx leaves in its output, a
run records a digest of its inputs and of the files it wrote; the next run whose
inputs and outputs still match has nothing to do. Every input is digested by content
(models, which are large and never edited in place, by size and modification time),
so any edit — an article, a reviewer's PO file, the glossary, an option, migo itself —
makes the next run a full one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .files import file_digest, write_atomic

STATE_FILE = ".migo-build.json"  # in the output folder, beside report.json
FORMAT = 1


def tree_digests(root: Path, skip: Iterable[str] = (), by_stat: bool = False) -> dict[str, str]:
    """Relative path → digest of every regular file under ``root`` (or of ``root`` itself).

    ``skip`` names files and folders left out wherever they are (a lock file, caches).
    A path that does not exist gives no entries: its appearance later is a change.
    """
    root = Path(root)
    skipped = set(skip)
    if root.is_file():
        return {root.name: _one(root, by_stat)}
    found: dict[str, str] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if skipped.intersection(relative.parts) or not path.is_file():
            continue
        found[relative.as_posix()] = _one(path, by_stat)
    return found


def _one(path: Path, by_stat: bool) -> str:
    if by_stat:
        info = path.stat()
        return f"{info.st_size}:{info.st_mtime_ns}"
    return file_digest(path)[1]


def combined(parts: dict[str, object]) -> str:
    """One digest for named parts (file tables, settings): equal only if every part is."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def read_state(out_dir: Path) -> dict[str, str] | None:
    """The state the last complete run left, or None when there is none to trust."""
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(state, dict) or state.get("format") != FORMAT
            or not isinstance(state.get("usable"), dict)):
        return None
    return state


def write_state(out_dir: Path, inputs: str, outputs: str, usable: dict[str, int]) -> None:
    """Written last: a run that stops half way leaves the old state, which no longer
    matches what that run changed, so the next run is a full one.

    ``usable`` counts each language's translated sentences, which a run that has
    nothing to do reports as reused.
    """
    state = {"format": FORMAT, "inputs": inputs, "outputs": outputs, "usable": usable}
    write_atomic(out_dir / STATE_FILE, (json.dumps(state, indent=1) + "\n").encode("utf-8"))


def output_digest(out_dir: Path) -> str:
    """Every file of the issue's output folder but the state itself."""
    return combined({"files": tree_digests(out_dir, skip=(STATE_FILE,))})


def is_up_to_date(out_dir: Path, inputs: str) -> bool:
    """True when the last run had these inputs and its output is still as it left it."""
    state = read_state(out_dir)
    return (state is not None and state.get("inputs") == inputs
            and (out_dir / "report.json").is_file()
            and state.get("outputs") == output_digest(out_dir))
