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
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, ModelMissingError


@dataclass(frozen=True)
class Package:
    """One installed translation direction, usable or not.

    A package migo cannot use (a BPE tokenizer, a missing file, no language code) is
    still a ``Package``, with ``problem`` saying why: one odd package in the folder
    must not stop runs that do not need it, and a run that does need it must be told
    exactly which package is at fault.
    """

    from_code: str  # "?" when the metadata names no single source language
    to_code: str
    version: str
    path: Path  # the unpacked package folder
    target_prefix: str = ""  # forced first target token of multilingual models
    problem: str = ""  # why migo cannot use this package; empty when it can
    archive: Path | None = None  # the .argosmodel it is unpacked from when first used

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"

    def covers(self, from_code: str, to_code: str) -> bool:
        """Whether this package is for that pair, counting an unknown code as a match."""
        return self.from_code in (from_code, "?") and self.to_code in (to_code, "?")

    def explain(self) -> str:
        """The package's problem as one line that names it."""
        return f"package {self.path.name} ({self.pair}) {self.problem}"


def default_models_dir() -> Path:
    """``$ARGOS_PACKAGES_DIR``, else Argos's own default folder."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def find_packages(models_dir: Path, unpack_dir: Path | None = None) -> list[Package]:
    """Every translate package in a folder: unpacked folders and ``.argosmodel`` files.

    ``.argosmodel`` archives found in the folder are read in place (their metadata
    only) and unpacked into ``unpack_dir`` (a temporary folder the caller owns) when a
    run first needs them: a USB stick with eight 100 MB models can be used without
    installing, and a run to Turkish does not unpack the Persian model.
    """
    _refuse_file(models_dir)
    if not models_dir.is_dir():
        return []
    packages = [_package_from_dir(p) for p in sorted(models_dir.iterdir())
                if (p / "metadata.json").is_file()]
    archives = sorted(models_dir.glob("*.argosmodel"))
    if archives and unpack_dir is not None:
        for index, archive in enumerate(archives):
            packages.append(_package_in_archive(archive, unpack_dir / str(index)))
    return [p for p in packages if p is not None]


def ensure_unpacked(package: Package) -> None:
    """Unpack an archive-backed package the first time a run needs it."""
    if package.archive is not None and not package.path.is_dir():
        _unpack(package.archive, package.path.parent)


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
        if package.problem:
            raise ModelMissingError(f"not installed: {package.explain()}", archive)
        target = _install_target(models_dir, unpacked.name, package)
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    return _package_from_dir(target)


def _install_target(models_dir: Path, top_folder: str, package: Package) -> Path:
    """Where to put a package: its archive's folder name, unless that folder holds
    another pair — hand-made archives often share a name like "model", and
    installing en→tr must never delete de→en. Then ``translate-<from>_<to>``."""
    target = models_dir / top_folder
    if not (target / "metadata.json").is_file() or _same_pair(target, package):
        return target
    return models_dir / f"translate-{package.from_code}_{package.to_code}"


def _same_pair(folder: Path, package: Package) -> bool:
    try:
        other = _package_from_dir(folder)
    except InputError:  # unreadable metadata: replacing it loses nothing usable
        return True
    return other is not None and other.pair == package.pair


def newest_by_pair(packages: list[Package]) -> dict[tuple[str, str], Package]:
    """The package each pair is translated with: the usable one of highest version.

    Two versions of a pair side by side are normal after an update (the archive's
    folder name often carries the version); which one wins must not depend on how
    the folder names happen to sort. On a tie the first found wins.
    """
    chosen: dict[tuple[str, str], Package] = {}
    for package in packages:
        key = (package.from_code, package.to_code)
        if package.problem:
            continue
        if key not in chosen or _version_key(package) > _version_key(chosen[key]):
            chosen[key] = package
    return chosen


def describe_packages(packages: list[Package]) -> list[str]:
    """One line per package for ``migo models list``: which is used, and why not."""
    chosen = newest_by_pair(packages)
    by_version = sorted(packages, key=_version_key, reverse=True)
    lines = []
    for package in sorted(by_version, key=lambda p: p.pair):
        status = _status(package, chosen.get((package.from_code, package.to_code)))
        lines.append(f"{package.pair}  version {package.version or '?'}  "
                     f"({package.path.name})  {status}")
    return lines


def _status(package: Package, winner: Package | None) -> str:
    if package.problem:
        return f"not usable: {package.problem}"
    if winner is package:
        return "used"
    if _version_key(winner) > _version_key(package):
        return f"not used: version {winner.version} is newer"
    return f"not used: {winner.path.name} has the same version"


def _version_key(package: Package) -> tuple[int, ...]:
    """``package_version`` compared as numbers, so 1.10 is newer than 1.9."""
    return tuple(int(part) for part in re.findall(r"\d+", package.version))


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
            top = _archive_top(zf, archive)
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise InputError("is not a valid .argosmodel (zip) file", archive) from exc
    except FileNotFoundError as exc:
        raise InputError("does not exist", archive) from exc
    return into / top


def _archive_top(zf: zipfile.ZipFile, archive: Path) -> str:
    """The archive's single top folder; refuse anything else, and unsafe paths."""
    names = zf.namelist()
    tops = {n.split("/", 1)[0] for n in names if n.strip("/")}
    if len(tops) != 1 or not any(n.endswith("/metadata.json") for n in names):
        raise InputError("is not an Argos package (expected one folder with "
                         "metadata.json inside)", archive)
    for name in names:
        if name.startswith("/") or ".." in Path(name).parts:
            raise InputError(f"contains an unsafe path {name!r}", archive)
    return tops.pop()


def _metadata(package_dir: Path) -> dict:
    path = package_dir / "metadata.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable package metadata: {exc}", path) from exc


def _package_from_dir(package_dir: Path) -> Package | None:
    """Read one package folder; ``None`` for Argos packages that do not translate."""
    return _package(_metadata(package_dir), package_dir,
                    lambda name: (package_dir / name).exists())


def _package_in_archive(archive: Path, unpack_into: Path) -> Package | None:
    """Read an ``.argosmodel``'s metadata without unpacking the model."""
    try:
        with zipfile.ZipFile(archive) as zf:
            top = _archive_top(zf, archive)
            names = set(zf.namelist())
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except ValueError as exc:
                raise InputError(f"unreadable package metadata: {exc}", archive) from exc
    except zipfile.BadZipFile as exc:
        raise InputError("is not a valid .argosmodel (zip) file", archive) from exc

    def exists(name: str) -> bool:
        return f"{top}/{name}" in names or any(n.startswith(f"{top}/{name}/") for n in names)

    package = _package(meta, unpack_into / top, exists)
    return None if package is None else replace(package, archive=archive)


def _package(meta: dict, path: Path, exists) -> Package | None:
    """A package from its metadata and a way to ask which of its files exist."""
    if meta.get("package_type", meta.get("type", "translate")) != "translate":
        return None
    codes = {side: _language_code(meta, side) for side in ("from", "to")}
    problem = _code_problem(meta, codes) or _file_problem(exists)
    return Package(codes["from"] or "?", codes["to"] or "?",
                   str(meta.get("package_version", "")), path,
                   str(meta.get("target_prefix") or ""), problem)


def _language_code(meta: dict, side: str) -> str:
    """``from_code``, else the one entry of ``from_codes`` (both forms occur; Argos
    itself reads only the first, some exporters write only the list)."""
    code = meta.get(f"{side}_code")
    codes = meta.get(f"{side}_codes")
    if not code and isinstance(codes, list) and len(codes) == 1:
        code = codes[0]
    return code if isinstance(code, str) else ""


def _code_problem(meta: dict, codes: dict[str, str]) -> str:
    for side, code in codes.items():
        if not code:
            several = len(meta.get(f"{side}_codes") or []) > 1
            return (f"has no {side}_code in metadata.json"
                    + (f" and its {side}_codes name several languages" if several else ""))
    return ""


def _file_problem(exists) -> str:
    """What keeps migo from loading the package's files, or "".

    Argos packages carry one ``sentencepiece.model`` for both sides, or instead a
    ``bpe.model`` used with sacremoses, which migo does not implement; a guess at
    that tokenisation would translate wrongly without anyone noticing.
    """
    if not exists("model"):
        return "is incomplete: its model/ folder is missing"
    if exists("sentencepiece.model"):
        return ""
    if exists("bpe.model"):
        return ("uses a BPE tokenizer (bpe.model with sacremoses), which is not supported; "
                "install a package with a sentencepiece.model")
    return "is incomplete: sentencepiece.model is missing"
