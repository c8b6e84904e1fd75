"""Safe file writing shared by every stage that writes.

A run that is interrupted (Ctrl-C, a full disk, a crash) must never leave a half-written
PO file or page behind: a reviewer's work lives in those files. So every write goes to a
temporary file in the same folder and is renamed over the target, which is atomic on
POSIX file systems.
"""

from __future__ import annotations

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


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write only when the content differs, so a no-change run touches nothing."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if Path(path).exists() and Path(path).read_bytes() == payload:
        return False
    write_atomic(path, payload)
    return True
