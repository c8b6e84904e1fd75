"""Interface catalogs: shipped as package data, plural forms as the installed Babel says."""

from __future__ import annotations

import pytest
from babel.messages.plurals import get_plural
from conftest import SHIPPED_LOCALES

from pipeline import interface, pofile, render

SHIPPED_LANGS = sorted(p.name for p in SHIPPED_LOCALES.iterdir() if p.name != "templates")


def notice(lang: str, total: int) -> str:
    ui = interface.load_interface_strings(lang)
    return ui.plural(render.MACHINE_NOTICE, render.MACHINE_NOTICE_PLURAL, total)


@pytest.mark.parametrize(("total", "noun"), [
    (0, "مقطع."), (1, "مقطع."), (2, "مقطعين."), (3, "مقاطع."), (10, "مقاطع."),
    (11, "مقطعًا."), (99, "مقطعًا."), (100, "مقطع."), (101, "مقطع."), (102, "مقطع."),
])
def test_arabic_notice_uses_the_form_arabic_grammar_needs(total, noun):
    """11–99 take the accusative singular (مقطعًا); an older header gave them form 5."""
    assert notice("ar", total).endswith(noun)


@pytest.mark.parametrize("lang", SHIPPED_LANGS)
def test_shipped_catalogs_have_the_forms_the_installed_babel_knows(lang):
    """Fails on purpose when a new CLDR release changes a language's plural forms."""
    catalog = pofile.load(interface.catalog_path(lang, SHIPPED_LOCALES))
    assert catalog.num_plurals == get_plural(lang).num_plurals
    assert interface.load_interface_strings(lang).problems == ()


def test_an_outdated_plural_rule_in_the_header_is_replaced_by_babels(tmp_path):
    """Arabic's six forms, with the header rule that swapped forms 4 and 5."""
    source = interface.catalog_path("ar", SHIPPED_LOCALES).read_text(encoding="utf-8")
    rule = get_plural("ar").plural_expr
    swapped = rule.replace("n % 100 >= 11 && n % 100 <= 99 ? 4", "n % 100 <= 2 ? 4")
    assert swapped != rule
    target = interface.catalog_path("ar", tmp_path)
    target.parent.mkdir(parents=True)
    target.write_text(source.replace(rule, swapped), encoding="utf-8")
    ui = interface.load_interface_strings("ar", tmp_path)
    assert ui.plural(render.MACHINE_NOTICE, render.MACHINE_NOTICE_PLURAL, 11).endswith("مقطعًا.")
    assert ui.problems == ()


def test_a_catalog_with_too_few_forms_is_used_as_gettext_would_and_named(tmp_path):
    target = interface.catalog_path("ru", tmp_path)
    target.parent.mkdir(parents=True)
    target.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        f'msgid "{render.MACHINE_NOTICE}"\nmsgid_plural "{render.MACHINE_NOTICE_PLURAL}"\n'
        'msgstr[0] "Машина: {reviewed} из {total}."\n', encoding="utf-8")
    ui = interface.load_interface_strings("ru", tmp_path)
    assert ui.plural(render.MACHINE_NOTICE, render.MACHINE_NOTICE_PLURAL, 5) == \
        "Машина: {reviewed} из {total}."
    (problem,) = ui.problems
    assert problem.code == "interface-plural-forms" and str(target) in problem.location


def rendered_notice(lang: str, total: int) -> str:
    """The notice as a page shows it: ``total`` machine passages, none checked."""
    from pipeline.model import Status

    ui = interface.load_interface_strings(lang)
    counts = {status: 0 for status in Status} | {Status.MACHINE: total}
    return render._notice(ui, counts, lang).text_content()


@pytest.mark.parametrize(("total", "ending"), [
    (1, "من أصل 1 مقطع."), (2, "من أصل 2 مقطعين."),
    (3, "من أصل 3 مقاطع."), (11, "من أصل 11 مقطعًا."), (99, "من أصل 99 مقطعًا."),
    (100, "من أصل 100 مقطع."), (102, "من أصل 102 مقطع."),
])
def test_arabic_notice_on_the_page(total, ending):
    """The form for 0 is tested above: a page without passages has no notice."""
    assert rendered_notice("ar", total).endswith(ending)


def test_a_page_without_passages_has_an_empty_notice():
    assert rendered_notice("ar", 0) == ""


@pytest.mark.parametrize(("lang", "total", "ending"), [
    ("ru", 1, "из 1 фрагмента."), ("ru", 2, "из 2 фрагментов."), ("ru", 5, "из 5 фрагментов."),
    ("uk", 1, "з 1 фрагмента."), ("uk", 2, "з 2 фрагментів."), ("uk", 5, "з 5 фрагментів."),
    ("pl", 1, "z 1 fragmentu."), ("pl", 2, "z 2 fragmentów."), ("pl", 5, "z 5 fragmentów."),
])
def test_slavic_notice_on_the_page(lang, total, ending):
    assert rendered_notice(lang, total).endswith(ending)


def test_a_broken_interface_catalog_stops_the_run_before_anything_is_written(tmp_path, capsys):
    """Interface strings are loaded with the other input, not after the PO files are saved."""
    from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY

    from pipeline.cli import main

    broken = interface.catalog_path("tr", tmp_path / "locales")
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "Languages"\nmsgstr "Diller\n', encoding="utf-8")
    code = main(["translate", str(SAMPLE_ISSUE), "--to", "tr", "--engine", "pseudo",
                 "--glossary", str(STARTER_GLOSSARY), "--locales", str(tmp_path / "locales"),
                 "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    assert str(broken) in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "locales").rglob("*") if p.is_file()) == [
        broken.name]
    assert not (tmp_path / "out").exists()
