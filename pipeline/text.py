"""Small rules about sentence text that several stages apply the same way.

Inline tags (``<a1>…</a1>``, see :data:`pipeline.model.INLINE_TAG`) must pair up in
segment, check and render alike, tags must be invisible to the pattern matchers of the
glossary and the facts, and the catalog and the memory must measure two sentences'
likeness with one ruler. One copy of each lives here, so the stages cannot drift.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Container

from .model import INLINE_TAG

#: The lowest similarity at which a changed or similar German sentence keeps (catalog)
#: or is offered (memory) an old translation as a suggestion for a person to review.
SIMILARITY_THRESHOLD = 0.85

#: C0 controls but tab, line feed and carriage return, and DEL: no PO file, page or
#: mail may hold them (lxml refuses them; pofile refuses to read them back).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tags_balanced(text: str, known: Container[str] | None = None) -> bool:
    """Whether every inline tag in ``text`` is opened, then closed, properly nested.

    ``<b1>x</b1>`` and ``<a1><b2>x</b2></a1>`` are balanced; ``</b1>``, ``<b1>`` and
    ``<a1><b2></a1></b2>`` are not. With ``known`` (tag ids such as ``"a1"``), a tag
    whose id is not in it makes the text unbalanced too: it has no source to copy.
    """
    stack: list[str] = []
    for match in INLINE_TAG.finditer(text):
        tag_id = match.group(1) + match.group(2)
        if known is not None and tag_id not in known:
            return False
        if not match.group(0).startswith("</"):
            stack.append(tag_id)
        elif not stack or stack.pop() != tag_id:
            return False
    return not stack


def blank_tags(text: str) -> str:
    """``text`` with inline tags replaced by NUL characters of the same length.

    Offsets stay valid, and a NUL is neither a letter nor a space, so no token
    pattern can match inside a tag or run across one.
    """
    return INLINE_TAG.sub(lambda m: "\0" * len(m.group()), text)


def similarity(a: str, b: str) -> float:
    """difflib's ratio on lower-cased text with spaces folded, as the memory measures it."""
    fold = [" ".join(text.split()).lower() for text in (a, b)]
    return difflib.SequenceMatcher(None, *fold, autojunk=False).ratio()


#: An e-mail address: facts keeps it verbatim, pages link it (``mailto:``).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A German phone number ("0201 88-12345", "+49 201 88-0", "(0201) 123456"); one with
#: fewer than six digits is a number, not a phone (see :func:`is_phone`).
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}|\(0\d{1,5}\)|0\d{1,5})(?:[ /–-]?\(?\d+\)?){1,6}(?!\w)")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def is_phone(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= 6


def contacts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "email" | "phone") of the addresses and phone numbers in ``text``.

    Digits inside a web address are not a phone number.
    """
    taken = [m.span() for m in _ADDRESS.finditer(text)]
    found = []
    for kind, pattern in (("email", EMAIL), ("phone", PHONE)):
        for m in pattern.finditer(text):
            if kind == "phone" and not is_phone(m.group()):
                continue
            if not any(m.start() < end and start < m.end() for start, end in taken):
                found.append((m.start(), m.end(), kind))
                taken.append(m.span())
    return sorted(found)
