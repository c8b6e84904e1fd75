"""Rendering: page structure, language and direction, status marks, single-file variant.

Pages are rendered straight from a small document built here, so each test knows exactly
which passage is reviewed, machine-translated or untranslated, and which term is kept
in German.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import SHIPPED_LOCALES
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from pipeline import a11y, interface, langs, media, render
from pipeline.files import write_if_changed
from pipeline.model import Article, Block, BlockKind, InlineTag, Issue, Segment, Status, Translation

ROOT = Path(__file__).resolve().parent.parent
LOCALES = SHIPPED_LOCALES
SAMPLE = ROOT / "input" / "2024-04"
LANGS = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]

HEADING = "Das Welcome Center ist eröffnet"
SUBHEADING = "Öffnungszeiten"
REVIEWED = "Das WSC berät Fachkräfte."
MACHINE = "Die Beratung ist kostenlos."
UNTRANSLATED = "Termine gibt es online."
LINK = "Mehr auf <a1>www.essen.de</a1>."
ALT = "Drei Personen bei der Feier"
CAPTION = "Die Eröffnungsfeier"


def block(kind: BlockKind, text: str, **extra) -> Block:
    """A one-sentence block; the sentence carries the block's tags, as segmenting does."""
    return Block(kind, text, segments=[Segment(text, tags=extra.get("tags", {}))], **extra)


def small_issue() -> Issue:
    """One article with every kind of block the renderer knows."""
    link = block(BlockKind.PARAGRAPH, LINK,
                 tags={"a1": InlineTag("a1", "a", (("href", "https://www.essen.de"),))})
    blocks = [
        block(BlockKind.HEADING, HEADING, level=1),
        Block(BlockKind.PARAGRAPH, f"{REVIEWED} {MACHINE}",
              segments=[Segment(REVIEWED), Segment(MACHINE)]),
        block(BlockKind.IMAGE, ALT, src="wsc-eroeffnung.svg"),
        block(BlockKind.CAPTION, CAPTION),
        block(BlockKind.HEADING, SUBHEADING, level=3),  # a skipped level in the source
        block(BlockKind.PARAGRAPH, UNTRANSLATED),
        block(BlockKind.LIST_ITEM, LINK, tags=link.tags),
    ]
    return Issue("2024-04", [Article("wsc", "wsc.md", blocks),
                             Article("zwei", "zwei.md", [block(BlockKind.HEADING, "Zwei", level=1),
                                                         block(BlockKind.PARAGRAPH, MACHINE)])])


def translations(lang: str) -> dict[str, Translation]:
    """Everything machine-translated except one reviewed and one untranslated passage."""
    def machine(text: str) -> Translation:
        return Translation(f"{lang.upper()} {text.replace('Welcome Center', 'WELCOME')}",
                           Status.MACHINE)
    table = {text: machine(text)
             for text in (HEADING, SUBHEADING, MACHINE, ALT, CAPTION, "Zwei")}
    table[LINK] = Translation(f"{lang.upper()} <a1>www.essen.de</a1>.", Status.MACHINE)
    table[REVIEWED] = Translation(f"{lang.upper()} reviewed", Status.REVIEWED, "reviewer")
    return table


def kept_german(text: str, lang: str) -> list[tuple[int, int]]:
    start = text.find("WELCOME")
    return [(start, start + len("WELCOME"))] if start >= 0 else []


def page_set(lang: str, table: dict[str, Translation] | None = None) -> render.PageSet:
    return render.PageSet(lang, translations(lang) if table is None else table,
                          interface.load_interface_strings(lang, LOCALES), kept_german)


def article_tree(lang: str, table=None):
    issue = small_issue()
    root = render.article_page(issue, issue.articles[0], page_set(lang, table), LANGS,
                               render.default_stylesheet())
    return lxml_html.document_fromstring(_html(root))


def _html(root) -> str:
    from lxml import etree

    return etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def ui(lang: str, msgid: str) -> str:
    return interface.load_interface_strings(lang, LOCALES)(msgid)


# --- language and direction -------------------------------------------------------

@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("tr", "ltr"), ("ru", "ltr"),
                                             ("uk", "ltr"), ("pl", "ltr"), ("ar", "rtl"),
                                             ("fa", "rtl")])
def test_html_carries_lang_and_direction(lang, direction):
    root = article_tree(lang)
    assert (root.get("lang"), root.get("dir")) == (lang, direction)


def test_direction_is_decided_in_one_place():
    """Pages, page checks and the report agree, also for region codes and unknown ones."""
    assert a11y.direction is render.direction is langs.direction
    assert render.text_direction is langs.text_direction
    assert [langs.text_direction(c) for c in ("fa-IR", "ar_EG", "ckb", "en-GB")] == [
        "rtl", "rtl", "rtl", "ltr"]
    assert langs.direction("xx") is None and langs.text_direction("xx") == "ltr"


def test_title_is_the_translated_heading_in_the_page_language():
    assert article_tree("tr").findtext("head/title") == f"TR {HEADING} – migo".replace(
        "Welcome Center", "WELCOME")


def test_kept_german_term_is_marked_and_isolated_in_rtl_pages():
    ar = article_tree("ar").xpath("//h1//span[@lang='de']")
    en = article_tree("en").xpath("//h1//span[@lang='de']")
    assert [(s.text, s.get("dir")) for s in ar] == [("WELCOME", "ltr")]
    assert [(s.text, s.get("dir")) for s in en] == [("WELCOME", None)]


def test_untranslated_passage_is_german_and_left_to_right():
    spans = article_tree("fa").xpath("//*[@data-status='untranslated']")
    assert [(s.text_content(), s.get("lang"), s.get("dir")) for s in spans] == [
        (UNTRANSLATED, "de", "ltr")]


def _two_untranslated_sentences(extra_translated: bool):
    """A paragraph of two German sentences (and maybe one translated) on a Persian page."""
    first, second = "Termine gibt es online.", "Die Beratung ist kostenlos."
    texts = [first, second] + (["Das WSC berät Fachkräfte."] if extra_translated else [])
    para = Block(BlockKind.PARAGRAPH, " ".join(texts), segments=[Segment(t) for t in texts])
    issue = Issue("2024-04", [Article("a", "a.md", [block(BlockKind.HEADING, "Titel", level=1),
                                                   para])])
    table = {"Titel": Translation("FA Titel", Status.MACHINE),
             "Das WSC berät Fachkräfte.": Translation("FA WSC", Status.MACHINE)}
    root = render.article_page(issue, issue.articles[0], page_set("fa", table), ["fa"],
                               render.default_stylesheet())
    return lxml_html.document_fromstring(_html(root)).find(".//main/article/p")


def test_a_wholly_german_paragraph_reads_left_to_right_in_rtl_pages():
    """Each German sentence alone is isolated LTR; side by side in an RTL paragraph the
    browser would order them right to left and interleave their lines."""
    paragraph = _two_untranslated_sentences(extra_translated=False)
    assert (paragraph.get("lang"), paragraph.get("dir")) == ("de", "ltr")


def test_consecutive_german_sentences_share_one_ltr_run_in_rtl_pages():
    paragraph = _two_untranslated_sentences(extra_translated=True)
    assert paragraph.get("dir") is None
    runs = paragraph.xpath("./span[@dir='ltr'][@lang='de'][not(@data-status)]")
    assert len(runs) == 1
    assert [s.get("data-status") for s in runs[0]] == ["untranslated", "untranslated"]
    assert runs[0].text_content() == "Termine gibt es online. Die Beratung ist kostenlos."
    assert a11y.check_html("a.html", _html(paragraph.getroottree().getroot())) == []


def test_a_wholly_german_list_and_quote_are_ltr_containers_in_rtl_pages():
    """Items that are LTR inside an RTL list put their bullets outside the page (360 px:
    10 px of sideways scrolling); the list and the quote themselves must be LTR."""
    items = [block(BlockKind.LIST_ITEM, "Erster Punkt."), block(BlockKind.LIST_ITEM, "Zwei.")]
    blocks = [block(BlockKind.HEADING, "Titel", level=1), *items,
              block(BlockKind.QUOTE, "Ein Zitat.")]
    issue = Issue("2024-04", [Article("a", "a.md", blocks)])
    root = render.article_page(issue, issue.articles[0], page_set("ar", {}), ["ar"],
                               render.default_stylesheet())
    tree = lxml_html.document_fromstring(_html(root))
    for container in (tree.find(".//main//ul"), tree.find(".//main//blockquote")):
        assert (container.get("lang"), container.get("dir")) == ("de", "ltr")
    assert a11y.check_html("a.html", _html(root)) == []


def test_footer_names_the_association_in_german_inside_the_translation():
    footer = article_tree("ar").find(".//footer")
    name = footer.find(".//span[@lang='de']")
    assert name.text == render.ASSOCIATION and name.get("dir") == "ltr"
    assert "مجلة" in footer.text_content()


# --- structure -------------------------------------------------------------------

def test_page_has_landmarks_skip_link_and_one_h1():
    root = article_tree("en")
    body = root.find("body")
    assert [child.tag for child in body] == ["a", "header", "main", "footer"]
    assert body[0].get("href") == "#main" and root.get_element_by_id("main").tag == "main"
    assert root.find(".//header/nav") is not None
    assert root.find(".//header//h1") is None  # the masthead is no heading
    assert [h.tag for h in root.xpath("//h1|//h2|//h3|//h4")] == ["h1", "h2"]


@pytest.mark.parametrize("levels, expected", [
    ([1, 2, 3], [1, 2, 3]),
    ([2, 3, 3], [1, 2, 2]),  # starts at ##: the first heading is the page's h1
    ([1, 3, 4], [1, 2, 3]),  # a skipped level is closed
    ([1, 1, 2], [1, 2, 2]),  # a second # becomes a section heading
    ([1, 4, 2], [1, 2, 2]),
])
def test_heading_levels_form_a_clean_outline(levels, expected):
    blocks = [Block(BlockKind.HEADING, f"H{i}", level=level) for i, level in enumerate(levels)]
    outline = render.heading_levels(blocks)
    assert [outline[id(b)] for b in blocks] == expected


def test_image_has_translated_alt_text_and_caption_in_a_figure():
    figure = article_tree("ru").find(".//figure")
    assert figure.find("img").get("alt") == f"RU {ALT}"
    assert figure.find("figcaption").text_content() == f"RU {CAPTION}"


def test_untranslated_alt_text_is_marked_german():
    """A screen reader reads a German alt text with a German voice (WCAG 3.1.2)."""
    table = {k: v for k, v in translations("ar").items() if k != ALT}
    image = article_tree("ar", table).find(".//figure/img")
    assert (image.get("alt"), image.get("lang")) == (ALT, "de")
    page = _html(image.getroottree().getroot())
    assert [f for f in a11y.check_html("ar.html", page) if f.code == "dir"] == []
    assert article_tree("ar").find(".//figure/img").get("lang") is None


def test_link_keeps_its_address_and_translated_words():
    links = article_tree("pl").xpath("//main//a[@href='https://www.essen.de']")
    assert [a.text for a in links] == ["www.essen.de"]


# --- reviewed and machine passages (issues 6 and 18) -----------------------------

def test_on_a_mixed_page_only_machine_passages_are_marked():
    """A line style, not a colour; the marks are silent, the notice explains them once."""
    root = article_tree("ar")
    machine = root.xpath("//*[@data-status='machine']")
    reviewed = root.xpath("//*[@data-status='reviewed']")
    assert machine and all("machine-mark" in s.get("class").split() for s in machine)
    assert reviewed and all("machine-mark" not in s.get("class").split() for s in reviewed)
    assert ".machine-mark { text-decoration: underline dotted;" in render.default_stylesheet()
    legend = ui("ar", render.LEGEND)
    assert legend != render.LEGEND
    assert root.find(".//header/p[@role='note']").text_content().count(legend) == 1
    assert legend not in root.find(".//main").text_content()
    assert not root.xpath("//*[contains(@class, 'visually-hidden')]")


def test_notice_counts_reviewed_passages_and_explains_the_mark():
    notice = article_tree("en").find(".//header/p[@role='note']").text_content()
    assert "A person has checked 1 of 8 passages." in notice
    assert render.LEGEND in notice
    assert "Passages not translated yet and shown in German: 1." in notice


def test_no_marks_and_a_reviewed_notice_when_every_passage_is_reviewed():
    table = {k: Translation(v.text, Status.REVIEWED) for k, v in translations("en").items()}
    table[UNTRANSLATED] = Translation("EN later", Status.REVIEWED)
    root = article_tree("en", table)
    notice = root.find(".//p[@role='note']")
    assert notice.text == "Every passage of this text was checked by a person (8 of 8)."
    assert not root.xpath("//*[contains(@class, 'machine-mark')]")


def test_no_marks_when_no_passage_is_reviewed_yet():
    """All machine: the notice says so for the page; marking every sentence says nothing."""
    table = {k: v for k, v in translations("en").items() if v.status is Status.MACHINE}
    root = article_tree("en", table)
    assert "A person has checked 0 of 8 passages." in root.find(".//p[@role='note']").text
    assert render.LEGEND not in root.find(".//p[@role='note']").text_content()
    assert not root.xpath("//*[contains(@class, 'machine-mark')]")


def test_notice_claims_no_machine_translation_when_nothing_is_translated():
    """--engine none: the page is all German, and no machine has touched it."""
    notice = article_tree("en", {}).find(".//p[@role='note']")
    assert notice.text == "Passages not translated yet and shown in German: 8."


def test_translated_page_links_to_the_german_original_of_the_same_article():
    link = article_tree("tr").find(".//p[@role='note']/a")
    assert (link.get("href"), link.get("hreflang")) == ("../de/wsc.html", "de")
    assert link.text == ui("tr", render.ORIGINAL_LINK) != render.ORIGINAL_LINK


# --- pages written by render_issue ------------------------------------------------

@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    issue = small_issue()
    render.render_issue(issue, SAMPLE, out, [page_set(lang) for lang in LANGS],
                        render.default_stylesheet())
    return out


def test_every_written_page_passes_the_built_in_checks(written):
    findings = a11y.check_path(written)
    assert findings == []
    assert len(list(written.rglob("*.html"))) == 1 + (1 + len(LANGS)) * 4


def test_language_index_links_the_single_file(written):
    root = lxml_html.parse(str(written / "uk" / "index.html")).getroot()
    link = root.find(f".//main//a[@href='{render.SINGLE_FILE}']")
    assert link.text == ui("uk", render.SINGLE_FILE_LINK)


def test_single_file_holds_every_article_with_images_inlined(written):
    root = lxml_html.parse(str(written / "ar" / render.SINGLE_FILE)).getroot()
    articles = root.findall(".//main/article")
    assert [a.get("id") for a in articles] == ["wsc", "zwei"]
    assert [h.tag for h in root.xpath("//main//h1|//main//h2|//main//h3")] == [
        "h1", "h2", "h3", "h2"]
    image = root.find(".//img")
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert root.find("head/style") is not None and root.find(".//link") is None
    hrefs = [a.get("href") for a in root.find(".//main").iter("a")]
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs


def test_single_file_has_a_language_switcher_and_its_own_title(written):
    root = lxml_html.parse(str(written / "ar" / render.SINGLE_FILE)).getroot()
    switcher = root.find(".//nav/ul[@class='languages']")
    hrefs = [a.get("href") for a in switcher.iter("a")]
    assert hrefs == [f"../{lang}/{render.SINGLE_FILE}" for lang in ["de", *LANGS]]
    index = lxml_html.parse(str(written / "ar" / "index.html")).getroot()
    title = root.find("head/title").text
    assert title != index.find("head/title").text
    assert title == ui("ar", render.SINGLE_FILE_TITLE).format(issue="أبريل 2024")


# --- the German original (issue 18) -------------------------------------------------

@pytest.mark.parametrize("page", ["wsc.html", "zwei.html", "index.html", render.SINGLE_FILE])
def test_german_original_is_first_in_every_switcher(written, page):
    for lang in ["de", *LANGS]:
        root = lxml_html.parse(str(written / lang / page)).getroot()
        first = root.find(".//nav/ul[@class='languages']/li/a")
        assert (first.get("hreflang"), first.text) == ("de", "Deutsch"), (lang, page)
    entry = lxml_html.parse(str(written / "index.html")).getroot()
    assert entry.find(".//nav//a").get("href") == "de/index.html"


def test_german_original_is_the_source_without_notice_or_marks(written):
    root = lxml_html.parse(str(written / "de" / "wsc.html")).getroot()
    assert root.get("lang") == "de" and root.find("head/title").text == f"{HEADING} – migo"
    text = root.find(".//main").text_content()
    assert REVIEWED in text and MACHINE in text and UNTRANSLATED in text
    assert root.find(".//p[@role='note']") is None
    assert not root.xpath("//*[@data-status]") and root.find(".//main//*[@lang='de']") is None
    assert root.find(".//a[@class='skip-link']").text == "Zum Hauptinhalt springen"


@pytest.mark.parametrize(("lang", "month"), [
    ("de", "April 2024"), ("en", "April 2024"), ("ar", "أبريل 2024"), ("tr", "Nisan 2024"),
    ("ru", "апрель 2024\u202fг."), ("uk", "квітень 2024\u202fр."), ("pl", "kwiecień 2024"),
    ("fa", "آوریل ۲۰۲۴"),
])
def test_issue_is_named_by_its_localized_month(written, lang, month):
    assert langs.issue_label("2024-04", lang) == month
    for page in ("index.html", render.SINGLE_FILE):
        root = lxml_html.parse(str(written / lang / page)).getroot()
        assert month in root.find(".//main//h1").text_content()
        assert month in root.find("head/title").text
    assert "April 2024" in lxml_html.parse(str(written / "index.html")).find(".//h1").text


def test_an_issue_folder_not_named_by_month_keeps_its_name():
    assert langs.issue_label("sonderheft", "ar") == "sonderheft"
    assert langs.issue_label("2024-13", "en") == "2024-13"


# --- links for addresses, sizes for images (issue 18) -------------------------------

def test_email_addresses_and_phone_numbers_become_links():
    text = "Schreiben Sie an wsc@essen.de oder rufen Sie 0201 88-12345 an."
    issue = Issue("2024-04", [Article("k", "k.md", [block(BlockKind.HEADING, "Kontakt", level=1),
                                                    block(BlockKind.PARAGRAPH, text)])])
    for table, lang in (({}, "de"), ({text: Translation("اكتبوا إلى wsc@essen.de أو اتصلوا "
                                                         "بـ 0201 88-12345.", Status.MACHINE)},
                                      "ar")):
        pages = render.PageSet(lang, table, lambda s: s)
        root = render.article_page(issue, issue.articles[0], pages, [lang],
                                   render.default_stylesheet())
        links = {a.get("href"): a for a in root.find(".//main").iter("a")}
        assert links["mailto:wsc@essen.de"].text == "wsc@essen.de"
        assert links["tel:+492018812345"].text == "0201 88-12345"
        assert (links["tel:+492018812345"].get("dir") == "ltr") == (lang == "ar")


def test_an_address_inside_a_link_is_not_linked_twice():
    tags = {"a1": InlineTag("a1", "a", (("href", "https://www.essen.de/kontakt"),))}
    text = "Kontakt: <a1>wsc@essen.de</a1>."
    issue = Issue("x", [Article("k", "k.md", [block(BlockKind.PARAGRAPH, text, tags=tags)])])
    root = render.article_page(issue, issue.articles[0], render.PageSet("de", {}, str), ["de"],
                               render.default_stylesheet())
    assert [a.get("href") for a in root.find(".//main/article").iter("a")] == [
        "https://www.essen.de/kontakt"]


@pytest.mark.parametrize("page", ["wsc.html", render.SINGLE_FILE])
def test_images_get_width_and_height_from_the_file(written, page):
    image = lxml_html.parse(str(written / "fa" / page)).getroot().find(".//img")
    assert (image.get("width"), image.get("height")) == ("640", "360")


def test_an_image_whose_size_is_unknown_gets_none(tmp_path):
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert render.image_size("a.svg", tmp_path) == {}
    assert render.image_size("missing.png", tmp_path) == {}


def test_single_file_shows_alt_text_when_the_image_cannot_travel(tmp_path):
    issue = small_issue()
    root = render.single_file(issue, page_set("en"), render.default_stylesheet(),
                              render.MediaLinks(tmp_path))  # the image is not there
    assert root.find(".//img") is None
    assert root.find(".//p[@class='image-missing']").text == f"EN {ALT}"


def test_issue_index_marks_its_english_words(written):
    root = lxml_html.parse(str(written / "index.html")).getroot()
    assert root.get("lang") == "de"
    assert root.find(".//main//span[@lang='en']").text == "Choose your language."


# --- images: only image files inside the issue folder -----------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def image_issue(*sources: str) -> Issue:
    """One article with one image per source, each with its own alt text."""
    blocks = [block(BlockKind.HEADING, "Bilder", level=1)]
    blocks += [block(BlockKind.IMAGE, f"Bild {n}", src=src) for n, src in enumerate(sources)]
    return Issue("2099-01", [Article("bilder", "bilder.md", blocks)])


def render_images(tmp_path: Path, issue_dir: Path, issue: Issue) -> Path:
    out = tmp_path / "out"
    render.render_issue(issue, issue_dir, out, [render.PageSet("en", {}, interface.InterfaceStrings())],
                        render.default_stylesheet())
    return out


@pytest.fixture
def leaky(tmp_path) -> tuple[Path, list[str]]:
    return leaky_issue(tmp_path)


def leaky_issue(tmp_path: Path) -> tuple[Path, list[str]]:
    """An issue folder beside secret files, and image sources that point at them."""
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "secret.png").write_bytes(PNG + b"SECRET-PNG")
    (secret / "passwd").write_text("SECRET-TEXT", encoding="utf-8")
    issue_dir = tmp_path / "issue"
    issue_dir.mkdir()
    (issue_dir / "notes.txt").write_text("SECRET-NOTES", encoding="utf-8")
    (issue_dir / "page.html").write_text("SECRET-HTML", encoding="utf-8")
    (issue_dir / "link.png").symlink_to(secret / "secret.png")
    depth = "../" * len(issue_dir.parts)
    sources = [str(secret / "passwd"), str(secret / "secret.png"), "../private/secret.png",
               f"{depth}{str(secret / 'passwd').lstrip('/')}", "link.png", "notes.txt",
               "page.html", "sub/../../private/secret.png", "%2e%2e/private/secret.png"]
    return issue_dir, sources


def test_files_outside_the_issue_folder_or_not_images_never_reach_the_pages(tmp_path, leaky):
    """``![x](/etc/hostname)`` must not copy the file to media/ nor inline it in the file
    clubs e-mail around: only its alt text is shown, as for a missing image."""
    issue_dir, sources = leaky
    out = render_images(tmp_path, issue_dir, image_issue(*sources))
    assert not (out / render.MEDIA_DIR).exists()
    for page in ("en/bilder.html", f"en/{render.SINGLE_FILE}"):
        text = (out / page).read_text(encoding="utf-8")
        assert "SECRET" not in text and "base64" not in text, page
        root = lxml_html.document_fromstring(text)
        assert root.find(".//img") is None, page
        shown = [p.text for p in root.iterfind(".//p[@class='image-missing']")]
        assert shown == [f"Bild {n}" for n in range(len(sources))], page


@pytest.mark.parametrize("src", ["/etc/hostname", "../../../../etc/passwd", "a/../../x.png",
                                 "notes.txt", "C:/x.png", "..\\x.png"])
def test_media_links_refuse_paths_outside_or_not_images_even_without_a_folder(src):
    assert render.MediaLinks().page_link(src) is None
    assert media.local_image(src, None).problem in (media.IMAGE_OUTSIDE,
                                                    media.IMAGE_NOT_IMAGE)


def test_images_of_the_same_name_in_two_subfolders_stay_apart(tmp_path):
    issue_dir = tmp_path / "issue"
    for folder in ("april", "mai"):
        (issue_dir / folder).mkdir(parents=True)
        (issue_dir / folder / "foto.png").write_bytes(PNG + folder.encode())
    out = render_images(tmp_path, issue_dir, image_issue("april/foto.png", "mai/foto.png"))
    media = out / render.MEDIA_DIR
    assert (media / "april" / "foto.png").read_bytes() == PNG + b"april"
    assert (media / "mai" / "foto.png").read_bytes() == PNG + b"mai"
    page = lxml_html.parse(str(out / "en" / "bilder.html")).getroot()
    assert [i.get("src") for i in page.iter("img")] == ["../media/april/foto.png",
                                                        "../media/mai/foto.png"]
    single = lxml_html.parse(str(out / "en" / render.SINGLE_FILE)).getroot()
    assert len({i.get("src") for i in single.iter("img")}) == 2


def test_media_are_written_atomically(tmp_path, monkeypatch):
    issue_dir = tmp_path / "issue"
    issue_dir.mkdir()
    (issue_dir / "foto.png").write_bytes(PNG)
    written = []

    def recording(path, data):
        written.append(Path(path))
        return write_if_changed(path, data)

    monkeypatch.setattr(render, "write_if_changed", recording)
    out = render_images(tmp_path, issue_dir, image_issue("foto.png"))
    assert out / render.MEDIA_DIR / "foto.png" in written


def test_percent_encoded_markdown_image_name_finds_its_file(tmp_path):
    """Markdown writes ``bild-ü.png`` as ``bild-%C3%BC.png``; the file is still found."""
    issue_dir = tmp_path / "issue"
    issue_dir.mkdir()
    (issue_dir / "bild-ü.png").write_bytes(PNG)
    out = render_images(tmp_path, issue_dir, image_issue("bild-%C3%BC.png"))
    assert (out / render.MEDIA_DIR / "bild-ü.png").read_bytes() == PNG
    page = lxml_html.parse(str(out / "en" / "bilder.html")).getroot()
    assert page.find(".//img").get("src") == "../media/bild-%C3%BC.png"


# --- interface catalogs -----------------------------------------------------------

def _msgids_used() -> set[str]:
    source = (ROOT / "pipeline" / "render.py").read_text(encoding="utf-8")
    constants = {value for name, value in vars(render).items()
                 if name.isupper() and isinstance(value, str) and " " in value}
    literal = set(re.findall(r'ui\("([^"]+)"\)', source))
    return (constants | literal) - {render.ASSOCIATION, render.SINGLE_FILE}


def _ids(message) -> set[str]:
    """A plural entry answers to its singular and its plural msgid."""
    return set(message.id) if isinstance(message.id, tuple) else {message.id}


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_interface_string_is_in_the_template():
    with (LOCALES / "templates" / "migo-interface.pot").open("rb") as handle:
        template = {i for m in read_po(handle) if m.id for i in _ids(m)}
    assert _msgids_used() <= template


@pytest.mark.parametrize("lang", ["tr", "ar", "ru", "uk", "pl", "fa"])
def test_interface_strings_are_translated_with_their_placeholders(lang):
    with (LOCALES / lang / "LC_MESSAGES" / "migo-interface.po").open("rb") as handle:
        catalog = {i: m for m in read_po(handle) if m.id for i in _ids(m)}
    for msgid in _msgids_used():
        message = catalog[msgid]
        assert all(_forms(message)) and not message.fuzzy, msgid
        for form in _forms(message):
            assert set(re.findall(r"{\w+}", form)) == set(re.findall(r"{\w+}", msgid))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) not installed")
@pytest.mark.parametrize("lang", LANGS)
def test_interface_catalog_passes_msgfmt_check(lang):
    path = LOCALES / lang / "LC_MESSAGES" / "migo-interface.po"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_numbered_lists_render_as_ol_and_lists_in_a_row_stay_apart(tmp_path):
    from pipeline.flow import RunConfig, translate_issue

    issue_dir = tmp_path / "2025-02"
    issue_dir.mkdir()
    (issue_dir / "termin.md").write_text(
        "# Termin\n\n1. Pass mitbringen\n2. Termin buchen\n\n- Eins\n- Zwei\n\n<!-- -->\n\n"
        "- Drei\n", encoding="utf-8")
    translate_issue(RunConfig(issue_dir, ["en"], engine="pseudo", glossary_path=tmp_path / "g",
                              locales_dir=tmp_path / "l", out_dir=tmp_path / "o",
                              show_progress=False))
    root = lxml_html.parse(str(tmp_path / "o" / "2025-02" / "en" / "termin.html")).getroot()
    lists = root.find(".//main").xpath(".//ol|.//ul")
    assert [(element.tag, len(element)) for element in lists] == [("ol", 2), ("ul", 2), ("ul", 1)]


@pytest.mark.parametrize("lang, total, word", [
    ("en", 1, "1 passage."), ("en", 5, "5 passages."),
    ("ru", 1, "1 фрагмента."), ("ru", 3, "3 фрагментов."), ("ru", 21, "21 фрагмента."),
    ("pl", 1, "1 fragmentu."), ("pl", 5, "5 fragmentów."),
    ("ar", 2, "مقطعين"), ("ar", 5, "مقاطع"),
])
def test_the_notice_uses_the_plural_form_of_the_page_language(lang, total, word):
    ui = interface.load_interface_strings(lang, LOCALES)
    sentence = render._plural(ui, render.MACHINE_NOTICE, render.MACHINE_NOTICE_PLURAL, total)
    assert sentence.format(reviewed=0, total=total).endswith(word) or word in sentence


# --- a reviewer's interface catalog with mistakes ----------------------------------

_UI_HEADER = ('msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')


def _interface_po(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "tr" / "LC_MESSAGES" / f"{interface.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    path.write_text(_UI_HEADER + entries, encoding="utf-8")
    return path


def test_translation_with_a_placeholder_typo_falls_back_to_english_and_is_named(tmp_path):
    """A reviewer's ``msgstr "migo sayı {sayı}"`` used to stop rendering with KeyError."""
    path = _interface_po(tmp_path, (
        'msgid "Languages"\nmsgstr "Diller"\n\n'
        'msgid "migo issue {issue}"\nmsgstr "migo sayı {sayı}"\n\n'
        f'msgid "{render.UNTRANSLATED_NOTICE}"\nmsgstr "Çevrilmemiş: {{untranslated"\n\n'
        f'msgid "{render.MACHINE_NOTICE}"\nmsgid_plural "{render.MACHINE_NOTICE_PLURAL}"\n'
        'msgstr[0] "Makine. {reviewed} / {total} parça."\n'
        'msgstr[1] "Makine. {reviewed} / {toplam} parça."\n'))
    ui = interface.load_interface_strings("tr", tmp_path)
    assert ui("Languages") == "Diller"
    assert ui(render.ISSUE_TITLE) == render.ISSUE_TITLE
    problems = {p.msgid: p for p in ui.problems}
    assert set(problems) == {render.ISSUE_TITLE, render.UNTRANSLATED_NOTICE,
                             render.MACHINE_NOTICE}
    problem = problems[render.ISSUE_TITLE]
    assert (problem.path, problem.line, problem.lang) == (str(path), 10, "tr")
    assert "{issue}" in problem.message and "{sayı}" in problem.message
    assert problem.as_dict() == {"lang": "tr", "location": f"{path}:10",
                                 "code": "interface-placeholders",
                                 "message": problem.message, "severity": "error"}

    issue = small_issue()
    pages = render.PageSet("tr", translations("tr"), ui, kept_german)
    index = render.language_index(issue, pages, ["tr"], render.default_stylesheet())
    assert index.find(".//h1").text_content() == "migo issue Nisan 2024"
    page = render.single_file(issue, pages, render.default_stylesheet(), render.MediaLinks())
    notice = page.find(".//p[@role='note']").text_content()
    assert "This text was translated from German by a machine." in notice
    assert "Passages not translated yet and shown in German: 1." in notice


def test_broken_interface_catalog_is_an_error_naming_the_file(tmp_path):
    """Babel's lenient reader gave an empty table for a broken file, without a word."""
    from pipeline.errors import CatalogError

    path = _interface_po(tmp_path, 'msgid "Languages"\nmsgstr "Diller\n\n'
                                   'msgid "Languages"\nmsgstr "Diller"\n')
    with pytest.raises(CatalogError, match=re.escape(str(path))):
        interface.load_interface_strings("tr", tmp_path)


def test_shipped_interface_catalogs_have_no_problems():
    for lang in LANGS:
        assert interface.load_interface_strings(lang, LOCALES).problems == ()


@pytest.mark.parametrize("lang, expected", [("fa", "۳۷"), ("en", "37"), ("ar", "37")])
def test_the_notice_writes_counts_in_the_digits_of_the_page(lang, expected):
    """The same digits as the article's numbers (facts.localize): never two ways on a page."""
    from pipeline.facts import find_facts, localize

    assert langs.format_count(37, lang) == expected
    assert localize(find_facts("37 Fälle")[0], lang) == expected


def test_contacts_are_addresses_and_phone_numbers_not_digits_in_a_web_address():
    from pipeline.text import contacts

    text = "Siehe www.essen.de/0201-123456 oder wsc@essen.de, Tel. 0201 88-12345, Nr. 2024."
    found = [(text[s:e], kind) for s, e, kind in contacts(text)]
    assert found == [("wsc@essen.de", "email"), ("0201 88-12345", "phone")]
    assert render.contact_href("phone", "+49 (0)201 88-0") == "tel:+49201880"
    assert render.contact_href("phone", "0049 201 88-0") == "tel:+49201880"
    assert render.contact_href("phone", "(0201) 123456") == "tel:+49201123456"


# --- each sentence built once per run (issue 16) ------------------------------------

def test_a_sentence_built_once_per_run_keeps_its_own_link_status_and_mark(tmp_path):
    """The span cache is keyed on everything a span shows: the same words with another
    link address, or on a page that marks machine passages, give another span."""
    same = "Mehr auf <a1>unserer Seite</a1>."
    def link(href):
        return {"a1": InlineTag("a1", "a", (("href", href),))}
    mixed = Article("eins", "eins.md", [block(BlockKind.HEADING, "Eins", level=1),
                                        block(BlockKind.PARAGRAPH, REVIEWED),
                                        block(BlockKind.PARAGRAPH, same, tags=link("https://a.de"))])
    plain = Article("zwei", "zwei.md", [block(BlockKind.HEADING, "Zwei", level=1),
                                        block(BlockKind.PARAGRAPH, same, tags=link("https://b.de"))])
    table = {same: Translation("More on <a1>our page</a1>.", Status.MACHINE),
             REVIEWED: Translation("Reviewed.", Status.REVIEWED),
             "Eins": Translation("One", Status.MACHINE), "Zwei": Translation("Two", Status.MACHINE)}
    render.render_issue(Issue("2024-04", [mixed, plain]), tmp_path, tmp_path / "out",
                        [render.PageSet("en", table, lambda s: s)], render.default_stylesheet())

    def sentence(page):
        root = lxml_html.parse(str(tmp_path / "out" / "en" / page)).getroot()
        return [(s.get("class"), s.find("a").get("href"), s.text_content())
                for s in root.iterfind(".//main//span[@data-status]") if s.find("a") is not None]
    assert sentence("eins.html") == [("seg machine-mark", "https://a.de", "More on our page.")]
    assert sentence("zwei.html") == [("seg", "https://b.de", "More on our page.")]
    assert sentence(render.SINGLE_FILE) == [("seg machine-mark", "https://a.de", "More on our page."),
                                            ("seg machine-mark", "https://b.de", "More on our page.")]


def test_a_page_set_rendered_again_shows_the_changed_translation(tmp_path):
    """The cache lives for one render_issue call: a changed translation is never stale."""
    issue = small_issue()
    pages = page_set("en")
    out = tmp_path / "out"
    render.render_issue(issue, SAMPLE, out, [pages], render.default_stylesheet())
    pages.translations[MACHINE] = Translation("Changed meanwhile.", Status.MACHINE)
    render.render_issue(issue, SAMPLE, out, [pages], render.default_stylesheet())
    for page in ("wsc.html", "zwei.html", render.SINGLE_FILE):
        assert "Changed meanwhile." in (out / "en" / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [
    "Keine Nummer hier.", "Am 12. März um 14 Uhr, Raum 3.", "Tel. 0201 88-12345.",
    "Ruf an: +۴۹ ۲۰۱ ۸۸۱۲۳", "٠٢٠١ ١٢٣٤٥٦", "Schreiben Sie an wsc@essen.de.", "a@b",
    "Siehe www.essen.de/0201-123456 bitte", "12345", "0201 1234", "(0201) 123456",
    "+49 (0)201 88-0", "¹²³⁴⁵⁶ 0201", "Tel. (0201) 12 34 56", "0201/123456", "0201–123456",
    "Preis 531 Euro am 20. März 2024", "0201 / 12-34", "(0)1 2 3 4 5", "Ruf +4 9 2 0 1 8", "Tel. 0201–12", "(0201)12",
    "+49 (0)2 01", "0201/12", "۰۲۰۱ ۸۸", "+۴۹ ۲۰۱۸",
])
def test_the_contact_prefilter_never_hides_an_address_or_phone_number(text):
    from pipeline.text import contacts

    assert render._contacts(text) == contacts(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0129۴¹ /–-()+@a\n", max_size=30))
def test_the_contact_prefilter_agrees_with_the_contact_search_on_any_text(text):
    from pipeline.text import contacts

    assert render._contacts(text) == contacts(text)


def test_a_german_sentence_is_shared_only_by_pages_of_its_kind_and_direction(tmp_path):
    """Untranslated German is one span for all languages of one direction: its phone
    link is isolated left-to-right in Arabic only, and the original carries no mark."""
    text = "Rufen Sie 0201 88-12345 an."
    issue = Issue("2024-04", [Article("k", "k.md", [block(BlockKind.PARAGRAPH, text)])])
    pages = [render.PageSet(lang, {}, lambda s: s) for lang in ("de", "en", "ar", "tr", "fa")]
    render.render_issue(issue, tmp_path, tmp_path / "out", pages, render.default_stylesheet())

    def sentence(lang):
        root = lxml_html.parse(str(tmp_path / "out" / lang / "k.html")).getroot()
        span = root.find(".//main//span[@class]")
        return span.get("class"), span.get("data-status"), span.find("a").get("dir")
    assert sentence("de") == ("seg", None, None)
    assert sentence("en") == sentence("tr") == ("seg untranslated", "untranslated", None)
    assert sentence("ar") == sentence("fa") == ("seg untranslated", "untranslated", "ltr")
