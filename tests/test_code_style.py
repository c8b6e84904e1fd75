"""The code stays ruff-clean (DESIGN.md conventions); CI enforces it through this test."""

import subprocess

from conftest import ROOT, require_tool


def test_ruff_finds_nothing():
    ruff = require_tool("ruff", "pip install -e '.[test]'")
    result = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
