"""pipeline.langs: one spelling per language, CLDR's direction, and refusals that name the code."""

from __future__ import annotations

import pytest

from pipeline import langs
from pipeline.errors import InputError


@pytest.mark.parametrize("written", ["pt-BR", "pt_BR", "pt_br", "PT-br"])
def test_one_language_however_it_is_written(written):
    assert langs.normalize(written) == langs.po_folder(written) == "pt_BR"
    assert langs.bcp47(written) == langs.html_lang("pt_BR") == "pt-BR"


def test_upper_case_codes_are_the_same_language():
    assert langs.normalize("EN") == "en" and langs.locale("EN") is langs.locale("EN")


def test_aliases_meet_their_language_in_folders_and_glossary_columns():
    assert langs.normalize("iw") == langs.normalize("he_IL") == "he_IL"
    assert langs.bcp47("zh-TW") == langs.bcp47("zh_Hant_TW") == "zh-Hant-TW"


@pytest.mark.parametrize("code", ["root", "und", "xx", "", "en_US_x_y_z", "12"])
def test_what_is_not_a_language_is_refused_with_the_code_named(code):
    with pytest.raises(InputError, match=f"unknown language {code!r}"):
        langs.locale(code)
    assert langs.direction(code) is None and not langs.is_language(code)


def test_und_is_refused_although_babel_reads_it_as_english():
    assert langs.locale_or_none("und") is None and langs.german_name("und") == "und"


@pytest.mark.parametrize(("code", "direction"), [
    ("ar", "rtl"), ("fa-IR", "rtl"), ("he", "rtl"), ("ur", "rtl"), ("ckb", "rtl"),
    ("ps", "rtl"), ("yi", "rtl"), ("de", "ltr"), ("tr", "ltr"), ("en_GB", "ltr")])
def test_direction_comes_from_cldr(code, direction):
    assert langs.direction(code) == langs.text_direction(code) == direction
    assert langs.is_rtl(code) is (direction == "rtl")


def test_an_unknown_code_reads_ltr_on_pages_and_auto_in_the_report():
    assert langs.text_direction("xx") == "ltr"
    assert langs.text_direction("xx", unknown="auto") == "auto"


def test_names_digits_and_script():
    assert langs.native_name("tr") == "Türkçe" and langs.german_name("tr") == "Türkisch"
    assert langs.numbering_system("fa") == "arabext" and langs.numbering_system("de") == "latn"
    assert langs.native_digits("2024", "fa") == "۲۰۲۴" and langs.native_digits("2024", "de") == "2024"
    assert [langs.script(c) for c in ("fa", "ckb", "he", "ru", "xx")] == [
        "Arab", "Arab", "Hebr", "Cyrl", None]
