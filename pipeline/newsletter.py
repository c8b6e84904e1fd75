"""Newsletter stage: one e-mail per language, made from the issue's rendered pages.

The source is ``output/<issue>/<lang>/all-articles.html``, the page readers already get,
so the mail says exactly what the web page says. Mail clients are not browsers:

- GMX and WEB.DE drop ``<style>``, Gmail keeps only part of it: every rule is inlined
  into ``style`` attributes with css-inline (45x faster than premailer on our pages and
  it leaves no ``<style>`` behind; ``benchmarks/css_inlining.py``). Mail clients do
  not know ``var(--x)``, so the custom properties are resolved first.
- No Gmail shows ``data:`` images: each image becomes a ``cid:`` part of a
  ``multipart/related``, scaled to at most :data:`MAIL_WIDTH` pixels with Pillow. SVG is
  rasterised with CairoSVG when it is installed (it never fetches anything here);
  otherwise its alt text is shown in its place and the result says so.
- Gmail spreads RTL from one part to the whole mail, GMX ignores ``dir``: ``lang``,
  ``dir`` *and* CSS ``direction`` go on the outer elements and a wrapper.

A plain-text part (links as numbered footnotes, the machine-translation notice) comes
first, as ``multipart/alternative`` wants. Subject and preheader come from the interface
catalogs in the reader's language; ``policy.SMTP`` encodes non-Latin headers (RFC 2047)
and writes CRLF line ends.
"""

from __future__ import annotations

import base64
import io
import re
import textwrap
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import css_inline
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from .errors import InputError
from .files import timestamp, write_atomic
from .langs import html_lang, issue_label, text_direction
from .published import SINGLE_FILE, SOURCE_LANG, PublishedIssue

MAIL_WIDTH = 600  # px: the width nearly every mail client and template is laid out for
SUBJECT = "The new migo: {month}"
PREHEADER = "In this issue: {titles}"
LINKS = "Links"
HTML_NS = "{http://www.w3.org/1999/xhtml}"
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
_CUSTOM = re.compile(r"(--[\w-]+)\s*:\s*([^;}]+)")


@dataclass
class MailSettings:
    """What the mail's headers need; ``unsubscribe`` becomes ``List-Unsubscribe``."""

    sender: str
    unsubscribe: str = ""


@dataclass
class Newsletter:
    """One language's mail, and what could not travel in it."""

    lang: str
    message: EmailMessage
    notes: list[str] = field(default_factory=list)


def source_page(issue: PublishedIssue, lang: str) -> Path:
    path = issue.page(lang, SINGLE_FILE)
    if not path.is_file():
        hint = ("the German original is not rendered in this output folder" if
                lang == SOURCE_LANG else f"run 'migo translate' with --to {lang} first")
        raise InputError(f"no {SINGLE_FILE} for {lang}: {hint}", path.parent)
    return path


def build_newsletter(issue: PublishedIssue, lang: str, ui, settings: MailSettings) -> Newsletter:
    """The whole mail for one language: headers, plain text, HTML with its images."""
    root = lxml_html.parse(str(source_page(issue, lang))).getroot()
    titles = [issue.title(lang, slug) for slug in issue.slugs]
    month = issue_label(issue.name, lang)
    preheader = ui(PREHEADER).format(titles=" · ".join(titles))
    notes: list[str] = []
    images = _take_images(root, lang, notes)
    _unlink_page_paths(root)
    text = plain_text(root, ui(LINKS))
    html = mail_html(root, lang, preheader)
    message = _message(ui(SUBJECT).format(month=month), lang, settings)
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = html_lang(lang)  # set_content drops Content-* headers
    html_part = message.get_payload()[1]
    for cid, (data, subtype) in images.items():
        html_part.add_related(data, "image", subtype, cid=f"<{cid}>",
                              filename=f"{cid.split('@')[0]}.{subtype}")
    return Newsletter(lang, message, notes)


def _message(subject: str, lang: str, settings: MailSettings) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = settings.sender
    message["Date"] = format_datetime(timestamp())
    message["Message-ID"] = make_msgid("migo", domain=sender_domain(settings.sender))
    if settings.unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe_uri(settings.unsubscribe)}>"
    return message


def sender_domain(sender: str) -> str:
    """The domain of the From address, for Message-IDs that are really ours."""
    try:
        address = Address(addr_spec=_addr_spec(sender))
    except (ValueError, IndexError):
        raise InputError(f"sender {sender!r} is not an e-mail address") from None
    if not address.domain:
        raise InputError(f"sender {sender!r} is not an e-mail address")
    return address.domain


def _addr_spec(sender: str) -> str:
    found = re.search(r"<([^<>]+)>\s*$", sender)
    return (found.group(1) if found else sender).strip()


def unsubscribe_uri(value: str) -> str:
    """An address becomes ``mailto:``; an https or mailto URI stays as given (RFC 2369)."""
    if value.startswith(("mailto:", "https://", "http://")):
        return value
    return f"mailto:{value}"


# --- images -------------------------------------------------------------------------

def _take_images(root, lang: str, notes: list[str]) -> dict[str, tuple[bytes, str]]:
    """Turn every ``data:`` image into a ``cid:`` part; what cannot travel shows its alt."""
    images: dict[str, tuple[bytes, str]] = {}
    for img in root.iter("img"):
        src = img.get("src", "")
        found = re.match(r"data:image/([\w.+-]+);base64,(.*)", src, re.DOTALL)
        picture = _mail_picture(found.group(1), base64.b64decode(found.group(2))) \
            if found else None
        if picture is None:
            _replace_with_alt(img)
            notes.append(f"{lang}: an image could not travel in the mail ({src[:30]}…); "
                         "its alt text is shown instead"
                         + ("" if _cairosvg() else " (install CairoSVG to rasterise SVG)"))
            continue
        data, subtype, width, height = picture
        cid = make_msgid("img", domain="migo.invalid")[1:-1]
        images[cid] = (data, subtype)
        img.set("src", f"cid:{cid}")
        img.set("width", str(width))
        img.set("height", str(height))
    return images


def _mail_picture(kind: str, data: bytes) -> tuple[bytes, str, int, int] | None:
    """Image bytes scaled to the mail's width: (bytes, subtype, width, height)."""
    if kind.startswith("svg"):
        data = _rasterise_svg(data)
        if data is None:
            return None
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (OSError, Image.DecompressionBombError):
        return None
    if picture.width > MAIL_WIDTH:
        height = round(picture.height * MAIL_WIDTH / picture.width)
        picture = picture.resize((MAIL_WIDTH, height), Image.Resampling.LANCZOS)
    photo = picture.format == "JPEG" or (kind == "jpeg" and picture.mode == "RGB")
    out = io.BytesIO()
    if photo:
        picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue(), "jpeg" if photo else "png", picture.width, picture.height


def _cairosvg():
    """CairoSVG, when it and the Cairo library are installed; None otherwise."""
    try:
        import cairosvg
    except (ImportError, OSError):  # OSError: the package is there, libcairo is not
        return None
    import cairosvg.surface
    return cairosvg


def _rasterise_svg(data: bytes) -> bytes | None:
    cairosvg = _cairosvg()
    if cairosvg is None:
        return None
    try:
        return cairosvg.surface.PNGSurface.convert(bytestring=data, output_width=MAIL_WIDTH,
                                                   url_fetcher=_refuse_fetch)
    except Exception:  # noqa: BLE001 - a broken SVG: its alt text is shown, and noted
        return None


def _refuse_fetch(url, *args, **kwargs):
    """An SVG from an article may point anywhere; the mail loads nothing from outside."""
    raise ValueError(f"not fetched: {url}")


def _replace_with_alt(img) -> None:
    alt = etree.Element("p", {"class": "image-missing"})
    alt.text = img.get("alt", "")
    for name in ("lang", "dir"):
        if img.get(name):
            alt.set(name, img.get(name))
    img.getparent().replace(img, alt)


def _unlink_page_paths(root) -> None:
    """Links to a sibling page (``../de/all-articles.html``, the German original) lead
    nowhere from a mail: their words stay, the link goes. Addresses with a scheme
    (https:, mailto:) and in-page anchors are kept."""
    for link in root.iter("a"):
        href = link.get("href", "")
        if href and not href.startswith("#") and not re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            link.tag = "span"
            for name in ("href", "hreflang", "rel", "target"):
                link.attrib.pop(name, None)


# --- HTML part ----------------------------------------------------------------------

def mail_html(root, lang: str, preheader: str) -> str:
    """The page as mail clients need it: styles inlined, direction on the outer parts."""
    stylesheet = "\n".join(style.text or "" for style in root.iter("style"))
    for element in list(root.iter("style", "link", "script")):
        element.getparent().remove(element)
    for skip in root.xpath('//a[contains(@class, "skip-link")]'):
        skip.getparent().remove(skip)  # a mail has no page frame to skip
    direction = text_direction(lang)
    body = root.find("body")
    wrapper = etree.Element("div", lang=html_lang(lang), dir=direction)
    wrapper.extend(list(body))
    hidden = etree.SubElement(body, "div", {"class": "preheader"})
    hidden.text = preheader
    body.append(wrapper)
    html = etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False,
                                    load_remote_stylesheets=False,
                                    extra_css=resolve_custom_properties(stylesheet)
                                    + _mail_css(direction))
    return inliner.inline(html)


def _mail_css(direction: str) -> str:
    """What mail clients need beyond the page's rules; ``!important`` beats inline ones."""
    side = "right" if direction == "rtl" else "left"
    return (f"\nhtml, body, body > div {{ direction: {direction}; text-align: {side}; }}"
            "\n.preheader { display: none !important; max-height: 0; overflow: hidden;"
            " font-size: 1px; color: #ffffff; }")


def resolve_custom_properties(css: str) -> str:
    """``var(--accent)`` → ``#0b5394``: mail clients ignore custom properties.

    Only the properties declared in ``:root`` are known (that is how page.css declares
    its colours); a ``var()`` with an unknown name keeps its fallback, if any.
    """
    root_rule = re.search(r":root\s*{([^}]*)}", css)
    values = dict(_CUSTOM.findall(root_rule.group(1))) if root_rule else {}
    values = {name: value.strip() for name, value in values.items()}
    body = css[:root_rule.start()] + css[root_rule.end():] if root_rule else css
    return _VAR.sub(lambda m: values.get(m.group(1), (m.group(2) or "").strip()), body)


# --- plain-text part ----------------------------------------------------------------

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "figcaption", "figure"}
SKIPPED = {"nav", "style", "script", "head"}


def plain_text(root, links_label: str) -> str:
    """Readable text: headings underlined, list items bulleted, links as [n] footnotes."""
    links: list[str] = []
    paragraphs: list[str] = []
    for block in _text_blocks(root.find("body")):
        words = " ".join(_inline_text(block, links).split())
        if not words:
            continue
        if block.tag == "li":
            paragraphs.append(textwrap.fill(words, 72, initial_indent="- ",
                                            subsequent_indent="  "))
        elif block.tag in ("h1", "h2"):
            paragraphs.append(f"{words}\n{('=' if block.tag == 'h1' else '-') * len(words)}")
        else:
            paragraphs.append(textwrap.fill(words, 72))
    if links:
        notes = [f"[{n}] {url}" for n, url in enumerate(links, start=1)]
        paragraphs.append(f"{links_label}:\n" + "\n".join(notes))
    return "\n\n".join(paragraphs) + "\n"


def _text_blocks(element):
    """The innermost block elements in reading order (a figure yields its caption)."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in SKIPPED:
            continue
        if "skip-link" in (child.get("class") or ""):
            continue
        nested = any(isinstance(c.tag, str) and (c.tag in BLOCKS or c.tag in ("ul", "ol"))
                     for c in child.iter() if c is not child)
        if child.tag in BLOCKS and not nested or child.tag == "img":
            yield child
        else:
            yield from _text_blocks(child)


def _inline_text(element, links: list[str]) -> str:
    """An element's text; a link's address becomes a footnote number after its words."""
    if element.tag == "img":
        return f"[{element.get('alt', '')}]"
    if element.get("aria-hidden") == "true":
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":  # "… passages.<br><a>Read the German original</a>"
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.append(_inline_text(child, links))
        parts.append(child.tail or "")
    href = element.get("href", "") if element.tag == "a" else ""
    if href and not href.startswith("#"):
        if href not in links:
            links.append(href)
        parts.append(f" [{links.index(href) + 1}]")
    return "".join(parts)


def write_newsletter(newsletter: Newsletter, out_dir: Path, issue: str) -> Path:
    path = eml_path(out_dir, issue, newsletter.lang)
    write_atomic(path, bytes(newsletter.message))
    return path


def eml_path(out_dir: Path, issue: str, lang: str) -> Path:
    return Path(out_dir) / f"migo-{issue}-{lang}.eml"
