"""The pages in a real browser: axe-core finds no WCAG 2 A/AA or best-practice violation.

The sample issue is translated with the pseudo engine into all seven languages and with
the tiny test models into en, tr and ar (the only pairs they cover). Every page is
opened in headless Debian Chromium from a ``file://`` address (nothing on the network),
axe-core from npm is injected and run, and every violation fails the test with the page,
the rule and the elements. axe-core does not check direction, so the right-to-left pages
are measured here: computed direction, where the notice's border lands, and that German
parts and Latin language names stay left-to-right.

Two screenshots (an LTR and an RTL article page) go to ``test-artifacts/`` to be looked
at by eye. Without Chromium, Playwright or axe-core the tests skip locally and fail in
CI (``CI=true``), where ``.ci/run`` installs all three.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import STARTER_GLOSSARY

from pipeline.flow import RunConfig, translate_issue

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2024-04"
MODELS = ROOT / "tests" / "fixtures" / "models"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("MIGO_CHROMIUM", "/usr/bin/chromium")
ALL_LANGS = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]
MODEL_LANGS = ["en", "tr", "ar"]
WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
RTL = {"ar", "fa"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def _missing_tool() -> str | None:
    """What the browser test lacks, or None when everything is there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).is_file():
        return f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    if not AXE.is_file():
        return f"axe-core is not at {AXE} (npm ci)"
    return None


def _require_tools() -> None:
    missing = _missing_tool()
    if missing and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser test cannot run in CI: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The sample issue's output folders: one run per engine."""
    _require_tools()
    runs = {"pseudo": ("pseudo", None, ALL_LANGS), "argos": ("argos", MODELS, MODEL_LANGS)}
    sites = {}
    for name, (engine, models, langs) in runs.items():
        base = tmp_path_factory.mktemp(name)
        config = RunConfig(issue_dir=SAMPLE, langs=langs, engine=engine, models_dir=models,
                           glossary_path=STARTER_GLOSSARY, locales_dir=base / "locales",
                           out_dir=base / "out", show_progress=False)
        translate_issue(config)
        sites[name] = base / "out" / SAMPLE.name
    return sites


@pytest.fixture(scope="module")
def browser_page() -> Iterator:
    """One Chromium tab with a fresh profile, started with the offline flags."""
    _require_tools()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="migo-chromium-") as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 800, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()


def run_axe(page, path: Path) -> dict:
    page.goto(path.as_uri())
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                         " resultTypes: ['violations', 'incomplete']})", AXE_TAGS)


def describe(path: Path, results: dict, kind: str) -> list[str]:
    return [f"{path.name}: {item['id']} ({item.get('impact')}): {item['help']}: "
            + "; ".join(json.dumps(node["target"]) for node in item["nodes"][:5])
            for item in results[kind]]


def language_pages(site: Path, lang: str) -> list[Path]:
    pages = sorted((site / lang).glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "all-articles.html",
                                       "migo-vorstellung.html", "wsc-eroeffnung.html"}
    return pages


CASES = ([("pseudo", lang) for lang in ["de", *ALL_LANGS]]
         + [("argos", lang) for lang in ["de", *MODEL_LANGS]])


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request, browser_page) -> Iterator[str]:
    """Every axe run at a desktop's and at a small phone's width."""
    browser_page.set_viewport_size(WIDTHS[request.param])
    try:
        yield request.param
    finally:
        browser_page.set_viewport_size({"width": 800, "height": 900})


@pytest.mark.parametrize("engine, lang", CASES, ids=[f"{e}-{lang}" for e, lang in CASES])
def test_axe_finds_no_violations(sites, browser_page, width, engine, lang):
    problems = []
    for path in language_pages(sites[engine], lang):
        results = run_axe(browser_page, path)
        problems += describe(path, results, "violations")
        # contrast that axe cannot decide (e.g. text over an image) must not hide either
        results["incomplete"] = [i for i in results["incomplete"] if i["id"] == "color-contrast"]
        problems += describe(path, results, "incomplete")
    assert problems == []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_axe_on_reviewed_untranslated_and_kept_german_passages(browser_page, tmp_path, lang):
    """The sample run has machine text only; this page has every status and a kept term."""
    from test_render import article_tree

    from pipeline.render import _write_page

    page = _write_page(tmp_path / f"{lang}.html", article_tree(lang))
    results = run_axe(browser_page, page)
    assert describe(page, results, "violations") == []
    marks = browser_page.evaluate("""() => [...document.querySelectorAll('[data-status]')]
        .map(s => [s.dataset.status, getComputedStyle(s).textDecorationStyle,
                   getComputedStyle(s).textDecorationLine])""")
    # a mixed page: machine passages dotted (a line style, not a colour), others plain
    assert ["machine", "dotted", "underline"] in marks
    assert all((style, line) == ("dotted", "underline") for status, style, line in marks
               if status == "machine")
    assert all(line == "none" for status, _, line in marks if status != "machine")
    if lang == "ar":
        ARTIFACTS.mkdir(exist_ok=True)
        browser_page.screenshot(path=str(ARTIFACTS / "statuses-ar.png"), full_page=True)


def test_axe_catches_a_broken_page(browser_page, tmp_path):
    """The harness can fail: a page without lang, alt text or link text has violations."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main>'
                    '<h1>x</h1><img src="a.png"><a href="b.html"></a>'
                    '<p style="color:#aaa">pale</p></main></body></html>', encoding="utf-8")
    found = {item["id"] for item in run_axe(browser_page, page)["violations"]}
    assert {"html-has-lang", "image-alt", "link-name", "color-contrast"} <= found


@pytest.mark.parametrize("engine", ["pseudo", "argos"])
def test_axe_on_the_pages_shared_by_all_languages(sites, browser_page, width, engine):
    """The language list and the editors' report are opened too."""
    problems = []
    for name in ("index.html", "report.html"):
        path = sites[engine] / name
        assert path.is_file(), name
        problems += describe(path, run_axe(browser_page, path), "violations")
    assert problems == []


DIRECTION_PROBE = """() => {
  const dir = el => getComputedStyle(el).direction;
  const notice = document.querySelector('.notice');
  const style = notice ? getComputedStyle(notice) : null;
  return {
    htmlDir: document.documentElement.getAttribute('dir'),
    body: dir(document.body),
    noticeBorder: style ? [parseFloat(style.borderLeftWidth), parseFloat(style.borderRightWidth)]
                        : null,
    german: [...document.querySelectorAll('body [lang="de"]')].map(dir),
    latinNames: [...document.querySelectorAll('nav a[lang]')]
      .filter(a => !['ar', 'fa'].includes(a.lang)).map(dir),
    mastheadEdges: (() => {  // the short word "migo" sits at the start side of the header
      const p = document.querySelector('.masthead'), box = p.getBoundingClientRect();
      const range = document.createRange(); range.selectNodeContents(p);
      const text = range.getBoundingClientRect();
      return {left: text.left - box.left, right: box.right - text.right};
    })(),
  };
}"""


@pytest.mark.parametrize("engine, lang", [("pseudo", "ar"), ("pseudo", "fa"), ("argos", "ar"),
                                          ("pseudo", "en")])
def test_direction_is_right_in_the_browser(sites, browser_page, engine, lang):
    """axe-core does not check direction; measure it on every page of the language."""
    rtl = lang in RTL
    for path in language_pages(sites[engine], lang):
        browser_page.goto(path.as_uri())
        probe = browser_page.evaluate(DIRECTION_PROBE)
        assert probe["htmlDir"] == ("rtl" if rtl else "ltr"), path.name
        assert probe["body"] == ("rtl" if rtl else "ltr"), path.name
        assert set(probe["german"]) == {"ltr"}, path.name  # at least the footer's name
        assert set(probe["latinNames"]) == {"ltr"}, path.name
        edges = probe["mastheadEdges"]
        near, far = (edges["right"], edges["left"]) if rtl else (edges["left"], edges["right"])
        assert near < 1 and far > 100, (path.name, edges)
        if probe["noticeBorder"]:
            left, right = probe["noticeBorder"]
            assert (right > 0 and left == 0) if rtl else (left > 0 and right == 0), path.name


GERMAN_ORDER_PROBE = """() => [...document.querySelectorAll('main p')].map(p => {
  const spans = [...p.querySelectorAll('[data-status="untranslated"]')];
  return spans.map(s => { const r = [...s.getClientRects()];
    return {first: [r[0].top, r[0].left], last: [r.at(-1).top, r.at(-1).right]}; });
}).filter(sentences => sentences.length > 1)"""


def test_german_sentences_keep_their_order_in_an_untranslated_rtl_page(browser_page,
                                                                        tmp_path):
    """--engine none on a Persian page: each German sentence starts where the one before
    ends (to its right on the same line, or on a lower line), never to its left."""
    config = RunConfig(issue_dir=SAMPLE, langs=["fa"], engine="none",
                       glossary_path=STARTER_GLOSSARY, locales_dir=tmp_path / "locales",
                       out_dir=tmp_path / "out", show_progress=False)
    translate_issue(config)
    path = tmp_path / "out" / SAMPLE.name / "fa" / "migo-vorstellung.html"
    assert describe(path, run_axe(browser_page, path), "violations") == []
    browser_page.set_viewport_size({"width": 360, "height": 740})  # lines break often
    try:
        browser_page.goto(path.as_uri())
        paragraphs = browser_page.evaluate(GERMAN_ORDER_PROBE)
    finally:
        browser_page.set_viewport_size({"width": 800, "height": 900})
    assert paragraphs
    for sentences in paragraphs:
        for before, after in itertools.pairwise(sentences):
            (end_top, end_right), (top, left) = before["last"], after["first"]
            assert top > end_top or (top == end_top and left >= end_right - 1), sentences


def test_screenshots_of_an_ltr_and_an_rtl_page(sites, browser_page):
    """Written for a person to look at; the test only checks that they were taken."""
    ARTIFACTS.mkdir(exist_ok=True)
    shots = []
    for lang in ("en", "ar"):
        target = ARTIFACTS / f"wsc-eroeffnung-{lang}.png"
        browser_page.goto((sites["pseudo"] / lang / "wsc-eroeffnung.html").as_uri())
        browser_page.screenshot(path=str(target), full_page=True)
        shots.append(target)
    narrow = ARTIFACTS / "wsc-eroeffnung-fa-narrow.png"
    browser_page.set_viewport_size({"width": 360, "height": 740})
    try:
        browser_page.goto((sites["pseudo"] / "fa" / "all-articles.html").as_uri())
        browser_page.screenshot(path=str(narrow))
        width = browser_page.evaluate("document.documentElement.scrollWidth")
    finally:
        browser_page.set_viewport_size({"width": 800, "height": 900})
    assert width <= 360  # no sideways scrolling on a small phone
    assert all(p.stat().st_size > 10_000 and p.read_bytes()[:4] == b"\x89PNG" for p in shots)


def test_report_fits_a_small_phone(sites, browser_page):
    """Wide tables scroll inside their own region; nothing else may push the page wider
    (the glossary's 71-character sha256 did)."""
    browser_page.set_viewport_size({"width": 360, "height": 740})
    try:
        browser_page.goto((sites["pseudo"] / "report.html").as_uri())
        width = browser_page.evaluate("document.documentElement.scrollWidth")
    finally:
        browser_page.set_viewport_size({"width": 800, "height": 900})
    assert width <= 360


@pytest.mark.parametrize("engine", ["pseudo", "argos"])
def test_report_shows_what_to_do_on_its_first_screen(sites, browser_page, width, engine):
    """The to-do section starts within the first screen, at 1280 px and at 360 px; the
    screenshot is for a person to look at (test-artifacts/, kept out of git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    browser_page.goto((sites[engine] / "report.html").as_uri())
    viewport = browser_page.viewport_size
    box = browser_page.locator("#zu-tun").bounding_box()
    heading = browser_page.locator("#zu-tun h2").bounding_box()
    shot = ARTIFACTS / f"report-{engine}-{width}.png"
    browser_page.screenshot(path=str(shot))
    assert box["y"] < viewport["height"] and heading["y"] + heading["height"] < viewport["height"]
    banner = browser_page.locator(".banner").bounding_box()  # pseudo and test models alike
    assert banner is not None and banner["y"] < box["y"]
    assert shot.read_bytes()[:4] == b"\x89PNG"


def test_report_charts_are_readable_on_a_phone(sites, browser_page):
    """Chart labels are text in rem: at 360 px they keep the page's own font size."""
    browser_page.set_viewport_size(WIDTHS["phone"])
    try:
        browser_page.goto((sites["pseudo"] / "report.html").as_uri())
        browser_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        sizes = browser_page.evaluate("""() => [...document.querySelectorAll('.bar-label')]
            .map(e => parseFloat(getComputedStyle(e).fontSize))""")
        ARTIFACTS.mkdir(exist_ok=True)
        browser_page.locator(".chart").first.screenshot(path=str(ARTIFACTS / "report-chart-phone.png"))
        width = browser_page.evaluate("document.documentElement.scrollWidth")
    finally:
        browser_page.set_viewport_size({"width": 800, "height": 900})
    assert sizes and min(sizes) >= 14
    assert width <= 360


def test_missing_tools_fail_in_ci(monkeypatch):
    """In CI a missing browser is a failure with a clear message, never a silent skip."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(f"{__name__}.CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="browser test cannot run in CI: "):
        _require_tools()
