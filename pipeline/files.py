"""Safe file writing shared by every stage that writes.

A run that is interrupted (Ctrl-C, a full disk, a crash) must never leave a half-written
PO file or page behind: a reviewer's work lives in those files. So every write goes to a
temporary file in the same folder and is renamed over the target, which is atomic on
POSIX file systems.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one step; text is written as UTF-8."""
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
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


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
