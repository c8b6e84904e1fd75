"""Which images a page may show: the image rules render and a11y share.

An article is input from outside, so its image sources decide what migo copies next to
the pages and inlines into the single file clubs e-mail around. Render applies these
rules; a11y explains to the editor why an image was left out. Both read them here, so
they cannot drift apart and neither stage imports the other.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .files import IMAGE_LIMIT

#: The folder beside the language folders that holds the issue's images.
MEDIA_DIR = "media"

#: The image types a page may show, by file suffix (lower case).
IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
}

#: Why an image cannot be shown; :mod:`pipeline.a11y` tells the editor.
IMAGE_REMOTE = "remote"  # on another server: pages load nothing from the network
IMAGE_OUTSIDE = "outside"  # an absolute path, or one leading out of the issue folder
IMAGE_NOT_IMAGE = "not-image"  # not one of IMAGE_TYPES
IMAGE_MISSING = "missing"  # no such file in the issue folder
IMAGE_TOO_LARGE = "too-large"  # larger than files.IMAGE_LIMIT
IMAGE_UNSAFE = "unsafe"  # an SVG with scripts, event handlers or outside references


@dataclass(frozen=True)
class LocalImage:
    """An article's image source as the renderer may use it.

    ``name`` is the path inside the issue folder (``/``-separated), which is also its
    path under ``media/``; ``path`` is the file to read, set only when the image can be
    shown; otherwise ``problem`` says why not (one of the ``IMAGE_*`` values).
    """

    src: str
    name: str = ""
    path: Path | None = None
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def mime(self) -> str:
        return IMAGE_TYPES[posixpath.splitext(self.name)[1].lower()]


def local_image(src: str, source_dir: Path | None) -> LocalImage:
    """Check an image source: only image files inside the issue folder may be used.

    An article is input from outside, so ``/etc/passwd`` or ``../../secret.png`` must
    never be copied next to the pages or inlined into the file clubs e-mail around.
    The path is resolved (``..`` and symlinks followed) and must stay inside
    ``source_dir``. Markdown writes ``bild-ü.png`` as ``bild-%C3%BC.png``, so the
    decoded name is tried too, under the same rules. Without a ``source_dir`` only the
    written path is checked (no file is read then).
    """
    if "://" in src:
        return LocalImage(src, problem=IMAGE_REMOTE)
    candidates = list(dict.fromkeys([src, unquote(src)]))
    found = [_local_candidate(src, text, source_dir) for text in candidates]
    return next((image for image in found if image.usable), found[-1])


def _local_candidate(src: str, text: str, source_dir: Path | None) -> LocalImage:
    written = text.replace("\\", "/")
    if not written or written.startswith("/") or Path(text).is_absolute() \
            or re.match(r"[A-Za-z]:", written):
        return LocalImage(src, problem=IMAGE_OUTSIDE)
    name = posixpath.normpath(written)
    if name == ".." or name.startswith("../"):
        return LocalImage(src, problem=IMAGE_OUTSIDE)
    if source_dir is None:
        if posixpath.splitext(name)[1].lower() not in IMAGE_TYPES:
            return LocalImage(src, name, problem=IMAGE_NOT_IMAGE)
        return LocalImage(src, name)
    base = Path(source_dir).resolve()
    try:
        path = (base / written).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return LocalImage(src, problem=IMAGE_MISSING)
    if not path.is_relative_to(base) or path == base:
        return LocalImage(src, problem=IMAGE_OUTSIDE)
    name = path.relative_to(base).as_posix()
    if not path.is_file():
        return LocalImage(src, name, problem=IMAGE_MISSING)
    if path.suffix.lower() not in IMAGE_TYPES:
        return LocalImage(src, name, problem=IMAGE_NOT_IMAGE)
    if path.stat().st_size > IMAGE_LIMIT:
        return LocalImage(src, name, problem=IMAGE_TOO_LARGE)
    if path.suffix.lower() == ".svg" and not svg_is_safe(path):
        return LocalImage(src, name, problem=IMAGE_UNSAFE)
    return LocalImage(src, name, path)


_SVG_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


def svg_is_safe(path: Path) -> bool:
    """Whether an SVG is a picture only: no script, no event handler, nothing loaded.

    An SVG is a document that can run scripts when opened from the media folder, and
    the single file inlines it. Rather than rewrite someone's drawing, an SVG with any
    script, ``on…`` attribute, embedded document or reference outside itself (other
    than ``#id``) is not used, and the editor is told why.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        return False
    for element in root.iter(etree.Element):  # elements only, not comments
        if etree.QName(element).localname in _SVG_ACTIVE:
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on") or (local == "href" and not value.strip().startswith("#")):
                return False
            if "url(" in value and not re.search(r"url\(\s*['\"]?#", value):
                return False
    return True
