"""Render stage: localized, accessible web pages built with lxml.

HTML is built as a tree, never concatenated: every text from an engine or a PO file is
escaped by lxml. Inline tags in a translation are turned back into the real elements
from the source's :class:`~pipeline.model.InlineTag` (a reviewer can move a link, never
change where it points). Rendering knows nothing of engines or PO files: it gets the
document, the translations and the interface strings.
"""

from __future__ import annotations

import base64
import copy
import os
import re
import string
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import quote

import imagesize
from lxml import etree
from lxml.html import builder as E

from .files import write_if_changed
from .interface import load_interface_strings
from .langs import (
    direction,
    format_count,
    html_lang,
    issue_label,
    native_name,
    text_direction,
)
from .media import MEDIA_DIR, local_image
from .model import (
    INLINE_TAG,
    SITE_ADDITION,
    Article,
    Block,
    BlockKind,
    InlineTag,
    Issue,
    Segment,
    Status,
    Translation,
    strip_tags,
)
from .text import contacts, tags_balanced

SOURCE_LANG = "de"

#: Finds German terms kept as written inside a translated text: (text, lang) → spans.
KeptGerman = Callable[[str, str], list[tuple[int, int]]]


@dataclass
class PageSet:
    """What the renderer needs for one language (``de``: the German original)."""

    lang: str
    translations: dict[str, Translation]  # German sentence → translation
    ui: Callable[[str], str]  # interface string lookup (English msgid → localized)
    kept_german: KeptGerman = field(default=lambda text, lang: [])
    mark_machine: bool = False  # set per page: only a page mixing both marks sentences
    #: Sentence spans already built (render_issue sets both): a sentence is on its
    #: article page and in the single file, so it is built once and copied; German
    #: text (the original, an untranslated passage) is the same span in every language
    #: of the same direction, so those are shared by all page sets of the call.
    spans: dict | None = field(default=None, repr=False, compare=False)
    german_spans: dict | None = field(default=None, repr=False, compare=False)

    @property
    def original(self) -> bool:
        return self.lang == SOURCE_LANG


def render_issue(issue: Issue, source_dir: Path, out_dir: Path, pages: list[PageSet],
                 stylesheet: str, source_ui: Callable[[str], str] | None = None) -> list[Path]:
    """Write every page of every language plus the language list; return the paths.

    The German original comes first, rendered from the source: many members read
    German, and every translated page links to it. ``source_ui`` holds the German
    interface strings (the shipped ``de`` catalog).
    """
    _copy_media(issue, source_dir, out_dir)
    written = []
    if not any(p.original for p in pages):
        pages = [PageSet(SOURCE_LANG, {}, source_ui or _german_ui), *pages]
    german_spans: dict = {}  # caches per call: the inputs cannot change meanwhile
    pages = [replace(p, spans={}, german_spans=german_spans) for p in pages]
    langs = [p.lang for p in pages]
    media = MediaLinks(source_dir)
    for page_set in pages:
        lang_dir = out_dir / page_set.lang
        for article in issue.articles:
            page = article_page(issue, article, page_set, langs, stylesheet, media)
            written.append(_write_page(lang_dir / f"{article.slug}.html", page))
        written.append(_write_page(lang_dir / "index.html",
                                   language_index(issue, page_set, langs, stylesheet)))
        written.append(_write_page(lang_dir / SINGLE_FILE,
                                   single_file(issue, page_set, stylesheet, media, langs)))
    written.append(_write_page(out_dir / "index.html", issue_index(issue, langs, stylesheet)))
    return written


def remove_stale_languages(out_dir: Path, keep: list[str]) -> list[str]:
    """Remove the pages of languages an earlier run wrote and this run did not ask for.

    Left behind, such pages would stay online with switchers that no longer match the
    others. ``out_dir`` may hold the editor's own files, so only a folder named like a
    language (Babel knows the code) and holding migo's own pages is touched: those pages
    go, and the folder too once nothing else is left in it. Symlinks are never followed.
    Returns the languages whose pages were removed.
    """
    if not out_dir.is_dir():
        return []
    removed = []
    for entry in sorted(os.scandir(out_dir), key=lambda e: e.name):
        if (entry.name in keep or entry.name in (MEDIA_DIR, SOURCE_LANG)
                or not entry.is_dir(follow_symlinks=False)
                or direction(entry.name) is None):
            continue
        pages = _migo_pages(Path(entry.path))
        if not pages:
            continue
        for page in pages:
            page.unlink()
        with suppress(OSError):  # not empty: the editor's own files stay
            Path(entry.path).rmdir()
        removed.append(entry.name)
    return removed


#: Every page migo writes carries this masthead; a page without it is not ours.
_MASTHEAD = b'<p class="masthead">migo</p>'


def _migo_pages(folder: Path) -> list[Path]:
    """The pages in ``folder`` that migo made: regular HTML files with its masthead."""
    pages = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
            with open(entry.path, "rb") as page:
                head = page.read(1_000_000)
            if head.startswith(b"<!DOCTYPE html>") and _MASTHEAD in head:
                pages.append(Path(entry.path))
    return pages


def _write_page(path: Path, root) -> Path:
    _keep_site_additions(path, root)
    html = etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    write_if_changed(path, html + "\n")
    return path


def _keep_site_additions(path: Path, root) -> None:
    """Carry the site stage's alternates of the page on disk into its new version.

    The site stage adds them after the pages are written; without this, every run would
    rewrite every page twice (without, then with them) and no page would keep the date
    of its last real change. The site stage replaces them if they are out of date.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return
    if SITE_ADDITION.encode() not in data:
        return
    old_head = etree.fromstring(data, etree.HTMLParser()).find("head")
    head = root.find("head")
    anchor = head.find("title")
    position = head.index(anchor) + 1 if anchor is not None else len(head)
    for offset, element in enumerate(old_head.xpath(f"*[@{SITE_ADDITION}]")):
        head.insert(position + offset, element)


def _copy_media(issue: Issue, source_dir: Path, out_dir: Path) -> None:
    """Images referenced by articles travel with the pages; nothing is loaded remotely.

    Only image files inside the issue folder are copied (see :func:`local_image`), each
    under its path relative to that folder, so two ``photo.jpg`` in different subfolders
    stay two files.
    """
    copied: set[str] = set()
    for article in issue.articles:
        for block in article.blocks:
            if block.kind is not BlockKind.IMAGE or not block.src:
                continue
            image = local_image(block.src, source_dir)
            if image.path is None or image.name in copied:
                continue
            write_if_changed(out_dir / MEDIA_DIR / image.name, image.path.read_bytes())
            copied.add(image.name)


@dataclass
class MediaLinks:
    """Image addresses for a page that must stand alone (e-mail, newsletter tool).

    A local image becomes a ``data:`` URI so the single file needs no folder beside it;
    an image that is missing, too large, outside the issue folder or not an image is
    left out and its alt text shown instead.
    """

    source_dir: Path | None = None
    limit: int = 2_000_000
    inline: bool = False  # True in the single file: images travel as data: URIs

    def page_link(self, src: str) -> str | None:
        """Where an article page finds the image, or None when it cannot be shown.

        Pages load nothing from the network, so a remote image is never linked; a local
        file that is not there would only give a broken image.
        """
        if not src:
            return None
        image = local_image(src, self.source_dir)
        if not image.usable:
            return None
        return f"../{MEDIA_DIR}/{quote(image.name)}"

    def data_uri(self, src: str) -> str | None:
        if not src or self.source_dir is None:
            return None
        image = local_image(src, self.source_dir)
        if image.path is None or image.path.stat().st_size > self.limit:
            return None
        data = base64.b64encode(image.path.read_bytes()).decode("ascii")
        return f"data:{image.mime};base64,{data}"


# --- page skeleton ----------------------------------------------------------

def _page(lang: str, title: str, stylesheet: str, ui, nav, main_children, notice=None):
    """The frame every page shares: skip link, header with nav, main, footer."""
    header = E.E.header(E.P(E.CLASS("masthead"), "migo"))
    for element in nav if isinstance(nav, list) else [nav]:
        if element is not None:
            header.append(element)
    if notice is not None:
        header.append(notice)
    body = E.BODY(
        E.A(ui("Skip to main content"), E.CLASS("skip-link"), href="#main"),
        header,
        E.E.main(*main_children, id="main", tabindex="-1"),
        E.E.footer(E.P(*_format(ui(FOOTER), lang, association=_german(ASSOCIATION, lang)))),
    )
    head = E.HEAD(E.META(charset="utf-8"),
                  E.META(name="viewport", content="width=device-width, initial-scale=1"),
                  E.TITLE(title), E.STYLE(stylesheet))
    return E.HTML(head, body, lang=html_lang(lang), dir=text_direction(lang))


def _format(template: str, lang: str, **parts) -> list:
    """Fill ``{name}`` fields of an interface string with text or elements.

    Elements keep their own ``lang``/``dir``, so a German name inside an Arabic sentence
    is announced and laid out correctly instead of being pasted in as bare text.
    """
    pieces: list = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if name is not None:
            value = parts.get(name, "{" + name + "}")
            pieces.append(value if isinstance(value, etree._Element) else str(value))
    return pieces


def _german(text: str, page_lang: str):
    """A German name inside another language: ``lang="de"``, and ``dir`` in RTL pages."""
    span = E.SPAN(text, lang=SOURCE_LANG)
    if _rtl(page_lang):
        span.set("dir", "ltr")
    return span


def _ltr_part(text: str, page_lang: str):
    """Digits and codes such as ``2024-04`` stay left-to-right inside RTL text."""
    if _rtl(page_lang):
        return E.SPAN(text, dir="ltr")
    return text


def _language_nav(ui, langs: list[str], current: str, target: Callable[[str], str]):
    items = []
    for lang in langs:
        label = _native_name(lang)
        if lang == current:
            link = E.A(label, href=target(lang), lang=html_lang(lang), hreflang=html_lang(lang),
                       **{"aria-current": "page"})
        else:
            link = E.A(label, href=target(lang), lang=html_lang(lang),
                       hreflang=html_lang(lang))
        if _direction(lang) != _direction(current):
            link.set("dir", _direction(lang))
        items.append(E.LI(link))
    return E.E.nav(E.UL(*items, E.CLASS("languages")), **{"aria-label": ui("Languages")})


#: CLDR's answers, asked for every link of every page's language switcher, are kept:
#: a code's name and direction never change.
_native_name = cache(native_name)
_direction = cache(text_direction)
#: Babel's number formatting, asked for four counts of every page's notice.
_format_count = lru_cache(maxsize=4096)(format_count)


# --- pages ------------------------------------------------------------------

def article_page(issue: Issue, article: Article, page_set: PageSet, langs: list[str],
                 stylesheet: str, media: MediaLinks | None = None):
    ui = page_set.ui
    page_set, notice = _with_notice(page_set, article.segments(),
                                    original=f"../{SOURCE_LANG}/{article.slug}.html")
    nav = _language_nav(ui, langs, page_set.lang, lambda lang: f"../{lang}/{article.slug}.html")
    body = _article_body(article, page_set, media or MediaLinks(), shift=0)
    back = E.P(E.A(ui("All articles of this issue"), href="index.html"))
    title = _article_title(article, page_set)
    return _page(page_set.lang, f"{title} – migo", stylesheet, ui, nav,
                 [E.E.article(*body), back], notice)


def _with_notice(page_set: PageSet, segments: list[Segment], original: str | None):
    """The page's notice, and the page set marking machine sentences when the page mixes.

    The German original needs no notice. A page a person checked throughout, or one
    nobody has checked yet, marks no sentence: the notice says it for the whole page.
    Only a page mixing both marks its machine sentences. A translated page links to the
    German text (``original``), which is the one to rely on.
    """
    if page_set.original:
        return page_set, None
    counts = _status_counts(segments, page_set.translations)
    mixed = bool(counts[Status.REVIEWED] and counts[Status.MACHINE])
    page_set = replace(page_set, mark_machine=mixed)
    notice = _notice(page_set.ui, counts, page_set.lang)
    if original:
        link = E.A(page_set.ui(ORIGINAL_LINK), href=original, hreflang=SOURCE_LANG)
        notice.append(E.BR())
        notice.append(link)
    return page_set, notice


def _article_title(article: Article, page_set: PageSet) -> str:
    heading = next((b for b in article.blocks if b.kind is BlockKind.HEADING), None)
    title = strip_tags(_translated_text(heading, page_set)) if heading else ""
    return title.strip() or article.slug


def _article_body(article: Article, page_set: PageSet, media: MediaLinks, shift: int) -> list:
    """The article's elements; headings form a clean outline starting at ``1 + shift``."""
    levels = heading_levels(article.blocks)
    body = [_block_element(item, page_set, levels, shift, media)
            for item in _with_figures(article.blocks)]
    if not levels:  # an article without any heading still gets one for its outline
        heading = etree.Element(f"h{1 + shift}")
        heading.text = article.slug
        body.insert(0, heading)
    return body


def heading_levels(blocks: list[Block]) -> dict[int, int]:
    """Map each heading block (by ``id``) to a level with one top heading and no jumps.

    Authors write ``##`` for the first heading or skip from ``#`` to ``###``; readers
    of screen readers navigate by that outline, so it is repaired, not copied.
    """
    levels: dict[int, int] = {}
    previous = offset = 0
    for block in blocks:
        if block.kind is not BlockKind.HEADING:
            continue
        wanted = max(1, min(block.level or 1, 6))
        if not levels:
            offset = wanted - 1  # the article's first heading is its h1
        level = 1 if not levels else max(2, min(wanted - offset, previous + 1))
        levels[id(block)] = level
        previous = level
    return levels


def language_index(issue: Issue, page_set: PageSet, langs: list[str], stylesheet: str):
    ui = page_set.ui
    nav = _language_nav(ui, langs, page_set.lang, lambda lang: f"../{lang}/index.html")
    items = [E.LI(E.A(_article_title(article, page_set), href=f"{article.slug}.html"))
             for article in issue.articles]
    title, heading = _issue_title(ISSUE_TITLE, issue, page_set)
    single = E.P(E.A(ui(SINGLE_FILE_LINK), href=SINGLE_FILE))
    return _page(page_set.lang, title, stylesheet, ui, nav, [heading, E.UL(*items), single])


def _issue_title(template: str, issue: Issue, page_set: PageSet, level: str = "h1"):
    """A page title and heading naming the issue by its month ("migo issue April 2024")."""
    label = issue_label(issue.name, page_set.lang)
    text = page_set.ui(template)
    heading = etree.Element(level)
    for piece in _format(text, page_set.lang, issue=_ltr_part(label, page_set.lang)
                         if label == issue.name else label):
        if isinstance(piece, str):
            _append_text(heading, piece)
        else:
            heading.append(piece)
    return text.format(issue=label), heading


def single_file(issue: Issue, page_set: PageSet, stylesheet: str, media: MediaLinks,
                langs: list[str] | None = None):
    """All articles of one language in one self-contained file for e-mail or print.

    The table of contents links inside the file and images are inlined (or left out,
    alt shown), so the file still works when forwarded; the language switcher leads to
    the same file in the other languages when it is read online.
    """
    langs = langs or [page_set.lang]
    ui = page_set.ui
    media = replace(media, inline=True)
    segments = [s for article in issue.articles for s in article.segments()]
    page_set, notice = _with_notice(page_set, segments, original=f"../{SOURCE_LANG}/{SINGLE_FILE}")
    languages = _language_nav(ui, langs, page_set.lang, lambda lang: f"../{lang}/{SINGLE_FILE}")
    contents = E.E.nav(E.UL(*[E.LI(E.A(_article_title(a, page_set), href=f"#{a.slug}"))
                              for a in issue.articles]), **{"aria-label": ui("Contents")})
    title, heading = _issue_title(SINGLE_FILE_TITLE, issue, page_set)
    articles = [E.E.article(*_article_body(a, page_set, media, shift=1), id=a.slug)
                for a in issue.articles]
    return _page(page_set.lang, title, stylesheet, ui, [languages, contents],
                 [heading, *articles], notice)


def issue_index(issue: Issue, langs: list[str], stylesheet: str):
    """The entry page lists the languages by their own names, so each reader finds hers."""
    items = [E.LI(E.A(native_name(lang), href=f"{lang}/index.html", lang=html_lang(lang),
                      hreflang=html_lang(lang),
                      dir=text_direction(lang))) for lang in langs]
    label = issue_label(issue.name, SOURCE_LANG)
    nav = E.E.nav(E.UL(*items, E.CLASS("languages")),
                  **{"aria-label": "Sprachen / Languages"})
    return _page(SOURCE_LANG, f"migo {label} – Sprachen", stylesheet, _german_ui, nav,
                 [E.H1(f"migo – Ausgabe {label}"),
                  E.P("Wählen Sie Ihre Sprache. ", E.SPAN("Choose your language.", lang="en"))])


SINGLE_FILE = "all-articles.html"
ASSOCIATION = "Essener Verbund der Immigrantenvereine e.V."
#: No final full stop: the association's name ends in "e.V." already.
FOOTER = "migo is the member magazine of the {association}"
ISSUE_TITLE = "migo issue {issue}"
SINGLE_FILE_TITLE = "migo issue {issue}: all articles"
SINGLE_FILE_LINK = "All articles on one page, for printing or e-mail"
ORIGINAL_LINK = "Read the German original"


def _german_ui(msgid: str) -> str:
    """The entry page's frame, and the German pages when no ``de`` catalog is given."""
    return _shipped_german()(msgid)


@cache
def _shipped_german():
    return load_interface_strings(SOURCE_LANG)


# --- notice and status ------------------------------------------------------

def _status_counts(segments: list[Segment],
                   translations: dict[str, Translation]) -> dict[Status, int]:
    counts = {status: 0 for status in Status}
    for segment in segments:
        translation = translations.get(segment.text)
        counts[translation.status if translation and translation.usable
               else Status.UNTRANSLATED] += 1
    return counts


def _plural(ui, singular: str, plural: str, n: int) -> str:
    """The form of a sentence for ``n`` in the page language (Russian has three)."""
    choose = getattr(ui, "plural", None)
    if choose is None:
        return singular if n == 1 else plural
    return choose(singular, plural, n)


def _notice(ui, counts: dict[Status, int], lang: str):
    """Tell the reader honestly how much of the page a person has checked.

    The count of reviewed passages comes first. On a page that mixes both, the legend
    explains, once for the whole page, the dotted underline machine passages carry
    (a line style, so the difference is never shown by colour alone; the marks
    themselves are silent, so a screen reader does not repeat them sentence by
    sentence). A page nobody has translated yet does not claim a machine translated it.
    """
    total = sum(counts.values())
    number = {status: _format_count(n, lang) for status, n in counts.items()}
    if total and counts[Status.REVIEWED] == total:
        sentences = [ui(ALL_REVIEWED).format(total=number[Status.REVIEWED])]
    elif not counts[Status.REVIEWED] and not counts[Status.MACHINE]:
        sentences = []  # nothing translated yet (--engine none): no machine to mention
    else:
        sentences = [_plural(ui, MACHINE_NOTICE, MACHINE_NOTICE_PLURAL, total).format(
            reviewed=number[Status.REVIEWED], total=_format_count(total, lang))]
        if counts[Status.REVIEWED] and counts[Status.MACHINE]:
            sentences.append(ui(LEGEND))
    if counts[Status.UNTRANSLATED]:
        sentences.append(ui(UNTRANSLATED_NOTICE).format(
            untranslated=number[Status.UNTRANSLATED]))
    return E.P(" ".join(sentences), E.CLASS("notice"), role="note")


MACHINE_NOTICE = ("This text was translated from German by a machine. A person has checked "
                  "{reviewed} of {total} passage.")
MACHINE_NOTICE_PLURAL = ("This text was translated from German by a machine. A person has "
                         "checked {reviewed} of {total} passages.")
ALL_REVIEWED = "Every passage of this text was checked by a person ({total} of {total})."
LEGEND = ("Passages with a dotted underline are machine translations that no person has "
          "checked yet.")
UNTRANSLATED_NOTICE = "Passages not translated yet and shown in German: {untranslated}."
#: What the notice counts, in the terminal's words too: a passage is a sentence, a
#: heading, a caption or a list item, one entry of the PO file.
UNIT = "passages"


# --- blocks -----------------------------------------------------------------

def _with_figures(blocks: list[Block]):
    """Pair each image with the caption right after it, to render one figure."""
    grouped, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        if (block.kind is BlockKind.IMAGE and index + 1 < len(blocks)
                and blocks[index + 1].kind is BlockKind.CAPTION):
            grouped.append((block, blocks[index + 1]))
            index += 2
        else:
            grouped.append(block)
            index += 1
    return _group_lists(grouped)


def _group_lists(items):
    """Consecutive items of the same list become one list; the next list starts anew."""
    grouped = []
    for item in items:
        if isinstance(item, Block) and item.kind is BlockKind.LIST_ITEM:
            if (grouped and isinstance(grouped[-1], list)
                    and grouped[-1][-1].list_id == item.list_id):
                grouped[-1].append(item)
                continue
            grouped.append([item])
        else:
            grouped.append(item)
    return grouped


def _block_element(item, page_set: PageSet, levels: dict[int, int], shift: int,
                   media: MediaLinks):
    if isinstance(item, list):
        items = [_inline(E.LI(), block, page_set) for block in item]
        return _german_container(E.OL(*items) if item[0].ordered else E.UL(*items))
    if isinstance(item, tuple):
        image, caption = item
        return E.E.figure(_image(image, page_set, media),
                          _inline(E.E.figcaption(), caption, page_set))
    block = item
    if block.kind is BlockKind.HEADING:
        level = min(levels.get(id(block), 2) + shift, 6)
        return _inline(etree.Element(f"h{level}"), block, page_set)
    if block.kind is BlockKind.IMAGE:
        return E.E.figure(_image(block, page_set, media))
    if block.kind is BlockKind.QUOTE:
        return _german_container(E.BLOCKQUOTE(_inline(E.P(), block, page_set)))
    return _inline(E.P(), block, page_set)


def _german_container(container):
    """A list or quote whose every part is German takes the parts' ``lang`` and ``dir``.

    In an RTL page, LTR items inside an RTL list put their bullets outside the page and
    a quote's bar on the far side of its text; the container must share their direction.
    """
    marks = {(child.get("lang"), child.get("dir")) for child in container}
    if len(marks) == 1 and next(iter(marks))[0] == SOURCE_LANG:
        lang, direction = marks.pop()
        container.set("lang", lang)
        if direction:
            container.set("dir", direction)
    return container


def _image(block: Block, page_set: PageSet, media: MediaLinks):
    """The image with its translated alt text; in a stand-alone file, inlined or left out.

    When a stand-alone file cannot carry the image, the alt text is shown in its place so
    that the reader still learns what the picture showed.
    """
    alt = strip_tags(_translated_text(block, page_set))
    src = media.data_uri(block.src) if media.inline else media.page_link(block.src)
    german = not page_set.original and any(not _usable(page_set, segment)
                                           for segment in block.segments)
    lang = {"lang": SOURCE_LANG} if german else {}
    if german and _rtl(page_set.lang):
        lang["dir"] = "ltr"
    if src is None:
        return E.P(alt, E.CLASS("image-missing"), **lang)
    return E.IMG(src=src, alt=alt, **lang, **image_size(block.src, media.source_dir))


def image_size(src: str, source_dir: Path | None) -> dict[str, str]:
    """``width`` and ``height`` from the file's header, so the page does not jump while
    the image loads (the stylesheet still scales it to the column). Nothing when the
    file does not say (an SVG sized in cm or by viewBox alone)."""
    image = local_image(src, source_dir) if source_dir is not None else None
    if image is None or image.path is None:
        return {}
    try:
        width, height = imagesize.get(str(image.path))
    except (OSError, ValueError):
        return {}
    if width <= 0 or height <= 0:
        return {}
    return {"width": str(round(width)), "height": str(round(height))}


def _usable(page_set: PageSet, segment: Segment) -> bool:
    translation = page_set.translations.get(segment.text)
    return bool(translation and translation.usable)


def _translated_text(block: Block, page_set: PageSet) -> str:
    parts = []
    for segment in block.segments:
        translation = page_set.translations.get(segment.text)
        parts.append(translation.text if translation and translation.usable else segment.text)
    return " ".join(parts)


def _inline(element, block: Block, page_set: PageSet):
    """Fill ``element`` with the block's sentences, each marked with its status."""
    spans = [_segment_span(segment, block, page_set) for segment in block.segments]
    german = [span.get("data-status") == Status.UNTRANSLATED.value for span in spans]
    rtl = _rtl(page_set.lang)
    if spans and all(german):  # a wholly German block: German paragraph, left-aligned
        element.set("lang", SOURCE_LANG)
        if rtl:
            element.set("dir", "ltr")
    for index, run in enumerate(_runs(spans, german, group=rtl and not all(german))):
        if index:
            _append_text(element, " ")
        element.append(run)
    return element


def _runs(spans: list, german: list[bool], group: bool) -> list:
    """Consecutive German sentences of an RTL page travel in one LTR wrapper.

    Each German sentence is an isolated LTR run; two of them side by side inside RTL
    text are ordered right to left, so the reader would meet the second sentence first
    and their wrapped lines interleaved. One wrapper keeps their own order.
    """
    runs: list = []
    for index, span in enumerate(spans):
        joins = group and german[index] and index and german[index - 1]
        if not joins:
            runs.append(span)
            continue
        if runs[-1].get("data-status"):  # the previous German sentence, still unwrapped
            wrapper = E.SPAN(lang=SOURCE_LANG, dir="ltr")
            wrapper.append(runs[-1])
            runs[-1] = wrapper
        _append_text(runs[-1], " ")
        runs[-1].append(span)
    return runs


def _segment_span(segment: Segment, block: Block, page_set: PageSet):
    """One sentence: its translation with the status mark, or the German original.

    Within one :func:`render_issue` call the same sentence (text, tags) gives the same
    span in the same language and marking, and, when shown in German, in every language
    of the same direction: it is built once and copied (lxml's copy is C code, building
    is Python).
    """
    if page_set.spans is None or page_set.german_spans is None:
        return _new_segment_span(segment, page_set)
    sentence = (segment.text, tuple(segment.tags.items()))
    translation = page_set.translations.get(segment.text)
    if page_set.original or not (translation and translation.usable):
        cache, key = page_set.german_spans, (page_set.original, _rtl(page_set.lang), *sentence)
    else:
        cache, key = page_set.spans, (page_set.mark_machine, *sentence)
    span = cache.get(key)
    if span is None:
        span = cache[key] = _new_segment_span(segment, page_set)
    return copy.copy(span)  # an lxml element's copy is deep: the span with its content


def _new_segment_span(segment: Segment, page_set: PageSet):
    if page_set.original:  # the source itself: nothing to mark
        span = E.SPAN(E.CLASS("seg"))
        _fill(span, segment.text, segment.tags, page_set, german=True)
        return span
    translation = page_set.translations.get(segment.text)
    if translation and translation.usable:
        marked = page_set.mark_machine and translation.status is Status.MACHINE
        span = E.SPAN(E.CLASS("seg machine-mark" if marked else "seg"),
                      **{"data-status": translation.status.value})
        _fill(span, translation.text, segment.tags, page_set)
        return span
    span = E.SPAN(E.CLASS("seg untranslated"), lang=SOURCE_LANG, dir="ltr",
                  **{"data-status": Status.UNTRANSLATED.value})
    _fill(span, segment.text, segment.tags, page_set, german=True)
    return span


def _fill(parent, text: str, tags: dict[str, InlineTag], page_set: PageSet,
          german: bool = False) -> None:
    """Turn text with inline tags into elements; unmatched tags degrade to plain text.

    The attributes (a link's address) come from the German sentence's own tags, never
    from the translation: a reviewer can move a link, not change where it points.
    """
    if not tags_balanced(text, tags):
        _append_words(parent, strip_tags(text), page_set, german)
        return
    stack = [parent]
    last = 0
    for match in INLINE_TAG.finditer(text):
        _append_words(stack[-1], text[last:match.start()], page_set, german,
                      linked=any(e.tag == "a" for e in stack))
        last = match.end()
        tag_id = match.group(1) + match.group(2)
        if match.group(0).startswith("</"):
            stack.pop()
        else:
            tag = tags[tag_id]
            child = etree.SubElement(stack[-1], tag.element)
            for name, value in tag.attrs:
                child.set(name, value)
            stack.append(child)
    _append_words(stack[-1], text[last:], page_set, german,
                  linked=any(e.tag == "a" for e in stack))


def _append_words(parent, text: str, page_set: PageSet, german: bool,
                  linked: bool = False) -> None:
    """Append text; e-mail addresses and phone numbers become links a phone can follow.

    Inside a link already (``linked``) the text stays text: links do not nest.
    """
    last = 0
    for start, end, kind in ([] if linked else _contacts(text)):
        _append_terms(parent, text[last:start], page_set, german)
        link = etree.SubElement(parent, "a", href=contact_href(kind, text[start:end]))
        link.text = text[start:end]
        if _rtl(page_set.lang):
            link.set("dir", "ltr")
        last = end
    _append_terms(parent, text[last:], page_set, german)


#: Six digits with nothing but a phone number's separators between them.
_SIX_DIGITS = re.compile(r"\d(?:[ /–()-]*\d){5}")


def _contacts(text: str) -> list[tuple[int, int, str]]:
    """:func:`~pipeline.text.contacts`, skipped for text that cannot hold one.

    An address needs an ``@``; a phone number six digits (``\\d``, the only digits its
    pattern takes) joined by spaces, ``/``, dashes or brackets. Most sentences, even
    with dates and prices, have neither.
    """
    if "@" not in text and not _SIX_DIGITS.search(text):
        return []
    return contacts(text)


def contact_href(kind: str, text: str) -> str:
    """``mailto:`` for an address; ``tel:`` in international form for a phone number.

    The magazine's numbers are German: "0201 88-12345" is "+492018812345", dialled
    from any phone, also from a reader's foreign SIM card.
    """
    if kind == "email":
        return f"mailto:{text}"
    digits = re.sub(r"[^\d+]", "", text.replace("(0)", ""))  # "+49 (0)201": no trunk 0
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return f"tel:{digits}"


def _append_terms(parent, text: str, page_set: PageSet, german: bool) -> None:
    """Append text; German terms kept as written get ``lang="de"`` (WCAG 3.1.2)."""
    if german or not text:
        _append_text(parent, text)
        return
    last = 0
    for start, end in page_set.kept_german(text, page_set.lang):
        _append_text(parent, text[last:start])
        span = etree.SubElement(parent, "span", lang=SOURCE_LANG)
        if _rtl(page_set.lang):
            span.set("dir", "ltr")
        span.text = text[start:end]
        last = end
    _append_text(parent, text[last:])


def _rtl(lang: str) -> bool:
    """Whether a page language is written right to left (asked for every sentence part)."""
    return _direction(lang) == "rtl"


def _append_text(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def default_stylesheet() -> str:
    from importlib.resources import files

    return files("pipeline").joinpath("page.css").read_text(encoding="utf-8")
