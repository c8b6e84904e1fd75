"""Every glossary term, number, date and address of the sample reaches every page."""

from pathlib import Path

import pytest
from conftest import STARTER_GLOSSARY
from lxml import html

from pipeline import catalog
from pipeline.cli import main
from pipeline.facts import find_facts, localize
from pipeline.glossary import load_glossary
from pipeline.model import strip_tags
from pipeline.read import read_issue
from pipeline.segment import Segmenter, segment_issue

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2024-04"
MODELS = ROOT / "tests" / "fixtures" / "models"
GLOSSARY = load_glossary(STARTER_GLOSSARY)
ALL = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]


@pytest.fixture(scope="module")
def sample():
    issue = read_issue(SAMPLE)
    segment_issue(issue, Segmenter())
    return issue


def translate(tmp: Path, langs: list[str], *engine: str) -> None:
    assert main(["translate", str(SAMPLE), "--to", ",".join(langs), "--quiet",
                 "--glossary", str(STARTER_GLOSSARY), "--locales", str(tmp / "locales"),
                 "--out", str(tmp / "out"), *engine]) == 0


def page_text(tmp: Path, lang: str, article) -> str:
    root = html.parse(str(tmp / "out" / "2024-04" / lang / f"{article.slug}.html")).getroot()
    alts = " ".join(img.get("alt", "") for img in root.iter("img"))
    return root.find(".//main").text_content() + " " + alts


def expected_items(article, lang: str) -> list[str]:
    """Localized facts and glossary targets the reader must find on the page."""
    wanted = []
    for segment in article.segments():
        text = strip_tags(segment.text)
        wanted += [localize(fact, lang) for fact in find_facts(text)]
        for match in GLOSSARY.find(text):
            target = GLOSSARY.target(match.term, lang, match.surface)
            if target:
                wanted.append(target)
    return wanted


@pytest.fixture(scope="module")
def pseudo_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pseudo")
    translate(tmp, ALL, "--engine", "pseudo")
    return tmp


@pytest.mark.parametrize("lang", ALL)
def test_pseudo_pages_carry_every_term_and_fact_localized(pseudo_run, sample, lang):
    for article in sample.articles:
        text = page_text(pseudo_run, lang, article)
        missing = [item for item in expected_items(article, lang) if item not in text]
        assert not missing, f"{lang}/{article.slug}: {missing}"


def test_the_sample_has_facts_and_terms_to_protect(sample):
    everything = [i for a in sample.articles for i in expected_items(a, "en")]
    assert {"8,000", "2,500", "WSC"} <= set(everything)


def test_gibberish_models_still_deliver_every_term_and_fact_and_flag_them(tmp_path, sample):
    translate(tmp_path, ["en", "tr", "ar"], "--engine", "argos", "--models", str(MODELS))
    for lang in ("en", "tr", "ar"):
        for article in sample.articles:
            text = page_text(tmp_path, lang, article)
            missing = [item for item in expected_items(article, lang) if item not in text]
            assert not missing, f"{lang}/{article.slug}: {missing}"
        po = catalog.read_catalog(
            tmp_path / "locales" / lang / "LC_MESSAGES" / "2024-04.po", lang)
        with_facts = [m for m in po if m.id and find_facts(strip_tags(m.id))]
        assert with_facts
        for message in with_facts:
            assert message.fuzzy
            assert any(c.startswith("QA: ") and "lost" in c for c in message.user_comments)
