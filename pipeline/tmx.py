"""Translation memory exchange as TMX 1.4b, the format of OmegaT, Trados, memoQ and Weblate.

Export: one ``<tu>`` per German sentence of an issue, ``srclang="de"``, one ``<tuv>`` for
German and one per language that has an approved translation; the issue and the article
file(s) go in ``<prop type="x-migo-issue">`` and ``<prop type="x-migo-file">`` (TMX
reserves ``x-`` for user-defined properties). Header fields are the standard's required
ones: creationtool, creationtoolversion, segtype, o-tmf, adminlang, srclang, datatype,
plus creationdate.

Import: every ``<tu>`` with a German ``<tuv>`` gives one unit per other language in it.
Inline markup is kept as text: migo's short tags (``<a1>…</a1>``) travel escaped in
``<seg>``, as TMX level 1 (plain text) does.

A TMX file comes from elsewhere, so it is parsed defensively: no entity is resolved, no
DTD loaded, nothing fetched, no huge trees — and a file that declares entities (the
"billion laughs" and external-entity tricks) is refused outright. Any problem is bad
input naming the file and line (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import langs
from .errors import InputError
from .files import timestamp, write_atomic

SOURCE_LANG = "de"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ISSUE_PROP, FILE_PROP = "x-migo-issue", "x-migo-file"


@dataclass
class TranslationUnit:
    """One German sentence with its translations and where it came from."""

    source: str
    targets: dict[str, str] = field(default_factory=dict)  # gettext code ("pt_BR") → text
    props: list[tuple[str, str]] = field(default_factory=list)  # (type, value)

    def prop(self, kind: str) -> str:
        return next((value for key, value in self.props if key == kind), "")


# --- writing -----------------------------------------------------------------

def dump_tmx(units: Iterable[TranslationUnit], tool_version: str) -> bytes:
    """A complete TMX 1.4b document (UTF-8) for ``units``."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "migo", "creationtoolversion": tool_version,
        "segtype": "sentence", "o-tmf": "gettext PO", "adminlang": "en",
        "srclang": SOURCE_LANG, "datatype": "plaintext",
        "creationdate": timestamp().strftime("%Y%m%dT%H%M%SZ")})
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu", srclang=SOURCE_LANG)
        for kind, value in unit.props:
            etree.SubElement(tu, "prop", type=kind).text = value
        for lang, text in [(SOURCE_LANG, unit.source), *sorted(unit.targets.items())]:
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: langs.bcp47(lang)})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def write_tmx(path: Path, units: Iterable[TranslationUnit], tool_version: str) -> None:
    write_atomic(path, dump_tmx(units, tool_version))


def _gettext(lang: str) -> str:
    """TMX ``pt-BR`` / ``TR`` / ``de-DE`` → gettext ``pt_BR`` / ``tr`` / ``de_DE``.

    A code CLDR does not know is kept (lower-cased): it matches no language of ours,
    which is all a memory needs to know about it.
    """
    return langs.normalize(lang) if langs.is_language(lang) else lang.replace("-", "_").lower()


# --- reading -----------------------------------------------------------------

def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False)


def read_tmx(path: Path) -> list[TranslationUnit]:
    """Every unit with a German ``<tuv>``; a broken or unsafe file is an InputError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the TMX file: {exc.strerror}", path) from exc
    return parse_tmx(data, path)


def parse_tmx(data: bytes, path: Path | str) -> list[TranslationUnit]:
    _refuse_entities(data, path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        raise InputError(f"not well-formed XML: {exc.msg}", path, line) from exc
    if root.tag != "tmx":
        raise InputError(f"not a TMX file (root element <{root.tag}>)", path, root.sourceline)
    body = root.find("body")
    if body is None:
        raise InputError("a TMX file needs a <body>", path, root.sourceline)
    return [unit for tu in body.iterfind("tu") if (unit := _unit(tu, path)) is not None]


def _refuse_entities(data: bytes, path: Path | str) -> None:
    """Entity declarations have no business in a memory; they are how XXE and
    "billion laughs" attacks work. Refuse before lxml sees them."""
    marker = data.find(b"<!ENTITY")
    if marker >= 0:
        line = data.count(b"\n", 0, marker) + 1
        raise InputError("entity declarations are not allowed in a TMX file", path, line)


def _unit(tu, path) -> TranslationUnit | None:
    texts: dict[str, str] = {}
    for tuv in tu.iterfind("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")  # TMX 1.1 used lang=
        seg = tuv.find("seg")
        if not lang or seg is None:
            raise InputError("a <tuv> needs xml:lang and a <seg>", path, tuv.sourceline)
        texts[_gettext(lang)] = _seg_text(seg)
    source_key = next((k for k in texts if k.split("_")[0] == SOURCE_LANG), None)
    if source_key is None or not texts[source_key].strip():
        return None  # no German: nothing migo can look up
    source = texts.pop(source_key)
    props = [(p.get("type", ""), p.text or "") for p in tu.iterfind("prop")]
    return TranslationUnit(source, {k: v for k, v in texts.items() if v.strip()}, props)


def _seg_text(seg) -> str:
    """The text of a ``<seg>``; inline elements (``<bpt>``, ``<ph>`` …) keep their text."""
    return "".join(seg.itertext())


def memory_pairs(paths: Iterable[Path], lang: str) -> list[tuple[str, str, str]]:
    """(German, translation, origin) of ``lang`` from TMX files, for the memory.

    A unit matches the language itself or its region-less form (``pt`` for ``pt_BR``).
    """
    pairs = []
    for path in paths:
        for unit in read_tmx(path):
            target = next((text for code, text in unit.targets.items()
                           if _same_language(code, lang)), "")
            if target:
                pairs.append((unit.source, target, Path(path).name))
    return pairs


def _same_language(code: str, lang: str) -> bool:
    """``tr_TR`` serves ``tr``, ``pt`` serves ``pt_BR``; ``pt_PT`` does not serve ``pt_BR``."""
    if code == lang:
        return True
    return "_" not in code and code == lang.split("_")[0] or "_" not in lang and code.split("_")[0] == lang
