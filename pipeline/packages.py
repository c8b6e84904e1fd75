"""Argos Translate model packages, read directly from disk.

We read the Argos package format ourselves (``metadata.json`` + a CTranslate2 ``model/``
folder + ``sentencepiece.model``) instead of installing argostranslate, whose default
install pulls in stanza and torch — gigabytes an association's laptop does not need, for
a sentence splitter we do not use. Installing from a local ``.argosmodel`` file (a zip
archive, e.g. from a USB stick) is the one way models get onto a machine; nothing here
touches the network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class Package:
    """One installed translation direction."""

    from_code: str
    to_code: str
    version: str
    path: Path  # the unpacked package folder

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"

    @property
    def target_prefix(self) -> str:
        return _metadata(self.path).get("target_prefix", "")


def default_models_dir() -> Path:
    """``$ARGOS_PACKAGES_DIR``, else Argos's own default folder."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def find_packages(models_dir: Path, unpack_dir: Path | None = None) -> list[Package]:
    """Every translate package in a folder: unpacked folders and ``.argosmodel`` files.

    ``.argosmodel`` archives found in the folder are unpacked into ``unpack_dir`` (a
    temporary folder the caller owns), so a USB stick can be used without installing.
    """
    _refuse_file(models_dir)
    if not models_dir.is_dir():
        return []
    packages = [_package_from_dir(p) for p in sorted(models_dir.iterdir())
                if (p / "metadata.json").is_file()]
    archives = sorted(models_dir.glob("*.argosmodel"))
    if archives and unpack_dir is not None:
        for archive in archives:
            packages.append(_package_from_dir(_unpack(archive, unpack_dir)))
    return [p for p in packages if p is not None]


def install_package(archive: Path, models_dir: Path) -> Package:
    """Unpack an ``.argosmodel`` file into the models folder, offline and atomically."""
    _refuse_file(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".installing-") as tmp:
        unpacked = _unpack(archive, Path(tmp))
        package = _package_from_dir(unpacked)
        if package is None:
            raise InputError("is not a translation package (package_type is not translate)",
                             archive)
        target = models_dir / unpacked.name
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    return _package_from_dir(target)


def _refuse_file(models_dir: Path) -> None:
    """A models "folder" that is a file is a mistyped path, not an empty folder.

    Treated as empty it led to "no model for de→en … install with --models FILE",
    advice that cannot work.
    """
    if models_dir.exists() and not models_dir.is_dir():
        raise InputError("is a file, not a models folder (--models wants the folder that "
                         "holds the packages)", models_dir)


def _unpack(archive: Path, into: Path) -> Path:
    """Extract an archive whose single top folder is the package; refuse anything else."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            tops = {n.split("/", 1)[0] for n in names if n.strip("/")}
            if len(tops) != 1 or not any(n.endswith("/metadata.json") for n in names):
                raise InputError("is not an Argos package (expected one folder with "
                                 "metadata.json inside)", archive)
            for name in names:
                if name.startswith("/") or ".." in Path(name).parts:
                    raise InputError(f"contains an unsafe path {name!r}", archive)
            top = tops.pop()
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise InputError("is not a valid .argosmodel (zip) file", archive) from exc
    except FileNotFoundError as exc:
        raise InputError("does not exist", archive) from exc
    return into / top


def _metadata(package_dir: Path) -> dict:
    path = package_dir / "metadata.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable package metadata: {exc}", path) from exc


def _package_from_dir(package_dir: Path) -> Package | None:
    meta = _metadata(package_dir)
    if meta.get("package_type", meta.get("type", "translate")) != "translate":
        return None
    for key in ("from_code", "to_code"):
        if not meta.get(key):
            raise InputError(f"package metadata lacks {key!r}", package_dir / "metadata.json")
    for needed in ("model", "sentencepiece.model"):
        if not (package_dir / needed).exists():
            raise InputError(f"package is incomplete: {needed} is missing", package_dir)
    return Package(meta["from_code"], meta["to_code"], str(meta.get("package_version", "")),
                   package_dir)
