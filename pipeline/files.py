"""Safe file writing shared by every stage that writes.

A run that is interrupted (Ctrl-C, a full disk, a crash) must never leave a half-written
PO file or page behind: a reviewer's work lives in those files. So every write goes to a
temporary file in the same folder and is renamed over the target, which is atomic on
POSIX file systems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import tempfile
from pathlib import Path

#: The largest article migo reads: a magazine article is a few hundred kilobytes; a
#: bigger "article" is a wrong file (a database dump, a video renamed .txt).
ARTICLE_LIMIT = 5_000_000
#: The largest PO file migo reads: ten thousand entries are under 5 MB.
PO_LIMIT = 50_000_000
#: The largest glossary or settings file: far more than any real one.
TEXT_LIMIT = 20_000_000
#: The largest image copied beside the pages or inlined into the single file.
IMAGE_LIMIT = 20_000_000


class ChangedMeanwhile(Exception):
    """The file to replace is no longer what the caller read (another program saved it)."""


def write_atomic(path: Path, data: str | bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` in one step; text is written as UTF-8.

    With ``expected`` (``b""``: no file), the target is compared once more right before
    the rename, after the slow part (writing and syncing the temporary file), and
    :class:`ChangedMeanwhile` is raised instead of replacing a file someone saved in
    between. The temporary file is made with ``O_EXCL`` (``mkstemp``), so a planted
    symlink is never followed, and ``os.replace`` swaps a symlink itself, never its
    target.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        if expected is not None and _current_bytes(path) != expected:
            raise ChangedMeanwhile(str(path))
        os.replace(tmp_name, path)
    except OSError as exc:  # "No space left on device" should say which file
        Path(tmp_name).unlink(missing_ok=True)
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``path`` only when its bytes differ; say whether it was written.

    A re-run that changes nothing leaves every file and its modification time alone:
    no fsync per page, an upload tool (rsync, FTP sync) sends nothing, and a feed can
    date an article by the last time its page really changed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if path.is_file() and not path.is_symlink() and _current_bytes(path) == payload:
        return False
    write_atomic(path, payload)
    return True


def _current_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def read_regular(path: Path, limit: int, error: type[Exception]) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else ``error`` naming it.

    A FIFO where a file is expected hangs a plain ``read_bytes`` forever, and a symlink
    to ``/dev/zero`` eats all memory; a huge file is a wrong file. So the type and size
    are checked on the opened file (``O_NONBLOCK``: opening a FIFO does not wait for a
    writer) and at most ``limit + 1`` bytes are ever read.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror}", path) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error("cannot be read: Is a directory", path)
        raise error("is not a regular file (a pipe or a device?); refused", path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise error(f"is larger than {limit // 1_000_000} MB; refused (a wrong file?)", path)
    return data


def open_no_follow(path: Path, flags: int) -> int:
    """``os.open`` that refuses a symlink at ``path`` (``O_NOFOLLOW``).

    A lock file or a page that is a symlink someone planted would otherwise make migo
    truncate or overwrite the file it points to.
    """
    return os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)


def timestamp() -> dt.datetime:
    """Now, in UTC — or ``SOURCE_DATE_EPOCH`` when set, for reproducible outputs.

    Reports and PO headers carry the time they were made; a packager or a test that
    pins ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) gets the same bytes
    from the same input.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def contained_path(base: Path, *parts: str) -> Path:
    """``base / parts``, refused unless it stays strictly inside ``base``.

    Names that come from data (package metadata, zip entries, issue names, slugs) must
    never reach a folder the user did not point migo at: ``../`` in a language code
    once made an install delete and replace a folder outside the models folder. The
    check resolves symlinks too, so a planted link cannot redirect the write. This is
    the one place that decides containment; every stage that writes a data-named path
    calls it.
    """
    from .errors import InputError

    joined = Path(base).joinpath(*parts)
    if not inside(base, joined):
        shown = "/".join(parts) or "."
        raise InputError(f"refused: {shown!r} would lead outside this folder", base)
    return joined


def inside(base: Path, path: Path) -> bool:
    """Whether ``path`` resolves to somewhere strictly below ``base``."""
    root = Path(base).resolve()
    target = Path(path).resolve()
    return target != root and root in target.parents


def file_digest(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, read in chunks: models are hundreds of megabytes."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()
