"""Readers: Markdown, HTML and plain text all produce the same document model."""

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model import BlockKind
from pipeline.read import (
    blocks_from_html,
    blocks_from_markdown,
    blocks_from_text,
    read_article,
    read_issue,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2024-04"


def kinds(blocks):
    return [b.kind for b in blocks]


def test_markdown_structure_and_inline_tags():
    blocks = blocks_from_markdown(
        "# Titel\n\nEin *schöner* Tag mit [Link](https://example.org).\n\n"
        "- erster Punkt\n- [zweiter](https://b.example)\n\n> Ein Zitat.\n")
    assert kinds(blocks) == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM,
                             BlockKind.LIST_ITEM, BlockKind.QUOTE]
    assert blocks[0].level == 1
    paragraph = blocks[1]
    assert paragraph.text == "Ein <em1>schöner</em1> Tag mit <a2>Link</a2>."
    assert paragraph.tags["a2"].href == "https://example.org"
    assert blocks[3].text == "<a1>zweiter</a1>"


def test_markdown_image_with_caption_line():
    blocks = blocks_from_markdown("![Ein Foto vom Fest](fest.jpg)\n*Das Fest (v.l.): Anna*\n")
    assert kinds(blocks) == [BlockKind.IMAGE, BlockKind.CAPTION]
    assert blocks[0].text == "Ein Foto vom Fest" and blocks[0].src == "fest.jpg"
    assert blocks[1].text == "Das Fest (v.l.): Anna"


def test_html_keeps_known_structure_and_drops_chrome():
    html = """<html><body><nav><a href="/">Zum Hauptinhalt springen</a></nav>
    <main><h1>Titel</h1><p>Text mit <strong>fett</strong> und <a href="x.html">Link</a>.</p>
    <figure><img src="a.jpg" alt="Foto"><figcaption>Bildunterschrift</figcaption></figure>
    <ul><li>Eins</li></ul><blockquote><p>Zitat.</p></blockquote>
    <script>alert(1)</script></main></body></html>"""
    blocks = blocks_from_html(html)
    assert kinds(blocks) == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.IMAGE,
                             BlockKind.CAPTION, BlockKind.LIST_ITEM, BlockKind.QUOTE]
    assert blocks[1].text == "Text mit <strong1>fett</strong1> und <a2>Link</a2>."
    assert all("Hauptinhalt" not in b.text and "alert" not in b.text for b in blocks)


def test_plain_text_title_and_paragraphs():
    blocks = blocks_from_text("Titel der Meldung\n\nErster Absatz\nüber zwei Zeilen.\n\nZweiter.\n")
    assert kinds(blocks) == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert blocks[1].text == "Erster Absatz über zwei Zeilen." and blocks[1].line == 3


def test_sample_issue_has_the_two_articles_without_page_chrome():
    issue = read_issue(SAMPLE)
    assert [a.slug for a in issue.articles] == ["migo-vorstellung", "wsc-eroeffnung"]
    text = " ".join(b.text for a in issue.articles for b in a.blocks)
    assert "Zum Hauptinhalt springen" not in text and "AlleEssenPolitik" not in text
    wsc = issue.articles[1]
    assert [b.text for b in wsc.blocks if b.kind is BlockKind.HEADING][1].startswith(
        "WSC - Zentrale Anlaufstelle")
    assert any(b.kind is BlockKind.CAPTION and "(v.l.)" in b.text for b in wsc.blocks)
    assert "Netzwerkpartner*innen" in text and "<em" not in wsc.blocks[5].text
    links = [b for b in issue.articles[0].blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.tags["a1"].href.split("/")[2] for b in links] == [
        "www.facebook.com", "www.instagram.com"]


@pytest.mark.parametrize("name, content, problem", [
    ("kaputt.md", b"\xff\xfe\x00ab", "not UTF-8"),
    ("leer.md", b"   \n", "has no text"),
])
def test_bad_articles_name_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_article(path)
    assert name in str(error.value) and problem in str(error.value)


def test_empty_issue_folder_is_an_error(tmp_path):
    with pytest.raises(InputError, match="holds no articles"):
        read_issue(tmp_path)


def test_html_text_loose_in_containers_is_kept_not_dropped():
    html = """<html><body><div>Text direkt im div. Noch ein Satz.</div>
    <table><tr><td>Zelle <b>eins</b>.</td></tr></table>
    <ul><li>Eins<ul><li>Zwei</li></ul></li></ul>
    <blockquote>Lose im Zitat.<p>Im Absatz.</p></blockquote>
    <div>Vor dem Absatz<p>Absatz.</p>nach dem Absatz.</div></body></html>"""
    blocks = blocks_from_html(html)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "Text direkt im div. Noch ein Satz."),
        (BlockKind.PARAGRAPH, "Zelle <strong1>eins</strong1>."),
        (BlockKind.LIST_ITEM, "Eins"),
        (BlockKind.LIST_ITEM, "Zwei"),
        (BlockKind.QUOTE, "Lose im Zitat."),
        (BlockKind.QUOTE, "Im Absatz."),
        (BlockKind.PARAGRAPH, "Vor dem Absatz"),
        (BlockKind.PARAGRAPH, "Absatz."),
        (BlockKind.PARAGRAPH, "nach dem Absatz."),
    ]


def test_xhtml_with_an_xml_declaration_is_read(tmp_path):
    path = tmp_path / "artikel.html"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/'
                    '1999/xhtml"><body><h1>Titel</h1><p>Hallo Welt.</p></body></html>',
                    encoding="utf-8")
    assert [b.text for b in read_article(path).blocks] == ["Titel", "Hallo Welt."]


def test_a_cp1252_article_is_read_with_a_warning_naming_file_and_line(tmp_path):
    path = tmp_path / "artikel.md"
    path.write_bytes("# Titel\n\nDer Verein für alle – „immer“.\n".encode("cp1252"))
    article = read_article(path)
    assert article.blocks[1].text == "Der Verein für alle – „immer“."
    assert article.warnings == [(f"{path}:3: not UTF-8; read as Windows-1252 (check the "
                                "umlauts, and save it as UTF-8)")]


@pytest.mark.parametrize("name, content", [
    ("titel.txt", "Nur ein Titel\n"),
    ("titel.md", "# Nur ein Titel\n"),
    ("titel.html", "<h1>Nur ein Titel</h1>"),
])
def test_an_article_with_only_a_title_is_an_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="has only a title"):
        read_article(path)


def test_numbered_lists_and_lists_in_a_row_stay_apart():
    blocks = blocks_from_markdown("1. Pass mitbringen\n2. Termin buchen\n\nText.\n\n"
                                  "- Eins\n- Zwei\n\n<!-- -->\n\n- Drei\n")
    items = [b for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.ordered for b in items] == [True, True, False, False, False]
    assert items[0].list_id == items[1].list_id != items[2].list_id
    assert items[2].list_id == items[3].list_id != items[4].list_id


def test_html_lists_keep_their_kind():
    blocks = blocks_from_html("<body><ol><li>Eins</li><li>Zwei<ul><li>Zwei a</li></ul></li>"
                              "</ol><ul><li>Drei</li></ul></body>")
    items = [b for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.ordered for b in items] == [True, True, True, False]
    assert len({b.list_id for b in items[:3]}) == 1 and items[3].list_id != items[0].list_id


def test_articles_hidden_in_a_subfolder_are_an_error_not_ignored(tmp_path):
    (tmp_path / "a.md").write_text("# Titel\n\nText.\n", encoding="utf-8")
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "foto.jpg").write_bytes(b"\xff\xd8")
    assert len(read_issue(tmp_path).articles) == 1  # a folder of images is fine
    (tmp_path / "entwurf").mkdir()
    (tmp_path / "entwurf" / "b.md").write_text("# B\n\nText.\n", encoding="utf-8")
    with pytest.raises(InputError, match="entwurf.*subfolder"):
        read_issue(tmp_path)


@pytest.mark.parametrize("href, kept", [
    ("https://www.essen.de", True), ("mailto:wsc@essen.de", True), ("tel:+4920188", True),
    ("../2024-03/index.html", True), ("#kontakt", True),
    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False), ("vbscript:x", False), ("", False),
])
def test_only_safe_links_survive_reading(href, kept):
    for blocks in (blocks_from_html(f'<p>Mehr <a href="{href}">beim WSC</a>.</p>'),
                   blocks_from_markdown(f"Mehr [beim WSC](<{href}>).\n")):
        assert ("<a1>beim WSC</a1>" in blocks[0].text) is kept, blocks[0].text
        assert "beim WSC" in blocks[0].text


@pytest.mark.parametrize("name", ["index.md", "all-articles.html", "Index.txt"])
def test_article_names_the_pages_need_are_refused(tmp_path, name):
    (tmp_path / name).write_text("Titel\n\nText.\n", encoding="utf-8")
    with pytest.raises(InputError, match="rename the file"):
        read_issue(tmp_path)


def test_reserved_names_match_the_pages_render_writes():
    from pipeline import render
    from pipeline.read import RESERVED_NAMES

    assert render.SINGLE_FILE.removesuffix(".html") in RESERVED_NAMES and "index" in RESERVED_NAMES
