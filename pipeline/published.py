"""What earlier runs published in the output folder: issues, their languages and titles.

The newsletter and the archive site are made from what ``migo translate`` wrote, not
from the document model: they run later (next month, on another machine with only the
output folder) and must show exactly what readers see on the pages. Each issue's
``report.json`` is the manifest (articles in order, languages, when it was made); page
titles come from the rendered pages. It reads files and imports only the floor; what a
language code means (direction, names, month names) is asked of ``langs``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from .errors import InputError

SOURCE_LANG = "de"
REPORT = "report.json"
SINGLE_FILE = "all-articles.html"
TITLE_SUFFIX = " – migo"  # render writes "<article title> – migo" into <title>
_ISSUE_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass
class PublishedIssue:
    """One issue folder under the output folder, as its report describes it."""

    name: str
    folder: Path
    slugs: list[str]
    langs: list[str]  # target languages, then "de" when the German original is rendered
    created: dt.datetime
    german_titles: dict[str, str] = field(default_factory=dict)

    def page(self, lang: str, name: str) -> Path:
        return self.folder / lang / name

    def changed(self, lang: str, slug: str) -> dt.datetime:
        """When the article's page in ``lang`` last changed (pages are rewritten only
        when their bytes change), else when the issue's report was made."""
        try:
            seconds = int(self.page(lang, f"{slug}.html").stat().st_mtime)
        except OSError:
            return self.created
        return dt.datetime.fromtimestamp(seconds, dt.UTC)

    def has(self, lang: str) -> bool:
        return (self.folder / lang / "index.html").is_file()

    def title(self, lang: str, slug: str) -> str:
        """The article's title as its page in ``lang`` shows it."""
        path = self.page(lang, f"{slug}.html")
        if not path.is_file():
            return self.german_titles.get(slug, slug)
        text = lxml_html.parse(str(path)).findtext(".//title") or slug
        return text.removesuffix(TITLE_SUFFIX).strip() or slug


def load_issue(folder: Path) -> PublishedIssue:
    """Read one issue's manifest; a folder without a readable report is not an issue."""
    path = Path(folder) / REPORT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        slugs = [a["slug"] for a in data["articles"]]
        langs = list(data["languages"])
        created = dt.datetime.fromisoformat(data["created"])
    except FileNotFoundError:
        raise InputError("no report.json: not an issue written by 'migo translate'",
                         folder) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"report.json cannot be read ({exc})", path) from None
    titles = {a["slug"]: a.get("title", a["slug"]) for a in data["articles"]}
    issue = PublishedIssue(Path(folder).name, Path(folder), slugs, langs, created, titles)
    if issue.has(SOURCE_LANG) and SOURCE_LANG not in issue.langs:
        issue.langs.append(SOURCE_LANG)
    return issue


def list_issues(out_dir: Path) -> list[PublishedIssue]:
    """Every issue in the output folder, newest first (issue names sort by date)."""
    folders = [p.parent for p in Path(out_dir).glob(f"*/{REPORT}")]
    return sorted((load_issue(f) for f in folders), key=lambda i: i.name, reverse=True)


def issue_date(name: str) -> dt.date | None:
    """The month an issue named ``2024-04`` appeared; None for other names."""
    found = _ISSUE_MONTH.fullmatch(name)
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return dt.date(int(found.group(1)), int(found.group(2)), 1)
