"""Site stage: the output folder becomes a small multilingual site across issues.

- ``output/index.html`` lets a reader choose a language;
- ``output/<lang>/index.html`` lists every issue in that language, newest first, under
  its month in the reader's language (CLDR via Babel);
- ``output/<lang>/feed.xml`` is an Atom feed (RFC 4287) with one entry per article,
  written with feedgen, for club websites to embed or follow;
- with a ``site_url``: every page links all its language versions
  (``<link rel="alternate" hreflang>``, itself and ``x-default`` included), carries
  ``og:locale`` and ``og:locale:alternate``, and ``output/sitemap.xml`` lists the same
  alternates as ``xhtml:link``. Search engines need absolute addresses for these, so
  without a ``site_url`` they are left out and :class:`SiteResult` says so.

Everything is made from what earlier runs published (:mod:`pipeline.published`), so a
new issue only adds to the site. Files are written only when their bytes change: old
issues' pages stay exactly as they were, and a rebuild without changes writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html
from lxml.html import builder as E

from .files import write_if_changed
from .langs import html_lang, issue_label, native_name, og_locale, text_direction
from .model import SITE_ADDITION
from .published import SINGLE_FILE, SOURCE_LANG, PublishedIssue, issue_date, list_issues

ARCHIVE_TITLE = "All issues of migo"
FEED_LINK = "New articles as a feed (Atom)"
AUTHOR = "Essener Verbund der Immigrantenvereine e.V."
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_FEED_IDS = uuid.UUID("6c1f4a52-9d0e-4c1e-9a35-2f0d6f6c2b11")  # namespace of our entry ids
MARK = SITE_ADDITION  # on the elements this stage adds, so a rebuild replaces them


@dataclass
class SiteResult:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    left_out: list[str] = field(default_factory=list)


def build_site(out_dir: Path, stylesheet: str, ui_for, site_url: str | None = None) -> SiteResult:
    """Archive pages, feeds and (with ``site_url``) alternates and sitemap for all issues.

    ``ui_for(lang)`` gives the interface strings of a language; ``stylesheet`` is the
    pages' CSS, so the archive looks like the issues.
    """
    out_dir = Path(out_dir)
    issues = _titles_read_once(list_issues(out_dir))
    langs = _site_languages(issues)
    result = SiteResult()
    base = site_url.rstrip("/") + "/" if site_url else None
    groups = page_groups(out_dir, issues, langs)
    archive = groups[0]
    if base is not None:  # first, so that the feeds see the pages' final dates
        _add_issue_alternates(result, groups[1:], out_dir, base)
    for lang in langs:
        ui = ui_for(lang)
        page = archive_page(issues, lang, langs, ui, stylesheet)
        _write(result, out_dir / lang / "index.html",
               _page_html(_with_alternates(page, lang, archive, out_dir, base)))
        _write(result, out_dir / lang / "feed.xml", atom_feed(issues, lang, ui, base))
    _write(result, archive.default, _page_html(
        _with_alternates(chooser_page(langs, stylesheet), SOURCE_LANG, archive, out_dir, base)))
    if base is None:
        result.left_out = ['<link rel="alternate" hreflang> on every page',
                           "og:locale and og:locale:alternate", "sitemap.xml"]
        return result
    _write(result, out_dir / "sitemap.xml", sitemap(groups, out_dir, base))
    return result


def _add_issue_alternates(result: SiteResult, groups, out_dir: Path, base: str) -> None:
    """Every issue page links its language versions; so does a German language list."""
    choosers: set[Path] = set()
    for group in groups:
        for lang, path in group.pages.items():
            _add_alternates(result, path, lang, group, out_dir, base)
        if group.default not in group.pages.values() and group.default not in choosers:
            choosers.add(group.default)  # a language list (German) links the versions too
            _add_alternates(result, group.default, SOURCE_LANG, group, out_dir, base)


def _titles_read_once(issues: list[PublishedIssue]) -> list[PublishedIssue]:
    """The archive page and the feed of a language both show every article's title,
    which is read from its page: each page is parsed once per build, not twice."""
    for issue in issues:
        issue.title = cache(issue.title)
    return issues


def _site_languages(issues: list[PublishedIssue]) -> list[str]:
    """Every language any issue has, in the order the issues name them."""
    langs: list[str] = []
    for issue in issues:
        langs += [lang for lang in issue.langs if lang not in langs]
    return langs


def _write(result: SiteResult, path: Path, data: str | bytes) -> None:
    """Write only what changed: a rebuild leaves untouched files (and their times) alone."""
    if write_if_changed(path, data):
        result.written.append(path)
    else:
        result.unchanged += 1


def _page_html(root) -> str:
    return etree.tostring(root, encoding="unicode", method="html",
                          doctype="<!DOCTYPE html>") + "\n"


# --- pages --------------------------------------------------------------------------

def _frame(lang: str, title: str, stylesheet: str, ui, nav, children, head_extra=()):
    """The same frame as the issue pages: skip link, header, main, footer."""
    header = E.E.header(E.P(E.CLASS("masthead"), "migo"))
    if nav is not None:
        header.append(nav)
    body = E.BODY(E.A(ui("Skip to main content"), E.CLASS("skip-link"), href="#main"),
                  header, E.E.main(*children, id="main", tabindex="-1"))
    head = E.HEAD(E.META(charset="utf-8"),
                  E.META(name="viewport", content="width=device-width, initial-scale=1"),
                  E.TITLE(title), *head_extra, E.STYLE(stylesheet))
    return E.HTML(head, body, lang=html_lang(lang), dir=text_direction(lang))


def _language_links(langs: list[str], current: str | None, target) -> list:
    items = []
    for lang in langs:
        link = E.A(native_name(lang), href=target(lang), lang=html_lang(lang),
                   hreflang=html_lang(lang))
        if lang == current:
            link.set("aria-current", "page")
        if current is None or text_direction(lang) != text_direction(current):
            link.set("dir", text_direction(lang))
        items.append(E.LI(link))
    return items


def archive_page(issues: list[PublishedIssue], lang: str, langs: list[str], ui,
                 stylesheet: str):
    """One language's archive: every issue that has it, newest first, by month."""
    nav = E.E.nav(E.UL(*_language_links(langs, lang, lambda code: f"../{code}/index.html"),
                       E.CLASS("languages")), **{"aria-label": ui("Languages")})
    sections = []
    for issue in (i for i in issues if lang in i.langs):
        articles = [E.LI(E.A(issue.title(lang, slug), href=f"../{issue.name}/{lang}/"
                             f"{quote(slug)}.html")) for slug in issue.slugs]
        heading = E.H2(E.A(issue_label(issue.name, lang),
                           href=f"../{issue.name}/{lang}/index.html"))
        sections.append(E.E.section(heading, E.UL(*articles)))
    feed = E.LINK(rel="alternate", type="application/atom+xml", href="feed.xml",
                  title=ui(FEED_LINK))
    children = [E.H1(ui(ARCHIVE_TITLE)), *sections,
                E.P(E.A(ui(FEED_LINK), href="feed.xml", type="application/atom+xml"))]
    return _frame(lang, ui(ARCHIVE_TITLE), stylesheet, ui, nav, children, [feed])


def chooser_page(langs: list[str], stylesheet: str):
    """The site's entry: the languages by their own names, in German and English words."""
    nav = E.E.nav(E.UL(*_language_links(langs, None, lambda code: f"{code}/index.html"),
                       E.CLASS("languages")), **{"aria-label": "Sprachen / Languages"})
    german = {"Skip to main content": "Zum Hauptinhalt springen"}
    children = [E.H1("migo – alle Ausgaben"),
                E.P("Wählen Sie Ihre Sprache. ", E.SPAN("Choose your language.", lang="en"))]
    return _frame(SOURCE_LANG, "migo", stylesheet, lambda s: german.get(s, s), nav, children)


# --- feeds --------------------------------------------------------------------------

def atom_feed(issues: list[PublishedIssue], lang: str, ui, base: str | None) -> bytes:
    """One entry per article of every issue in ``lang``; ids never change (urn:uuid).

    Without a site address the links are relative to the feed (RFC 4287 allows IRI
    references); an entry's ``updated`` is when its page last changed, so a re-run that
    changes nothing changes no feed, and a reviewer's fix re-announces only that article
    in that language.
    """
    feed = FeedGenerator()
    feed.id(_urn(f"feed/{lang}"))
    feed.title(ui(ARCHIVE_TITLE))
    feed.language(html_lang(lang))
    feed.author({"name": AUTHOR})
    feed.generator("migo")
    feed.link(href=f"{base}{lang}/index.html" if base else "index.html", rel="alternate",
              type="text/html", hreflang=html_lang(lang))
    if base:
        feed.link(href=f"{base}{lang}/feed.xml", rel="self", type="application/atom+xml")
    updated = []
    for issue in reversed([i for i in issues if lang in i.langs]):  # feedgen prepends
        for slug in reversed(issue.slugs):
            href = f"{issue.name}/{lang}/{quote(slug)}.html"
            entry = feed.add_entry()
            entry.id(_urn(f"{issue.name}/{lang}/{slug}"))
            entry.title(issue.title(lang, slug))
            entry.link(href=f"{base}{href}" if base else f"../{href}", rel="alternate",
                       type="text/html", hreflang=html_lang(lang))
            entry.author({"name": AUTHOR})
            changed = issue.changed(lang, slug)
            entry.updated(changed)
            published = issue_date(issue.name)
            if published:
                entry.published(dt.datetime.combine(published, dt.time(), dt.UTC))
            entry.summary(issue_label(issue.name, lang))
            updated.append(changed)
    feed.updated(max(updated) if updated else dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return feed.atom_str(pretty=True)


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_FEED_IDS, name)}"


# --- alternates and sitemap ---------------------------------------------------------

@dataclass
class PageGroup:
    """The language versions of one page; ``default`` is where ``x-default`` points."""

    pages: dict[str, Path]
    default: Path


def page_groups(out_dir: Path, issues: list[PublishedIssue], langs: list[str]):
    """Every page of the site with its language versions.

    ``x-default`` points to the German original when it is rendered
    (``<issue>/de/…``); until then to the issue's language list, which is German.
    """
    groups = [PageGroup({lang: out_dir / lang / "index.html" for lang in langs},
                        out_dir / "index.html")]
    for issue in issues:
        chooser = issue.folder / "index.html"
        for name in ["index.html", SINGLE_FILE, *(f"{slug}.html" for slug in issue.slugs)]:
            pages = {lang: issue.page(lang, name) for lang in issue.langs
                     if issue.page(lang, name).is_file()}
            german = pages.get(SOURCE_LANG)
            groups.append(PageGroup(pages, german or chooser))
    return groups


@lru_cache(maxsize=8192)
def _url(path: Path, out_dir: Path, base: str) -> str:
    """A page's address; each is asked for by every page of its group and the sitemap."""
    return base + quote(path.relative_to(out_dir).as_posix())


def _add_alternates(result: SiteResult, path: Path, lang: str, group: PageGroup,
                    out_dir: Path, base: str) -> None:
    """Put a group's hreflang links and Open Graph locales into a written page."""
    root = lxml_html.parse(str(path)).getroot()
    _write(result, path, _page_html(_with_alternates(root, lang, group, out_dir, base)))


def _with_alternates(root, lang: str, group: PageGroup, out_dir: Path, base: str | None):
    """The page with this group's alternates in its head (earlier ones replaced)."""
    if base is None:
        return root
    head = root.find("head")
    for old in head.xpath(f"*[@{MARK}]"):
        head.remove(old)
    path = group.pages.get(lang, group.default)
    added = [E.LINK(rel="alternate", hreflang=html_lang(code), href=_url(page, out_dir, base))
             for code, page in group.pages.items()]
    added.append(E.LINK(rel="alternate", hreflang="x-default",
                        href=_url(group.default, out_dir, base)))
    added.append(E.META(property="og:locale", content=og_locale(lang)))
    added += [E.META(property="og:locale:alternate", content=og_locale(code))
              for code in group.pages if code != lang]
    added.append(E.META(property="og:url", content=_url(path, out_dir, base)))
    anchor = head.find("title")
    position = head.index(anchor) + 1 if anchor is not None else len(head)
    for offset, element in enumerate(added):
        element.set(MARK, "")
        head.insert(position + offset, element)
    return root


def sitemap(groups: list[PageGroup], out_dir: Path, base: str) -> bytes:
    """sitemaps.org XML; each page lists all its language versions as ``xhtml:link``."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for group in groups:
        for path in group.pages.values():
            url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _url(path, out_dir, base)
            for code, page in group.pages.items():
                etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate",
                                 hreflang=html_lang(code), href=_url(page, out_dir, base))
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                             href=_url(group.default, out_dir, base))
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)
