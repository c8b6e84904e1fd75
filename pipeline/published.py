"""What earlier runs published in the output folder: issues, their languages and titles.

The newsletter and the archive site are made from what ``migo translate`` wrote, not
from the document model: they run later (next month, on another machine with only the
output folder) and must show exactly what readers see on the pages. Each issue's
``report.json`` is the manifest (articles in order, languages, when it was made); page
titles come from the rendered pages. Part of the shared floor: reads files, imports no
stage.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
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


def issue_month(name: str, lang: str) -> str:
    """``April 2024``, ``Nisan 2024``, ``апрель 2024 г.``: the reader's month name (CLDR).

    The stand-alone form (``LLLL``) is used: Russian and Polish inflect the month inside
    a date ("апреля") but not in a heading. Names that are not ``YYYY-MM`` stay as
    written.
    """
    date = issue_date(name)
    if date is None:
        return name
    return format_date(date, "LLLL y", locale=babel_locale(lang))


def babel_locale(lang: str) -> str:
    return lang.replace("-", "_")


def html_lang(lang: str) -> str:
    """The BCP 47 tag HTML and Atom want (``pt-BR``) for a gettext name (``pt_BR``)."""
    return lang.replace("_", "-")


def og_locale(lang: str) -> str:
    """Open Graph wants ``language_TERRITORY``: CLDR's likely territory (tr → tr_TR)."""
    try:
        locale = Locale.parse(babel_locale(lang))
    except (ValueError, UnknownLocaleError):
        return babel_locale(lang)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory.isupper() else locale.language


def native_name(lang: str) -> str:
    name = Locale.parse(babel_locale(lang)).get_display_name(babel_locale(lang)) or lang
    return name[:1].upper() + name[1:]


def text_direction(lang: str) -> str:
    try:
        return Locale.parse(babel_locale(lang)).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"
