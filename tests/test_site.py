"""The archive site across two issues: pages, Atom feeds, sitemap, alternates, axe-core.

Two issues (the sample as 2024-04 and a copy as 2024-05) are translated into the same
output folder with the pseudo engine; the second run has a site_url. Feeds are parsed
back with feedparser, the sitemap with lxml; the archive pages and one e-mail's HTML
part are opened in Chromium with axe-core (tools as in test_browser_axe).
"""

from __future__ import annotations

import email
import os
import shutil
from email import policy
from pathlib import Path

import feedparser
import pytest
from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY
from lxml import etree
from lxml import html as lxml_html
from test_browser_axe import browser_page  # noqa: F401 - shared Chromium tab fixture

from pipeline import langs, newsletter, published
from pipeline.flow import RunConfig, translate_issue
from pipeline.interface import load_interface_strings
from pipeline.render import default_stylesheet
from pipeline.site import build_site

LANGS = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]
SITE = "https://migo.example/archiv/"


def run(base: Path, name: str, site_url: str | None):
    source = base / "input" / name
    if not source.exists():
        shutil.copytree(SAMPLE_ISSUE, source)
    return translate_issue(RunConfig(issue_dir=source, langs=LANGS, engine="pseudo",
                                     glossary_path=STARTER_GLOSSARY,
                                     locales_dir=base / "locales", out_dir=base / "output",
                                     show_progress=False, site_url=site_url))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("site")
    first = run(base, "2024-04", None)
    out = base / "output"
    old_pages = {p: p.read_bytes() for p in (out / "2024-04").rglob("*.html")}
    second = run(base, "2024-05", SITE)
    return {"out": out, "first": first.archive, "second": second.archive,
            "old_pages": old_pages, "base": base}


def test_without_site_url_the_run_says_what_was_left_out(site):
    assert "sitemap.xml" in site["first"].left_out
    assert site["second"].left_out == []


@pytest.mark.parametrize("lang", LANGS)
def test_archive_page_lists_both_issues_newest_first_with_month_names(site, lang):
    page = lxml_html.parse(str(site["out"] / lang / "index.html")).getroot()
    assert page.get("lang") == lang
    months = [h.text_content() for h in page.iter("h2")]
    assert months == [langs.issue_label("2024-05", lang), langs.issue_label("2024-04", lang)]
    links = [a.get("href") for a in page.iter("a")]
    assert f"../2024-05/{lang}/wsc-eroeffnung.html" in links
    assert f"../2024-04/{lang}/migo-vorstellung.html" in links


def test_archive_names_months_as_the_issue_pages_do(site):
    """langs.issue_label, shared with the reader pages: the reader's month and digits."""
    headings = {lang: lxml_html.parse(str(site["out"] / lang / "index.html")).find(".//h2")
                .text_content() for lang in ("tr", "ru", "fa")}
    assert headings == {"tr": "Mayıs 2024", "ru": "май 2024\u202fг.", "fa": "مه ۲۰۲۴"}


@pytest.mark.parametrize("lang", LANGS)
def test_feed_is_valid_atom_with_an_entry_per_article_of_both_issues(site, lang):
    data = (site["out"] / lang / "feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    root = etree.fromstring(data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert len(feed.entries) == 4
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:") and entry.title and entry.updated
        assert entry.author and entry.link.startswith(SITE)
    assert {e.link.split("/")[-3] for e in feed.entries} == {"2024-04", "2024-05"}
    assert len({e.id for e in feed.entries}) == 4


def test_sitemap_lists_every_page_with_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    root = etree.parse(str(site["out"] / "sitemap.xml")).getroot()
    locs = root.xpath("//s:loc/text()", namespaces=ns)
    for issue in ("2024-04", "2024-05"):
        for lang in LANGS:
            assert f"{SITE}{issue}/{lang}/wsc-eroeffnung.html" in locs
    url = root.xpath(f'//s:url[s:loc="{SITE}2024-05/tr/index.html"]', namespaces=ns)[0]
    hreflangs = url.xpath("x:link/@hreflang", namespaces=ns)
    assert sorted(hreflangs) == sorted([*LANGS, "de", "x-default"])  # German original too


def test_every_page_links_its_language_versions_itself_and_x_default(site):
    page = lxml_html.parse(str(site["out"] / "2024-04" / "ar" / "wsc-eroeffnung.html"))
    links = {link.get("hreflang"): link.get("href")
             for link in page.iter("link") if link.get("rel") == "alternate"}
    assert links["ar"] == f"{SITE}2024-04/ar/wsc-eroeffnung.html"  # itself
    assert set(links) == {*LANGS, "de", "x-default"}
    assert links["x-default"] == f"{SITE}2024-04/de/wsc-eroeffnung.html"  # the German original
    metas = {(m.get("property"), m.get("content")) for m in page.iter("meta")}
    assert ("og:locale", "ar_EG") in metas and ("og:locale:alternate", "tr_TR") in metas


def test_a_rebuild_changes_only_what_must_change(site):
    changed = [p for p, data in site["old_pages"].items() if p.read_bytes() != data]
    # the old issue's pages only gained their alternates (site_url came with issue two)
    for path in changed:
        assert lxml_html.parse(str(path)).xpath("//link[@hreflang]")
    out = site["out"]
    old = {p: p.read_bytes() for p in [*(out / "2024-04").rglob("*.html"),
                                       *out.glob("*/index.html"), out / "sitemap.xml",
                                       *out.glob("*/feed.xml")]
           if "2024-05" not in str(p)}
    old |= {p: p.read_bytes() for p in (out / "2024-05").rglob("*.html")
            if p.name != "report.html"}  # the issue's own pages did not change either
    run(site["base"], "2024-05", SITE)
    assert [p for p, data in old.items() if p.read_bytes() != data] == []
    again = build_site(out, default_stylesheet(), load_interface_strings, SITE)
    assert again.written == [] and again.unchanged > 0


# --- in a real browser ----------------------------------------------------------------

def test_archive_pages_pass_axe(site, browser_page):  # noqa: F811
    from test_browser_axe import describe, run_axe

    problems = []
    for path in [site["out"] / "index.html", *(site["out"] / lang / "index.html"
                                               for lang in LANGS)]:
        problems += describe(path, run_axe(browser_page, path), "violations")
    assert problems == []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_mail_html_passes_axe(site, browser_page, tmp_path, lang):  # noqa: F811
    from test_browser_axe import describe, run_axe

    issue = published.load_issue(site["out"] / "2024-05")
    letter = newsletter.build_newsletter(issue, lang, load_interface_strings(lang),
                                         newsletter.MailSettings("n@verbund.example"))
    mail = email.message_from_bytes(bytes(letter.message), policy=policy.default)
    path = tmp_path / f"mail-{lang}.html"
    path.write_text(mail.get_body(("html",)).get_content(), encoding="utf-8")
    assert describe(path, run_axe(browser_page, path), "violations") == []


def _entry_dates(feed: Path) -> dict[str, str]:
    return {entry.link: entry.updated for entry in feedparser.parse(feed.read_bytes()).entries}


def test_feeds_date_an_article_by_the_last_change_of_its_page(tmp_path):
    """An unchanged re-run rewrites no page and changes no feed; an edited article is
    re-announced alone. (Feed readers show every new 'updated' as news.)"""
    config = {"langs": ["tr"], "engine": "pseudo", "glossary_path": STARTER_GLOSSARY,
              "locales_dir": tmp_path / "locales", "out_dir": tmp_path / "output",
              "show_progress": False}
    source = tmp_path / "input" / "2024-04"
    shutil.copytree(SAMPLE_ISSUE, source)
    translate_issue(RunConfig(issue_dir=source, **config))
    pages = sorted((tmp_path / "output" / "2024-04" / "tr").glob("*.html"))
    for page in pages:  # a month ago, so that any rewrite shows
        os.utime(page, (1_700_000_000, 1_700_000_000))
    feed = tmp_path / "output" / "tr" / "feed.xml"
    build_site(tmp_path / "output", default_stylesheet(), load_interface_strings, None)
    before, dates = feed.read_bytes(), _entry_dates(feed)
    assert len(set(dates.values())) == 1

    translate_issue(RunConfig(issue_dir=source, **config))
    assert feed.read_bytes() == before
    assert {p.stat().st_mtime for p in pages} == {1_700_000_000}

    article = min(source.glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nEin neuer Satz.\n",
                       encoding="utf-8")
    translate_issue(RunConfig(issue_dir=source, **config))
    after = _entry_dates(feed)
    moved = [link for link in dates if after[link] != dates[link]]
    assert moved == [link for link in dates if link.endswith(f"/{article.stem}.html")]
