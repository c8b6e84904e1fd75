"""Check stage: built-in accessibility checks of the pages migo writes (and any others).

axe-core in a real browser is the authority (see ``tests/test_browser_axe.py``), but it
needs Chromium and Node, and it says nothing about right-to-left direction. These checks
need only lxml, so ``migo translate`` runs them on every page it writes and an editor can
run ``migo a11y`` on any folder. Each check is a small registered function that yields
:class:`Finding` objects and never prints; the CLI and the report decide how to show them.

Two kinds of checks: page checks read finished HTML (structure, language, direction,
images, links, CSS), and source checks read the German articles, because an image without
alt text or a "hier" link is the editor's to fix in the source, once for all languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from .errors import InputError
from .findings import ERROR, Finding
from .langs import direction
from .media import (
    IMAGE_MISSING,
    IMAGE_NOT_IMAGE,
    IMAGE_OUTSIDE,
    IMAGE_REMOTE,
    IMAGE_TOO_LARGE,
    IMAGE_TYPES,
    IMAGE_UNSAFE,
    local_image,
)
from .model import BlockKind, Issue, strip_tags


def _at(page: str, element: str, rule: str, message: str) -> Finding:
    """A finding on ``page`` at ``element``: which rule, and what to do about it."""
    return Finding(ERROR, rule, message, path=page, element=element)


# --- CSS, just enough to check colours, sizes and fonts ----------------------

@dataclass(frozen=True)
class CssRule:
    media: str  # the enclosing @media prelude, "" for all media
    selector: str  # or the at-rule, e.g. "@font-face"
    declarations: dict[str, str]


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)


def parse_css(text: str) -> list[CssRule]:
    """Rules with their media context; nested blocks are walked with a stack of preludes."""
    return list(_parse_css(text))


@lru_cache(maxsize=64)
def _parse_css(text: str) -> tuple[CssRule, ...]:
    """Every page of a run has the same stylesheet: it is parsed once (rules are frozen)."""
    text = _COMMENT.sub("", text)
    rules: list[CssRule] = []
    stack: list[str] = []
    start = 0
    for match in re.finditer(r"[{}]", text):
        chunk = text[start:match.start()]
        start = match.end()
        if match.group() == "{":
            stack.append(chunk.strip().rsplit(";", 1)[-1].strip())
        elif stack:
            prelude = stack.pop()
            if not prelude.lower().startswith("@media"):
                media = next((p for p in reversed(stack) if p.lower().startswith("@media")), "")
                rules.append(CssRule(media, prelude, _declarations(chunk)))
    return tuple(rules)


def _declarations(block: str) -> dict[str, str]:
    found = {}
    for part in block.split(";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            found[name.strip().lower()] = value.strip()
    return found


# --- a page under check ---------------------------------------------------------

@dataclass
class Page:
    """A parsed page and its CSS, with the few lookups every check needs."""

    name: str
    root: etree._Element
    css_text: str = ""
    rules: list[CssRule] = field(default_factory=list)

    @classmethod
    def from_html(cls, name: str, html: str) -> Page:
        """Parsed as lxml.html would parse it, into plain lxml elements: lxml.html's
        element classes are looked up in Python for every element a check visits."""
        root = etree.fromstring(html, _HTML_PARSER)
        if root is None:
            raise etree.ParserError("Document is empty")  # as lxml.html says it
        css_text = "\n".join(style.text or "" for style in root.iter("style"))
        return cls(name, root, css_text, parse_css(css_text))

    def where(self, element) -> str:
        """A short path such as ``body/main/article/p[3]/a`` plus the first words."""
        path = element.getroottree().getpath(element).removeprefix("/html/")
        words = " ".join(text_content(element).split())[:40] if element.tag != "html" else ""
        return f'{path} "{words}"' if words else path

    @cached_property
    def with_lang(self) -> list:
        """Every element with a ``lang`` attribute (empty ones too), in document order."""
        return self.root.xpath("//*[@lang]")

    @cached_property
    def headings(self) -> list:
        """``h1``…``h6`` below the root, in document order (two checks read them)."""
        return [e for e in self.root.iter(*_HEADING_TAGS) if e.getparent() is not None]

    def lang_of(self, element) -> str:
        for node in element.iterancestors() if element.get("lang") is None else [element]:
            if node.get("lang") is not None:
                return node.get("lang", "")
        return element.get("lang", "")

    def dir_of(self, element) -> str:
        for node in [element, *element.iterancestors()]:
            if node.get("dir") in ("ltr", "rtl"):
                return node.get("dir")
        return "ltr"

    def variables(self) -> dict[str, str]:
        return _variables(self.rules)


def _variables(rules: Iterable[CssRule]) -> dict[str, str]:
    return {name: value for rule in rules
            for name, value in rule.declarations.items() if name.startswith("--")}


_HTML_PARSER = etree.HTMLParser()  # lxml.html's parser, without its element classes
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: What lxml.html's ``text_content()`` is: the XPath string value of the element.
text_content = etree.XPath("string()", smart_strings=False)
#: CLDR's direction of a code: asked for every ``lang`` of every page.
_lang_direction = lru_cache(maxsize=1024)(direction)


Check = Callable[[Page], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(rule: str) -> Callable[[Check], Check]:
    """Register a page check under the rule name that its findings carry."""
    def register(function: Check) -> Check:
        CHECKS[rule] = function
        return function
    return register


def check_html(name: str, html: str) -> list[Finding]:
    """Run every registered page check on one page's HTML."""
    page = Page.from_html(name, html)
    return [finding for function in CHECKS.values() for finding in function(page)]


def check_path(path: Path) -> list[Finding]:
    """Check one ``.html`` file or every ``.html`` file under a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.rglob("*.html"))
        base = path
    elif path.is_file():
        files, base = [path], path.parent
    else:
        raise InputError("is neither a page nor a folder of pages", path)
    return check_files(files, base)


def check_files(files: Iterable[Path], base: Path) -> list[Finding]:
    findings = []
    for file in files:
        name = str(file.relative_to(base)) if file.is_relative_to(base) else str(file)
        try:
            html = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot be read as a UTF-8 page: {exc}", file) from exc
        findings.extend(check_html(name, html))
    return findings


# --- language and direction -------------------------------------------------------
# The direction comes from pipeline.langs, where render gets it too: the checks expect
# exactly the direction the pages were written with.

@check("html-lang")
def _html_lang(page: Page) -> Iterator[Finding]:
    """WCAG 3.1.1: a screen reader picks its voice from ``<html lang>``."""
    lang = page.root.get("lang", "").strip()
    if not lang:
        yield _at(page.name, "html", "html-lang", "the page has no lang attribute")
    elif direction(lang) is None:
        yield _at(page.name, "html", "html-lang", f"lang={lang!r} is not a language code")


@check("lang-valid")
def _lang_valid(page: Page) -> Iterator[Finding]:
    for element in page.with_lang:
        lang = element.get("lang")
        if element is not page.root and _lang_direction(lang) is None:
            yield _at(page.name, page.where(element), "lang-valid",
                          f"lang={lang!r} is not a language code")


@check("dir")
def _direction(page: Page) -> Iterator[Finding]:
    """Arabic and Persian pages read right to left; other-direction parts say so."""
    expected = direction(page.root.get("lang", ""))  # None: html-lang reports it
    if expected and page.root.get("dir", "ltr") != expected:
        yield _at(page.name, "html", "dir",
                      f'lang={page.root.get("lang")!r} needs dir="{expected}" on <html>')
    for element in page.with_lang:
        if element is page.root or not element.get("lang"):
            continue
        own = _lang_direction(element.get("lang", ""))
        parent = element.getparent()
        if own and parent is not None and element.get("dir") is None \
                and own != page.dir_of(parent):
            yield _at(page.name, page.where(element), "dir",
                          f'{own} text inside {page.dir_of(parent)} text needs dir="{own}"')


@check("untranslated-lang")
def _untranslated_lang(page: Page) -> Iterator[Finding]:
    """WCAG 3.1.2: German left in a translated page must be marked as German."""
    page_lang = page.root.get("lang", "")
    for element in page.root.xpath("//*[@data-status='untranslated']"):
        if page.lang_of(element) == page_lang and page_lang != "de":
            yield _at(page.name, page.where(element), "untranslated-lang",
                          'untranslated German passage needs lang="de"')


# --- structure -------------------------------------------------------------------

@check("title")
def _title(page: Page) -> Iterator[Finding]:
    title = page.root.find("head/title")
    if title is None or not (title.text or "").strip():
        yield _at(page.name, "head", "title", "the page has no <title>")


@check("landmarks")
def _landmarks(page: Page) -> Iterator[Finding]:
    """header, nav, main and footer let screen-reader users jump to what they need."""
    for tag in ("header", "nav", "main", "footer"):
        count = len(page.root.findall(f".//{tag}"))
        if count == 0:
            yield _at(page.name, "body", "landmarks", f"the page has no <{tag}>")
        elif tag == "main" and count > 1:
            yield _at(page.name, "body", "landmarks", "the page has more than one <main>")


@check("skip-link")
def _skip_link(page: Page) -> Iterator[Finding]:
    """Keyboard users skip the header with the first link, which must reach main."""
    first = next(iter(page.root.iterfind(".//body//a[@href]")), None)
    href = first.get("href", "") if first is not None else ""
    if not href.startswith("#") or len(href) < 2:
        yield _at(page.name, "body", "skip-link",
                      "the first link is not a skip link to the main content")
    elif not page.root.xpath("//*[@id=$id]", id=href[1:]):
        yield _at(page.name, page.where(first), "skip-link",
                      f"the skip link points to {href}, which is not on the page")


@check("one-h1")
def _one_h1(page: Page) -> Iterator[Finding]:
    count = sum(1 for h in page.headings if h.tag == "h1")
    if count != 1:
        yield _at(page.name, "body", "one-h1", f"the page has {count} h1 headings, not 1")


@check("heading-order")
def _heading_order(page: Page) -> Iterator[Finding]:
    """Headings start at h1 and go down one level at a time (h1 → h3 skips one)."""
    previous = 0
    for heading in page.headings:
        level = int(heading.tag[1])
        if level > previous + 1:
            expected = "h1" if not previous else f"h{previous + 1} or higher"
            yield _at(page.name, page.where(heading), "heading-order",
                          f"{heading.tag} follows {f'h{previous}' if previous else 'nothing'};"
                          f" expected {expected}")
        previous = level


# --- images and links -------------------------------------------------------------

@check("img-alt")
def _img_alt(page: Page) -> Iterator[Finding]:
    for image in page.root.iter("img"):
        if not (image.get("alt") or "").strip():
            yield _at(page.name, page.where(image), "img-alt",
                          f"image {image.get('src', '')[:60]!r} has no alt text")


@check("figcaption")
def _figcaption(page: Page) -> Iterator[Finding]:
    """A caption belongs to its figure, so it is read together with the image."""
    for caption in page.root.iter("figcaption"):
        if caption.getparent() is None or caption.getparent().tag != "figure":
            yield _at(page.name, page.where(caption), "figcaption",
                          "figcaption outside a figure")


#: Link texts that say nothing on their own (WCAG 2.4.4), in migo's languages.
VAGUE_LINK_TEXTS = frozenset({
    "hier", "mehr", "weiter", "weiterlesen", "link", "klick", "hier klicken",
    "klicken sie hier", "mehr erfahren", "mehr lesen", "mehr infos", "details",
    "here", "click here", "more", "read more", "learn more", "this", "this link", "this page",
    "burada", "buraya tıklayın", "daha fazla", "devamı",
    "هنا", "اضغط هنا", "المزيد", "اقرأ المزيد",
    "اینجا", "بیشتر", "ادامه",
    "здесь", "тут", "подробнее", "далее", "ещё",
    "детальніше", "більше", "далі",
    "tutaj", "kliknij tutaj", "więcej", "dalej", "czytaj dalej",
})


def vague_link_text(text: str) -> bool:
    """True for "hier", "mehr", "read more" and short "zum …"/"zur …" links."""
    words = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    if not words:
        return False
    if " ".join(words) in VAGUE_LINK_TEXTS:
        return True
    return words[0] in ("zum", "zur") and len(words) <= 2


def _link_name(link) -> str:
    alts = " ".join(img.get("alt", "") for img in link.iter("img"))
    return " ".join((link.get("aria-label") or f"{text_content(link)} {alts}").split())


@check("link-text")
def _link_text(page: Page) -> Iterator[Finding]:
    for link in page.root.iter("a"):
        name = _link_name(link)
        if not name:
            yield _at(page.name, page.where(link), "link-text", "the link has no text")
        elif vague_link_text(name):
            yield _at(page.name, page.where(link), "link-text",
                          f"link text {name!r} says nothing on its own; name the target")


# --- reviewed and machine passages ------------------------------------------------

@check("status-mark")
def _status_mark(page: Page) -> Iterator[Finding]:
    """A notice counts the checked passages; where a page mixes checked and machine
    passages, the machine ones carry the mark the notice explains (render's rule)."""
    segments = page.root.xpath("//*[@data-status]")
    if segments and not page.root.xpath("//*[@role='note' or contains(@class, 'notice')]"):
        yield _at(page.name, "header", "status-mark",
                      "the page has translated passages but no notice saying how many "
                      "were checked by a person")
    statuses = {segment.get("data-status") for segment in segments}
    if not {"reviewed", "machine"} <= statuses:
        return  # all checked or none: the notice says it for the whole page
    for segment in segments:
        marked = "machine-mark" in (segment.get("class") or "").split()
        if segment.get("data-status") == "machine" and not marked:
            yield _at(page.name, page.where(segment), "status-mark",
                      "machine passage on a page with checked ones has no mark")


# --- CSS: contrast, sizes, fonts, print and narrow screens ---------------------------

_NAMED = {"white": "#ffffff", "black": "#000000"}


def parse_colour(value: str, variables: dict[str, str]) -> tuple[float, float, float] | None:
    """An sRGB colour from ``#rgb``, ``#rrggbb``, ``rgb()``, a few names or ``var()``."""
    value = _resolve(value.strip().lower(), variables)
    value = _NAMED.get(value, value)
    if match := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore
    if match := re.fullmatch(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+).*\)", value):
        return tuple(int(match.group(i)) / 255 for i in (1, 2, 3))  # type: ignore
    return None


def _resolve(value: str, variables: dict[str, str], depth: int = 0) -> str:
    match = re.fullmatch(r"var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)", value)
    if not match or depth > 5:
        return value
    resolved = variables.get(match.group(1), match.group(2) or "")
    return _resolve(resolved.strip().lower(), variables, depth + 1)


def contrast_ratio(first, second) -> float:
    """WCAG 2 contrast ratio from relative luminance (WCAG 2.2, "contrast ratio")."""
    def luminance(rgb) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _background(declarations: dict[str, str]) -> str | None:
    return declarations.get("background-color") or declarations.get("background")


def _page_colours(rules: Iterable[CssRule]) -> tuple[str, str]:
    """The text and background colours of ``body`` (or ``html``), browser defaults else."""
    text, back = "#000000", "#ffffff"
    for rule in rules:
        if not rule.media and re.search(r"(^|,)\s*(html|body)\s*(,|$)", rule.selector):
            text = rule.declarations.get("color", text)
            back = _background(rule.declarations) or back
    return text, back


@check("contrast")
def _contrast(page: Page) -> Iterator[Finding]:
    """WCAG 1.4.3: at least 4.5:1 for each rule that sets a text or background colour."""
    key = tuple((r.media, r.selector, tuple(r.declarations.items())) for r in page.rules)
    rule_ratios, variables, (text, back) = _stylesheet_contrast(key)
    styled = [(page.where(e), _declarations(e.get("style", "")))
              for e in page.root.iterfind(".//*[@style]")]
    ratios = [*rule_ratios, *((where, _low_contrast(declarations, text, back, variables))
                              for where, declarations in styled)]
    for where, ratio in ratios:
        if ratio is not None:
            yield _at(page.name, where, "contrast",
                          f"text contrast {ratio:.2f}:1 is below 4.5:1")


@lru_cache(maxsize=64)
def _stylesheet_contrast(key: tuple) -> tuple[tuple, dict[str, str], tuple[str, str]]:
    """The stylesheet's part of the contrast check, from the rules' values (``key``).

    Every page of a run has the same stylesheet, so its low-contrast rules, variables
    and page colours are worked out once; only inline ``style`` differs per page.
    """
    rules = [CssRule(media, selector, dict(declarations)) for media, selector, declarations in key]
    variables = _variables(rules)
    text, back = _page_colours(rules)
    ratios = tuple((f"style {r.selector}", _low_contrast(r.declarations, text, back, variables))
                   for r in rules)
    return ratios, variables, (text, back)


def _low_contrast(declarations: dict[str, str], text: str, back: str,
                  variables: dict[str, str]) -> float | None:
    """The contrast ratio of a rule's colours when below 4.5:1, else None."""
    if "color" not in declarations and not _background(declarations):
        return None
    fg = parse_colour(declarations.get("color", text), variables)
    bg = parse_colour(_background(declarations) or back, variables)
    if fg and bg and (ratio := contrast_ratio(fg, bg)) < 4.5:
        return ratio
    return None


_FIXED_UNITS = re.compile(r"\d(px|pt|pc|cm|mm|in|q)\b", re.IGNORECASE)


@check("font-size")
def _font_size(page: Page) -> Iterator[Finding]:
    """WCAG 1.4.4: sizes in rem/em/% follow the reader's own text size; px does not."""
    for rule in page.rules:
        size = rule.declarations.get("font-size", "")
        if "print" not in rule.media and _FIXED_UNITS.search(size):
            yield _at(page.name, f"style {rule.selector}", "font-size",
                          f"font-size {size} does not scale with the reader's settings; "
                          "use rem or em")


@check("web-font")
def _web_font(page: Page) -> Iterator[Finding]:
    """Nothing is downloaded: no @font-face, no @import, no remote stylesheet."""
    if _IMPORT.search(_COMMENT.sub("", page.css_text)):
        yield _at(page.name, "style", "web-font", "@import loads a stylesheet from outside")
    for rule in page.rules:
        if rule.selector.lower().startswith("@font-face"):
            yield _at(page.name, "style @font-face", "web-font",
                          "web fonts are downloaded; use the system font stack")
    for link in page.root.iterfind(".//link[@href]"):
        if "stylesheet" in link.get("rel", "") and "://" in link.get("href", ""):
            yield _at(page.name, page.where(link), "web-font",
                          f"remote stylesheet {link.get('href')}")


_GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "system-ui", "cursive", "fantasy",
                     "inherit", "initial", "unset", "ui-sans-serif", "ui-serif"}


@check("font-stack")
def _font_stack(page: Page) -> Iterator[Finding]:
    """A stack must end in a generic family so every script finds a system font."""
    for rule in page.rules:
        stack = rule.declarations.get("font-family")
        if stack and not rule.selector.startswith("@") and stack.split(",")[-1].strip().strip("\"'").lower() not in _GENERIC_FAMILIES:
            yield _at(page.name, f"style {rule.selector}", "font-stack",
                          f"font-family {stack!r} has no generic fallback such as sans-serif")


@check("print")
def _print(page: Page) -> Iterator[Finding]:
    if not any("print" in rule.media for rule in page.rules):
        yield _at(page.name, "style", "print", "the page has no print stylesheet")


@check("narrow-screen")
def _narrow_screen(page: Page) -> Iterator[Finding]:
    """Phones: a viewport that allows zoom (WCAG 1.4.4) and a narrow-screen layout."""
    viewport = page.root.find(".//meta[@name='viewport']")
    content = (viewport.get("content", "") if viewport is not None else "").replace(" ", "")
    if viewport is None:
        yield _at(page.name, "head", "narrow-screen", "no <meta name=viewport>")
    elif "user-scalable=no" in content or re.search(r"maximum-scale=(0|1)(\.\d+)?\b", content):
        yield _at(page.name, "head", "narrow-screen", "the viewport forbids zooming")
    if not any("max-width" in rule.media for rule in page.rules):
        yield _at(page.name, "style", "narrow-screen",
                      "no @media (max-width: …) layout for narrow screens")


# --- source checks: the German articles -------------------------------------------

def check_issue(issue: Issue, source_dir: Path | None = None) -> list[Finding]:
    """Problems an editor fixes in the German source: images, alt text and link texts."""
    findings = []
    for article in issue.articles:
        for block in article.blocks:
            where = f"line {block.line}" if block.line else "?"
            if block.kind is BlockKind.IMAGE and not strip_tags(block.text).strip():
                findings.append(_at(article.source, f"img {block.src} ({where})", "img-alt",
                                        "the image has no alt text; describe it in the source"))
            if block.kind is BlockKind.IMAGE:
                findings.extend(_image_source(article.source, block, where, source_dir))
            for tag_id, text in _link_texts(block.text):
                if tag_id in block.tags and block.tags[tag_id].element == "a" \
                        and vague_link_text(text):
                    findings.append(_at(
                        article.source, f"a {block.tags[tag_id].href} ({where})", "link-text",
                        f"link text {text!r} says nothing on its own; name the target"))
    return findings


_IMAGE_SUFFIXES = ", ".join(sorted({suffix[1:] for suffix in IMAGE_TYPES}))
_IMAGE_PROBLEMS = {  # local_image's problem -> rule and what the editor should do
    IMAGE_REMOTE: ("img-remote", (
        "the image is on another server; pages load nothing from the network, so only its "
        "alt text is shown. Put the file in the issue folder")),
    IMAGE_OUTSIDE: ("img-outside", (
        "the image path leads outside the issue folder (an absolute path, '..' or a "
        "link); such files are never copied or inlined, so only its alt text is shown. "
        "Put the file in the issue folder and give its path relative to the article")),
    IMAGE_NOT_IMAGE: ("img-type", (
        f"the file is not an image migo shows ({_IMAGE_SUFFIXES}); it is never copied or "
        "inlined, so only its alt text is shown")),
    IMAGE_MISSING: ("img-missing", (
        "the image file is not in the issue folder; only its alt text is shown")),
    IMAGE_TOO_LARGE: ("img-size", (
        "the image file is larger than 20 MB; it is never copied or inlined, so only its "
        "alt text is shown. Save a smaller version")),
    IMAGE_UNSAFE: ("img-unsafe", (
        "the SVG holds a script, an event handler or a reference outside itself; it is "
        "never copied or inlined, so only its alt text is shown. Export it again as a "
        "plain drawing or as PNG")),
}


def _image_source(article: str, block, where: str, source_dir: Path | None) -> list[Finding]:
    """Pages load nothing from the network and show no broken images: say which one."""
    if not block.src:
        return []
    image = local_image(block.src, source_dir)
    if image.usable:
        return []
    rule, message = _IMAGE_PROBLEMS[image.problem]
    return [_at(article, f"img {block.src} ({where})", rule, message)]


def _link_texts(text: str) -> Iterator[tuple[str, str]]:
    for match in re.finditer(r"<(a\d+)>(.*?)</\1>", text):
        yield match.group(1), strip_tags(match.group(2)).strip()

