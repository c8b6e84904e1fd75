"""Argos Translate model packages, read directly from disk.

We read the Argos package format ourselves (``metadata.json`` + a CTranslate2 ``model/``
folder + ``sentencepiece.model``) instead of installing argostranslate, whose default
install pulls in stanza and torch — gigabytes an association's laptop does not need, for
a sentence splitter we do not use. Installing from a local ``.argosmodel`` file (a zip
archive, e.g. from a USB stick) is the one way models get onto a machine; nothing here
touches the network.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, ModelMissingError
from .files import contained_path

# Bounds on what a package may make us read or write. Real Argos packages unpack to
# 100-400 MB at a ratio below 2; a metadata.json is under 1 kB.
MAX_METADATA_BYTES = 1 << 20
MAX_UNPACKED_BYTES = 3 << 30
MAX_RATIO = 20
MAX_VERSION_CHARS = 32
MODEL_FILES = ("model.bin",)
# Argos codes are ISO 639-1/3, sometimes with a region or script: pt, zt, zh-Hant, pt_BR.
LANG_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
STAGING_PREFIX = ".migo-staging-"
UNREADABLE = "has an unreadable metadata.json"


class BadPackageError(ModelMissingError, InputError):
    """A package file is damaged, unsafe or not what it claims: exit 3, nothing installed.

    Also an ``InputError``: the file the user pointed at is the thing that is wrong.
    """


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
    test_model: bool = False  # metadata "test_model": true: migo's gibberish fixtures

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
        """The package's problem as one line that names it (the file, for an archive)."""
        name = self.archive.name if self.archive else self.path.name
        return f"package {name} ({self.pair}) {self.problem}"


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

    A package that cannot be read (broken zip, malformed metadata) is returned with its
    ``problem`` set instead of raising: a run that does not need it must go on.
    """
    _refuse_file(models_dir)
    if not models_dir.is_dir():
        return []
    packages = [_package_from_dir(p) for p in sorted(models_dir.iterdir())
                if not p.name.startswith(".") and (p / "metadata.json").is_file()]
    archives = sorted(models_dir.glob("*.argosmodel"))
    if archives and unpack_dir is not None:
        for index, archive in enumerate(archives):
            packages.append(package_in_archive(archive, unpack_dir / str(index)))
    return [p for p in packages if p is not None]


def ensure_unpacked(package: Package) -> None:
    """Unpack an archive-backed package the first time a run needs it."""
    if package.archive is not None and not package.path.is_dir():
        _unpack(package.archive, package.path.parent)


def install_package(archive: Path, models_dir: Path) -> Package:
    """Unpack an ``.argosmodel`` file into the models folder, offline and atomically.

    The archive is checked and unpacked in a temporary folder inside the models folder,
    and moved into place only when it is a complete, usable package; on any failure the
    models folder is left exactly as it was.
    """
    _refuse_file(models_dir)
    created = not models_dir.exists()
    models_dir.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=models_dir, prefix=STAGING_PREFIX) as tmp:
            package = unpack_verified(archive, Path(tmp) / "new")
            return place(package, models_dir, Path(tmp) / "old")
    except BaseException:
        if created:
            _remove_if_empty(models_dir)
        raise


def unpack_verified(archive: Path, into: Path, pair: tuple[str, str] | None = None) -> Package:
    """Unpack ``archive`` into the fresh folder ``into`` and check it is usable.

    Checks, before anything reaches the models folder: a valid zip with one top
    folder, no path outside it, no links or special files, bounded unpacked size and
    compression ratio, a bounded ``metadata.json`` naming real language codes (and
    ``pair`` when given), and the CTranslate2 and SentencePiece files present.
    """
    into.mkdir(parents=True, exist_ok=True)
    unpacked = _unpack(archive, into)
    package = _package_from_dir(unpacked)
    if package is None:
        raise BadPackageError("is not a translation package (package_type is not translate)",
                              archive)
    if package.problem:
        raise BadPackageError(f"not installed: {package.explain()}", archive)
    missing = [name for name in MODEL_FILES if not (package.model_dir / name).is_file()]
    if missing or not any(package.model_dir.glob("*vocabulary*")):
        raise BadPackageError(f"not installed: package {unpacked.name} ({package.pair}) is "
                              f"incomplete: model/{(missing or ['*vocabulary*'])[0]} is "
                              "missing", archive)
    if pair is not None and (package.from_code, package.to_code) != pair:
        raise BadPackageError(f"holds {package.pair}, but the index promised "
                              f"{pair[0]}→{pair[1]}", archive)
    return package


def place(package: Package, models_dir: Path, trash: Path, folder: str = "") -> Package:
    """Move a verified package from its staging folder into the models folder.

    A package of the same pair at the target moves into ``trash`` (a staging folder
    the caller deletes), so the old version stays in use until the new one is in
    place. ``folder`` names the target; by default the archive's own top folder.
    """
    target = _install_target(models_dir, folder or package.path.name, package)
    if target.exists() or target.is_symlink():
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(target, trash / target.name)
    os.replace(package.path, target)
    return replace(package, path=target)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def _install_target(models_dir: Path, top_folder: str, package: Package) -> Path:
    """Where to put a package: its archive's folder name, unless that folder holds
    another pair — hand-made archives often share a name like "model", and
    installing en→tr must never delete de→en. Then ``translate-<from>_<to>``.
    Both names come from data, so both are checked to stay inside the folder."""
    target = contained_path(models_dir, top_folder)
    if not (target / "metadata.json").is_file() or _same_pair(target, package):
        return target
    return contained_path(models_dir, f"translate-{package.from_code}_{package.to_code}")


def _same_pair(folder: Path, package: Package) -> bool:
    other = _package_from_dir(folder)
    if other is None:  # an Argos package of another kind: keep it
        return False
    # unreadable metadata: replacing it loses nothing usable
    return other.problem.startswith(UNREADABLE) or other.pair == package.pair


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


def describe_packages(packages: list[Package], details=None) -> list[str]:
    """One line per package for ``migo models list``: which is used, and why not.

    ``details(package)`` adds text before the status (size, checksum, source).
    """
    chosen = newest_by_pair(packages)
    by_version = sorted(packages, key=_version_key, reverse=True)
    lines = []
    for package in sorted(by_version, key=lambda p: p.pair):
        status = _status(package, chosen.get((package.from_code, package.to_code)))
        extra = f"{details(package)}  " if details else ""
        name = package.archive.name if package.archive else package.path.name
        lines.append(f"{package.pair}  version {package.version or '?'}  "
                     f"({name})  {extra}{status}")
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
    return version_key(package.version)


def version_key(version: str) -> tuple[int, ...]:
    """A version string as numbers; each part capped so a huge number is no crash."""
    return tuple(int(part[:9]) for part in re.findall(r"\d+", version[:MAX_VERSION_CHARS]))


def _refuse_file(models_dir: Path) -> None:
    """A models "folder" that is a file is a mistyped path, not an empty folder.

    Treated as empty it led to "no model for de→en … install with --models FILE",
    advice that cannot work.
    """
    if models_dir.exists() and not models_dir.is_dir():
        raise InputError("is a file, not a models folder (--models wants the folder that "
                         "holds the packages)", models_dir)


def _unpack(archive: Path, into: Path) -> Path:
    """Extract a checked archive whose single top folder is the package.

    Entries are written one by one (never ``extractall``), each path checked for
    containment, each file created new, and the bytes counted against the limit, so
    a zip bomb or a lying header stops at the bound instead of filling the disk.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            top = _check_entries(zf, archive)
            budget = MAX_UNPACKED_BYTES
            for info in zf.infolist():
                budget -= _extract_entry(zf, info, into, archive, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise BadPackageError(f"is not a valid .argosmodel (zip) file ({exc})",
                              archive) from exc
    except FileNotFoundError as exc:
        raise InputError("does not exist", archive) from exc
    return into / top


def _extract_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, into: Path,
                   archive: Path, budget: int) -> int:
    """Write one entry below ``into``; returns the bytes written."""
    target = contained_path(into, *_entry_parts(info.filename))
    if info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zf.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > budget:
                    raise BadPackageError(f"unpacks to more than {_mb(MAX_UNPACKED_BYTES)}; "
                                          "refused as a possible zip bomb", archive)
                dst.write(chunk)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise BadPackageError(f"no space left on the disk while unpacking "
                                  f"{info.filename} into {into}", archive) from exc
        raise
    return written


def _entry_parts(name: str) -> list[str]:
    return [part for part in name.split("/") if part]


def _check_entries(zf: zipfile.ZipFile, archive: Path) -> str:
    """The archive's single top folder, after refusing anything unsafe.

    Looks at the central directory only, so even ``models list`` on a USB stick with
    a hostile archive reads no more than a few kilobytes of it.
    """
    infos = zf.infolist()
    names = [info.filename for info in infos]
    tops = {_entry_parts(n)[0] for n in names if _entry_parts(n)}
    if len(tops) != 1 or not any(_entry_parts(n)[1:] == ["metadata.json"] for n in names):
        raise BadPackageError("is not an Argos package (expected one folder with "
                              "metadata.json inside)", archive)
    for info in infos:
        _check_entry(info, archive)
    twice = {n for n in names if names.count(n) > 1}
    if twice:
        raise BadPackageError(f"contains the entry {min(twice)!r} twice; refused", archive)
    total = sum(info.file_size for info in infos)
    packed = max(1, archive.stat().st_size)
    if total > MAX_UNPACKED_BYTES or total > MAX_RATIO * packed + (1 << 20):
        raise BadPackageError(f"would unpack {_mb(packed)} into {_mb(total)}; refused as a "
                              f"possible zip bomb (limits: {_mb(MAX_UNPACKED_BYTES)}, "
                              f"{MAX_RATIO}× the archive)", archive)
    return tops.pop()


def _check_entry(info: zipfile.ZipInfo, archive: Path) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name \
            or ".." in _entry_parts(name):
        raise BadPackageError(f"contains an unsafe path {name!r}", archive)
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise BadPackageError(f"contains a symbolic link {name!r}; refused", archive)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise BadPackageError(f"contains a special file {name!r}; refused", archive)
    if info.flag_bits & 0x1:
        raise BadPackageError(f"contains an encrypted entry {name!r}", archive)
    if _entry_parts(name)[1:] == ["metadata.json"] and info.file_size > MAX_METADATA_BYTES:
        raise BadPackageError(f"has a metadata.json of {_mb(info.file_size)} (at most "
                              f"{_mb(MAX_METADATA_BYTES)}); refused", archive)


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _parse_metadata(data: bytes) -> dict | str:
    """Metadata as a dict, or why it cannot be read (never an exception)."""
    try:
        meta = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        return f"{UNREADABLE}: {_first_line(exc)}"
    if not isinstance(meta, dict):
        return f"{UNREADABLE}: it is a JSON {type(meta).__name__}, not an object"
    return meta


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _read_metadata_file(path: Path) -> dict | str:
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            return f"{UNREADABLE}: metadata.json is larger than {_mb(MAX_METADATA_BYTES)}"
        return _parse_metadata(path.read_bytes())
    except OSError as exc:
        return f"{UNREADABLE}: {exc.strerror or exc}"


def _package_from_dir(package_dir: Path) -> Package | None:
    """Read one package folder; ``None`` for Argos packages that do not translate."""
    return _package(_read_metadata_file(package_dir / "metadata.json"), package_dir,
                    lambda name: (package_dir / name).exists())


def package_in_archive(archive: Path, unpack_into: Path) -> Package | None:
    """Read an ``.argosmodel``'s metadata without unpacking the model."""
    try:
        with zipfile.ZipFile(archive) as zf:
            top = _check_entries(zf, archive)
            names = set(zf.namelist())
            meta = _parse_metadata(zf.read(f"{top}/metadata.json"))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            KeyError, OSError) as exc:
        return Package("?", "?", "", unpack_into / archive.stem,
                       problem=f"is not a valid .argosmodel (zip) file ({_first_line(exc)})",
                       archive=archive)
    except BadPackageError as exc:
        return Package("?", "?", "", unpack_into / archive.stem,
                       problem=str(exc).removeprefix(f"{archive}: "), archive=archive)

    def exists(name: str) -> bool:
        return f"{top}/{name}" in names or any(n.startswith(f"{top}/{name}/") for n in names)

    package = _package(meta, unpack_into / top, exists)
    return None if package is None else replace(package, archive=archive)


def _package(meta: dict | str, path: Path, exists) -> Package | None:
    """A package from its metadata and a way to ask which of its files exist."""
    if isinstance(meta, str):
        return Package("?", "?", "", path, problem=meta)
    if meta.get("package_type", meta.get("type", "translate")) != "translate":
        return None
    codes = {side: _language_code(meta, side) for side in ("from", "to")}
    version, prefix = meta.get("package_version", ""), meta.get("target_prefix") or ""
    problem = (_code_problem(meta, codes) or _text_problem(version, "package_version")
               or _text_problem(prefix, "target_prefix") or _file_problem(exists))
    valid = {side: code if LANG_CODE.fullmatch(code) else "?" for side, code in codes.items()}
    return Package(valid["from"], valid["to"], _usable_text(version), path,
                   _usable_text(prefix), problem, test_model=meta.get("test_model") is True)


def _usable_text(value) -> str:
    """The value as text when it passes :func:`_text_problem`, else "" (never a crash)."""
    return "" if _text_problem(value, "") else str(value)


def _text_problem(value, key: str) -> str:
    """Metadata values migo uses must be short text (a number is fine as a version)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"has a {key} that is not text in metadata.json"
    if len(str(value)) > MAX_VERSION_CHARS:
        return f"has a {key} longer than {MAX_VERSION_CHARS} characters in metadata.json"
    return ""


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
            raw = meta.get(f"{side}_code")
            if raw not in (None, ""):
                return f"has a {side}_code that is not text in metadata.json"
            listed = meta.get(f"{side}_codes")
            several = isinstance(listed, list) and len(listed) > 1
            return (f"has no {side}_code in metadata.json"
                    + (f" and its {side}_codes name several languages" if several else ""))
        if not LANG_CODE.fullmatch(code):
            return f"has {side}_code {code[:40]!r} in metadata.json, which is not a language code"
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
