"""The document model: the only thing the stages share.

An issue is a list of articles; an article is a list of blocks; a block is cut into
German sentences (segments). Inline markup (links, emphasis) travels *inside* segment
text as short paired tags such as ``<a1>Facebook</a1>``, the way XLIFF's ``<g>`` does,
while the real attributes (the ``href``) stay here, out of reach of engines and
reviewers. This module imports nothing of ours and knows nothing of PO files or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

#: Matches one inline tag as it appears in segment text: ``<a1>``, ``</em2>``.
INLINE_TAG = re.compile(r"</?([a-z]+)(\d+)>")
#: Attribute on the head elements the site stage adds to an issue's pages (hreflang
#: alternates, Open Graph locales): a rebuild replaces them, a re-render keeps them.
SITE_ADDITION = "data-migo-alternates"


class BlockKind(str, Enum):
    """What a block is to an editor; the renderer maps each kind to HTML."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    IMAGE = "image"  # text is the alt text
    CAPTION = "caption"  # the caption of the image block right before it


@dataclass(frozen=True)
class InlineTag:
    """One piece of inline markup, referenced from text as ``<{id}>…</{id}>``."""

    id: str  # "a1", "em2": element name + number, unique within its block
    element: str  # "a", "em", "strong", "code"
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def href(self) -> str | None:
        return dict(self.attrs).get("href")


@dataclass
class Segment:
    """One German sentence: the unit that is translated, reviewed and stored in PO."""

    text: str  # German, may hold inline tags, numbered from 1 in every sentence
    line: int = 0  # source line of its block, for PO references
    tags: dict[str, InlineTag] = field(default_factory=dict)  # the tags ``text`` uses


@dataclass
class Block:
    kind: BlockKind
    text: str  # German, may hold inline tags
    tags: dict[str, InlineTag] = field(default_factory=dict)
    line: int = 0  # line in the source file where the block starts
    level: int = 0  # heading level (1-6)
    src: str = ""  # image source
    list_id: int = 0  # list items: which list of the article they belong to
    ordered: bool = False  # list items: a numbered list
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Article:
    slug: str  # file name without suffix: names the output page
    source: str  # file name inside the issue folder, used in PO references
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # read, but the user should know

    @property
    def title(self) -> str:
        """The first heading, or the slug when an article has none."""
        for block in self.blocks:
            if block.kind is BlockKind.HEADING:
                return strip_tags(block.text)
        return self.slug

    def segments(self) -> list[Segment]:
        return [s for b in self.blocks for s in b.segments]


@dataclass
class Issue:
    name: str  # the folder's name, e.g. "2024-04"
    articles: list[Article] = field(default_factory=list)

    def segments(self) -> list[Segment]:
        return [s for a in self.articles for s in a.segments()]

    def source_texts(self) -> list[str]:
        """Every distinct German sentence, in reading order."""
        return list(dict.fromkeys(s.text for s in self.segments()))


class Status(str, Enum):
    """Where a translation stands, as a reviewer and a reader need to know it."""

    REVIEWED = "reviewed"  # a person approved it (non-fuzzy msgstr)
    MACHINE = "machine"  # an engine or fuzzy memory suggestion, not yet approved
    UNTRANSLATED = "untranslated"


@dataclass
class Translation:
    text: str
    status: Status
    origin: str = ""  # e.g. "argos de→en→tr", "memory 92%", "reviewer"

    @property
    def usable(self) -> bool:
        return self.status is not Status.UNTRANSLATED and bool(self.text)


def strip_tags(text: str) -> str:
    """The plain text a reader sees, without inline tags."""
    return INLINE_TAG.sub("", text)


_BULLET_LINE = re.compile(r"[-*•–·▪►]\s")
_NUMBERED_LINE = re.compile(r"\d{1,2}[.)]\s")


def join_lines(lines: list[str]) -> str:
    """The text of one plain-text paragraph, as both the ``.txt`` reader and
    ``migo segment`` hand it on: a line break inside a paragraph is a hard wrap and
    becomes one space, so both see the same sentences.

    Only a list item keeps its own line ("• 2. Kommen Sie …", or "3. …" after a line
    that ends a sentence or a colon): joined, "2." would read as an ordinal. Runs of
    spaces shrink to one.
    """
    out = ""
    for line in (" ".join(raw.split()) for raw in lines):
        if not line:
            continue
        item = _BULLET_LINE.match(line) or (
            _NUMBERED_LINE.match(line) and out.endswith((".", "!", "?", ":", "…"))
        )
        out = line if not out else out + ("\n" if item else " ") + line
    return out
