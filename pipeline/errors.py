"""Errors a user can cause, in one place.

Every stage raises a subclass of :class:`MigoError` with a message that says what went
wrong and where (file, line). Only the CLI turns them into one line and an exit code;
a traceback means a bug in migo, never a mistake of the user.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1  # a check found errors
EXIT_BAD_INPUT = 2
EXIT_MODEL_MISSING = 3


class MigoError(Exception):
    """Base class: bad input or usage, exit code 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message)


class InputError(MigoError):
    """An article, glossary or option the user gave cannot be used."""


class CatalogError(MigoError):
    """A PO file is broken; the file is left exactly as it was."""


class GlossaryError(MigoError):
    """A glossary file is broken."""


class ModelMissingError(MigoError):
    """No installed Argos package covers a language pair the run needs."""

    exit_code = EXIT_MODEL_MISSING


class LockedError(MigoError):
    """Another run holds the lock on the locales folder."""


class ConfigError(MigoError):
    """``migo.toml`` is broken or names something that cannot be used."""
