"""One type for every problem migo reports to an editor: :class:`Finding`.

The PO checks, the accessibility checks, the delivery check of protected terms and facts,
and the interface catalogs all find problems. They used to have four types with four
spellings of the same idea; now each says the same four things (severity, code,
location, message), so the CLI, the report and the tests read them one way.

A finding sits either in a file at a line (a PO entry, an interface string) or on a page
at an element (accessibility). ``report.json`` has kept one shape for each since before
this type existed, and :meth:`Finding.as_dict` keeps both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem: how bad, which rule (``code``), where, and what to do about it.

    ``path`` is the file or page, ``line`` the line in a file, ``element`` the place on a
    page (set only by page checks); ``lang`` is the language the problem is in and
    ``msgid`` the interface string concerned, where those apply.
    """

    severity: str
    code: str
    message: str
    path: str = ""
    line: int | None = None
    element: str = ""
    lang: str = ""
    msgid: str = ""
    source: str = ""  # a PO entry's German, so the report can show it beside the finding
    target: str = ""  # and its translation
    fuzzy: bool = False  # a PO entry still marked fuzzy (not yet approved by a person)
    category: str = ""  # a PO check's category: critical, functional or cosmetic

    @property
    def on_page(self) -> bool:
        """Whether the finding is on a rendered page (at an element), not in a file."""
        return bool(self.element)

    @property
    def location(self) -> str:
        if self.on_page:
            return f"{self.path}: {self.element}"
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        if self.on_page:
            return f"{self.location}: {self.code}: {self.message}"
        state = " (fuzzy entry)" if self.fuzzy else ""
        return f"{self.location}: {self.severity}: {self.code}: {self.message}{state}"

    def as_dict(self) -> dict[str, str]:
        """The shape ``report.json`` keeps: ``"a11y"`` for pages, ``"qa"`` for files."""
        if self.on_page:
            return {"page": self.path, "element": self.element, "rule": self.code,
                    "message": self.message, "severity": self.severity}
        found = {"lang": self.lang, "location": self.location, "code": self.code,
                 "message": self.message, "severity": self.severity}
        if self.category:  # a PO check's finding: its category, and whether it was fuzzy
            found |= {"category": self.category, "fuzzy": self.fuzzy, "msgid": self.msgid}
        return found | {key: text for key, text in (("source", self.source),
                                                     ("target", self.target)) if text}


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (the CLI then exits with its findings code)."""
    return any(f.severity == ERROR for f in findings)


def by_entry(findings) -> list[tuple[str, list[dict]]]:
    """``report.json``'s QA findings grouped by entry (file:line of its msgid), in order.

    The report shows one row per entry with all its problems, as a reviewer fixes them:
    one visit to the entry, not one per check.
    """
    grouped: dict[str, list[dict]] = {}
    for finding in findings:
        grouped.setdefault(str(finding.get("location", "")), []).append(finding)
    return list(grouped.items())
