"""Render stage: localized, accessible web pages built with lxml.

HTML is built as a tree, never concatenated: every text from an engine or a PO file is
escaped by lxml. Inline tags in a translation are turned back into the real elements
from the source's :class:`~pipeline.model.InlineTag` (a reviewer can move a link, never
change where it points). Rendering knows nothing of engines or PO files: it gets the
document, the translations and the interface strings.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from lxml import etree
from lxml.html import builder as E

from .files import write_atomic
from .model import INLINE_TAG, Article, Block, BlockKind, Issue, Status, Translation, strip_tags

SOURCE_LANG = "de"
MEDIA_DIR = "media"

#: Finds German terms kept as written inside a translated text: (text, lang) → spans.
KeptGerman = Callable[[str, str], list[tuple[int, int]]]


@dataclass
class PageSet:
    """What the renderer needs for one language."""

    lang: str
    translations: dict[str, Translation]  # German sentence → translation
    ui: Callable[[str], str]  # interface string lookup (English msgid → localized)
    kept_german: KeptGerman = field(default=lambda text, lang: [])


def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr`` from Babel's locale data."""
    return "rtl" if Locale.parse(lang).text_direction == "rtl" else "ltr"


def native_name(lang: str) -> str:
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def render_issue(issue: Issue, source_dir: Path, out_dir: Path, pages: list[PageSet],
                 stylesheet: str) -> list[Path]:
    """Write every page of every language plus the language list; return the paths."""
    written = [_copy_media(issue, source_dir, out_dir)]
    langs = [p.lang for p in pages]
    for page_set in pages:
        lang_dir = out_dir / page_set.lang
        for article in issue.articles:
            page = article_page(issue, article, page_set, langs, stylesheet)
            written.append(_write_page(lang_dir / f"{article.slug}.html", page))
        written.append(_write_page(lang_dir / "index.html",
                                   language_index(issue, page_set, langs, stylesheet)))
    written.append(_write_page(out_dir / "index.html", issue_index(issue, langs, stylesheet)))
    return [p for p in written if p]


def _write_page(path: Path, root) -> Path:
    html = etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    write_atomic(path, html + "\n")
    return path


def _copy_media(issue: Issue, source_dir: Path, out_dir: Path) -> Path | None:
    """Images referenced by articles travel with the pages; nothing is loaded remotely."""
    media = out_dir / MEDIA_DIR
    for article in issue.articles:
        for block in article.blocks:
            source = source_dir / block.src if block.src else None
            if source and source.is_file() and "://" not in block.src:
                media.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, media / source.name)
    return None


# --- page skeleton ----------------------------------------------------------

def _page(lang: str, title: str, stylesheet: str, ui, nav, main_children, notice=None):
    body = E.BODY(
        E.A(ui("Skip to main content"), E.CLASS("skip-link"), href="#main"),
        E.E.header(E.P(E.CLASS("masthead"), "migo"), nav, *( [notice] if notice is not None else [])),
        E.E.main(*main_children, id="main", tabindex="-1"),
        E.E.footer(E.P(ui("migo is the member magazine of the Essener Verbund der "
                          "Immigrantenvereine e.V."))),
    )
    head = E.HEAD(E.META(charset="utf-8"),
                  E.META(name="viewport", content="width=device-width, initial-scale=1"),
                  E.TITLE(title), E.STYLE(stylesheet))
    return E.HTML(head, body, lang=lang, dir=text_direction(lang))


def _language_nav(ui, langs: list[str], current: str, target: Callable[[str], str]):
    items = []
    for lang in langs:
        label = native_name(lang)
        if lang == current:
            link = E.A(label, href=target(lang), lang=lang, hreflang=lang,
                       **{"aria-current": "page"})
        else:
            link = E.A(label, href=target(lang), lang=lang, hreflang=lang)
        if text_direction(lang) != text_direction(current):
            link.set("dir", text_direction(lang))
        items.append(E.LI(link))
    return E.E.nav(E.UL(*items, E.CLASS("languages")), **{"aria-label": ui("Languages")})


# --- pages ------------------------------------------------------------------

def article_page(issue: Issue, article: Article, page_set: PageSet, langs: list[str],
                 stylesheet: str):
    ui = page_set.ui
    counts = _status_counts(article, page_set.translations)
    notice = _notice(ui, counts, page_set.lang)
    nav = _language_nav(ui, langs, page_set.lang, lambda lang: f"../{lang}/{article.slug}.html")
    body = [_block_element(block, page_set) for block in _with_figures(article.blocks)]
    back = E.P(E.A(ui("All articles of this issue"), href="index.html"))
    title = strip_tags(_translated_text(article.blocks[0], page_set)) if article.blocks else ""
    return _page(page_set.lang, title or article.slug, stylesheet, ui, nav,
                 [E.E.article(*body), back], notice)


def language_index(issue: Issue, page_set: PageSet, langs: list[str], stylesheet: str):
    ui = page_set.ui
    nav = _language_nav(ui, langs, page_set.lang, lambda lang: f"../{lang}/index.html")
    items = []
    for article in issue.articles:
        heading = next((b for b in article.blocks if b.kind is BlockKind.HEADING), None)
        label = strip_tags(_translated_text(heading, page_set)) if heading else article.slug
        items.append(E.LI(E.A(label, href=f"{article.slug}.html")))
    title = ui("migo issue {issue}").format(issue=issue.name)
    return _page(page_set.lang, title, stylesheet, ui, nav, [E.H1(title), E.UL(*items)])


def issue_index(issue: Issue, langs: list[str], stylesheet: str):
    """The entry page lists the languages by their own names, so each reader finds hers."""
    items = [E.LI(E.A(native_name(lang), href=f"{lang}/index.html", lang=lang, hreflang=lang,
                      dir=text_direction(lang))) for lang in langs]
    title = f"migo {issue.name}"
    nav = E.E.nav(E.UL(*items, E.CLASS("languages")), **{"aria-label": "Sprachen / Languages"})
    return _page(SOURCE_LANG, title, stylesheet, lambda s: _GERMAN_UI.get(s, s), nav,
                 [E.H1(f"migo – Ausgabe {issue.name}"),
                  E.P("Wählen Sie Ihre Sprache. Choose your language.")])


_GERMAN_UI = {
    "Skip to main content": "Zum Hauptinhalt springen",
    "migo is the member magazine of the Essener Verbund der Immigrantenvereine e.V.":
        "migo ist die Mitgliederzeitschrift des Essener Verbundes der Immigrantenvereine e.V.",
}


# --- notice and status ------------------------------------------------------

def _status_counts(article: Article, translations: dict[str, Translation]) -> dict[Status, int]:
    counts = {status: 0 for status in Status}
    for segment in article.segments():
        translation = translations.get(segment.text)
        counts[translation.status if translation and translation.usable
               else Status.UNTRANSLATED] += 1
    return counts


def _notice(ui, counts: dict[Status, int], lang: str):
    """Tell the reader honestly how much of the page a person has checked."""
    total = sum(counts.values())
    text = ui("This text was translated from German by a machine. A person has checked "
              "{reviewed} of {total} passages.").format(
        reviewed=format_decimal(counts[Status.REVIEWED], locale=lang),
        total=format_decimal(total, locale=lang))
    return E.P(text, E.CLASS("notice"), role="note")


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
    """Consecutive list items become one list."""
    grouped = []
    for item in items:
        if isinstance(item, Block) and item.kind is BlockKind.LIST_ITEM:
            if grouped and isinstance(grouped[-1], list):
                grouped[-1].append(item)
                continue
            grouped.append([item])
        else:
            grouped.append(item)
    return grouped


def _block_element(item, page_set: PageSet):
    if isinstance(item, list):
        return E.UL(*[_inline(E.LI(), block, page_set) for block in item])
    if isinstance(item, tuple):
        image, caption = item
        return E.E.figure(_image(image, page_set),
                          _inline(E.E.figcaption(), caption, page_set))
    block = item
    if block.kind is BlockKind.HEADING:
        return _inline(etree.Element(f"h{max(1, min(block.level or 1, 6))}"), block, page_set)
    if block.kind is BlockKind.IMAGE:
        return E.E.figure(_image(block, page_set))
    if block.kind is BlockKind.QUOTE:
        return E.BLOCKQUOTE(_inline(E.P(), block, page_set))
    return _inline(E.P(), block, page_set)


def _image(block: Block, page_set: PageSet):
    alt = strip_tags(_translated_text(block, page_set))
    src = block.src if "://" in block.src else f"../{MEDIA_DIR}/{Path(block.src).name}"
    return E.IMG(src=src, alt=alt)


def _translated_text(block: Block, page_set: PageSet) -> str:
    parts = []
    for segment in block.segments:
        translation = page_set.translations.get(segment.text)
        parts.append(translation.text if translation and translation.usable else segment.text)
    return " ".join(parts)


def _inline(element, block: Block, page_set: PageSet):
    """Fill ``element`` with the block's sentences, each marked with its status."""
    for index, segment in enumerate(block.segments):
        translation = page_set.translations.get(segment.text)
        if index:
            _append_text(element, " ")
        if translation and translation.usable:
            span = E.SPAN(E.CLASS(f"seg {translation.status.value}"),
                          **{"data-status": translation.status.value})
            _fill(span, translation.text, block, page_set)
        else:
            span = E.SPAN(E.CLASS("seg untranslated"), lang=SOURCE_LANG, dir="ltr",
                          **{"data-status": Status.UNTRANSLATED.value})
            _fill(span, segment.text, block, page_set, german=True)
        element.append(span)
    return element


def _fill(parent, text: str, block: Block, page_set: PageSet, german: bool = False) -> None:
    """Turn text with inline tags into elements; unmatched tags degrade to plain text."""
    if not _balanced(text, block):
        _append_words(parent, strip_tags(text), page_set, german)
        return
    stack = [parent]
    last = 0
    for match in INLINE_TAG.finditer(text):
        _append_words(stack[-1], text[last:match.start()], page_set, german)
        last = match.end()
        tag_id = match.group(1) + match.group(2)
        if match.group(0).startswith("</"):
            stack.pop()
        else:
            tag = block.tags[tag_id]
            child = etree.SubElement(stack[-1], tag.element)
            for name, value in tag.attrs:
                child.set(name, value)
            stack.append(child)
    _append_words(stack[-1], text[last:], page_set, german)


def _balanced(text: str, block: Block) -> bool:
    stack = []
    for match in INLINE_TAG.finditer(text):
        tag_id = match.group(1) + match.group(2)
        if tag_id not in block.tags:
            return False
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != tag_id:
                return False
        else:
            stack.append(tag_id)
    return not stack


def _append_words(parent, text: str, page_set: PageSet, german: bool) -> None:
    """Append text; German terms kept as written get ``lang="de"`` (WCAG 3.1.2)."""
    if german or not text:
        _append_text(parent, text)
        return
    last = 0
    for start, end in page_set.kept_german(text, page_set.lang):
        _append_text(parent, text[last:start])
        span = etree.SubElement(parent, "span", lang=SOURCE_LANG)
        if text_direction(page_set.lang) == "rtl":
            span.set("dir", "ltr")
        span.text = text[start:end]
        last = end
    _append_text(parent, text[last:])


def _append_text(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# --- interface strings -------------------------------------------------------

UI_DOMAIN = "migo-interface"


def load_interface_strings(lang: str, locales_dir: Path) -> Callable[[str], str]:
    """The few strings of the page frame, from ``<lang>/LC_MESSAGES/migo-interface.po``.

    Languages without a catalog fall back to English (the msgids); fuzzy entries are
    not used, exactly as gettext does.
    """
    from babel.messages.pofile import read_po

    path = locales_dir / lang / "LC_MESSAGES" / f"{UI_DOMAIN}.po"
    table: dict[str, str] = {}
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        table = {m.id: m.string for m in catalog
                 if m.id and isinstance(m.string, str) and m.string and not m.fuzzy}
    return lambda msgid: table.get(msgid, msgid)


def default_stylesheet() -> str:
    from importlib.resources import files

    return files("pipeline").joinpath("page.css").read_text(encoding="utf-8")
