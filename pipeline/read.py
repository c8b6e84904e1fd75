"""Read stage: German articles (Markdown, HTML, plain text) → the document model.

Each reader keeps only structure that we know how to translate and render again
(headings, paragraphs, list items, quotes, images with alt text and captions) and turns
inline links and emphasis into short paired tags inside the block text, so that they
travel through segmentation, translation and review together with their words.
"""

from __future__ import annotations

import contextlib
import html as html_module
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from .errors import InputError
from .files import ARTICLE_LIMIT, read_regular
from .model import Article, Block, BlockKind, InlineTag, Issue, join_lines, strip_tags

SUFFIXES = (".md", ".html", ".htm", ".txt")
#: Page names the renderer uses beside the articles (the language index, the single
#: file); an article with such a name would be overwritten without a word.
RESERVED_NAMES = ("index", "all-articles")
_SPACES = re.compile(r"\s+")


def read_issue(issue_dir: Path) -> Issue:
    """Read every article of an issue folder, in file-name order."""
    issue_dir = Path(issue_dir)
    if not issue_dir.is_dir():
        raise InputError("is not a folder of German articles", issue_dir)
    name = issue_name(issue_dir)
    files = sorted(p for p in issue_dir.iterdir()  # a FIFO too: read_article refuses it
                   if not p.is_dir() and p.suffix.lower() in SUFFIXES)
    for folder in sorted(p for p in issue_dir.iterdir() if p.is_dir()):
        if any(p.suffix.lower() in SUFFIXES for p in folder.rglob("*") if p.is_file()):
            raise InputError("holds articles in a subfolder, which a run would miss; put "
                             "them directly into the issue folder", folder)
    if not files:
        raise InputError(f"holds no articles (expected {', '.join(SUFFIXES)} files)", issue_dir)
    articles = [read_article(path) for path in files]
    slugs = [a.slug for a in articles]
    for article in articles:
        if slugs.count(article.slug) > 1:
            raise InputError(f"two articles share the name {article.slug!r}", issue_dir)
        if article.slug in RESERVED_NAMES:
            raise InputError(f"the name {article.slug!r} is taken by the pages migo writes "
                             "next to the articles; rename the file", issue_dir / article.source)
    return Issue(name=name, articles=articles)


def issue_name(issue_dir: Path) -> str:
    """The issue's name: the resolved folder's own name, never ``.``, ``..`` or empty.

    The name becomes the PO files' and the output folder's name; ``migo translate ..``
    once wrote pages into the parent of ``--out`` and PO files named ``...po``.
    """
    name = Path(issue_dir).resolve().name
    if not name or name.startswith(".") or _CONTROL.search(name):
        raise InputError("cannot name an issue (use a folder name such as 2024-04)",
                         issue_dir)
    return name


def read_article(path: Path) -> Article:
    """Read one article; the suffix picks the reader."""
    warnings: list[str] = []
    text = read_text_file(path, warnings)
    readers = {".md": blocks_from_markdown, ".txt": blocks_from_text,
               ".html": blocks_from_html, ".htm": blocks_from_html}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"unknown article type {path.suffix!r}", path)
    try:
        blocks = reader(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot be read: {exc}", path) from exc
    except RecursionError:  # hundreds of unclosed tags: refuse rather than lose text
        raise InputError("cannot be read: the text is nested too deeply (hundreds of "
                         "unclosed tags?); nothing was translated", path) from None
    blocks = [b for b in blocks if b.text.strip() or b.kind is BlockKind.IMAGE]
    if not any(b.text.strip() for b in blocks):
        raise InputError("has no text", path)
    if all(b.kind is BlockKind.HEADING for b in blocks):
        raise InputError("has only a title, no text below it (in a .txt file the first "
                         "line is the title, then a blank line, then the paragraphs)", path)
    return Article(slug=_slug(path.stem), source=path.name, blocks=blocks, warnings=warnings)


def read_text_file(path: Path, warnings: list[str] | None = None) -> str:
    """UTF-8 text (a BOM from Windows editors is fine), or one clear error naming the file.

    Word and old mail programs save Windows-1252 (or Latin-1): such a file is read in
    that charset, and ``warnings`` gets a line naming the file and the first non-UTF-8
    line, so the editor knows and can check the umlauts. Control characters (ESC, ^A)
    stop the run naming the line, before anything is written: no page may hold them.
    """
    data = read_regular(path, ARTICLE_LIMIT, InputError)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is not UTF-8 text but UTF-16; save it as UTF-8", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        text = _legacy_text(data)
        if warnings is not None:
            warnings.append(f"{path}:{line}: not UTF-8; read as Windows-1252 (check the "
                            "umlauts, and save it as UTF-8)")
    control = _CONTROL.search(text)
    if control:
        raise InputError(f"control character U+{ord(control.group()):04X} in the text; "
                         "delete it in a text editor", path, text[:control.start()].count("\n") + 1)
    return text


# C0 controls but tab, line feed, carriage return and form feed (a page break in .txt)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _legacy_text(data: bytes) -> str:
    """Windows-1252, the charset of Word's "text" files; Latin-1 for its five gaps."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "article"


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class _InlineBuilder:
    """Collects the text of one block while numbering its inline tags."""

    parts: list[str] = field(default_factory=list)
    tags: dict[str, InlineTag] = field(default_factory=dict)
    open_ids: list[str] = field(default_factory=list)

    def text(self, value: str) -> None:
        self.parts.append(value)

    def open(self, element: str, attrs: dict[str, str] | None = None) -> None:
        if element == "a" and not safe_href((attrs or {}).get("href", "")):
            self.open_ids.append("")  # the words stay, the link does not: see safe_href
            return
        tag_id = f"{element}{len(self.tags) + 1}"
        self.tags[tag_id] = InlineTag(tag_id, element, tuple(sorted((attrs or {}).items())))
        self.open_ids.append(tag_id)
        self.parts.append(f"<{tag_id}>")

    def close(self) -> None:
        if self.open_ids:
            tag_id = self.open_ids.pop()
            if tag_id:
                self.parts.append(f"</{tag_id}>")

    def block(self, kind: BlockKind, line: int, **extra) -> Block:
        while self.open_ids:
            self.close()
        text = _drop_empty_tags(_clean("".join(self.parts)))
        tags = {k: v for k, v in self.tags.items() if f"<{k}>" in text}
        return Block(kind=kind, text=text, tags=tags, line=line, **extra)


_SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def safe_href(href: str) -> bool:
    """Links readers can follow without risk: web, e-mail, phone, or inside the site.

    Article HTML comes from outside (a city's page, a partner's newsletter); a
    ``javascript:`` or ``data:`` link in it must never reach the clubs' pages. Browsers
    drop tabs and line breaks anywhere in a URL and decode entities in attributes, so
    ``jav&#x09;ascript:`` is ``javascript:``: the scheme is judged on the address as a
    browser reads it, and anything that could be a scheme must be one of the four.
    """
    href = _BROWSER_IGNORES.sub("", html_module.unescape(href or ""))
    if not href:
        return False
    end = min((at for at in (href.find(c) for c in "/?#") if at >= 0), default=len(href))
    if ":" not in href[:end]:
        return True  # a path inside the site
    scheme = href[:href.index(":")]
    return scheme.lower() in _SAFE_SCHEMES


#: What browsers strip from a URL before reading its scheme: ASCII whitespace and
#: controls, plus the invisible characters that could hide a scheme from a reviewer.
_BROWSER_IGNORES = re.compile("[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202e"
                              "\u2060-\u2064\ufeff]")


def _drop_empty_tags(text: str) -> str:
    return re.sub(r"<([a-z]+\d+)>\s*</\1>", "", text)


# --- Markdown ---------------------------------------------------------------

_MD_INLINE = {"em": "em", "strong": "strong", "link": "a", "s": "s"}


def blocks_from_markdown(text: str) -> list[Block]:
    """CommonMark via markdown-it: headings, paragraphs, lists, quotes, images."""
    with _stack_for(_MD_NESTING):
        tokens = MarkdownIt("commonmark", {"maxNesting": _MD_NESTING}).parse(text)
    _refuse_lost_markdown(tokens)
    blocks: list[Block] = []
    context: list[str] = []  # enclosing list items / quotes
    lists: list[tuple[int, bool]] = []  # enclosing lists: (number, ordered)
    heading_level = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = token.map[0] + 1 if token.map else len(blocks) + 1  # names the list
            lists.append((start, token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            context.append("li")
        elif token.type == "blockquote_open":
            context.append("quote")
        elif token.type in ("list_item_close", "blockquote_close"):
            context.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline":
            line = (token.map[0] + 1) if token.map else 0
            kind = _md_kind(heading_level, context)
            new = _md_inline_blocks(token.children or [], kind, line, heading_level)
            _mark_list(new, lists[0] if lists else None)
            blocks.extend(new)
            heading_level = 0
        elif token.type in ("code_block", "fence", "html_block"):
            continue  # not prose: nothing to translate
    return blocks


#: markdown-it stops at 20 nested quotes or lists by default and drops what lies deeper
#: without a word; migo allows far more and refuses what is deeper still.
_MD_NESTING = 400


def _refuse_lost_markdown(tokens) -> None:
    """Stop when markdown-it reached its nesting limit: the text below it is gone."""
    for token in tokens:
        levels = [token.level] + [child.level for child in token.children or []]
        if max(levels) >= _MD_NESTING - 1:
            line = token.map[0] + 1 if token.map else 0
            raise ValueError(f"line {line}: quotes, lists or emphasis are nested too deeply "
                             f"(more than {_MD_NESTING - 2} levels) for migo to read all of "
                             "the text; nothing was translated")


def _mark_list(blocks: list[Block], outer: tuple[int, bool] | None) -> None:
    """Nested lists are flattened into their outermost list, which keeps its kind."""
    for block in blocks:
        if block.kind is BlockKind.LIST_ITEM and outer is not None:
            block.list_id, block.ordered = outer


def _md_kind(heading_level: int, context: list[str]) -> BlockKind:
    if heading_level:
        return BlockKind.HEADING
    if context and context[-1] == "li":
        return BlockKind.LIST_ITEM
    if "quote" in context:
        return BlockKind.QUOTE
    return BlockKind.PARAGRAPH


def _md_inline_blocks(children, kind: BlockKind, line: int, level: int) -> list[Block]:
    """One inline run → one block; a leading image splits off with its caption."""
    if children and children[0].type == "image":
        image = children[0]
        alt = "".join(c.content for c in (image.children or [])) or image.content
        rest = [c for c in children[1:] if c.type not in ("softbreak", "hardbreak")]
        rest = _unwrap_whole_emphasis(rest)
        blocks = [Block(BlockKind.IMAGE, _clean(alt), line=line, src=image.attrGet("src") or "")]
        if rest:
            blocks.append(_md_inline_block(rest, BlockKind.CAPTION, line, 0))
        return blocks
    return [_md_inline_block(children, kind, line, level)]


def _unwrap_whole_emphasis(children):
    """A caption written as ``*…*`` is styled by the figure, not emphasised text."""
    if len(children) >= 2 and children[0].type == "em_open" and children[-1].type == "em_close":
        inner = children[1:-1]
        if not any(c.type == "em_open" for c in inner):
            return inner
    return children


def _md_inline_block(children, kind: BlockKind, line: int, level: int) -> Block:
    builder = _InlineBuilder()
    for child in children:
        if child.type in ("text", "html_inline"):
            builder.text(child.content if child.type == "text" else "")
        elif child.type == "code_inline":
            builder.open("code")
            builder.text(child.content)
            builder.close()
        elif child.type in ("softbreak", "hardbreak"):
            builder.text(" ")
        elif child.type.endswith("_open"):
            element = _MD_INLINE.get(child.type[:-5], "span")
            attrs = {"href": child.attrGet("href")} if element == "a" else {}
            builder.open(element, attrs)
        elif child.type.endswith("_close"):
            builder.close()
        elif child.type == "image":
            builder.text(child.content)
    return builder.block(kind, line, level=level)


# --- Plain text -------------------------------------------------------------

def blocks_from_text(text: str) -> list[Block]:
    """First line is the title, blank lines separate paragraphs; the lines of a
    paragraph are joined as ``migo segment`` joins them (:func:`join_lines`)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    paragraph: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if not blocks and line.strip():
            blocks.append(Block(BlockKind.HEADING, _clean(line), line=number, level=1))
            continue
        if line.strip():
            start = start or number
            paragraph.append(line)
        elif paragraph:
            blocks.append(Block(BlockKind.PARAGRAPH, join_lines(paragraph), line=start))
            paragraph, start = [], 0
    if paragraph:
        blocks.append(Block(BlockKind.PARAGRAPH, join_lines(paragraph), line=start))
    return blocks


# --- HTML -------------------------------------------------------------------

_HTML_BLOCKS = {"p": BlockKind.PARAGRAPH, "li": BlockKind.LIST_ITEM,
                "blockquote": BlockKind.QUOTE, "figcaption": BlockKind.CAPTION}
_HTML_INLINE = {"a": "a", "em": "em", "i": "em", "strong": "strong", "b": "strong",
                "code": "code"}
_HTML_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
              "template", "button", "svg"}


def blocks_from_html(text: str) -> list[Block]:
    """Keep known structure only; page chrome (nav, header, footer, scripts) is dropped."""
    text = _XML_DECLARATION.sub("", text, count=1)  # XHTML: lxml refuses it in a str
    if not text.strip():
        return []
    parser = lxml_html.HTMLParser(huge_tree=True)  # else text past ~255 levels is lost
    root = lxml_html.document_fromstring(text, parser=parser)
    _refuse_lost_text(parser)
    body = next((found for found in (root.find(f".//{name}") for name in ("main", "article", "body"))
                 if found is not None), root)
    blocks: list[Block] = []
    with _stack_for(_DEEPEST_HTML):
        _walk_html(body, blocks, inside_quote=False)
    return blocks


_DEEPEST_HTML = 2048  # libxml2's own limit with huge_tree; deeper is refused above


@contextlib.contextmanager
def _stack_for(depth: int):
    """Room for the walk's recursion (a few frames per element) down to ``depth``.

    Python's default of 1000 frames would stop at about 300 nested elements; a
    newsletter editor's unclosed ``<p><span>`` reach that.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, depth * 4 + 200))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _refuse_lost_text(parser) -> None:
    """Stop when libxml2 gave up on part of the page: never translate half an article.

    Even with ``huge_tree`` libxml2 stops at 2048 nested elements and drops the rest of
    the document, reporting it only in the parser's log.
    """
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or entry.level_name == "FATAL":
            raise ValueError(f"line {entry.line}: the HTML is nested too deeply for migo to "
                             "read all of it (more than 2000 open elements; an editor left "
                             "tags unclosed?); nothing was translated")


def _walk_html(element, blocks: list[Block], inside_quote: bool) -> None:
    """Known blocks become blocks; text standing loose in any container becomes one too.

    Text directly in a ``<div>``, a table cell, or a list item that also holds a
    sub-list is article text: dropping it would silently leave sentences untranslated.
    """
    loose = _LooseText(_loose_kind(element, inside_quote), element.sourceline or 0,
                       _html_list_of(element) if element.tag == "li" else None)
    loose.add_text(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _HTML_INLINE_ONLY and not _has_block_children(child):
            _html_inline_child(child, loose.builder)
        elif tag and tag not in _HTML_SKIP:
            loose.flush(blocks)
            _html_block(child, tag, blocks, inside_quote)
        loose.add_text(child.tail)
    loose.flush(blocks)


def _html_block(child, tag: str, blocks: list[Block], inside_quote: bool) -> None:
    """One block-level element: a block of its own, or a container to walk into."""
    line = child.sourceline or 0
    if re.fullmatch(r"h[1-6]", tag):
        blocks.append(_html_inline_block(child, BlockKind.HEADING, line, int(tag[1])))
    elif tag == "img":
        blocks.append(Block(BlockKind.IMAGE, _clean(child.get("alt", "")), line=line,
                            src=child.get("src", "")))
    elif tag == "blockquote" and not _has_block_children(child):
        blocks.append(_html_inline_block(child, BlockKind.QUOTE, line, 0))
    elif tag == "blockquote":
        _walk_html(child, blocks, inside_quote=True)
    elif tag in _HTML_BLOCKS and not _has_block_children(child):
        kind = BlockKind.QUOTE if inside_quote and tag == "p" else _HTML_BLOCKS[tag]
        block = _html_inline_block(child, kind, line, 0)
        _mark_list([block], _html_list_of(child))
        blocks.append(block)
    else:
        _walk_html(child, blocks, inside_quote)


def _html_list_of(element) -> tuple[int, bool] | None:
    """The outermost ``ul``/``ol`` around a list item, as (a number naming it, ordered)."""
    outer = None
    for ancestor in element.iterancestors("ul", "ol"):
        outer = ancestor
    if outer is None:
        return None
    return zlib.crc32(outer.getroottree().getpath(outer).encode()) or 1, outer.tag == "ol"


_HTML_INLINE_ONLY = set(_HTML_INLINE) | {
    "span", "br", "abbr", "small", "sup", "sub", "u", "mark", "time", "q", "cite", "s",
    "del", "ins", "bdi", "bdo", "kbd", "samp", "var", "dfn", "font", "label", "data"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _loose_kind(element, inside_quote: bool) -> BlockKind:
    if element.tag == "li":
        return BlockKind.LIST_ITEM
    if inside_quote or element.tag == "blockquote":
        return BlockKind.QUOTE
    return BlockKind.CAPTION if element.tag == "figcaption" else BlockKind.PARAGRAPH


class _LooseText:
    """Inline content between the blocks of a container, gathered into one block."""

    def __init__(self, kind: BlockKind, line: int, in_list: tuple[int, bool] | None) -> None:
        self.kind, self.line, self.in_list = kind, line, in_list
        self.builder = _InlineBuilder()

    def add_text(self, text: str | None) -> None:
        self.builder.text(text or "")

    def flush(self, blocks: list[Block]) -> None:
        block = self.builder.block(self.kind, self.line, level=0)
        if strip_tags(block.text).strip():
            _mark_list([block], self.in_list)
            blocks.append(block)
        self.builder = _InlineBuilder()


def _has_block_children(element) -> bool:
    names = {"p", "ul", "ol", "li", "blockquote", "figure", "img", "div", "table"}
    names |= {f"h{i}" for i in range(1, 7)}
    return any(isinstance(c.tag, str) and c.tag in names for c in element.iter()
               if c is not element)


def _html_inline_block(element, kind: BlockKind, line: int, level: int) -> Block:
    builder = _InlineBuilder()
    _html_inline(element, builder)
    return builder.block(kind, line, level=level)


def _html_inline(element, builder: _InlineBuilder) -> None:
    builder.text(element.text or "")
    for child in element:
        _html_inline_child(child, builder)
        builder.text(child.tail or "")


def _html_inline_child(child, builder: _InlineBuilder) -> None:
    """One inline element (its tail excepted): a tag pair, a space, or just its words."""
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag in _HTML_SKIP:
        pass
    elif tag == "br":
        builder.text(" ")
    elif tag in _HTML_INLINE:
        element_name = _HTML_INLINE[tag]
        attrs = {"href": child.get("href", "")} if element_name == "a" else {}
        builder.open(element_name, attrs)
        _html_inline(child, builder)
        builder.close()
    elif tag:
        _html_inline(child, builder)  # unknown inline markup: keep its words only
