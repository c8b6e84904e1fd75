"""The bad-input corpus: every attack of the red-team pass, run as the real command.

Each folder in ``tests/data/bad/`` is one situation: ``tree/`` is copied into a fresh
folder (plus the symlinks, FIFOs and big files ``case.json`` asks for, which git cannot
hold), the command runs there, and the test checks the exit code, a fragment of what
the user sees, that there is no traceback, and that no file outside the run's own
outputs changed (or, for a refused run, that nothing changed at all). The README's
"What happens when…" table lists the same situations.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA

from pipeline.cli import main

CASES = sorted(p.parent for p in (DATA / "bad").glob("*/case.json"))


def snapshot(root: Path) -> dict[str, object]:
    """Every path below ``root`` with its kind and content (symlinks are not followed)."""
    found: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel] = ("dir",)
        elif path.is_file():
            found[rel] = ("file", path.read_bytes())
        else:
            found[rel] = ("special",)
    return found


def build(case: Path, root: Path, spec: dict) -> None:
    shutil.copytree(case / "tree", root, symlinks=True)
    (root / "glossaries").mkdir(exist_ok=True)  # git keeps no empty folder
    for rel, target in spec["symlinks"].items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / rel)
    for rel in spec["fifos"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
    for rel, size in spec["big"].items():
        (root / rel).write_bytes(b"# Riesig\n\n" + b"Ein Satz. " * (size // 10))


def outside_outputs(state: dict[str, object], outputs: list[str]) -> dict[str, object]:
    return {rel: value for rel, value in state.items()
            if not any(rel == out or rel.startswith(out + "/") for out in outputs)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch, capsys):
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    root = tmp_path / "work"
    build(case, root, spec)
    before = snapshot(root)
    monkeypatch.chdir(root / spec["cwd"])
    code = main(spec["args"])
    out, err = capsys.readouterr()
    assert code == spec["exit"], f"{spec['why']}: exit {code}\n{err}"
    assert "Traceback" not in err
    assert spec["message"] in out + err, err
    if code != 0:
        assert len(err.strip().splitlines()) == 1, err  # one line naming file and problem
    after = snapshot(root)
    if "locales/.migo.lock" not in before:  # the run's own lock file may stay behind
        after.pop("locales/.migo.lock", None)
    assert outside_outputs(after, spec["outputs"]) == outside_outputs(before, spec["outputs"])
    for text in spec["output_lacks"]:
        for rel, value in after.items():
            if value[0] == "file" and rel.startswith("out/"):
                assert text.encode() not in value[1], f"{rel} holds {text!r}"
