"""Getting Argos models onto a machine: the index, routes, downloads, checks, USB copies.

argostranslate's own ``argospm`` does this, but it comes with gigabytes of dependencies,
retries an unreachable index forever, unpacks with ``extractall`` and records no
checksum. Here every package is downloaded (or copied from a USB folder) into a staging
folder inside the models folder, checked completely, and only then moved into place —
all packages of a command together, so a failure leaves the models folder exactly as it
was. Sizes and sha256 of what was installed go into a manifest that ``verify`` and
``list`` check against.

Only ``migo models install`` and ``migo models pack`` touch the network, and only when
told where the index is (or with argostranslate's default index); ``migo translate``
never downloads anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import InputError, ModelMissingError
from .files import contained_path, file_digest, timestamp, write_atomic
from .packages import (
    LANG_CODE,
    MAX_UNPACKED_BYTES,
    STAGING_PREFIX,
    BadPackageError,
    Package,
    describe_packages,
    ensure_unpacked,
    find_packages,
    newest_by_pair,
    package_in_archive,
    place,
    unpack_verified,
    version_key,
)

SOURCE_LANG, PIVOT_LANG = "de", "en"
# argostranslate's settings.py: ARGOS_PACKAGE_INDEX is a base URL, "/index.json" is
# appended to it; this is its default.
INDEX_ENV = "ARGOS_PACKAGE_INDEX"
DEFAULT_INDEX_BASE = "https://raw.githubusercontent.com/argosopentech/argospm-index/main"
MANIFEST = "migo-manifest.json"
INDEX_CACHE = "migo-index-cache.json"
TIMEOUT_SECONDS = 30.0
ATTEMPTS_PER_LINK = 2  # one retry per link: enough for a hiccup, no endless loop
RETRY_PAUSE_SECONDS = 2.0
MAX_INDEX_BYTES = 16 << 20
TEST_SENTENCES = {"de": "Die Beratung ist am Montag kostenlos.",
                  "en": "The counselling is free on Monday."}


# --- the index ------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One package the index offers. ``size``/``sha256`` only in indexes migo packed."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    raw: dict
    size: int | None = None
    sha256: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def label(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def file_name(self) -> str:
        version = re.sub(r"[^0-9A-Za-z]+", "_", self.version) or "0"
        return f"translate-{self.from_code}_{self.to_code}-{version}.argosmodel"


@dataclass
class Index:
    """The parsed index and where its relative links point (a URL or a folder)."""

    location: str
    base: str | Path
    entries: list[Entry]
    data: list = field(default_factory=list)  # the JSON as read, for the cache
    cached_on: str = ""  # the date of the cache when the index came from it

    def best(self) -> dict[tuple[str, str], Entry]:
        """The newest entry of every pair."""
        chosen: dict[tuple[str, str], Entry] = {}
        for entry in self.entries:
            old = chosen.get(entry.pair)
            if old is None or version_key(entry.version) > version_key(old.version):
                chosen[entry.pair] = entry
        return chosen


def index_location(given: str | None) -> str:
    """``--index``, else migo.toml, else ``ARGOS_PACKAGE_INDEX``, else Argos's default.

    The environment variable is read as argostranslate reads it: a base URL to which
    ``/index.json`` is appended (its docs show it with a trailing slash, its code
    appends "/index.json" anyway; both forms give the same index here).
    """
    if given:  # the CLI fills it from migo.toml's model_index when not typed
        return given
    return os.environ.get(INDEX_ENV) or DEFAULT_INDEX_BASE


def load_index(location: str, models_dir: Path) -> Index:
    """Read the index from a URL (cached on success), a file, or a folder with index.json."""
    if _is_url(location):
        return _fetch_index(_index_url(location), models_dir)
    path = Path(location).expanduser()
    if path.is_dir() and not (path / "index.json").is_file():
        return index_from_archives(path)
    file = path / "index.json" if path.is_dir() else path
    if not file.is_file():
        raise InputError("no such index file or folder (--index wants a URL, an "
                         "index.json or a folder made by 'migo models pack')", path)
    data = _parse_index(_read_bounded(file), file, InputError)
    return Index(str(file), file.parent, _entries(data), data)


def index_from_archives(folder: Path) -> Index:
    """An index of the ``.argosmodel`` files in a folder (``--from DIR`` without index.json)."""
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for archive in sorted(folder.glob("*.argosmodel")):
            package = package_in_archive(archive, Path(tmp))
            if package is not None and not package.problem:
                entries.append(Entry(package.from_code, package.to_code, package.version,
                                     (archive.name,), {}))
    if not entries:
        raise InputError("holds no usable .argosmodel file and no index.json", folder)
    return Index(str(folder), folder, entries)


def _is_url(location: str) -> bool:
    return urllib.parse.urlparse(location).scheme in ("http", "https")


def _index_url(location: str) -> str:
    """A URL naming a .json file is the index; anything else is a base, as in Argos."""
    if urllib.parse.urlparse(location).path.endswith(".json"):
        return location
    return location.rstrip("/") + "/index.json"


def _fetch_index(url: str, models_dir: Path) -> Index:
    """One attempt, then the cache, then a clear error: no retry loop when offline."""
    try:
        with _open_url(url) as response:
            raw = response.read(MAX_INDEX_BYTES + 1)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        cached = _cached_index(url, models_dir)
        if cached is not None:
            return cached
        raise ModelMissingError(
            f"cannot reach the model index at {url} ({_reason(exc)}) and no copy of it is "
            f"cached in {models_dir}. Connect to the internet, or install from a USB copy "
            f"made with 'migo models pack': migo models install LANGS --index "
            f"/media/usb/argos") from exc
    if len(raw) > MAX_INDEX_BYTES:
        raise ModelMissingError(f"the model index at {url} is larger than "
                                f"{MAX_INDEX_BYTES >> 20} MB; refused")
    data = _parse_index(raw, url, ModelMissingError)
    return Index(url, url, _entries(data), data)


def _cached_index(url: str, models_dir: Path) -> Index | None:
    path = models_dir / INDEX_CACHE
    try:
        cache = json.loads(_read_bounded(path))
        if cache.get("url") != url:
            return None
        data = cache["index"]
        return Index(url, url, _entries(data), data, cached_on=str(cache.get("fetched", "?")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InputError):
        return None


def cached_index_note(models_dir: Path) -> str:
    """Where and when the cached index was fetched, for ``migo models list``."""
    try:
        cache = json.loads(_read_bounded(models_dir / INDEX_CACHE))
        return f"Index cached on {cache['fetched']} from {cache['url']}"
    except (OSError, ValueError, KeyError, TypeError, InputError):
        return ""


def save_index_cache(index: Index, models_dir: Path) -> None:
    """Keep a fetched index, with its date, for the next time the machine is offline."""
    if not _is_url(index.location) or index.cached_on:
        return
    cache = {"url": index.location, "fetched": timestamp().strftime("%Y-%m-%d %H:%M UTC"),
             "index": index.data}
    write_atomic(models_dir / INDEX_CACHE, json.dumps(cache, ensure_ascii=False))


def _read_bounded(path: Path) -> bytes:
    if path.stat().st_size > MAX_INDEX_BYTES:
        raise InputError(f"is larger than {MAX_INDEX_BYTES >> 20} MB; not an index", path)
    return path.read_bytes()


def _parse_index(raw: bytes, where, error: type) -> list:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise error(f"is not a readable package index ({str(exc)[:120]})", where) from exc
    if not isinstance(data, list):
        raise error("is not a package index (expected a JSON list of packages)", where)
    return data


def _entries(data: list) -> list[Entry]:
    """The translate packages of the index; malformed entries are left out."""
    entries = []
    for item in data:
        entry = _entry(item) if isinstance(item, dict) else None
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(item: dict) -> Entry | None:
    if item.get("type", "translate") != "translate":
        return None
    codes = (item.get("from_code"), item.get("to_code"))
    links = item.get("links")
    if not all(isinstance(c, str) and LANG_CODE.fullmatch(c) for c in codes) \
            or not isinstance(links, list) or not all(isinstance(u, str) for u in links):
        return None
    version = item.get("package_version", "")
    size, sha = item.get("size"), item.get("sha256")
    return Entry(codes[0], codes[1], str(version)[:32] if isinstance(version, str | int | float)
                 else "", tuple(links), item,
                 size if isinstance(size, int) and not isinstance(size, bool) else None,
                 sha.lower() if isinstance(sha, str) and re.fullmatch(r"[0-9a-fA-F]{64}", sha)
                 else None)


# --- routes -----------------------------------------------------------------------

def parse_languages(values: Iterable[str]) -> list[str]:
    """``["tr,ar", "fa"]`` → ``["tr", "ar", "fa"]``, each checked to be a language code."""
    langs = [code.strip() for value in values for code in value.split(",") if code.strip()]
    for code in langs:
        if not LANG_CODE.fullmatch(code):
            raise InputError(f"{code!r} is not a language code (use ISO 639-1 codes "
                             "such as tr, ar, fa)")
        if code == SOURCE_LANG:
            raise InputError("German (de) is the source language; name the languages to "
                             "translate into, e.g. tr,ar")
    return list(dict.fromkeys(langs))


def plan_routes(langs: list[str], index: Index) -> dict[str, list[Entry]]:
    """The packages each language needs: de→X if the index has it, else de→en + en→X."""
    best = index.best()
    routes = {}
    for lang in langs:
        direct = best.get((SOURCE_LANG, lang))
        pivot = [best.get((SOURCE_LANG, PIVOT_LANG)), best.get((PIVOT_LANG, lang))]
        if direct is not None:
            routes[lang] = [direct]
        elif lang == PIVOT_LANG or None in pivot:
            offered = sorted(reachable_languages(best))
            raise InputError(f"the index at {index.location} has no route from German to "
                             f"{lang}; it offers: {', '.join(offered) or 'nothing'}")
        else:
            routes[lang] = pivot
    return routes


def reachable_languages(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Languages a run can translate German into with these pairs, and the route."""
    pairs = set(pairs)
    routes = {to: f"{SOURCE_LANG}→{to}" for (frm, to) in pairs if frm == SOURCE_LANG}
    if (SOURCE_LANG, PIVOT_LANG) in pairs:
        for frm, to in pairs:
            if frm == PIVOT_LANG and to not in routes and to != SOURCE_LANG:
                routes[to] = f"{SOURCE_LANG}→{PIVOT_LANG}→{to}"
    return dict(sorted(routes.items()))


# --- install ------------------------------------------------------------------------

@dataclass
class Outcome:
    """What an install did, for the CLI to print."""

    installed: list[Package] = field(default_factory=list)
    kept: list[Package] = field(default_factory=list)  # already there, left alone
    notes: list[str] = field(default_factory=list)


def install_languages(langs: list[str], models_dir: Path, index: Index, upgrade: bool = False,
                      force: bool = False, show_progress: bool = True) -> Outcome:
    """Install every package the languages need that is missing (or older, with upgrade)."""
    routes = plan_routes(langs, index)
    installed = newest_by_pair(_folder_packages(models_dir))
    outcome = Outcome()
    if index.cached_on:
        outcome.notes.append(f"the index could not be reached; using the copy cached on "
                             f"{index.cached_on}")
    wanted: dict[tuple[str, str], Entry] = {}
    for lang in langs:
        for entry in _route_for(lang, routes[lang], installed):
            have = installed.get(entry.pair)
            if have is None or force or (
                    upgrade and version_key(entry.version) > version_key(have.version)):
                wanted[entry.pair] = entry
            elif have not in outcome.kept:
                outcome.kept.append(have)
                newer = version_key(entry.version) > version_key(have.version)
                if newer and not upgrade:
                    outcome.notes.append(f"{entry.label} {entry.version} is available "
                                         f"(installed: {have.version}); add --upgrade")
    outcome.installed = _stage_and_commit(
        models_dir, [(entry, index) for entry in wanted.values()], show_progress)
    save_index_cache(index, models_dir)
    return outcome


def _route_for(lang: str, route: list[Entry], installed: dict) -> list[Entry]:
    """The index's route, unless the installed packages already reach the language
    another way (a hand-installed de→X, or the pivot when the index is direct)."""
    pairs = set(installed)
    if lang in reachable_languages(pairs) and not all(e.pair in pairs for e in route):
        return []
    return route


def install_files(archives: list[Path], models_dir: Path) -> list[Package]:
    """Install local ``.argosmodel`` files, all of them or none."""
    for archive in archives:
        if not archive.is_file():
            raise InputError("no such .argosmodel file", archive)
    return _stage_and_commit(models_dir, [(archive, None) for archive in archives], False)


def _folder_packages(models_dir: Path) -> list[Package]:
    return [p for p in find_packages(models_dir) if not p.problem]


def _stage_and_commit(models_dir: Path, items: list[tuple[Entry | Path, Index | None]],
                      show_progress: bool) -> list[Package]:
    """Fetch and check everything in a staging folder, then move it all into place."""
    if not items:
        return []
    if models_dir.exists() and not models_dir.is_dir():
        raise InputError("is a file, not a models folder", models_dir)
    created = not models_dir.exists()
    models_dir.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=models_dir, prefix=STAGING_PREFIX) as tmp:
            staged = [_stage(item, index, Path(tmp) / str(n), show_progress)
                      for n, (item, index) in enumerate(items)]
            return _commit(staged, models_dir, Path(tmp) / "replaced")
    except BaseException:
        if created:
            shutil.rmtree(models_dir, ignore_errors=True)
        raise


@dataclass
class _Staged:
    package: Package
    record: dict
    folder: str  # target folder name in the models folder ("" = the archive's own)


def _stage(item: Entry | Path, index: Index | None, tmp: Path, show_progress: bool) -> _Staged:
    tmp.mkdir()
    if isinstance(item, Path):
        source = str(item.resolve())
        size, digest = file_digest(item)
        package, folder = unpack_verified(item, tmp / "unpacked"), ""
    else:
        package, source, size, digest = fetch_entry(item, index, tmp, show_progress)
        (tmp / item.file_name).unlink()  # free the space before the next download
        folder = f"translate-{item.from_code}_{item.to_code}"
    tree_size, tree_digest = tree_checksum(package.path)
    record = {"pair": package.pair, "version": package.version, "source": source,
              "archive_size": size, "archive_sha256": digest, "size": tree_size,
              "sha256": tree_digest, "installed": timestamp().strftime("%Y-%m-%d")}
    return _Staged(package, record, folder)


def _commit(staged: list[_Staged], models_dir: Path, trash: Path) -> list[Package]:
    """Move staged packages in; older copies of their pairs go to the trash folder.

    Every step is a rename inside the models folder; if one fails, the ones done are
    undone, so the folder is as before.
    """
    done: list[tuple[Path, Path]] = []  # (from, to) renames, for the undo
    placed = []
    try:
        for item in staged:
            for old in _same_pair_folders(models_dir, item.package):
                trash.mkdir(exist_ok=True)
                spare = trash / f"{len(done)}-{old.name}"
                os.replace(old, spare)
                done.append((old, spare))
            origin = item.package.path
            package = place(item.package, models_dir, trash / f"x{len(done)}", item.folder)
            done.append((origin, package.path))
            placed.append((package, item.record))
        _update_manifest(models_dir, placed, [old for old, _ in done
                                              if old.parent == models_dir])
    except BaseException:
        for origin, moved in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(moved, origin)
        raise
    return [package for package, _ in placed]


def _same_pair_folders(models_dir: Path, package: Package) -> list[Path]:
    return [p.path for p in find_packages(models_dir)
            if (p.from_code, p.to_code) == (package.from_code, package.to_code)
            and p.path.parent == models_dir]


# --- downloads --------------------------------------------------------------------------

class _LinkFailed(Exception):
    """One link did not give a good file; the next link (or a retry) may."""

    def __init__(self, reason: str, retry: bool = True):
        super().__init__(reason)
        self.retry = retry


def fetch_entry(entry: Entry, index: Index, tmp: Path, show_progress: bool
                ) -> tuple[Package, str, int, str]:
    """Get the entry's archive into ``tmp`` from the first link that gives a good one.

    Links are tried in the index's order; ``ipfs://`` and other non-http links are
    skipped. A link that fails to download is tried at most ``ATTEMPTS_PER_LINK``
    times; a file that arrives but fails the checks (checksum, zip, metadata) moves on
    to the next link, since another mirror may have a good copy. Returns the package
    unpacked in ``tmp/unpacked``, the link used, the archive's size and sha256; the
    archive itself stays at ``tmp/entry.file_name``.
    """
    failures = []
    archive = tmp / entry.file_name
    for link in entry.links:
        source = _resolve_link(link, index.base)
        if source is None:
            failures.append(f"{link}: skipped (only http, https and files next to the "
                            "index are used)")
            continue
        try:
            size, digest = _download(source, archive, entry, show_progress)
            package = unpack_verified(archive, tmp / "unpacked", entry.pair)
            return package, str(source), size, digest
        except _LinkFailed as exc:
            failures.append(f"{link}: {exc}")
        except BadPackageError as exc:
            failures.append(f"{link}: refused: {str(exc).removeprefix(f'{exc.path}: ')}")
            shutil.rmtree(tmp / "unpacked", ignore_errors=True)
        archive.unlink(missing_ok=True)
    raise ModelMissingError(f"could not get the {entry.label} package "
                            f"(version {entry.version}): " + "; ".join(failures or ["no links"]))


def _download(source: str | Path, dest: Path, entry: Entry, show_progress: bool
              ) -> tuple[int, str]:
    """One link, retried a bounded number of times when the failure may pass."""
    attempt = 1
    while True:
        try:
            return _copy_checked(source, dest, entry, show_progress)
        except _LinkFailed as exc:
            dest.unlink(missing_ok=True)
            if not exc.retry or attempt == ATTEMPTS_PER_LINK:
                raise
        attempt += 1
        time.sleep(RETRY_PAUSE_SECONDS)


def _resolve_link(link: str, base: str | Path) -> str | Path | None:
    scheme = urllib.parse.urlparse(link).scheme
    if scheme in ("http", "https"):
        return link
    if scheme:
        return None
    if isinstance(base, Path):
        try:
            return contained_path(base, link)
        except InputError:
            return None
    return urllib.parse.urljoin(base, link)


def _copy_checked(source: str | Path, dest: Path, entry: Entry, show_progress: bool
                  ) -> tuple[int, str]:
    """Stream a URL or a file into ``dest`` with a byte progress bar; check its size."""
    digest, size = hashlib.sha256(), 0
    try:
        with _open_source(source) as (stream, total), open(dest, "xb") as out, \
                _progress(total, entry.label, show_progress) as bar:
            if total is not None and total > MAX_UNPACKED_BYTES:
                raise _LinkFailed(f"{total} bytes is more than a package can be", retry=False)
            while chunk := stream.read(1 << 16):
                size += len(chunk)
                if size > MAX_UNPACKED_BYTES:
                    raise _LinkFailed("the download does not end; stopped", retry=False)
                digest.update(chunk)
                out.write(chunk)
                bar.update(len(chunk))
    except urllib.error.HTTPError as exc:
        raise _LinkFailed(f"HTTP {exc.code} {exc.reason}", retry=exc.code >= 500) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if isinstance(exc, FileExistsError):
            raise
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise _LinkFailed(_reason(exc) + where, retry=not isinstance(source, Path)) from exc
    if total is not None and size != total:
        raise _LinkFailed(f"the download broke off after {size} of {total} bytes")
    _check_promise(entry, size, digest.hexdigest())
    return size, digest.hexdigest()


def _check_promise(entry: Entry, size: int, digest: str) -> None:
    """Indexes made by ``migo models pack`` promise size and sha256: hold them to it."""
    if entry.size is not None and size != entry.size:
        raise _LinkFailed(f"{size} bytes, but the index says {entry.size} (a damaged or "
                          "incomplete copy)", retry=False)
    if entry.sha256 is not None and digest != entry.sha256:
        raise _LinkFailed(f"checksum mismatch: sha256 {digest[:12]}…, the index says "
                          f"{entry.sha256[:12]}… (a damaged or altered copy)", retry=False)


@contextlib.contextmanager
def _open_source(source: str | Path):
    if isinstance(source, Path):
        with open(source, "rb") as stream:
            yield stream, os.fstat(stream.fileno()).st_size
        return
    with _open_url(source) as response:
        length = response.headers.get("Content-Length")
        yield response, int(length) if length and length.isdigit() else None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would also follow ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlparse(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl} refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open_url(url: str):
    request = urllib.request.Request(url, headers={"User-Agent": f"migo/{__version__}"})
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    return opener.open(request, timeout=TIMEOUT_SECONDS)


def _progress(total: int | None, label: str, show: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label,
                disable=not show, leave=False)


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
    return str(reason).strip()[:200] or type(exc).__name__


# --- checksums and the manifest ------------------------------------------------------------

def tree_checksum(folder: Path) -> tuple[int, str]:
    """Size and sha256 of an unpacked package: every file's path and content.

    The archive's checksum says what was downloaded; this one says whether the folder
    on disk is still what was installed (a bad sector, a half-copied backup, an edit).
    """
    digest, total = hashlib.sha256(), 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest.update(f"link {relative} {os.readlink(path)}\n".encode())
        elif path.is_file():
            size, content = file_digest(path)
            total += size
            digest.update(f"file {relative} {content}\n".encode())
    return total, digest.hexdigest()


def read_manifest(models_dir: Path) -> dict[str, dict]:
    """Records by folder name; an unreadable manifest counts as empty (and says so)."""
    path = models_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(_read_bounded(path))
        packages = data["packages"]
        return {k: v for k, v in packages.items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InputError):
        return {}


def _update_manifest(models_dir: Path, placed: list[tuple[Package, dict]],
                     removed: list[Path]) -> None:
    records = read_manifest(models_dir)
    for path in removed:
        records.pop(path.name, None)
    for package, record in placed:
        records[package.path.name] = record
    write_atomic(models_dir / MANIFEST,
                 json.dumps({"packages": dict(sorted(records.items()))}, indent=1,
                            ensure_ascii=False) + "\n")


def checksum_state(package: Package, records: dict[str, dict]) -> str:
    """"checksum ok", "checksum MISMATCH", or why there is nothing to compare."""
    if package.archive is not None:
        return "not installed (read from the archive in place)"
    record = records.get(package.path.name)
    if not record or "sha256" not in record:
        return "no checksum recorded (installed by hand)"
    size, digest = tree_checksum(package.path)
    if digest == record.get("sha256") and size == record.get("size"):
        return "checksum ok"
    return "checksum MISMATCH (changed since it was installed)"


# --- list, verify, remove ----------------------------------------------------------

def describe_installed(models_dir: Path, unpack_dir: Path) -> tuple[list[str], dict[str, str]]:
    """Lines for ``migo models list`` and the languages reachable from German."""
    packages = find_packages(models_dir, unpack_dir)
    records = read_manifest(models_dir)

    def details(package: Package) -> str:
        on_disk = package.archive or package.path
        source = (records.get(package.path.name) or {}).get("source") or "copied by hand"
        return (f"{_human_size(_disk_size(on_disk))}  {checksum_state(package, records)}  "
                f"from {source}")

    reach = reachable_languages(newest_by_pair(packages))
    return describe_packages(packages, details), reach


def _disk_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _human_size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def verify_models(models_dir: Path, unpack_dir: Path) -> list[tuple[Package, str]]:
    """Every package with what is wrong with it ("" when it loads, translates and
    matches its recorded checksum)."""
    records = read_manifest(models_dir)
    results = []
    for package in find_packages(models_dir, unpack_dir):
        problem = package.problem
        state = "" if problem else checksum_state(package, records)
        if "MISMATCH" in state:
            problem = state
        if not problem:
            problem = _translation_problem(package)
        results.append((package, problem))
    return results


def _translation_problem(package: Package) -> str:
    """Load the package as a run would and translate one sentence."""
    import ctranslate2
    import sentencepiece

    try:
        ensure_unpacked(package)
        translator = ctranslate2.Translator(str(package.model_dir), device="cpu",
                                            inter_threads=1, intra_threads=1)
        sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
        tokens = sp.encode([TEST_SENTENCES.get(package.from_code, "Hello.")], out_type=str)
        prefix = [[package.target_prefix]] if package.target_prefix else None
        result = translator.translate_batch(tokens, beam_size=1, max_decoding_length=64,
                                            target_prefix=prefix)
    except (RuntimeError, OSError, ValueError, BadPackageError) as exc:
        return f"does not load: {(str(exc).strip().splitlines() or ['?'])[0][:200]}"
    if not [t for t in result[0].hypotheses[0] if t != package.target_prefix]:
        return "translates the test sentence into nothing"
    return ""


def repair_command(package: Package, models_dir: Path) -> str:
    """The command that puts a broken package right."""
    frm, to = package.from_code, package.to_code
    if frm in (SOURCE_LANG, PIVOT_LANG) and to != "?":
        return f"migo models install {to} --force --models {models_dir}"
    name = package.archive or package.path
    return f"migo models remove {frm}-{to} --models {models_dir} (or delete {name})"


def parse_pair(text: str) -> tuple[str, str]:
    """``en-tr``, ``en→tr``, ``en_tr`` or ``en->tr`` → ``("en", "tr")``."""
    match = re.fullmatch(r"\s*([a-z]{2,3})\s*(?:→|->|>|-|_)\s*(\S+)\s*", text)
    if not match or not LANG_CODE.fullmatch(match.group(2)):
        raise InputError(f"{text!r} is not a language pair (write it like en-tr or en→tr)")
    return match.group(1), match.group(2)


def removal_plan(pair: tuple[str, str], models_dir: Path) -> tuple[list[Package], list[str]]:
    """The installed packages of a pair (folders and ``.argosmodel`` files in the folder)
    and the languages that stop being reachable without them."""
    with tempfile.TemporaryDirectory() as tmp:  # archives: their metadata is enough
        packages = find_packages(models_dir, Path(tmp))
    doomed = [p for p in packages if (p.from_code, p.to_code) == pair]
    if not doomed:
        have = ", ".join(sorted({p.pair for p in packages})) or "none"
        raise InputError(f"no package {pair[0]}→{pair[1]} is installed here (installed: "
                         f"{have})", models_dir)
    before = reachable_languages(newest_by_pair(packages))
    after = reachable_languages(newest_by_pair([p for p in packages if p not in doomed]))
    return doomed, [lang for lang in before if lang not in after]


def remove_packages(packages: list[Package], models_dir: Path) -> None:
    """Move the folders out of the way first, then delete: no half-deleted package."""
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=STAGING_PREFIX) as tmp:
        for n, package in enumerate(packages):
            on_disk = contained_path(models_dir, (package.archive or package.path).name)
            os.replace(on_disk, Path(tmp) / f"{n}-{on_disk.name}")
        _update_manifest(models_dir, [], [p.path for p in packages if p.archive is None])


# --- pack -------------------------------------------------------------------------------

def pack_languages(langs: list[str], out_dir: Path, index: Index, show_progress: bool = True
                   ) -> list[Path]:
    """Write the archives the languages need and an index.json (with size and sha256).

    Each archive is checked like an install would check it before it is written;
    entries of other pairs already in ``out_dir/index.json`` are kept, so a USB stick
    can be filled in several goes.
    """
    routes = plan_routes(langs, index)
    entries = list({e.pair: e for route in routes.values() for e in route}.values())
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is a file, not a folder", out_dir)
    old = _existing_pack(out_dir)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _pack(entries, out_dir, index, old, show_progress)
    except BaseException:
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _pack(entries: list[Entry], out_dir: Path, index: Index, old: list[dict],
          show_progress: bool) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=STAGING_PREFIX) as tmp:
        staged = []
        for n, entry in enumerate(entries):
            work = Path(tmp) / str(n)
            work.mkdir()
            _, _, size, digest = fetch_entry(entry, index, work, show_progress)
            shutil.rmtree(work / "unpacked")  # checked like an install; only the file goes
            staged.append((entry, work / entry.file_name, size, digest))
        records = {(e.get("from_code"), e.get("to_code")): e for e in old}
        for entry, archive, size, digest in staged:
            target = contained_path(out_dir, entry.file_name)
            os.replace(archive, target)
            written.append(target)
            records[entry.pair] = {**entry.raw, "links": [entry.file_name], "size": size,
                                   "sha256": digest}
        write_atomic(out_dir / "index.json",
                     json.dumps(list(records.values()), indent=1, ensure_ascii=False) + "\n")
    return written


def _existing_pack(out_dir: Path) -> list[dict]:
    path = out_dir / "index.json"
    if not path.is_file():
        return []
    return [item for item in _parse_index(_read_bounded(path), path, InputError)
            if isinstance(item, dict)]
