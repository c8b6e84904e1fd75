"""A normal install works anywhere: the wheel carries everything migo reads at run time.

The editable install finds the interface catalogs, the stylesheet and the starter
glossary next to the source files, so it cannot show a file missing from the package.
This test builds the wheel and the sdist offline from a copy of the sources, installs
the wheel into a fresh virtual environment that cannot see the checkout, runs
``migo translate`` from a temporary folder and compares the pages with those of the
editable install, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SAMPLE_ISSUE, SHIPPED_LOCALES, STARTER_GLOSSARY
from lxml import html

LANGS = ["tr", "ar", "en"]
SKIP_LINK = "Skip to main content"
PROTECTED = ["WSC", "Welcome- und ServiceCenter"]  # names of the starter glossary


def _run(command: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["SOURCE_DATE_EPOCH"] = "1714521600"  # same timestamp in both runs
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, text=True,
                            capture_output=True, timeout=120, check=False, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _runtime_files() -> list[str]:
    """Package-relative names of the data files a run reads (what the repo ships)."""
    package = ROOT / "pipeline"
    data = [*package.glob("*.css"), *SHIPPED_LOCALES.rglob("*.po"),
            *SHIPPED_LOCALES.rglob("*.pot"), *STARTER_GLOSSARY.rglob("*.*")]
    return sorted(f"pipeline/{p.relative_to(package).as_posix()}" for p in data)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Wheel and sdist built without network from a copy (the checkout stays clean)."""
    base = tmp_path_factory.mktemp("build")
    source, dist = base / "src", base / "dist"
    shutil.copytree(ROOT / "pipeline", source / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", dist, source], cwd=base)
    sdist = "import sys; from setuptools import build_meta as b; b.build_sdist(sys.argv[1])"
    _run([sys.executable, "-c", sdist, dist], cwd=source)
    return {"wheel": next(dist.glob("migo-*.whl")),
            "sdist": next(dist.glob("migo-*.tar.gz"))}


def test_wheel_and_sdist_carry_the_runtime_data(built):
    wanted = _runtime_files()
    assert any("locales/tr/" in name for name in wanted)
    assert any("starter/glossaries/" in name for name in wanted)
    with zipfile.ZipFile(built["wheel"]) as wheel:
        in_wheel = set(wheel.namelist())
    with tarfile.open(built["sdist"]) as sdist:
        in_sdist = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert [name for name in wanted if name not in in_wheel] == []
    assert [name for name in wanted if name not in in_sdist] == []


def _fresh_venv(base: Path, wheel: Path) -> Path:
    """A venv with the wheel installed that sees the current venv's third-party packages.

    The current site-packages is added by a ``.pth`` line. Python reads ``.pth`` files
    only in site directories, not in folders a ``.pth`` file adds, so the editable
    install's finder (itself started by a ``.pth`` file there) is never loaded.
    """
    venv = base / "fresh"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base)
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=base).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "current-venv-deps.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
          "--no-index", "-q", wheel], cwd=base)
    return venv


def _magazine_folder(folder: Path) -> Path:
    """The sample issue and the starter glossary, as an editor would set them up."""
    shutil.copytree(SAMPLE_ISSUE, folder / "input" / SAMPLE_ISSUE.name)
    shutil.copytree(STARTER_GLOSSARY, folder / "glossaries")
    return folder


def _translate(command: list, folder: Path) -> subprocess.CompletedProcess:
    return _run([*command, "translate", f"input/{SAMPLE_ISSUE.name}", "--to", ",".join(LANGS),
                 "--engine", "pseudo"], cwd=folder)


def _pages(folder: Path) -> dict[str, bytes]:
    """Every page of the run (HTML and media); the report and the run's state files
    (.migo-build.json, .migo-checks.json) are not."""
    out = folder / "output" / SAMPLE_ISSUE.name
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(("report.", ".migo-"))}


def _shipped(lang: str, msgid: str) -> str:
    path = SHIPPED_LOCALES / lang / "LC_MESSAGES" / "migo-interface.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)[msgid].string


def test_installed_wheel_renders_the_same_pages_from_any_folder(built, tmp_path):
    venv = _fresh_venv(tmp_path, built["wheel"])
    where = _run([venv / "bin" / "python", "-c", "import pipeline; print(pipeline.__file__)"],
                 cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv), f"the fresh venv imports migo from {where}"

    installed = _magazine_folder(tmp_path / "installed")
    editable = _magazine_folder(tmp_path / "editable")
    run = _translate([venv / "bin" / "migo"], installed)
    _translate([sys.executable, "-m", "pipeline.cli"], editable)

    assert re.search(r"Glossary: [1-9][0-9]* terms", run.stdout), run.stdout
    pages = _pages(installed)
    assert {f"{lang}/index.html" for lang in LANGS} <= set(pages)
    assert pages == _pages(editable)

    for lang in ("tr", "ar"):
        expected = _shipped(lang, SKIP_LINK)
        assert expected and expected != SKIP_LINK
        page = html.fromstring(pages[f"{lang}/index.html"])
        assert [a.text_content() for a in page.find_class("skip-link")] == [expected]
        article = pages[f"{lang}/wsc-eroeffnung.html"].decode("utf-8")
        for name in PROTECTED:
            assert name in article, f"{name} not kept as written on the {lang} page"
