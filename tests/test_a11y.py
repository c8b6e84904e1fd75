"""``migo a11y`` catches each problem it claims to: one deliberately broken page each.

Every case starts from a page that passes (an Arabic article page rendered by migo, so
direction checks have something to bite on), breaks exactly one thing, and expects a
finding of exactly that rule.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from conftest import STARTER_GLOSSARY
from lxml import etree
from test_render import article_tree, block, small_issue

from pipeline import a11y, render
from pipeline.cli import main
from pipeline.findings import Finding
from pipeline.model import Article, BlockKind, InlineTag, Issue


def serialize(root) -> str:
    return etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


@pytest.fixture(scope="module")
def good() -> dict[str, etree._Element]:
    return {lang: article_tree(lang) for lang in ("ar", "en")}


def broken(good_root, change: Callable) -> list[Finding]:
    root = copy.deepcopy(good_root)
    change(root)
    return a11y.check_html("broken.html", serialize(root))


def one(root, xpath: str):
    found = root.xpath(xpath)
    assert found, xpath
    return found[0]


def set_css(root, old: str, new: str) -> None:
    style = one(root, "//style")
    assert old in style.text
    style.text = style.text.replace(old, new)


def drop(root, xpath: str) -> None:
    element = one(root, xpath)
    element.getparent().remove(element)


def retag(root, xpath: str, tag: str) -> None:
    one(root, xpath).tag = tag


def link_text(text: str) -> Callable:
    def change(root) -> None:
        link = one(root, "//main//a[@href='https://www.essen.de']")
        link.text = text
    return change


def move_caption_out(root) -> None:
    caption = one(root, "//figcaption")
    figure = caption.getparent()
    figure.remove(caption)
    figure.addnext(caption)


BREAKAGES: list[tuple[str, str, Callable]] = [
    ("html-lang", "no lang on html", lambda r: r.attrib.pop("lang")),
    ("html-lang", "not a language", lambda r: r.set("lang", "qq")),
    ("lang-valid", "bad lang on a part", lambda r: one(r, "//span[@lang='de']").set("lang", "xx")),
    ("dir", "Arabic page without rtl", lambda r: r.attrib.pop("dir")),
    ("dir", "Arabic page marked ltr", lambda r: r.set("dir", "ltr")),
    ("dir", "German term in Arabic without dir",
     lambda r: one(r, "//h1//span[@lang='de']").attrib.pop("dir")),
    ("untranslated-lang", "German passage without lang",  # also off its German paragraph
     lambda r: [e.attrib.pop("lang") for e in r.xpath(
         "//*[@data-status='untranslated']/ancestor-or-self::*[@lang='de']")]),
    ("title", "empty title", lambda r: setattr(one(r, "//title"), "text", " ")),
    ("title", "no title", lambda r: drop(r, "//title")),
    ("landmarks", "no nav", lambda r: retag(r, "//nav", "div")),
    ("landmarks", "no main", lambda r: retag(r, "//main", "div")),
    ("landmarks", "no header", lambda r: retag(r, "//header", "div")),
    ("landmarks", "no footer", lambda r: retag(r, "//footer", "div")),
    ("skip-link", "no skip link", lambda r: drop(r, "//a[@class='skip-link']")),
    ("skip-link", "skip link to nowhere", lambda r: one(r, "//a[@class='skip-link']").set(
        "href", "#nowhere")),
    ("one-h1", "second h1", lambda r: retag(r, "//h2", "h1")),
    ("one-h1 heading-order", "no h1, so h2 comes first", lambda r: retag(r, "//h1", "p")),
    ("one-h1 heading-order", "h1 demoted", lambda r: retag(r, "//h1", "h2")),
    ("heading-order", "h1 then h3", lambda r: retag(r, "//h2", "h3")),
    ("img-alt", "no alt", lambda r: one(r, "//img").attrib.pop("alt")),
    ("img-alt", "empty alt", lambda r: one(r, "//img").set("alt", "")),
    ("figcaption", "caption outside its figure", move_caption_out),
    ("link-text", "hier", link_text("hier")),
    ("link-text", "mehr", link_text("Mehr…")),
    ("link-text", "zum …", link_text("zum Artikel")),
    ("link-text", "read more", link_text("Read more")),
    ("link-text", "Arabic 'here'", link_text("هنا")),
    ("link-text", "empty link", link_text("")),
    ("status-mark", "machine passage without mark on a mixed page", lambda r: [
        e.set("class", "seg") for e in r.xpath("//*[@data-status='machine']")]),
    ("status-mark", "no notice", lambda r: drop(r, "//p[@role='note']")),
    ("contrast", "pale text colour", lambda r: set_css(r, "--text: #1a1a1a", "--text: #999999")),
    ("contrast", "pale notice background",
     lambda r: set_css(r, "--notice-bg: #fff4d6", "--notice-bg: #333")),
    ("contrast", "inline style", lambda r: one(r, "//main//p").set("style", "color: #aaa")),
    ("font-size", "pixels", lambda r: set_css(r, "font-size: 1.125rem", "font-size: 15px")),
    ("web-font", "@font-face", lambda r: set_css(
        r, ":root {", "@font-face { font-family: X; src: url(x.woff2); }\n:root {")),
    ("web-font", "@import", lambda r: set_css(
        r, ":root {", "@import url(https://fonts.example/css);\n:root {")),
    ("web-font", "remote stylesheet", lambda r: one(r, "//head").append(etree.Element(
        "link", rel="stylesheet", href="https://fonts.example/css"))),
    ("font-stack", "no generic family", lambda r: set_css(r, "Arial, sans-serif", "Arial")),
    ("print", "no print stylesheet", lambda r: setattr(
        one(r, "//style"), "text", one(r, "//style").text.split("@media print")[0])),
    ("narrow-screen", "no viewport", lambda r: drop(r, "//meta[@name='viewport']")),
    ("narrow-screen", "zoom forbidden", lambda r: one(r, "//meta[@name='viewport']").set(
        "content", "width=device-width, maximum-scale=1")),
    ("narrow-screen", "no narrow layout", lambda r: set_css(r, "(max-width: 30rem)",
                                                            "(min-width: 30rem)")),
]


def test_good_pages_have_no_findings(good):
    for root in good.values():
        assert a11y.check_html("good.html", serialize(root)) == []


def test_every_registered_rule_has_a_broken_page():
    assert set(a11y.CHECKS) == {rule for rules, _, _ in BREAKAGES for rule in rules.split()}


@pytest.mark.parametrize("rules, what, change", BREAKAGES, ids=[b[1] for b in BREAKAGES])
def test_broken_page_is_caught(good, rules, what, change):
    findings = broken(good["ar"], change)
    assert {f.code for f in findings} == set(rules.split()), [str(f) for f in findings]
    assert all(f.path == "broken.html" and f.element and f.message for f in findings)


def test_kept_german_in_ltr_page_needs_no_dir(good):
    assert a11y.check_html("en.html", serialize(good["en"])) == []


def test_contrast_ratio_matches_wcag_examples():
    black, white = (0, 0, 0), (1, 1, 1)
    assert a11y.contrast_ratio(black, white) == pytest.approx(21.0)
    grey = a11y.parse_colour("#767676", {})
    assert a11y.contrast_ratio(grey, white) == pytest.approx(4.54, abs=0.01)
    assert a11y.parse_colour("var(--x)", {"--x": "#fff"}) == (1.0, 1.0, 1.0)


def test_finding_line_names_page_element_rule_and_message(good):
    findings = broken(good["ar"], lambda r: one(r, "//img").attrib.pop("alt"))
    assert str(findings[0]).startswith("broken.html: body/main/article/figure/img: img-alt: ")
    assert findings[0].as_dict()["severity"] == "error"


# --- source checks: the German articles ----------------------------------------

def test_source_image_without_alt_text_is_an_error():
    issue = small_issue()
    image = next(b for b in issue.articles[0].blocks if b.kind is BlockKind.IMAGE)
    image.text, image.segments, image.line = "", [], 7
    findings = a11y.check_issue(issue)
    assert [(f.path, f.element, f.code, f.severity) for f in findings] == [
        ("wsc.md", "img wsc-eroeffnung.svg (line 7)", "img-alt", "error")]


@pytest.mark.parametrize("text", ["hier", "mehr", "Zum Formular", "zur Seite", "Hier klicken"])
def test_source_link_saying_nothing_is_flagged(text):
    tags = {"a1": InlineTag("a1", "a", (("href", "https://essen.de/x"),))}
    article = Article("a", "a.md", [block(BlockKind.PARAGRAPH, f"Infos <a1>{text}</a1>.",
                                          tags=tags, line=3)])
    findings = a11y.check_issue(Issue("x", [article]))
    assert [(f.element, f.code) for f in findings] == [("a https://essen.de/x (line 3)",
                                                       "link-text")]


@pytest.mark.parametrize("text", ["Zum Antragsformular für den Aufenthaltstitel",
                                  "Facebook-Profil des Verbunds", "www.essen.de"])
def test_source_link_that_names_its_target_passes(text):
    assert not a11y.vague_link_text(text)


def test_source_image_outside_the_issue_folder_or_not_an_image_is_named(tmp_path):
    """The editor learns why an image shows only its alt text, and what to do."""
    from test_render import image_issue, leaky_issue

    issue_dir, sources = leaky_issue(tmp_path)
    (issue_dir / "ok.png").write_bytes(b"\x89PNG")
    issue = image_issue(*sources, "ok.png", "weg.png")
    rules = {f.element.split(" (")[0].removeprefix("img "): f.code
             for f in a11y.check_issue(issue, issue_dir)}
    assert rules == {**{src: "img-outside" for src in sources},
                     "notes.txt": "img-type", "page.html": "img-type", "weg.png": "img-missing"}
    messages = {f.code: f.message for f in a11y.check_issue(issue, issue_dir)}
    assert "outside the issue folder" in messages["img-outside"]
    assert "not an image" in messages["img-type"] and "png" in messages["img-type"]


def test_source_image_with_an_absolute_path_is_named_without_a_folder():
    from test_render import image_issue

    findings = a11y.check_issue(image_issue("/etc/hostname", "bild.png"))
    assert [(f.element, f.code) for f in findings] == [("img /etc/hostname (?)",
                                                       "img-outside")]


def test_sample_issue_source_has_no_findings():
    from test_render import SAMPLE

    from pipeline.read import read_issue
    from pipeline.segment import Segmenter, segment_issue

    issue = read_issue(SAMPLE)
    segment_issue(issue, Segmenter())
    assert a11y.check_issue(issue) == []


# --- the command ---------------------------------------------------------------

def test_cli_prints_findings_and_exits_1_on_errors(tmp_path, capsys, good):
    page = tmp_path / "ar" / "broken.html"
    page.parent.mkdir()
    root = copy.deepcopy(good["ar"])
    one(root, "//img").attrib.pop("alt")
    page.write_text(serialize(root), encoding="utf-8")
    (tmp_path / "fine.html").write_text(serialize(good["en"]), encoding="utf-8")
    assert main(["a11y", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [line for line in out if line.startswith("ar/broken.html: ")]
    assert len(out) == 1 and ": img-alt: " in out[0]


def test_cli_exits_0_on_a_clean_page_and_2_on_a_missing_path(tmp_path, capsys, good):
    page = tmp_path / "fine.html"
    page.write_text(serialize(good["en"]), encoding="utf-8")
    assert main(["a11y", str(page)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["a11y", str(tmp_path / "missing")]) == 2


def test_single_file_variant_passes(tmp_path):
    from test_render import SAMPLE, page_set

    root = render.single_file(small_issue(), page_set("fa"), render.default_stylesheet(),
                              render.MediaLinks(SAMPLE))
    assert a11y.check_html("all-articles.html", serialize(root)) == []


def test_translate_puts_source_and_page_findings_in_the_report(tmp_path):
    """An image without alt text in the German source is an error in report.json."""
    import json
    import shutil

    from test_render import SAMPLE

    from pipeline.flow import RunConfig, translate_issue

    issue_dir = tmp_path / "2099-01"
    issue_dir.mkdir()
    shutil.copy(SAMPLE / "wsc-eroeffnung.svg", issue_dir / "bild.svg")
    (issue_dir / "artikel.md").write_text(
        "# Neue Beratung\n\nDie Beratung beginnt im Mai.\n\n![](bild.svg)\n\n"
        "Alle Termine finden Sie [hier](https://www.essen.de/termine).\n", encoding="utf-8")
    config = RunConfig(issue_dir=issue_dir, langs=["ar"], engine="pseudo",
                       glossary_path=STARTER_GLOSSARY, locales_dir=tmp_path / "locales",
                       out_dir=tmp_path / "out", show_progress=False)
    translate_issue(config)
    report = json.loads((tmp_path / "out" / "2099-01" / "report.json").read_text("utf-8"))
    found = {(f["page"], f["rule"], f["severity"]) for f in report["a11y"]}
    assert ("artikel.md", "img-alt", "error") in found
    assert ("artikel.md", "link-text", "error") in found
    assert ("ar/artikel.html", "img-alt", "error") in found


# --- work shared by the pages of a run (issue 16) ----------------------------------

def test_the_stylesheet_worked_out_once_still_follows_each_pages_css(good):
    """The CSS part of the checks is kept per stylesheet text: a page whose CSS differs
    gets its own findings, before and after pages with the run's stylesheet."""
    pale = copy.deepcopy(good["en"])
    set_css(pale, "--text: #1a1a1a", "--text: #999999")
    runs = [a11y.check_html("page.html", serialize(root))
            for root in (good["en"], pale, good["en"], pale)]
    assert runs[0] == runs[2] == []
    assert [f.code for f in runs[1]] == [f.code for f in runs[3]] and runs[1]
    assert {f.code for f in runs[1]} == {"contrast"}


def test_pages_are_checked_as_lxml_html_parses_them(good):
    """Plain lxml elements from lxml.html's parser: the same tree, the same words."""
    from lxml import html as lxml_html

    text = serialize(good["ar"])
    page = a11y.Page.from_html("p.html", text)
    reference = lxml_html.document_fromstring(text)
    assert [e.tag for e in page.root.iter()] == [e.tag for e in reference.iter()]
    assert [a11y.text_content(e) for e in page.root.iter("a", "p", "h1")] == [
        e.text_content() for e in reference.iter("a", "p", "h1")]
    with pytest.raises(etree.ParserError):
        a11y.check_html("empty.html", "  ")
