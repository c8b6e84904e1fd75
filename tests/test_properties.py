"""Property-based tests of the invariants a red team leans on (hypothesis, bounded).

Each property runs at most 60 examples without a deadline, so the file stays within a
few seconds in CI while still trying strings nobody would write by hand: tags and
placeholders mixed with umlauts, RTL text, U+2028, entities and odd whitespace.
"""

from __future__ import annotations

import html
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from pipeline import catalog, interface, render
from pipeline.glossary import Glossary
from pipeline.model import Article, Block, BlockKind, Issue, Segment, Status, Translation
from pipeline.pofile import looks_double_encoded
from pipeline.protect import protect, restore
from pipeline.read import safe_href
from pipeline.segment import Segmenter

BOUNDED = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
# what an article may hold once read: any text but C0 controls and surrogates
TEXT = st.text(st.characters(blacklist_categories=("Cs",),
                             blacklist_characters="".join(map(chr, range(32)))
                             + "\x7f"), max_size=80)
WORDS = st.lists(st.sampled_from(list("abcÄöüß ,.!?-–„“'0123456789%€\n") + ["Dr.", "Nr. ",
                                  "Der Kurs", "beginnt.", "Am 3. Mai", "\u2028"]),
                 max_size=40).map("".join)


# --- protect → restore -------------------------------------------------------------

SENTENCE = st.lists(st.sampled_from([
    "Der Kurs", " beginnt am 3. Mai", " in der <a1>Stadtbibliothek</a1>",
    " für 12,50\u00a0€", " – Infos: info@verein.de", " und www.essen.de", ".", " <em2>heute</em2>",
    " ausländische Mitbürger", " 50\u00a0%", " Tel. 0201 123456",
]), min_size=1, max_size=8).map("".join)


@BOUNDED
@given(SENTENCE)
def test_protect_then_restore_gives_back_the_text(text):
    """An engine that passes every placeholder through gives back the German exactly.

    (Dates and times are left out of the pieces: they are written anew in the target
    language's form, "18 Uhr" → "18:00", which is the point of protecting them.)
    """
    glossary = Glossary([])
    masked = protect(text, glossary)
    assert restore(masked.text, masked, "de", glossary).text == text


# --- catalog write → read ------------------------------------------------------------

ENTRY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                   whitelist_characters="\t\n"), min_size=1, max_size=40)
# a translation that looks decoded twice ("Ã¼") is refused on reading, by design
TRANSLATION = ENTRY_TEXT.filter(lambda text: not looks_double_encoded(text))


@BOUNDED
@given(st.dictionaries(ENTRY_TEXT, TRANSLATION, min_size=1, max_size=6), st.booleans())
def test_a_catalog_written_and_read_back_has_the_same_entries(tmp_path_factory, entries,
                                                               fuzzy):
    po = catalog.new_catalog("tr", "2024-04")
    for source, target in entries.items():
        po.add(source, target, flags=["fuzzy"] if fuzzy else [])
    path = tmp_path_factory.mktemp("po") / "tr.po"
    catalog.save_catalog(po, path)
    back = catalog.read_catalog(path, "tr")
    found = {m.id: (m.string, m.fuzzy) for m in back if m.id}
    assert found == {source: (target, fuzzy) for source, target in entries.items()}


# --- segmentation --------------------------------------------------------------------

@pytest.fixture(scope="module")
def segmenter():
    return Segmenter()


@BOUNDED
@given(WORDS)
def test_segmentation_loses_no_character(segmenter, text):
    spans = segmenter.spans(text)
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    kept = "".join(text[a:b] for a, b in spans)
    assert re.sub(r"\s", "", kept) == re.sub(r"\s", "", text)


# --- rendering -----------------------------------------------------------------------

UI = interface.InterfaceStrings()


@BOUNDED
@given(TEXT.filter(str.strip), st.booleans())
def test_rendering_any_text_gives_well_formed_html_holding_it(text, translated):
    """German or a translation, whatever it holds, is text on the page, never markup."""
    source = "Ein Satz."
    block = Block(BlockKind.PARAGRAPH, source if translated else text)
    block.segments = [Segment(block.text)]
    issue = Issue("2024-04", [Article("a", "a.md", [block])])
    table = {source: Translation(text, Status.REVIEWED, "reviewer")} if translated else {}
    page = render.article_page(issue, issue.articles[0], render.PageSet("tr", table, UI),
                               ["tr"], "")
    markup = etree.tostring(page, encoding="unicode", method="html")
    tree = lxml_html.document_fromstring(markup)
    article = tree.find(".//article")
    visible = " ".join(article.text_content().split())
    assert " ".join(text.split()) in visible
    assert tree.find(".//article//script") is None


# --- safe_href -----------------------------------------------------------------------

SCHEME = st.sampled_from(["javascript", "data", "vbscript", "file", "JaVaScRiPt", "blob",
                          "http", "https", "mailto", "tel", "ftp", "HTTPS"])
NOISE = st.lists(st.sampled_from(["\t", "\n", "\r", " ", "\x00", "\x0c", "&#x09;", "&#10;",
                                  "&Tab;", "&NewLine;", "\u200b", "\u00ad", ""]),
                 max_size=2).map("".join)


@BOUNDED
@given(SCHEME, st.lists(NOISE, min_size=1, max_size=12), st.integers(0, 11))
def test_safe_href_accepts_only_web_mail_and_phone(scheme, noise, cut):
    """Whitespace, controls, entities or invisible characters anywhere in a scheme."""
    letters = list(scheme + ":")
    spelled = "".join(letter + noise[i % len(noise)] for i, letter in enumerate(letters))
    href = noise[0] + spelled + "alert(1)"
    is_safe = scheme.lower() in ("http", "https", "mailto", "tel")
    assert safe_href(href) is is_safe
    assert safe_href(html.escape(href, quote=True)) is is_safe or "&" in href


@BOUNDED
@given(st.text(max_size=30))
def test_safe_href_never_lets_a_dangerous_scheme_through(text):
    if safe_href(text):
        cleaned = re.sub("[\\x00-\\x20\\x7f\\u00ad\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064"
                         "\\ufeff]", "", html.unescape(text)).lower()
        assert not cleaned.startswith(("javascript:", "data:", "vbscript:", "file:"))
